"""The site's own settings (content/site.yaml) and its Markdown pages (content/pages/*.md)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from sitegen.errors import ConfigError
from sitegen.manifest import keep_problem
from sitegen.models import Page, Phase, SiteConfig
from sitegen.text.normalize import slugify
from sitegen.yamlload import load_yaml, load_yaml_text, site_place
from sitegen.ynode import YNode

__all__ = ["SiteConfig", "load_pages", "load_site", "read_page", "slugify"]  # build.py names config.SiteConfig

SITE_KEYS = ("title", "description", "language", "base_url", "author", "span", "phases", "keep", "feed_entries")
SITE_REQUIRED = ("title", "description", "language", "span")
SPAN_KEYS = ("from", "to")
PHASE_KEYS = ("name", "from", "to")
FRONT_MATTER_KEYS = ("title",)
MAX_PAGE_BYTES = 1024 * 1024

_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_PAGE_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_HEADING = re.compile(r"^# +(?P<title>\S.*?)\s*#*\s*$")
_FRONT = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)?---[ \t]*(?:\n|\Z)", re.DOTALL)

MISSING_SITE = (
    "file not found; create it with at least: title: ..., description: ..., language: en, "
    "span: {from: YYYY-MM-DD, to: YYYY-MM-DD} (see docs/overrides.md)"
)


def load_site(content_dir: Path) -> SiteConfig:
    """Validate content/site.yaml and read content/pages/*.md into a SiteConfig."""
    path = content_dir / "site.yaml"
    if not path.is_file():
        raise ConfigError(MISSING_SITE, path=path)
    root = load_yaml(path)
    if root.value is None:
        raise ConfigError(MISSING_SITE.replace("file not found", "the file is empty"), path=path)
    fields = root.mapping(SITE_KEYS, SITE_REQUIRED)
    span_start, span_end = _span(fields["span"])
    language = fields["language"].as_str().strip()
    if not _LANGUAGE.match(language):
        raise fields["language"].error(f"expected a language code such as en or pt-BR, got {language!r}")
    return SiteConfig(
        title=fields["title"].as_str().strip(),
        description=" ".join(fields["description"].as_str().split()),
        language=language,
        span_start=span_start,
        span_end=span_end,
        base_url=_base_url(fields["base_url"]) if "base_url" in fields else None,
        phases=_phases(fields["phases"]) if "phases" in fields else (),
        pages=load_pages(content_dir),
        author=fields["author"].as_str().strip() if "author" in fields else "",
        source_path=site_place(path, 2),
        keep=_keep(fields["keep"]) if "keep" in fields else (),
        feed_entries=_feed_entries(fields["feed_entries"]) if "feed_entries" in fields else FEED_ENTRIES,
    )


FEED_ENTRIES = 100  # the newest entries an Atom feed holds, unless site.yaml says otherwise


def _feed_entries(node: YNode) -> int:
    """Return how many of the newest entries each Atom feed holds: a whole number of at least 1."""
    value = node.value
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise node.error(f"expected a whole number of entries, at least 1 (the default is {FEED_ENTRIES}), "
                         f"got {node.describe()}")
    return value


def _span(node: YNode) -> tuple[date, date]:
    fields = node.mapping(SPAN_KEYS, SPAN_KEYS)
    start, end = fields["from"].as_date(), fields["to"].as_date()
    if end < start:
        raise fields["to"].error(f"ends ({end}) before it starts ({start})")
    return start, end


def _keep(node: YNode) -> tuple[str, ...]:
    """Return the output entries the user keeps: paths inside the output folder, `*` wildcards allowed."""
    if node.value is None:
        return ()
    items = node.value if isinstance(node.value, list) else [node]
    entries: list[str] = []
    for item in items:
        entry = item.as_str().strip()
        problem = keep_problem(entry)
        if problem is not None:
            raise item.error(f"{entry!r} cannot be kept: {problem}")
        entries.append(entry)
    return tuple(entries)


def _base_url(node: YNode) -> str | None:
    if node.value is None:
        return None
    url = node.as_url()
    return url if url.endswith("/") else url + "/"


def _phases(node: YNode) -> tuple[Phase, ...]:
    phases: list[Phase] = []
    seen: dict[str, YNode] = {}
    for item in node.sequence():
        fields = item.mapping(PHASE_KEYS, PHASE_KEYS)
        name = fields["name"].as_str().strip()
        start, end = fields["from"].as_date(), fields["to"].as_date()
        if end < start:
            raise fields["to"].error(f"ends ({end}) before it starts ({start})")
        slug = slugify(name)
        if slug in seen:
            raise fields["name"].error(f"a second phase named {name!r} (the first is on line {seen[slug].line})")
        seen[slug] = fields["name"]
        phases.append(Phase(name=name, start=start, end=end, slug=slug))
    return tuple(phases)


# ------------------------------------------------------------------------ pages


def load_pages(content_dir: Path) -> tuple[Page, ...]:
    """Read content/pages/*.md in file-name order; the slug is the file name, the title its `# ` heading."""
    folder = content_dir / "pages"
    if not folder.is_dir():
        return ()
    return tuple(read_page(path) for path in sorted(folder.glob("*.md")) if path.is_file())


def read_page(path: Path) -> Page:
    """Read one Markdown page: optional `---` front matter (title:), else the first `# ` heading."""
    slug = path.stem
    if not _PAGE_SLUG.match(slug):
        raise ConfigError(f"a page's file name becomes its address; rename it to lower-case letters, digits "
                          f"and hyphens, e.g. {slugify(slug)}.md", path=path)
    if path.stat().st_size > MAX_PAGE_BYTES:
        raise ConfigError(f"file is too large (the limit is {MAX_PAGE_BYTES} bytes)", path=path)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise ConfigError(f"not UTF-8 text (byte 0x{raw[err.start]:02x}); save the file as UTF-8",
                          path=path, line=line) from None
    title: str | None = None
    front = _FRONT.match(text)
    if front:
        node = load_yaml_text(front.group("yaml") or "", str(path), first_line=2)
        if node.value is not None:
            fields = node.mapping(FRONT_MATTER_KEYS)
            if "title" in fields:
                title = fields["title"].as_str().strip()
        text = text[front.end():]
    if title is None:
        title, text = _heading_title(text, path)
    return Page(slug=slug, title=title, markdown=text.strip("\n") + "\n", source_path=site_place(path, 3))


def _heading_title(text: str, path: Path) -> tuple[str, str]:
    """Take the first `# ` heading as the title and remove it from the body (the page shows the title)."""
    lines = text.split("\n")
    in_fence = False
    for i, line in enumerate(lines):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        match = None if in_fence else _HEADING.match(line)
        if match:
            return match.group("title"), "\n".join(lines[:i] + lines[i + 1:])
    raise ConfigError("the page has no title; start it with a '# Title' line or front matter "
                      "(---, title: ..., ---)", path=path)

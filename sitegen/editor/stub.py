"""`sitegen override ARTICLE_ID`: a commented YAML stub of one article's entries, ready for a one-line fix."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from datetime import date, datetime, timezone
from pathlib import Path

from sitegen.editor.gathered import GatheredArticles
from sitegen.errors import ConfigError, SitegenError
from sitegen.models import Article, Entry
from sitegen.overrides.apply import nearest_articles
from sitegen.overrides.records import Overrides
from sitegen.temporal import timex
from sitegen.yamlload import load_yaml, load_yaml_text

MARKER = "# sitegen override stub for "
EXCERPT = 90
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


GatheredLike = GatheredArticles  # the parts of `sitegen.build.Gathered` a stub reads


def correction_day() -> date:
    """Return the day a correction is written: today, or SOURCE_DATE_EPOCH's day when it is set (reproducible)."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "")
    if raw.isdigit():
        return datetime.fromtimestamp(int(raw), timezone.utc).date()
    return date.today()


def make_stub(gathered: GatheredLike, article_id: str, today: date) -> str:
    """Return a YAML stub listing the article's entries, each a commented line ready to uncomment.

    Each line carries `on: today` (the day of the correction) and an empty note to fill in.
    """
    articles = {a.id: a for a in gathered.articles}
    article = articles.get(article_id)
    if article is None:
        close = nearest_articles(article_id, articles)
        hint = f"did you mean {close[0]}?" if close else "the site has no articles"
        raise SitegenError(f"no article has the id {article_id!r}; {hint}")
    entries = [e for e in gathered.entries if e.article == article_id and e.kind != "added"]
    lines = [
        f"{MARKER}{article_id}",
        f"# {_one_line(article.title, EXCERPT)}",
        "# To correct an entry, uncomment its line, edit the value and say why in note:",
        "# keys: date, precision, end, headline, summary, hide, places, claim, note, on (docs/overrides.md).",
        "#",
        f"# Publication facts (edit under articles: in any overrides file; now {_published(article)}):",
        "# articles:",
        f"#   {article_id}:",
        f"#     published: {article.published.isoformat() if article.published else 'YYYY-MM-DD'}",
        f"#     outlet: {article.outlet.name if article.outlet else 'OUTLET NAME'}",
        "#     note: \"\"  # needed when a value changes what the text says",
        f"#     on: {today.isoformat()}",
        "entries:",
    ]
    if not entries:
        lines.append("  # no dated entries were found in this article")
    for entry in entries:
        lines.extend(_entry_lines(entry, gathered.overrides, today))
    return "\n".join(lines) + "\n"


def _published(article: Article) -> str:
    if article.published is None:
        return "unknown"
    return f"{article.published.isoformat()}, {article.published_source}"


def _one_line(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _excerpt(entry: Entry) -> str:
    """Return a one-line excerpt of the entry's sentence around its date expression."""
    text = " ".join(entry.text.split())
    where = entry.mention_span
    if len(text) <= EXCERPT or where is None:
        return _one_line(text, EXCERPT)
    at = len(" ".join(entry.text[: where[0]].split()))  # the mention's offset once white space is folded
    start = max(0, min(at - EXCERPT // 3, len(text) - EXCERPT))
    end = min(len(text), start + EXCERPT)
    if start > 0 and " " in text[start:at]:
        start = text.index(" ", start) + 1  # whole words only
    if end < len(text) and " " in text[at:end]:
        end = text.rindex(" ", at, end)
    return ("…" if start > 0 else "") + text[start:end] + ("…" if end < len(text) else "")


def _entry_lines(entry: Entry, overrides: Overrides, today: date) -> list[str]:
    fields = [f"date: {entry.value}"]
    if entry.end_value:
        fields.append(f"end: {entry.end_value}")
    fields.append('note: ""')
    fields.append(f"on: {today.isoformat()}")
    said = f" ({entry.mention.text!r})" if entry.mention is not None else ""
    lines = [
        f"  # {entry.id}: {timex.range_label(entry.value, entry.end_value)}, {entry.precision}{said}",
        f"  #   {_excerpt(entry)}",
    ]
    rule = overrides.entries.get(entry.id)
    if rule is not None:
        lines.append(f"  #   already corrected at {rule.source}")
    else:
        lines.append(f"  # {entry.id}: {{{', '.join(fields)}}}")
    return lines


def append_stub(content_dir: Path, article_id: str, text: str) -> Path:
    """Append a stub to content/overrides/<article_id>.yaml, never changing a byte already there."""
    if not _SAFE_NAME.match(article_id):
        raise SitegenError(f"cannot name a file after the article id {article_id!r}")
    folder = content_dir / "overrides"
    path = folder / f"{article_id}.yaml"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as out:  # 'x': never replace a file
            out.write(text)
        return path
    existing = load_yaml(path)  # a broken file is reported as it is, and left alone
    raw = path.read_bytes()
    old = raw.decode("utf-8-sig")
    marker = f"{MARKER}{article_id}"
    for number, line in enumerate(old.splitlines(), start=1):
        if line.strip() == marker:
            raise ConfigError(f"already holds a stub for {article_id} (line {number}); edit that one, or "
                              "delete it first to get a fresh one", path=path)
    stub_keys = set(dict(load_yaml_text(text, "the stub").items()))
    taken = sorted(stub_keys & {k for k, _ in existing.items()})
    if taken:
        head = (f"# (commented out: this file already has {', '.join(k + ':' for k in taken)}; "
                "move the lines you need under it)")
        text = "\n".join([head] + [_comment(line) for line in text.splitlines()]) + "\n"
    suffix = ("" if old.endswith("\n") or not old else "\n") + ("\n" if old else "") + text
    load_yaml_text(old + suffix, str(path))  # the result must still be valid YAML
    with path.open("a", encoding="utf-8", newline="\n") as out:
        out.write(suffix)
    return path


def _comment(line: str) -> str:
    return line if line.lstrip().startswith("#") else f"# {line}"


def stub_ids(text: str) -> Sequence[str]:
    """Return the entry ids a stub lists (in order), for tests and tools."""
    return list(dict.fromkeys(re.findall(r"^ {2}# (e[0-9a-f]{10}):", text, re.MULTILINE)))

"""YAML front matter at the top of a Markdown seed: the editor's statement of title, date, outlet, url, via.

    ---
    title: Kyiv says the grid held
    date: 2024-05-14          # or published:
    outlet: Reuters
    url: https://www.reuters.com/...
    via: Associated Press
    ---

Front matter beats what sitegen detects; the overrides in content/ beat front matter.
Unknown keys fail with a did-you-mean hint naming the file, line and key.
"""

from __future__ import annotations

from datetime import date, datetime

from sitegen.errors import InputError, did_you_mean
from sitegen.models import Fact, StatedFacts
from sitegen.yamlload import load_yaml_text
from sitegen.ynode import YNode

KEYS = ("title", "date", "published", "outlet", "url", "via")
MAX_LINES = 100  # a front matter block closes within this many lines, or it is not one
_FENCE = "---"
_CLOSERS = ("---", "...")


def split_front_matter(text: str, path: str) -> tuple[str, StatedFacts | None]:
    """Return the text with its front matter blanked out (line numbers kept) and the facts it states.

    Text without front matter comes back unchanged with None.
    """
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != _FENCE:
        return text, None
    end = next((i for i, line in enumerate(lines[1:MAX_LINES + 1], start=1) if line.rstrip() in _CLOSERS), None)
    if end is None:
        return text, None
    block = "\n".join(lines[1:end])
    facts = _facts(load_yaml_text(block, path, first_line=2) if block.strip() else None, path)
    return "\n".join([""] * (end + 1) + lines[end + 1:]), facts


def _facts(root: YNode | None, path: str) -> StatedFacts:
    if root is None or root.value is None:
        return StatedFacts()
    if not root.is_mapping:
        raise root.error("front matter must be 'key: value' lines (title, date, outlet, url, via)")
    for key, node in root.items():
        if key not in KEYS:
            hint = did_you_mean(key, KEYS)
            raise InputError(f"unknown front matter key {key!r}; " + (hint or f"use one of: {', '.join(KEYS)}"),
                             path=path, line=root.key_lines.get(key, node.line), key=key)
    m = dict(root.items())
    if "date" in m and "published" in m:
        raise m["published"].error("give the publication date once, as date: or published:, not both")
    published: date | None = None
    evidence = ""
    for key in ("date", "published"):
        if key in m:
            published = _day(m[key])
            evidence = f"front matter line {m[key].line} ({key}:)"

    def fact(key: str, url: bool = False) -> Fact | None:
        if key not in m or m[key].value is None:
            return None
        value = m[key].as_url() if url else m[key].as_str()
        return Fact(value, f"front matter line {m[key].line}")

    return StatedFacts(title=fact("title"), outlet=fact("outlet"), url=fact("url", url=True), via=fact("via"),
                       published=published, published_evidence=evidence,
                       published_origin="front-matter" if published else "")


def _day(node: YNode) -> date:
    """A front matter date: YYYY-MM-DD, or a date and time of which the calendar day counts."""
    if isinstance(node.value, datetime):
        return node.value.date()
    return node.as_date()

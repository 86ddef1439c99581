"""Editors' Markdown to sanitized HTML, shared by override summaries and content pages.

Markdown can carry raw HTML, so everything python-markdown produces goes through
nh3 with an allow-list of tags, attributes and URL schemes. Template syntax such as
``{{ x }}`` is ordinary text here: nothing is evaluated.
"""

from __future__ import annotations

import re

import markdown
import nh3

BLOCK_TAGS = frozenset({
    "p", "br", "hr", "blockquote", "pre", "code", "ul", "ol", "li", "dl", "dt", "dd",
    "h1", "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td",
})
INLINE_TAGS = frozenset({"a", "abbr", "b", "strong", "i", "em", "code", "sub", "sup", "del", "ins", "br", "span"})
ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
    "h1": {"id"}, "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
}
URL_SCHEMES = {"http", "https", "mailto"}
EXTENSIONS = ("tables", "fenced_code", "sane_lists")
_PARAGRAPH = re.compile(r"^<p>(.*)</p>$", re.DOTALL)


def sanitize_html(html: str, *, inline: bool = False) -> str:
    """Return HTML with everything outside the allow-list removed (scripts with their content)."""
    tags = set(INLINE_TAGS) if inline else set(BLOCK_TAGS | INLINE_TAGS)
    return nh3.clean(
        html,
        tags=tags,
        clean_content_tags={"script", "style"},
        attributes={k: v for k, v in ATTRIBUTES.items() if k in tags},
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def markdown_to_html(text: str) -> str:
    """Render block Markdown (paragraphs, lists, tables, headings) to sanitized HTML."""
    html = markdown.markdown(text, extensions=list(EXTENSIONS), output_format="html")
    return sanitize_html(html).strip()


def inline_markdown_to_html(text: str) -> str:
    """Render one paragraph of Markdown (emphasis, links, code) to sanitized inline HTML, no <p>."""
    html = markdown.markdown(text, output_format="html").strip()
    match = _PARAGRAPH.match(html)
    if match and "<p>" not in match.group(1):
        html = match.group(1)
    return sanitize_html(html, inline=True).strip()

"""Small pure functions the records, pages and exports share: time values, links, mentions, badge legends."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

from sitegen.badges import BadgeKind
from sitegen.badges._kinds import badge_kinds
from sitegen.models import Article, Entry
from sitegen.temporal import timex

__all__ = ["badge_legend", "is_web_url", "period_of", "split_mention", "time_attr"]


def time_attr(value: str) -> str:
    """Return a valid `<time datetime>` value at the precision of a TIMEX value."""
    s = timex.span(value)
    if s.precision == "day":
        return s.first.isoformat()
    if s.precision == "week":
        return value  # YYYY-Www is a valid week string
    if s.precision == "year":
        return f"{s.first.year:04d}"
    return f"{s.first.year:04d}-{s.first.month:02d}"


def is_web_url(url: str | None) -> bool:
    """Return True for an http(s) URL with a host: the only kind we link to."""
    if not url:
        return False
    parts = urlsplit(url.strip())
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def period_of(value: str, end_value: str | None) -> tuple[date, date]:
    """Return the first and last day a value covers, through the end of its range when it has one."""
    start = timex.span(value)
    last = max(start.last, timex.span(end_value).last) if end_value else start.last
    return start.first, last


def split_mention(entry: Entry, article: Article | None) -> tuple[str, str, str]:
    """Split an entry's text around its date mention; ('text', '', '') when it cannot be placed."""
    text, where = entry.text, entry.mention_span
    if where is None:
        return (text, "", "")
    start, end = where
    return (text[:start], text[start:end], text[end:])


def badge_legend(group: str = "outlet") -> tuple[BadgeKind, ...]:
    """Return one group of badge kinds (outlet, cite, claim) from the packaged badges YAML."""
    return tuple(badge_kinds(group).values())

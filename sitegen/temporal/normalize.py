"""dateparser, behind a cache, for absolute strings the hand-written normalizer cannot read."""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sitegen.models import Mention
from sitegen.temporal.context import Context, Hit


@lru_cache(maxsize=32)
def _parser(base: date | None, prefer: str) -> Any:
    """Return one DateDataParser per (publication, tense), reused across calls."""
    from dateparser.date import DateDataParser

    settings: dict[str, Any] = {
        "PREFER_DATES_FROM": prefer,
        "REQUIRE_PARTS": ["day", "month"],
        "RETURN_AS_TIMEZONE_AWARE": False,
        "STRICT_PARSING": False,
    }
    if base is not None:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day)
    return DateDataParser(languages=["en"], settings=settings)


@lru_cache(maxsize=4096)
def parse_absolute(words: str, base: date | None, prefer: str) -> date | None:
    """Return the day dateparser reads in an absolute date string, or None."""
    data = _parser(base, prefer).get_date_data(words)
    when = data.date_obj if data is not None else None
    if when is None or getattr(data, "period", "day") not in ("day", "time"):
        return None
    return date(when.year, when.month, when.day)


def fallback(ctx: Context, start: int, end: int) -> Mention | None:
    """Normalize text[start:end] with dateparser; a year-less string needs the publication date."""
    words = ctx.text[start:end]
    has_year = re.search(r"(?:19|20)\d\d", words) is not None
    if not has_year and ctx.published is None:
        return None
    future = ctx.is_future(start, end) if not has_year else False
    d = parse_absolute(words, None if has_year else ctx.published, "future" if future else "past")
    if d is None:
        return None
    return Mention(start=start, end=end, text=ctx.original(start, end), value=d.isoformat(), precision="day",
                   rule="dateparser", evidence=f'dateparser read "{words}" as {d.isoformat()}',
                   anchor="absolute" if has_year else "publication")


def loose(m: Hit, ctx: Context) -> Mention | None:
    """Handler for the loose family ("24-Aug-2024", "August the 6th, 2024")."""
    return fallback(ctx, m.start(), m.end())

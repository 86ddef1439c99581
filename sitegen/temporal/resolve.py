"""Calendar arithmetic that turns relative expressions into TIMEX values."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from sitegen.temporal.timex import span

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def day_value(d: date) -> str:
    """Return the TIMEX value of a day, 2024-05-15."""
    return d.isoformat()


def week_value(d: date) -> str:
    """Return the ISO week value of the week containing d, 2024-W20."""
    iso = d.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"


def month_value(year: int, month: int) -> str:
    """Return the TIMEX value of a month, 2024-05."""
    return f"{year:04d}-{month:02d}"


def shift_month(year: int, month: int, step: int) -> tuple[int, int]:
    """Return (year, month) step months after (year, month)."""
    index = year * 12 + (month - 1) + step
    return index // 12, index % 12 + 1


def safe_date(year: int, month: int, day: int) -> date | None:
    """Return the date, or None when it does not exist (30 February)."""
    if not (1 <= month <= 12) or not (1 <= day <= calendar.monthrange(year, month)[1]):
        return None
    return date(year, month, day)


def weekday_near(published: date, weekday: int, future: bool, strict: bool = False) -> date:
    """Return the weekday on or before publication (past) or on or after it (future).

    With strict, the publication day itself is excluded ("last Friday", "next Friday").
    """
    if future:
        ahead = (weekday - published.weekday()) % 7
        if ahead == 0 and strict:
            ahead = 7
        return published + timedelta(days=ahead)
    back = (published.weekday() - weekday) % 7
    if back == 0 and strict:
        back = 7
    return published - timedelta(days=back)


def month_year(published: date, month: int, future: bool, strict: bool = False) -> int:
    """Return the year of the most recent such month (past) or the next one (future)."""
    if future:
        return published.year if (month > published.month or (month == published.month and not strict)) \
            else published.year + 1
    return published.year if (month < published.month or (month == published.month and not strict)) \
        else published.year - 1


def month_day_date(published: date, month: int, day: int, future: bool) -> date | None:
    """Return the most recent such day on or before publication (past) or the next on or after (future)."""
    years = (published.year, published.year + 1) if future else (published.year, published.year - 1)
    for year in years:
        d = safe_date(year, month, day)
        if d is None:
            continue
        if (future and d >= published) or (not future and d <= published):
            return d
    return None


def season_value(year: int, code: str) -> str:
    """Return the TIMEX value of a season, 2022-FA."""
    return f"{year:04d}-{code}"


def season_relative(published: date, code: str, which: str) -> str:
    """Resolve "last|this|next <season>" against publication (northern hemisphere)."""
    if which == "last":  # most recent completed season
        year = published.year
        while span(season_value(year, code)).last >= published:
            year -= 1
        return season_value(year, code)
    if which == "next":  # first season starting after publication
        year = published.year - 1
        while span(season_value(year, code)).first <= published:
            year += 1
        return season_value(year, code)
    # "this": the season containing publication, else the one of publication's year
    year = published.year
    if code == "WI" and published.month <= 2:
        year -= 1
    return season_value(year, code)


def quarter_of(d: date) -> int:
    """Return the quarter (1-4) of a day."""
    return (d.month - 1) // 3 + 1


def quarter_near(published: date, quarter: int, future: bool) -> str:
    """Return the most recent such quarter not after publication (past) or the next (future)."""
    current = quarter_of(published)
    if future:
        year = published.year if quarter >= current else published.year + 1
    else:
        year = published.year if quarter <= current else published.year - 1
    return f"{year:04d}-Q{quarter}"


def shift_quarter(published: date, step: int) -> str:
    """Return the quarter step quarters after publication's."""
    index = published.year * 4 + quarter_of(published) - 1 + step
    return f"{index // 4:04d}-Q{index % 4 + 1}"


# The years the patterns accept ("1[89]dd|20dd"); a chain of anaphora never steps outside them.
MIN_YEAR, MAX_YEAR = 1800, 2099
# A year stated right after an expression ("1 January 2101", "May, 1750", "spring of 2150").
_STATED_YEAR = re.compile(r"[ \t\u00a0]*,?[ \t\u00a0]*(?:of[ \t\u00a0]+)?(\d{4})(?![\d,.]\d)")


def states_other_year(text: str, end: int) -> bool:
    """True when a year outside MIN_YEAR..MAX_YEAR is written right after offset `end`.

    Such a year is the expression's own: an expression whose year the tagger inferred
    must then be left undated, never given the inferred year.
    """
    m = _STATED_YEAR.match(text, end, min(len(text), end + 16))
    return m is not None and not MIN_YEAR <= int(m.group(1)) <= MAX_YEAR


def step_value(value: str, unit: str, step: int) -> str | None:
    """Move a TIMEX value by step units; None when impossible or outside MIN_YEAR..MAX_YEAR."""
    try:
        moved = _step(value, unit, step)
    except (ValueError, OverflowError):  # date arithmetic past year 1 or 9999
        return None
    if moved is None or not MIN_YEAR <= int(moved[:4]) <= MAX_YEAR:
        return None
    return moved


def _step(value: str, unit: str, step: int) -> str | None:
    s = span(value)
    if unit == "same":
        return value
    if unit == "day":
        if s.precision != "day":
            return None
        return day_value(s.first + timedelta(days=step))
    if unit == "week":
        if s.precision not in ("day", "week"):
            return None
        return week_value(s.first + timedelta(days=7 * step))
    if unit == "month":
        if s.precision not in ("day", "week", "month"):
            return None
        y, m = shift_month(s.first.year, s.first.month, step)
        return month_value(y, m)
    if unit == "year":
        return f"{s.first.year + step:04d}"
    if unit == "quarter":  # "the latest quarter", "the year-ago quarter": only from a quarter
        if s.precision != "quarter":
            return None
        return _quarter_step(s.first.year, (s.first.month - 1) // 3 + 1, step)
    if unit == "year-over-year":  # "a year earlier": the same quarter or month a year before
        if s.precision == "quarter":
            return _quarter_step(s.first.year, (s.first.month - 1) // 3 + 1, 4 * step)
        if s.precision == "month":
            return month_value(s.first.year + step, s.first.month)
        return f"{s.first.year + step:04d}"
    return None


def _quarter_step(year: int, quarter: int, step: int) -> str:
    index = year * 4 + quarter - 1 + step
    return f"{index // 4:04d}-Q{index % 4 + 1}"

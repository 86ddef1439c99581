"""TIMEX3-style date values: parse, span, order and display them.

A value names a calendar span: ``2024-05-15`` (day), ``2024-W19`` (ISO week),
``2024-05`` (month), ``2022-SU`` (season: SP, SU, FA, WI), ``2024-Q1`` (quarter),
``2024`` (year). Winter ``2022-WI`` is December 2022 to February 2023.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from sitegen.models import PRECISIONS, Precision

# The contract's precision names; a quarter is a three-month span like a season.
CONTRACT_PRECISION = {"quarter": "season"}

SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
PART_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}  # TIMEX3 T-codes
SEASON_NAME = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
MONTH_NAMES = tuple(calendar.month_name)  # ('', 'January', ...)

_VALUE = re.compile(
    r"^(?P<y>\d{4})(?:-(?:(?P<m>\d{2})(?:-(?P<d>\d{2}))?|W(?P<w>\d{2})|(?P<s>SP|SU|FA|WI)|Q(?P<q>[1-4])))?$"
)


@dataclass(frozen=True, order=True)
class Span:
    """The first and last day a TIMEX value covers, with its precision."""

    first: date
    last: date
    precision: Precision


def timex_type(value: str) -> str:
    """Return the TIMEX3 type of a value: TIME for a time of day (2024-05-11T15:00, 2024-05-10TNI), else DATE."""
    return "TIME" if "T" in value and not value.endswith("_REF") else "DATE"


def precision_of(value: str) -> Precision:
    """Return the precision name of a TIMEX value ('day', 'week', …)."""
    return span(value).precision


@lru_cache(maxsize=8192)  # a site asks for the same few thousand values hundreds of thousands of times
def span(value: str) -> Span:
    """Return the calendar days a TIMEX value covers; ValueError for a malformed value."""
    m = _VALUE.match(value)
    if not m:
        raise ValueError(f"not a TIMEX date value: {value!r}")
    y = int(m["y"])
    if m["d"]:
        d = date(y, int(m["m"]), int(m["d"]))
        return Span(d, d, "day")
    if m["m"]:
        mo = int(m["m"])
        return Span(date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1]), "month")
    if m["w"]:
        first = date.fromisocalendar(y, int(m["w"]), 1)
        return Span(first, first + timedelta(days=6), "week")
    if m["s"]:
        start = SEASON_START[m["s"]]
        first = date(y, start, 1)
        end_month = start + 2
        end_year = y + (end_month - 1) // 12
        end_month = (end_month - 1) % 12 + 1
        return Span(first, date(end_year, end_month, calendar.monthrange(end_year, end_month)[1]), "season")
    if m["q"]:
        start = (int(m["q"]) - 1) * 3 + 1
        return Span(
            date(y, start, 1), date(y, start + 2, calendar.monthrange(y, start + 2)[1]), "quarter"
        )
    return Span(date(y, 1, 1), date(y, 12, 31), "year")


def contract_date(value: str) -> str:
    """Return the contract's `date` field: YYYY, YYYY-MM or YYYY-MM-DD of the span's start."""
    s = span(value)
    if s.precision == "day" or s.precision == "week":
        return s.first.isoformat()
    if s.precision == "year":
        return f"{s.first.year:04d}"
    return f"{s.first.year:04d}-{s.first.month:02d}"


def contract_precision(value: str) -> str:
    """Return the contract's precision name (day|week|month|season|year) for a value."""
    p = span(value).precision
    return CONTRACT_PRECISION.get(p, p)


def label(value: str) -> str:
    """Return a reader's label: '6 April 2022', 'week of 6 May 2024', 'May 2024', 'autumn 2022', '2024'."""
    s = span(value)
    if s.precision == "day":
        return f"{s.first.day} {MONTH_NAMES[s.first.month]} {s.first.year}"
    if s.precision == "week":
        return f"week of {s.first.day} {MONTH_NAMES[s.first.month]} {s.first.year}"
    if s.precision == "month":
        return f"{MONTH_NAMES[s.first.month]} {s.first.year}"
    if s.precision == "season":
        return f"{SEASON_NAME[value[-2:]]} {value[:4]}"
    if s.precision == "quarter":
        return f"{_ordinal(int(value[-1]))} quarter {value[:4]}"
    return value


def range_label(value: str, end: str | None) -> str:
    """Return the label of a value, or of the range value–end when end is given."""
    if not end or end == value:
        return label(value)
    return f"{label(value)} – {label(end)}"


def sort_key(value: str) -> tuple[date, int, date]:
    """Order values by start day, finer precision first, then by end day."""
    s = span(value)
    return (s.first, PRECISIONS.index(s.precision), s.last)


def _ordinal(n: int) -> str:
    return {1: "first", 2: "second", 3: "third", 4: "fourth"}[n]

"""The chronology's pages: which page lists an item, and its headings grouped into years and month pages.

A small site lists every item on the index. Past YEAR_PAGES_THRESHOLD items each year gets a
page (`years/2024/index.html`), and a year past the threshold gets a page per month as well
(`years/2024/05/index.html`): a month page lists the headings that start in that month (the
month's own, and its weeks and seasons), and the year's page links them and keeps the items
dated to the year alone. Pure: computed by sitegen.site.model from the items' dates.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from sitegen.site.listings import JumpLink, JumpYear, MonthPage, PageLink
from sitegen.site.records import Item, Month, Year
from sitegen.temporal import timex

# Above this many chronology items, each year gets its own page; so do an outlet's or a place's items.
# Above this many in one year, each of its months gets a page too.
YEAR_PAGES_THRESHOLD = 400
INDEX_PAGE = "index.html"


def section_key(value: str) -> str:
    """Return the heading an item with this date sits under: its month, or its own week, season or year."""
    s = timex.span(value)
    if s.precision in ("day", "month"):
        return f"{s.first.year:04d}-{s.first.month:02d}"
    return value


def section_label(key: str) -> str:
    """Return a heading's words ('May 2024', 'Week of 6 May 2024', 'Autumn 2022', '2022, no month given')."""
    if timex.precision_of(key) == "year":
        return f"{key}, no month given"
    text = timex.label(key)
    return text[:1].upper() + text[1:]


def section_order(key: str) -> tuple[date, int, date]:
    """Order headings by first day, the longer first (a season before the month it starts with); a year last."""
    s = timex.span(key)
    if s.precision == "year":
        return (s.last, 0, s.last)
    return (s.first, -(s.last - s.first).days, s.last)


class ChronologyPages:
    """Which chronology page lists a heading, decided from every in-span item's date before any item is made."""

    def __init__(self, values: Iterable[str]) -> None:
        per_year: dict[int, int] = {}
        months_of: dict[int, set[int]] = {}
        for key, count in Counter(map(section_key, values)).items():
            first, monthly = self._where(key)
            per_year[first.year] = per_year.get(first.year, 0) + count
            if monthly:
                months_of.setdefault(first.year, set()).add(first.month)
        self.year_pages = sum(per_year.values()) > YEAR_PAGES_THRESHOLD
        self.month_years = frozenset(y for y, n in per_year.items()
                                     if self.year_pages and n > YEAR_PAGES_THRESHOLD and len(months_of.get(y, ())) >= 2)
        self._pages: dict[str, str] = {}  # by heading

    @staticmethod
    def _where(key: str) -> tuple[date, bool]:
        """Return a heading's first day and whether it belongs to a month (not to a year alone)."""
        return timex.span(key).first, timex.precision_of(key) != "year"

    def page(self, value: str) -> str:
        """Return the output path of the page that lists an in-span item with this date."""
        key = section_key(value)
        found = self._pages.get(key)
        if found is None:
            found = self._pages[key] = self._page_of(key)
        return found

    def _page_of(self, key: str) -> str:
        if not self.year_pages:
            return INDEX_PAGE
        first, monthly = self._where(key)
        if first.year in self.month_years and monthly:
            return f"years/{first.year}/{first.month:02d}/index.html"
        return f"years/{first.year}/index.html"


def group_years(items: Iterable[Item], plan: ChronologyPages) -> tuple[Year, ...]:
    """Return the items by year and heading, in time order, with the year's month pages."""
    years: dict[int, dict[str, list[Item]]] = {}
    for item in items:
        key = item.section
        years.setdefault(timex.span(key).first.year, {}).setdefault(key, []).append(item)
    out = [Year(year=y,
                months=tuple(Month(k, section_label(k), tuple(v), v[0].page)
                             for k, v in sorted(sections.items(), key=lambda kv: section_order(kv[0]))),
                page=f"years/{y}/index.html" if plan.year_pages else INDEX_PAGE)
           for y, sections in sorted(years.items())]
    return _linked(tuple(replace(y, parts=_month_pages(y)) if y.year in plan.month_years else y for y in out))


def _month_pages(year: Year) -> tuple[MonthPage, ...]:
    of_page: dict[str, list[Month]] = {}
    for month in year.months:
        if month.page != year.page:
            of_page.setdefault(month.page, []).append(month)
    parts = []
    for page, months in of_page.items():  # in heading order, so in month order
        first = timex.span(months[0].key).first
        key = f"{first.year:04d}-{first.month:02d}"
        parts.append(MonthPage(year.year, key, timex.label(key), tuple(months), page, year.page))
    return tuple(parts)


def _linked(years: tuple[Year, ...]) -> tuple[Year, ...]:
    """Return the years with each month page linked to the month pages before and after it."""
    parts = [p for y in years for p in y.parts]
    if not parts:
        return years
    linked = {p.page: replace(p, previous=PageLink(parts[i - 1].label, parts[i - 1].page) if i else None,
                              next=PageLink(parts[i + 1].label, parts[i + 1].page) if i + 1 < len(parts) else None)
              for i, p in enumerate(parts)}
    return tuple(replace(y, parts=tuple(linked[p.page] for p in y.parts)) if y.parts else y for y in years)


def jump_years(years: Iterable[Year]) -> tuple[JumpYear, ...]:
    """Return the jump list's records: each year's page and the headings `Year.jump` links."""
    return tuple(JumpYear(y.year, y.page, y.anchor, tuple(JumpLink(m.short, m.page, m.anchor) for m in y.jump))
                 for y in years)

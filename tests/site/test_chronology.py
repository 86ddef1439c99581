"""The chronology's pages: the index, year pages, and month pages for a year too long for one."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_render import links_resolve, parse
from test_sitemodel import make_site, single

from sitegen.models import Entry, Event
from sitegen.site.chronology import YEAR_PAGES_THRESHOLD, ChronologyPages
from sitegen.site.listings import JumpLink, PageLink
from sitegen.site.model import Site
from sitegen.site.render import render_site
from sitegen.temporal import timex

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def days(year: int, months: tuple[int, ...], n: int) -> list[str]:
    """Return n day values spread over the given months of a year."""
    return [f"{year}-{months[i % len(months)]:02d}-{1 + i % 28:02d}" for i in range(n)]


BIG_2023 = days(2023, (1, 2, 3), YEAR_PAGES_THRESHOLD + 1)
BIG_2025 = days(2025, (11, 12), YEAR_PAGES_THRESHOLD + 1)


@pytest.mark.parametrize(("values", "value", "page"), [
    (days(2023, (1, 2), YEAR_PAGES_THRESHOLD), "2023-01-05", "index.html"),  # not past the threshold: one page
    (days(2023, (1,), 200) + days(2024, (2,), 201), "2023-01-05", "years/2023/index.html"),  # no year past it
    (BIG_2023, "2023-02-14", "years/2023/02/index.html"),
    (BIG_2023, "2023-02", "years/2023/02/index.html"),  # a month: its own heading, on its page
    (BIG_2023, "2023", "years/2023/index.html"),  # a year alone stays on the year's page
    (BIG_2023, "2023-W14", "years/2023/04/index.html"),  # a week goes to the month it starts in
    (BIG_2023, "2023-SU", "years/2023/06/index.html"),  # so does a season
    (BIG_2023, "2023-Q2", "years/2023/04/index.html"),
    (BIG_2023 + ["2024-05-01"], "2024-05-01", "years/2024/index.html"),  # a short year keeps one page
    (days(2023, (1,), YEAR_PAGES_THRESHOLD + 1) + ["2023"], "2023-01-05", "years/2023/index.html"),  # one month
    (BIG_2025 + ["2026-W01"], "2026-W01", "years/2025/12/index.html"),  # the week starts on 29 December 2025
])
def test_the_page_that_lists_an_item(values: list[str], value: str, page: str) -> None:
    assert ChronologyPages(values).page(value) == page


def added(i: int, value: str) -> Event:
    """Return an editor's one-entry event dated `value`."""
    return single(Entry(id=f"x{i:04d}", article=None, value=value, precision=timex.precision_of(value),
                        text=f"Event {i}.", kind="added"))


def long_site(values: list[str]) -> Site:
    return make_site(events=tuple(added(i, v) for i, v in enumerate(values)))


@pytest.fixture(scope="module")
def site() -> Site:
    """2022 past the threshold (November, December), 2023 past it (January to March, a week in April and two
    items dated to the year alone), and a short 2024."""
    return long_site(days(2022, (11, 12), YEAR_PAGES_THRESHOLD + 1) + BIG_2023 + ["2023-W14", "2023", "2023"]
                     + days(2024, (5,), 3))


def test_a_long_year_has_a_page_per_month_linked_in_order(site: Site) -> None:
    assert [(y.year, y.page, [p.key for p in y.parts]) for y in site.years] == [
        (2022, "years/2022/index.html", ["2022-11", "2022-12"]),
        (2023, "years/2023/index.html", ["2023-01", "2023-02", "2023-03", "2023-04"]),
        (2024, "years/2024/index.html", []),
    ]
    parts = [p for y in site.years for p in y.parts]
    assert [(p.label, p.page, p.year_page, p.count) for p in parts[1:3]] == [
        ("December 2022", "years/2022/12/index.html", "years/2022/index.html", 200),
        ("January 2023", "years/2023/01/index.html", "years/2023/index.html", 134)]
    assert [(p.previous, p.next) for p in (parts[0], parts[1], parts[-1])] == [
        (None, PageLink("December 2022", "years/2022/12/index.html")),
        (PageLink("November 2022", "years/2022/11/index.html"), PageLink("January 2023", "years/2023/01/index.html")),
        (PageLink("March 2023", "years/2023/03/index.html"), None)]  # 2024 has one page: no month page follows
    april = parts[-1]
    assert [(m.key, m.label, len(m.items)) for m in april.months] == [("2023-W14", "Week of 3 April 2023", 1)]


def test_every_item_and_heading_names_the_page_it_is_on(site: Site) -> None:
    y2023 = site.years[1]
    assert [(m.key, m.page) for m in y2023.own] == [("2023", "years/2023/index.html")]
    for year in site.years:
        for month in year.months:
            assert {i.page for i in month.items} == {month.page}
    assert {m.key: m.page for m in site.months if m.count}["2023-02"] == "years/2023/02/index.html"


def test_the_jump_list_links_each_heading_on_its_page(site: Site) -> None:
    assert [(j.year, j.page, j.anchor) for j in site.jump] == [
        (2022, "years/2022/index.html", "y-2022"), (2023, "years/2023/index.html", "y-2023"),
        (2024, "years/2024/index.html", "y-2024")]
    assert site.jump[1].links == (JumpLink("Jan", "years/2023/01/index.html", "m-2023-01"),
                                  JumpLink("Feb", "years/2023/02/index.html", "m-2023-02"),
                                  JumpLink("Mar", "years/2023/03/index.html", "m-2023-03"),
                                  JumpLink("Wk 14", "years/2023/04/index.html", "m-2023-W14"),
                                  JumpLink("Year", "years/2023/index.html", "m-2023"))


def test_the_outputs_name_each_month_page(site: Site) -> None:
    months = [(s.path, s.template, s.producer) for s in site.pages if s.template == "month.html"]
    assert months[:2] == [("years/2022/11/index.html", "month.html", "month page November 2022"),
                          ("years/2022/12/index.html", "month.html", "month page December 2022")]
    assert len(months) == 6


@pytest.fixture(scope="module")
def files(site: Site) -> dict[str, bytes]:
    return render_site(site, TEMPLATES)


def test_every_link_of_a_site_with_month_pages_resolves(files: dict[str, bytes]) -> None:
    assert links_resolve(files) > 1000
    for path, data in files.items():
        if path.endswith(".html"):
            ids = parse(data).ids
            assert len(ids) == len(set(ids)), path


def test_a_year_page_links_its_months_and_lists_the_items_dated_to_the_year(files: dict[str, bytes]) -> None:
    year = files["years/2023/index.html"].decode("utf-8")
    assert '<p class="lede">404 entries, a page for each month.' in year
    assert ('<li><a href="../../years/2023/01/index.html">January 2023</a> (134 entries)</li>'
            '<li><a href="../../years/2023/02/index.html">February 2023</a> (134 entries)</li>') in year
    assert '<li><a href="../../years/2023/04/index.html">April 2023</a> (1 entry)</li>' in year
    body = year.split("data-pagefind-body", 1)[1]
    assert body.count('<li id="x') == 2 and '<h2 id="m-2023">2023, no month given' in body
    assert '<nav class="months" id="y-2023"' in year.split("data-pagefind-body")[0]  # the list is not searched
    assert "data-pagefind-body" not in files["years/2022/index.html"].decode("utf-8")  # no item of its own


def test_a_month_page_lists_its_headings_and_links_its_neighbours(files: dict[str, bytes]) -> None:
    page = files["years/2023/01/index.html"].decode("utf-8")
    assert "<title>January 2023 — Test chronology</title>" in page and "<h1>January 2023</h1>" in page
    assert ('<p class="lede">134 entries. <a href="../../../years/2023/index.html">All months of 2023</a>'
            ' · <a href="../../../index.html">Back to the overview</a>.</p>') in page
    assert '<a href="../../../years/2022/12/index.html" rel="prev">← December 2022</a>' in page
    assert '<a href="../../../years/2023/02/index.html" rel="next">February 2023 →</a>' in page
    assert '<a href="#m-2023-01">Jan<span class="visually-hidden"> 2023</span></a>' in page  # here: a bare anchor
    assert '<a href="../../../years/2023/02/index.html#m-2023-02">Feb' in page
    assert page.count('<li id="x') == 134 and page.count("data-pagefind-body") == 1
    assert '<div class="chronology" id="p-2023-01" data-pagefind-body>' in page
    last = files["years/2023/04/index.html"].decode("utf-8")
    assert 'rel="next"' not in last and '<h2 id="m-2023-W14">Week of 3 April 2023' in last


def test_a_short_year_and_a_short_site_keep_their_pages(files: dict[str, bytes]) -> None:
    short = files["years/2024/index.html"].decode("utf-8")
    assert '<div class="chronology" id="y-2024" data-pagefind-body>' in short and short.count('<li id="x') == 3
    assert 'class="months"' not in short
    small = render_site(make_site(), TEMPLATES)
    assert not any(p.startswith("years/") for p in small)

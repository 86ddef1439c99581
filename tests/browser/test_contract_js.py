"""timeline.js against a fixed page in the markup contract: filters, URL state, deep links, copy link, search.

The page (tests/browser/contract/) holds six entries with known facets, so every
expectation here is exact; the same behaviour is checked on the generated sites in
test_filters.py and test_search.py.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from browserkit import Recorder, Site, goto

pytestmark = pytest.mark.browser

ALL = {"e1", "e2", "e3", "e4", "e5", "e6"}


def visible_entries(pg: Any) -> set[str]:
    """Return the ids of the entries the reader can see."""
    ids: list[str] = pg.eval_on_selector_all(
        "li[data-date]", "els => els.filter(e => e.checkVisibility()).map(e => e.id)")
    return set(ids)


def query(pg: Any) -> dict[str, list[str]]:
    """Return the page URL's query as a dict of lists."""
    return parse_qs(urlsplit(pg.url).query)


def count_text(pg: Any) -> str:
    text: str = pg.inner_text(".filter-count")
    return text


@pytest.fixture()
def opened(page: tuple[Any, Recorder], contract_site: Site) -> Any:
    def _open(rel: str = "index.html") -> Any:
        pg = page[0]
        goto(pg, contract_site.url(rel))
        return pg
    yield _open
    assert page[1].problems() == []


def test_without_javascript_every_entry_is_shown_and_the_form_stays_hidden(
        browser: Any, contract_site: Site) -> None:
    ctx = browser.new_context(java_script_enabled=False)
    try:
        pg = ctx.new_page()
        pg.goto(contract_site.url("index.html?place=kharkiv"))
        assert visible_entries(pg) == ALL
        assert not pg.is_visible("form.filters")
    finally:
        ctx.close()


def test_with_javascript_the_form_shows_with_a_live_count(opened: Any) -> None:
    pg = opened()
    assert pg.is_visible("form.filters")
    assert visible_entries(pg) == ALL
    assert count_text(pg) == "Showing all 6 entries."
    assert pg.get_attribute(".filter-count", "aria-live") == "polite"
    assert query(pg) == {}


@pytest.mark.parametrize(("control", "value", "expected", "count"), [
    ("place", "kharkiv", {"e2", "e3"}, "Showing 2 of 6 entries."),
    ("place", "kyiv", {"e1", "e4"}, "Showing 2 of 6 entries."),
    ("outlet", "rt", {"e2", "e5", "e6"}, "Showing 3 of 6 entries."),
    ("outlet", "associated-press", {"e3"}, "Showing 1 of 6 entries."),
    ("kind", "aggregator", {"e1", "e3"}, "Showing 2 of 6 entries."),
    ("claim", "unverified", {"e4"}, "Showing 1 of 6 entries."),
    ("phase", "kursk-incursion", {"e5", "e6"}, "Showing 2 of 6 entries."),
])
def test_choosing_a_filter_hides_the_rest_and_writes_the_url(
        opened: Any, control: str, value: str, expected: set[str], count: str) -> None:
    pg = opened()
    pg.select_option(f"select[name={control}]", value)
    assert visible_entries(pg) == expected
    assert count_text(pg) == count
    assert query(pg) == {control: [value]}


def test_corroborated_only_checkbox(opened: Any) -> None:
    pg = opened()
    pg.check("input[name=corroborated]")
    assert visible_entries(pg) == {"e3"}
    assert query(pg) == {"corroborated": ["true"]}


def test_empty_months_and_years_are_hidden_in_both_section_shapes(opened: Any) -> None:
    pg = opened()
    pg.select_option("select[name=place]", "kharkiv")
    # 2022 is wrapped in sections that carry the ids; 2024 has flat headings.
    assert not pg.is_visible("#y-2022")
    assert not pg.is_visible("#m-2022-04")
    assert pg.is_visible("#y-2024")
    assert pg.is_visible("#m-2024-05")
    assert not pg.is_visible("#m-2024-08")
    assert not pg.is_visible("nav a[href='#m-2024-08']")
    assert pg.is_visible("nav a[href='#m-2024-05']")
    pg.select_option("select[name=place]", "")
    assert pg.is_visible("#m-2024-08") and pg.is_visible("#y-2022")


def test_no_match_says_so(opened: Any) -> None:
    pg = opened("index.html?place=kursk&claim=unverified")
    assert visible_entries(pg) == set()
    assert count_text(pg) == "No entry matches these filters."


def test_state_from_the_url_is_applied_and_shown_in_the_form(opened: Any) -> None:
    pg = opened("index.html?outlet=rt&phase=kursk-incursion")
    assert visible_entries(pg) == {"e5", "e6"}
    assert pg.input_value("select[name=outlet]") == "rt"
    assert pg.input_value("select[name=phase]") == "kursk-incursion"
    assert count_text(pg) == "Showing 2 of 6 entries."


def test_unknown_values_in_the_url_are_dropped(opened: Any) -> None:
    pg = opened("index.html?place=atlantis&claim=stated&utm=keep")
    assert visible_entries(pg) == {"e3", "e6"}
    assert query(pg) == {"claim": ["stated"], "utm": ["keep"]}


def test_reset_restores_everything(opened: Any) -> None:
    pg = opened("index.html?outlet=rt&claim=stated")
    assert visible_entries(pg) == {"e6"}
    pg.click("form.filters button[type=reset]")
    pg.wait_for_function("document.querySelectorAll('li[data-date][hidden]').length === 0")
    assert visible_entries(pg) == ALL
    assert query(pg) == {}
    assert pg.input_value("select[name=outlet]") == ""


def test_deep_link_clears_the_filter_that_hides_its_entry(opened: Any) -> None:
    pg = opened("index.html?place=kharkiv&claim=attributed#e5")
    assert "e5" in visible_entries(pg)
    assert pg.evaluate("document.activeElement.id") == "e5"
    assert "is-target" in (pg.get_attribute("#e5", "class") or "")
    # Only the place filter hid it (e5 is attributed): the claim filter stays.
    assert query(pg) == {"claim": ["attributed"]}
    assert visible_entries(pg) == {"e1", "e2", "e5"}
    pg.wait_for_function("document.querySelector('[role=status]:not(.filter-count)')?.textContent.length > 0")
    assert pg.evaluate("document.querySelector('[role=status]:not(.filter-count)').textContent") == \
        "Cleared the place filter to show the linked entry."
    assert pg.evaluate("(() => { const r = document.getElementById('e5').getBoundingClientRect();"
                       " return r.top >= 0 && r.top < window.innerHeight; })()")


def test_hash_change_after_a_filter_change_moves_the_highlight(opened: Any) -> None:
    pg = opened()
    pg.select_option("select[name=place]", "kharkiv")
    pg.evaluate("location.hash = '#e3-member'")
    pg.wait_for_function("document.activeElement && document.activeElement.id === 'e3'")
    assert "is-target" in (pg.get_attribute("#e3", "class") or "")
    pg.evaluate("location.hash = '#e6'")
    pg.wait_for_function("document.activeElement && document.activeElement.id === 'e6'")
    assert "e6" in visible_entries(pg)
    assert "is-target" not in (pg.get_attribute("#e3", "class") or "")
    assert query(pg) == {}


def test_clicking_the_current_permalink_again_reveals_it_again(opened: Any) -> None:
    pg = opened("index.html#e2")
    pg.select_option("select[name=outlet]", "the-gaze")
    assert "e2" not in visible_entries(pg)
    pg.evaluate("document.querySelector('a[href=\"#e2\"]').click()")
    assert "e2" in visible_entries(pg)
    assert query(pg) == {}


def test_copy_link_writes_the_permalink_to_the_clipboard(
        browser: Any, contract_site: Site) -> None:
    ctx = browser.new_context()
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=contract_site.url("")[:-1])
    try:
        pg = ctx.new_page()
        rec = Recorder()
        rec.attach(pg)
        goto(pg, contract_site.url("index.html?claim=attributed"))
        pg.click("#e2 button[data-copy]")
        pg.wait_for_function("document.querySelector('[role=status]:not(.filter-count)')?.textContent"
                             " === 'Link copied'")
        copied = pg.evaluate("navigator.clipboard.readText()")
        assert copied == contract_site.url("index.html?claim=attributed#e2")
        assert rec.problems() == []
    finally:
        ctx.close()


def test_copy_link_without_the_clipboard_api_selects_a_text_field(browser: Any, contract_site: Site) -> None:
    ctx = browser.new_context()
    try:
        pg = ctx.new_page()
        rec = Recorder()
        rec.attach(pg)
        pg.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined});")
        goto(pg, contract_site.url("index.html"))
        _check_fallback(pg)
        assert rec.problems() == []
    finally:
        ctx.close()


def _check_fallback(pg: Any) -> None:
    pg.click("#e4 button[data-copy]")
    field = "#e4 input.copy-field"
    assert pg.input_value(field) == pg.url.split("#")[0] + "#e4"
    assert pg.evaluate("document.activeElement.classList.contains('copy-field')")
    assert pg.evaluate("(() => { const f = document.activeElement;"
                       " return f.selectionStart === 0 && f.selectionEnd === f.value.length; })()")
    pg.wait_for_function("document.querySelector('[role=status]:not(.filter-count)')?.textContent.length > 0")
    assert pg.evaluate("document.querySelector('[role=status]:not(.filter-count)').textContent") in (
        "Link copied", "Link selected: press Ctrl+C (or Cmd+C) to copy it")


def test_search_off_says_so(opened: Any) -> None:
    pg = opened()
    assert pg.inner_text("#search") == "Search is off (Pagefind is not installed)."


def test_search_from_a_file_says_it_needs_a_server(page: tuple[Any, Recorder], contract_site: Site) -> None:
    pg, rec = page
    goto(pg, contract_site.file_url("search-on.html"))
    assert "Search needs the site to be served" in pg.inner_text("#search")
    assert not [r.url for r in rec.requests if "pagefind" in r.url]
    assert rec.problems() == []


def test_file_url_filters_work(page: tuple[Any, Recorder], contract_site: Site) -> None:
    pg, rec = page
    goto(pg, contract_site.file_url("index.html") + "?place=kursk")
    assert visible_entries(pg) == {"e5"}
    pg.select_option("select[name=place]", "kyiv")
    assert visible_entries(pg) == {"e1", "e4"}
    assert rec.problems() == []

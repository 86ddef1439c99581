"""Filters, deep links and copy-link on the generated sites (the contract page pins the exact behaviour)."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from browserkit import Recorder, Site, goto

pytestmark = pytest.mark.browser

FILTERS = {"outlet": "outlet", "kind": "kind", "place": "places", "claim": "claim",
           "corroborated": "corroborated", "phase": "phase"}

FACETS_JS = """() => [...document.querySelectorAll('li[data-date]')].map(li => ({
    id: li.id, visible: li.checkVisibility(),
    outlet: (li.dataset.outlet || '').split(/\\s+/), kind: (li.dataset.kind || '').split(/\\s+/),
    place: (li.dataset.places || '').split(/\\s+/), claim: [li.dataset.claim],
    corroborated: [li.dataset.corroborated], phase: [li.dataset.phase]}))"""

OPTIONS_JS = """name => [...document.querySelectorAll(`form.filters [name="${name}"]`)].flatMap(el =>
    el.tagName === 'SELECT' ? [...el.options].map(o => o.value) : [el.value]).filter(v => v !== '')"""


def chronology(site: Site) -> str:
    """The chronology page the filters are checked on: the seed index, or the corpus's first month page."""
    if site.name == "seed":
        return "index.html"
    month = site.pages.get("month")
    assert month is not None, "the 2,000-article site has no month pages"
    return month


def choose(pg: Any, name: str, value: str) -> None:
    """Set one filter control the way a reader would."""
    el = pg.locator(f"form.filters [name='{name}']").first
    if el.evaluate("e => e.tagName") == "SELECT":
        el.select_option(value)
    else:
        pg.locator(f"form.filters [name='{name}'][value='{value}']").check()


def test_the_form_has_every_filter_labelled(any_site: Site, page: tuple[Any, Recorder]) -> None:
    pg, rec = page
    goto(pg, any_site.url(chronology(any_site)))
    assert pg.is_visible("form.filters")
    for name in FILTERS:
        controls = pg.locator(f"form.filters [name='{name}']")
        assert controls.count() >= 1, f"no control named {name!r} in the filter form"
        for i in range(controls.count()):
            label = controls.nth(i).evaluate("e => e.labels ? [...e.labels].map(l => l.textContent).join(' ') : ''")
            assert label.strip() != "", f"a {name!r} control has no label"
    assert rec.problems() == []


@pytest.mark.parametrize("name", ["outlet", "place", "phase"])
def test_every_option_of_the_seed_index_matches_an_entry(seed_site: Site, page: tuple[Any, Recorder],
                                                         name: str) -> None:
    pg, _ = page
    goto(pg, seed_site.url("index.html"))
    facets = pg.evaluate(FACETS_JS)
    options = pg.evaluate(OPTIONS_JS, name)
    assert options, f"the {name!r} filter offers no choice"
    offered_nothing = [o for o in options if not any(o in f[name] for f in facets)]
    assert offered_nothing == []


@pytest.mark.parametrize(("site_name", "name"), [
    ("seed", "place"), ("seed", "outlet"), ("seed", "claim"), ("seed", "phase"),
    ("corpus", "place"),  # a year page of thousands of entries: one filter is enough (30 s each)
])
def test_a_filter_shows_exactly_the_matching_entries_and_lives_in_the_url(
        request: pytest.FixtureRequest, page: tuple[Any, Recorder], site_name: str, name: str) -> None:
    any_site: Site = request.getfixturevalue(f"{site_name}_site")
    pg, rec = page
    rel = chronology(any_site)
    goto(pg, any_site.url(rel))
    facets = pg.evaluate(FACETS_JS)
    total = len(facets)
    options = pg.evaluate(OPTIONS_JS, name)
    # The option that matches the most entries but not all of them, so the filter visibly filters.
    counts = {o: sum(1 for f in facets if o in f[name]) for o in options}
    partial = {o: n for o, n in counts.items() if 0 < n < total}
    if not partial:
        pytest.skip(f"every {name!r} option matches all or none of the entries on {rel}")
    value = max(sorted(partial), key=lambda o: partial[o])
    choose(pg, name, value)
    after = pg.evaluate(FACETS_JS)
    wrong = [f["id"] for f in after if f["visible"] != (value in f[name])]
    assert wrong == [], f"{name}={value}: entries shown/hidden wrongly: {wrong[:10]}"
    assert parse_qs(urlsplit(pg.url).query) == {name: [value]}
    assert pg.inner_text("form.filters [aria-live='polite']").strip() == \
        f"Showing {partial[value]} of {total} entries."
    # The shared URL restores the same view.
    shared = pg.url
    goto(pg, shared)
    assert [f["id"] for f in pg.evaluate(FACETS_JS) if f["visible"]] == [f["id"] for f in after if f["visible"]]
    # Sections left without a visible entry are hidden too.
    empty_sections = pg.evaluate("""() => [...document.querySelectorAll('[id^="m-"]')]
        .filter(m => !m.closest('nav, svg, form') && /^m-\\d{4}-\\d{2}$/.test(m.id))
        .filter(m => m.checkVisibility())
        .filter(m => { const box = m.matches('h1,h2,h3,h4,h5,h6') ? m.parentElement : m;
                       return box.querySelectorAll('li[data-date]').length > 0 && ![...box.querySelectorAll(
                         'li[data-date]')].some(li => li.checkVisibility()); })
        .map(m => m.id)""")
    assert empty_sections == []
    # The jump list offers no month or year the filters emptied.
    stale_jumps = pg.evaluate("""() => [...document.querySelectorAll('nav a[href^="#m-"], nav a[href^="#y-"]')]
        .filter(a => a.checkVisibility() && !document.getElementById(a.hash.slice(1))?.checkVisibility())
        .map(a => a.getAttribute('href'))""")
    assert stale_jumps == [], "jump-list links to sections the filters hid are still shown"
    pg.click("form.filters [type='reset']")
    pg.wait_for_function("document.querySelectorAll('li[data-date][hidden]').length === 0")
    assert urlsplit(pg.url).query == ""
    assert rec.problems() == []


def test_deep_link_into_a_filtered_view_reveals_the_entry(seed_site: Site, page: tuple[Any, Recorder]) -> None:
    pg, rec = page
    goto(pg, seed_site.url("index.html"))
    assert "kharkiv" in pg.evaluate(OPTIONS_JS, "place"), "the seed site offers no Kharkiv place filter"
    target = next(f["id"] for f in pg.evaluate(FACETS_JS) if "kharkiv" not in f["place"])
    goto(pg, seed_site.url(f"index.html?place=kharkiv#{target}"))
    state = pg.evaluate("""id => { const li = document.getElementById(id); const r = li.getBoundingClientRect();
        return {visible: li.checkVisibility(), target: li.classList.contains('is-target'),
                focused: document.activeElement === li, inView: r.bottom > 0 && r.top < innerHeight}; }""", target)
    assert state == {"visible": True, "target": True, "focused": True, "inView": True}
    assert "place" not in parse_qs(urlsplit(pg.url).query)
    assert urlsplit(pg.url).fragment == target
    assert rec.problems() == []


def test_every_entry_permalink_resolves(any_site: Site, page: tuple[Any, Recorder]) -> None:
    """Each entry links to its own anchor (or a page holding it) and its id is unique."""
    pg, _ = page
    goto(pg, any_site.url(chronology(any_site)))
    ids = pg.evaluate("[...document.querySelectorAll('li[data-date]')].map(li => li.id)")
    assert len(ids) == len(set(ids))
    copies = pg.evaluate("[...document.querySelectorAll('li[data-date] button[data-copy]')]"
                         ".map(b => [b.closest('li[data-date]').id, b.dataset.copy])")
    assert len(copies) == len(ids), "not every entry has a copy-link button"
    wrong = [(i, c) for i, c in copies if urlsplit(c).fragment != i
             and pg.evaluate("id => document.getElementById(id)?.closest('li[data-date]')?.id",
                             urlsplit(c).fragment) != i]
    assert wrong == []


def test_copy_link_copies_a_permalink_that_opens_its_entry(browser: Any, seed_site: Site) -> None:
    ctx = browser.new_context()
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=seed_site.url("")[:-1])
    try:
        pg = ctx.new_page()
        rec = Recorder()
        rec.attach(pg)
        goto(pg, seed_site.url("index.html"))
        button = pg.locator("li[data-date] button[data-copy]").nth(1)
        entry_id = button.evaluate("b => b.closest('li[data-date]').id")
        button.click()
        pg.wait_for_function("[...document.querySelectorAll('[role=status],[aria-live]')]"
                             ".some(e => e.textContent.includes('Link copied'))")
        copied = pg.evaluate("navigator.clipboard.readText()")
        assert urlsplit(copied).netloc == f"127.0.0.1:{seed_site.port}"
        goto(pg, copied)
        assert pg.evaluate("document.activeElement.closest('li[data-date]')?.id") == entry_id
        assert rec.problems() == []
    finally:
        ctx.close()

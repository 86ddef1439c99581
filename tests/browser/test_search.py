"""Pagefind search on the generated seed site: served at / and /sub/, and what file:// says."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from browserkit import Recorder, Site, goto, pagefind_installed, require

pytestmark = pytest.mark.browser


@pytest.fixture()
def with_pagefind() -> None:
    require(pagefind_installed(), "pagefind is not installed (pip install 'pagefind[bin]')")


def test_search_is_on_when_pagefind_is_installed(seed_site: Site, with_pagefind: None) -> None:
    index = (seed_site.root / "index.html").read_text("utf-8")
    assert 'data-search="on"' in index
    assert (seed_site.root / "pagefind" / "pagefind-ui.js").is_file()
    assert (seed_site.root / "pagefind" / "pagefind-ui.css").is_file()


@pytest.mark.parametrize("mount", ["root", "sub"])
def test_search_finds_kursk_and_its_results_open(seed_site: Site, page: tuple[Any, Recorder],
                                                 with_pagefind: None, mount: str) -> None:
    pg, rec = page
    goto(pg, seed_site.url("index.html", sub=mount == "sub"))
    box = pg.locator("#search input[type='text'], #search input[type='search']").first
    box.wait_for(timeout=10000)
    box.fill("Kursk")
    results = pg.locator("#search .pagefind-ui__result-link")
    results.first.wait_for(timeout=10000)
    assert results.count() >= 1
    texts = pg.inner_text("#search .pagefind-ui__results")
    assert "Kursk" in texts
    href = results.first.get_attribute("href") or ""
    if mount == "sub":
        assert urlsplit(href).path.startswith("/sub/"), f"a search result leaves the sub-path: {href}"
    results.first.click()
    pg.wait_for_load_state("load")
    assert rec.problems() == []
    assert pg.locator("h1").count() == 1


def test_search_merges_the_year_parts_of_a_large_site(corpus_site: Site, page: tuple[Any, Recorder],
                                                     with_pagefind: None) -> None:
    """The chronology's month pages and the background's year pages are indexed as parts (pagefind/parts.json)
    that the search box merges with the main index."""
    parts = json.loads((corpus_site.root / "pagefind" / "parts.json").read_text("utf-8"))
    assert {p.split("/")[1] for p in parts} == {"years", "background"}
    assert all(re.fullmatch(r"parts/(years/\d{4}(/\d\d)?|background/\d{4})/", p) for p in parts)
    assert sum(1 for p in parts if re.fullmatch(r"parts/years/\d{4}/\d\d/", p)) >= 12
    pg, rec = page
    goto(pg, corpus_site.url("index.html"))
    box = pg.locator("#search input[type='text'], #search input[type='search']").first
    box.wait_for(timeout=10000)
    box.fill("Kharkiv")
    results = pg.locator("#search .pagefind-ui__result-link")
    results.first.wait_for(timeout=60000)
    # each month page is one result (its entries the sub-results); results from two years' parts show both
    pg.wait_for_function("""() => new Set(Array.from(document.querySelectorAll('#search .pagefind-ui__result-link'))
        .map(a => (a.getAttribute('href') || '').match(/\\/years\\/(\\d{4})\\//)).filter(m => m).map(m => m[1])).size >= 2""",
                         timeout=60000)
    hrefs = results.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert len({m.group(1) for h in hrefs if (m := re.search(r"/years/(\d{4})/", h or "")) is not None}) >= 2
    assert rec.problems() == []


def test_search_from_a_file_says_it_needs_a_server(seed_site: Site, page: tuple[Any, Recorder]) -> None:
    pg, rec = page
    goto(pg, seed_site.file_url("index.html"))
    text = pg.inner_text("#search")
    if 'data-search="on"' in (seed_site.root / "index.html").read_text("utf-8"):
        assert "Search needs the site to be served" in text
    else:
        assert "Search is off (Pagefind is not installed)" in text
    assert rec.problems() == []


def test_a_name_finds_the_entries_that_name_it(seed_site: Site, page: tuple[Any, Recorder],
                                               with_pagefind: None) -> None:
    """Pagefind indexes the chronology's entries only: one page, one sub-result per entry naming the place."""
    pg, _ = page
    goto(pg, seed_site.url("index.html"))
    found = pg.evaluate("""async () => {
        const pagefind = await import(new URL("pagefind/pagefind.js", location.href).href);
        const search = await pagefind.search("Vovchansk");
        const pages = await Promise.all(search.results.map(r => r.data()));
        return pages.map(p => ({url: p.url, subs: p.sub_results.map(s => [s.url, s.excerpt])}));
    }""")
    assert [urlsplit(p["url"]).path for p in found] == ["/index.html"] or [p["url"] for p in found] == ["/"]
    html = (seed_site.root / "index.html").read_text("utf-8")
    naming = {i for i in _entry_ids(html) if "Vovchansk" in _entry_text(html, i)}
    subs = {urlsplit(url).fragment for url, _ in found[0]["subs"]}
    assert subs == {f"t-{i}" for i in naming}
    for _, excerpt in found[0]["subs"]:
        assert "Coordinates" not in excerpt and "Kind" not in excerpt


def _entry_ids(html: str) -> list[str]:
    import re

    return re.findall(r'<h\d class="when" id="t-([ea][0-9a-f]+)"', html)


def _entry_text(html: str, entry_id: str) -> str:
    start = html.index(f'id="t-{entry_id}"')
    return html[start:html.index("</blockquote>", start)]

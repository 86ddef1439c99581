"""An item with more sources than a listing shows: listings show the first ones and link its own page."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from test_render import links_resolve
from test_sitemodel import article, entry, make_site

from sitegen.models import Event, OutletRef
from sitegen.site.model import Site
from sitegen.site.records import SOURCES_LISTED
from sitegen.site.render import render_site

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
SENTENCE = "The bridge reopened on 3 May 2023, officials said."


def wire_site(n: int) -> Site:
    """Return a site with one event reported by `n` articles of `n` outlets (a wire sentence reposted)."""
    outlets = [OutletRef(f"Outlet {i:02d}", f"Outlet {i:02d}", "online", f"outlet-{i:02d}") for i in range(n)]
    arts = tuple(article(f"w{i:02d}", (SENTENCE,), outlet=outlets[i], published=date(2023, 5, 3),
                         published_source="text") for i in range(n))
    entries = tuple(entry(f"w{i:02d}-s0-d1", a, 0, "3 May 2023", "2023-05-03") for i, a in enumerate(arts))
    return make_site(articles=arts, events=(Event(id="wire", value="2023-05-03", precision="day", entries=entries,
                                                  independent_sources=1),))


def lines(html: str) -> int:
    """Return how many source lines the first item of a page lists."""
    start = html.index('<ol class="sources"')
    return html[start:html.index("</ol>", start)].count("<li>")


@pytest.mark.parametrize(("n", "page", "listed"), [
    (SOURCES_LISTED, "", SOURCES_LISTED),
    (SOURCES_LISTED + 1, "entries/wire/index.html", SOURCES_LISTED),
    (40, "entries/wire/index.html", SOURCES_LISTED),
], ids=["as-many-as-listed", "one-more", "forty"])
def test_an_item_gets_its_own_page_past_the_sources_a_listing_shows(n: int, page: str, listed: int) -> None:
    site = wire_site(n)
    item = site.items[0]
    assert (item.sources_page, len(item.listed_sources), len(item.sources)) == (page, listed, n)
    assert item.listed_sources == item.sources[:listed]
    own = [(p.path, p.template, p.producer) for p in site.pages if p.template == "entry.html"]
    assert own == ([(page, "entry.html", "the sources of entry 'wire'")] if page else [])


def test_listings_show_the_first_sources_and_link_the_page_that_shows_them_all() -> None:
    files = render_site(wire_site(12), TEMPLATES)
    assert links_resolve(files) > 100
    index = files["index.html"].decode()
    assert lines(index) == SOURCES_LISTED
    assert ('<p class="more-sources" data-pagefind-ignore><a href="entries/wire/index.html">All 12 sources'
            '<span class="visually-hidden"> of entry wire</span></a> (4 more than listed here)</p>') in index
    outlet = files["sources/outlet-11/index.html"].decode()  # the outlet of a source the listing leaves out
    assert lines(outlet) == SOURCES_LISTED and '<a href="../../entries/wire/index.html">All 12 sources' in outlet
    own = files["entries/wire/index.html"].decode()
    assert lines(own) == 12 and "more-sources" not in own
    assert "<title>3 May 2023: The bridge reopened on 3 May 2023, officials said. — Test chronology</title>" in own
    assert ('<p class="lede">3 May 2023, from 12 sources; the chronology lists the first 8. '
            '<a href="../../index.html#wire">Back to the entry in the chronology</a>.</p>') in own
    assert '<h2 class="when" id="t-wire">' in own and "data-pagefind-body" not in own
    assert '<a class="badge outlet kind-online" href="../../sources/outlet-11/index.html">' in own


def test_an_item_within_the_listed_sources_has_no_page_and_no_link() -> None:
    files = render_site(wire_site(SOURCES_LISTED), TEMPLATES)
    assert not any(path.startswith("entries/") for path in files)
    assert "more-sources" not in files["index.html"].decode()


def test_a_source_quotes_its_sentence_only_when_its_wording_differs() -> None:
    site = wire_site(3)
    other = article("w09", ("Officials said on 3 May 2023 that the bridge had reopened.",), published=date(2023, 5, 4),
                    published_source="text")
    event = site.items[0].event
    reworded = Event(id="wire", value="2023-05-03", precision="day",
                     entries=(*event.entries, entry("w09-s0-d1", other, 0, "3 May 2023", "2023-05-03")))
    arts = tuple(s.article for s in site.items[0].sources if s.article is not None) + (other,)
    index = render_site(make_site(articles=arts, events=(reworded,)), TEMPLATES)["index.html"].decode()
    assert index.count('<q class="also">') == 1
    assert '<br><q class="also">Officials said on 3 May 2023 that the bridge had reopened.</q></li>' in index

"""The one table of output files: each row a path pattern and its producer (a template or a function).

The site model turns the rows into PageSpecs and render writes them; a new export or page kind
is one row here. A row's `each` lists the records it is made for, as (key, path fields, words)
tuples; `when` leaves a row out of a site that does not need it (no base_url: no sitemap).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sitegen.site import exports, feeds
from sitegen.site.fragments import ItemFragments
from sitegen.site.listings import OutletPage, PlacePage
from sitegen.site.records import PageSpec, Site

Each = Callable[[Site], Iterable[tuple[str, dict[str, str], str]]]
Make = Callable[[Site, PageSpec, ItemFragments], bytes]


@dataclass(frozen=True)
class Output:
    """One row of the table: where the file goes, what makes it, for which records."""

    pattern: str  # "sources/{slug}/feed.xml"; fields come from `each`
    producer: str  # who makes it, in words ("outlet feed {name}"), for the duplicate-path error
    template: str = ""  # a Jinja template name, or "" when `make` writes the bytes
    make: Make | None = None
    each: Each | None = None  # None: one file for the site
    when: Callable[[Site], bool] | None = None
    # a template page that lists no items (no item markup to make in two processes): with two workers,
    # the render's forked child makes it beside the exports (sitegen.site.fork)
    apart: bool = False


def _years(site: Site) -> Iterable[tuple[str, dict[str, str], str]]:
    return ((str(y.year), {"year": str(y.year)}, str(y.year)) for y in site.years)


def _month_pages(site: Site) -> Iterable[tuple[str, dict[str, str], str]]:
    return ((p.key, {"year": str(p.year), "month": p.key[5:]}, p.label) for y in site.years for p in y.parts)


def _articles(site: Site) -> Iterable[tuple[str, dict[str, str], str]]:
    return ((a.article.id, {"id": a.article.id}, repr(a.article.id)) for a in site.articles)


def _outlets(site: Site) -> Iterable[tuple[str, dict[str, str], str]]:
    return ((o.outlet.name, {"slug": o.outlet.slug}, repr(o.outlet.name)) for o in site.outlets)


def _listing_years(pages: Iterable[OutletPage | PlacePage]) -> Iterable[tuple[str, dict[str, str], str]]:
    return ((y.path, {"home": y.home.removesuffix("/index.html"), "year": str(y.year)}, f"{y.name!r} in {y.year}")
            for p in pages for y in p.years)


def _item_pages(site: Site) -> Iterable[tuple[str, dict[str, str], str]]:
    return ((i.id, {"path": i.sources_page}, repr(i.id)) for i in site.all_items if i.sources_page)


def _places(site: Site) -> Iterable[tuple[str, dict[str, str], str]]:
    return ((p.slug, {"slug": p.slug}, repr(p.name)) for p in site.places)


def _pages(site: Site) -> Iterable[tuple[str, dict[str, str], str]]:
    return ((p.slug, {"slug": p.slug}, repr(p.source_path or p.slug)) for p in site.config.pages)


OUTPUTS: tuple[Output, ...] = (
    Output("index.html", "the chronology index", "index.html"),
    Output("years/{year}/index.html", "year page {}", "year.html", each=_years, when=lambda s: s.year_pages),
    Output("years/{year}/{month}/index.html", "month page {}", "month.html", each=_month_pages),
    Output("articles/{id}/index.html", "article {}", "article.html", each=_articles, apart=True),
    Output("sources/index.html", "the sources index", "sources.html"),
    Output("sources/{slug}/index.html", "outlet {}", "outlet.html", each=_outlets),
    Output("{home}/{year}/index.html", "outlet {}", "listing.html", each=lambda s: _listing_years(s.outlets)),
    Output("places/{slug}/index.html", "place {}", "place.html", each=_places),
    Output("{home}/{year}/index.html", "place {}", "listing.html", each=lambda s: _listing_years(s.places)),
    Output("background/{year}/index.html", "the background of {}", "listing.html",
           each=lambda s: ((y.path, {"year": str(y.year)}, str(y.year)) for y in s.background_years)),
    Output("{path}", "the sources of entry {}", "entry.html", each=_item_pages),
    Output("{slug}/index.html", "page {}", "page.html", each=_pages),
    Output("corrections/index.html", "the corrections page", "corrections.html"),
    Output("404.html", "the not-found page", "404.html"),
    Output("feed.xml", "the site feed", make=lambda site, spec, made: feeds.site_feed(site, made)),
    Output("corrections/feed.xml", "the corrections feed", make=lambda site, spec, made: feeds.corrections_feed(site)),
    Output("sources/{slug}/feed.xml", "outlet feed {}", each=_outlets,
           make=lambda site, spec, made: feeds.outlet_feed(site, spec.key, made)),
    Output("places/{slug}/feed.xml", "place feed {}", each=_places,
           make=lambda site, spec, made: feeds.place_feed(site, spec.key, made)),
    Output("timeline.json", "the timeline.json export", make=lambda site, spec, made: exports.timeline_json(site, made)),
    Output("timeline.csv", "the timeline.csv export", make=lambda site, spec, made: exports.timeline_csv(site, made)),
    Output("timelinejs.json", "the timelinejs.json export",
           make=lambda site, spec, made: exports.timelinejs_json(site, made)),
    Output("timeline.ics", "the timeline.ics export", make=lambda site, spec, made: exports.timeline_ics(site, made)),
    Output("sitemap.xml", "the sitemap", make=lambda site, spec, made: exports.sitemap_xml(site),
           when=lambda s: bool(s.config.base_url)),
)


def page_specs(site: Site, outputs: tuple[Output, ...] = OUTPUTS) -> tuple[PageSpec, ...]:
    """Return every file the site is made of, in table order, from the rows that apply to it."""
    specs: list[PageSpec] = []
    for row in outputs:
        if row.when is not None and not row.when(site):
            continue
        records = row.each(site) if row.each is not None else (("", {}, ""),)
        for key, fields, words in records:
            specs.append(PageSpec(row.pattern.format(**fields), row.template, row.producer.format(words), key,
                                  row.make, row.apart))
    return tuple(specs)

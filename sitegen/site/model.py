"""The site model: which pages exist and what each shows, computed from the build's records (pure).

The records themselves live in sitegen.site.records (re-exported here); the outputs table in
sitegen.site.outputs says which files the pages and exports become.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date, datetime, timezone
from functools import partial
from typing import Any

from sitegen.badges.places import Gazetteer
from sitegen.models import Article, Entry, Event, OutletRef, Phase, PlaceTag, SiteConfig
from sitegen.site.chronology import (
    YEAR_PAGES_THRESHOLD,
    ChronologyPages,
    group_years,
    jump_years,
    section_key,
    section_order,
)
from sitegen.site.corrections import build_notices
from sitegen.site.listings import ArticleView, OutletPage, PlacePage, YearListing
from sitegen.site.records import (
    SOURCES_LISTED,
    Facet,
    Facets,
    Item,
    Month,
    MonthCount,
    PageSpec,
    Site,
    Source,
    Year,
)
from sitegen.site.reuse import Reuse
from sitegen.site.search import search_available
from sitegen.site.values import badge_legend, period_of, split_mention, time_attr
from sitegen.temporal import timex
from sitegen.text.headline import Headlines, load_headlines
from sitegen.text.normalize import slugify

__all__ = ["ArticleView", "Facet", "Facets", "Item", "Month", "MonthCount", "OutletPage", "PageSpec", "PlacePage",
           "Site", "Source", "Year", "YearListing", "badge_legend", "build_site", "split_mention", "time_attr"]

BACKGROUND_FOLDER = "background/"  # where the background's year pages go when it is that long
ITEM_FOLDER = "entries/"  # where an item with more sources than a listing shows gets its own page

CLAIM_ORDER = ("stated", "attributed", "unverified")
CLAIM_WORDS = {"stated": "Stated by the outlet", "attributed": "Attributed claim", "unverified": "Unverified claim"}


def _phase_slug(phase: Phase) -> Phase:
    return phase if phase.slug else replace(phase, slug=slugify(phase.name, empty="item"))


def phase_by_overlap(first: date, last: date, phases: tuple[Phase, ...], *, longer: bool = False) -> Phase | None:
    """Return the phase sharing the most days with first..last (the earlier on a tie), None when none does.

    An entry's period longer than a phase is not in it ("2022" is no part of a month-long phase it
    touches); `longer=True` allows it, for the overview's months, which shade every phase they touch.
    """
    best: Phase | None = None
    best_days = 0
    for p in phases:
        days = (min(last, p.end) - max(first, p.start)).days + 1
        if days > best_days and (longer or (last - first) <= (p.end - p.start)):
            best, best_days = p, days
    return best


def _month_keys(first: date, last: date) -> list[str]:
    keys, y, m = [], first.year, first.month
    while (y, m) <= (last.year, last.month):
        keys.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return keys


def _place_facts(places: Gazetteer | None, slug: str) -> dict[str, Any]:
    if places is None:
        return {}
    try:
        place = places.place(slug)
    except KeyError:
        return {}
    return {"lat": place.lat, "lon": place.lon, "kind": place.kind, "country": place.country}


def _event_sort_key(event: Event) -> tuple[Any, ...]:
    first = event.entries[0]
    return (timex.sort_key(event.value), first.article or "", first.id, event.id)


def _in_span(first: date, last: date, config: SiteConfig) -> bool:
    """Return True unless the whole period lies outside the span (background)."""
    return first <= config.span_end and last >= config.span_start


def _make_item(event: Event, page: str, *, articles: Mapping[str, Article], config: SiteConfig,
               phases: tuple[Phase, ...], headlines: Headlines) -> Item | None:
    visible = tuple(e for e in event.entries if not e.hidden)
    if not visible:
        return None
    sources = tuple(Source(e, articles.get(e.article) if e.article else None) for e in visible)
    first, last = period_of(event.value, event.end_value)
    outlets: dict[str, OutletRef] = {}
    places: dict[str, PlaceTag] = {}
    for s in sources:
        if s.outlet is not None:
            outlets.setdefault(s.outlet.slug, s.outlet)
        for p in s.entry.places:
            places.setdefault(p.slug, p)
    dated = [s for s in sources if not s.corroborates] or list(sources)
    best = min(dated, key=lambda s: _claim_rank(s.entry.claim.status))
    distinct_articles = len({s.entry.article or s.entry.id for s in sources})
    rep = sources[0].entry
    headline = event.headline or rep.headline
    return Item(
        event=event if len(visible) == len(event.entries) else replace(event, entries=visible),
        sources=sources,
        in_span=_in_span(first, last, config),
        page=page,
        phase=phase_by_overlap(first, last, phases),
        outlets=tuple(outlets[k] for k in sorted(outlets)),
        places=tuple(places[k] for k in sorted(places)),
        claim=best.entry.claim.status,
        claim_by=best.entry.claim.by,
        independent_sources=max(1, min(event.independent_sources, distinct_articles)),
        estimated=any(s.entry.estimated for s in dated),
        title=headline or headlines.headline(rep.text),
        section=section_key(event.value),
        sources_page=f"{ITEM_FOLDER}{event.id}/index.html" if len(sources) > SOURCES_LISTED else "",
    )


def _claim_rank(status: str) -> int:
    return CLAIM_ORDER.index(status) if status in CLAIM_ORDER else len(CLAIM_ORDER)


def _build_stamp(build_epoch: int | None) -> str | None:
    if build_epoch is None:
        return None
    moment = datetime.fromtimestamp(build_epoch, timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M UTC")


# ------------------------------------------------------------------ the model


def build_site(config: SiteConfig, articles: tuple[Article, ...], events: tuple[Event, ...],
               places: Gazetteer | None, *, build_epoch: int | None,
               headlines: Headlines | None = None, reuse: Reuse | None = None) -> Site:
    """Group, sort and index everything the pages show; no I/O, no clock.

    `reuse`: the items of an earlier build of this process, taken for events it handed on unchanged (same site)."""
    from sitegen.site.outputs import page_specs  # the outputs table reads the finished model

    by_id = {a.id: a for a in articles}
    phases = tuple(_phase_slug(p) for p in config.phases)
    trim = headlines if headlines is not None else load_headlines()
    ordered = sorted((e for e in events if e.entries), key=_event_sort_key)

    # the events with a visible entry (no other makes an item), each with its first day and whether it is in the span
    shown = [(e, first, _in_span(first, last, config)) for e in ordered if any(not x.hidden for x in e.entries)
             for first, last in (period_of(e.value, e.end_value),)]
    chronology = ChronologyPages(e.value for e, _, in_span in shown if in_span)
    outside = [first.year for _, first, in_span in shown if not in_span]
    background_pages = _listed_by_year(len(outside), set(outside))  # as year_listings will find them

    items: list[Item] = []
    background: list[Item] = []
    when: dict[int, tuple[int, int]] = {}  # by an item's id(): the year it starts in, its place in time order
    make = partial(_make_item, articles=by_id, config=config, phases=phases, headlines=trim)
    for event, first, in_span in shown:
        if in_span:
            page = chronology.page(event.value)
        else:
            page = f"{BACKGROUND_FOLDER}{first.year}/index.html" if background_pages else "index.html"
        item = make(event, page) if reuse is None else reuse.item(event, page, by_id, make)
        if item is None:
            continue
        when[id(item)] = (first.year, len(when))  # the items are made in time order: its place in it
        (items if item.in_span else background).append(item)

    years = group_years(items, chronology)
    if reuse is not None:  # a year equal to the last build's stays its very record, as do the pages' records below
        years = reuse.same("years", years, lambda y: y.year)
    items = [i for y in years for m in y.months for i in m.items]  # the order the pages show
    months = _month_counts(config, phases, items)

    everything = items + background
    by_article = _entries_by_article(everything)
    article_views = tuple(_article_view(a, by_article.get(a.id, [])) for a in sorted(articles, key=lambda a: a.id))
    outlet_pages = tuple(replace(o, years=year_listings(o.outlet.name, o.path, o.items, kind="outlet", when=when))
                         for o in _outlet_pages(articles, everything))
    place_pages = tuple(replace(p, years=year_listings(p.name, p.path, p.items, kind="place", when=when)) for p in (
        PlacePage(slug=slug, name=name, items=tuple(its), **_place_facts(places, slug))
        for slug, (name, its) in sorted(_by_place(everything).items())
    ))
    if reuse is not None:
        article_views = reuse.same("articles", article_views, lambda v: v.article.id)
        outlet_pages = reuse.same("outlets", outlet_pages, lambda o: o.outlet.slug)
        place_pages = reuse.same("places", place_pages, lambda p: p.slug)
    notices = build_notices(_corrected_entries(everything, events), articles, {a.id: a.title for a in articles})
    additions = tuple(item for item in everything if any(s.entry.kind == "added" for s in item.sources))
    legend = badge_legend()

    site = Site(
        config=config,
        years=years,
        background=tuple(background),
        articles=article_views,
        outlets=outlet_pages,
        places=place_pages,
        phases=phases,
        notices=notices,
        legend=legend,
        months=months,
        pages=(),
        build_stamp=_build_stamp(build_epoch),
        search_enabled=search_available(),
        year_pages=chronology.year_pages,
        claim_legend=badge_legend("claim"),
        cite_legend=badge_legend("cite"),
        additions=additions,
        facets=_facets(everything, {b.kind: b.label for b in legend}, phases),
        background_years=year_listings("Background", "index.html", tuple(background), kind="background",
                                       folder=BACKGROUND_FOLDER, when=when),
        jump=jump_years(years),
    )
    return replace(site, pages=page_specs(site))


def _month_counts(config: SiteConfig, phases: tuple[Phase, ...], items: list[Item]) -> tuple[MonthCount, ...]:
    counts: dict[str, int] = {}
    pages: dict[str, str] = {}
    headings: dict[str, set[str]] = {}
    for item in items:
        if timex.span(item.event.value).precision in ("day", "week", "month"):
            counts[item.month] = counts.get(item.month, 0) + 1
            pages.setdefault(item.month, item.page)
            headings.setdefault(item.month, set()).add(item.section or item.month)
    out = []
    for key in _month_keys(config.span_start, config.span_end):
        s = timex.span(key)
        phase = phase_by_overlap(max(s.first, config.span_start), min(s.last, config.span_end), phases, longer=True)
        held = headings.get(key, set())
        heading = key if key in held or not held else min(held, key=section_order)
        out.append(MonthCount(key, timex.label(key), counts.get(key, 0), phase, pages.get(key, ""), heading))
    return tuple(out)


def _entries_by_article(items: list[Item]) -> dict[str, list[tuple[Entry, Item]]]:
    """Index every (entry, item) pair by the entry's article id, in item then source order (one pass)."""
    out: dict[str, list[tuple[Entry, Item]]] = {}
    for item in items:
        for s in item.sources:
            if s.entry.article is not None:
                out.setdefault(s.entry.article, []).append((s.entry, item))
    return out


def _article_view(article: Article, pairs: list[tuple[Entry, Item]]) -> ArticleView:
    ordered = sorted(pairs, key=lambda p: (p[0].sentence_index if p[0].sentence_index is not None else 10**9,
                                           timex.sort_key(p[0].value), p[0].id))
    return ArticleView(article, tuple(ordered))


def _outlet_pages(articles: tuple[Article, ...], items: list[Item]) -> tuple[OutletPage, ...]:
    outlets: dict[tuple[str, str], OutletRef] = {}
    arts_of: dict[str, list[Article]] = {}
    for a in articles:
        if a.outlet is not None:
            outlets.setdefault((a.outlet.slug, a.outlet.name), a.outlet)
            arts_of.setdefault(a.outlet.name, []).append(a)
    items_of: dict[str, list[Item]] = {}  # outlet name -> items any of whose sources it published
    for item in items:
        for name in dict.fromkeys(s.outlet.name for s in item.sources if s.outlet is not None):
            items_of.setdefault(name, []).append(item)
    pages = []
    for key in sorted(outlets):
        ref = outlets[key]
        arts = tuple(sorted(arts_of.get(ref.name, ()), key=lambda a: a.id))
        pages.append(OutletPage(ref, tuple(items_of.get(ref.name, ())), arts))
    return tuple(pages)


def _listed_by_year(count: int, years: set[int]) -> bool:
    """Return True when a list of `count` items over `years` is too long for one page and splits by year."""
    return count > YEAR_PAGES_THRESHOLD and len(years) >= 2


def year_listings(name: str, home: str, items: tuple[Item, ...], *, kind: str, folder: str = "",
                  when: Mapping[int, tuple[int, int]]) -> tuple[YearListing, ...]:
    """Return an outlet's or a place's items (or the background) by year, in time order, when they are too
    many for one page and span two years or more; else () (the page lists them itself).

    `when`: by each item's id(), the year it starts in and its place in time order, worked out once for all
    listings (an item is listed by its outlets and its places)."""
    of_year: dict[int, list[tuple[int, Item]]] = {}
    for item in items:
        year, order = when[id(item)]
        of_year.setdefault(year, []).append((order, item))
    if not _listed_by_year(len(items), set(of_year)):
        return ()
    years = tuple(sorted(of_year))
    # places in time order are distinct: the items themselves are never compared
    return tuple(YearListing(name, home, y, years, tuple(i for _, i in sorted(of_year[y])), kind, folder)
                 for y in years)


def _by_place(items: list[Item]) -> dict[str, tuple[str, list[Item]]]:
    out: dict[str, tuple[str, list[Item]]] = {}
    for item in items:
        for p in item.places:
            out.setdefault(p.slug, (p.name, []))[1].append(item)
    return out


def _facets(items: Iterable[Item], kind_labels: Mapping[str, str], phases: tuple[Phase, ...]) -> Facets:
    """Count, over the items the filters act on, each value a filter could offer; keep the present ones."""
    outlets: dict[str, list[Any]] = {}
    kinds: dict[str, int] = {}
    places: dict[str, list[Any]] = {}
    claims: dict[str, int] = {}
    phase_counts: dict[str, int] = {}
    corroborated = 0
    for item in items:
        for o in item.outlets:
            outlets.setdefault(o.slug, [o.name, 0])[1] += 1
        for k in item.kinds:
            kinds[k] = kinds.get(k, 0) + 1
        for p in item.places:
            places.setdefault(p.slug, [p.name, 0])[1] += 1
        claims[item.claim] = claims.get(item.claim, 0) + 1
        if item.phase is not None:
            phase_counts[item.phase.slug] = phase_counts.get(item.phase.slug, 0) + 1
        corroborated += item.corroborated
    return Facets(
        outlets=tuple(Facet(slug, name, n) for slug, (name, n) in sorted(outlets.items(), key=lambda kv: (kv[1][0].casefold(), kv[0]))),
        kinds=tuple(Facet(k, kind_labels.get(k, k), kinds[k]) for k in kind_labels if k in kinds)
        + tuple(Facet(k, k, n) for k, n in sorted(kinds.items()) if k not in kind_labels),
        places=tuple(Facet(slug, name, n) for slug, (name, n) in sorted(places.items(), key=lambda kv: (kv[1][0].casefold(), kv[0]))),
        claims=tuple(Facet(c, CLAIM_WORDS[c], claims[c]) for c in CLAIM_ORDER if c in claims),
        phases=tuple(Facet(p.slug, p.name, phase_counts[p.slug]) for p in phases if p.slug in phase_counts),
        corroborated=corroborated,
    )


def _corrected_entries(items: list[Item], events: tuple[Event, ...]) -> list[tuple[Entry, str, str, str]]:
    """(entry, href, date label, time value) of every entry an editor corrected, added or hid."""
    out = [(s.entry, f"{item.page}#{s.entry.id}", timex.range_label(s.entry.value, s.entry.end_value),
            time_attr(s.entry.value))
           for item in items for s in item.sources
           if s.entry.corrections or s.entry.corrected or s.entry.kind == "added"]
    out += [(e, f"articles/{e.article}/index.html" if e.article else "", timex.range_label(e.value, e.end_value),
             time_attr(e.value)) for ev in events for e in ev.entries if e.hidden]
    return out

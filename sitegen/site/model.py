"""The site model: which pages exist and what each shows, computed from the build's records (pure)."""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from sitegen.badges import BadgeKind
from sitegen.badges._kinds import badge_kinds
from sitegen.models import Article, Entry, Event, OutletRef, Phase, PlaceTag, SiteConfig
from sitegen.site.corrections import Notice, build_notices
from sitegen.temporal import timex
from sitegen.text.normalize import slugify

if TYPE_CHECKING:  # the knowledge bundle is only read through duck-typed look-ups
    from sitegen.knowledge import Knowledge

# Above this many chronology items, each year gets its own page.
YEAR_PAGES_THRESHOLD = 400

CLAIM_ORDER = ("stated", "attributed", "unverified")

@dataclass(frozen=True)
class Source:
    """One member entry of a timeline item, with the article it came from."""

    entry: Entry
    article: Article | None

    @property
    def outlet(self) -> OutletRef | None:
        """Return the outlet of the entry's article, if known."""
        return self.article.outlet if self.article else None

    @property
    def via(self) -> OutletRef | None:
        """Return the original reporter the article credits, if any."""
        return self.article.via if self.article else None

    @property
    def highlight(self) -> tuple[str, str, str]:
        """Return the sentence split as (before, date mention, after); mention '' when not found."""
        return split_mention(self.entry, self.article)


@dataclass(frozen=True)
class Item:
    """A timeline item as pages show it: an event with its visible sources and filter facts.

    Its derived facts are cached properties: an item shows on several pages and in every export.
    """

    event: Event
    sources: tuple[Source, ...]  # the first is the representative
    in_span: bool
    page: str  # output path of the chronology page that holds it
    phase: Phase | None
    outlets: tuple[OutletRef, ...]
    places: tuple[PlaceTag, ...]
    claim: str  # strongest claim status among the sources
    claim_by: str | None
    independent_sources: int
    estimated: bool

    @property
    def id(self) -> str:
        """Return the event id (the permalink anchor)."""
        return self.event.id

    @property
    def entry(self) -> Entry:
        """Return the representative entry."""
        return self.sources[0].entry

    @property
    def article(self) -> Article | None:
        """Return the representative entry's article."""
        return self.sources[0].article

    @cached_property
    def label(self) -> str:
        """Return the human date label ('6 April 2022', 'May 2024 – June 2024')."""
        return timex.range_label(self.event.value, self.event.end_value)

    @cached_property
    def time_value(self) -> str:
        """Return the `<time datetime>` value at the event's precision."""
        return time_attr(self.event.value)

    @cached_property
    def contract_date(self) -> str:
        """Return the contract date (YYYY, YYYY-MM or YYYY-MM-DD)."""
        return timex.contract_date(self.event.value)

    @cached_property
    def precision(self) -> str:
        """Return the contract precision."""
        return timex.contract_precision(self.event.value)

    @cached_property
    def month(self) -> str:
        """Return the YYYY-MM key of the month the item is listed under."""
        first = timex.span(self.event.value).first
        return f"{first.year:04d}-{first.month:02d}"

    @property
    def headline(self) -> str | None:
        """Return the editor's or merger's headline, if any."""
        return self.event.headline or self.entry.headline

    @property
    def corroborated(self) -> bool:
        """Return True when at least two independent sources report the item."""
        return self.independent_sources >= 2

    @cached_property
    def corrected(self) -> tuple[Entry, ...]:
        """Return the member entries an editor corrected."""
        return tuple(s.entry for s in self.sources if s.entry.corrected)

    @cached_property
    def anchors(self) -> tuple[str, ...]:
        """Return member entry ids other than the event id (extra permalink anchors)."""
        seen = {self.event.id}
        out: list[str] = []
        for s in self.sources:
            if s.entry.id not in seen:
                seen.add(s.entry.id)
                out.append(s.entry.id)
        return tuple(out)

    @cached_property
    def kinds(self) -> tuple[str, ...]:
        """Return the distinct outlet kinds of the sources."""
        return tuple(sorted({o.kind for o in self.outlets}))

    @cached_property
    def updated(self) -> date:
        """Return the deterministic 'last changed' day: latest source publication, else the start day."""
        days = [s.article.published for s in self.sources if s.article and s.article.published]
        return max(days) if days else timex.span(self.event.value).first


@dataclass(frozen=True)
class Month:
    """One month of the chronology with its items."""

    key: str  # YYYY-MM
    label: str  # "May 2024"
    items: tuple[Item, ...]

    @property
    def anchor(self) -> str:
        """Return the month's anchor id ('m-2024-05')."""
        return f"m-{self.key}"


@dataclass(frozen=True)
class Year:
    """One year of the chronology with its months."""

    year: int
    months: tuple[Month, ...]
    page: str  # output path that lists it

    @property
    def anchor(self) -> str:
        """Return the year's anchor id ('y-2024')."""
        return f"y-{self.year}"

    @property
    def count(self) -> int:
        """Return the number of items in the year."""
        return sum(len(m.items) for m in self.months)


@dataclass(frozen=True)
class MonthCount:
    """One bar of the overview: a month of the span, its item count and phase."""

    key: str
    label: str
    count: int
    phase: Phase | None
    page: str  # the chronology page holding the month ("" when it has no items)


@dataclass(frozen=True)
class OutletPage:
    """An outlet with every visible item it reported and its articles."""

    outlet: OutletRef
    items: tuple[Item, ...]
    articles: tuple[Article, ...]

    @property
    def path(self) -> str:
        """Return the outlet page's output path."""
        return f"sources/{self.outlet.slug}/index.html"


@dataclass(frozen=True)
class PlacePage:
    """A place with the items that mention it and, when the gazetteer knows them, coordinates."""

    slug: str
    name: str
    items: tuple[Item, ...]
    lat: float | None = None
    lon: float | None = None
    kind: str = ""
    country: str = ""

    @property
    def path(self) -> str:
        """Return the place page's output path."""
        return f"places/{self.slug}/index.html"

    @property
    def osm_url(self) -> str | None:
        """Return an OpenStreetMap link for the coordinates, if known."""
        if self.lat is None or self.lon is None:
            return None
        return f"https://www.openstreetmap.org/?mlat={self.lat:.5f}&mlon={self.lon:.5f}#map=10/{self.lat:.4f}/{self.lon:.4f}"


@dataclass(frozen=True)
class ArticleView:
    """An article page: the article and its visible entries in body order."""

    article: Article
    entries: tuple[tuple[Entry, Item], ...]

    @property
    def path(self) -> str:
        """Return the article page's output path."""
        return f"articles/{self.article.id}/index.html"


@dataclass(frozen=True)
class PageSpec:
    """One output file to produce: its path, the template or writer, and what it shows."""

    path: str
    template: str  # a template name, or "feed" / "export" for files made in Python
    producer: str  # who makes it, in words, for the duplicate-path error
    key: str = ""  # the id of the record it shows (article id, slug, year, page slug)


@dataclass(frozen=True)
class Site:
    """Everything the renderer needs; no page is computed in templates."""

    config: SiteConfig
    years: tuple[Year, ...]
    background: tuple[Item, ...]
    articles: tuple[ArticleView, ...]
    outlets: tuple[OutletPage, ...]
    places: tuple[PlacePage, ...]
    phases: tuple[Phase, ...]
    notices: tuple[Notice, ...]  # the corrections page and feed, newest first
    legend: tuple[BadgeKind, ...]  # outlet kinds
    months: tuple[MonthCount, ...]
    pages: tuple[PageSpec, ...]
    build_stamp: str | None
    search_enabled: bool
    year_pages: bool
    claim_legend: tuple[BadgeKind, ...] = ()
    cite_legend: tuple[BadgeKind, ...] = ()

    @cached_property
    def items(self) -> tuple[Item, ...]:
        """Return the in-span chronology items in order."""
        return tuple(i for y in self.years for m in y.months for i in m.items)

    @cached_property
    def all_items(self) -> tuple[Item, ...]:
        """Return chronology items then background items."""
        return self.items + self.background

    @cached_property
    def kind_labels(self) -> Mapping[str, str]:
        """Return outlet kind -> words shown on the badge (read-only: it is computed once and shared)."""
        return MappingProxyType({b.kind: b.label for b in self.legend})


# ------------------------------------------------------------------ helpers


def time_attr(value: str) -> str:
    """Return a valid `<time datetime>` value at the precision of a TIMEX value."""
    s = timex.span(value)
    if s.precision == "day":
        return s.first.isoformat()
    if s.precision == "week":
        return value  # YYYY-Www is a valid week string
    if s.precision == "year":
        return f"{s.first.year:04d}"
    return f"{s.first.year:04d}-{s.first.month:02d}"


def split_mention(entry: Entry, article: Article | None) -> tuple[str, str, str]:
    """Split an entry's text around its date mention; ('text', '', '') when it cannot be placed."""
    text, where = entry.text, entry.mention_span
    if where is None:
        return (text, "", "")
    start, end = where
    return (text[:start], text[start:end], text[end:])


def badge_legend(group: str = "outlet") -> tuple[BadgeKind, ...]:
    """Return one group of badge kinds (outlet, cite, claim) from the packaged badges YAML."""
    return tuple(badge_kinds(group).values())


def _phase_slug(phase: Phase) -> Phase:
    return phase if phase.slug else replace(phase, slug=slugify(phase.name, empty="item"))


def _phase_of(day: date, phases: tuple[Phase, ...]) -> Phase | None:
    return next((p for p in phases if p.start <= day <= p.end), None)


def _month_keys(first: date, last: date) -> list[str]:
    keys, y, m = [], first.year, first.month
    while (y, m) <= (last.year, last.month):
        keys.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return keys


def _month_label(key: str) -> str:
    return timex.label(key)


def _place_facts(knowledge: Knowledge | None, slug: str) -> dict[str, Any]:
    gazetteer = getattr(knowledge, "places", None)
    look_up = getattr(gazetteer, "place", None)
    if look_up is None:
        return {}
    try:
        place = look_up(slug)
    except (KeyError, LookupError, ValueError):
        return {}
    if place is None:
        return {}
    return {"lat": getattr(place, "lat", None), "lon": getattr(place, "lon", None),
            "kind": getattr(place, "kind", ""), "country": getattr(place, "country", "")}


def _event_sort_key(event: Event) -> tuple[Any, ...]:
    first = event.entries[0]
    return (timex.sort_key(event.value), first.article or "", first.id, event.id)


def _make_item(event: Event, articles: Mapping[str, Article], config: SiteConfig,
               phases: tuple[Phase, ...], page: str) -> Item | None:
    visible = tuple(e for e in event.entries if not e.hidden)
    if not visible:
        return None
    sources = tuple(Source(e, articles.get(e.article) if e.article else None) for e in visible)
    first_day = timex.span(event.value).first
    outlets: dict[str, OutletRef] = {}
    places: dict[str, PlaceTag] = {}
    for s in sources:
        if s.outlet is not None:
            outlets.setdefault(s.outlet.slug, s.outlet)
        for p in s.entry.places:
            places.setdefault(p.slug, p)
    best = min(sources, key=lambda s: _claim_rank(s.entry.claim.status))
    distinct_articles = len({s.entry.article or s.entry.id for s in sources})
    return Item(
        event=replace(event, entries=visible),
        sources=sources,
        in_span=config.span_start <= first_day <= config.span_end,
        page=page,
        phase=_phase_of(first_day, phases),
        outlets=tuple(outlets[k] for k in sorted(outlets)),
        places=tuple(places[k] for k in sorted(places)),
        claim=best.entry.claim.status,
        claim_by=best.entry.claim.by,
        independent_sources=max(1, min(event.independent_sources, distinct_articles)),
        estimated=any(s.entry.estimated for s in sources),
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
               knowledge: Knowledge | None, *, build_epoch: int | None) -> Site:
    """Group, sort and index everything the pages show; no I/O, no clock."""
    by_id = {a.id: a for a in articles}
    phases = tuple(_phase_slug(p) for p in config.phases)
    ordered = sorted((e for e in events if e.entries), key=_event_sort_key)

    in_span_count = sum(1 for e in ordered
                        if config.span_start <= timex.span(e.value).first <= config.span_end
                        and any(not x.hidden for x in e.entries))
    year_pages = in_span_count > YEAR_PAGES_THRESHOLD

    items: list[Item] = []
    background: list[Item] = []
    for event in ordered:
        first_day = timex.span(event.value).first
        in_span = config.span_start <= first_day <= config.span_end
        page = f"years/{first_day.year}/index.html" if (in_span and year_pages) else "index.html"
        item = _make_item(event, by_id, config, phases, page)
        if item is None:
            continue
        (items if item.in_span else background).append(item)

    years = _group_years(items, year_pages)
    months = _month_counts(config, phases, items)

    everything = items + background
    by_article = _entries_by_article(everything)
    article_views = tuple(_article_view(a, by_article.get(a.id, [])) for a in sorted(articles, key=lambda a: a.id))
    outlet_pages = _outlet_pages(articles, everything)
    place_pages = tuple(
        PlacePage(slug=slug, name=name, items=tuple(its), **_place_facts(knowledge, slug))
        for slug, (name, its) in sorted(_by_place(everything).items())
    )
    notices = build_notices(_corrected_entries(everything, events), articles, {a.id: a.title for a in articles})

    site = Site(
        config=config,
        years=years,
        background=tuple(background),
        articles=article_views,
        outlets=outlet_pages,
        places=place_pages,
        phases=phases,
        notices=notices,
        legend=badge_legend(),
        months=months,
        pages=(),
        build_stamp=_build_stamp(build_epoch),
        search_enabled=importlib.util.find_spec("pagefind") is not None,
        year_pages=year_pages,
        claim_legend=badge_legend("claim"),
        cite_legend=badge_legend("cite"),
    )
    return replace(site, pages=_page_specs(site))


def _corrected_entries(items: list[Item], events: tuple[Event, ...]) -> list[tuple[Entry, str, str, str]]:
    """(entry, href, date label, time value) of every entry an editor corrected, added or hid."""
    out = [(s.entry, f"{item.page}#{s.entry.id}", timex.range_label(s.entry.value, s.entry.end_value),
            time_attr(s.entry.value))
           for item in items for s in item.sources
           if s.entry.corrections or s.entry.corrected or s.entry.kind == "added"]
    out += [(e, f"articles/{e.article}/index.html" if e.article else "", timex.range_label(e.value, e.end_value),
             time_attr(e.value)) for ev in events for e in ev.entries if e.hidden]
    return out


def _group_years(items: list[Item], year_pages: bool) -> tuple[Year, ...]:
    years: dict[int, dict[str, list[Item]]] = {}
    for item in items:
        key = item.month
        years.setdefault(int(key[:4]), {}).setdefault(key, []).append(item)
    return tuple(
        Year(
            year=y,
            months=tuple(Month(k, _month_label(k), tuple(v)) for k, v in sorted(months.items())),
            page=f"years/{y}/index.html" if year_pages else "index.html",
        )
        for y, months in sorted(years.items())
    )


def _month_counts(config: SiteConfig, phases: tuple[Phase, ...], items: list[Item]) -> tuple[MonthCount, ...]:
    counts: dict[str, int] = {}
    pages: dict[str, str] = {}
    for item in items:
        if timex.span(item.event.value).precision in ("day", "week", "month"):
            counts[item.month] = counts.get(item.month, 0) + 1
        pages.setdefault(item.month, item.page)
    out = []
    for key in _month_keys(config.span_start, config.span_end):
        first = date(int(key[:4]), int(key[5:]), 1)
        phase = _phase_of(max(first, config.span_start), phases) or next(
            (p for p in phases if p.start.strftime("%Y-%m") <= key <= p.end.strftime("%Y-%m")), None)
        out.append(MonthCount(key, _month_label(key), counts.get(key, 0), phase, pages.get(key, "")))
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


def _by_place(items: list[Item]) -> dict[str, tuple[str, list[Item]]]:
    out: dict[str, tuple[str, list[Item]]] = {}
    for item in items:
        for p in item.places:
            out.setdefault(p.slug, (p.name, []))[1].append(item)
    return out


def _page_specs(site: Site) -> tuple[PageSpec, ...]:
    specs = [PageSpec("index.html", "index.html", "the chronology index")]
    if site.year_pages:
        specs += [PageSpec(y.page, "year.html", f"year page {y.year}", str(y.year)) for y in site.years]
    specs += [PageSpec(a.path, "article.html", f"article {a.article.id!r}", a.article.id) for a in site.articles]
    specs += [PageSpec(o.path, "outlet.html", f"outlet {o.outlet.name!r}", o.outlet.name) for o in site.outlets]
    specs += [PageSpec(p.path, "place.html", f"place {p.name!r}", p.slug) for p in site.places]
    specs += [PageSpec(f"{p.slug}/index.html", "page.html", f"page {p.source_path or p.slug!r}", p.slug)
              for p in site.config.pages]
    specs.append(PageSpec("corrections/index.html", "corrections.html", "the corrections page"))
    specs.append(PageSpec("404.html", "404.html", "the not-found page"))
    specs.append(PageSpec("feed.xml", "feed:site", "the site feed"))
    specs.append(PageSpec("corrections/feed.xml", "feed:corrections", "the corrections feed"))
    specs += [PageSpec(f"sources/{o.outlet.slug}/feed.xml", "feed:outlet", f"outlet feed {o.outlet.name!r}",
                       o.outlet.name) for o in site.outlets]
    specs += [PageSpec(f"places/{p.slug}/feed.xml", "feed:place", f"place feed {p.name!r}", p.slug)
              for p in site.places]
    for name in ("timeline.json", "timeline.csv", "timelinejs.json", "timeline.ics"):
        specs.append(PageSpec(name, f"export:{name}", f"the {name} export"))
    if site.config.base_url:
        specs.append(PageSpec("sitemap.xml", "export:sitemap.xml", "the sitemap"))
    return tuple(specs)

"""The site's records: what each page shows, frozen, computed by sitegen.site.model (pure)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from types import MappingProxyType

from sitegen.badges import BadgeKind
from sitegen.models import CORROBORATION, Article, Entry, Event, OutletRef, Phase, PlaceTag, SiteConfig
from sitegen.site.corrections import Notice
from sitegen.site.listings import ArticleView, JumpYear, MonthPage, OutletPage, PlacePage, YearListing
from sitegen.site.values import period_of, split_mention, time_attr
from sitegen.temporal import timex

# A listing shows this many of an item's sources; an item with more gets a page of its own that shows them all
# (a wire sentence in 900 articles would otherwise repeat its 900 source lines on every page that lists it).
SOURCES_LISTED = 8


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

    @property
    def corroborates(self) -> bool:
        """Return True for an undated sentence that joined the event as corroboration (no date of its own)."""
        return self.entry.kind == CORROBORATION


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
    title: str = ""  # the short headline shown: the editor's, else the sentence with leading connectives trimmed
    section: str = ""  # the key of the heading the item sits under (YYYY-MM, YYYY-Www, YYYY-FA, YYYY)
    sources_page: str = ""  # the output path of the item's own page, when it has more sources than a listing shows

    def digest_values(self) -> tuple[object, ...]:
        """Return what stands for the item in its fingerprint (sitegen.digest): every field, but the sources as
        their articles when their entries are the event's (as the site model makes them), not as entries twice."""
        entries = self.event.entries
        sources: object = self.sources
        if len(self.sources) == len(entries) and all(s.entry is e for s, e in zip(self.sources, entries)):
            sources = ("articles", tuple([s.article for s in self.sources]))
        return (self.event, sources, self.in_span, self.page, self.phase, self.outlets, self.places, self.claim,
                self.claim_by, self.independent_sources, self.estimated, self.title, self.section, self.sources_page)

    @property
    def id(self) -> str:
        """Return the event id (the permalink anchor)."""
        return self.event.id

    @property
    def listed_sources(self) -> tuple[Source, ...]:
        """Return the sources a listing shows: all, or the first SOURCES_LISTED when the item has a page of its own."""
        return self.sources[:SOURCES_LISTED] if self.sources_page else self.sources

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
        """Return the YYYY-MM key of the month the item starts in."""
        first = timex.span(self.event.value).first
        return f"{first.year:04d}-{first.month:02d}"

    @cached_property
    def period(self) -> tuple[date, date]:
        """Return the first and last day the item's date covers (through the end of a range)."""
        return period_of(self.event.value, self.event.end_value)

    @property
    def editor(self) -> bool:
        """Return True for an entry the editors added (it cites a report, not an article of the collection)."""
        return self.entry.kind == "added"

    @cached_property
    def actors(self) -> tuple[str, ...]:
        """Return the governments the sources name through their capitals ("Kiev launched"), once each."""
        return tuple(dict.fromkeys(a for s in self.sources for a in s.entry.actors))

    @cached_property
    def cited(self) -> tuple[str, ...]:
        """Return the names the sources cite, once each (a wire story in 500 articles cites its source once)."""
        return tuple(dict.fromkeys(c.name for s in self.sources for c in s.entry.cites))

    @cached_property
    def badges(self) -> tuple[str, ...]:
        """Return the entry's badges in words, as the page shows them (for feeds and exports)."""
        out: list[str] = []
        if self.editor:
            out.append("editor: added with its citation")
        if self.corroborated:
            out.append(f"reported by {self.independent_sources} independent sources")
        if self.corroborations:
            out.append(f"corroborated by {self.corroborations} undated "
                       f"{'report' if self.corroborations == 1 else 'reports'} of another article")
        out += [f"sources disagree on the {c.field}: {' / '.join(c.values)}" for c in self.event.conflicts]
        if self.claim == "attributed":
            out.append(f"Claim: {self.claim_by or 'attributed'}")
        elif self.claim == "unverified":
            out.append("Unverified" + (f": {self.claim_by}" if self.claim_by else ""))
        elif not self.editor:
            out.append("Stated by the outlet")
        out += [f"cites {name}" for name in self.cited]
        out += [f"actor: {a}" for a in self.actors]
        out += [f"place: {p.name}" for p in self.places]
        if self.estimated:
            out.append("estimated date")
        out += ["corrected" + (f": {e.note}" if e.note else "") for e in self.corrected]
        return tuple(out)

    @cached_property
    def corroborations(self) -> int:
        """Return how many undated sentences of other articles corroborate the item."""
        return sum(1 for s in self.sources if s.corroborates)

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
        """Return the distinct outlet kinds of the sources and of the reporters they credit ("via AP": wire)."""
        via = {s.via.kind for s in self.sources if s.via is not None}
        return tuple(sorted({o.kind for o in self.outlets} | via))

    @cached_property
    def updated(self) -> date:
        """Return the deterministic 'last changed' day: latest source publication, else the start day."""
        days = [s.article.published for s in self.sources if s.article and s.article.published]
        return max(days) if days else timex.span(self.event.value).first


@dataclass(frozen=True)
class Month:
    """One heading of the chronology with its items: a month, or a week, season or year of its own."""

    key: str  # YYYY-MM, or the TIMEX value of a week, season, quarter or year (2024-W19, 2022-FA, 2022)
    label: str  # "May 2024", "Week of 6 May 2024", "Autumn 2022", "2022, no month given"
    items: tuple[Item, ...]
    page: str = "index.html"  # the output path that lists it: the index, its year's page or its month's

    @property
    def anchor(self) -> str:
        """Return the heading's anchor id ('m-2024-05', 'm-2022-FA')."""
        return f"m-{self.key}"

    @property
    def short(self) -> str:
        """Return the jump list's short words for the heading ('May', 'Wk 19', 'Autumn', 'Year')."""
        precision = timex.precision_of(self.key)
        if precision == "month":
            return self.label.split(" ")[0][:3]
        if precision == "week":
            return f"Wk {int(self.key[-2:])}"
        if precision == "year":
            return "Year"
        return self.label.split(" ")[0]


@dataclass(frozen=True)
class Year:
    """One year of the chronology with its months."""

    year: int
    months: tuple[Month, ...]
    page: str  # output path that lists it
    parts: tuple[MonthPage, ...] = ()  # its month pages, when it is too long for one page

    @property
    def own(self) -> tuple[Month, ...]:
        """Return the headings the year's own page lists (with month pages, those without a month)."""
        return tuple(m for m in self.months if m.page == self.page)

    @property
    def anchor(self) -> str:
        """Return the year's anchor id ('y-2024')."""
        return f"y-{self.year}"

    @property
    def count(self) -> int:
        """Return the number of items in the year."""
        return sum(len(m.items) for m in self.months)

    @property
    def jump(self) -> tuple[Month, ...]:
        """Return the headings the jump list links: all but a week whose month already has a linked heading.

        A week's heading follows the month (or season) it starts in, so that heading reaches it; a week
        is linked only when it is the first heading of its month. The list then grows with the months
        of a year, not with its weeks (a big site has a heading for nearly every week).
        """
        out: list[Month] = []
        linked: set[tuple[int, int]] = set()
        for month in self.months:
            first = timex.span(month.key).first
            starts_in = (first.year, first.month)
            if timex.precision_of(month.key) != "week" or starts_in not in linked:
                out.append(month)
                linked.add(starts_in)
        return tuple(out)


@dataclass(frozen=True)
class MonthCount:
    """One bar of the overview: a month of the span, its item count and phase."""

    key: str
    label: str
    count: int
    phase: Phase | None
    page: str  # the chronology page holding the month ("" when it has no items)
    heading: str = ""  # the key of the first heading holding its items: the month's, or its first week's

    @property
    def empty(self) -> bool:
        """Return True when no article or editor's entry falls in the month."""
        return self.count == 0


@dataclass(frozen=True)
class PageSpec:
    """One output file to produce: its path, the template or the function that makes it, what it shows."""

    path: str
    template: str  # a template name; "" for a file made in Python by `make`
    producer: str  # who makes it, in words, for the duplicate-path error
    key: str = ""  # the id of the record it shows (article id, slug, year, page slug)
    make: Callable[..., bytes] | None = None  # (site, spec, feed fragments) -> bytes, from sitegen.site.outputs
    apart: bool = False  # lists no items: the render's forked child may make it (sitegen.site.fork)


@dataclass(frozen=True)
class Facet:
    """One value a filter offers, with how many chronology items carry it."""

    value: str
    label: str
    count: int


@dataclass(frozen=True)
class Facets:
    """The filters' choices: only values present on the page, each with its count."""

    outlets: tuple[Facet, ...] = ()
    kinds: tuple[Facet, ...] = ()
    places: tuple[Facet, ...] = ()
    claims: tuple[Facet, ...] = ()
    phases: tuple[Facet, ...] = ()
    corroborated: int = 0


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
    additions: tuple[Item, ...] = ()  # items an editor added (no article sentence yields them)
    facets: Facets = Facets()
    background_years: tuple[YearListing, ...] = ()  # the background by year, when it is too long for the index
    jump: tuple[JumpYear, ...] = ()  # the jump list's links to the years and their headings

    @cached_property
    def items(self) -> tuple[Item, ...]:
        """Return the in-span chronology items in order."""
        return tuple(i for y in self.years for m in y.months for i in m.items)

    @property
    def has_background(self) -> bool:
        """Return True when there are background items: what the jump list asks (a page that reads only this is
        not rendered again when a background item changes)."""
        return bool(self.background)

    @cached_property
    def all_items(self) -> tuple[Item, ...]:
        """Return chronology items then background items."""
        return self.items + self.background

    @cached_property
    def kind_labels(self) -> Mapping[str, str]:
        """Return outlet kind -> words shown on the badge (read-only: it is computed once and shared)."""
        return MappingProxyType({b.kind: b.label for b in self.legend})

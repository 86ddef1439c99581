"""The records of the pages that list items: an article's, an outlet's, a place's, one year of a long listing,
one month of a long year; and the jump list's links to the chronology's headings.

Computed by sitegen.site.model with the rest of the site's records (sitegen.site.records).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sitegen.models import Article, Entry, OutletRef

if TYPE_CHECKING:
    from sitegen.site.records import Item, Month


@dataclass(frozen=True)
class YearListing:
    """One year of a long outlet or place listing, on a page of its own (a rebuild re-renders only the
    years an edit reaches, and no reader downloads every item the outlet ever reported)."""

    name: str  # the outlet or place, as the page's heading names it ("Background" for the background)
    home: str  # the output path of the outlet or place page (the page that links the years)
    year: int
    years: tuple[int, ...]  # every year the listing has, for the navigation between them
    items: tuple[Item, ...]
    kind: str = "outlet"  # "outlet" | "place" | "background" (the chronology's own items: searched, no feed)
    folder: str = ""  # where the year pages go ("background/"); "": the folder of `home`

    @property
    def path(self) -> str:
        """Return the year page's output path ("sources/ap/2023/index.html", "background/2021/index.html")."""
        return f"{self.folder or self.home.removesuffix('index.html')}{self.year}/index.html"


@dataclass(frozen=True)
class OutletPage:
    """An outlet with every visible item it reported and its articles."""

    outlet: OutletRef
    items: tuple[Item, ...]
    articles: tuple[Article, ...]
    years: tuple[YearListing, ...] = ()  # the items by year, when they are too many for one page

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
    years: tuple[YearListing, ...] = ()  # the items by year, when they are too many for one page

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
class PageLink:
    """A link to another page, in words: a month page's previous or next month."""

    label: str
    page: str  # output path


@dataclass(frozen=True)
class MonthPage:
    """One month of a year too long for one page: the headings that start in it, on a page of its own (a
    rebuild re-renders and re-indexes only the months an edit reaches, and a reader loads one month)."""

    year: int
    key: str  # YYYY-MM
    label: str  # "May 2024"
    months: tuple[Month, ...]  # its headings: the month's own, and the weeks and seasons that start in it
    page: str  # output path ("years/2024/05/index.html")
    year_page: str  # the page of its year, which links every month page of the year
    previous: PageLink | None = None  # the month page before it, in any year
    next: PageLink | None = None

    @property
    def anchor(self) -> str:
        """Return the page's anchor id ('p-2024-05')."""
        return f"p-{self.key}"

    @property
    def count(self) -> int:
        """Return the number of items on the page."""
        return sum(len(m.items) for m in self.months)


@dataclass(frozen=True)
class JumpLink:
    """One link of the jump list: a heading of the chronology, by its short words, page and anchor."""

    short: str  # "May", "Wk 19", "Autumn", "Year"
    page: str
    anchor: str


@dataclass(frozen=True)
class JumpYear:
    """One year of the jump list: the link to the year and to its headings.

    Pages show the jump list from these small records, not from the years' items, so a page's key
    (sitegen.site.incremental) does not change when an item elsewhere does.
    """

    year: int
    page: str
    anchor: str
    links: tuple[JumpLink, ...]

"""The frozen records that flow between pipeline stages.

Stage-private records live in their own modules; only what crosses a stage
boundary is defined here. Fields are append-only: add new ones at the end with a
default, never rename or reorder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal, get_args

Precision = Literal["day", "week", "month", "season", "quarter", "year"]
"""How fine a calendar value is (the tagger's TIMEX precisions that can date an entry)."""
PublishedSource = Literal["text", "front-matter", "page", "url", "override", "estimated", "unknown"]
"""Where an article's publication date came from."""
ClaimStatus = Literal["stated", "attributed", "unverified"]
"""Whose claim an entry is: the outlet's own statement, a named party's, or unverified."""
OutletKind = Literal["wire", "newspaper", "broadcaster", "online", "aggregator", "government", "state-media",
                     "research", "unknown"]
"""The kinds of outlet a badge names (the registry's kinds plus 'unknown')."""
PRECISIONS: tuple[Precision, ...] = get_args(Precision)


def as_precision(name: str) -> Precision | None:
    """Return `name` as a calendar precision, None for one that cannot date an entry (a time of day, …)."""
    for precision in PRECISIONS:
        if precision == name:
            return precision
    return None

# --------------------------------------------------------------------------- read


@dataclass(frozen=True)
class Fact:
    """One thing an input file says about its article (a title, an outlet, an address) and where it says so."""

    value: str
    evidence: str  # e.g. "front matter line 3", "meta og:site_name", "link rel=canonical"


@dataclass(frozen=True)
class StatedFacts:
    """What a seed file itself states about its article: its front matter, a saved page's markup, a sidecar.

    `published_origin` says which kind of statement dated it: "front-matter", "page" (a saved
    page's metadata or stamp) or "url" (a date in its address). A page whose statements
    disagree has no `published` but says why in `published_evidence`.
    """

    title: Fact | None = None
    outlet: Fact | None = None
    url: Fact | None = None
    via: Fact | None = None
    published: date | None = None
    published_evidence: str = ""
    published_origin: str = ""


@dataclass(frozen=True)
class SourceFile:
    """One seed file as read from disk: decoded text with normalised newlines."""

    id: str  # the file's stem, made a safe unique slug when needed
    path: Path  # the path as the user would name it (relative to the seeds folder's parent)
    text: str  # decoded, BOM stripped, CRLF/CR turned into LF, NUL bytes removed
    encoding: str = "utf-8"
    notes: tuple[str, ...] = ()  # things said about the read, e.g. "decoded as cp1252"
    kind: str = "text"  # text | markdown | html (for html, `text` is the page's main text)
    stated: StatedFacts = field(default_factory=StatedFacts)


@dataclass(frozen=True)
class Problem:
    """Something wrong with one input that was skipped, reported without stopping the build."""

    path: str
    message: str
    line: int | None = None

    def render(self) -> str:
        """Return 'path[:line]: message'."""
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}"


# -------------------------------------------------------------------------- clean


@dataclass(frozen=True)
class Removal:
    """A line the cleaner dropped, and the junk pattern that dropped it."""

    line: int  # 1-based line number in the source file
    text: str
    pattern: str  # the pattern's name in the junk YAML


@dataclass(frozen=True)
class CleanArticle:
    """An article's headline and body paragraphs with the site junk removed."""

    id: str
    title: str
    paragraphs: tuple[str, ...]
    standfirst: str | None = None  # the dek/subtitle line under the headline, if any
    removed: tuple[Removal, ...] = ()

    @property
    def body(self) -> str:
        """Return the paragraphs joined by blank lines (offsets of sentences refer to this)."""
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True)
class Sentence:
    """One sentence of an article body, with offsets into `CleanArticle.body`."""

    index: int
    paragraph: int
    start: int
    end: int
    text: str


# ---------------------------------------------------------------------- temporal


@dataclass(frozen=True)
class Mention:
    """A temporal expression found in text and resolved to a TIMEX3-style value."""

    start: int
    end: int
    text: str
    value: str  # 2024-05-15 | 2024-W19 | 2024-05 | 2022-SU | 2024-Q1 | 2024
    precision: str  # day | week | month | season | quarter | year
    rule: str  # name of the rule that produced it
    evidence: str  # why this value, in words an editor understands
    end_value: str | None = None  # for ranges ("May 10-12", "from 2022 to 2024")
    anchor: str = "absolute"  # absolute | publication | previous (anaphora)


@dataclass(frozen=True)
class PublishedStamp:
    """A publication date found in the article's own text, with its evidence."""

    date: date
    text: str  # the words that gave it, e.g. "24 Aug, 2024 08:41"
    line: int  # 1-based line in the source file
    rule: str


# ---------------------------------------------------------------------- badges


@dataclass(frozen=True)
class OutletRef:
    """An outlet as a badge shows it: canonical name, short label, kind, slug."""

    name: str
    label: str
    kind: OutletKind
    slug: str
    country: str = ""


@dataclass(frozen=True)
class Cite:
    """A party an entry's sentence cites ("according to Bloomberg")."""

    name: str  # canonical name through the outlet/institution registries, or the words as written
    kind: str  # outlet | institution | official | anonymous | person | unknown
    phrase: str  # the article's own words
    slug: str = ""


@dataclass(frozen=True)
class Claim:
    """Whose claim an entry is: the outlet's own statement, an attributed claim, or unverified."""

    status: ClaimStatus
    by: str | None = None  # canonical party for attributed/unverified claims
    phrase: str = ""  # the words that made it so


@dataclass(frozen=True)
class PlaceTag:
    """A canonical place an entry mentions, with the spelling the article used."""

    slug: str
    name: str
    matched: str


# ------------------------------------------------------------------ corrections


@dataclass(frozen=True)
class Correction:
    """One published fact an editor changed: which, from what to what, why, on which day, written where."""

    field: str  # date | headline | summary | hide | places | claim | title | outlet | via | published | add
    old: str  # as a reader saw it before ('15 May 2024', 'none')
    new: str  # as a reader sees it now
    note: str  # the editor's reason
    on: date | None = None  # the day of the correction (`on:`), None when the file does not say
    source: str = ""  # "file:line" of the override


# --------------------------------------------------------------------- articles


@dataclass(frozen=True)
class Article:
    """A cleaned article with its publication facts resolved (overrides applied)."""

    id: str
    title: str
    paragraphs: tuple[str, ...]
    sentences: tuple[Sentence, ...]
    published: date | None
    published_source: PublishedSource
    published_evidence: str  # e.g. 'stamp "24 Aug, 2024 08:41" on line 2', or the override file
    outlet: OutletRef | None
    via: OutletRef | None = None  # the original reporter of a repost/rewrite
    url: str | None = None
    standfirst: str | None = None
    source_path: str = ""
    removed: tuple[Removal, ...] = ()
    mentions: tuple[Mention, ...] = ()  # every temporal expression in the body
    facts: tuple[tuple[str, str], ...] = ()  # (fact, where it comes from) for what the file itself states
    published_hint: str = ""  # for an undated article: a likely date, as a suggestion for the editor only
    corrections: tuple[Correction, ...] = ()  # publication facts an editor changed (title, outlet, ...)

    @property
    def body(self) -> str:
        """Return the paragraphs joined by blank lines."""
        return "\n\n".join(self.paragraphs)


# ---------------------------------------------------------------------- entries


@dataclass(frozen=True)
class Entry:
    """One dated statement from one article sentence (or an editor's added entry)."""

    id: str
    article: str | None  # article id; None for an added entry citing only a URL
    value: str  # TIMEX value of the start
    precision: Precision
    text: str  # the sentence, verbatim
    kind: str = "statement"  # statement | publication | added | corroboration
    end_value: str | None = None
    sentence_index: int | None = None
    mention: Mention | None = None  # its start/end are offsets into the article body, as found
    cites: tuple[Cite, ...] = ()
    claim: Claim = field(default_factory=lambda: Claim("stated"))
    places: tuple[PlaceTag, ...] = ()
    headline: str | None = None
    summary_html: str | None = None  # sanitized HTML from an editor's Markdown
    note: str | None = None  # the editor's reason for a correction
    corrected: tuple[str, ...] = ()  # names of the fields an override changed
    hidden: bool = False
    citation_url: str | None = None  # for added entries citing an https URL
    estimated: bool = False  # date rests on an estimated publication date (the one rule: article.py)
    sentence_span: tuple[int, int] | None = None  # the sentence's offsets into the article body
    corrections: tuple[Correction, ...] = ()  # what each override changed, old -> new, with note and day
    actors: tuple[str, ...] = ()  # governments named through their capital ("Kiev launched": Ukrainian government)

    @property
    def mention_span(self) -> tuple[int, int] | None:
        """Return the date mention's offsets within `text`, from the offsets carried since tagging."""
        if self.mention is None or self.sentence_span is None:
            return None
        start, end = self.mention.start - self.sentence_span[0], self.mention.end - self.sentence_span[0]
        return (start, end) if 0 <= start < end <= len(self.text) else None


# The kind of an undated sentence that joined a dated event of another article (sitegen.merge.corroborate):
# it corroborates the event and never dates it.
CORROBORATION = "corroboration"

# ------------------------------------------------------------------------ events


@dataclass(frozen=True)
class Conflict:
    """Sources that disagree on a date or a number for what looks like one event."""

    field: str  # "date" | "number"
    values: tuple[str, ...]
    entries: tuple[str, ...]  # entry ids


@dataclass(frozen=True)
class Event:
    """A timeline item: one entry, or several entries from different articles merged."""

    id: str
    value: str
    precision: Precision
    entries: tuple[Entry, ...]  # first is the representative
    end_value: str | None = None
    headline: str | None = None
    independent_sources: int = 1
    conflicts: tuple[Conflict, ...] = ()
    merged_by: str = ""  # "" (single) | "auto" | "editor"


@dataclass(frozen=True)
class MergeRules:
    """Editors' merge/split decisions from the overrides (entry ids)."""

    force: tuple[tuple[str, ...], ...] = ()  # each tuple: entry ids that are one event
    split: tuple[str, ...] = ()  # entry ids never merged automatically with anything


# ---------------------------------------------------------------------- places


@dataclass(frozen=True)
class Place:
    """A gazetteer place: canonical name, variant spellings and coordinates."""

    slug: str
    name: str
    variants: tuple[str, ...]
    lat: float
    lon: float
    kind: str = "city"  # city | town | village | region | country | ...
    country: str = ""


# ------------------------------------------------------------------------ site


@dataclass(frozen=True)
class Phase:
    """A named stretch of the chronology shaded in the overview ("Kursk incursion")."""

    name: str
    start: date
    end: date
    slug: str = ""


@dataclass(frozen=True)
class Page:
    """A Markdown page from content/pages/ (e.g. about.md), not yet rendered."""

    slug: str
    title: str
    markdown: str
    source_path: str = ""


@dataclass(frozen=True)
class SiteConfig:
    """content/site.yaml, validated, plus the Markdown pages under content/pages/."""

    title: str
    description: str
    language: str
    span_start: date
    span_end: date
    base_url: str | None = None
    phases: tuple[Phase, ...] = ()
    pages: tuple[Page, ...] = ()
    author: str = ""
    source_path: str = ""
    keep: tuple[str, ...] = ()  # output entries the user keeps beside sitegen's files (on top of the defaults)
    feed_entries: int = 100  # the newest entries each Atom feed holds (config.FEED_ENTRIES)

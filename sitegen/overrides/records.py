"""The editors' corrections as records: one per rule of content/overrides/*.yaml, with where it is written
(sitegen.overrides.schema loads them; sitegen.overrides.apply applies them)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from operator import attrgetter
from types import MappingProxyType

from sitegen.models import Claim, MergeRules, Precision
from sitegen.overrides.rules import RuleSource


@dataclass(frozen=True)
class ArticleOverride:
    """An editor's publication facts for one article (`articles.<id>`)."""

    id: str
    published: date | None = None
    published_estimated: bool = False
    published_reason: str | None = None
    outlet: str | None = None
    via: str | None = None
    title: str | None = None
    url: str | None = None
    exclude: bool = False
    source: str = ""  # "file:line" of the article's key
    path: str = ""
    line: int = 0
    note: str | None = None  # why: required when the override changes what the text says (article.py)
    on: date | None = None  # the day of the correction
    lines: Mapping[str, int] = field(default_factory=dict)  # key -> line (a dict: pickled for the pool and cache)

    def where(self, key: str) -> tuple[str, int, str]:
        """Return (path, line, dotted key) of one of this override's fields, for error messages."""
        return self.path, self.lines.get(key, self.line), f"articles.{self.id}.{key}"


@dataclass(frozen=True)
class EntryOverride:
    """An editor's correction of one entry (`entries.<entry-id>`); None means 'leave as extracted'."""

    id: str
    date: str | None = None  # TIMEX value
    precision: str | None = None
    end: str | None = None  # TIMEX value; see end_set
    end_set: bool = False  # `end:` was given (an empty `end:` removes a range)
    headline: str | None = None
    summary: str | None = None  # the editor's Markdown
    summary_html: str | None = None  # sanitized
    hide: bool | None = None
    places: tuple[str, ...] | None = None  # gazetteer slugs
    claim: Claim | None = None
    note: str | None = None  # required: every entry override changes what the entry shows
    source: str = ""
    path: str = ""
    line: int = 0
    lines: Mapping[str, int] = field(default_factory=dict)  # key -> line
    summary_text: str | None = None  # the editor's Markdown, for the corrections page
    on: datetime.date | None = None  # the day of the correction (`date` is a field here)

    def where(self, key: str) -> tuple[str, int, str]:
        """Return (path, line, dotted key) of one of this override's fields, for error messages."""
        return self.path, self.lines.get(key, self.line), f"entries.{self.id}.{key}"


@dataclass(frozen=True)
class AddedEntry:
    """An entry no article sentence yields, added by an editor with a citation (`add:`)."""

    id: str  # 'a' + 10 hex digits of its text and citation: stable when its date is corrected
    value: str
    precision: Precision
    text: str
    article: str | None = None  # cited article id
    url: str | None = None  # cited https URL
    end_value: str | None = None
    headline: str | None = None
    summary_html: str | None = None
    places: tuple[str, ...] = ()
    claim: Claim | None = None
    note: str | None = None
    source: str = ""
    path: str = ""
    line: int = 0
    lines: Mapping[str, int] = field(default_factory=dict)
    on: date | None = None  # the day it was added


@dataclass(frozen=True)
class Overrides:
    """Every correction of content/overrides/, with where each came from."""

    articles: Mapping[str, ArticleOverride] = field(default_factory=lambda: MappingProxyType({}))
    entries: Mapping[str, EntryOverride] = field(default_factory=lambda: MappingProxyType({}))
    added: tuple[AddedEntry, ...] = ()
    merge_rules: MergeRules = field(default_factory=MergeRules)
    merge_sources: tuple[RuleSource, ...] = ()  # one per merge group, same order as merge_rules.force
    split_sources: tuple[RuleSource, ...] = ()  # one per split id, same order as merge_rules.split
    files: tuple[str, ...] = ()


PLACE = frozenset({"source", "path", "line", "lines"})  # the fields saying where a rule is written
_SAID: dict[type, Callable[[object], tuple[object, ...]]] = {}  # each rule class's getter of its other fields


def unplaced(rule: ArticleOverride | EntryOverride | AddedEntry) -> tuple[object, ...]:
    """Return what a rule says without where it is written (file, line, key lines): its class and other fields'
    values, what a cached result may depend on (a tuple: thousands of rules are digested on every build).

    Error messages need the place; results do not, so adding a line above a rule keeps its cache entries.
    """
    said = _SAID.get(type(rule))
    if said is None:
        said = _SAID[type(rule)] = attrgetter(*(f.name for f in fields(rule) if f.name not in PLACE))
    return (type(rule).__name__, *said(rule))

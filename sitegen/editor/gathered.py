"""What the editors' tools (`sitegen check`, `sitegen override`) read of a gathered build."""

from __future__ import annotations

from typing import Protocol

from sitegen.models import Article, Entry, Event, Problem, SiteConfig
from sitegen.overrides.records import Overrides


class GatheredArticles(Protocol):
    """The articles, their entries and the overrides of `sitegen.build.Gathered` (what a stub reads)."""

    @property
    def overrides(self) -> Overrides: ...
    @property
    def articles(self) -> tuple[Article, ...]: ...
    @property
    def entries(self) -> tuple[Entry, ...]: ...


class GatheredSite(GatheredArticles, Protocol):
    """All of `sitegen.build.Gathered` a check reads: the articles plus config, events and problems."""

    @property
    def config(self) -> SiteConfig: ...
    @property
    def events(self) -> tuple[Event, ...]: ...
    @property
    def problems(self) -> tuple[Problem, ...]: ...

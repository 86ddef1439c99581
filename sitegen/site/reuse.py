"""The records a long-lived process (`sitegen serve`) hands from one build's site model to the next.

An item is a pure function of its event, the articles of its sources, the page that holds it and
the context (the site configuration and the knowledge its title is trimmed with). When the merge
hands on an unchanged event as the very record it was (`Memory.same_as_before`), the item made
of it last time is the item this build would make: it is reused, with the fingerprint and the
derived facts it carries, instead of being made, and digested, again. The pages' records that
list items (article, outlet and place pages, years) are made afresh, and one equal to the last
build's is replaced by that record, so that it too keeps its fingerprint.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from typing import TypeVar, cast

from sitegen.memory import same_records
from sitegen.models import Article, Event
from sitegen.site.records import Item

R = TypeVar("R")


class Reuse:
    """The records one site model made; given the last build's (made in the same context), reuses those still valid."""

    def __init__(self, context: object, earlier: Reuse | None = None) -> None:
        self.context = context  # what every record depends on besides its event, articles and page
        same = earlier is not None and earlier.context == context
        self._earlier = earlier._made if earlier is not None and same else {}
        self._made: dict[int, tuple[Event, str, Item]] = {}  # id(event) -> the event (kept: its id), page, item
        self._earlier_records = earlier._records if earlier is not None and same else {}
        self._records: dict[str, Mapping[Hashable, object]] = {}  # kind -> key -> record
        self.reused = 0  # items and records taken from the last build

    def item(self, event: Event, page: str, articles: Mapping[str, Article],
             make: Callable[[Event, str], Item | None]) -> Item | None:
        """Return the item of `event` on `page`: the last build's when it was made of the very same records."""
        found = self._earlier.get(id(event))
        item: Item | None
        if found is not None and found[0] is event and found[1] == page and _same_articles(found[2], articles):
            item = found[2]
            self.reused += 1
        else:
            item = make(event, page)
        if item is not None:
            self._made[id(event)] = (event, page, item)
        return item

    def same(self, kind: str, records: tuple[R, ...], key: Callable[[R], Hashable]) -> tuple[R, ...]:
        """Return `records` with each one equal to the last build's record of its kind and key replaced by that one."""
        before = cast("Mapping[Hashable, R]", self._earlier_records.get(kind, {}))  # a kind's records are one type
        out, self._records[kind], reused = same_records(before, records, key)
        self.reused += reused
        return out


def _same_articles(item: Item, articles: Mapping[str, Article]) -> bool:
    """Return True when every source of `item` names the very article record `articles` now holds for it."""
    return all(s.article is (articles.get(s.entry.article) if s.entry.article else None) for s in item.sources)

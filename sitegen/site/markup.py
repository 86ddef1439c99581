"""Item markup kept between builds: a page re-rendered after an edit reuses the markup of its unchanged items.

A year page lists thousands of items; an edit changes a few of them, but the page must be
rendered again, and rendering every item's `item_li` macro is most of its cost. The memory
keeps each item's markup under the item's fingerprint (sitegen.digest: equal values, equal
digests) and the heading level (the root is a mark each page replaces: `render.ROOT_MARK`), for
the templates and code it was made with (the environment digest) and the `site` fields the
macros read (their values' digest). Any of those
changed, and the whole memory is dropped; an item changed, and its key is new. Markup served
from memory counts as reading those site fields, so the pages that show it record them too.
"""

from __future__ import annotations

import gzip
import io
import pickle
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sitegen.site.records import Item

Key = tuple[str, int]  # (the item's fingerprint, heading level)


@dataclass
class MarkupPayload:
    """What the build cache holds: the environment and site fields the markup was made with, and the markup
    (a pickled dict of UTF-8 bytes, gzip-compressed: HTML shrinks about tenfold, and it is unpacked as a
    stream; as bytes, markup with a dash or a curly quote takes half the memory a str would)."""

    environment: str
    fields: frozenset[str]
    fields_digest: str
    packed: bytes = b""

    @classmethod
    def of(cls, environment: str, fields: frozenset[str], fields_digest: str,
           markup: dict[Key, bytes]) -> MarkupPayload:
        """Return the payload of `markup`, packed."""
        sink = io.BytesIO()
        with gzip.GzipFile(fileobj=sink, mode="wb", compresslevel=1, mtime=0) as packing:
            pickle.dump(markup, packing, protocol=pickle.HIGHEST_PROTOCOL)
        return cls(environment, fields, fields_digest, sink.getvalue())

    @property
    def markup(self) -> dict[Key, bytes]:
        """Return the markup, unpacked (never whole in memory as bytes)."""
        if not self.packed:
            return {}
        found = pickle.load(gzip.GzipFile(fileobj=io.BytesIO(self.packed), mode="rb"))
        return found if isinstance(found, dict) else {}


class MarkupMemory:
    """The markup of the last builds' items, and what this build adds to it."""

    def __init__(self, environment: str, fingerprint: Callable[[Item], str],
                 fields_digest: Callable[[Iterable[str]], str], previous: Callable[[], object]) -> None:
        self._environment, self._fingerprint, self._digest = environment, fingerprint, fields_digest
        self._previous = previous  # loads the last payload, only when a page asks for markup
        self._known: dict[Key, bytes] | None = None
        self.fields: frozenset[str] = frozenset()  # the site fields the remembered markup depends on
        self.made: dict[Key, str] = {}
        self.recalled = 0
        self.read: set[str] = set()  # the site fields the macros read in this build (a renderer's recorder's set)

    def _load(self) -> dict[Key, bytes]:
        if self._known is None:
            payload = self._previous()
            self._known = {}
            if isinstance(payload, MarkupPayload) and payload.environment == self._environment \
                    and payload.fields_digest == self._digest(sorted(payload.fields)):
                self._known, self.fields = payload.markup, payload.fields
        return self._known

    def get(self, item: Item, level: int) -> str | None:
        """Return the markup an earlier build made of an equal item at this heading level, else None."""
        found = self._load().get((self._fingerprint(item), level))
        if found is None:
            return None
        self.recalled += 1
        return found.decode("utf-8")

    def put(self, item: Item, level: int, html: str) -> None:
        """Remember the markup this build made of an item."""
        self.made[(self._fingerprint(item), level)] = html

    def payload(self, items: Iterable[Item]) -> MarkupPayload | None:
        """Return what to keep for the next build (the markup of the site's `items` only), or None when nothing was made."""
        if not self.made:
            return None
        fields = self.fields | frozenset(self.read)
        live = {self._fingerprint(item) for item in items}
        kept = {key: html for key, html in self._load().items() if key[0] in live}
        kept.update((key, html.encode("utf-8")) for key, html in self.made.items() if key[0] in live)
        return MarkupPayload.of(self._environment, fields, self._digest(sorted(fields)), kept)

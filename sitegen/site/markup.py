"""Item markup kept between builds: a page re-rendered after an edit reuses the markup of its unchanged items.

A year page lists thousands of items; an edit changes a few of them, but the page must be
rendered again, and rendering every item's `item_li` macro is most of its cost. The memory
keeps each item's markup under the item's fingerprint (sitegen.digest: equal values, equal
digests) and the heading level (the root is a mark each page replaces: `ROOT_MARK`), for
the templates and code it was made with (the environment digest) and the `site` fields the
macros read (their values' digest). Any of those
changed, and the whole memory is dropped; an item changed, and its key is new. Markup served
from memory counts as reading those site fields, so the pages that show it record them too.

`ItemMarkup` is the template global that makes (or recalls) an item's markup; `SiteRecorder` the
`site` the templates see, noting which of its fields they read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import jinja2
from markupsafe import Markup, escape

from sitegen.packed import beside, pack, unpack_dict
from sitegen.site.records import Item, Site

Key = tuple[str, int]  # (the item's fingerprint, heading level)


@dataclass
class MarkupPayload:
    """What the build cache holds: the environment and site fields the markup was made with, and the markup
    (a pickled dict of UTF-8 bytes, gzip-compressed: HTML shrinks about tenfold, and it is unpacked as a
    stream; as bytes, markup with a dash or a curly quote takes half the memory a str would), but for the
    few made since it was packed, kept beside it (sitegen.packed)."""

    environment: str
    fields: frozenset[str]
    fields_digest: str
    packed: bytes = b""
    unpacked: dict[Key, bytes] | None = field(default=None, repr=False, compare=False)  # in memory, never stored
    added: dict[Key, bytes] = field(default_factory=dict, repr=False)  # made since the packed ones

    def __getstate__(self) -> dict[str, object]:
        return {**self.__dict__, "packed": self.pack(), "unpacked": None}  # the cache stores the packed markup only

    @classmethod
    def of(cls, environment: str, fields: frozenset[str], fields_digest: str,
           markup: dict[Key, bytes]) -> MarkupPayload:
        """Return the payload of `markup`, packed when it is first pickled (a long-lived process hands it on to its
        next build as it is, and writes it into the cache only when it ends)."""
        return cls(environment, fields, fields_digest, b"", markup)

    def pack(self) -> bytes:
        """Return the markup packed (once)."""
        if not self.packed and self.unpacked:
            self.packed = pack(self.unpacked)
        return self.packed

    @property
    def markup(self) -> dict[Key, bytes]:
        """Return the markup, unpacked once (never whole in memory as bytes): a long-lived process keeps it so."""
        if self.unpacked is None:
            self.unpacked = unpack_dict(self.packed, self.added)
        return self.unpacked

    def adding(self, made: dict[Key, bytes]) -> MarkupPayload:
        """Return this payload with the markup `made` kept beside the packed markup (not packed anew)."""
        return MarkupPayload(self.environment, self.fields, self.fields_digest, self.packed,
                             {**self.unpacked, **made} if self.unpacked is not None else None, {**self.added, **made})


class MarkupMemory:
    """The markup of the last builds' items, and what this build adds to it."""

    def __init__(self, environment: str, fingerprint: Callable[[Item], str],
                 fields_digest: Callable[[Iterable[str]], str], previous: Callable[[], object]) -> None:
        self._environment, self._fingerprint, self._digest = environment, fingerprint, fields_digest
        self._previous = previous  # loads the last payload, only when a page asks for markup
        self._known: dict[Key, bytes] | None = None
        self._before: MarkupPayload | None = None  # the last payload, when its markup is taken
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
                self._known, self.fields, self._before = payload.markup, payload.fields, payload
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
        """Return what to keep for the next build, or None when nothing was made: the last payload with the markup
        made added beside it while that and the markup of items gone are few (sitegen.packed), else the markup of
        the site's `items` only."""
        if not self.made:
            return None
        fields = self.fields | frozenset(self.read)
        live = {self._fingerprint(item) for item in items}
        known = self._load()
        made = {key: html.encode("utf-8") for key, html in self.made.items() if key[0] in live}
        before = self._before
        if before is not None and fields == before.fields and \
                beside(before.packed, len(before.added), len(made), sum(1 for key in known if key[0] not in live)):
            return before.adding(made)
        kept = {key: html for key, html in known.items() if key[0] in live}
        kept.update(made)
        return MarkupPayload.of(self._environment, fields, self._digest(sorted(fields)), kept)


class SiteRecorder:
    """The `site` a template sees when pages are fingerprinted: the real site, noting which fields are read."""

    def __init__(self, site: Site) -> None:
        self._site: Site | None = site
        self._recorded: set[str] = set()

    def __getattr__(self, name: str) -> Any:
        self._recorded.add(name)
        return getattr(self._site, name)

    def release(self) -> None:
        """Let go of the site once its page is made: the template's context, which holds this recorder, is in a
        reference cycle that only the collector frees, and the site must not wait for it."""
        self._site = None


# What the `item_li` macro is given as its root: the macro only ever prefixes links with it, so an item's markup
# is made once for every depth, the mark then replaced by the page's root. No text can hold it: text is
# escaped ("<" becomes "&lt;") and sanitized HTML keeps no tag of this name.
ROOT_MARK = "<sitegen-root>"


class ItemMarkup:
    """The template globals `item_html(item, root, level)` and `items_html(items, root, level)`: the `item_li`
    macro's markup, made once per item.

    An item shows on its chronology page and again on the page of every outlet and place it
    names, mostly with the same `root` and heading level: its markup is rendered the first time
    and reused after. The macro runs in a module of `_macros.html` made with only `site` in its
    context (all `item_li` reads besides its arguments and the environment's globals), created on
    first use, so templates that never call `item_html` cost nothing.
    """

    def __init__(self, env: jinja2.Environment, site: Site | SiteRecorder, macros: str = "_macros.html",
                 memory: MarkupMemory | None = None) -> None:
        self._env, self._site, self._macros, self._memory = env, site, macros, memory
        if memory is not None and isinstance(site, SiteRecorder):
            memory.read = site._recorded  # the fields the macros read are the memory's to keep
        self._macro: Callable[..., str] | None = None
        self._made: dict[tuple[int, int], tuple[Item, str]] = {}

    def close(self) -> None:
        """Let go of the macros' module, the markup made and the memory once no page is left to render: the
        module's context holds this global (a cycle only the collector frees), and they must not wait for it."""
        self._macro, self._memory = None, None
        self._made.clear()

    def __call__(self, item: Item, root: str, level: int = 4) -> Markup:
        """Return the markup of one chronology item at the given root and heading level."""
        return Markup(str.replace(self._marked(item, level), ROOT_MARK, str(escape(root))))

    def many(self, items: Iterable[Item], root: str, level: int = 4) -> Markup:
        """Return the markup of items at one root and heading level, each followed by a newline: what a template
        loop calling `item_html` on each writes, without a macro call per item (a month lists thousands)."""
        mark, marked = str(escape(root)), self._marked
        return Markup("".join([str.replace(marked(item, level), ROOT_MARK, mark) + "\n" for item in items]))

    def _marked(self, item: Item, level: int) -> str:
        """Return the item's markup with ROOT_MARK where the root goes (the same at every depth)."""
        key = (id(item), level)
        found = self._made.get(key)
        if found is not None:
            return found[1]
        if self._memory is not None:
            remembered = self._memory.get(item, level)
            if remembered is not None:  # not kept in _made: decoding it again costs less than holding it
                if isinstance(self._site, SiteRecorder):  # what the macros read to make it, the page reads
                    self._site._recorded.update(self._memory.fields)
                return remembered  # the macro's own autoescaped output, as it made it
        if self._macro is None:
            module = self._env.get_template(self._macros).make_module({"site": self._site})
            self._macro = getattr(module, "item_li")  # noqa: B009 (a template's export, unknown to mypy)
        html = str(self._macro(item, Markup(ROOT_MARK), level))
        if self._memory is not None:
            self._memory.put(item, level, html)
        self._made[key] = (item, html)  # the item is kept so its id() stays its own
        return html

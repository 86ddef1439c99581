"""Per-item text of the pages made in Python: a timeline.json record, a CSV row, a feed's `<entry>`.

The exports list every item of the site, so on a large site they are seconds of work on every
build, though an edit changes a few items. `ItemFragments` makes each item's text once per build
(a feed entry is shared by every feed that lists the item) and, given the item's fingerprint
(sitegen.digest: equal values, equal digests) and what the last build kept, takes the text of an
unchanged item from there. A fragment depends on its item and the site's configuration only (the
base URL, the title), and on the code that made it: the memory is kept under the environment
digest and the configuration's digest, and dropped whole when either changed.

A payload is kept packed as the cache gave it, with the few fragments made since beside it: a
rebuild after an edit stores the last payload's packed bytes again with its new fragments, not all
of them packed anew (a second of a 10,000-article build); the fragments of items gone stay until
those made since, or those gone, pass PACK_FROM, and all the build used is packed afresh. `sitegen
serve` hands the payload on in memory (its forked render child sends the fragments it made back
with its pages) and writes it into the cache when it ends.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import cast

from sitegen import packed as packing
from sitegen.packed import beside, pack, unpack_dict
from sitegen.site.records import Item


@dataclass
class FragmentPayload:
    """What the build cache holds: the digests the fragments were made under and the fragments, packed (a
    gzip-compressed pickle of (kind, fingerprint) -> UTF-8 bytes: tenfold smaller) when pickled, but for the few
    made since they were packed, kept beside them (`adding`)."""

    environment: str
    config: str
    packed: bytes = b""
    added: dict[tuple[str, str], bytes] = field(default_factory=dict, repr=False)  # over the packed ones

    def __getstate__(self) -> dict[str, object]:
        if not self.packed:  # a payload made whole (`of`): packed, a tenth of its size
            self.pack()
        return dict(self.__dict__)

    @classmethod
    def of(cls, environment: str, config: str, fragments: dict[tuple[str, str], bytes]) -> FragmentPayload:
        """Return the payload of `fragments` (packed when pickled)."""
        return cls(environment, config, b"", fragments)

    def pack(self) -> None:
        """Pack the fragments added into the packed ones."""
        if self.added:
            self.packed, self.added = pack(self.fragments()), {}

    def fragments(self) -> dict[tuple[str, str], bytes]:
        """Return the fragments, unpacked (a new dict: the payload keeps them packed)."""
        return unpack_dict(self.packed, self.added)

    def adding(self, fresh: dict[tuple[str, str], bytes]) -> FragmentPayload:
        """Return this payload with `fresh` fragments added (packed with the others when they grow many)."""
        made = FragmentPayload(self.environment, self.config, self.packed, {**self.added, **fresh})
        if len(made.added) > packing.PACK_FROM:
            made.pack()
        return made


class FragmentMemory:
    """Where the fragments of earlier builds come from and where this build's go: the item fingerprints, the
    digests they are valid under, and the cache's load and keep (all given by sitegen.site.incremental). Without
    `keep`, a long-lived process hands the fragments on in memory (see ItemFragments.handed)."""

    def __init__(self, fingerprint: Callable[[Item], str], environment: str, config: str,
                 load: Callable[[], object], keep: Callable[[FragmentPayload], None] | None,
                 fingerprints: Callable[[Sequence[Item], bool], None] | None = None) -> None:
        """`fingerprints(items, fork)` works out many items' fingerprints at once (in two processes when `fork`)."""
        self.fingerprint, self.environment, self.config = fingerprint, environment, config
        self._fingerprints = fingerprints
        self._load, self._keep = load, keep
        self._loaded: list[FragmentPayload | None] = []  # the payload `load` gave, once asked for

    def fingerprint_all(self, items: Sequence[Item], fork: bool) -> None:
        """Work out the fingerprints of `items` now (in two processes when `fork` and the memory can)."""
        if self._fingerprints is not None:
            self._fingerprints(items, fork)
        else:
            for item in items:
                self.fingerprint(item)

    @property
    def handed_on(self) -> bool:
        """True when this build's fragments go to the next build of this process in memory, not to the cache."""
        return self._keep is None

    def payload(self) -> FragmentPayload | None:
        """Return the last build's payload when its fragments were made under the same code and configuration
        (loaded once)."""
        if not self._loaded:
            found = self._load()
            same = isinstance(found, FragmentPayload) and (found.environment, found.config) == (self.environment,
                                                                                              self.config)
            self._loaded.append(cast(FragmentPayload, found) if same else None)
        return self._loaded[0]

    def known(self) -> dict[tuple[str, str], bytes]:
        """Return the last build's fragments when they were made under the same code and configuration."""
        found = self.payload()
        return found.fragments() if found is not None else {}

    def keep(self, used: dict[tuple[str, str], bytes], fresh: dict[tuple[str, str], bytes], gone: int) -> None:
        """Keep this build's fragments for the next (in the cache: see `handed_on`): `used`, all of them, of which
        `fresh` were made afresh, while `gone` of the last build's were not used. The last payload with the fresh
        ones added while those and the gone ones are few (nothing when none is fresh), else `used` packed anew."""
        if self._keep is None:
            return
        before = self.payload()
        if before is not None and beside(before.packed, len(before.added), len(fresh), gone):
            if fresh:
                self._keep(before.adding(fresh))
            return
        self._keep(FragmentPayload.of(self.environment, self.config, used))


class ItemFragments:
    """The text of each item in each export, made once per build; with a memory, taken from the last build."""

    def __init__(self, memory: FragmentMemory | None = None) -> None:
        self._memory = memory
        self._known: dict[tuple[str, str], bytes] | None = None
        self._used: dict[tuple[str, str], bytes] = {}  # what the next build may take: this build's fragments
        self._fresh: dict[tuple[str, str], bytes] = {}  # those made afresh (or made by the forked child: `take`)
        self._payload: FragmentPayload | None = None  # a whole payload the forked child sent (`take`)
        self.made = 0  # fragments made afresh, not taken from memory
        self._shared: dict[tuple[str, int], tuple[Item, str]] = {}
        self.recalled = 0

    def text(self, kind: str, item: Item, make: Callable[[Item], str], *, shared: bool = False) -> str:
        """Return the item's text of this kind ("json", "csv"...), made by `make` unless known.

        `shared`: the text is asked for again in this build (a feed entry), so it is kept at hand.
        """
        if shared:
            found = self._shared.get((kind, id(item)))
            if found is not None:
                return found[1]
        text = self._text(kind, item, make)
        if shared:
            self._shared[(kind, id(item))] = (item, text)  # the item is kept so its id() stays its own
        return text

    def _text(self, kind: str, item: Item, make: Callable[[Item], str]) -> str:
        if self._memory is None:
            self.made += 1
            return make(item)
        if self._known is None:
            self._known = self._memory.known()
        key = (kind, self._memory.fingerprint(item))
        data = self._known.get(key)
        if data is not None:
            self.recalled += 1
            self._used[key] = data
            return data.decode("utf-8")
        text = make(item)
        self.made += 1
        self._used[key] = self._fresh[key] = text.encode("utf-8")
        return text

    def prepare(self, items: Sequence[Item], *, fork: bool = False) -> None:
        """Work out the items' fingerprints now, half in a forked child when `fork` (a child forked later then shares
        them instead of digesting again)."""
        if self._memory is not None:
            self._memory.fingerprint_all(items, fork)

    def finish(self) -> None:
        """Hand this build's fragments to the memory, when any was made afresh or one known was not used."""
        known = self._known
        if self._memory is not None and known is not None and (self.made or len(self._used) != len(known)):
            self._memory.keep(self._used, self._fresh, len(known) - (len(self._used) - len(self._fresh)))

    def sent(self) -> dict[tuple[str, str], bytes] | FragmentPayload | None:
        """Return what a forked child sends its parent when the fragments are handed on in memory (else None): those
        it made, or, when they are many (a first build, another configuration), all this build's, packed here."""
        memory = self._memory
        if memory is None or not memory.handed_on or not self._fresh:
            return None
        if len(self._fresh) <= packing.PACK_FROM:
            return self._fresh
        payload = FragmentPayload.of(memory.environment, memory.config, self._used)
        payload.pack()
        return payload

    def take(self, sent: dict[tuple[str, str], bytes] | FragmentPayload) -> None:
        """Take what a forked child sent (its `sent`): the fragments it made, or a whole payload."""
        if isinstance(sent, FragmentPayload):
            self._payload, self._fresh = sent, {}
        else:
            self._fresh.update(sent)

    def handed(self) -> FragmentPayload | None:
        """Return what a long-lived process hands on to its next build: the last build's payload with the fragments
        made since added (a fragment stays valid under its digests: one of an item gone only takes room)."""
        memory = self._memory
        if memory is None or not memory.handed_on:
            return None
        before = self._payload if self._payload is not None else memory.payload()
        if not self._fresh:
            return before
        return (before or FragmentPayload(memory.environment, memory.config)).adding(self._fresh)


def texts(fragments: ItemFragments | None, kind: str, items: Iterable[Item],
          make: Callable[[Item], str]) -> Iterable[str]:
    """Yield each item's text of one kind, through `fragments` when given."""
    if fragments is None:
        return map(make, items)
    return (fragments.text(kind, item, make) for item in items)


"""Per-item text of the pages made in Python: a timeline.json record, a CSV row, a feed's `<entry>`.

The exports list every item of the site, so on a large site they are seconds of work on every
build, though an edit changes a few items. `ItemFragments` makes each item's text once per build
(a feed entry is shared by every feed that lists the item) and, given the item's fingerprint
(sitegen.digest: equal values, equal digests) and what the last build kept, takes the text of an
unchanged item from there. A fragment depends on its item and the site's configuration only (the
base URL, the title), and on the code that made it: the memory is kept under the environment
digest and the configuration's digest, and dropped whole when either changed.
"""

from __future__ import annotations

import gzip
import io
import pickle
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sitegen.site.records import Item


@dataclass(frozen=True)
class FragmentPayload:
    """What the build cache holds: the digests the fragments were made under and the fragments, packed (a
    gzip-compressed pickle of (kind, fingerprint) -> UTF-8 bytes)."""

    environment: str
    config: str
    packed: bytes

    @classmethod
    def of(cls, environment: str, config: str, fragments: dict[tuple[str, str], bytes]) -> FragmentPayload:
        """Return the payload of `fragments`, packed."""
        sink = io.BytesIO()
        with gzip.GzipFile(fileobj=sink, mode="wb", compresslevel=1, mtime=0) as packing:
            pickle.dump(fragments, packing, protocol=pickle.HIGHEST_PROTOCOL)
        return cls(environment, config, sink.getvalue())

    def fragments(self) -> dict[tuple[str, str], bytes]:
        """Return the fragments, unpacked."""
        found = pickle.load(gzip.GzipFile(fileobj=io.BytesIO(self.packed), mode="rb"))
        return found if isinstance(found, dict) else {}


class FragmentMemory:
    """Where the fragments of earlier builds come from and where this build's go: the item fingerprints, the
    digests they are valid under, and the cache's load and keep (all given by sitegen.site.incremental)."""

    def __init__(self, fingerprint: Callable[[Item], str], environment: str, config: str,
                 load: Callable[[], object], keep: Callable[[FragmentPayload], None]) -> None:
        self.fingerprint, self.environment, self.config = fingerprint, environment, config
        self._load, self._keep = load, keep

    def known(self) -> dict[tuple[str, str], bytes]:
        """Return the last build's fragments when they were made under the same code and configuration."""
        payload = self._load()
        if isinstance(payload, FragmentPayload) and (payload.environment, payload.config) == \
                (self.environment, self.config):
            return payload.fragments()
        return {}

    def keep(self, fragments: dict[tuple[str, str], bytes]) -> None:
        """Keep this build's fragments for the next."""
        self._keep(FragmentPayload.of(self.environment, self.config, fragments))


class ItemFragments:
    """The text of each item in each export, made once per build; with a memory, taken from the last build."""

    def __init__(self, memory: FragmentMemory | None = None) -> None:
        self._memory = memory
        self._known: dict[tuple[str, str], bytes] | None = None
        self._used: dict[tuple[str, str], bytes] = {}  # what the next build may take: this build's fragments
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
        self._used[key] = text.encode("utf-8")
        return text

    def prepare(self, items: Iterable[Item]) -> None:
        """Work out the items' fingerprints now (a forked child then shares them instead of digesting again)."""
        if self._memory is not None:
            for item in items:
                self._memory.fingerprint(item)

    def finish(self) -> None:
        """Hand this build's fragments to the memory, when any was made afresh or one known was not used."""
        if self._memory is not None and self._known is not None and (self.made or len(self._used) != len(self._known)):
            self._memory.keep(self._used)


def texts(fragments: ItemFragments | None, kind: str, items: Iterable[Item],
          make: Callable[[Item], str]) -> Iterable[str]:
    """Yield each item's text of one kind, through `fragments` when given."""
    if fragments is None:
        return map(make, items)
    return (fragments.text(kind, item, make) for item in items)


"""What a long-lived process (`sitegen serve`) keeps in memory between its builds.

The build cache (sitegen.cache) keeps results on disk for any later build; this keeps, for the
next build of the same process, the records the last one used, so they are neither read nor
unpickled again. A value is kept under its cache key (or, for a seed file, its status:
`reader.file_key`); only values that never change under their key are kept. It also carries, by
identity, records the next build may hand on unchanged (`carried`/`carry`): its events, timeline
items and their fingerprints, so that work done on an unchanged record is not done again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from sitegen.reader import KnownFiles, Loaded

R = TypeVar("R")
FILES = "files"  # the kind under which a Memory keeps what the seed files were read as (never on disk)


class Memory:
    """What a long-lived process (`sitegen serve`) keeps between its builds.

    The per-article results the last build used, so a rebuild takes them from here rather than
    reading and unpickling them again (~4 s at 10,000 articles), and what its seed files were read
    as (`files`: ~2 s). Only values that never change under their key are kept (the kinds in
    KINDS), and only those the last build used (`settle`): memory follows the site, not the
    history of its edits.
    """

    KINDS = frozenset({"articles", "html", FILES})

    def __init__(self) -> None:
        self._kept: dict[tuple[str, str], object] = {}
        self._used: dict[tuple[str, str], object] = {}
        self.recalled: Counter[str] = Counter()  # values served from memory by kind, over the process's life
        self._carried: dict[str, object] = {}  # what the last build handed on, by kind (see `carry`)
        self._carrying: dict[str, object] = {}

    def get(self, kind: str, key: str) -> object | None:
        """Return the value kept under (kind, key), else None."""
        found = self._kept.get((kind, key))
        if found is not None:
            self._used[(kind, key)] = found
            self.recalled[kind] += 1
        return found

    def note(self, kind: str, key: str, value: object) -> None:
        """Keep a value this build read from disk or made, when its kind is one memory keeps."""
        if kind in self.KINDS:
            self._used[(kind, key)] = value

    def carried(self, kind: str) -> object | None:
        """Return what the last finished build handed on under `kind` (see `carry`), else None."""
        return self._carried.get(kind)

    def carry(self, kind: str, value: object) -> None:
        """Hand a value on to the next build, once this one has finished (`settle`); it replaces the last one's."""
        self._carrying[kind] = value

    def same_as_before(self, kind: str, records: tuple[R, ...], key: Callable[[R], Hashable]) -> tuple[R, ...]:
        """Return `records` with each record equal to one the last build handed on under `kind` with the same key
        replaced by that one (so later stages can tell it unchanged by identity), and hand them on in turn."""
        earlier = self._carried.get(kind)
        before: dict[Hashable, R] = earlier if isinstance(earlier, dict) else {}
        out = tuple([old if (old := before.get(key(r))) is not None and old == r else r for r in records])
        self.carry(kind, {key(r): r for r in out})
        return out

    def settle(self) -> None:
        """After a build: keep what it used and what it handed on, drop the rest."""
        self._kept, self._used = self._used, {}
        self._carried, self._carrying = self._carrying, {}

    def files(self) -> KnownFiles:
        """Return the seed files this process read, as `reader.read_seeds` asks for them."""
        return _KnownFiles(self)


class _KnownFiles:
    """The seed files a Memory keeps (kind "files"), by `reader.file_key`."""

    def __init__(self, memory: Memory) -> None:
        self._memory = memory

    def get(self, key: str) -> Loaded | None:
        """Return what an unchanged file was read as, else None."""
        found = self._memory.get(FILES, key)
        return found if isinstance(found, tuple) else None

    def note(self, key: str, loaded: Loaded) -> None:
        """Keep what a file was read as."""
        self._memory.note(FILES, key, loaded)

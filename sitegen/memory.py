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
from collections.abc import Callable, Hashable, Iterable, Mapping
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
        self._carried: dict[str, tuple[str, object]] = {}  # what the last build handed on: kind -> (key, value)
        self._carrying: dict[str, tuple[str, object]] = {}
        self._later: dict[tuple[str, str], object] = {}  # cache entries to write when the process ends (write_later)

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

    def carried(self, kind: str, key: str = "") -> object | None:
        """Return what the last finished build handed on under `kind` and `key` (see `carry`), else None."""
        found = self._carried.get(kind)
        return found[1] if found is not None and found[0] == key else None

    def carry(self, kind: str, value: object, key: str = "") -> None:
        """Hand a value on to the next build, once this one has finished (`settle`); it replaces the last one's.

        `key` says what it was made for (an output folder, a knowledge digest): `carried` asks for the same."""
        self._carrying[kind] = (key, value)

    def carry_on(self, kind: str) -> None:
        """Hand on again, unchanged, what the last build handed on under `kind` (this build made nothing new of it)."""
        if kind in self._carried:
            self._carrying[kind] = self._carried[kind]

    def same_as_before(self, kind: str, records: tuple[R, ...], key: Callable[[R], Hashable]) -> tuple[R, ...]:
        """Return `records` with each record equal to one the last build handed on under `kind` with the same key
        replaced by that one (so later stages can tell it unchanged by identity), and hand them on in turn."""
        earlier = self.carried(kind)
        out, by_key, _ = same_records(earlier if isinstance(earlier, dict) else {}, records, key)
        self.carry(kind, by_key)
        return out

    def keep_on(self, kind: str) -> None:
        """Keep every value of `kind` the last build used for the next one too, as if this build used them (it took
        what they made whole)."""
        self._used.update((k, v) for k, v in self._kept.items() if k[0] == kind)

    def write_later(self, kind: str, key: str, value: object) -> None:
        """Keep a cache entry that only a later process reads, to write when this one ends (`flush`): the last value
        of each kind and key (writing it after every build would cost every build its packing)."""
        self._later[(kind, key)] = value

    def flush(self, put: Callable[[str, str, object], None]) -> None:
        """Write the entries kept for later with `put(kind, key, value)`, and forget them."""
        later, self._later = self._later, {}
        for (kind, key), value in later.items():
            put(kind, key, value)

    def settle(self) -> None:
        """After a build: keep what it used and what it handed on, drop the rest."""
        self._kept, self._used = self._used, {}
        self._carried, self._carrying = self._carrying, {}

    def files(self) -> KnownFiles:
        """Return the seed files this process read, as `reader.read_seeds` asks for them."""
        return _KnownFiles(self)


V = TypeVar("V")


def kept_for(memo: Mapping[int, tuple[object, V]], obj: object) -> V | None:
    """Return what `memo` keeps for the very object `obj`, by its id(): the memo keeps the object beside the
    value, so the id is never another object's. None when it keeps nothing for it."""
    found = memo.get(id(obj))
    return found[1] if found is not None and found[0] is obj else None


def same_records(before: Mapping[Hashable, R], records: Iterable[R],
                 key: Callable[[R], Hashable]) -> tuple[tuple[R, ...], dict[Hashable, R], int]:
    """Return `records` with each one equal to the record `before` holds under its key replaced by that one, the
    result by key, and how many were replaced."""
    out: list[R] = []
    by_key: dict[Hashable, R] = {}  # a key met twice names its last record (the result keeps both)
    reused = 0
    for record in records:
        name = key(record)
        old = before.get(name)
        if old is not None and (old is record or old == record):  # the very record: no field compared
            record = old
            reused += 1
        out.append(record)
        by_key[name] = record
    return tuple(out), by_key, reused


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

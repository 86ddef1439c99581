"""Fingerprints of build records: equal values give equal digests, in any process, on any run.

A digest is the SHA-256 of a pickle stream written with memoisation off (so two equal
values give the same bytes however their objects happen to be shared) in which every
dataclass is reduced to its class name and field values (so cached properties stored on
an instance never count; a class may name the values that determine it instead, by a
`digest_values()` method) and read-only mappings to their items. Articles and timeline
items, which pages share by the thousand, are digested once per `Fingerprints` and stand
in every larger digest by their own; a long sequence of them stands as the tuple of their
digests (`Digests`: one string each in the stream, not a Python call each).
"""

from __future__ import annotations

import copyreg
import hashlib
import io
import pickle
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import fields, is_dataclass
from operator import attrgetter
from pathlib import Path
from types import FunctionType
from typing import IO, Any

from sitegen import __version__
from sitegen.forking import both
from sitegen.models import Article

PACKAGE_DIR = Path(__file__).resolve().parent


def _ref(*parts: object) -> None:  # pragma: no cover - the reduce callable of a digest: never called
    """Stand for a record in a digest stream (pickled by name, never unpickled)."""


class HashingSink(io.RawIOBase):
    """A writable stream that hashes what is written to it (SHA-256), passing it on to `into` when given."""

    def __init__(self, into: IO[bytes] | None = None) -> None:
        self.hash = hashlib.sha256()
        self._into = into

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.hash.update(data)
        return self._into.write(data) if self._into is not None else len(data)


class Fingerprints:
    """Digests of values for one build, memoising articles and shared records by identity."""

    def __init__(self, shared: tuple[type, ...] = (), earlier: Fingerprints | None = None) -> None:
        self._shared = (Article, *shared)  # types digested once per object and then named by their digest
        self._memo: dict[int, tuple[object, str]] = {}
        # the digests an earlier build of this process made of the very objects it hands on (records are frozen:
        # an object's digest never changes); taken into this memo as they are reached, so it holds this build's only
        self._earlier = earlier._memo if earlier is not None and earlier._shared == self._shared else {}
        self._kinds: dict[type, tuple[str, Values]] = {}  # how each type reduces (see _kind)
        self._idle: list[tuple[HashingSink, _Pickler]] = []  # picklers to reuse (a digest may nest another)

    def of(self, *values: object) -> str:
        """Return the hex digest of `values`."""
        sink, pickler = self._idle.pop() if self._idle else self._pickler()
        sink.hash = hashlib.sha256()
        try:
            pickler.dump(values)
        except (pickle.PicklingError, AttributeError):  # a nested function or a lambda, which pickle cannot name
            sink = HashingSink()  # (the failed pickler is dropped)
            _FunctionPickler(sink, self).dump(values)
            return sink.hash.hexdigest()
        self._idle.append((sink, pickler))  # not after a failed dump: that pickler is dropped
        return sink.hash.hexdigest()

    def record(self, obj: object) -> str:
        """Return the digest a record of a type digested once stands by in larger digests (worked out once: no
        pickling on later calls), else `of(obj)`; equal records, equal digests, as with `of`."""
        found = self._kinds.get(type(obj))
        how, values = found if found is not None else self._kind(type(obj))
        return self._once(obj, values) if how == "shared" else self.of(obj)

    def records(self, objs: Sequence[object], *, fork: bool = False) -> None:
        """Work out the `record` digest of each of `objs` now, every other one of those not known yet (this build's
        or an earlier one's) in a forked child when `fork` and they are many (the same digests: the child sends
        them back, and they are seeded here)."""
        memo, earlier = self._memo, self._earlier
        unknown = [obj for obj in objs if id(obj) not in memo and id(obj) not in earlier] if fork else objs
        if not fork or len(unknown) < FORK_RECORDS_FROM:
            for obj in objs:
                self.record(obj)
            return
        theirs, _ = both(lambda: [self.record(obj) for obj in unknown[1::2]],
                         lambda: [self.record(obj) for obj in unknown[0::2]])
        self.seed(zip(unknown[1::2], theirs))
        for obj in objs:  # those known from an earlier build: into this build's memo
            self.record(obj)

    def settle(self) -> None:
        """Let go of the earlier build's memo once this build has reached what it will (see `earlier`): it would
        keep the records that build had and this one dropped."""
        self._earlier = {}

    def _pickler(self) -> tuple[HashingSink, _Pickler]:
        sink = HashingSink()
        return sink, _Pickler(sink, self)

    def seed(self, records: Iterable[tuple[object, str]]) -> None:
        """Name shared records by digests worked out elsewhere (from the cache keys they were made under).

        A seed must tell records apart as their values would: equal seeds only for equal records.
        The records are kept, so their ids stay their own.
        """
        memo, earlier = self._memo, self._earlier
        for obj, digest in records:
            known = earlier.get(id(obj))
            if known is not None and known[1] != digest:  # named otherwise than before: no earlier digest is sure
                earlier = self._earlier = {}
            memo.setdefault(id(obj), (obj, digest))

    def _once(self, obj: object, values: Values) -> str:
        found = self._memo.get(id(obj))
        if found is None:
            found = self._earlier.get(id(obj))  # the earlier memo keeps its objects: the same id is the same object
            if found is None:
                found = (obj, self.of(type(obj).__qualname__, values(obj)))  # obj kept: its id stays its own
            self._memo[id(obj)] = found
        return found[1]

    def compact(self, found: tuple[Any, ...], at: tuple[int, ...] | None) -> tuple[Any, ...]:
        """Return a record's values with each sequence of at least COMPACT_FROM shared records (or tuples of them)
        among those `at` (None: all) as the Digests of its records: one string each in the stream, not a reduce
        call each (for a few, the call costs less than finding out)."""
        out: list[Any] | None = None
        for i in range(len(found)) if at is None else at:
            value = found[i]
            if type(value) is tuple and len(value) >= COMPACT_FROM:
                digests = self._digests(value)
                if digests is not None:
                    if out is None:
                        out = list(found)
                    out[i] = digests
        return found if out is None else tuple(out)

    def _digests(self, seq: tuple[Any, ...]) -> Digests | None:
        """Return the Digests of a sequence of shared records or of tuples of them, else None."""
        kinds, once = self._kinds, self._once
        made: list[object] = []
        for x in seq:
            if type(x) is tuple:
                inner: list[str] = []
                for y in x:
                    how, values = kinds.get(type(y)) or self._kind(type(y))
                    if how != "shared":
                        return None
                    inner.append(once(y, values))
                made.append(tuple(inner))
            else:
                how, values = kinds.get(type(x)) or self._kind(type(x))
                if how != "shared":
                    return None
                made.append(once(x, values))
        return Digests(made)

    def _kind(self, kind: type) -> tuple[str, Values]:
        """Return how values of a type reduce, worked out once per type: ("shared" | "dataclass", what stands
        for a value: its fields, or its `digest_values()` when the class says which determine it), else
        ("mapping" | "path" | "function" | "digests" | "plain", _no_values)."""
        found = self._kinds.get(kind)
        if found is None:
            if is_dataclass(kind):
                custom = getattr(kind, "digest_values", None)
                values: Values = custom if callable(custom) else _field_values(tuple(f.name for f in fields(kind)))
                # the values that may be sequences of shared records: any a class's digest_values gives, else the
                # fields declared as tuples
                at = None if callable(custom) else \
                    tuple(i for i, f in enumerate(fields(kind)) if "tuple[" in str(f.type))
                if at is None or at:
                    values = _compacting(values, at, weakref.proxy(self))
                found = ("shared" if issubclass(kind, self._shared) else "dataclass", values)
            elif kind is Digests:
                found = ("digests", _no_values)
            elif issubclass(kind, Mapping) and kind is not dict:
                found = ("mapping", _no_values)
            elif issubclass(kind, Path):
                found = ("path", _no_values)
            elif issubclass(kind, FunctionType):
                found = ("function", _no_values)
            else:
                found = ("plain", _no_values)
            self._kinds[kind] = found
        return found


Values = Callable[[Any], tuple[Any, ...]]  # what stands for a record in a digest
FORK_RECORDS_FROM = 5_000  # the fewest records `Fingerprints.records` digests in two processes (a fork costs ~50 ms)
COMPACT_FROM = 8  # the shortest sequence of shared records that a digest takes as their Digests


class Digests(tuple[object, ...]):
    """What stands for a sequence of shared records in a digest: their digests (a tuple of them for a tuple of
    records), in order. Only `Fingerprints.compact` makes one, and it digests as nothing else does."""


def _compacting(values: Values, at: tuple[int, ...] | None, prints: Fingerprints) -> Values:
    """Return `values` with its sequences of shared records compacted (see Fingerprints.compact); `prints` is a
    proxy: a kind's values are kept by the Fingerprints, which must not be in a cycle (builds pause the collector)."""
    return lambda obj: prints.compact(values(obj), at)


def _field_values(names: tuple[str, ...]) -> Values:
    """Return the getter of a dataclass's field values, as a tuple (attrgetter's C loop)."""
    if len(names) == 1:
        name = names[0]
        return lambda obj: (getattr(obj, name),)
    return attrgetter(*names) if names else _no_values


def _no_values(obj: object) -> tuple[Any, ...]:
    return ()


class _Reducers(dict[type, Callable[[Any], Any]]):
    """The pickler's dispatch table: how each type reduces, made on its first value (the C pickler looks a type
    up here itself, so a record costs one Python call, and functions, classes and builtins none)."""

    def __init__(self, prints: Fingerprints) -> None:
        super().__init__()
        self._prints = weakref.proxy(prints)  # the Fingerprints keeps its idle picklers: no cycle to collect

    def __missing__(self, kind: type) -> Callable[[Any], Any]:
        prints = self._prints
        how, values = prints._kinds.get(kind) or prints._kind(kind)
        name = kind.__qualname__
        reduce: Callable[[Any], Any]
        if how == "shared":  # through the proxy: a bound method kept here would make a cycle the collector
            reduce = lambda obj: (_ref, ("#", prints._once(obj, values)))  # frees late (builds pause it)
        elif how == "dataclass":
            reduce = lambda obj: (_ref, (name, values(obj)))
        elif how == "mapping":
            reduce = lambda obj: (_ref, ("mapping", list(obj.items())))
        elif how == "path":
            reduce = lambda obj: (_ref, ("path", str(obj)))
        elif how == "digests":
            reduce = lambda obj: (_ref, ("digests", tuple(obj)))
        else:  # what pickle does without a table of its own: copyreg's entry for the type, else its __reduce_ex__
            reduce = copyreg.dispatch_table.get(kind) or (lambda obj: obj.__reduce_ex__(5))
        self[kind] = reduce
        return reduce


class _Pickler(pickle.Pickler):
    def __init__(self, sink: HashingSink, prints: Fingerprints) -> None:
        super().__init__(sink, protocol=5)
        self.fast = True  # no memo: equal values, equal bytes, however their objects are shared
        self.dispatch_table = _Reducers(prints)


class _FunctionPickler(_Pickler):
    """The pickler for a value holding a function pickle cannot name (a lambda, a nested function)."""

    def reducer_override(self, obj: Any) -> Any:
        if type(obj) is FunctionType and obj is not _ref:  # a producer of the outputs table: its code is in
            return (_ref, ("function", obj.__module__, obj.__qualname__, obj.__code__.co_firstlineno))  # code_digest()
        return NotImplemented


def files_digest(paths: Iterable[Path], root: Path | None = None) -> str:
    """Return the digest of files' names (relative to `root` when given) and bytes, in sorted order."""
    h = hashlib.sha256()
    for path in sorted(paths):
        name = path.relative_to(root).as_posix() if root is not None else str(path)
        data = path.read_bytes()
        h.update(f"{name}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()


_CODE: list[str] = []


def code_digest() -> str:
    """Return the digest of the package version and every module and data file of sitegen (once per process)."""
    if not _CODE:
        files = [p for p in PACKAGE_DIR.rglob("*") if p.is_file() and p.suffix in (".py", ".yaml", ".json")]
        _CODE.append(hashlib.sha256(f"{__version__}\0{files_digest(files, PACKAGE_DIR)}".encode()).hexdigest())
    return _CODE[0]


def tree_files(folder: Path, keep: Callable[[Path], bool] = lambda p: True) -> list[Path]:
    """Return the regular files under `folder` (no links), for `files_digest`; [] when it is absent."""
    if not folder.is_dir():
        return []
    return [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink() and keep(p)]

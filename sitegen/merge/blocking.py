"""Candidate pairs for merging without comparing every entry with every other."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import overload

import numpy


@dataclass(frozen=True)
class Blockable:
    """One entry as blocking sees it: its position, its days as ordinals, its index keys."""

    index: int
    first: int  # date.toordinal() of the span's first day
    last: int  # date.toordinal() of the span's last day
    keys: frozenset[str]  # "n:2000000000", "p:kharkiv", "c:pentagon", "a:minister"


class Pairs(Sequence[tuple[int, int]]):
    """Candidate pairs (i, j), i < j, in order, held as two arrays of positions: millions of pairs take 16 bytes
    each, not the ~120 of a list of tuples of ints (460 MB at 10,000 wire articles); the tuples are made as the
    pairs are read, a chunk at a time."""

    CHUNK = 65_536  # pairs made into tuples at a time while iterating

    def __init__(self, first: numpy.ndarray, second: numpy.ndarray) -> None:
        self._first, self._second = first, second

    def __len__(self) -> int:
        return len(self._first)

    @overload
    def __getitem__(self, at: int) -> tuple[int, int]: ...

    @overload
    def __getitem__(self, at: slice) -> Pairs: ...

    def __getitem__(self, at: int | slice) -> tuple[int, int] | Pairs:
        if isinstance(at, slice):
            return Pairs(self._first[at], self._second[at])
        return int(self._first[at]), int(self._second[at])

    def __iter__(self) -> Iterator[tuple[int, int]]:
        for start in range(0, len(self._first), self.CHUNK):
            end = start + self.CHUNK
            yield from zip(self._first[start:end].tolist(), self._second[start:end].tolist())

    def __repr__(self) -> str:
        return f"Pairs({list(self)!r})"


@dataclass
class BlockingStats:
    """How much work blocking did: raw pair visits and distinct pairs handed on."""

    visits: int = 0
    pairs: int = 0


def candidate_pairs(
    items: Sequence[Blockable], window_days: int, stats: BlockingStats
) -> Pairs:
    """Return the distinct pairs (i < j) that share a key and whose spans lie within window_days.

    Every pair that can pass the similarity test shares a number, a place, a party or a name
    (see sitegen/data/merge.yaml), so an inverted index over those keys loses nothing; within
    each key's list, sorted by first day, a binary search pairs only entries whose dates overlap
    (or are at most `window_days` apart, for date-conflict detection).
    """
    postings: dict[str, list[int]] = {}  # positions into items
    for position, item in enumerate(items):
        for key in item.keys:
            postings.setdefault(key, []).append(position)
    firsts = numpy.fromiter((b.first for b in items), dtype=numpy.int64, count=len(items))
    lasts = numpy.fromiter((b.last for b in items), dtype=numpy.int64, count=len(items))
    indexes = numpy.fromiter((b.index for b in items), dtype=numpy.int64, count=len(items))
    # A pair (i, j), i < j, is kept as the int i * n + j: deduplicated and sorted (in the same order as
    # the tuples) by numpy, where pairs grow into the millions.
    n = int(indexes.max()) + 1 if len(items) else 1  # n * n fits an int64: n < 3 billion entries
    found: list[numpy.ndarray] = []
    for key in sorted(postings):
        where = numpy.array(postings[key], dtype=numpy.int64)
        codes = _sweep(firsts[where], lasts[where], indexes[where], window_days, n)
        stats.visits += len(codes)
        found.append(codes)
    return _decoded(found, n, stats)


def _decoded(found: list[numpy.ndarray], n: int, stats: BlockingStats) -> Pairs:
    """Return the distinct pairs coded in `found` (i * n + j), in order, counted into `stats`."""
    codes = numpy.concatenate(found) if found else numpy.zeros(0, dtype=numpy.int64)
    codes.sort()  # then a run of equal codes is one pair (numpy.unique hashes first: several times slower)
    codes = codes[numpy.concatenate(([True], codes[1:] != codes[:-1]))] if len(codes) else codes
    stats.pairs += len(codes)
    firsts_of, seconds_of = numpy.divmod(codes, n)
    return Pairs(firsts_of, seconds_of)


def _sweep(firsts: numpy.ndarray, lasts: numpy.ndarray, indexes: numpy.ndarray, window_days: int,
           n: int) -> numpy.ndarray:
    """Return the pairs (coded i * n + j, i < j) of one key's entries whose spans are at most window_days apart.

    In order of first day, an entry is in reach of every later one that starts by its last day plus the
    window: a run of positions, found by one binary search; every pair is visited once."""
    order = numpy.argsort(firsts, kind="stable")
    firsts, indexes = firsts[order], indexes[order]
    reach = lasts[order] + window_days
    ends = numpy.searchsorted(firsts, reach, side="right")  # past the last later entry in reach
    positions = numpy.arange(len(firsts))
    counts = numpy.maximum(ends - positions - 1, 0)
    total = int(counts.sum())
    earlier = numpy.repeat(positions, counts)
    starts = numpy.cumsum(counts) - counts  # where each entry's run of partners starts in `later`
    later = numpy.arange(total) - numpy.repeat(starts, counts) + earlier + 1
    one, other = indexes[earlier], indexes[later]
    codes: numpy.ndarray = numpy.minimum(one, other) * n + numpy.maximum(one, other)
    return codes


def pairs_touching(
    fresh: Sequence[Blockable], others: Sequence[Blockable], window_days: int, stats: BlockingStats
) -> Pairs:
    """Return the distinct pairs (i < j) with at least one side in `fresh` that share a key and
    whose spans lie within window_days: the same test as candidate_pairs, for a few late items."""
    wanted = frozenset().union(*(item.keys for item in fresh))  # only keys a fresh item has can pair it
    postings: dict[str, list[Blockable]] = {key: [] for key in wanted}
    for item in (*others, *fresh):
        for key in item.keys & wanted:
            postings[key].append(item)
    columns: dict[str, tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray, int]] = {}
    for key, posting in postings.items():
        posting.sort(key=lambda b: (b.first, b.last, b.index))
        firsts = numpy.fromiter((b.first for b in posting), dtype=numpy.int64, count=len(posting))
        lasts = numpy.fromiter((b.last for b in posting), dtype=numpy.int64, count=len(posting))
        indexes = numpy.fromiter((b.index for b in posting), dtype=numpy.int64, count=len(posting))
        columns[key] = (firsts, lasts, indexes, int((lasts - firsts).max()))
    n = max((b.index for b in (*others, *fresh)), default=0) + 1
    found: list[numpy.ndarray] = []
    for item in sorted(fresh, key=lambda b: b.index):
        for key in sorted(item.keys):
            firsts, lasts, indexes, longest = columns[key]
            # in reach: other.first <= item.last + window, and other.last + window >= item.first, so
            # other.first >= item.first - window - (the longest span under this key)
            low = int(numpy.searchsorted(firsts, item.first - window_days - longest, side="left"))
            high = int(numpy.searchsorted(firsts, item.last + window_days, side="right"))
            near, where = lasts[low:high], indexes[low:high]
            others_in_reach = where[(near + window_days >= item.first) & (where != item.index)]
            stats.visits += len(others_in_reach)
            found.append(numpy.minimum(others_in_reach, item.index) * n + numpy.maximum(others_in_reach, item.index))
    return _decoded(found, n, stats)

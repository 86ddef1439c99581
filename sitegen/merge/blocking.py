"""Candidate pairs for merging without comparing every entry with every other."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy


@dataclass(frozen=True)
class Blockable:
    """One entry as blocking sees it: its position, its days as ordinals, its index keys."""

    index: int
    first: int  # date.toordinal() of the span's first day
    last: int  # date.toordinal() of the span's last day
    keys: frozenset[str]  # "n:2000000000", "p:kharkiv", "c:pentagon", "a:minister"


@dataclass
class BlockingStats:
    """How much work blocking did: raw pair visits and distinct pairs handed on."""

    visits: int = 0
    pairs: int = 0


def candidate_pairs(
    items: Sequence[Blockable], window_days: int, stats: BlockingStats
) -> list[tuple[int, int]]:
    """Return the distinct pairs (i < j) that share a key and whose spans lie within window_days.

    Every pair that can pass the similarity test shares a number, a place, a party or a name
    (see sitegen/data/merge.yaml), so an inverted index over those keys loses nothing; within
    each key's list a sort-and-sweep over span start/end pairs only entries whose dates overlap
    (or are at most `window_days` apart, for date-conflict detection).
    """
    postings: dict[str, list[Blockable]] = {}
    for item in items:
        for key in item.keys:
            postings.setdefault(key, []).append(item)
    # A pair (i, j), i < j, is kept as the int i * n + j: hashed and sorted (in the same order as
    # the tuples) much faster than tuples when pairs grow into the hundreds of thousands.
    n = max((item.index for item in items), default=0) + 1
    seen: set[int] = set()
    for key in sorted(postings):
        stats.visits += _sweep(postings[key], window_days, n, seen)
    stats.pairs += len(seen)
    codes = numpy.fromiter(seen, dtype=numpy.int64, count=len(seen))  # n * n fits: n < 3 billion entries
    codes.sort()
    firsts, seconds = numpy.divmod(codes, n)
    return list(zip(firsts.tolist(), seconds.tolist()))


def _sweep(posting: Iterable[Blockable], window_days: int, n: int, seen: set[int]) -> int:
    """Add to `seen` the pairs (coded i * n + j, i < j) of one key's entries whose spans are at most
    window_days apart; return how many pairs it visited."""
    ordered = sorted(posting, key=lambda b: (b.first, b.last, b.index))
    active: list[tuple[int, int]] = []  # (last day + window, index) of the entries still in reach
    visits = 0
    for item in ordered:
        first, i = item.first, item.index
        active = [reach for reach in active if reach[0] >= first]
        visits += len(active)
        seen.update(j * n + i if j < i else i * n + j for _, j in active)
        active.append((item.last + window_days, i))
    return visits


def pairs_touching(
    fresh: Sequence[Blockable], others: Sequence[Blockable], window_days: int, stats: BlockingStats
) -> list[tuple[int, int]]:
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
    codes = numpy.unique(numpy.concatenate(found)) if found else numpy.zeros(0, dtype=numpy.int64)
    stats.pairs += len(codes)
    firsts_of, seconds_of = numpy.divmod(codes, n)
    return list(zip(firsts_of.tolist(), seconds_of.tolist()))

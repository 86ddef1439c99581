"""Candidate pairs for merging without comparing every entry with every other."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


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
        for i, j in _sweep(postings[key], window_days, stats):
            seen.add(i * n + j if i < j else j * n + i)
    stats.pairs += len(seen)
    return [divmod(code, n) for code in sorted(seen)]


def _sweep(posting: Iterable[Blockable], window_days: int, stats: BlockingStats) -> Iterable[tuple[int, int]]:
    """Yield the pairs of one key's entries whose spans are at most window_days apart."""
    ordered = sorted(posting, key=lambda b: (b.first, b.last, b.index))
    active: list[Blockable] = []
    for item in ordered:
        kept: list[Blockable] = []
        for other in active:
            if other.last + window_days >= item.first:
                kept.append(other)
                stats.visits += 1
                yield other.index, item.index
        kept.append(item)
        active = kept


def pairs_touching(
    fresh: Sequence[Blockable], others: Sequence[Blockable], window_days: int, stats: BlockingStats
) -> list[tuple[int, int]]:
    """Return the distinct pairs (i < j) with at least one side in `fresh` that share a key and
    whose spans lie within window_days: the same test as candidate_pairs, for a few late items."""
    postings: dict[str, list[Blockable]] = {}
    for item in (*others, *fresh):
        for key in item.keys:
            postings.setdefault(key, []).append(item)
    for posting in postings.values():
        posting.sort(key=lambda b: (b.first, b.last, b.index))
    firsts = {key: [b.first for b in posting] for key, posting in postings.items()}
    seen: set[tuple[int, int]] = set()
    for item in sorted(fresh, key=lambda b: b.index):
        for key in sorted(item.keys):
            posting = postings[key]
            for other in posting[: bisect_right(firsts[key], item.last + window_days)]:
                if other.index != item.index and other.last + window_days >= item.first:
                    stats.visits += 1
                    seen.add((min(item.index, other.index), max(item.index, other.index)))
    stats.pairs += len(seen)
    return sorted(seen)

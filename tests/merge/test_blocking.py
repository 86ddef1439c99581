"""Blocking: the candidate pairs are exactly the pairs that share a key and whose days are in reach."""

from __future__ import annotations

import random

import pytest

from sitegen.merge.blocking import Blockable, BlockingStats, Pairs, candidate_pairs, pairs_touching

KEYS = ("n:7", "n:21", "p:kharkiv", "p:odesa", "c:pentagon", "a:zelensky", "a:minister")
WINDOW = 3


def _items(seed: int, size: int) -> list[Blockable]:
    rng = random.Random(seed)
    out = []
    for index in range(size):
        first = 738_000 + rng.randrange(60)
        last = first + rng.choice((0, 0, 0, 6, 30))
        out.append(Blockable(index, first, last, frozenset(rng.sample(KEYS, rng.randrange(0, 3)))))
    return out


def _in_reach(a: Blockable, b: Blockable) -> bool:
    return bool(a.keys & b.keys) and a.first <= b.last + WINDOW and b.first <= a.last + WINDOW


def _every_pair(items: list[Blockable]) -> list[tuple[int, int]]:
    return sorted((a.index, b.index) for n, a in enumerate(items) for b in items[n + 1:] if _in_reach(a, b))


@pytest.mark.parametrize("seed", range(6))
def test_candidate_pairs_are_every_pair_in_reach(seed: int) -> None:
    items = _items(seed, 120)
    assert list(candidate_pairs(items, WINDOW, BlockingStats())) == _every_pair(items)


@pytest.mark.parametrize(("seed", "fresh_count"), [(0, 1), (1, 3), (2, 10), (3, 0), (4, 60)])
def test_pairs_touching_are_the_pairs_in_reach_with_a_fresh_side(seed: int, fresh_count: int) -> None:
    items = _items(seed, 120)
    fresh, others = items[:fresh_count], items[fresh_count:]
    fresh_at = {b.index for b in fresh}
    expected = [(i, j) for i, j in _every_pair(items) if i in fresh_at or j in fresh_at]
    stats = BlockingStats()
    assert list(pairs_touching(fresh, others, WINDOW, stats)) == expected
    assert stats.pairs == len(expected)


def test_a_fresh_item_without_keys_pairs_with_nothing() -> None:
    items = _items(7, 40)
    lonely = Blockable(99, 738_010, 738_010, frozenset())
    assert list(pairs_touching([lonely], items, WINDOW, BlockingStats())) == []


def test_candidate_pairs_sweep_by_date() -> None:
    items = [
        Blockable(0, 100, 100, frozenset({"k"})),
        Blockable(1, 100, 130, frozenset({"k"})),
        Blockable(2, 105, 105, frozenset({"k"})),
        Blockable(3, 200, 200, frozenset({"k"})),
        Blockable(4, 100, 100, frozenset({"other"})),
    ]
    stats = BlockingStats()
    assert list(candidate_pairs(items, 7, stats)) == [(0, 1), (0, 2), (1, 2)]
    assert (stats.visits, stats.pairs) == (3, 3)


@pytest.mark.parametrize("seed", range(4))
def test_candidate_pairs_visit_each_pair_once_per_key_it_shares(seed: int) -> None:
    items = _items(seed, 90)[::2]  # positions are not indexes
    stats = BlockingStats()
    pairs = candidate_pairs(items, WINDOW, stats)
    visits = sum(len(a.keys & b.keys) for n, a in enumerate(items) for b in items[n + 1:] if _in_reach(a, b))
    assert (stats.visits, stats.pairs) == (visits, len(pairs))


def test_no_items_no_pairs() -> None:
    stats = BlockingStats()
    assert list(candidate_pairs([], WINDOW, stats)) == [] and (stats.visits, stats.pairs) == (0, 0)


def test_pairs_are_read_a_chunk_at_a_time_sliced_and_indexed_as_the_list_they_stand_for(
        monkeypatch: pytest.MonkeyPatch) -> None:
    items = _items(5, 120)
    expected = _every_pair(items)
    monkeypatch.setattr(Pairs, "CHUNK", 7)  # many chunks, the last one short
    pairs = candidate_pairs(items, WINDOW, BlockingStats())
    assert len(expected) > 3 * Pairs.CHUNK and len(pairs) == len(expected) and list(pairs) == expected
    cut = len(pairs) // 2
    assert (list(pairs[:cut]), list(pairs[cut:])) == (expected[:cut], expected[cut:])
    assert (pairs[0], pairs[-1]) == (expected[0], expected[-1])
    assert all(type(i) is int and type(j) is int for i, j in pairs)  # Python ints, as the scoring indexes lists

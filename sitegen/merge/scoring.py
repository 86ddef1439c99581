"""Scoring candidate pairs: the same-event test on each, in one process or split over two."""

from __future__ import annotations

from sitegen.forking import both
from sitegen.merge.event import DaySpan, nested
from sitegen.merge.features import Features, Idf, Verdict, same_event_verdict
from sitegen.merge.settings import MergeSettings
from sitegen.merge.stats import MergeStats
from sitegen.models import Entry

FORK_MIN_PAIRS = 50_000  # fewer candidate pairs than this are scored here: a fork of a big heap costs more


def score_pairs_split(
    pairs: list[tuple[int, int]], entries: tuple[Entry, ...], dated: list[DaySpan],
    features: list[Features | None], norms: list[float], idf: Idf, s: MergeSettings, stats: MergeStats,
    merges: list[tuple[float, str, str, int, int, bool, int]], near: list[tuple[int, int]], workers: int,
) -> None:
    """Score candidate pairs as `score_pairs` does; with two or more workers, the first half in a forked child.

    The halves' merges and near pairs are joined in pair order, so the result is the one-process result.
    """
    if workers < 2 or len(pairs) < FORK_MIN_PAIRS:
        score_pairs(pairs, entries, dated, features, norms, idf, s, stats, merges, near)
        return
    cut = len(pairs) // 2

    def half(part: list[tuple[int, int]]) -> tuple[list[tuple[float, str, str, int, int, bool, int]],
                                                   list[tuple[int, int]], int]:
        own = MergeStats()
        found: list[tuple[float, str, str, int, int, bool, int]] = []
        close: list[tuple[int, int]] = []
        score_pairs(part, entries, dated, features, norms, idf, s, own, found, close)
        return found, close, own.compared

    first, second = both(lambda: half(pairs[:cut]), lambda: half(pairs[cut:]))
    for found, close, compared in (first, second):
        merges.extend(found)
        near.extend(close)
        stats.compared += compared


def score_pairs(
    pairs: list[tuple[int, int]], entries: tuple[Entry, ...], dated: list[DaySpan],
    features: list[Features | None], norms: list[float], idf: Idf, s: MergeSettings, stats: MergeStats,
    merges: list[tuple[float, str, str, int, int, bool, int]], near: list[tuple[int, int]],
) -> None:
    """Score candidate pairs: those that are one event with nesting dates become merges, look-alikes
    whose dates are apart become near pairs (date-conflict flags)."""
    compared = 0
    for i, j in pairs:  # millions of pairs in a cold build of 10,000 articles: score() inlined
        a, b = entries[i], entries[j]
        if a.article is not None and a.article == b.article:
            continue
        fi, fj = features[i], features[j]
        assert fi is not None and fj is not None
        if fi.places and fj.places and fi.places.isdisjoint(fj.places):
            continue
        compared += 1
        verdict = same_event_verdict(fi, fj, norms[i], norms[j], idf, s)
        if verdict is None:
            continue
        flag = len(verdict.signals) >= s.conflict_min_signals  # alike enough to ask an editor
        if nested(dated[i], dated[j]):
            lo, hi = sorted((a.id, b.id))
            merges.append((-verdict.score, lo, hi, i, j, flag, -1))
        elif flag and (dated[i].last < dated[j].first or dated[j].last < dated[i].first):
            near.append((i, j))
    stats.compared += compared


def score(
    i: int, j: int, entries: tuple[Entry, ...], features: list[Features | None], norms: list[float],
    idf: Idf, s: MergeSettings, stats: MergeStats,
) -> Verdict | None:
    """Return the verdict of a pair when it says one event, counting the pairs scored."""
    fi, fj = features[i], features[j]
    assert fi is not None and fj is not None
    if fi.places and fj.places and fi.places.isdisjoint(fj.places):
        return None  # compare() would veto it ("places differ"): not worth scoring (score_pairs tests it as well)
    stats.compared += 1
    return same_event_verdict(fi, fj, norms[i], norms[j], idf, s)

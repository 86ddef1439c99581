"""Scoring candidate pairs: the same-event test on each, in one process or split over two."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from sitegen.forking import both
from sitegen.merge.event import DaySpan, nested
from sitegen.merge.features import Features, Idf, Verdict, compare, same_event_verdict, word_score
from sitegen.merge.settings import MergeSettings
from sitegen.merge.stats import MergeStats
from sitegen.models import Entry

FORK_MIN_PAIRS = 50_000  # fewer candidate pairs than this are scored here: a fork of a big heap costs more
# A pair that came out as nothing with a word score within this factor of a threshold is noted with its margin:
# other word weights could tip it (see sitegen.merge.recall).
MARGIN_NOTED = 1.25
Margins = dict[tuple[int, int], float]  # by pair (entry positions): the margins noted


def margin(wording: float, s: MergeSettings) -> float:
    """Return the least factor by which new word weights must move a word score for it to cross a threshold
    it is tested against (inf for 0: no word shared, and none is under any weights)."""
    if wording <= 0.0:
        return math.inf
    return min(t / wording if wording < t else wording / t
               for t in (s.wording_weak, s.wording_strong, s.wording_decisive))


def score_pairs_split(
    pairs: Sequence[tuple[int, int]], entries: tuple[Entry, ...], dated: list[DaySpan],
    features: list[Features | None], norms: list[float], idf: Idf, s: MergeSettings, stats: MergeStats,
    merges: list[tuple[float, str, str, int, int, bool, int]], near: list[tuple[int, int]], workers: int,
    margins: Margins,
) -> None:
    """Score candidate pairs as `score_pairs` does; with two or more workers, the first half in a forked child.

    The halves' merges and near pairs are joined in pair order, so the result is the one-process result.
    """
    if workers < 2 or len(pairs) < FORK_MIN_PAIRS:
        score_pairs(pairs, entries, dated, features, norms, idf, s, stats, merges, near, margins)
        return
    cut = len(pairs) // 2

    def half(part: Sequence[tuple[int, int]]) -> tuple[list[tuple[float, str, str, int, int, bool, int]],
                                                   list[tuple[int, int]], int, Margins]:
        own = MergeStats()
        found: list[tuple[float, str, str, int, int, bool, int]] = []
        close: list[tuple[int, int]] = []
        noted: Margins = {}
        score_pairs(part, entries, dated, features, norms, idf, s, own, found, close, noted)
        return found, close, own.compared, noted

    first, second = both(lambda: half(pairs[:cut]), lambda: half(pairs[cut:]))
    for found, close, compared, noted in (first, second):
        merges.extend(found)
        near.extend(close)
        stats.compared += compared
        margins.update(noted)


def score_pairs(
    pairs: Iterable[tuple[int, int]], entries: tuple[Entry, ...], dated: list[DaySpan],
    features: list[Features | None], norms: list[float], idf: Idf, s: MergeSettings, stats: MergeStats,
    merges: list[tuple[float, str, str, int, int, bool, int]], near: list[tuple[int, int]],
    margins: Margins | None = None,
) -> None:
    """Score candidate pairs: those that are one event with nesting dates become merges, look-alikes
    whose dates are apart become near pairs (date-conflict flags); `margins` receives the pairs that came out
    as nothing near a word-score threshold (see `margin`)."""
    compared = 0
    strong, noted = s.wording_strong, margins if margins is not None else {}
    for i, j in pairs:  # millions of pairs in a cold build of 10,000 articles: same_event_verdict() inlined
        a, b = entries[i], entries[j]
        if a.article is not None and a.article == b.article:
            continue
        fi, fj = features[i], features[j]
        assert fi is not None and fj is not None
        if fi.places and fj.places and fi.places.isdisjoint(fj.places):
            continue  # compare() would veto it ("places differ") under any word weights
        compared += 1
        if fi.numbers.isdisjoint(fj.numbers):
            wording = word_score(fi, fj, norms[i], norms[j], idf)
            if wording < strong:  # not anchored: compare() could only say "not the same event"
                if wording > 0.0 and (r := strong / wording) < MARGIN_NOTED:
                    noted[(i, j)] = r
                continue
        verdict = compare(fi, fj, norms[i], norms[j], idf, s)
        if not verdict.same_event(s):
            if (r := margin(verdict.wording, s)) < MARGIN_NOTED:
                noted[(i, j)] = r
            continue
        flag = len(verdict.signals) >= s.conflict_min_signals  # alike enough to ask an editor
        if nested(dated[i], dated[j]):
            lo, hi = sorted((a.id, b.id))
            merges.append((-verdict.score, lo, hi, i, j, flag, -1))
        elif flag and (dated[i].last < dated[j].first or dated[j].last < dated[i].first):
            near.append((i, j))
        elif (r := margin(verdict.wording, s)) < MARGIN_NOTED:
            noted[(i, j)] = r
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

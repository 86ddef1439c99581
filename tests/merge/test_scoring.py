"""Scoring: pairs that came out as nothing near a word-score threshold are noted with their margins."""

from __future__ import annotations

import math

import pytest
from test_recall import corpus

from sitegen.merge.event import day_span
from sitegen.merge.facts import read_facts
from sitegen.merge.features import Features, Idf, MergeVocabulary, same_event_verdict, word_score
from sitegen.merge.scoring import MARGIN_NOTED, Margins, margin, score_pairs
from sitegen.merge.settings import default_settings
from sitegen.merge.stats import MergeStats
from sitegen.models import Entry, PlaceTag

KHARKIV = PlaceTag(slug="kharkiv", name="Kharkiv", matched="Kharkiv")
# No numbers, and word scores just under the strong threshold: turned away before compare(), yet close to it
CLOSE = tuple(Entry(id=f"t{n}", article=f"t{n}", value="2024-05-10", precision="day", text=text, places=(KHARKIV,))
              for n, text in enumerate((
                  "A drone attack on Kharkiv damaged a power station, Ukrenergo said.",
                  "A drone attack on Kharkiv damaged a water station and a school, officials said.",
                  "A missile attack on Kharkiv damaged a power station and homes, Ukrenergo said.",
                  "A drone attack damaged a power station in Kharkiv, leaving homes without power.",
              )))


def _expected_margins(pairs: list[tuple[int, int]], entries: tuple[Entry, ...], features: list[Features],
                      norms: list[float], idf: Idf, merged: set[tuple[int, int]], near: set[tuple[int, int]]) -> Margins:
    """The margin of each pair that came out as nothing near a threshold, worked out pair by pair."""
    s = default_settings()
    out: Margins = {}
    for i, j in pairs:
        fi, fj = features[i], features[j]
        if entries[i].article == entries[j].article or (fi.places and fj.places and fi.places.isdisjoint(fj.places)):
            continue  # turned away whatever the weights
        if (i, j) in merged or (i, j) in near:
            continue  # scored again under other weights
        w = word_score(fi, fj, norms[i], norms[j], idf)
        verdict = same_event_verdict(fi, fj, norms[i], norms[j], idf, s)
        r = (s.wording_strong / w if w else math.inf) if verdict is None and fi.numbers.isdisjoint(fj.numbers) \
            and w < s.wording_strong else margin(w, s)
        if r < MARGIN_NOTED:
            out[(i, j)] = r
    return out


@pytest.mark.parametrize("seed", range(3))
def test_the_pairs_that_came_out_as_nothing_near_a_threshold_are_noted_with_their_margins(seed: int) -> None:
    entries = corpus(seed=seed, size=200) + CLOSE
    features: list[Features] = read_facts(entries, MergeVocabulary(default_settings()))
    idf = Idf(f.tokens for f in features)
    norms = [idf.mass(f.tokens) for f in features]
    dated = [day_span(e) for e in entries]
    pairs = [(i, j) for i in range(len(entries)) for j in range(i + 1, len(entries))]
    merges: list[tuple[float, str, str, int, int, bool, int]] = []
    near: list[tuple[int, int]] = []
    noted: Margins = {}
    score_pairs(pairs, entries, dated, list[Features | None](features), norms, idf, default_settings(), MergeStats(), merges, near, noted)
    merged = {(m[3], m[4]) for m in merges}
    assert noted == _expected_margins(pairs, entries, features, norms, idf, merged, set(near))
    s = default_settings()
    close = [word_score(features[i], features[j], norms[i], norms[j], idf) for i, j in ((200, 201), (202, 203))]
    assert all(s.wording_strong / MARGIN_NOTED < w < s.wording_strong for w in close)  # the fast path's
    assert (noted[(200, 201)], noted[(202, 203)]) == (s.wording_strong / close[0], s.wording_strong / close[1])
    assert all(r < MARGIN_NOTED for r in noted.values())

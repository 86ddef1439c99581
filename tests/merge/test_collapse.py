"""Repeated text collapses before scoring: exact and near copies, the rules kept, linear cost, determinism."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from sitegen.merge import collapse
from sitegen.merge.collapse import fact_set, plan
from sitegen.merge.event import DaySpan, day_span
from sitegen.merge.features import Features, MergeVocabulary, extract
from sitegen.merge.group import group_events, group_events_with_stats
from sitegen.merge.settings import default_settings
from sitegen.models import Article, Entry, MergeRules, OutletRef, PlaceTag

ROOT = Path(__file__).resolve().parents[2]

WIRE = ("Russian forces shelled residential areas of Kharkiv, killing 7 civilians and wounding 21 "
        "on Saturday, the regional governor said.")
CURLY = WIRE.replace(", killing", " \u2014 killing")  # another site's dashes
WORD_CHANGED = WIRE.replace("residential areas", "residential districts")
CLAUSE_ADDED = WIRE.replace(" on Saturday", " on Saturday amid continued fighting")
OTHER_TOLL = WIRE.replace("killing 7", "killing 9").replace("wounding 21", "wounding 30")
OTHER_EVENT = "Ukrainian forces retook 5 settlements south of Kharkiv on Saturday, the regional governor said."


def article(aid: str) -> Article:
    outlet = OutletRef(name=aid, label=aid, kind="newspaper", slug=aid)
    return Article(id=aid, title=aid, paragraphs=(), sentences=(), published=None,
                   published_source="unknown", published_evidence="", outlet=outlet)


def entry(eid: str, aid: str, value: str, text: str) -> Entry:
    precision = {10: "day", 7: "month", 4: "year"}.get(len(value), "week")
    tag = PlaceTag(slug="kharkiv", name="Kharkiv", matched="Kharkiv")
    return Entry(id=eid, article=aid, value=value, precision=precision, text=text, places=(tag,))


ARTICLES = tuple(article(f"a{n:04d}") for n in range(2000))


def groups(entries: tuple[Entry, ...]) -> list[list[str]]:
    """Each event's member ids, sorted, the events sorted by their first id."""
    return sorted(sorted(e.id for e in ev.entries) for ev in group_events(entries, ARTICLES, MergeRules()))


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        pytest.param(
            (entry("e1", "a0001", "2024-05-18", WIRE), entry("e2", "a0002", "2024-05-18", WIRE),
             entry("e3", "a0003", "2024-05-18", WIRE)),
            [["e1", "e2", "e3"]],
            id="exact-copies-one-event",
        ),
        pytest.param(
            (entry("e1", "a0001", "2024-05-18", WIRE), entry("e2", "a0002", "2024-05-18", CURLY)),
            [["e1", "e2"]],
            id="other-dashes-are-the-same-text",
        ),
        pytest.param(
            (entry("e1", "a0001", "2024-05-18", WIRE), entry("e2", "a0002", "2024-05-18", WORD_CHANGED),
             entry("e3", "a0003", "2024-05-18", CLAUSE_ADDED)),
            [["e1", "e2", "e3"]],
            id="near-copies-one-event",
        ),
        pytest.param(
            (entry("e1", "a0001", "2024-05-18", WIRE), entry("e2", "a0002", "2024-05-18", OTHER_EVENT)),
            [["e1"], ["e2"]],
            id="not-near-enough-stays-apart",
        ),
        pytest.param(
            (entry("e1", "a0001", "2024-05-18", WIRE), entry("e2", "a0001", "2024-05-18", WIRE),
             entry("e3", "a0002", "2024-05-18", WIRE)),
            [["e1", "e3"], ["e2"]],
            id="same-article-twice-never-one-event",
        ),
        pytest.param(
            (entry("e1", "a0001", "2024-05-18", WIRE), entry("e2", "a0002", "2024-05-25", WIRE),
             entry("e3", "a0003", "2024-05-18", WIRE), entry("e4", "a0004", "2024-05", WIRE)),
            [["e1", "e3", "e4"], ["e2"]],
            id="copies-on-days-that-disagree-split",
        ),
        pytest.param(
            (entry("e1", "a0001", "2024-05-18", WIRE), entry("e2", "a0002", "2024-05-18", OTHER_TOLL)),
            [["e1", "e2"]],
            id="near-copy-with-other-numbers-merges-and-is-flagged",
        ),
    ],
)
def test_collapse(entries: tuple[Entry, ...], expected: list[list[str]]) -> None:
    assert groups(entries) == expected


def test_copies_on_disagreeing_days_are_flagged_once_not_per_pair() -> None:
    entries = tuple(
        entry(f"e{n:03d}", f"a{n:04d}", "2024-05-18" if n % 2 else "2024-05-25", WIRE) for n in range(40)
    )
    events = group_events(entries, ARTICLES, MergeRules())
    assert sorted(len(ev.entries) for ev in events) == [20, 20]
    for ev in events:
        assert [(c.field, c.values) for c in ev.conflicts] == [("date", ("2024-05-18", "2024-05-25"))]


def test_near_copy_number_conflict_is_kept() -> None:
    events = group_events(
        (entry("e1", "a0001", "2024-05-18", WIRE), entry("e2", "a0002", "2024-05-18", OTHER_TOLL)),
        ARTICLES, MergeRules(),
    )
    assert [(c.field, c.values, c.entries) for c in events[0].conflicts] == [
        ("number", ("7 civilians", "9 civilians"), ("e1", "e2"))
    ]


def test_fact_sets_of_near_copies_overlap() -> None:
    vocabulary = MergeVocabulary(default_settings())
    a, b, c = (fact_set(extract(entry("e", "a0001", "2024-05-18", t), vocabulary))
               for t in (WIRE, WORD_CHANGED, OTHER_EVENT))
    assert len(a & b) / len(a | b) >= default_settings().near_copy_jaccard
    assert len(a & c) / len(a | c) < default_settings().near_copy_jaccard


@pytest.mark.parametrize("copies", [10, 100, 1000])
def test_a_sentence_repeated_in_n_articles_scores_about_n_pairs(copies: int) -> None:
    texts = (WIRE, CURLY, WORD_CHANGED, CLAUSE_ADDED)
    entries = tuple(
        entry(f"e{n:05d}", f"a{n:04d}", "2024-05-18", texts[n % len(texts)]) for n in range(copies)
    )
    events, stats = group_events_with_stats(entries, ARTICLES, MergeRules())
    assert [len(ev.entries) for ev in events] == [copies]
    assert stats.compared <= copies  # not copies * (copies - 1) / 2
    assert stats.blocking.pairs <= copies


def test_input_order_does_not_matter_with_copies() -> None:
    rng = random.Random(7)
    texts = (WIRE, CURLY, WORD_CHANGED, CLAUSE_ADDED, OTHER_TOLL, OTHER_EVENT)
    days = ("2024-05-18", "2024-05-18", "2024-05-25", "2024-05", "2024-W20")
    entries = [entry(f"e{n:03d}", f"a{rng.randrange(60):04d}", rng.choice(days), rng.choice(texts))
               for n in range(200)]
    first = group_events(tuple(entries), ARTICLES, MergeRules())
    rng.shuffle(entries)
    assert group_events(tuple(entries), ARTICLES, MergeRules()) == first


_SCRIPT = """
import json, random, sys
sys.path.insert(0, {tests!r})
from test_collapse import ARTICLES, entry, WIRE, CURLY, WORD_CHANGED, CLAUSE_ADDED, OTHER_TOLL, OTHER_EVENT
from sitegen.merge.group import group_events
from sitegen.models import MergeRules
rng = random.Random(3)
texts = (WIRE, CURLY, WORD_CHANGED, CLAUSE_ADDED, OTHER_TOLL, OTHER_EVENT)
days = ("2024-05-18", "2024-05-19", "2024-05-25", "2024-05", "2024-W20")
entries = tuple(entry(f"e{{n:03d}}", f"a{{rng.randrange(80):04d}}", rng.choice(days), rng.choice(texts))
                for n in range(300))
events = group_events(entries, ARTICLES, MergeRules())
print(json.dumps([[ev.id, [e.id for e in ev.entries], [[c.field, c.values, c.entries] for c in ev.conflicts]]
                  for ev in events]))
"""


def test_same_events_under_two_hash_seeds() -> None:
    outputs = []
    for seed in ("1", "987654"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        done = subprocess.run([sys.executable, "-c", _SCRIPT.format(tests=str(Path(__file__).parent))],
                              env=env, capture_output=True, text=True, check=True)
        outputs.append(json.loads(done.stdout))
    assert outputs[0] == outputs[1]
    assert any(len(members) > 1 for _, members, _ in outputs[0])


VARIANTS = tuple(t.replace("Kharkiv", town) for town in ("Kharkiv", "Odesa", "Sumy")
                 for t in (WIRE, WORD_CHANGED, CLAUSE_ADDED, OTHER_TOLL, OTHER_EVENT))


def _plan_inputs(texts: list[str]) -> tuple[list[int], list[Features | None], list[DaySpan]]:
    """Plan inputs for one entry per text, equal facts shared as one object (as the merge shares them)."""
    vocabulary = MergeVocabulary(default_settings())
    shared: dict[Features, Features] = {}
    features: list[Features | None] = []
    dated = []
    for n, text in enumerate(texts):
        e = entry(f"e{n:03d}", f"a{n:04d}", "2024-05-18", text)
        f = extract(e, vocabulary)
        features.append(shared.setdefault(f, f))
        dated.append(day_span(e))
    return list(range(len(texts))), features, dated


def _texts(seed: int, size: int = 60) -> list[str]:
    rng = random.Random(seed)
    return [rng.choice(VARIANTS) for _ in range(size)]


def _edited(texts: list[str], how: str) -> list[str]:
    """The texts another merge met: the same, one more early, one fewer late, the first changed, shuffled."""
    if how == "same":
        return list(texts)
    if how == "one-more-early":
        return [texts[0], OTHER_EVENT.replace("5 settlements", "12 settlements"), *texts[1:]]
    if how == "one-fewer-late":
        return texts[:-1]
    if how == "first-changed":
        return [OTHER_TOLL.replace("Kharkiv", "Kyiv"), *texts[1:]]
    shuffled = list(texts)
    random.Random(3).shuffle(shuffled)
    return shuffled


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("how", ["same", "one-more-early", "one-fewer-late", "first-changed", "shuffled"])
def test_a_plan_that_takes_the_last_near_copy_plan_is_the_fresh_plan(seed: int, how: str) -> None:
    texts = _texts(seed)
    before = plan(*_plan_inputs(_edited(texts, how)), default_settings().near_copy_jaccard).near
    inputs = _plan_inputs(texts)
    fresh = plan(*inputs, default_settings().near_copy_jaccard)
    recalled = plan(*inputs, default_settings().near_copy_jaccard, before)
    assert (recalled.links, recalled.leaders, recalled.near_copies) == (fresh.links, fresh.leaders, fresh.near_copies)
    assert recalled.near == fresh.near
    assert fresh.near_copies > 0  # the texts hold near copies: the plan has something to recall


@pytest.mark.parametrize(("how", "recalled"), [("same", "all"), ("one-fewer-late", "all"), ("one-more-early", 1),
                                               ("first-changed", 0)])
def test_the_near_copy_answers_taken_are_those_of_the_sets_met_in_the_same_order(how: str, recalled: object) -> None:
    texts = _texts(4)
    before = plan(*_plan_inputs(_edited(texts, how)), default_settings().near_copy_jaccard).near
    now = plan(*_plan_inputs(texts), default_settings().near_copy_jaccard, before)
    assert now.near_recalled == (len(now.near.facts) if recalled == "all" else recalled)


def test_a_plan_whose_answers_are_all_known_computes_no_minhash(monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = _plan_inputs(_texts(5))
    before = plan(*inputs, default_settings().near_copy_jaccard).near

    def refuse(*args: object) -> None:
        raise AssertionError("NearCopies was built")

    monkeypatch.setattr(collapse, "NearCopies", refuse)
    assert plan(*inputs, default_settings().near_copy_jaccard, before).near == before

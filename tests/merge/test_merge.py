"""Cross-source merging: which entries become one event, and what that event says."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st
from merge_cases import (
    ARTICLES,
    BLINKEN_DAY,
    BLINKEN_MONTH,
    DRONES,
    EU_2023,
    REPELLED,
    SEED_AP,
    SEED_GAZE,
    STRIKE_AP,
    STRIKE_REUTERS,
    VILLAGE_KI,
    VILLAGE_TASS,
    WEDNESDAY_1,
    WEDNESDAY_2,
    WEDNESDAY_3,
    entry,
    groups_of,
)

from sitegen.merge.event import day_span, make_event, nested
from sitegen.merge.features import MergeVocabulary
from sitegen.merge.group import group_events, group_events_with_stats, origin
from sitegen.merge.settings import default_settings, parse_merge_settings
from sitegen.models import Cite, Claim, Conflict, Entry, Event, MergeRules
from sitegen.temporal import timex

# ------------------------------------------------------------------------ merging cases

CASES = [
    pytest.param(
        (
            entry("e01", "reuters", "2024-05-18", STRIKE_REUTERS, ("kharkiv",)),
            entry("e02", "ap", "2024-05-18", STRIKE_AP, ("kharkiv",)),
            entry("e03", "reuters", "2024-05-18", DRONES, ("kharkiv",)),
        ),
        [["e02", "e01"], ["e03"]],
        id="reuters-and-ap-same-strike-same-day",
    ),
    pytest.param(
        (
            entry(
                "e05",
                "tass",
                "2024-04-28",
                VILLAGE_TASS,
                ("ocheretyne", "donetsk"),
                cites=(Cite("Russian Defense Ministry", "institution", "the Russian Defense Ministry said"),),
                claim=Claim("attributed", by="Russian Defense Ministry"),
            ),
            entry(
                "e06",
                "kyivind",
                "2024-04-28",
                VILLAGE_KI,
                ("ocheretyne", "donetsk"),
                cites=(Cite("General Staff of Ukraine", "institution", "Ukraine's General Staff confirmed"),),
            ),
            entry("e07", "kyivind", "2024-04-28", REPELLED, ("avdiivka",)),
            entry("e01", "reuters", "2024-05-18", STRIKE_REUTERS, ("kharkiv",)),
            entry("e03", "reuters", "2024-05-18", DRONES, ("kharkiv",)),
        ),
        [["e06", "e05"], ["e07"], ["e01"], ["e03"]],
        id="tass-claim-and-kyiv-independent-same-village-capture",
    ),
    pytest.param(
        (entry("e09", "ap", "2024-05-14", BLINKEN_DAY), entry("e10", "kyivind", "2024-05", BLINKEN_MONTH)),
        [["e09", "e10"]],
        id="month-and-day-report-of-one-announcement",
    ),
    pytest.param(
        (
            entry("e11", "whales", "2024-05-15", WEDNESDAY_1),
            entry("e12", "whales", "2024-05-15", WEDNESDAY_2),
            entry("e13", "whales", "2024-05-15", WEDNESDAY_3, ("vovchansk",)),
        ),
        [["e11"], ["e12"], ["e13"]],
        id="never-two-sentences-of-one-article",
    ),
    pytest.param(
        (entry("e14", "reuters", "2023-05-20", EU_2023), entry("e09", "ap", "2024-05-14", BLINKEN_DAY)),
        [["e14"], ["e09"]],
        id="two-different-2-billion-facts-a-year-apart",
    ),
    pytest.param(
        (
            entry("e15", "whales", "2024-04", SEED_AP),
            entry("e16", "gaze", "2024-05-17", SEED_GAZE, estimated=True),
        ),
        [["e15"], ["e16"]],
        id="seed-blinken-dates-disagree-april-and-17-may",
    ),
    pytest.param(
        (
            entry(
                "e17",
                "reuters",
                "2024-05-18",
                "A Russian missile strike on Kharkiv killed 7 people on Saturday.",
                ("kharkiv",),
            ),
            entry(
                "e18",
                "ap",
                "2024-05-18",
                "A Russian missile strike on Odesa killed 7 people on Saturday.",
                ("odesa",),
            ),
        ),
        [["e18"], ["e17"]],
        id="same-number-different-places",
    ),
    pytest.param(
        (
            entry(
                "e19",
                "reuters",
                "2024-05-18",
                "A Russian missile strike on Kharkiv killed 7 people on Saturday.",
                ("kharkiv",),
            ),
            entry(
                "e20",
                "ap",
                "2024-05-18",
                "Russian shelling of a Kharkiv suburb killed 3 people on Saturday, officials said.",
                ("kharkiv",),
            ),
        ),
        [["e20"], ["e19"]],
        id="different-death-tolls-are-not-merged-on-wording-alone",
    ),
    pytest.param(
        (
            entry(
                "e21",
                "reuters",
                "2024-05-18",
                "The strike on a hardware store in Kharkiv killed 16 people.",
                ("kharkiv",),
            ),
            entry(
                "e22",
                "ap",
                "2024-W20",
                "Russian bombs hit a hardware store in Kharkiv, killing 16 people.",
                ("kharkiv",),
            ),
        ),
        [["e21", "e22"]],
        id="day-inside-week",
    ),
    pytest.param(
        (
            entry(
                "e23",
                "reuters",
                "2024-05-31",
                "The strike on a hardware store in Kharkiv killed 16 people.",
                ("kharkiv",),
            ),
            entry(
                "e24",
                "ap",
                "2024-W22",
                "Russian bombs hit a hardware store in Kharkiv, killing 16 people.",
                ("kharkiv",),
            ),
            entry(
                "e25",
                "kyivind",
                "2024-06",
                "Russian bombs hit a hardware store in Kharkiv, killing 16 people.",
                ("kharkiv",),
            ),
        ),
        [["e23", "e24"], ["e25"]],
        id="week-straddling-months-does-not-nest-in-june",
    ),
    pytest.param(
        (
            entry("e26", "nameless", "2024-05-18", STRIKE_REUTERS, ("kharkiv",)),
            entry("e27", "nameless2", "2024-05-18", STRIKE_AP, ("kharkiv",)),
        ),
        [["e27", "e26"]],
        id="unknown-outlets-merge-too",
    ),
]


@pytest.mark.parametrize(("entries", "expected"), CASES)
def test_groups(entries: tuple[Entry, ...], expected: list[list[str]]) -> None:
    events = group_events(entries, ARTICLES, MergeRules())
    assert groups_of(events) == expected
    assert sorted(e.id for ev in events for e in ev.entries) == sorted(e.id for e in entries)


def test_merged_event_fields() -> None:
    entries = (
        entry("e09", "ap", "2024-05-14", BLINKEN_DAY),
        entry("e10", "kyivind", "2024-05", BLINKEN_MONTH, headline="Blinken pledges $2 billion"),
    )
    (event,) = group_events(entries, ARTICLES, MergeRules())
    assert event == Event(
        id="e09",
        value="2024-05-14",
        precision="day",
        entries=entries,
        end_value=None,
        headline="Blinken pledges $2 billion",
        independent_sources=2,
        conflicts=(),
        merged_by="auto",
    )


def test_single_entry_event() -> None:
    e = entry("e4f00aa11bb", "ap", "2024-05-14", BLINKEN_DAY, end_value="2024-05-15")
    assert group_events((e,), ARTICLES, MergeRules()) == (
        Event(id="e4f00aa11bb", value="2024-05-14", precision="day", entries=(e,), end_value="2024-05-15"),
    )


@pytest.mark.parametrize("headline", [None, "", "Blinken in Kyiv"])
def test_a_group_of_one_keeps_its_headline_and_its_look_alikes_conflicts_once_and_in_order(
        headline: str | None) -> None:
    e = replace(entry("e4f00aa11bb", "ap", "2024-05-14", BLINKEN_DAY), headline=headline)
    late = Conflict(field="date", values=("14 May 2024", "15 May 2024"), entries=("e4f00aa11bb", "e9"))
    early = Conflict(field="date", values=("13 May 2024", "14 May 2024"), entries=("e1", "e4f00aa11bb"))
    event = make_event([e], [day_span(e)], [None], editor=False, origins={"outlet:ap", "outlet:x"},
                       extra_conflicts=[late, early, late], settings=default_settings())
    assert event == Event(id="e4f00aa11bb", value="2024-05-14", precision="day", entries=(e,),
                          headline=headline or None, independent_sources=1, conflicts=(early, late))


# ------------------------------------------------------------------ independent sources


@pytest.mark.parametrize(
    ("articles", "sources"),
    [
        pytest.param(("reuters", "ap"), 2, id="two-outlets"),
        pytest.param(("ap", "whales"), 1, id="aggregator-reposting-ap-counts-once"),
        pytest.param(("reuters", "ap", "whales"), 2, id="three-articles-two-origins"),
        pytest.param(("nameless", "nameless2"), 2, id="unknown-outlets-keyed-by-article"),
    ],
)
def test_independent_sources(articles: tuple[str, ...], sources: int) -> None:
    entries = tuple(
        entry(f"e{n}", aid, "2024-05-18", STRIKE_AP if n % 2 else STRIKE_REUTERS, ("kharkiv",))
        for n, aid in enumerate(articles)
    )
    (event,) = group_events(entries, ARTICLES, MergeRules())
    assert event.independent_sources == sources


@pytest.mark.parametrize(
    ("e", "expected"),
    [
        (entry("e1", "whales", "2024", "x"), "outlet:associated-press"),
        (entry("e1", "reuters", "2024", "x"), "outlet:reuters"),
        (entry("e1", "nameless", "2024", "x"), "article:nameless"),
        (entry("e1", "gone", "2024", "x"), "article:gone"),
        (entry("e1", None, "2024", "x", citation_url="https://www.bbc.com/news/1"), "host:www.bbc.com"),
        (entry("e1", None, "2024", "x"), "entry:e1"),
    ],
)
def test_origin(e: Entry, expected: str) -> None:
    assert origin(e, {a.id: a for a in ARTICLES}) == expected


# ---------------------------------------------------------------------------- conflicts


def test_date_conflict_between_look_alikes_a_day_apart() -> None:
    entries = (
        entry("e31", "reuters", "2024-05-18", STRIKE_REUTERS, ("kharkiv",)),
        entry("e32", "ap", "2024-05-19", STRIKE_AP, ("kharkiv",)),
    )
    events = group_events(entries, ARTICLES, MergeRules())
    conflict = Conflict(field="date", values=("2024-05-18", "2024-05-19"), entries=("e31", "e32"))
    assert [(ev.id, ev.conflicts) for ev in events] == [("e31", (conflict,)), ("e32", (conflict,))]


def test_no_conflict_beyond_the_window() -> None:
    entries = (
        entry("e31", "reuters", "2024-05-18", STRIKE_REUTERS, ("kharkiv",)),
        entry("e32", "ap", "2024-05-28", STRIKE_AP, ("kharkiv",)),
    )
    assert [ev.conflicts for ev in group_events(entries, ARTICLES, MergeRules())] == [(), ()]


def test_number_conflict_inside_a_merge() -> None:
    entries = (
        entry(
            "e41",
            "reuters",
            "2024-05-18",
            "A Russian missile strike on Kharkiv killed 7 people and wounded 21 people on Saturday, governor "
            "Oleh Syniehubov said.",
            ("kharkiv",),
        ),
        entry(
            "e42",
            "ap",
            "2024-05-18",
            "Russian missiles struck Kharkiv on Saturday, killing seven people and wounding 25 people, Governor "
            "Oleh Syniehubov said.",
            ("kharkiv",),
        ),
        entry(
            "e43",
            "kyivind",
            "2024-05-18",
            "Seven people were killed by Russian missiles that struck Kharkiv, Governor Oleh Syniehubov said.",
            ("kharkiv",),
        ),
    )
    (event,) = group_events(entries, ARTICLES, MergeRules())
    assert event.merged_by == "auto"
    assert event.conflicts == (
        Conflict(field="number", values=("21 people", "25 people"), entries=("e41", "e42")),
    )


def test_near_identical_reports_with_different_tolls_merge_and_flag() -> None:
    entries = (
        entry(
            "e51",
            "reuters",
            "2024-05-18",
            "A Russian missile strike on Kharkiv killed 7 people on Saturday.",
            ("kharkiv",),
        ),
        entry(
            "e52",
            "ap",
            "2024-05-18",
            "A Russian missile strike on Kharkiv killed 3 people on Saturday.",
            ("kharkiv",),
        ),
    )
    (event,) = group_events(entries, ARTICLES, MergeRules())
    assert event.conflicts == (
        Conflict(field="number", values=("3 people", "7 people"), entries=("e51", "e52")),
    )


# ------------------------------------------------------------------------ editor rules


def test_force_merges_whatever_the_score_and_flags_dates() -> None:
    entries = (
        entry("e15", "whales", "2024-04", SEED_AP),
        entry("e16", "gaze", "2024-05-17", SEED_GAZE),
        entry("e17", "gaze", "2024-05-17", "Admiral Rob Bauer spoke in Brussels."),
    )
    rules = MergeRules(force=(("e15", "e16", "e99"),))
    events = group_events(entries, ARTICLES, rules)
    assert groups_of(events) == [["e16", "e15"], ["e17"]]
    merged = events[0]
    assert (merged.id, merged.value, merged.merged_by, merged.independent_sources) == (
        "e15",
        "2024-05-17",
        "editor",
        2,
    )
    assert merged.conflicts == (
        Conflict(field="date", values=("2024-04", "2024-05-17"), entries=("e15", "e16")),
    )


def test_force_may_join_two_sentences_of_one_article() -> None:
    entries = (
        entry("e11", "whales", "2024-05-15", WEDNESDAY_1),
        entry("e12", "whales", "2024-05-15", WEDNESDAY_2),
    )
    events = group_events(entries, ARTICLES, MergeRules(force=(("e12", "e11"),)))
    assert groups_of(events) == [["e12", "e11"]]
    assert events[0].independent_sources == 1


def test_split_keeps_an_entry_apart() -> None:
    entries = (
        entry("e01", "reuters", "2024-05-18", STRIKE_REUTERS, ("kharkiv",)),
        entry("e02", "ap", "2024-05-18", STRIKE_AP, ("kharkiv",)),
        entry(
            "e03", "kyivind", "2024-05-18", STRIKE_AP.replace("Governor", "regional governor"), ("kharkiv",)
        ),
    )
    events = group_events(entries, ARTICLES, MergeRules(split=("e02", "e404")))
    assert groups_of(events) == [["e02"], ["e03", "e01"]]


def test_hidden_entries_pass_through_unmerged() -> None:
    entries = (
        entry("e01", "reuters", "2024-05-18", STRIKE_REUTERS, ("kharkiv",), hidden=True),
        entry("e02", "ap", "2024-05-18", STRIKE_AP, ("kharkiv",)),
    )
    events = group_events(entries, ARTICLES, MergeRules(force=(("e01", "e02"),)))
    assert groups_of(events) == [["e02"], ["e01"]]
    assert [ev.merged_by for ev in events] == ["", ""]


def test_publication_entries_are_not_merged_automatically() -> None:
    entries = (
        entry("e01", "reuters", "2024-05-18", STRIKE_REUTERS, ("kharkiv",), kind="publication"),
        entry("e02", "ap", "2024-05-18", STRIKE_AP, ("kharkiv",)),
    )
    assert groups_of(group_events(entries, ARTICLES, MergeRules())) == [["e02"], ["e01"]]


# ------------------------------------------------------------------ order and stability

CORPUS = tuple(
    e
    for case in CASES[:3]
    for e in case.values[0]  # type: ignore[attr-defined]
)


def test_output_order_is_by_date_then_article_then_id() -> None:
    events = group_events(CORPUS, ARTICLES, MergeRules())
    keys = [(ev.value, ev.entries[0].article, ev.id) for ev in events]
    assert [k[0] for k in keys] == [
        "2024-04-28",
        "2024-04-28",
        "2024-05-14",
        "2024-05-18",
        "2024-05-18",
        "2024-05-18",
        "2024-05-18",
    ]
    assert keys[:2] == [("2024-04-28", "kyivind", "e05"), ("2024-04-28", "kyivind", "e07")]


@pytest.mark.parametrize("seed", range(5))
def test_input_order_does_not_matter(seed: int) -> None:
    shuffled = list(CORPUS)
    random.Random(seed).shuffle(shuffled)
    assert group_events(tuple(shuffled), ARTICLES, MergeRules()) == group_events(
        CORPUS, ARTICLES, MergeRules()
    )


def test_ids_survive_an_unrelated_article() -> None:
    before = {ev.id for ev in group_events(CORPUS, ARTICLES, MergeRules())}
    more = (*CORPUS, entry("e00", "rt", "2024-05-18", "Moscow hosted a chess tournament on Saturday."))
    after = {ev.id for ev in group_events(more, ARTICLES, MergeRules())}
    assert after == before | {"e00"}


def test_blocking_compares_few_pairs() -> None:
    entries = tuple(
        entry(
            f"e{n:03d}",
            "reuters" if n % 2 else "ap",
            f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}",
            f"Strike number {n} hit Kharkiv, killing {n + 10} people.",
            ("kharkiv",),
        )
        for n in range(120)
    )
    events, stats = group_events_with_stats(entries, ARTICLES, MergeRules())
    assert len(events) == 120
    assert 0 < stats.compared < 120 * 119 // 2 // 10


def test_stricter_settings_merge_less() -> None:
    entries = (
        entry("e09", "ap", "2024-05-14", BLINKEN_DAY),
        entry("e10", "kyivind", "2024-05", BLINKEN_MONTH),
    )
    strict = parse_merge_settings("thresholds:\n  min_signals: 5\n", "x.yaml", default_settings())
    assert groups_of(group_events(entries, ARTICLES, MergeRules(), strict)) == [["e10"], ["e09"]]


# ------------------------------------------------------------------------- invariants

_TEXTS = (
    STRIKE_REUTERS,
    STRIKE_AP,
    DRONES,
    VILLAGE_TASS,
    VILLAGE_KI,
    BLINKEN_DAY,
    BLINKEN_MONTH,
    EU_2023,
    "A Russian missile strike on Kharkiv killed 7 people on Saturday.",
)
_VALUES = ("2024-05-18", "2024-05-19", "2024-W20", "2024-05", "2024", "2024-04-28", "2024-04")
_ARTICLE_IDS = ("reuters", "ap", "whales", "kyivind", "tass", "nameless")


@st.composite
def _entries(draw: st.DrawFn) -> tuple[Entry, ...]:
    n = draw(st.integers(min_value=1, max_value=12))
    out = []
    for k in range(n):
        out.append(
            entry(
                f"e{k:02d}",
                draw(st.sampled_from(_ARTICLE_IDS)),
                draw(st.sampled_from(_VALUES)),
                draw(st.sampled_from(_TEXTS)),
                draw(st.sampled_from(((), ("kharkiv",), ("odesa",)))),
                hidden=draw(st.booleans()) and draw(st.booleans()),
            )
        )
    return tuple(out)


@hyp_settings(max_examples=80, deadline=None)
@given(_entries())
def test_invariants(entries: tuple[Entry, ...]) -> None:
    events = group_events(entries, ARTICLES, MergeRules())
    assert sorted(e.id for ev in events for e in ev.entries) == sorted(e.id for e in entries)
    for ev in events:
        members = ev.entries
        assert ev.id == min(e.id for e in members)
        assert (ev.value, ev.end_value) == (members[0].value, members[0].end_value)
        if len(members) == 1:
            assert ev.merged_by == "" and ev.independent_sources == 1
            continue
        assert ev.merged_by == "auto"
        assert not any(e.hidden for e in members)
        assert len({e.article for e in members}) == len(members)
        spans = [day_span(e) for e in members]
        assert all(nested(a, b) for a in spans for b in spans)
        assert spans[0].days == min(s.days for s in spans)
        assert 1 <= ev.independent_sources <= len(members)
    keys = [(timex.sort_key(ev.value), ev.entries[0].article or "", ev.id) for ev in events]
    assert keys == sorted(keys)


@pytest.mark.parametrize(
    ("second_day", "groups", "conflicts"),
    [
        pytest.param("2024-05-18", [["e61", "e62"]], [()], id="same-day-merges"),
        pytest.param("2024-05-19", [["e61"], ["e62"]], [(), ()], id="two-signals-a-day-apart-not-flagged"),
    ],
)
def test_weak_look_alikes_are_not_flagged(
    second_day: str, groups: list[list[str]], conflicts: list[tuple[()]]
) -> None:
    entries = (
        entry("e61", "reuters", "2024-05-18", "The EU pledged $2 billion to rebuild Ukraine's power grid."),
        entry("e62", "ap", second_day, "The EU will give $2 billion to rebuild Ukraine's power grid."),
    )
    events = group_events(entries, ARTICLES, MergeRules())
    assert groups_of(events) == groups
    assert [ev.conflicts for ev in events] == conflicts


def test_week_across_months_merges_with_its_day_and_the_month_is_flagged() -> None:
    entries = (
        entry(
            "e71",
            "reuters",
            "2024-05-31",
            "The strike on a hardware store in Kharkiv killed 16 people.",
            ("kharkiv",),
        ),
        entry(
            "e72",
            "ap",
            "2024-W22",
            "Russian bombs hit a hardware store in Kharkiv, killing 16 people.",
            ("kharkiv",),
        ),
        entry(
            "e73",
            "kyivind",
            "2024-06",
            "Russian bombs hit a hardware store in Kharkiv, killing 16 people.",
            ("kharkiv",),
        ),
    )
    events = group_events(entries, ARTICLES, MergeRules())
    assert groups_of(events) == [["e71", "e72"], ["e73"]]
    flag = Conflict(field="date", values=("2024-05-31", "2024-06"), entries=("e71", "e73"))
    assert [ev.conflicts for ev in events] == [(flag,), (flag,)]


def test_refused_union_with_disjoint_days_is_flagged() -> None:
    entries = (
        entry("e81", "reuters", "2024-05-18", STRIKE_REUTERS, ("kharkiv",)),
        entry("e82", "ap", "2024-05", STRIKE_AP, ("kharkiv",)),
        entry("e83", "kyivind", "2024-05-20", STRIKE_AP.replace("Saturday", "Monday"), ("kharkiv",)),
    )
    events = group_events(entries, ARTICLES, MergeRules())
    assert groups_of(events) == [["e81"], ["e83", "e82"]]
    flag = Conflict(field="date", values=("2024-05-18", "2024-05-20"), entries=("e81", "e83"))
    assert [ev.conflicts for ev in events] == [(flag,), (flag,)]


def test_a_day_inside_a_reported_range_is_not_merged_into_it() -> None:
    from sitegen.merge.event import DaySpan, nested

    day = DaySpan(10, 10, 1, 0)
    stretch = DaySpan(10, 13, 4, 0, ranged=True)
    month = DaySpan(1, 31, 31, 2)
    assert not nested(day, stretch) and not nested(stretch, day)
    assert nested(stretch, month) and nested(month, stretch)
    assert nested(day, month)


def test_reading_and_scoring_in_two_processes_gives_the_events_of_one(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import importlib.util
    import pickle
    import sys

    from sitegen.merge import group as group_mod
    from sitegen.merge.facts import read_facts
    from sitegen.merge.settings import default_settings

    root = Path(__file__).resolve().parents[2]
    monkeypatch.syspath_prepend(str(root / "benchmarks"))
    spec = importlib.util.spec_from_file_location("sitegen_bench_merge", root / "benchmarks" / "bench_merge.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = bench
    spec.loader.exec_module(bench)
    entries, articles, rules = pickle.loads(bench.corpus_entries(300, 0.6, 2022, tmp_path).read_bytes())
    one, stats_one = group_mod.group_events_with_stats(entries, articles, rules)
    monkeypatch.setattr("sitegen.merge.scoring.FORK_MIN_PAIRS", 0)
    monkeypatch.setattr("sitegen.merge.facts.FORK_MIN_TEXTS", 0)
    two, stats_two = group_mod.group_events_with_stats(entries, articles, rules, workers=2)
    assert stats_one.compared == stats_two.compared > 1000
    assert two == one
    assert sum(len(e.entries) > 1 for e in one) > 50 and sum(len(e.conflicts) for e in one) > 50
    vocabulary = MergeVocabulary(default_settings())
    facts = read_facts(entries, vocabulary)
    assert read_facts(entries, vocabulary, workers=2) == facts
    assert len({id(f) for f in facts}) < len(entries)  # a repeated sentence is read once: one shared object

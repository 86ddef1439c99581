"""The merge's memo: a merge that reuses the last one's outcomes gives exactly the events of a fresh merge."""

from __future__ import annotations

import math
import pickle
import random
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest

from sitegen.merge import group as group_module
from sitegen.merge import recall as recall_module
from sitegen.merge import scoring as scoring_module
from sitegen.merge.blocking import Blockable, BlockingStats
from sitegen.merge.event import date_conflict, day_span
from sitegen.merge.facts import facts_key, read_facts
from sitegen.merge.features import Idf, MergeVocabulary
from sitegen.merge.group import group_events
from sitegen.merge.recall import DRIFT_TAKEN, PROCESS_ONLY, MergeMemo, Recall, Round
from sitegen.merge.scoring import margin
from sitegen.merge.settings import default_settings
from sitegen.models import Article, Entry, Event, Mention, MergeRules, OutletRef, PlaceTag, Precision

PLACES = ("Kharkiv", "Odesa", "Kherson")
STORIES = (
    "Russian forces shelled residential areas of {p}, killing {n} civilians and wounding {w}, the governor said.",
    "Russian forces shelled residential districts of {p}, killing {n} civilians and wounding {w}, the governor said.",
    "A drone attack on {p} damaged a power station and left {w} homes without power, Ukrenergo said.",
    "Ukrainian forces retook {n} settlements south of {p}, the General Staff said.",
    "The United States announced ${n} million in military aid, Antony Blinken said in {p}.",
)


def _article(aid: str) -> Article:
    outlet = OutletRef(name=aid, label=aid, kind="newspaper", slug=aid)
    return Article(id=aid, title=aid, paragraphs=(), sentences=(), published=None,
                   published_source="unknown", published_evidence="", outlet=outlet)


ARTICLES = tuple(_article(f"a{n:03d}") for n in range(60))


def corpus(seed: int = 5, size: int = 400) -> tuple[Entry, ...]:
    """Wire-like entries: the same stories (verbatim, reworded, other tolls) on nearby days, some twice in one article."""
    rng = random.Random(seed)
    start = date(2024, 5, 10)
    out = []
    for n in range(size):
        place = rng.choice(PLACES)
        text = rng.choice(STORIES).format(p=place, n=rng.choice((7, 7, 7, 9)), w=rng.choice((21, 21, 30)))
        day = start + timedelta(days=rng.choice((0, 0, 1, 3, 9)))
        value = rng.choice((day.isoformat(),) * 6 + (day.isoformat()[:7], f"{day.isocalendar()[0]}-W{day.isocalendar()[1]:02d}"))
        precision: Precision = "day" if len(value) == 10 else "month" if len(value) == 7 else "week"
        tag = PlaceTag(slug=place.lower(), name=place, matched=place)
        out.append(Entry(id=f"e{n:04d}", article=f"a{rng.randrange(len(ARTICLES)):03d}", value=value,
                         precision=precision, text=text, places=(tag,)))
    return tuple(out)


def merged(entries: tuple[Entry, ...], recall: Recall | None = None, rules: MergeRules | None = None) -> tuple[Event, ...]:
    return group_events(entries, ARTICLES, rules or MergeRules(), default_settings(), 1, recall)


def memo_of(entries: tuple[Entry, ...], rules: MergeRules | None = None) -> MergeMemo:
    """Return the memo a merge of `entries` leaves, as it comes back from the build cache (pickled)."""
    recall = Recall(None, default_settings())
    merged(entries, recall, rules)
    memo: MergeMemo = pickle.loads(pickle.dumps(recall.left))
    return memo


def _moved(entries: tuple[Entry, ...], article: str, days: int) -> tuple[Entry, ...]:
    def move(e: Entry) -> Entry:
        if e.article != article or e.precision != "day":
            return e
        return replace(e, value=(date.fromisoformat(e.value) + timedelta(days=days)).isoformat())
    return tuple(move(e) for e in entries)


BASE = corpus()
EDITS: dict[str, Callable[[tuple[Entry, ...]], tuple[Entry, ...]]] = {
    "one-article-a-day-later": lambda es: _moved(es, "a007", 1),
    "one-article-a-week-earlier": lambda es: _moved(es, "a011", -7),
    "three-articles-moved": lambda es: _moved(_moved(_moved(es, "a001", 2), "a002", -1), "a003", 9),
    "an-entry-hidden": lambda es: tuple(replace(e, hidden=True) if e.id == "e0010" else e for e in es),
    "an-entry-gone": lambda es: tuple(e for e in es if e.id != "e0020"),
    "an-entry-reworded": lambda es: tuple(replace(e, text=e.text + " More follows.") if e.id == "e0030" else e
                                          for e in es),
    "an-article-renamed": lambda es: tuple(replace(e, article="a059") if e.article == "a005" else e for e in es),
    "entries-added": lambda es: es + corpus(seed=9, size=40)[:40],
    "nothing": lambda es: es,
}


@pytest.mark.parametrize("name", sorted(EDITS))
def test_a_merge_that_recalls_gives_the_fresh_merges_events(name: str) -> None:
    edited = EDITS[name](BASE)
    recall = Recall(memo_of(BASE), default_settings())
    assert merged(edited, recall) == merged(edited)


def test_the_corpus_exercises_both_rounds_and_merges() -> None:
    memo = memo_of(BASE)
    assert len(memo.rounds) == 2  # copies refused by their representative's group get their second chance
    assert all(round.outcomes for round in memo.rounds)
    assert any(len(ev.entries) > 2 for ev in merged(BASE))


@pytest.mark.parametrize(("name", "recalls"), [("one-article-a-day-later", True), ("nothing", True),
                                               ("entries-added", False), ("an-entry-reworded", False)])
def test_outcomes_are_recalled_only_when_the_word_weights_are_the_same(name: str, recalls: bool) -> None:
    # under other weights, merges and look-alikes are scored again (their scores moved)
    recall = Recall(memo_of(BASE), default_settings())
    merged(EDITS[name](BASE), recall)
    assert (recall.recalled > 0) is recalls
    if name == "nothing":
        assert recall.rescored == 0


def test_an_edit_rescores_only_pairs_it_touches() -> None:
    fresh = Recall(None, default_settings())
    merged(BASE, fresh)
    recall = Recall(memo_of(BASE), default_settings())
    merged(EDITS["one-article-a-day-later"](BASE), recall)
    assert 0 < recall.rescored < fresh.rescored / 4


@pytest.mark.parametrize(("name", "changed"), [
    ("nothing", lambda e: False),
    ("one-article-a-day-later", lambda e: e.article == "a007" and e.precision == "day"),
    ("an-article-renamed", lambda e: e.article == "a005"),
])
def test_the_entries_changed_are_those_whose_article_facts_or_days_differ(
        name: str, changed: Callable[[Entry], bool]) -> None:
    recall = Recall(memo_of(BASE), default_settings())  # its facts come back from a pickle: equal, not the same
    merged(EDITS[name](BASE), recall)
    assert recall.changed == {e.id for e in BASE if changed(e)}


def test_a_memo_of_other_settings_is_not_used() -> None:
    other = replace(default_settings(), min_signals=default_settings().min_signals + 1)
    recall = Recall(memo_of(BASE), other)
    assert recall.previous is None and recall.known == {}
    assert group_events(BASE, ARTICLES, MergeRules(), other, 1, recall) == group_events(BASE, ARTICLES, MergeRules(), other)


def test_the_memo_follows_the_editors_rules() -> None:
    rules = MergeRules(force=(("e0001", "e0002"),), split=("e0003",))
    recall = Recall(memo_of(BASE), default_settings())
    assert merged(BASE, recall, rules) == merged(BASE, rules=rules)


def test_facts_known_are_not_read_again() -> None:
    vocabulary = MergeVocabulary(default_settings())
    kept: dict[tuple[object, ...], object] = {}
    first = read_facts(BASE, vocabulary, keep=kept)  # type: ignore[arg-type]
    assert set(kept) == {facts_key(e) for e in BASE}
    sentinel = {key: value for key, value in kept.items()}
    again = read_facts(BASE, MergeVocabulary(default_settings()), known=sentinel)  # type: ignore[arg-type]
    assert again == first and all(a is sentinel[facts_key(e)] for a, e in zip(again, BASE))


@pytest.mark.parametrize("seed", range(6))
def test_random_edits_recall_the_fresh_merge(seed: int) -> None:
    rng = random.Random(seed)
    base = corpus(seed=seed, size=300)
    memo = memo_of(base)
    edited = base
    for _ in range(rng.randint(1, 4)):
        edited = _moved(edited, f"a{rng.randrange(len(ARTICLES)):03d}", rng.choice((-9, -3, -1, 1, 2, 8)))
    assert merged(edited, Recall(memo, default_settings())) == merged(edited)


def test_an_entry_fresh_now_that_the_last_round_only_pooled_is_scored_again() -> None:
    """A leader of the last build that is now a refused copy (fresh): its pairs were never scored as fresh."""
    text = STORIES[0].format(p="Kharkiv", n=7, w=21)
    tag = PlaceTag(slug="kharkiv", name="Kharkiv", matched="Kharkiv")
    entries = tuple(Entry(id=f"x{n}", article=f"a{n:03d}", value="2024-05-18", precision="day", text=text,
                          places=(tag,)) for n in range(3))
    features = read_facts(entries, MergeVocabulary(default_settings()))
    dated = [day_span(e) for e in entries]
    idf = Idf(f.tokens for f in features)
    last = Recall(None, default_settings())
    last.start(entries, list(features), dated, idf)
    everyone = frozenset(e.id for e in entries)
    memo = replace(last.left, rounds=[Round(everyone, everyone, ()), Round(frozenset({"x0"}), everyone, ())])
    recall = Recall(memo, default_settings())
    recall.start(entries, list(features), dated, idf)
    items = [Blockable(i, dated[i].first, dated[i].last, frozenset({"p:kharkiv"})) for i in range(3)]
    recall.record(items, items, [], [], {})  # round one as before
    pairs, merges, near = recall.pairs(items[2:], items, 31, BlockingStats(), list)
    assert (pairs, merges, near) == ([(0, 2), (1, 2)], [], [])


def test_a_memo_is_fetched_once_the_facts_are_read() -> None:
    memo = memo_of(BASE)
    asked: list[str] = []

    def fetch() -> object:
        asked.append("memo")
        return memo

    recall = Recall(None, default_settings(), facts=memo.facts, fetch=fetch)
    assert recall.known is memo.facts and recall.previous is None and asked == []
    edited = EDITS["one-article-a-day-later"](BASE)
    assert merged(edited, recall) == merged(edited)
    assert asked == ["memo"] and recall.recalled > 0
    assert recall.outcomes().facts == {} and recall.outcomes().rounds == recall.left.rounds


def test_word_weights_are_equal_in_equal_corpora_only() -> None:
    vocabulary = MergeVocabulary(default_settings())
    tokens = [f.tokens for f in read_facts(BASE, vocabulary)]
    assert Idf(tokens) == Idf(list(reversed(tokens)))
    assert Idf(tokens) != Idf(tokens[1:])


@pytest.mark.parametrize(("name", "unchanged"), [("one-article-a-day-later", True), ("nothing", True),
                                                 ("an-article-renamed", True), ("an-entry-reworded", False),
                                                 ("entries-added", True)])  # added: the stories' sentences again
def test_the_facts_are_unchanged_only_when_the_same_sentences_are_met(name: str, unchanged: bool) -> None:
    recall = Recall(memo_of(BASE), default_settings())
    merged(EDITS[name](BASE), recall)
    assert recall.facts_unchanged is unchanged


def _said_on_tuesday(value: str, shift: int = 0) -> Entry:
    """Return an entry dated by "on Tuesday" (resolved to `value`), its sentence at offset 100 of its article."""
    text = "Russian forces shelled Kharkiv on Tuesday, killing 7 civilians, the governor said."
    at = 100 + text.index("on Tuesday") + shift
    return Entry(id="e9000", article="a007", value=value, precision="day", text=text,
                 sentence_span=(100, 100 + len(text)),
                 mention=Mention(at, at + 10, text[at - 100:at - 90], value, "day", "weekday", "the Tuesday before",
                                 anchor="publication"))


def test_a_moved_publication_date_leaves_the_facts_of_its_relative_dates_unchanged() -> None:
    before, after = _said_on_tuesday("2024-05-14"), _said_on_tuesday("2024-05-21")
    assert facts_key(before) == facts_key(after)
    assert facts_key(_said_on_tuesday("2024-05-21", shift=3)) != facts_key(after)  # where it sits is read
    recall = Recall(memo_of(BASE + (before,)), default_settings())
    merged(BASE + (after,), recall)
    assert recall.facts_unchanged is True


def test_a_sentence_of_its_own_gone_changes_the_facts() -> None:
    own = replace(BASE[0], id="e9999", text="Officials in Odesa said the port had reopened to grain ships.")
    recall = Recall(memo_of(BASE + (own,)), default_settings())
    merged(BASE, recall)
    assert recall.facts_unchanged is False


def test_a_merge_without_facts_from_before_has_changed_facts() -> None:
    recall = Recall(None, default_settings())
    merged(BASE, recall)
    assert recall.facts_unchanged is False


@pytest.mark.parametrize("name", sorted(EDITS))
def test_a_merge_of_the_same_process_takes_the_unchanged_events_as_they_were(name: str) -> None:
    first = Recall(None, default_settings())
    before = {e.id: e for e in merged(BASE, first)}
    edited = EDITS[name](BASE)
    recall = Recall(memo_of(BASE), default_settings(), earlier=first.left)
    events = merged(edited, recall)
    assert events == merged(edited)
    kept = [e for e in events if before.get(e.id) is e]
    assert recall.events_kept == len(kept) > 0 and any(len(e.entries) > 1 for e in kept)
    if name == "nothing":  # every one, of one entry or more
        assert len(kept) == len(events) and any(len(e.entries) == 1 for e in events)
    unpickled = pickle.loads(pickle.dumps(recall.left))
    assert (unpickled.events, unpickled.verdicts) == ({}, {})  # ids of this process's records stay here


@pytest.mark.parametrize(("name", "taken"), [("nothing", True), ("one-article-a-day-later", True),
                                             ("entries-added", False), ("an-entry-reworded", False)])
def test_a_merge_of_the_same_process_takes_the_self_verdicts_of_the_same_facts_under_the_same_weights(
        name: str, taken: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    first = Recall(None, default_settings())
    merged(BASE, first)
    made: list[object] = []
    real = group_module.same_event_verdict

    def verdict(*args: Any) -> Any:
        made.append(args[0])
        return real(*args)

    monkeypatch.setattr(group_module, "same_event_verdict", verdict)
    edited = EDITS[name](BASE)
    recall = Recall(None, default_settings(), facts=first.left.facts, earlier=first.left)
    events = merged(edited, recall)
    made_here = list(made)
    assert events == merged(edited)
    if taken:  # made again only for facts objects the last merge did not have
        assert made_here == [f for f, _ in recall.left.verdicts.values() if id(f) not in first.left.verdicts]
        assert len(made_here) < len(recall.left.verdicts) // 2
    else:  # other word weights: every verdict made again
        assert len(made_here) == len(recall.left.verdicts)


def test_the_events_of_a_merge_with_other_settings_are_not_taken() -> None:
    first = Recall(None, default_settings())
    merged(BASE, first)
    other = replace(default_settings(), clear_min_chars=1)
    recall = Recall(None, other, earlier=first.left)
    events = group_events(BASE, ARTICLES, MergeRules(), other, 1, recall)
    assert recall.events_kept == 0 and events == group_events(BASE, ARTICLES, MergeRules(), other)


@pytest.mark.parametrize("name", sorted(EDITS))
def test_a_merge_of_the_same_process_takes_the_day_spans_of_the_dates_it_met(name: str) -> None:
    first = Recall(None, default_settings())
    merged(BASE, first)
    recall = Recall(memo_of(BASE), default_settings(), earlier=first.left)
    edited = EDITS[name](BASE)
    assert merged(edited, recall) == merged(edited)
    for key, span in recall.left.spans.items():
        assert span == day_span(Entry(id="x", article=None, value=key[0], precision="day", text="", end_value=key[1]))
        assert (span is first.left.spans[key]) if key in first.left.spans else True  # the very record, by date
    assert pickle.loads(pickle.dumps(recall.left)).spans == {}  # identity serves this process only


def test_word_weights_counted_per_set_are_those_of_the_sets_repeated() -> None:
    tokens = [f.tokens for f in read_facts(BASE, MergeVocabulary(default_settings()))]
    repeated = [t for n, t in enumerate(tokens) for _ in range(n % 3 + 1)]
    counted = Idf.counted((t, n % 3 + 1) for n, t in enumerate(tokens))
    assert counted == Idf(repeated)
    assert counted != Idf(tokens)
    facts = read_facts(BASE, MergeVocabulary(default_settings()))
    shared = [f for n, f in enumerate(facts) for _ in range(n % 3 + 1)]  # one object standing for several entries
    assert Idf.over(shared) == Idf([f.tokens for f in shared])


@pytest.mark.parametrize("name", sorted(EDITS))
def test_a_merge_of_the_same_process_takes_the_facts_it_refined_the_same_way(name: str) -> None:
    first = Recall(None, default_settings())
    merged(BASE, first)
    recall = Recall(None, default_settings(), facts=first.left.facts, earlier=first.left)  # as a serve rebuild
    edited = EDITS[name](BASE)
    assert merged(edited, recall) == merged(edited)
    assert first.left.refined  # the corpus has sentences whose names are refined
    both = [key for key in recall.left.refined if key in first.left.refined]
    assert both or name == "an-entry-reworded"
    for key in both:
        raw, names, made = recall.left.refined[key]
        old_raw, old_names, old_made = first.left.refined[key]
        assert (made is old_made) == (raw is old_raw and names == old_names)
        assert made == replace(raw, names=names)
    assert pickle.loads(pickle.dumps(recall.left)).refined == {}


@pytest.mark.parametrize("name", sorted(EDITS))
def test_a_merge_of_the_same_process_takes_the_facts_keys_of_the_very_same_entries(name: str) -> None:
    first = Recall(None, default_settings())
    merged(BASE, first)
    recall = Recall(None, default_settings(), facts=first.left.facts, earlier=first.left)
    edited = EDITS[name](BASE)
    assert merged(edited, recall) == merged(edited)
    before = {e.id: e for e in BASE}
    for entry, key in recall.left.keys.values():
        assert key == facts_key(entry)
        old = first.left.keys.get(id(entry))
        assert (old is not None and old[1] is key) == (before.get(entry.id) is entry)
    assert pickle.loads(pickle.dumps(recall.left)).keys == {}


def test_a_memo_on_disk_keeps_none_of_the_memos_of_its_process() -> None:
    first = Recall(None, default_settings())
    merged(BASE, first)
    assert all(getattr(first.left, name) for name in PROCESS_ONLY if name != "figures")  # corroboration is apart
    back = pickle.loads(pickle.dumps(first.left))
    assert all(getattr(back, name) == {} for name in PROCESS_ONLY)
    assert back.facts == first.left.facts and back.rounds == first.left.rounds


def test_a_merge_of_the_same_process_takes_the_date_conflicts_of_the_very_same_entries() -> None:
    first = Recall(None, default_settings())
    merged(BASE, first)
    recall = Recall(None, default_settings(), facts=first.left.facts, earlier=first.left)
    edited = EDITS["one-article-a-day-later"](BASE)
    assert merged(edited, recall) == merged(edited)
    for key, (a, b, conflict) in recall.left.conflicts.items():
        old = first.left.conflicts.get(key)
        assert (old is not None and old[2] is conflict) == (old is not None and old[0] is a and old[1] is b)
        assert conflict == date_conflict(a, b)
    assert any(first.left.conflicts.get(key, (None,) * 3)[2] is c for key, (_, _, c) in recall.left.conflicts.items())


def _added(entries: tuple[Entry, ...], seed: int, size: int) -> tuple[Entry, ...]:
    return entries + tuple(replace(e, id=f"x{seed}-{n}") for n, e in enumerate(corpus(seed=seed, size=size)))


REWEIGHING: dict[str, Callable[[tuple[Entry, ...]], tuple[Entry, ...]]] = {  # edits that move the word weights
    "an-entry-added": lambda es: _added(es, 11, 1),
    "entries-added": EDITS["entries-added"],
    "an-entry-reworded": EDITS["an-entry-reworded"],
    "an-entry-gone": EDITS["an-entry-gone"],
    "added-and-moved": lambda es: _moved(_added(es, 12, 3), "a004", 2),
}


@pytest.mark.parametrize(("name", "share"), [
    ("an-entry-added", 0.3), ("an-entry-reworded", 0.3), ("an-entry-gone", 0.3), ("added-and-moved", 0.5),
    ("entries-added", 1.0),  # 40 more of 1,500: every word weight moves by more than DRIFT_TAKEN
])
def test_under_other_word_weights_the_memo_gives_the_fresh_merges_events(name: str, share: float) -> None:
    base = corpus(seed=3, size=1500)
    edited = REWEIGHING[name](base)
    fresh = Recall(None, default_settings())
    expected = merged(edited, fresh)
    recall = Recall(memo_of(base), default_settings())
    assert merged(edited, recall) == expected
    assert recall.reweighed and 0 < recall.rescored <= fresh.rescored * share


WORDS = ("shelling", "damaged", "bridge", "railway", "station", "power", "grid", "homes", "school", "hospital",
         "market", "drone", "missile", "strike", "convoy", "fuel", "depot", "harbour", "grain", "ship",
         "evacuation", "village", "border", "artillery", "tanks", "troops", "governor", "mayor", "residents",
         "shelter", "water", "supply", "outage", "repair", "crews", "airfield", "radar")
KHARKIV = PlaceTag(slug="kharkiv", name="Kharkiv", matched="Kharkiv")


def word_soup(seed: int, size: int, prefix: str = "s") -> tuple[Entry, ...]:
    """Entries of one place and day whose word scores spread over every threshold: pairs near each abound."""
    rng = random.Random(seed)
    return tuple(Entry(id=f"{prefix}{seed}-{n}", article=f"a{rng.randrange(len(ARTICLES)):03d}", value="2024-05-10",
                       precision="day", text="In Kharkiv, " + " ".join(rng.sample(WORDS, rng.randint(4, 8))) + ".",
                       places=(KHARKIV,)) for n in range(size))


@pytest.mark.parametrize(("edit", "seed"), [(edit, seed) for edit in ("added", "gone") for seed in range(3)])
def test_margins_keep_every_outcome_right_however_far_the_weights_move(
        edit: str, seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Entries whose words moved by up to 60% are taken, so the margins alone decide which pairs are scored again."""
    monkeypatch.setattr(recall_module, "DRIFT_TAKEN", 1.6)
    monkeypatch.setattr(recall_module, "MARGIN_NOTED", 4.0)
    monkeypatch.setattr(scoring_module, "MARGIN_NOTED", 4.0)
    base = word_soup(seed, 200)
    memo = memo_of(base)
    assert memo.floor == 4.0 and all(round.margins for round in memo.rounds)
    recall = Recall(memo, default_settings())
    edited = base + word_soup(seed + 50, 40, "n") if edit == "added" else base[::2]
    fresh = Recall(None, default_settings())
    assert merged(edited, recall) == merged(edited, fresh)
    assert recall.reweighed and recall.drift > 1.1 and not recall.drifted
    assert 0 < recall.unsettled and recall.rescored < fresh.rescored / 2


def test_margins_taken_from_a_memo_shrink_by_the_drift_since() -> None:
    base = corpus(seed=3, size=1500)
    memo = memo_of(base)
    recall = Recall(memo, default_settings())
    merged(_added(base, 11, 1), recall)
    left = recall.left
    assert recall.drift > 1.0 and left.floor == pytest.approx(memo.floor / recall.drift) and left.floor < memo.floor
    taken = 0
    for before, after in zip(memo.rounds, left.rounds):
        now = {(a, b): r for a, b, r in after.margins}
        for a, b, r in before.margins:
            if (a, b) in now:
                taken += 1
                assert r / recall.drift * (1 - 1e-6) <= now[(a, b)] < r  # or scored anew: the same margin
    assert taken


def test_a_memo_whose_margins_shrank_to_the_drift_taken_is_let_go() -> None:
    memo = replace(memo_of(BASE), floor=DRIFT_TAKEN)
    recall = Recall(memo, default_settings())
    edited = EDITS["entries-added"](BASE)
    assert merged(edited, recall) == merged(edited)
    assert recall.previous is None and not recall.reweighed


@pytest.mark.parametrize(("wording", "expected"), [
    (0.0, math.inf),  # no word shared: 0 under any weights
    (0.25, 1.2),  # under weak (0.3)
    (0.45, 0.5 / 0.45),  # under strong (0.5)
    (0.3, 1.0),  # on a threshold: any move may tip it
])
def test_a_margin_is_the_least_factor_to_a_threshold(wording: float, expected: float) -> None:
    assert margin(wording, default_settings()) == pytest.approx(expected)


def test_word_weights_drift_by_the_ratio_of_their_extreme_ratios() -> None:
    old = Idf([frozenset({"a", "b"}), frozenset({"a"}), frozenset({"c"})])
    new = Idf([frozenset({"a", "b"}), frozenset({"a"}), frozenset({"c"}), frozenset({"b", "c"})])
    assert old.drift(old, {"a", "b"}) == 1.0
    ratios = [new.mass({t}) / old.mass({t}) for t in ("a", "b")]
    assert old.drift(new, {"a", "b"}) == pytest.approx(max(*ratios, 1.0) / min(*ratios, 1.0))
    assert old.drift(new, {"a", "unknown"}) == math.inf

"""Cross-source merging: entries from different articles that report one event become one Event.

Rules (precision first: a false merge hides a fact and is worse than a missed one):

* Two entries merge only when they come from different articles, their dates nest (the same
  day, or one inside the other's span) and their sentences share enough facts; see
  sitegen/data/merge.yaml for the signals and thresholds. Groups are built with union-find
  in order of decreasing similarity, and a union is refused unless every pair across the two
  groups obeys the same rules, so a group never holds two sentences of one article nor two
  dates that disagree.
* Pairs that look like one event (with at least `conflict_min_signals` shared signals: a
  flag costs an editor's time) but whose dates do not overlap (at most
  `conflict_window_days` apart) are not merged; both events carry a date `Conflict`. Dates
  that overlap without nesting (a week across a month's end) are neither merged nor flagged.
  Merged members that give different numbers for the same thing carry a number `Conflict`.
* Editors decide last: `rules.force` groups are merged whatever the score or the dates (an
  editor may know that two sentences of one article, or two dates, are one event; the
  disagreement is still flagged); `rules.split` ids never merge automatically. Unknown ids
  are ignored here (the overrides' validation reports them). Hidden entries are never merged.
* A merged event's id is its smallest member entry id: stable across rebuilds and across
  added unrelated articles (it changes only when a new member with a smaller id joins).
* The representative (first) entry has the most precise date, then carries the most of the
  facts its sources share, then is the shortest clear sentence, then the smallest article id.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from urllib.parse import urlsplit

from sitegen.gcpause import cyclic_gc_paused
from sitegen.merge import collapse
from sitegen.merge.blocking import Blockable, candidate_pairs, pairs_touching
from sitegen.merge.event import DaySpan, date_conflicts_between, day_span
from sitegen.merge.facts import read_facts
from sitegen.merge.features import Features, Idf, MergeVocabulary, Verdict, same_event_verdict
from sitegen.merge.recall import Merge, Recall, Refined, SpanOf
from sitegen.merge.scoring import Margins, score, score_pairs_split
from sitegen.merge.settings import MergeSettings, default_settings
from sitegen.merge.stats import MergeStats
from sitegen.merge.unions import NO_FLAG, Groups
from sitegen.models import Article, Entry, Event, MergeRules
from sitegen.temporal import timex


def group_events(
    entries: tuple[Entry, ...],
    articles: tuple[Article, ...],
    rules: MergeRules,
    settings: MergeSettings | None = None,
    workers: int = 1,
    recall: Recall | None = None,
) -> tuple[Event, ...]:
    """Group entries that report one event in several articles into Events, sorted by date.

    `workers` >= 2 lets the pair scoring use a second process (sitegen.forking); same result.
    `recall`: the last merge's memo to reuse, and where this merge leaves its own (same result).
    """
    return group_events_with_stats(entries, articles, rules, settings, workers, recall)[0]


def group_events_with_stats(
    entries: tuple[Entry, ...],
    articles: tuple[Article, ...],
    rules: MergeRules,
    settings: MergeSettings | None = None,
    workers: int = 1,
    recall: Recall | None = None,
) -> tuple[tuple[Event, ...], MergeStats]:
    """Do what group_events does and also say how many pairs it compared and where the time went."""
    s = settings if settings is not None else default_settings()
    with cyclic_gc_paused():  # hundreds of thousands of new acyclic objects: the collector only costs time
        return _group(entries, articles, rules, s, workers, recall if recall is not None else Recall(None, s))


def _group(
    entries: tuple[Entry, ...], articles: tuple[Article, ...], rules: MergeRules, s: MergeSettings,
    workers: int, recall: Recall,
) -> tuple[tuple[Event, ...], MergeStats]:
    stats = MergeStats(entries=len(entries))
    by_article = {a.id: a for a in articles}
    split = frozenset(rules.split)
    with stats.stage("features"):
        dated = _day_spans(entries, recall.spans, recall.left.spans)
        groups = Groups([e.article for e in entries], dated, [e.id in split for e in entries])
        position = {e.id: i for i, e in enumerate(entries)}
        for ids in rules.force:
            members = [position[i] for i in ids if i in position and not entries[position[i]].hidden]
            for other in members[1:]:
                groups.union(members[0], other, editor=True)
        features = _features(entries, s, workers, recall)
        auto = [
            i for i, f in enumerate(features)
            if f is not None and entries[i].kind in s.mergeable_kinds and entries[i].id not in split
        ]
        idf = Idf.over(f for i in auto if (f := features[i]) is not None)
        norms = _norms(features, idf)
        recall.start(entries, features, dated, idf)
    with stats.stage("collapse"):
        order = sorted(auto, key=lambda i: (entries[i].id, i))
        alone = _self_verdicts(features, order, norms, idf, s, recall)
        alive = [i for i in order if alone[id(features[i])] is not None]
        stats.collapse.dead = len(order) - len(alive)
        plan = collapse.plan(alive, features, dated, s.near_copy_jaccard, recall.near())
        recall.left.near = plan.near
    merges: list[Merge] = []  # the last: a link's member, else -1
    near: list[tuple[int, int]] = []  # look alike, dates apart
    with stats.stage("scoring"):
        leaders = list(plan.leaders)
        for link in plan.links:
            i, j = link.member, link.representative
            if link.same_facts:
                verdict = alone[id(features[i])]
            else:
                verdict = score(i, j, entries, features, norms, idf, s, stats)
            if verdict is None or (entries[i].article is not None and entries[i].article == entries[j].article):
                leaders.append(i)  # not one event with its representative: it competes on its own
                continue
            lo, hi = sorted((entries[i].id, entries[j].id))
            merges.append((-verdict.score, lo, hi, i, j, len(verdict.signals) >= s.conflict_min_signals, i))
        stats.collapse = replace(
            stats.collapse, exact_units=plan.units, near_copies=plan.near_copies, slots=plan.slots,
            leaders=len(leaders), recalled=plan.near_recalled,
        )
    window = s.conflict_window_days
    with stats.stage("blocking"):
        keys = _Keys(features)
        items = [Blockable(i, dated[i].first, dated[i].last, keys.of(i)) for i in sorted(leaders)]
        pairs, kept, kept_near = recall.pairs(items, items, window, stats.blocking,
                                              lambda: candidate_pairs(items, window, stats.blocking))
    with stats.stage("scoring"):
        _score_round(recall, items, items, pairs, kept, kept_near, merges, near,
                     lambda found, close, margins: score_pairs_split(pairs, entries, dated, features, norms, idf, s,
                                                                     stats, found, close, workers, margins))
    with stats.stage("grouping"):
        refused = _unite(merges, groups, near)
    if refused:
        # A copy whose union with its representative's group was refused (its article is
        # already there) has a second chance on its own, against the leaders and the other refused.
        with stats.stage("blocking"):
            fresh = [Blockable(i, dated[i].first, dated[i].last, keys.of(i)) for i in sorted(refused)]
            pool = sorted([*items, *fresh], key=lambda b: b.index)
            pairs, kept, kept_near = recall.pairs(fresh, pool, window, stats.blocking,
                                                  lambda: pairs_touching(fresh, items, window, stats.blocking))
        with stats.stage("scoring"):
            merges = []
            _score_round(recall, fresh, pool, pairs, kept, kept_near, merges, near,
                         lambda found, close, margins: score_pairs_split(pairs, entries, dated, features, norms, idf,
                                                                         s, stats, found, close, workers, margins))
        with stats.stage("grouping"):
            _unite(merges, groups, near)
    with stats.stage("events"):
        events = _events(entries, dated, groups, features, by_article, near, recall)
    stats.merged_groups = sum(1 for e in events if len(e.entries) > 1)
    stats.conflicts = sum(len(e.conflicts) for e in events)
    return events, stats


def _score_round(
    recall: Recall, fresh: list[Blockable], pool: list[Blockable], pairs: Sequence[tuple[int, int]], kept: list[Merge],
    kept_near: list[tuple[int, int]], merges: list[Merge], near: list[tuple[int, int]],
    scorer: Callable[[list[Merge], list[tuple[int, int]], Margins], None],
) -> None:
    """Score a round's pairs with `scorer`, join the outcomes the memo gave, and record the round (with the
    margins of the pairs that came out as nothing near a threshold).

    Look-alikes are added in pair order, as scoring every pair would add them."""
    found: list[Merge] = []
    close: list[tuple[int, int]] = []
    margins: Margins = {}
    scorer(found, close, margins)
    found += kept
    close = sorted(close + kept_near)
    recall.record(fresh, pool, found, close, margins)
    merges += found
    near += close


def _unite(
    merges: list[Merge], groups: Groups, near: list[tuple[int, int]]
) -> list[int]:
    """Join groups in order of decreasing similarity where the rules allow; return the link members
    whose union with their representative was refused."""
    refused: list[int] = []
    for _, _, _, i, j, flag, member in sorted(merges):
        clash = groups.clash(i, j)
        if clash is None:
            groups.union(i, j, editor=False)
            continue
        if flag and clash != NO_FLAG:
            near.append(clash)
        if member >= 0 and groups.find(i) != groups.find(j):
            refused.append(member)
    return refused


def _day_spans(entries: tuple[Entry, ...], earlier: dict[SpanOf, DaySpan], memo: dict[SpanOf, DaySpan]) -> list[DaySpan]:
    """Return each entry's day span, worked out once per distinct date (the `earlier` merge's very record when it
    had that date: a span unchanged since then is then told unchanged by identity); `memo` receives them."""
    out = []
    for e in entries:
        key = (e.value, e.end_value)
        span = memo.get(key)
        if span is None:
            span = memo[key] = earlier.get(key) or day_span(e)
        out.append(span)
    return out


def _features(entries: tuple[Entry, ...], s: MergeSettings, workers: int, recall: Recall) -> list[Features | None]:
    """Return each visible entry's facts (`read_facts`, with those the last merge read: equal facts are one
    shared object, so that later stages can tell them equal by identity), with names refined across the corpus."""
    visible = [i for i, e in enumerate(entries) if not e.hidden]
    read = read_facts([entries[i] for i in visible], MergeVocabulary(s), workers, recall.known, recall.left.facts,
                      recall.facts_key)
    recall.read = {id(entries[i]): (entries[i], f) for i, f in zip(visible, read)}
    found: dict[int, Features] = dict(zip(visible, read))
    _refine_names(found, entries, s, recall.refined, recall.left.refined)
    canonical: dict[Features, Features] = {}
    by_object: dict[int, Features] = {}  # each shared object is hashed once (a Features hashes in Python)
    out: list[Features | None] = [None] * len(entries)
    for i, f in found.items():
        same = by_object.get(id(f))
        if same is None:
            same = by_object[id(f)] = canonical.setdefault(f, f)
        out[i] = same
    return out


def _norms(features: list[Features | None], idf: Idf) -> list[float]:
    """Return each entry's IDF mass, computed once per distinct fact set."""
    memo: dict[int, float] = {}
    out = [0.0] * len(features)
    for i, f in enumerate(features):
        if f is not None:
            key = id(f)
            if key not in memo:
                memo[key] = idf.mass(f.tokens)
            out[i] = memo[key]
    return out


def _self_verdicts(
    features: list[Features | None], order: list[int], norms: list[float], idf: Idf, s: MergeSettings,
    recall: Recall,
) -> dict[int, Verdict | None]:
    """Return, per distinct fact set (by id), its verdict against an exact copy of itself.

    None means the entry can match nothing: every signal two entries share is one that each of
    them has, and no pair is more alike in wording than a sentence with itself.
    """
    out: dict[int, Verdict | None] = {}
    for i in order:
        f = features[i]
        assert f is not None
        if id(f) not in out:
            out[id(f)] = recall.self_verdict(f, partial(same_event_verdict, f, f, norms[i], norms[i], idf, s))
    return out


class _Keys:
    """The blocking keys of each entry's facts (numbers, places, parties, names), made once per facts object."""

    def __init__(self, features: list[Features | None]) -> None:
        self._features = features
        self._made: dict[int, frozenset[str]] = {}

    def of(self, i: int) -> frozenset[str]:
        """Return the blocking keys of entry i."""
        f = self._features[i]
        assert f is not None
        found = self._made.get(id(f))
        if found is None:
            found = self._made[id(f)] = frozenset(
                [f"n:{k}" for k in f.numbers]
                + [f"p:{k}" for k in f.places]
                + [f"c:{k}" for k in f.parties]
                + [f"a:{k}" for k in f.names]
            )
        return found


def _refine_names(features: dict[int, Features], entries: tuple[Entry, ...], s: MergeSettings,
                  earlier: Refined, keep: Refined) -> None:
    """Count a sentence's first word as a name when other sentences use it as one; forget
    names that most articles mention (in a big corpus they say nothing). Entries that shared
    one facts object share its refined one: the `earlier` merge's very object when it refined the same
    facts object to the same names (later stages then tell it unchanged by identity); `keep` receives them."""
    distinct = {id(f): f for f in features.values()}
    known = {name for f in distinct.values() for name in f.names}
    named = {key: f.names | (f.lead & known) for key, f in distinct.items()}
    seen_in: dict[str, set[str]] = {}
    articles: set[str] = set()
    for i, f in features.items():
        article = entries[i].article or entries[i].id
        articles.add(article)
        for name in named[id(f)]:
            seen_in.setdefault(name, set()).add(article)
    common: set[str] = set()
    if len(articles) >= s.background_min_articles:
        common = {n for n, arts in seen_in.items() if len(arts) > s.background_share * len(articles)}
    refined: dict[int, Features] = {}
    for key, f in distinct.items():
        names = named[key] - common
        if names == f.names:
            refined[key] = f
            continue
        before = earlier.get(key)
        made = before[2] if before is not None and before[0] is f and before[1] == names \
            else replace(f, names=frozenset(names))
        keep[key] = (f, made.names, made)  # the facts object is kept, so its id stays its own
        refined[key] = made
    for i, f in features.items():
        features[i] = refined[id(f)]


def origin(entry: Entry, by_article: dict[str, Article]) -> str:
    """Return who originally reported an entry: the article's via, else its outlet, else itself."""
    article = by_article.get(entry.article) if entry.article is not None else None
    if article is not None:
        source = article.via or article.outlet
        return (
            f"outlet:{source.slug or source.name.lower()}" if source is not None else f"article:{article.id}"
        )
    if entry.article is not None:
        return f"article:{entry.article}"
    if entry.citation_url:
        return f"host:{urlsplit(entry.citation_url).hostname or entry.citation_url}"
    return f"entry:{entry.id}"


def _events(
    entries: tuple[Entry, ...],
    dated: list[DaySpan],
    groups: Groups,
    features: list[Features | None],
    by_article: dict[str, Article],
    near: list[tuple[int, int]],
    recall: Recall,
) -> tuple[Event, ...]:
    """Turn the final groups into Events, with their conflicts, in timeline order (each made by `recall.event`:
    the last merge's event of an unchanged group is taken as it was)."""
    extra = date_conflicts_between(entries, groups.find, near, recall.date_conflict)
    events = []
    for root, members in groups.members.items():
        events.append(
            recall.event(
                [entries[i] for i in members],
                [dated[i] for i in members],
                [features[i] for i in members],
                editor=root in groups.editor,
                origins={origin(entries[i], by_article) for i in members} if len(members) > 1 else set(),
                extra_conflicts=extra.get(root, ()),
            )
        )
    events.sort(key=lambda e: (timex.sort_key(e.value), e.entries[0].article or "", e.id))
    return tuple(events)

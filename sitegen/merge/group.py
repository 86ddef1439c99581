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

from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from sitegen.merge.blocking import Blockable, BlockingStats, candidate_pairs
from sitegen.merge.event import DaySpan, date_conflicts_between, day_span, make_event, nested
from sitegen.merge.features import Features, Idf, Lexicon, extract, same_event_verdict
from sitegen.merge.settings import MergeSettings, default_settings
from sitegen.models import Article, Entry, Event, MergeRules
from sitegen.temporal import timex


@dataclass
class MergeStats:
    """What a merge cost and did, for the benchmark."""

    entries: int = 0
    blocking: BlockingStats = field(default_factory=BlockingStats)
    compared: int = 0  # pairs whose similarity was computed
    merged_groups: int = 0
    conflicts: int = 0


class _Groups:
    """Union-find over entry positions that keeps each group's members and editor mark."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.members: dict[int, list[int]] = {i: [i] for i in range(n)}
        self.editor: set[int] = set()

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int, *, editor: bool) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            if editor:
                self.editor.add(ra)
            return
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra].extend(self.members.pop(rb))
        if editor or rb in self.editor:
            self.editor.add(ra)
        self.editor.discard(rb)


def group_events(
    entries: tuple[Entry, ...],
    articles: tuple[Article, ...],
    rules: MergeRules,
    settings: MergeSettings | None = None,
) -> tuple[Event, ...]:
    """Group entries that report one event in several articles into Events, sorted by date."""
    return group_events_with_stats(entries, articles, rules, settings)[0]


def group_events_with_stats(
    entries: tuple[Entry, ...],
    articles: tuple[Article, ...],
    rules: MergeRules,
    settings: MergeSettings | None = None,
) -> tuple[tuple[Event, ...], MergeStats]:
    """Do what group_events does and also say how many pairs it compared."""
    s = settings if settings is not None else default_settings()
    stats = MergeStats(entries=len(entries))
    by_article = {a.id: a for a in articles}
    dated = [day_span(e) for e in entries]
    groups = _Groups(len(entries))
    position = {e.id: i for i, e in enumerate(entries)}
    split = frozenset(rules.split)

    for ids in rules.force:
        members = [position[i] for i in ids if i in position and not entries[position[i]].hidden]
        for other in members[1:]:
            groups.union(members[0], other, editor=True)

    lexicon = Lexicon(s)
    features: dict[int, Features] = {i: extract(e, lexicon) for i, e in enumerate(entries) if not e.hidden}
    _refine_names(features, entries, s)
    auto = [i for i in features if entries[i].kind in s.mergeable_kinds and entries[i].id not in split]
    idf = Idf(features[i].tokens for i in auto)
    norms = {i: idf.mass(f.tokens) for i, f in features.items()}
    items = [Blockable(i, dated[i].first, dated[i].last, _keys(features[i])) for i in auto]
    pairs = candidate_pairs(items, s.conflict_window_days, stats.blocking)

    merges: list[tuple[float, str, str, int, int, bool]] = []
    near: list[tuple[int, int]] = []  # look alike, dates apart
    for i, j in pairs:
        a, b = entries[i], entries[j]
        if a.article is not None and a.article == b.article:
            continue
        fi, fj = features[i], features[j]
        if fi.places and fj.places and fi.places.isdisjoint(fj.places):
            continue  # compare() would veto it ("places differ"): not worth scoring
        stats.compared += 1
        verdict = same_event_verdict(fi, fj, norms[i], norms[j], idf, s)
        if verdict is None:
            continue
        flag = len(verdict.signals) >= s.conflict_min_signals  # alike enough to ask an editor
        if nested(dated[i], dated[j]):
            lo, hi = sorted((a.id, b.id))
            merges.append((-verdict.score, lo, hi, i, j, flag))
        elif flag and (dated[i].last < dated[j].first or dated[j].last < dated[i].first):
            near.append((i, j))

    for _, _, _, i, j, flag in sorted(merges):
        clash = _clash(groups, i, j, entries, dated, split)
        if clash is None:
            groups.union(i, j, editor=False)
        elif flag and clash != (-1, -1):
            near.append(clash)

    events = _events(entries, dated, groups, features, by_article, near, s)
    stats.merged_groups = sum(1 for e in events if len(e.entries) > 1)
    stats.conflicts = sum(len(e.conflicts) for e in events)
    return events, stats


def _keys(f: Features) -> frozenset[str]:
    return frozenset(
        [f"n:{k}" for k in f.numbers]
        + [f"p:{k}" for k in f.places]
        + [f"c:{k}" for k in f.parties]
        + [f"a:{k}" for k in f.names]
    )


def _refine_names(features: dict[int, Features], entries: tuple[Entry, ...], s: MergeSettings) -> None:
    """Count a sentence's first word as a name when other sentences use it as one; forget
    names that most articles mention (in a big corpus they say nothing)."""
    known = {name for f in features.values() for name in f.names}
    seen_in: dict[str, set[str]] = {}
    articles = {entries[i].article or entries[i].id for i in features}
    for i, f in features.items():
        for name in f.names | (f.lead & known):
            seen_in.setdefault(name, set()).add(entries[i].article or entries[i].id)
    common: set[str] = set()
    if len(articles) >= s.background_min_articles:
        common = {n for n, arts in seen_in.items() if len(arts) > s.background_share * len(articles)}
    for i, f in list(features.items()):
        refined = (f.names | (f.lead & known)) - common
        if refined != f.names:
            features[i] = replace(f, names=frozenset(refined))


def _clash(
    groups: _Groups, i: int, j: int, entries: tuple[Entry, ...], dated: list[DaySpan], split: frozenset[str]
) -> tuple[int, int] | None:
    """Return None when i's and j's groups may merge; else the pair of dates that clash, or (-1, -1)."""
    ri, rj = groups.find(i), groups.find(j)
    if ri == rj:
        return (-1, -1)
    gi, gj = groups.members[ri], groups.members[rj]
    if any(entries[x].id in split for x in (*gi, *gj)):
        return (-1, -1)
    articles_i = {entries[x].article for x in gi if entries[x].article is not None}
    if any(entries[y].article in articles_i for y in gj):
        return (-1, -1)
    clash: tuple[int, int] | None = None
    for x in gi:
        for y in gj:
            if not nested(dated[x], dated[y]):
                if dated[x].last < dated[y].first or dated[y].last < dated[x].first:
                    return (x, y)  # disjoint dates: a disagreement worth a flag
                clash = (-1, -1)  # overlapping without nesting: refuse quietly
    return clash


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
    groups: _Groups,
    features: dict[int, Features],
    by_article: dict[str, Article],
    near: list[tuple[int, int]],
    s: MergeSettings,
) -> tuple[Event, ...]:
    """Turn the final groups into Events, with their conflicts, in timeline order."""
    extra = date_conflicts_between(entries, groups.find, near)
    events = []
    for root, members in groups.members.items():
        events.append(
            make_event(
                [entries[i] for i in members],
                [dated[i] for i in members],
                [features.get(i) for i in members],
                editor=root in groups.editor,
                origins={origin(entries[i], by_article) for i in members},
                extra_conflicts=extra.get(root, ()),
                settings=s,
            )
        )
    events.sort(key=lambda e: (timex.sort_key(e.value), e.entries[0].article or "", e.id))
    return tuple(events)

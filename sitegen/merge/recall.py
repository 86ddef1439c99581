"""The merge's memory between builds: after an edit, only the pairs the edit can change are scored again.

A candidate pair's outcome (merged with its score, a look-alike whose dates are apart, or nothing)
depends only on its two entries' ids, articles, facts and day spans, and on the corpus-wide word
weights (`Idf`). A scoring round scores the candidate pairs that have a side in its `fresh`
entries and the other in its `pool` (fresh included). The memo of the last merge keeps the facts
it read per sentence, each entry's signature, and for each round its fresh and pool entries and
the pairs that did not come out as nothing.

The next merge, when the settings and word weights are the same, scores again only the pairs
that touch an entry whose signature changed or that the last round did not cover (not fresh,
or not in the pool, then), and takes every other outcome from the memo. That gives the same
pairs, outcomes and order as scoring every pair again: a pair left out had both sides unchanged
and covered, so the last round scored it (when it was a candidate), with the same result.

An added or reworded article moves every word weight a little. A pair's outcome then depends on
the weights only through its word score, which moves by at most the root of the product of its
entries' drifts (`Idf.drift`: how far their words' weights moved) and decides only against three
thresholds. So each round also keeps the margins of its pairs that came out as nothing near a
threshold (`scoring.margin`, noted under MARGIN_NOTED; the others' are at least the memo's
`floor`). Under other weights, the entries whose words drifted past DRIFT_TAKEN are scored again
with all their pairs, and so is each pair whose margin the drift may cross; a merge or look-alike
is scored again for its exact score; every other pair keeps its outcome, nothing, and its margin,
shrunk by the drift.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from sitegen.memory import kept_for
from sitegen.merge.blocking import Blockable, BlockingStats, pairs_touching
from sitegen.merge.collapse import NearPlan
from sitegen.merge.corroborate import Figures
from sitegen.merge.event import DaySpan, date_conflict, make_event
from sitegen.merge.facts import FactsKey, facts_key
from sitegen.merge.features import Features, Idf, Verdict
from sitegen.merge.scoring import MARGIN_NOTED, Margins
from sitegen.merge.settings import MergeSettings
from sitegen.models import Conflict, Entry, Event

Merge = tuple[float, str, str, int, int, bool, int]  # (-score, low id, high id, i, j, flag, link member or -1)
MadeEvent = tuple[tuple[object, ...], Event]  # what an event was made from (see Recall.event), the event
Outcome = tuple[str, str, float, bool, bool]  # (id of i, id of j, -score, flag, merged: else a look-alike)
Signature = tuple[str | None, Features | None, DaySpan]  # article, facts, days
SpanOf = tuple[str, str | None]  # what an entry's day span is made of: its value and end value
Refined = dict[int, tuple[Features, frozenset[str], Features]]  # by a facts object's id: it, its refined names, refined
# Under other word weights, an entry whose words' weights moved by more than this factor is scored again (with all
# its pairs); a memo whose floor is not above it is let go (see the module's docstring).
DRIFT_TAKEN = 1.005
_ROUNDING = 1e-9  # room for the last bits of the float sums and square roots


@dataclass(frozen=True)
class Round:
    """One scoring round of a merge: the entries it covered (by id) and its outcomes that were not nothing."""

    fresh: frozenset[str]
    pool: frozenset[str]
    outcomes: tuple[Outcome, ...]
    margins: tuple[tuple[str, str, float], ...] = ()  # (id of i, id of j, margin) of pairs noted (see the docstring)


@dataclass
class MergeMemo:
    """What one merge leaves for the next: settings and weights it ran with, facts, signatures, rounds."""

    settings: MergeSettings
    idf: Idf | None = None
    facts: dict[FactsKey, Features] = field(default_factory=dict)
    signatures: dict[str, Signature] = field(default_factory=dict)
    rounds: list[Round] = field(default_factory=list)
    near: NearPlan | None = None  # which near-copy group each fact set joined (sitegen.merge.collapse)
    floor: float = MARGIN_NOTED  # the least margin of the pairs that came out as nothing and no round notes
    # the events of the groups, by their members' ids: for the next merge of this process only (never
    # on disk, where ids mean nothing; see Recall.event)
    events: dict[tuple[int, ...], MadeEvent] = field(default_factory=dict)
    # each facts object's verdict against an exact copy of itself, by its id (kept with it), under `idf`: idem
    verdicts: dict[int, tuple[Features, Verdict | None]] = field(default_factory=dict)
    # the day span of each date met, for the next merge of this process (its spans are then these very records)
    spans: dict[SpanOf, DaySpan] = field(default_factory=dict)
    # which sentences of each article give a figure (sitegen.merge.corroborate), by the article's id: idem
    figures: Figures = field(default_factory=dict)
    # the facts objects whose names the merge refined, with the refined object: idem (see group._refine_names)
    refined: Refined = field(default_factory=dict)
    # each entry's facts key, by the entry's id (with the entry): idem
    keys: dict[int, tuple[Entry, FactsKey]] = field(default_factory=dict)
    # the date conflict of two look-alike entries, by their ids (with them): idem
    conflicts: dict[tuple[int, int], tuple[Entry, Entry, Conflict]] = field(default_factory=dict)

    def __getstate__(self) -> dict[str, object]:
        """Pickle all but the memos of this process (PROCESS_ONLY): they are keyed by ids of its records, or serve
        identity checks in it only."""
        return {**self.__dict__, **{name: {} for name in PROCESS_ONLY}}


# the fields of a MergeMemo that only the next merge of the same process takes (never on disk)
PROCESS_ONLY = ("events", "verdicts", "spans", "figures", "refined", "keys", "conflicts")


class Recall:
    """One merge's use of the previous memo (when it applies) and the memo it leaves."""

    def __init__(self, previous: MergeMemo | None, settings: MergeSettings, *,
                 facts: object = None, fetch: Callable[[], object] = lambda: None,
                 earlier: MergeMemo | None = None) -> None:
        """`previous`: a memo in hand; else `fetch()` is asked for the last memo once the facts are read (so
        a merge that the whole-merge cache answers never loads it). `facts`: the facts of the last merge, kept
        apart from its memo (they apply whatever the weights). `earlier`: the memo the last merge of this
        process left, whose events of the same settings are taken again (see event)."""
        self._settings, self._fetch = settings, fetch
        self.previous = previous if previous is not None and previous.settings == settings else None
        known = self.previous.facts if self.previous is not None else facts
        self.known: dict[FactsKey, Features] = known if isinstance(known, dict) else {}
        self.left = MergeMemo(settings=settings)  # its facts: those this merge met (see read_facts' keep)
        self.rescored = 0  # pairs scored in this merge's rounds (for the benchmark)
        self.facts_unchanged = False  # this merge met exactly the sentences the last one did (see start)
        self.recalled = 0  # outcomes taken from the memo
        self.changed: frozenset[str] = frozenset()  # entries whose signature is not the last merge's (see start)
        self.drifted: frozenset[str] = frozenset()  # entries whose words' weights moved too far to keep (start)
        self.drift = 1.0  # the most the other entries' word scores moved since the memo (1.0: the same weights)
        self.reweighed = False  # the memo applies under other word weights (see start)
        self._drifts: dict[str, float] = {}  # how far the words of each entry not drifted moved, by its id
        self._margins: list[tuple[str, str, float]] = []  # the margins the next round takes from the memo
        self.unsettled = 0  # pairs scored again because the drift may have crossed their margin (see pairs)
        mine = earlier if earlier is not None and earlier.settings == settings else MergeMemo(settings=settings)
        self._events, self._verdicts = mine.events, mine.verdicts
        self.spans = mine.spans  # the day spans the last merge of this process made, by date
        self.figures = mine.figures  # the sentences with a figure its corroboration found, by article
        self.refined = mine.refined  # the facts whose names it refined, with their refined facts
        self._keys = mine.keys  # the facts key of each entry it met
        self._conflicts = mine.conflicts  # the date conflicts it made
        self._verdicts_idf = mine.idf  # the verdicts apply under these word weights only (see start)
        self.events_kept = 0  # events taken from the last merge (see event)
        self.read: dict[int, tuple[Entry, Features]] = {}  # the facts this merge read of each visible entry, by id

    def start(self, entries: Sequence[Entry], features: Sequence[Features | None], dated: Sequence[DaySpan],
              idf: Idf) -> None:
        """Note the entries' signatures and the word weights (the facts are read by now); under other weights
        the memo applies to the pairs they cannot tip (see _weights_moved)."""
        self._entries = entries
        # facts are a function of their key: the same keys met, the same facts (the cache need not store them again)
        met, known = self.left.facts, self.known
        self.facts_unchanged = bool(known) and len(met) == len(known) and known.keys() >= met.keys()
        self.known = {}  # the last merge's facts under their old keys: those met are in self.left.facts
        self.left.idf = idf
        if self._verdicts and self._verdicts_idf != idf:
            self._verdicts = {}
        self.left.signatures = {e.id: (e.article, features[i], dated[i]) for i, e in enumerate(entries)}
        if self.previous is None:
            found = self._fetch()
            self.previous = found if isinstance(found, MergeMemo) and found.settings == self._settings else None
        self.left.floor = MARGIN_NOTED if self.previous is None else self.previous.floor
        if self.previous is not None and self.previous.idf != idf:
            self._weights_moved(self.previous, entries, features, idf)
            self.reweighed = self.previous is not None
        self.changed = _changed(self.previous.signatures, self.left.signatures) if self.previous is not None \
            else frozenset()

    def _weights_moved(self, previous: MergeMemo, entries: Sequence[Entry], features: Sequence[Features | None],
                       idf: Idf) -> None:
        """Note how far each entry's words' weights moved since the memo and which moved too far to keep (see the
        module's docstring), or let the memo go when its floor says nothing (its facts stay in `known`)."""
        if previous.idf is None or previous.floor <= DRIFT_TAKEN * (1 + _ROUNDING):
            self.previous, self.left.floor = None, MARGIN_NOTED
            return
        moved: dict[int, float] = {}
        drifts: dict[str, float] = {}
        drifted: list[str] = []
        for entry, facts in zip(entries, features):
            if facts is None:
                continue
            drift = moved.get(id(facts))
            if drift is None:
                drift = moved[id(facts)] = previous.idf.drift(idf, facts.tokens)
            if drift > DRIFT_TAKEN:
                drifted.append(entry.id)
            else:
                drifts[entry.id] = drift
        self.drifted, self._drifts = frozenset(drifted), drifts
        self.drift = max(drifts.values(), default=1.0)
        self.left.floor = min(MARGIN_NOTED, previous.floor / (self.drift * (1 + _ROUNDING)))

    def near(self) -> NearPlan | None:
        """Return the last merge's near-copy plan, when its memo applies (same settings; the plan rests on words,
        not their weights, and `collapse.plan` takes only the answers whose fact sets are the same)."""
        return self.previous.near if self.previous is not None else None

    def outcomes(self) -> MergeMemo:
        """Return the memo this merge leaves, without its facts (kept apart: see __init__)."""
        return replace(self.left, facts={})

    def facts_key(self, entry: Entry) -> FactsKey:
        """Return the entry's `facts_key`: the last merge of this process's for the very same entry record."""
        key = kept_for(self._keys, entry) or facts_key(entry)
        self.left.keys[id(entry)] = (entry, key)  # the entry is kept, so its id stays its own
        return key

    def date_conflict(self, first: Entry, second: Entry) -> Conflict:
        """Return `event.date_conflict` of two entries: the last merge of this process's for the very same two."""
        key = (id(first), id(second))
        found = self._conflicts.get(key)
        made = found[2] if found is not None and found[0] is first and found[1] is second \
            else date_conflict(first, second)
        self.left.conflicts[key] = (first, second, made)  # the entries are kept, so their ids stay their own
        return made

    def self_verdict(self, facts: Features, verdict: Callable[[], Verdict | None]) -> Verdict | None:
        """Return the verdict of `facts` against an exact copy of itself: the last merge of this process's for the
        very same facts object under the same word weights and settings, else `verdict()`."""
        found = self._verdicts.get(id(facts))
        outcome = found[1] if found is not None and found[0] is facts else verdict()
        self.left.verdicts[id(facts)] = (facts, outcome)
        return outcome

    def event(self, members: Sequence[Entry], spans: Sequence[DaySpan], features: Sequence[Features | None], *,
              editor: bool, origins: set[str], extra_conflicts: tuple[Conflict, ...]) -> Event:
        """Return `make_event` of one group: the very event the last merge of this process made when it had the
        same members (the same records, by identity: the last merge's events keep them alive, so an id is never
        another's; their spans follow from them) in the same order, with the same facts, editor mark, origins
        and conflicts with other groups: all that `make_event` reads. A group of one is taken too: most events
        are, and an unchanged one is then the same record downstream (its item, its pages)."""
        key = tuple(map(id, members))
        made = (tuple(features), editor, frozenset(origins), extra_conflicts)
        found = self._events.get(key)
        if found is not None and found[0] == made:
            event = found[1]
            self.events_kept += 1
        else:
            event = make_event(members, spans, features, editor=editor, origins=origins,
                               extra_conflicts=extra_conflicts, settings=self._settings)
        self.left.events[key] = (made, event)
        return event

    def pairs(self, fresh: Sequence[Blockable], pool: Sequence[Blockable], window_days: int,
              stats: BlockingStats, every: Callable[[], Sequence[tuple[int, int]]]) -> tuple[
                  Sequence[tuple[int, int]], list[Merge], list[tuple[int, int]]]:
        """Return the pairs of the next round to score (fresh against pool), and the merges and
        look-alikes of its other pairs, taken from the memo.

        `pool` holds the fresh items too; `every()` returns all the round's pairs (scored when the memo does not apply).
        """
        entries = self._entries
        ids = {b.index: entries[b.index].id for b in pool}
        number = len(self.left.rounds)
        before = self.previous.rounds[number] if self.previous is not None and number < len(self.previous.rounds) \
            else None
        if before is None:
            found = every()
            self.rescored += len(found)
            return found, [], []
        changed, drifted = self.changed, self.drifted
        fresh_ids = {entries[b.index].id for b in fresh}
        unsure = {  # entries whose pairs the last round may not have scored, or scored with other facts
            i for i, key in ids.items()
            if key in changed or key in drifted or key not in before.pool or (key in fresh_ids and key not in before.fresh)
        }
        redo = [b for b in pool if b.index in unsure]
        rest = [b for b in pool if b.index not in unsure]
        fresh_at = {b.index for b in fresh}
        found = [(i, j) for i, j in pairs_touching(redo, rest, window_days, stats) if i in fresh_at or j in fresh_at]
        position = {key: i for i, key in ids.items()}

        def taken(a: str, b: str) -> tuple[int, int] | None:
            """Return the positions (in order) of a pair the last round scored that this one need not score."""
            i, j = position.get(a), position.get(b)
            if i is None or j is None or i in unsure or j in unsure or not (a in fresh_ids or b in fresh_ids):
                return None
            return (i, j) if i < j else (j, i)

        merges: list[Merge] = []
        near: list[tuple[int, int]] = []
        again: list[tuple[int, int]] = []
        for a, b, negative, flag, merged in before.outcomes:
            pair = taken(a, b)
            if pair is None:
                continue
            if self.reweighed:  # the same outcome, but its score (the order of merges) and flag anew
                again.append(pair)
            elif merged:
                low, high = sorted((a, b))
                merges.append((negative, low, high, *pair, flag, -1))
            else:
                near.append(pair)
        self._margins = []
        drifts = self._drifts
        for a, b, r in before.margins:  # pairs that came out as nothing near a threshold
            pair = taken(a, b)
            if pair is None:
                continue
            moved = math.sqrt(drifts[a] * drifts[b]) * (1 + _ROUNDING) if self.reweighed else 1.0
            if self.reweighed and r <= moved:
                again.append(pair)  # the drift may have tipped it
                self.unsettled += 1
            else:
                self._margins.append((a, b, r / moved))
        if again:
            found = sorted(found + again)
        self.recalled += len(merges) + len(near)
        self.rescored += len(found)
        return found, merges, near

    def record(self, fresh: Sequence[Blockable], pool: Sequence[Blockable], merges: Sequence[Merge],
               near: Sequence[tuple[int, int]], margins: Margins) -> None:
        """Keep one round's covered entries, outcomes (its scored merges and look-alikes) and margins (those its
        pairs scored noted, and those the memo gave for the others) for the next merge."""
        entries = self._entries
        outcomes: list[Outcome] = [(entries[i].id, entries[j].id, negative, flag, True)
                                   for negative, _, _, i, j, flag, member in merges if member < 0]
        outcomes += [(entries[i].id, entries[j].id, 0.0, True, False) for i, j in near]
        noted = [(entries[i].id, entries[j].id, r) for (i, j), r in sorted(margins.items())] + self._margins
        self._margins = []
        self.left.rounds.append(Round(frozenset(entries[b.index].id for b in fresh),
                                      frozenset(entries[b.index].id for b in pool), tuple(outcomes), tuple(noted)))


def _changed(before: dict[str, Signature], now: dict[str, Signature]) -> frozenset[str]:
    """Return the ids of the entries whose signature is new or differs from the one before.

    Facts are shared objects on each side, so each pair of them is compared once, not once per entry."""
    same: dict[tuple[int, int], bool] = {}
    out = []
    for key, (article, facts, days) in now.items():
        old = before.get(key)
        if old is None or old[0] != article or (old[2] is not days and old[2] != days):
            out.append(key)
            continue
        old_facts = old[1]
        if old_facts is facts:
            continue
        pair = (id(old_facts), id(facts))
        equal = same.get(pair)
        if equal is None:
            equal = same[pair] = old_facts == facts
        if not equal:
            out.append(key)
    return frozenset(out)

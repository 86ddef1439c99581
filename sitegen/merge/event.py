"""Assembling one merged Event: its representative, date, sources and conflicts; packing events by entry index."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields
from decimal import Decimal
from operator import attrgetter
from typing import Any

from sitegen.merge.features import Features
from sitegen.merge.settings import MergeSettings
from sitegen.models import PRECISIONS, Conflict, Entry, Event
from sitegen.temporal import timex


@dataclass(frozen=True)
class DaySpan:
    """The days an entry's date covers, as ordinals, and how precise it is."""

    first: int
    last: int
    days: int
    precision: int  # index into PRECISIONS
    ranged: bool = False  # from a range ("between May 10 and 13"), not one calendar unit


def day_span(entry: Entry) -> DaySpan:
    """Return the days an entry's value (through its end_value, for a range) covers."""
    start = timex.span(entry.value)
    end = timex.span(entry.end_value) if entry.end_value else start
    first, last = start.first.toordinal(), max(start.last, end.last).toordinal()
    ranged = entry.end_value is not None and entry.end_value != entry.value
    return DaySpan(first, last, last - first + 1, PRECISIONS.index(start.precision), ranged)


def nested(a: DaySpan, b: DaySpan) -> bool:
    """Return True when one span lies inside the other (the same day, or a day in its month...).

    A range only nests inside a span that contains it: a day inside "May 10 to 13" is a
    different claim (a moment of a stretch), and merging them would lose the range.
    """
    a_holds_b = a.first <= b.first and b.last <= a.last
    b_holds_a = b.first <= a.first and a.last <= b.last
    if a.ranged != b.ranged:
        return b_holds_a if a.ranged else a_holds_b
    return a_holds_b or b_holds_a


def _date_text(entry: Entry) -> str:
    return (
        f"{entry.value}/{entry.end_value}"
        if entry.end_value and entry.end_value != entry.value
        else entry.value
    )


def _entry_order(entry: Entry) -> tuple[tuple[object, ...], str, str]:
    return (timex.sort_key(entry.value), entry.article or "", entry.id)


def date_conflict(first: Entry, second: Entry) -> Conflict:
    """Return the date conflict of two look-alike entries left in different groups (in timeline order)."""
    a, b = sorted((first, second), key=_entry_order)
    return Conflict(field="date", values=(_date_text(a), _date_text(b)), entries=(a.id, b.id))


def date_conflicts_between(
    entries: Sequence[Entry], find: Callable[[int], int], near: Iterable[tuple[int, int]],
    conflict: Callable[[Entry, Entry], Conflict] = date_conflict,
) -> dict[int, tuple[Conflict, ...]]:
    """Return, per group root, the date conflicts with look-alike entries left in other groups (each made by
    `conflict`, which may remember them)."""
    out: dict[int, dict[Conflict, None]] = {}  # insertion-ordered sets: each conflict once per root
    for i, j in near:
        ri, rj = find(i), find(j)
        if ri == rj:
            continue
        conflict_ = conflict(entries[i], entries[j])
        for root in (ri, rj):
            out.setdefault(root, {})[conflict_] = None
    return {root: tuple(found) for root, found in out.items()}


def _shared_facts(features: Sequence[Features | None]) -> set[str]:
    """Return the numbers, names and places that at least two members mention."""
    counts: dict[str, int] = {}
    for f in features:
        if f is None:
            continue
        for fact in {
            *(f"n:{k}" for k in f.numbers),
            *(f"a:{k}" for k in f.names),
            *(f"p:{k}" for k in f.places),
        }:
            counts[fact] = counts.get(fact, 0) + 1
    return {fact for fact, c in counts.items() if c >= 2}


def _carried(f: Features | None, shared: set[str]) -> int:
    if f is None:
        return 0
    mine = {*(f"n:{k}" for k in f.numbers), *(f"a:{k}" for k in f.names), *(f"p:{k}" for k in f.places)}
    return len(mine & shared)


def _member_conflicts(
    members: Sequence[Entry], spans: Sequence[DaySpan], features: Sequence[Features | None]
) -> list[Conflict]:
    """Return the date and number disagreements inside one group.

    Members are compared by their distinct day spans and distinct sets of numbers, so a group of
    a thousand copies costs a thousand steps, not half a million pairs.
    """
    found: list[Conflict] = []
    by_span: dict[tuple[int, int, bool], list[int]] = {}
    for x, span in enumerate(spans):
        by_span.setdefault((span.first, span.last, span.ranged), []).append(x)
    distinct = list(by_span.values())
    clashing: set[int] = set()
    for n, xs in enumerate(distinct):
        for ys in distinct[n + 1 :]:
            if not nested(spans[xs[0]], spans[ys[0]]):
                clashing.update(xs)
                clashing.update(ys)
    if clashing:
        ordered = sorted((members[x] for x in clashing), key=_entry_order)
        values = tuple(dict.fromkeys(_date_text(e) for e in ordered))
        found.append(Conflict(field="date", values=values, entries=tuple(sorted(e.id for e in ordered))))
    units = sorted({q.unit for f in features if f is not None for q in f.quantities if q.unit})
    for unit in units:
        per_set: dict[frozenset[str], list[str]] = {}  # distinct sets of numbers -> member ids
        shown: dict[str, str] = {}
        for entry, f in zip(members, features):
            keys = frozenset(q.key for q in f.quantities if q.unit == unit) if f is not None else frozenset()
            if keys:
                per_set.setdefault(keys, []).append(entry.id)
                for q in f.quantities if f is not None else ():
                    if q.unit == unit:
                        shown.setdefault(q.key, q.text)
        # Sources disagree when each gives a number the other lacks; one that merely says
        # more (a wounded count besides the same death toll) does not disagree.
        differing: set[str] = set()
        involved: set[str] = set()
        sets = list(per_set.items())
        for n, (a, ids_a) in enumerate(sets):
            for b, ids_b in sets[n + 1 :]:
                if a - b and b - a:
                    differing |= a ^ b
                    involved.update(ids_a)
                    involved.update(ids_b)
        if differing:
            order = sorted(differing, key=lambda k: Decimal(k.removeprefix("pct:")))
            found.append(
                Conflict(
                    field="number", values=tuple(shown[k] for k in order), entries=tuple(sorted(involved))
                )
            )
    return found


def _in_order(conflicts: Iterable[Conflict]) -> tuple[Conflict, ...]:
    """Return the conflicts once each, by field, then entries, then values."""
    return tuple(sorted(dict.fromkeys(conflicts), key=lambda c: (c.field, c.entries, c.values)))


def make_event(
    members: Sequence[Entry],
    spans: Sequence[DaySpan],
    features: Sequence[Features | None],
    *,
    editor: bool,
    origins: set[str],
    extra_conflicts: Iterable[Conflict],
    settings: MergeSettings,
) -> Event:
    """Return the Event of one group: representative first, most precise date, sources, conflicts.

    `origins` (who reported each member) are counted only for a group of two or more."""
    if len(members) == 1:  # most groups: nothing to rank, compare or count
        only = members[0]
        return Event(id=only.id, value=only.value, precision=only.precision, entries=(only,),
                     end_value=only.end_value, headline=only.headline or None, independent_sources=1,
                     conflicts=_in_order(extra_conflicts), merged_by="")
    shared = _shared_facts(features)

    def rank(x: int) -> tuple[int, int, int, int, int, str, str]:
        e = members[x]
        short = 1 if len(e.text) < settings.clear_min_chars else 0
        return (
            spans[x].days,
            spans[x].precision,
            -_carried(features[x], shared),
            short,
            len(e.text),
            e.article or "",
            e.id,
        )

    best = min(range(len(members)), key=rank)
    rep = members[best]
    rest = sorted((members[x] for x in range(len(members)) if x != best), key=_entry_order)
    ordered = (rep, *rest)
    conflicts = _in_order([*_member_conflicts(members, spans, features), *extra_conflicts])
    headline = next((e.headline for e in ordered if e.headline), None)
    return Event(
        id=min(e.id for e in members),
        value=rep.value,
        precision=rep.precision,
        entries=ordered,
        end_value=rep.end_value,
        headline=headline,
        independent_sources=len(origins) if len(members) > 1 else 1,
        conflicts=conflicts,
        merged_by=("editor" if editor else "auto") if len(members) > 1 else "",
    )


_EVENT_FIELDS = tuple(f.name for f in fields(Event))
_ENTRIES_AT = _EVENT_FIELDS.index("entries")
_event_values = attrgetter(*(name for name in _EVENT_FIELDS if name != "entries"))
PackedEvent = tuple[tuple[Any, ...], tuple[int | Entry, ...]]  # the event's other field values, its entries


def pack_events(events: Sequence[Event], entries: Sequence[Entry]) -> list[PackedEvent]:
    """Return events to store or send to another process: each event's field values but its entries, and its
    entries named by index into `entries` (so none is stored twice). Plain tuples: packed and unpacked without
    `dataclasses.replace`."""
    index = {id(e): i for i, e in enumerate(entries)}
    return [(_event_values(ev), tuple([index.get(id(e), e) for e in ev.entries])) for ev in events]


def unpack_events(packed: object, entries: Sequence[Entry]) -> tuple[Event, ...] | None:
    """Return the events `pack_events` packed, or None when the value is not such a list."""
    if not isinstance(packed, list):
        return None
    out: list[Event] = []
    width = len(_EVENT_FIELDS) - 1
    for item in packed:
        if not (isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], tuple) and len(item[0]) == width):
            return None
        members: list[Entry] = []
        for ref in item[1]:
            if isinstance(ref, int) and 0 <= ref < len(entries):
                members.append(entries[ref])
            elif isinstance(ref, Entry):
                members.append(ref)
            else:
                return None
        values: tuple[Any, ...] = item[0]
        out.append(Event(*(*values[:_ENTRIES_AT], tuple(members), *values[_ENTRIES_AT:])))
    return tuple(out)

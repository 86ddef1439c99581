"""Repeated text collapses before pairwise scoring: a sentence reposted in N articles costs N links.

Wire copy repeats sentences verbatim or nearly across hundreds of sites. Scoring every pair of
copies is quadratic, so before blocking:

* entries whose comparable facts are identical (the same sentence, whatever its quotes, dashes
  or spacing, reduced to the same numbers, places, parties, names and words) and whose dates
  cover the same days form one *unit*: every pair inside it would get the same verdict, so its
  members are linked to the unit's first member (smallest entry id) without scoring;
* units whose facts are near copies (a word changed, a clause added: Jaccard similarity of
  their fact sets at least `near_copy_jaccard`, found with MinHash LSH and then checked
  exactly) and whose dates cover the same days form one *slot*: each unit's first member is
  scored once against the slot leader's, not against every other copy;
* only slot leaders go on to blocking and pairwise scoring with the other entries.

Everything is ordered by entry id, the MinHash uses fixed permutations (fixed seed) and a
deterministic hash of the words (CRC-32), and LSH answers are sorted, so the plan does not
depend on the input order nor on PYTHONHASHSEED.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from sitegen.merge.event import DaySpan
from sitegen.merge.features import Features

NUM_PERM = 32  # MinHash permutations: near copies of a sentence are found, the answer is checked exactly
MINHASH_SEED = 20_240_518
MIN_FACTS = 4  # fact sets smaller than this are never "near" anything (one fact is a quarter of them)


@dataclass(frozen=True)
class Link:
    """A member compared with its representative instead of with every copy."""

    member: int  # entry position
    representative: int  # entry position
    same_facts: bool  # True: identical facts and days (no scoring needed); False: a near copy


@dataclass(frozen=True)
class NearPlan:
    """Which near-copy group each distinct fact set joined, the sets in order of first use.

    Leader clustering answers for a set by looking only at the sets before it, so the next merge
    takes these answers for the sets it meets in the same order (after an edit, most or all of
    them) and clusters only the rest.
    """

    facts: tuple[Features, ...]
    leaders: tuple[int, ...]  # the number of the set each set joined (its own: it leads)


@dataclass(frozen=True)
class Plan:
    """What is scored how: links inside units and slots, and the leaders that go to blocking."""

    links: tuple[Link, ...]
    leaders: tuple[int, ...]  # entry positions, in entry id order
    units: int  # distinct (facts, days)
    slots: int  # distinct (near-copy group, days)
    near_copies: int  # distinct fact sets that joined a near-copy group led by another
    near: NearPlan = NearPlan((), ())  # for the next merge
    near_recalled: int = 0  # distinct fact sets whose near-copy group came from the last merge's plan


def fact_set(f: Features) -> frozenset[str]:
    """Return what near-copy detection compares: words, numbers, places, parties and names."""
    return frozenset(
        [*f.tokens, *(f"#{n}" for n in f.numbers), *(f"@{p}" for p in f.places),
         *(f"!{c}" for c in f.parties), *(f"^{a}" for a in f.names)]
    )


class NearCopies:
    """Leader clustering of fact sets with MinHash LSH: each set joins its most similar leader.

    The MinHash signatures of all sets are computed together with numpy (CRC-32 of each word,
    then datasketch's affine permutations `a * h + b mod 2**32`, then the minimum per set);
    one datasketch MinHash carries each signature in turn into the LSH index.
    """

    def __init__(self, threshold: float, sets: Sequence[frozenset[str]]) -> None:
        # imported here: datasketch brings scipy (0.8 s), which a build whose merge is cached never needs
        from datasketch import MinHash, MinHashLSH

        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=min(threshold, 1.0), num_perm=NUM_PERM)
        self._carrier = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED)
        self._sets = list(sets)
        self._signatures = _signatures(self._sets, self._carrier.permutations)
        self._leaders: list[int] = []

    def leader_of(self, n: int) -> int:
        """Return the set that set n joins (its own number when no leader is near enough)."""
        facts = self._sets[n]
        if len(facts) < MIN_FACTS or self.threshold > 1.0:
            return n
        self._carrier.hashvalues = self._signatures[n]
        best, best_score = n, 0.0
        for leader in sorted(self._lsh.query(self._carrier)):
            other = self._sets[leader]
            score = len(facts & other) / len(facts | other)
            if score >= self.threshold and score > best_score:
                best, best_score = leader, score
        if best == n:
            self._lsh.insert(n, self._carrier)
        return best

    def lead(self, n: int) -> None:
        """Take set n as a leader, as `leader_of` would have found it (its answer is known already)."""
        if len(self._sets[n]) >= MIN_FACTS and self.threshold <= 1.0:
            self._carrier.hashvalues = self._signatures[n]
            self._lsh.insert(n, self._carrier)


def _signatures(sets: Sequence[frozenset[str]], permutations: np.ndarray, chunk: int = 20_000) -> np.ndarray:
    """Return the MinHash signature (NUM_PERM uint32) of every set, computed in chunks of words."""
    a, b = permutations[0].astype(np.uint32), permutations[1].astype(np.uint32)
    out = np.full((len(sets), NUM_PERM), np.iinfo(np.uint32).max, dtype=np.uint32)
    crc: dict[str, int] = {}
    n = 0
    while n < len(sets):
        words: list[int] = []
        starts: list[int] = []
        first = n
        while n < len(sets) and (len(words) < chunk or n == first):
            starts.append(len(words))
            for word in sorted(sets[n]):
                h = crc.get(word)
                if h is None:
                    h = crc[word] = zlib.crc32(word.encode("utf-8"))
                words.append(h)
            n += 1
        if not words:
            continue
        hashed = np.asarray(words, dtype=np.uint32)[:, None] * a[None, :] + b[None, :]  # wraps mod 2**32
        sizes = np.diff([*starts, len(words)])
        filled = [k for k, size in enumerate(sizes) if size]
        if filled:
            mins = np.minimum.reduceat(hashed, np.asarray(starts)[filled], axis=0)
            out[first + np.asarray(filled)] = mins
    return out


def plan(
    order: Sequence[int], features: Sequence[Features | None], dated: Sequence[DaySpan], near_jaccard: float,
    before: NearPlan | None = None,
) -> Plan:
    """Return the links and leaders for the mergeable entries `order` (positions sorted by entry id).

    `before`: the last merge's near-copy plan (same settings), whose answers are taken where they hold.
    """
    fact_ids: dict[int, int] = {}  # id() of an interned Features -> its number, in order of first use
    distinct: list[Features] = []
    units: dict[tuple[int, int, int, bool], list[int]] = {}
    for i in order:
        f = features[i]
        assert f is not None
        number = fact_ids.setdefault(id(f), len(fact_ids))
        if number == len(distinct):
            distinct.append(f)
        span = dated[i]
        units.setdefault((number, span.first, span.last, span.ranged), []).append(i)
    leader_of_facts, recalled = _near_leaders(distinct, near_jaccard, before)
    slots: dict[tuple[int, int, int, bool], list[int]] = {}
    links: list[Link] = []
    for (number, first, last, ranged), members in units.items():
        links.extend(Link(m, members[0], True) for m in members[1:])
        slots.setdefault((leader_of_facts[number], first, last, ranged), []).append(members[0])
    leaders: list[int] = []
    for heads in slots.values():
        leaders.append(heads[0])
        links.extend(Link(h, heads[0], False) for h in heads[1:])
    position = {i: n for n, i in enumerate(order)}
    leaders.sort(key=position.__getitem__)
    return Plan(
        links=tuple(links),
        leaders=tuple(leaders),
        units=len(units),
        slots=len(slots),
        near_copies=len(fact_ids) - len(set(leader_of_facts)),
        near=NearPlan(tuple(distinct), tuple(leader_of_facts)),
        near_recalled=recalled,
    )


def _near_leaders(distinct: list[Features], threshold: float, before: NearPlan | None) -> tuple[list[int], int]:
    """Return the set each distinct fact set joins, and how many answers came from `before`: those of
    the sets it met in the same order (all of them: no MinHash is computed, nor datasketch imported)."""
    same = 0
    if before is not None:
        limit = min(len(distinct), len(before.facts))
        while same < limit and (distinct[same] is before.facts[same] or distinct[same] == before.facts[same]):
            same += 1
    leaders = list(before.leaders[:same]) if before is not None else []
    if same < len(distinct):
        near = NearCopies(threshold, [fact_set(f) for f in distinct])
        for n in range(same):
            if leaders[n] == n:
                near.lead(n)
        leaders += [near.leader_of(n) for n in range(same, len(distinct))]
    return leaders, same

"""Reading the facts of many entries: each distinct sentence (with its expression, places, cites and claimant)
once, equal facts one shared object, in two processes for many new sentences."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from sitegen.forking import both
from sitegen.merge.features import Features, MergeVocabulary, extract
from sitegen.models import Entry

FORK_MIN_TEXTS = 20_000  # fewer distinct sentences than this are read here, in one process


FactsKey = tuple[object, ...]  # what extract reads of an entry: equal keys, equal facts


def facts_key(entry: Entry) -> FactsKey:
    """Return what `extract` reads of an entry: its sentence, where its expression sits in it (not what the
    expression means: a moved publication date changes the values of an article's relative dates, not their
    sentences' facts), its places' and cites' words, and its claimant. Only strings and numbers: a key is
    hashed in C (a place or cite record would be hashed and compared in Python, ~100,000 times a build)."""
    places, cites = entry.places, entry.cites
    return (entry.text, entry.mention_span, entry.claim.by,
            tuple([w for p in places for w in (p.slug, p.name, p.matched)]) if places else (),
            tuple([w for c in cites for w in (c.name, c.kind, c.phrase)]) if cites else ())


def read_facts(entries: Sequence[Entry], vocabulary: MergeVocabulary, workers: int = 1,
               known: Mapping[FactsKey, Features] | None = None,
               keep: dict[FactsKey, Features] | None = None,
               key_of: Callable[[Entry], FactsKey] = facts_key) -> list[Features]:
    """Return `extract` of each entry, reading each distinct sentence (with its expression, places,
    cites and claimant) once: equal facts are one shared object. With two or more workers and many
    sentences, a forked child reads the first half of the distinct ones (same result).

    `known`: facts read before (by `facts_key`), taken instead of reading again; `keep` receives the
    facts of every key met; `key_of` gives an entry's `facts_key` (it may remember them).
    """
    # each key is hashed once per entry, then once per distinct key for each memo; the entries find their facts
    # by position
    slot: dict[FactsKey, int] = {}  # distinct key -> its position in first-met order
    first: list[int] = []  # the first entry of each distinct key
    at = []
    for i, e in enumerate(entries):
        n = slot.setdefault(key_of(e), len(first))
        if n == len(first):
            first.append(i)
        at.append(n)
    by_key: dict[FactsKey, Features] = keep if keep is not None else {}
    facts: list[Features | None] = []
    for key in slot:
        found = by_key.get(key)
        if found is None and known is not None:
            found = known.get(key)
        facts.append(found)
    unread = [n for n, found in enumerate(facts) if found is None]
    firsts = [first[n] for n in unread]

    def read(part: list[int]) -> list[Features]:
        return [extract(entries[i], vocabulary) for i in part]

    if workers >= 2 and len(firsts) >= FORK_MIN_TEXTS:
        cut = len(firsts) // 2
        head, tail = both(lambda: read(firsts[:cut]), lambda: read(firsts[cut:]))
        made = head + tail
    else:
        made = read(firsts)
    for n, found in zip(unread, made):
        facts[n] = found
    distinct = [f for f in facts if f is not None]
    assert len(distinct) == len(facts), "every distinct key has its facts"
    by_key.update(zip(slot, distinct))
    return [distinct[n] for n in at]

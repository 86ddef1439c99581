"""Fingerprints: equal values give equal digests in any process; seeded records stand by their seeds."""

from __future__ import annotations

import gc
import os
import re
import subprocess
import sys
import weakref
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import MappingProxyType

import pytest

from sitegen import digest
from sitegen.digest import COMPACT_FROM, Digests, Fingerprints

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Leaf:
    name: str
    tags: tuple[str, ...] = ()

    @cached_property
    def shout(self) -> str:
        return self.name.upper()


@dataclass(frozen=True)
class Tree:
    leaves: tuple[Leaf, ...]
    note: str = ""


def test_equal_values_equal_digests_however_shared() -> None:
    shared = Leaf("a")
    one = Tree((shared, shared))
    two = Tree((Leaf("a"), Leaf("a")))
    assert Fingerprints().of(one) == Fingerprints().of(two)
    assert Fingerprints().of(one) != Fingerprints().of(Tree((Leaf("a"), Leaf("b"))))


def test_cached_properties_never_count() -> None:
    leaf = Leaf("a")
    before = Fingerprints().of(leaf)
    assert leaf.shout == "A"
    assert Fingerprints().of(leaf) == before


def test_read_only_mappings_digest_by_their_items() -> None:
    assert Fingerprints().of(MappingProxyType({"a": 1})) == Fingerprints().of(MappingProxyType({"a": 1}))
    assert Fingerprints().of(MappingProxyType({"a": 1})) != Fingerprints().of(MappingProxyType({"a": 2}))


def test_one_fingerprints_gives_every_digest_as_a_new_one_would() -> None:
    # its picklers are reused, and a shared record's digest is worked out inside another digest
    prints = Fingerprints(shared=(Leaf,))
    values = [Tree((Leaf("a"), Leaf("b")), "x"), Leaf("c"), Tree((Leaf("c"),)), ("plain", 1), Tree((Leaf("a"),))]
    assert [prints.of(v) for v in values] == [Fingerprints(shared=(Leaf,)).of(v) for v in values]


def test_a_digest_that_fails_leaves_the_next_ones_right() -> None:
    prints = Fingerprints()
    before = prints.of(Tree((Leaf("a"),)))
    with pytest.raises(TypeError, match="cannot pickle 'generator' object"):
        prints.of(Tree((Leaf("a"),)), (n for n in range(3)))
    assert prints.of(Tree((Leaf("a"),))) == before


def _producer() -> str:
    return "page"


def test_functions_digest_by_their_names_also_those_pickle_cannot_name() -> None:
    # a producer of the outputs table is named by module and name; a nested one or a lambda by its code's place
    def nested() -> str:
        return "page"

    prints = Fingerprints()
    named, local = prints.of(Tree(()), _producer), prints.of(Tree(()), nested)
    assert named == Fingerprints().of(Tree(()), _producer) and local == Fingerprints().of(Tree(()), nested)
    assert len({named, local, prints.of(Tree(()), lambda: "page"), prints.of(Tree(()))}) == 4
    assert prints.of(Tree(()), _producer) == named  # the pickler a nested function failed is not reused


def test_values_pickle_reduces_through_copyreg_digest_as_pickle_would() -> None:
    # a dispatch table of the digest's own must not hide copyreg's (compiled patterns, complex numbers)
    assert Fingerprints().of(re.compile("a+"), complex(1, 2)) == Fingerprints().of(re.compile("a+"), complex(1, 2))
    assert Fingerprints().of(re.compile("a+")) != Fingerprints().of(re.compile("b+"))


def test_fingerprints_are_freed_without_the_cyclic_collector() -> None:
    # builds pause the collector: a cycle through its picklers would keep every digested record of a build alive
    was_on = gc.isenabled()
    gc.disable()
    try:
        prints = Fingerprints(shared=(Leaf,))
        prints.of(Tree((Leaf("a"), Leaf("b"))), MappingProxyType({"k": Leaf("c")}), Path("x"), re.compile("a"))
        freed = weakref.ref(prints)
        del prints
        assert freed() is None
    finally:
        if was_on:
            gc.enable()


def test_a_seeded_record_stands_by_its_seed_inside_larger_values() -> None:
    leaf = Leaf("a")
    seeded = Fingerprints(shared=(Leaf,))
    seeded.seed([(leaf, "seed-1")])
    plain = Fingerprints(shared=(Leaf,))
    assert seeded.of(Tree((leaf,))) != plain.of(Tree((leaf,)))
    other = Leaf("a")
    again = Fingerprints(shared=(Leaf,))
    again.seed([(other, "seed-1")])  # another object under the same seed: the same digest
    assert again.of(Tree((other,))) == seeded.of(Tree((leaf,)))


def test_a_seed_never_replaces_a_digest_already_worked_out() -> None:
    leaf = Leaf("a")
    prints = Fingerprints(shared=(Leaf,))
    first = prints.of(Tree((leaf,)))
    prints.seed([(leaf, "seed-1")])
    assert prints.of(Tree((leaf,))) == first


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Count the shared records digested by value (not taken from a memo)."""
    digested: list[str] = []
    real = Fingerprints.of

    def of(self: Fingerprints, *values: object) -> str:
        if values and isinstance(values[0], str) and values[0] == "Leaf":
            digested.append(values[1][0])  # type: ignore[index]  # (qualname, field values)
        return real(self, *values)

    monkeypatch.setattr(Fingerprints, "of", of)
    return digested


def test_a_later_fingerprints_takes_the_digests_of_the_records_an_earlier_one_made(
        monkeypatch: pytest.MonkeyPatch) -> None:
    kept, dropped = Leaf("kept"), Leaf("dropped")
    first = Fingerprints(shared=(Leaf,))
    before = first.of(Tree((kept, dropped)))
    digested = _counting(monkeypatch)
    second = Fingerprints(shared=(Leaf,), earlier=first)
    assert second.of(Tree((kept, dropped))) == before and digested == []  # the very records: taken
    assert second.of(Tree((Leaf("kept"),))) == Fingerprints(shared=(Leaf,)).of(Tree((kept,)))
    assert digested == ["kept", "kept"]  # an equal record that is another object is digested
    third = Fingerprints(shared=(Leaf,), earlier=second)
    digested.clear()
    third.of(kept)
    third.of(dropped)
    assert digested == []  # the second reached both, so it hands both on
    fourth = Fingerprints(shared=(Leaf,), earlier=Fingerprints(shared=(Leaf,), earlier=third))
    fourth.of(kept)
    assert digested == ["kept"]  # a build that did not reach a record does not hand it on


def test_a_record_seeded_otherwise_than_before_drops_every_earlier_digest(monkeypatch: pytest.MonkeyPatch) -> None:
    leaf, other = Leaf("a"), Leaf("b")
    first = Fingerprints(shared=(Leaf,))
    first.seed([(leaf, "seed-1")])
    outer = Tree((leaf,))
    first.of(other)
    before = first.of(outer)
    same = Fingerprints(shared=(Leaf,), earlier=first)
    same.seed([(leaf, "seed-1")])
    digested = _counting(monkeypatch)
    assert same.of(outer) == before and same.of(other) and digested == []
    moved = Fingerprints(shared=(Leaf,), earlier=first)
    moved.seed([(leaf, "seed-2")])  # the record's override now stands elsewhere: its name changed
    assert moved.of(outer) != before
    moved.of(other)
    assert digested == ["b"]  # nothing digested under the earlier names is trusted


_SCRIPT = """
import sys
sys.path.insert(0, {tests!r})
from test_digest import Leaf, Tree
from sitegen.digest import Fingerprints
print(Fingerprints(shared=(Leaf,)).of(Tree((Leaf("a", ("x", "y")), Leaf("b")), "note")))
print(Fingerprints(shared=(Leaf,)).of(Tree(tuple(Leaf(str(n)) for n in range(40)))))  # a long sequence too
"""


def test_the_same_digest_in_another_process_and_hash_seed() -> None:
    found = set()
    for seed in ("1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        done = subprocess.run([sys.executable, "-c", _SCRIPT.format(tests=str(Path(__file__).parent))],
                              env=env, capture_output=True, text=True, check=True)
        found.add(done.stdout.strip())
    assert len(found) == 1


def test_a_shared_record_stands_by_its_own_digest_worked_out_once(monkeypatch: pytest.MonkeyPatch) -> None:
    leaf = Leaf("a", ("x",))
    prints = Fingerprints(shared=(Leaf,))
    first = prints.record(leaf)
    assert first == Fingerprints(shared=(Leaf,)).record(Leaf("a", ("x",))) != prints.record(Leaf("b", ("x",)))
    assert prints.of(Tree((leaf,))) == Fingerprints(shared=(Leaf,)).of(Tree((Leaf("a", ("x",)),)))
    monkeypatch.setattr(Fingerprints, "of", lambda *a: pytest.fail("digested again"))
    assert prints.record(leaf) == first  # the memo's own digest: no pickling


def test_a_record_of_a_type_not_shared_is_digested_as_of_would() -> None:
    prints = Fingerprints()
    assert prints.record(Leaf("a")) == prints.of(Leaf("a"))


@dataclass(frozen=True)
class Pairs:
    pairs: tuple[tuple[Leaf, Leaf], ...]


def _leaves(n: int, last: str = "z") -> tuple[Leaf, ...]:
    return (*(Leaf(f"l{i}") for i in range(n - 1)), Leaf(last))


@pytest.mark.parametrize("n", [1, COMPACT_FROM - 1, COMPACT_FROM, 3 * COMPACT_FROM])
def test_a_sequence_of_shared_records_digests_by_their_values_short_or_long(n: int) -> None:
    def digest(value: object) -> str:
        return Fingerprints(shared=(Leaf,)).of(value)

    one = _leaves(n)
    assert digest(Tree(one)) == digest(Tree(_leaves(n)))  # other objects, equal values
    assert digest(Tree(one)) != digest(Tree(_leaves(n, last="y")))  # one record differs
    assert digest(Tree(one)) != digest(Tree(one[:-1]))  # one record fewer
    assert digest(Tree(one)) != digest(Tree(one, note="n"))
    pairs = tuple(zip(one, reversed(one)))
    assert digest(Pairs(pairs)) == digest(Pairs(tuple(zip(_leaves(n), reversed(_leaves(n))))))
    assert digest(Pairs(pairs)) != digest(Pairs(tuple(zip(reversed(one), one)))) or n == 1
    assert digest(Pairs(pairs)) != digest(Tree(one))


def test_a_long_sequence_stands_by_its_records_digests_seeds_included(monkeypatch: pytest.MonkeyPatch) -> None:
    leaves = _leaves(COMPACT_FROM)
    seeded = Fingerprints(shared=(Leaf,))
    seeded.seed([(leaves[0], "seed-1")])
    other = _leaves(COMPACT_FROM)
    again = Fingerprints(shared=(Leaf,))
    again.seed([(other[0], "seed-1")])
    assert seeded.of(Tree(leaves)) == again.of(Tree(other)) != Fingerprints(shared=(Leaf,)).of(Tree(leaves))
    digested = _counting(monkeypatch)
    prints = Fingerprints(shared=(Leaf,))
    prints.of(Tree(leaves))
    prints.of(Tree(leaves), "again")
    assert sorted(digested) == sorted(leaf.name for leaf in leaves)  # each record once, then by its digest


def test_a_long_sequence_that_is_not_all_shared_records_digests_as_plain_values() -> None:
    def shared(value: object) -> str:
        return Fingerprints(shared=(Leaf,)).of(value)

    mixed = (*_leaves(COMPACT_FROM), "text")
    assert shared(Tree(mixed)) == shared(Tree((*_leaves(COMPACT_FROM), "text")))
    assert shared(Tree(mixed)) != shared(Tree(mixed[:-1]))
    # not shared: the same sequence of records is plain values, as they always were
    assert Fingerprints().of(Tree(_leaves(COMPACT_FROM))) == Fingerprints().of(Tree(_leaves(COMPACT_FROM)))
    assert Fingerprints().of(Tree(_leaves(COMPACT_FROM))) != shared(Tree(_leaves(COMPACT_FROM)))


def test_a_top_level_sequence_compacts_when_asked() -> None:
    prints = Fingerprints(shared=(Leaf,))
    leaves = _leaves(COMPACT_FROM)
    (compacted,) = prints.compact((leaves,), None)
    assert isinstance(compacted, Digests) and list(compacted) == [prints.record(leaf) for leaf in leaves]
    assert prints.compact(("text", leaves[:1]), None) == ("text", leaves[:1])  # too short, or no sequence


@pytest.mark.parametrize("fork", [False, True])
def test_many_records_are_digested_at_once_as_one_by_one_half_in_a_forked_child(
        monkeypatch: pytest.MonkeyPatch, fork: bool) -> None:
    monkeypatch.setattr(digest, "FORK_RECORDS_FROM", 2)
    leaves = [Leaf(f"leaf {n}", (str(n),)) for n in range(9)]
    expected = [Fingerprints(shared=(Leaf,)).record(leaf) for leaf in leaves]
    prints = Fingerprints(shared=(Leaf,))
    parent = os.getpid()
    prints.records(leaves, fork=fork)
    assert os.getpid() == parent
    monkeypatch.setattr(Fingerprints, "of", lambda *a: pytest.fail("digested again"))
    assert [prints.record(leaf) for leaf in leaves] == expected  # all worked out by `records`, the child's seeded


def test_records_an_earlier_build_digested_are_taken_without_a_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(digest, "FORK_RECORDS_FROM", 2)
    leaves = [Leaf(f"leaf {n}") for n in range(9)]
    first = Fingerprints(shared=(Leaf,))
    first.records(leaves, fork=True)
    expected = [first.record(leaf) for leaf in leaves]
    later = Fingerprints(shared=(Leaf,), earlier=first)  # a long-lived process's next build, the same records
    monkeypatch.setattr(digest, "both", lambda *a: pytest.fail("forked for records already known"))
    later.records([*leaves, Leaf("new")], fork=True)  # one unknown: fewer than FORK_RECORDS_FROM
    assert [later.record(leaf) for leaf in leaves] == expected

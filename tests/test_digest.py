"""Fingerprints: equal values give equal digests in any process; seeded records stand by their seeds."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import MappingProxyType

import pytest

from sitegen.digest import Fingerprints

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


_SCRIPT = """
import sys
sys.path.insert(0, {tests!r})
from test_digest import Leaf, Tree
from sitegen.digest import Fingerprints
print(Fingerprints(shared=(Leaf,)).of(Tree((Leaf("a", ("x", "y")), Leaf("b")), "note")))
"""


def test_the_same_digest_in_another_process_and_hash_seed() -> None:
    found = set()
    for seed in ("1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        done = subprocess.run([sys.executable, "-c", _SCRIPT.format(tests=str(Path(__file__).parent))],
                              env=env, capture_output=True, text=True, check=True)
        found.add(done.stdout.strip())
    assert len(found) == 1

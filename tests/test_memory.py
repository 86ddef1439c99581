"""What a long-lived process keeps between its builds: the values the last build used, served without the disk."""

from __future__ import annotations

import os
import pickle
import time
from dataclasses import dataclass
from pathlib import Path

from sitegen.cache import Store
from sitegen.memory import Memory, kept_for
from sitegen.models import StatedFacts

NOW = time.time()
KEYS = {name: name * 64 for name in "abcdef"}


def test_memory_serves_what_the_last_build_used_and_forgets_the_rest(tmp_path: Path) -> None:
    memory = Memory()
    first = Store(tmp_path, memory)
    first.put("articles", KEYS["a"], ("result", "a"))
    first.put("articles", KEYS["b"], ("result", "b"))
    first.put("markup", KEYS["c"], ("markup",))
    a, b = first.get("articles", KEYS["a"]), first.get("articles", KEYS["b"])
    first.get("markup", KEYS["c"])
    memory.settle()

    path_a = tmp_path / "articles" / KEYS["a"][:2] / KEYS["a"]
    os.utime(path_a, (NOW - 100, NOW - 100))
    second = Store(tmp_path, memory)
    assert second.get("articles", KEYS["a"]) is a  # the very record, not read again
    assert path_a.stat().st_mtime > NOW - 50  # stamped as used all the same, so pruning keeps it
    assert second.get("markup", KEYS["c"]) is not None and memory.recalled == {"articles": 1}  # markup is read from disk
    memory.settle()  # b was not used by the second build: forgotten

    path_a.unlink()
    (tmp_path / "articles" / KEYS["b"][:2] / KEYS["b"]).unlink()
    third = Store(tmp_path, memory)
    assert third.get("articles", KEYS["a"]) is a and third.get("articles", KEYS["b"]) is None
    assert (third.hits, third.misses, memory.recalled["articles"]) == (1, 1, 2)
    assert b == ("result", "b")


def test_a_value_made_and_stored_is_kept_in_memory_for_the_next_build(tmp_path: Path) -> None:
    memory = Memory()
    made = ("result", "d")
    Store(tmp_path, memory).put_payload("articles", KEYS["d"], pickle.dumps(made), made)
    memory.settle()
    assert Store(tmp_path, memory).get("articles", KEYS["d"]) is made


def test_memory_keeps_what_the_seed_files_were_read_as_while_builds_use_it() -> None:
    memory = Memory()
    loaded = ("text", "utf-8", (), "text", StatedFacts())
    memory.files().note("seeds/a.txt:key", loaded)
    memory.settle()
    assert memory.files().get("seeds/a.txt:key") is loaded and memory.recalled == {"files": 1}
    memory.settle()  # used by that build: kept
    assert memory.files().get("seeds/a.txt:key") is loaded
    memory.settle()
    memory.settle()  # a build that did not read it: forgotten
    assert memory.files().get("seeds/a.txt:key") is None


@dataclass(frozen=True)
class Record:
    key: str
    value: int = 0


def test_records_equal_to_those_the_last_build_handed_on_are_the_very_same_records() -> None:
    memory = Memory()
    first = (Record("a"), Record("b"))
    assert memory.same_as_before("records", first, lambda r: r.key) == first
    memory.settle()
    again = (Record("a"), Record("b", 1), Record("c"))
    out = memory.same_as_before("records", again, lambda r: r.key)
    assert out[0] is first[0] and out[1] is again[1] and out[2] is again[2]  # equal: the last's; changed, new: as is
    memory.settle()
    assert memory.same_as_before("records", (Record("b", 1),), lambda r: r.key)[0] is again[1]  # handed on in turn


def test_what_a_build_carries_reaches_the_next_only_once_it_has_finished() -> None:
    memory = Memory()
    memory.carry("prints", "first")
    assert memory.carried("prints") is None
    memory.settle()
    memory.carry("prints", "failed")  # a build that failed never settles
    assert memory.carried("prints") == "first"
    memory.carry("prints", "second")
    memory.settle()
    assert memory.carried("prints") == "second"
    memory.settle()
    assert memory.carried("prints") is None  # a build that carried nothing leaves nothing


def test_a_value_carried_for_one_key_is_not_given_for_another_and_can_be_carried_on_unchanged() -> None:
    memory = Memory()
    memory.carry("pages", "log of public/", key="public")
    memory.settle()
    assert memory.carried("pages", "public") == "log of public/" and memory.carried("pages", "elsewhere") is None
    memory.carry_on("pages")  # a build that made no new log hands the last one on
    memory.carry_on("never carried")
    memory.settle()
    assert memory.carried("pages", "public") == "log of public/" and memory.carried("never carried") is None


def test_a_value_kept_by_identity_is_given_for_the_very_object_only() -> None:
    first, equal = ["a"], ["a"]
    memo = {id(first): (first, 1)}
    assert (kept_for(memo, first), kept_for(memo, equal), kept_for({}, first)) == (1, None, None)


def test_entries_to_write_later_are_written_once_with_their_last_value_when_flushed() -> None:
    memory = Memory()
    memory.write_later("markup", "site-a", "first")
    memory.write_later("markup", "site-a", "second")
    memory.write_later("markup", "site-b", "other")
    memory.settle()  # a build's end writes nothing
    written: list[tuple[str, str, object]] = []
    memory.flush(lambda kind, key, value: written.append((kind, key, value)))
    assert written == [("markup", "site-a", "second"), ("markup", "site-b", "other")]
    memory.flush(lambda kind, key, value: written.append((kind, key, value)))
    assert len(written) == 2

"""The cache's size (a build keeps it at twice what it used, removing the entries used longest ago first), and the
saved web pages it keeps extracted."""

from __future__ import annotations

import os
import pickle
import time
from dataclasses import replace
from pathlib import Path

import pytest

from sitegen import reader
from sitegen.cache import PageReads, Store
from sitegen.merge.event import pack_events, unpack_events
from sitegen.models import Conflict, Entry, Event, StatedFacts

NOW = time.time()
KEYS = {name: name * 64 for name in "abcdef"}


def put(store: Store, name: str, size: int, age: float, kind: str = "articles") -> Path:
    """Store `size` bytes under a key named by one letter, as last used `age` seconds ago; return its file."""
    store.put(kind, KEYS[name], b"x" * size)
    path = store.root / kind / KEYS[name][:2] / KEYS[name]
    os.utime(path, (NOW - age, NOW - age))
    return path


def left(store: Store) -> set[str]:
    return {p.name[0] for p in store.root.rglob("*") if p.is_file() and p.name != ".gitignore"}


@pytest.mark.parametrize(("entries", "keep", "survivors"), [
    # (name, size, seconds since last used): a and b are this build's (used after it started, 10 s ago)
    ([("a", 1000, 1), ("b", 1000, 5), ("c", 1000, 100), ("d", 1000, 50)], 2.0, {"a", "b", "c", "d"}),
    ([("a", 1000, 1), ("c", 1000, 100), ("d", 1000, 50), ("e", 1000, 70)], 2.0, {"a", "d"}),  # oldest first
    ([("a", 1000, 1), ("c", 1500, 100), ("d", 400, 50), ("e", 400, 70)], 2.0, {"a", "d", "e"}),  # c is enough
    ([("a", 1000, 1), ("c", 1000, 100), ("d", 1000, 50)], 1.0, {"a", "d"}),  # the newest of a kind stays
    ([("c", 1000, 100), ("d", 1000, 50), ("e", 1000, 70)], 2.0, {"d"}),  # a build that used nothing
    ([("a", 1000, 11.5)], 1.0, {"a"}),  # file times coarser than the clock: a little before the start is fresh
], ids=["within", "oldest-first", "no-more-than-needed", "keep-1", "nothing-used", "clock-slack"])
def test_prune_removes_the_entries_used_longest_ago(tmp_path: Path, entries: list[tuple[str, int, float]],
                                                    keep: float, survivors: set[str]) -> None:
    store = Store(tmp_path / "cache")
    for name, size, age in entries:
        put(store, name, size, age)
    removed = store.prune(since=NOW - 10, keep=keep)
    assert left(store) == survivors
    assert removed == len(entries) - len(survivors)


def test_a_read_stamps_its_entry_as_used(tmp_path: Path) -> None:
    store = Store(tmp_path / "cache")
    old = put(store, "c", 1000, 100)
    put(store, "d", 1000, 50)
    put(store, "e", 1000, 70)
    put(store, "a", 10, 1)
    assert store.get("articles", KEYS["c"]) == b"x" * 1000
    assert old.stat().st_mtime > NOW - 10
    assert store.prune(since=NOW - 10, keep=1.0) == 1
    assert left(store) == {"a", "c", "d"}


def test_the_newest_entry_of_every_kind_stays(tmp_path: Path) -> None:
    store = Store(tmp_path / "cache")
    put(store, "a", 10, 1)
    for name, age in (("b", 300), ("c", 100), ("d", 200)):
        put(store, name, 1000, age, kind="merge-memo")
    put(store, "e", 1000, 400, kind="markup")
    assert store.prune(since=NOW - 10) == 2
    assert left(store) == {"a", "c", "e"}


def test_a_write_left_unfinished_is_removed_and_one_in_progress_is_not(tmp_path: Path) -> None:
    store = Store(tmp_path / "cache")
    put(store, "a", 1000, 1)
    shard = store.root / "articles" / "aa"
    stale, fresh = shard / ".tmp-stale", shard / ".tmp-fresh"
    stale.write_bytes(b"half")
    fresh.write_bytes(b"half")
    os.utime(stale, (NOW - 3600, NOW - 3600))
    assert store.prune(since=NOW - 10) == 1
    assert fresh.exists() and not stale.exists()


def test_pruning_a_missing_cache_or_entries_that_will_not_go_removes_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert Store(tmp_path / "absent").prune(since=NOW) == 0
    store = Store(tmp_path / "cache")
    put(store, "c", 1000, 100)

    def refuse(path: str) -> None:
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(os, "unlink", refuse)
    assert store.prune(since=NOW) == 0
    assert left(store) == {"c"}



PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | The Daily Ledger</title>
<meta property="article:published_time" content="2024-05-03T10:00:00Z"></head>
<body><header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
<main><article><h1>{title}</h1><p>Repair crews reopened the bridge over the river on Friday, the regional governor
said, two weeks after it was damaged.</p><p>{body}</p></article></main>
<footer><p>All rights reserved.</p></footer></body></html>"""


def test_a_saved_page_read_before_is_not_extracted_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name in ("bridge", "talks"):
        (seeds / f"{name}.html").write_text(PAGE.format(title=f"The {name} story", body=f"More on the {name}."),
                                            encoding="utf-8")
    extracted: list[str] = []
    real = reader.read_html

    def counting(text: str, fetched_url: str | None = None) -> tuple[str, StatedFacts]:
        extracted.append(text)
        return real(text, fetched_url=fetched_url)

    monkeypatch.setattr(reader, "read_html", counting)
    first = reader.read_seeds(seeds, PageReads(Store(tmp_path / "cache")))
    again = reader.read_seeds(seeds, PageReads(Store(tmp_path / "cache")))
    assert (len(extracted), again) == (2, first)
    assert "Repair crews reopened the bridge" in first.files[0].text and first.files[0].kind == "html"
    (seeds / "talks.html").write_text(PAGE.format(title="The talks story", body="Talks resumed."), encoding="utf-8")
    edited = reader.read_seeds(seeds, PageReads(Store(tmp_path / "cache")))
    assert len(extracted) == 3 and "Talks resumed." in edited.files[1].text
    assert reader.read_seeds(seeds) == edited and len(extracted) == 5  # no store: every page is extracted


def _events() -> tuple[tuple[Entry, ...], tuple[Event, ...]]:
    a = Entry(id="a-1", article="a", value="2023-05-04", precision="day", text="A strike on Kharkiv killed 7.")
    b = Entry(id="b-1", article="b", value="2023-05-04", precision="day", text="Missiles hit Kharkiv, killing 7.")
    c = Entry(id="c-1", article="c", value="2023-05", precision="month", text="Talks resumed.")
    added = Entry(id="added-1", article=None, value="2023", precision="year", text="An editor's event.")
    events = (
        Event(id="a-1", value="2023-05-04", precision="day", entries=(a, b), headline="Strike on Kharkiv",
              independent_sources=2, merged_by="auto",
              conflicts=(Conflict(field="number", values=("7", "8"), entries=("a-1", "b-1")),)),
        Event(id="c-1", value="2023-05", precision="month", entries=(c,), end_value="2023-06"),
        Event(id="added-1", value="2023", precision="year", entries=(added,), merged_by="editor"),
    )
    return (a, b, c), events


def test_merged_events_come_back_equal_from_the_cache_their_entries_the_builds_own() -> None:
    entries, events = _events()
    packed = pack_events(events, entries)
    assert [refs for _, refs in packed] == [(0, 1), (2,), (events[2].entries[0],)]  # an entry not in `entries` is kept
    copies = tuple(replace(e) for e in entries)  # the next build's equal entries
    back = unpack_events(pickle.loads(pickle.dumps(packed)), copies)
    assert back == events
    assert back is not None and back[0].entries[0] is copies[0]


@pytest.mark.parametrize("packed", [
    None, {}, [("not a pair",)], [((), (0,))], [(("a-1",) * 7, (0,))], [(("a-1",) * 8, (5,))],
    [(("a-1",) * 8, ("a-1",))],
], ids=["none", "dict", "not-a-pair", "no-values", "values-short", "index-out-of-range", "not-an-entry"])
def test_a_merge_entry_of_another_shape_is_no_merge(packed: object) -> None:
    entries, _ = _events()
    assert unpack_events(packed, entries) is None

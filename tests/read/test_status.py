"""The seed files' reads kept in the cache by their status (sitegen.read.status): a rebuild reads again only the
files whose status changed, and never trusts a file changed a moment ago."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sitegen import reader
from sitegen.cache import Store
from sitegen.read.status import KIND, SeedReads, folder_status

PAGE = ("<html><head><title>Strike on Kharkiv</title></head><body><article><h1>Strike on Kharkiv</h1>"
        "<p>A Russian missile strike on Kharkiv killed seven people on Saturday, the governor said. " * 3 +
        "</p></article></body></html>")


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "a.txt").write_text("Kyiv, 3 May 2024. Talks resumed on Friday.\n", encoding="utf-8")
    (folder / "b.md").write_text("---\ntitle: B\n---\nTroops withdrew from Kyiv in April 2022.\n", encoding="utf-8")
    (folder / "c.html").write_text(PAGE, encoding="utf-8")
    return folder


def read(seeds: Path, store: Store) -> tuple[reader.ReadResult, int]:
    """Read the seeds as a build does with its cache; return what was read and how many files were read afresh."""
    known = SeedReads(store, seeds)
    result = reader.read_seeds(seeds, None, known)
    known.save()
    return result, known.read


@pytest.fixture
def trusted(monkeypatch: pytest.MonkeyPatch) -> None:
    """Trust any status not in the future (the files of a test are all a moment old)."""
    monkeypatch.setattr(reader, "RECENT_NS", 0)


@pytest.mark.usefixtures("trusted")
def test_a_rebuild_reads_no_unchanged_file_and_gets_what_it_read(seeds: Path, tmp_path: Path) -> None:
    store = Store(tmp_path / "cache")
    first, fresh = read(seeds, store)
    assert fresh == 3 and [f.id for f in first.files] == ["a", "b", "c"]
    again, fresh = read(seeds, store)
    assert fresh == 0
    assert again == first == reader.read_seeds(seeds)


@pytest.mark.usefixtures("trusted")
def test_a_changed_file_is_read_again_and_a_removed_one_forgotten(seeds: Path, tmp_path: Path) -> None:
    store = Store(tmp_path / "cache")
    read(seeds, store)
    (seeds / "a.txt").write_text("Kyiv, 4 May 2024. Talks ended on Saturday.\n", encoding="utf-8")
    (seeds / "b.md").unlink()
    result, fresh = read(seeds, store)
    assert fresh == 1
    assert result == reader.read_seeds(seeds)
    assert [f.id for f in result.files] == ["a", "c"] and "Talks ended" in result.files[0].text
    stored = next((tmp_path / "cache" / KIND).rglob("*"))
    assert stored.is_dir() and len(list(stored.iterdir())) == 1  # one entry per seeds folder, replaced


def test_a_file_changed_a_moment_ago_is_always_read(seeds: Path, tmp_path: Path) -> None:
    store = Store(tmp_path / "cache")
    read(seeds, store)
    before = (seeds / "a.txt").read_text(encoding="utf-8")
    after = before.replace("Friday", "Monday")  # the same size, in the same moment
    (seeds / "a.txt").write_text(after, encoding="utf-8")
    result, _ = read(seeds, store)
    assert len(after) == len(before)
    assert "Monday" in result.files[0].text
    assert not (tmp_path / "cache" / KIND).exists()  # no status was old enough to be kept


@pytest.mark.usefixtures("trusted")
def test_a_damaged_entry_is_read_as_none_kept(seeds: Path, tmp_path: Path) -> None:
    store = Store(tmp_path / "cache")
    read(seeds, store)
    for path in (tmp_path / "cache" / KIND).rglob("*"):
        if path.is_file():
            path.write_bytes(path.read_bytes()[:-7])
    result, fresh = read(seeds, store)
    assert fresh == 3 and result == reader.read_seeds(seeds)


STATUS_CHANGES = {
    "a file edited": lambda f: (f / "a.txt").write_text("Kyiv, 4 May 2024. Talks resumed.\n", encoding="utf-8"),
    "a file touched": lambda f: os.utime(f / "a.txt", ns=(1, 1)),
    "a file added": lambda f: (f / "d.txt").write_text("More.\n", encoding="utf-8"),
    "a file removed": lambda f: (f / "b.md").unlink(),
    "a file renamed": lambda f: (f / "b.md").rename(f / "e.md"),
    "a link retargeted": lambda f: ((f / "l.txt").unlink(), (f / "l.txt").symlink_to(f / "b.md")),
}


@pytest.mark.parametrize("change", sorted(STATUS_CHANGES))
def test_the_folders_status_changes_with_any_entry(seeds: Path, trusted: None, change: str) -> None:
    (seeds / "l.txt").symlink_to(seeds / "a.txt")
    before = folder_status(seeds)
    assert before is not None and folder_status(seeds) == before
    STATUS_CHANGES[change](seeds)
    after = folder_status(seeds)
    assert after is not None and after != before


def test_the_folders_status_is_not_trusted_a_moment_after_a_change(seeds: Path) -> None:
    assert folder_status(seeds) is None  # written just now: a change in the same tick could hide
    newest = max(max(p.stat().st_mtime_ns, p.stat().st_ctime_ns) for p in seeds.iterdir())
    assert folder_status(seeds, newest + reader.RECENT_NS) is not None
    assert folder_status(seeds.parent / "absent") is None


def test_a_broken_link_keeps_the_status_until_its_target_appears(seeds: Path, trusted: None) -> None:
    (seeds / "gone.txt").symlink_to(seeds / "nowhere.txt")
    before = folder_status(seeds)
    assert before is not None and folder_status(seeds) == before
    (seeds / "nowhere.txt").write_text("Here now.\n", encoding="utf-8")
    assert folder_status(seeds) not in (None, before)

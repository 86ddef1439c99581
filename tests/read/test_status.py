"""The seed files' reads kept in the cache by their status (sitegen.read.status): a rebuild reads again only the
files whose status changed, and never trusts a file changed a moment ago."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen import reader
from sitegen.cache import Store
from sitegen.read.status import KIND, SeedReads

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

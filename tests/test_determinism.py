"""Two builds of the same input are byte-identical, whatever order the file system lists files in."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sitegen.cli import main

ROOT = Path(__file__).resolve().parent.parent
BUILD = ["build", "--seeds", "seeds", "--content", "content", "--templates", "templates", "--quiet"]


def tree(root: Path) -> dict[str, tuple[int, bytes]]:
    """Every file and folder under root: permission bits and bytes (folders: b'')."""
    result: dict[str, tuple[int, bytes]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath, name)
            mode = stat.S_IMODE(os.lstat(path).st_mode)
            result[path.relative_to(root).as_posix()] = (mode, b"" if path.is_dir() else path.read_bytes())
    return result


def differences(a: dict[str, tuple[int, bytes]], b: dict[str, tuple[int, bytes]]) -> list[str]:
    """Name every path that is only in one tree or differs between the two."""
    return sorted(
        [f"only in first: {p}" for p in a.keys() - b.keys()]
        + [f"only in second: {p}" for p in b.keys() - a.keys()]
        + [f"differs: {p}" for p in a.keys() & b.keys() if a[p] != b[p]]
    )


def reversed_seed_copy(dest: Path) -> Path:
    """Copy seeds/ into dest/seeds creating the files in reverse name order (so listings differ)."""
    seeds = dest / "seeds"
    seeds.mkdir(parents=True)
    for source in sorted((ROOT / "seeds").iterdir(), reverse=True):
        shutil.copyfile(source, seeds / source.name)
    return seeds


class _ReversedScandir:
    """os.scandir's iterator with its entries in reverse order."""

    def __init__(self, inner: Any) -> None:
        with inner:
            self.entries = iter(list(inner)[::-1])

    def __iter__(self) -> Iterator[Any]:
        return self

    def __next__(self) -> Any:
        return next(self.entries)

    def __enter__(self) -> _ReversedScandir:  # noqa: PYI034 - Self needs Python 3.11
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def close(self) -> None:
        return None


@pytest.fixture
def first_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    out = tmp_path / "a"
    assert main([*BUILD, "--output", str(out)]) == 0
    return out


def test_seeds_created_in_reverse_order_build_the_same_site(
    first_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeds = reversed_seed_copy(tmp_path / "rev")
    out = tmp_path / "b"
    args = [*BUILD, "--output", str(out)]
    args[args.index("--seeds") + 1] = str(seeds)
    assert main(args) == 0
    first = tree(first_build)
    assert differences(first, tree(out)) == []
    assert "timeline.json" in first and "index.html" in first


def test_reversed_directory_listings_build_the_same_site(
    first_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_scandir, real_listdir = os.scandir, os.listdir
    monkeypatch.setattr(os, "scandir", lambda path=".": _ReversedScandir(real_scandir(path)))
    monkeypatch.setattr(os, "listdir", lambda path=".": real_listdir(path)[::-1])
    out = tmp_path / "b"
    assert main([*BUILD, "--output", str(out)]) == 0
    monkeypatch.undo()
    assert differences(tree(first_build), tree(out)) == []


def test_another_process_with_another_hash_seed_builds_the_same_site(first_build: Path, tmp_path: Path) -> None:
    seeds = reversed_seed_copy(tmp_path / "rev")
    out = tmp_path / "c"
    args = [*BUILD, "--output", str(out)]
    args[args.index("--seeds") + 1] = str(seeds)
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env.update(PYTHONPATH=str(ROOT), PYTHONHASHSEED="4242")
    result = subprocess.run([sys.executable, "-m", "sitegen", *args], check=False, cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert differences(tree(first_build), tree(out)) == []


def test_absolute_input_folders_build_the_same_site_and_name_no_local_folder(first_build: Path,
                                                                           tmp_path: Path) -> None:
    out = tmp_path / "abs"
    args = [*BUILD, "--output", str(out)]
    for flag in ("--seeds", "--content", "--templates"):
        args[args.index(flag) + 1] = str(ROOT / args[args.index(flag) + 1])
    assert main(args) == 0
    built = tree(out)
    assert differences(tree(first_build), built) == []
    # the estimated date's evidence names where the editors wrote it, within the site
    article = built["articles/001_7e86e347368b4871/index.html"][1].decode("utf-8")
    assert "(content/overrides/articles.yaml:10)" in article
    assert [p for p, (_, data) in built.items() if str(ROOT).encode() in data] == []


def test_a_rebuild_into_the_same_folder_changes_nothing(first_build: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = tree(first_build)
    assert main([*BUILD, "--output", str(first_build)]) == 0
    assert differences(before, tree(first_build)) == []


def test_source_date_epoch_gives_every_file_the_same_mtime(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1724457600")
    out_a, out_b = tmp_path / "a", tmp_path / "b"
    assert main([*BUILD, "--output", str(out_a)]) == 0
    assert main([*BUILD, "--output", str(out_b)]) == 0
    assert differences(tree(out_a), tree(out_b)) == []
    mtimes = {os.lstat(p).st_mtime for p in [out_a, *out_a.rglob("*")]}
    assert mtimes == {1724457600}


def test_a_merging_corpus_builds_the_same_timeline_under_two_hash_seeds(tmp_path: Path) -> None:
    """The seeds merge nothing; a synthetic corpus merges a lot, where set order could leak in."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from corpus import write_corpus
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    corpus = write_corpus(tmp_path / "corpus", 150)
    outputs = []
    for hash_seed in ("1", "987654"):
        out = tmp_path / f"out-{hash_seed}"
        env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
        env.update(PYTHONPATH=str(ROOT), PYTHONHASHSEED=hash_seed)
        result = subprocess.run(
            [sys.executable, "-m", "sitegen", "build", "--quiet", "--seeds", str(corpus.seeds), "--content",
             str(corpus.content), "--templates", str(ROOT / "templates"), "--output", str(out)],
            check=False, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        outputs.append((out / "timeline.json").read_bytes())
    assert outputs[0] == outputs[1]
    assert b'"independent_sources": 2' in outputs[0]  # the corpus does merge reports

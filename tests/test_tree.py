"""One walk of a staging folder: what it lists, counts and normalises is what separate walks gave."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from sitegen.manifest import MARKER_NAME
from sitegen.tree import DIR_MODE, FILE_MODE, normalise_tree, survey_tree

EPOCH = 1_700_000_000


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    for rel in ("index.html", "a/b/index.html", "a/c.css", "z/index.html", MARKER_NAME, "a/" + MARKER_NAME):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(rel.encode())
        os.chmod(root / rel, 0o600)
    os.symlink(root / "a" / "c.css", root / "z" / "to-file")
    os.symlink(root / "a" / "b", root / "to-folder")
    return root


def test_the_survey_lists_files_and_links_and_leaves_out_the_root_marker(folder: Path) -> None:
    tree = survey_tree(folder)
    assert tree.names() == sorted(["index.html", "a/b/index.html", "a/c.css", "z/index.html", "a/" + MARKER_NAME,
                                   "z/to-file", "to-folder"])
    assert ("z/to-file", True) in tree.files and tree.folder_links == ("to-folder",)
    assert tree.folders[0] == str(folder) and len(tree.folders) == 4  # the root, a, a/b, z: links not followed


@pytest.mark.parametrize("surveyed", [True, False])
def test_normalising_counts_plain_files_but_the_root_marker_and_skips_what_it_is_told(
        folder: Path, surveyed: bool) -> None:
    tree = survey_tree(folder) if surveyed else None
    assert normalise_tree(folder, EPOCH, skip={"z/index.html"}, tree=tree) == 5
    for rel in ("index.html", "a/b/index.html", MARKER_NAME):
        info = os.lstat(folder / rel)
        assert (stat.S_IMODE(info.st_mode), int(info.st_mtime)) == (FILE_MODE, EPOCH)
    assert stat.S_IMODE(os.lstat(folder / "z/index.html").st_mode) == 0o600  # skipped: left as it was
    for rel in ("", "a", "a/b", "z"):
        info = os.lstat(folder / rel)
        assert (stat.S_IMODE(info.st_mode), int(info.st_mtime)) == (DIR_MODE, EPOCH)

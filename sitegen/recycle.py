"""The previous site's folder, kept as the next build's staging folder instead of being deleted.

After a swap the old site is a folder of hard links to the files of the site now live, except the
few files the build changed. Deleting it, then making a fresh staging folder of links for the
next build, costs two passes of file-system work over every page (~4 s at 11,000 pages here).
With a build cache, the old site is instead moved to the cache (`keep_as_spare`), and the next
build takes it as its staging folder (`take_spare`): a file that is already a link to the live
file it must hold stays (the same inode: the same bytes), every other file there is replaced or
removed (`Leftovers`), so the staging folder ends exactly as a fresh one would.

The spare is used only where the file system tells names apart exactly as the build does (case
and Unicode form); elsewhere it is deleted and the build makes a fresh folder.
"""

from __future__ import annotations

import os
import secrets
import shutil
import stat
from pathlib import Path

from sitegen.swap import STAGING_PREFIX
from sitegen.tree import survey_tree

_PROBES = (("Sitegen-Probe", "sitegen-probe"), ("probe-\u00e9", "probe-e\u0301"))  # case, Unicode form


def sweep_spares(spare: Path | None) -> None:
    """Remove the spare sites of other output folders beside `spare`: a cache keeps one, so a spare
    left by an output folder no longer built (its live files perhaps deleted) never holds a whole site."""
    if spare is None:
        return
    try:
        others = [p for p in spare.parent.iterdir() if p.name != spare.name]
    except OSError:
        return
    for other in others:
        shutil.rmtree(other, ignore_errors=True)


def take_spare(spare: Path | None, beside: Path) -> Path | None:
    """Move the spare site folder beside the output as a staging folder and return it; None when there is
    none to use (it is deleted when it cannot serve)."""
    if spare is None:
        return None
    try:
        if not stat.S_ISDIR(os.lstat(spare).st_mode):
            return None
        root = beside / f"{STAGING_PREFIX}{os.getpid()}-{secrets.token_hex(6)}"
        os.rename(spare, root)
    except OSError:
        shutil.rmtree(spare, ignore_errors=True)
        return None
    if not _names_exact(root):
        shutil.rmtree(root, ignore_errors=True)
        return None
    return root


def keep_as_spare(old: Path, spare: Path | None) -> bool:
    """Move the previous site `old` to `spare` for the next build; False when it cannot be, or could not
    serve (the file system aliases names), so that it is deleted in the background as before."""
    if spare is None or not _names_exact(old):
        return False
    try:
        spare.parent.mkdir(parents=True, exist_ok=True)
        if os.path.lexists(spare):
            return False
        os.rename(old, spare)
    except OSError:
        return False
    return True


def _names_exact(root: Path) -> bool:
    """Return True when names differing in case or Unicode form name different files in `root`."""
    for made, other in _PROBES:
        probe = root / made
        try:
            with open(probe, "xb"):
                pass
            aliased = os.path.lexists(root / other)
            os.unlink(probe)
        except OSError:
            return False
        if aliased:
            return False
    return True


class Leftovers:
    """What a recycled staging folder holds that the build has not placed yet: files and folders by name."""

    def __init__(self, root: Path) -> None:
        self.root, self._root = root, os.fspath(root)
        tree = survey_tree(root)
        for name in (*(rel for rel, is_link in tree.files if is_link), *tree.folder_links):
            os.unlink(root.joinpath(*name.split("/")))  # a link: never part of a site sitegen wrote
        self.files = {rel for rel, is_link in tree.files if not is_link}  # a special file here is replaced too
        top = len(str(root)) + 1
        self.dirs = {folder[top:].replace(os.sep, "/") for folder in tree.folders[1:]}

    def holds(self, name: str, inode: tuple[int, int]) -> bool:
        """Return True (and count `name` placed) when the folder's `name` is the file `inode` (device, inode)."""
        if name not in self.files:
            return False
        try:
            info = os.lstat(os.path.join(self._root, *name.split("/")))  # a string: no Path made per name
        except OSError:
            return False
        if (info.st_dev, info.st_ino) != inode:
            return False
        self.files.discard(name)
        return True

    def make_room(self, name: str) -> None:
        """Remove whatever the folder holds at `name` or at a folder of its path that is a file."""
        parts = name.split("/")
        for depth in range(1, len(parts)):
            folder = "/".join(parts[:depth])
            if folder in self.files:
                self._remove_file(folder)
        if name in self.files:
            self._remove_file(name)
        elif name in self.dirs:
            shutil.rmtree(self.root.joinpath(*parts))
            inside = name + "/"
            self.files = {f for f in self.files if not f.startswith(inside)}
            self.dirs = {d for d in self.dirs if d != name and not d.startswith(inside)}

    def has_dir(self, folder: str) -> bool:
        """Return True when the folder `folder` (relative, "" the root) exists already."""
        return folder == "" or folder in self.dirs

    def clear(self, placed: set[str]) -> None:
        """Remove every file not placed, then every folder that holds no placed file (`placed`: every name put)."""
        for name in sorted(self.files):
            self._remove_file(name)
        used = {"/".join(parts[:depth]) for name in placed if len(parts := name.split("/")) > 1
                for depth in range(1, len(parts))}
        for folder in sorted(self.dirs - used, key=lambda d: d.count("/"), reverse=True):
            shutil.rmtree(self.root.joinpath(*folder.split("/")), ignore_errors=True)
        self.dirs &= used

    def _remove_file(self, name: str) -> None:
        os.unlink(self.root.joinpath(*name.split("/")))
        self.files.discard(name)

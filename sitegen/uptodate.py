"""Whether `sitegen build` has anything to do: every input's and output's status against the last build's.

A build is a pure function of its inputs (sitegen's code and the libraries it runs on, the seed,
content and template files, SOURCE_DATE_EPOCH and the folders named), and its output is
byte-identical for the same inputs. So, as make and ninja do, the command line compares the status
of every input file (git's index: device, inode, size, modification and change times) and of every
file of the output folder with the last successful build's, and when none changed it says so and
writes nothing: the site in place is the one the build would make. The last build's messages are
said again (they are about the same inputs).

Any doubt means a build: an input changed within `reader.RECENT_NS` of the check (a write in the
same tick of the file system's clock could leave its status as it was), a link to a folder among
the inputs, a file of the output folder the last build did not leave as it is, or no cache
(`--no-cache`).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import re
import stat
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sitegen import manifest
from sitegen.cache import PageLog, Store
from sitegen.digest import code_digest
from sitegen.errors import OutputError
from sitegen.outdir import is_marked, resolve_output
from sitegen.reader import RECENT_NS

if TYPE_CHECKING:
    from sitegen.build import Paths

KIND = "up-to-date"  # one cache entry per output folder
FORMAT = "sitegen up-to-date 1"


class _Untrusted(Exception):
    """An input whose status may not tell a change (see the module's docstring)."""


@dataclass(frozen=True)
class Said:
    """What a build printed: notes and warnings (stderr), its summary (stdout) with the line saying what it did."""

    notes: tuple[str, ...]
    head: tuple[str, ...]  # the summary lines before the work line
    work: str  # what the build did (articles processed, pages rendered, files written)
    tail: tuple[str, ...] = ()  # the summary lines after it


@dataclass(frozen=True)
class LastBuild:
    """The last successful build of an output folder: its inputs' and output's status, what it said."""

    inputs: str
    output: str
    keep: tuple[str, ...]  # the keep list it ran with (content/site.yaml's, an input)
    files: int  # files in its site
    said: Said

    def replayed(self, checked: int) -> Said:
        """Return what a build that finds nothing to do says: the last build's notes and summary, its own work."""
        return Said(self.said.notes, self.said.head,
                    f"up to date: none of {checked:,} input and output files changed since the last build; "
                    f"0 of {self.files} files written", self.said.tail)


def inputs_stamp(paths: Paths, now_ns: int | None = None) -> tuple[str, int] | None:
    """Return the digest of everything a build reads, with the number of files it covers; None when a file changed
    within RECENT_NS of `now_ns` (default: now) or a folder is reached through a link."""
    now = time.time_ns() if now_ns is None else now_ns
    h = hashlib.sha256()
    parts = [FORMAT, code_digest(), sys.version, *_library_versions(), os.environ.get("SOURCE_DATE_EPOCH", "-"),
             os.path.realpath(paths.output)]
    h.update("\0".join(parts).encode())
    count = 0
    try:
        for folder in (paths.seeds, paths.content, paths.templates):
            h.update(f"\0\0{os.path.realpath(folder)}\0".encode())
            count += _walk(os.fspath(folder), "", h, now)
    except _Untrusted:
        return None
    return h.hexdigest(), count


def _library_versions() -> list[str]:
    """Return name=version of each library sitegen requires (an upgrade may change the output)."""
    try:
        required = importlib.metadata.requires("sitegen") or []
    except importlib.metadata.PackageNotFoundError:  # run from a source tree that is not installed
        required = []
    out = []
    for requirement in required:
        if "extra ==" in requirement:
            continue
        name = re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0]
        try:
            out.append(f"{name}={importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            out.append(f"{name}=-")
    return out


def _walk(folder: str, prefix: str, h: hashlib._Hash, now: int) -> int:
    """Feed the status of every entry under `folder` to `h` (names sorted); return how many there are."""
    try:
        with os.scandir(folder) as listing:
            found = sorted((entry.name, entry) for entry in listing)
    except FileNotFoundError:
        h.update(f"{prefix}\0absent\n".encode())
        return 0
    except OSError as err:  # unreadable: the build says what is wrong
        raise _Untrusted(str(err)) from None
    count = 0
    for name, entry in found:
        info = entry.stat(follow_symlinks=False)
        if stat.S_ISLNK(info.st_mode):
            try:
                target = os.stat(entry.path)
            except OSError:
                raise _Untrusted(entry.path) from None
            if stat.S_ISDIR(target.st_mode):
                raise _Untrusted(entry.path)
            h.update(_status(f"{prefix}{name}@", info, now))
            info = target
        h.update(_status(f"{prefix}{name}", info, now))
        count += 1
        if stat.S_ISDIR(info.st_mode):
            count += _walk(entry.path, f"{prefix}{name}/", h, now)
    return count


def _status(name: str, info: os.stat_result, now: int) -> bytes:
    """Return one entry's status as the stamp holds it; _Untrusted when it changed within RECENT_NS of `now`."""
    if max(info.st_mtime_ns, info.st_ctime_ns) > now - RECENT_NS:
        raise _Untrusted(name)
    return (f"{name}\0{info.st_mode}\0{info.st_dev}\0{info.st_ino}\0{info.st_size}\0{info.st_mtime_ns}"
            f"\0{info.st_ctime_ns}\n").encode()


def output_stamp(output: Path, keep: Sequence[str]) -> tuple[str, int] | None:
    """Return the digest of the status of every file the last build wrote into `output` (its manifest's), with
    their number; None when the folder is not a site sitegen made or holds a file nobody claims."""
    target = resolve_output(output)
    try:
        if not is_marked(target):
            return None
        listed = manifest.read_manifest(target)
        if listed is None or manifest.survey(target, keep, listed).unknown:
            return None
    except OutputError:
        return None
    h = hashlib.sha256()
    root = os.fspath(target)
    names = sorted(listed | {manifest.MARKER_NAME})
    for name in names:
        try:
            info = os.lstat(os.path.join(root, *name.split("/")))
        except OSError:
            return None
        h.update(f"{name}\0{info.st_mode}\0{info.st_dev}\0{info.st_ino}\0{info.st_size}\0{info.st_mtime_ns}"
                 f"\0{info.st_ctime_ns}\n".encode())
    return h.hexdigest(), len(names)


class UpToDate:
    """The last build of one output folder, as the cache holds it: checked against this build's, then replaced."""

    def __init__(self, store: Store, paths: Paths) -> None:
        self._store, self._paths = store, paths
        self._key = PageLog.key_of(paths.output)
        self.inputs: tuple[str, int] | None = None  # the inputs' stamp, taken by `check` (before the build reads)
        self.checked = 0  # input and output files whose status `check` found unchanged

    def check(self) -> LastBuild | None:
        """Stamp the inputs; return the last build when neither they nor its output changed since."""
        self.inputs = inputs_stamp(self._paths)
        found = self._store.get(KIND, self._key)
        if self.inputs is None or not isinstance(found, LastBuild) or self.inputs[0] != found.inputs:
            return None
        output = output_stamp(self._paths.output, found.keep)
        if output is None or output[0] != found.output:
            return None
        self.checked = self.inputs[1] + output[1]
        return found

    def record(self, keep: Sequence[str], files: int, said: Said) -> None:
        """Keep a successful build's inputs (as `check` stamped them, before the build read them), output and
        messages; forget the last build's when the inputs could not be stamped (the next build then runs)."""
        output = output_stamp(self._paths.output, keep) if self.inputs is not None else None
        if self.inputs is None or output is None:
            self._store.forget(KIND, self._key)
            return
        self._store.put(KIND, self._key, LastBuild(self.inputs[0], output[0], tuple(keep), files, said))

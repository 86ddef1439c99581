"""Whether `sitegen build` has anything to do: every input and output file against the last build's.

A build is a pure function of its inputs (sitegen's code and the libraries it runs on, the seed,
content and template files, SOURCE_DATE_EPOCH and the folders named), and its output is
byte-identical for the same inputs. So, as make and ninja do, the command line compares the inputs
and every file of the output folder with the last successful build's, and when none changed it
says so and writes nothing: the site in place is the one the build would make. The last build's
messages are said again (they are about the same inputs).

Every input file is compared by its bytes, as git's index does it: each stamp keeps every file's status
(device, inode, size, modification and change times) and the digest of its bytes, and the next stamp
reads again only the files whose status changed (thousands of seed files cost a stat each), so a file
saved again, touched or checked out again with the same bytes is unchanged. A file changed within
`reader.RECENT_NS` of a stamp (a write in the same tick of the file system's clock could leave its status
as it was: "racy") is read again by the next stamp whatever its status. Any doubt means a build: a link
to a folder among the inputs, an entry that cannot be read, a file of the output folder the last build
did not leave as it is, or no cache (`--no-cache`).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import re
import stat
import sys
import time
from collections.abc import Callable, Sequence
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
FORMAT = "sitegen up-to-date 4"


class _Untrusted(Exception):
    """An input the stamp cannot stand for (see the module's docstring): the build then runs."""


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

    inputs: Inputs
    output: str
    keep: tuple[str, ...]  # the keep list it ran with (content/site.yaml's, an input)
    files: int  # files in its site
    said: Said

    def replayed(self, checked: int) -> Said:
        """Return what a build that finds nothing to do says: the last build's notes and summary, its own work."""
        return Said(self.said.notes, self.said.head,
                    f"up to date: none of {checked:,} input and output files changed since the last build; "
                    f"0 of {self.files} files written", self.said.tail)


@dataclass(frozen=True)
class Inputs:
    """What a build reads, as its files stood: one digest of sitegen, its libraries, SOURCE_DATE_EPOCH and the
    folders, and each seed, content and template file's status and bytes' digest."""

    head: str
    files: tuple[tuple[str, str, str], ...]  # (folder:name, status, digest of the bytes), in order
    count: int  # the files and folders covered
    racy: frozenset[str] = frozenset()  # the files changed within RECENT_NS of this stamp: the next reads them again

    def same(self, earlier: Inputs) -> bool:
        """True when this stamp stands for the inputs `earlier` stood for: the same files with the same bytes
        (a file saved again or touched is the same)."""
        return self.head == earlier.head and len(self.files) == len(earlier.files) and all(
            a[0] == b[0] and a[2] == b[2] for a, b in zip(self.files, earlier.files))


Visit = Callable[[str, str, "os.stat_result | None"], None]  # name (after its folder's tag), path, status or None


def inputs_stamp(paths: Paths, now_ns: int | None = None, earlier: Inputs | None = None) -> Inputs | None:
    """Return the stamp of everything a build reads; None when a folder is reached through a link or an entry
    cannot be read. A file is read and hashed unless `earlier` holds it with the same status and it was not
    racy then nor is now, changed within RECENT_NS of that stamp or of `now_ns` (default: now): its status alone
    may hide a change."""
    now = time.time_ns() if now_ns is None else now_ns
    h = hashlib.sha256()
    parts = [FORMAT, code_digest(), sys.version, *_library_versions(), os.environ.get("SOURCE_DATE_EPOCH", "-"),
             *map(os.path.realpath, (paths.output, paths.seeds, paths.content, paths.templates))]
    h.update("\0".join(parts).encode())
    known = {name: (status, digest) for name, status, digest in earlier.files} if earlier is not None else {}
    was_racy = earlier.racy if earlier is not None else frozenset()
    files: list[tuple[str, str, str]] = []
    racy: list[str] = []

    def visit(name: str, path: str, info: os.stat_result | None) -> None:
        status = _status(info)
        if info is not None and stat.S_ISDIR(info.st_mode):  # a folder: its names follow
            files.append((name, "folder", ""))
            return
        if info is None or not stat.S_ISREG(info.st_mode):  # no folder, or not a file to read: its status stands
            files.append((name, status, status))
            return
        recent = _recent(info, now)
        if recent:
            racy.append(name)
        before = known.get(name)
        same = before is not None and before[0] == status and not recent and name not in was_racy
        files.append((name, status, before[1] if before is not None and same else _bytes_digest(path)))

    try:
        count = _walk(os.fspath(paths.seeds), "seeds:", visit)
        count += _walk(os.fspath(paths.content), "content:", visit)
        count += _walk(os.fspath(paths.templates), "templates:", visit)
    except _Untrusted:
        return None
    return Inputs(h.hexdigest(), tuple(files), count, frozenset(racy))


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


def _walk(folder: str, prefix: str, visit: Visit) -> int:
    """Visit every entry under `folder` (names sorted, links to files followed); return how many there are."""
    try:
        with os.scandir(folder) as listing:
            found = sorted((entry.name, entry.path) for entry in listing)
    except FileNotFoundError:
        visit(prefix, folder, None)
        return 0
    except OSError as err:  # unreadable: the build says what is wrong
        raise _Untrusted(str(err)) from None
    count = 0
    for name, path in found:
        try:
            info = os.stat(path)
        except OSError:  # gone meanwhile, or a broken link
            raise _Untrusted(path) from None
        if stat.S_ISDIR(info.st_mode) and os.path.islink(path):
            raise _Untrusted(path)
        visit(f"{prefix}{name}", path, info)
        count += 1
        if stat.S_ISDIR(info.st_mode):
            count += _walk(path, f"{prefix}{name}/", visit)
    return count


def _recent(info: os.stat_result, now: int) -> bool:
    """True when a file changed within RECENT_NS of `now`: a write in the same tick could leave its status as it was."""
    return max(info.st_mtime_ns, info.st_ctime_ns) > now - RECENT_NS


def _status(info: os.stat_result | None) -> str:
    """Return a file's status as a stamp holds it ("absent" for none)."""
    if info is None:
        return "absent"
    return (f"{info.st_mode}\0{info.st_dev}\0{info.st_ino}\0{info.st_size}\0{info.st_mtime_ns}"
            f"\0{info.st_ctime_ns}")


def _bytes_digest(path: str) -> str:
    """Return the SHA-256 of a file's bytes; _Untrusted when it cannot be read."""
    h = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                h.update(chunk)
    except OSError:
        raise _Untrusted(path) from None
    return h.hexdigest()


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
        h.update(f"{name}\0{_status(info)}\n".encode())
    return h.hexdigest(), len(names)


class UpToDate:
    """The last build of one output folder, as the cache holds it: checked against this build's, then replaced."""

    def __init__(self, store: Store, paths: Paths) -> None:
        self._store, self._paths = store, paths
        self._key = PageLog.key_of(paths.output)
        self.inputs: Inputs | None = None  # the inputs' stamp, taken by `check` (before the build reads them)
        self.checked = 0  # input and output files whose status `check` found unchanged

    def check(self) -> LastBuild | None:
        """Stamp the inputs; return the last build when neither they nor its output changed since."""
        found = self._store.get(KIND, self._key)
        last = found if isinstance(found, LastBuild) else None
        self.inputs = inputs_stamp(self._paths, earlier=last.inputs if last is not None else None)
        if self.inputs is None or last is None or not self.inputs.same(last.inputs):
            return None
        output = output_stamp(self._paths.output, last.keep)
        if output is None or output[0] != last.output:
            return None
        self.checked = self.inputs.count + output[1]
        return last

    def record(self, keep: Sequence[str], files: int, said: Said) -> None:
        """Keep a successful build's inputs (as `check` stamped them, before the build read them), output and
        messages; forget the last build's when the inputs could not be stamped (the next build then runs)."""
        output = output_stamp(self._paths.output, keep) if self.inputs is not None else None
        if self.inputs is None or output is None:
            self._store.forget(KIND, self._key)
            return
        self._store.put(KIND, self._key, LastBuild(self.inputs, output[0], tuple(keep), files, said))

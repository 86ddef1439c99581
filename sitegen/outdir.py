"""Which output folder a build may replace, and which names it may write there.

A build replaces its output folder, so the folder must be sitegen's: absent, empty, marked
by an earlier build, or holding nothing but the user's kept entries (a ``.git`` checkout, a
``CNAME``...). The root folder, the home folder, the current folder and its ancestors,
project folders, files and symbolic links are refused. In a folder sitegen made, a file
the last build did not write and the keep list does not name stops the build
(`survey_output`), so nothing of the user's is lost. Every output name is checked before
it is written: relative, no '..', no two names for one file.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path

from sitegen import manifest
from sitegen.errors import OutputError
from sitegen.manifest import DEFAULT_KEEP, MARKER_NAME

# A folder holding any of these is a project, not a build output. A folder sitegen marked as its own
# may hold `seeds/` or `content/` (a page can be named so), never a package; a git checkout (`.git`,
# kept by default) is fine once the folder is sitegen's or holds nothing but kept entries.
PROJECT_MARKERS = ("pyproject.toml", ".git", "seeds", "content")
NEVER_IN_OUTPUT = ("pyproject.toml",)
PICK = "pick an empty or new folder such as public/"


def survey_output(target: Path, keep: Sequence[str], *, shown: Path, content_dir: Path) -> manifest.Survey:
    """Refuse an output folder that is not sitegen's or holds files it did not write; return what to keep."""
    refuse_foreign(target, shown=shown, keep=keep)
    if not os.path.isdir(target):
        return manifest.Survey((), ())
    written = manifest.read_manifest(target) if is_marked(target) else None
    found = manifest.survey(target, keep, written)
    if found.unknown:
        raise OutputError(manifest.unknown_message(found.unknown, content_dir), path=shown)
    return found


def refuse_foreign(target: Path, *, shown: Path | None = None, keep: Sequence[str] = DEFAULT_KEEP) -> None:
    """Raise OutputError unless `target` is absent, empty, sitegen's, or holds only kept entries."""
    where = shown if shown is not None else target
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        return
    except OSError as err:
        raise OutputError(f"cannot inspect the output folder: {err.strerror}", path=where) from None
    if stat.S_ISLNK(info.st_mode):
        raise OutputError(
            "the output folder is a symbolic link; give the folder it points to, "
            "or pick an empty or new folder", path=where,
        )
    if not stat.S_ISDIR(info.st_mode):
        raise OutputError("the output path is a file, not a folder; pick an empty or new folder", path=where)
    try:
        entries = sorted(os.listdir(target))
    except OSError as err:
        raise OutputError(f"cannot list the output folder: {err.strerror}", path=where) from None
    marked = is_marked(target)
    if not marked and all(manifest.is_kept(e, keep) for e in entries):
        return  # nothing but the user's kept entries (a fresh git checkout, a CNAME): nothing to lose
    for marker in NEVER_IN_OUTPUT if marked else PROJECT_MARKERS:
        if marker in entries:
            raise OutputError(
                f"refusing to write the site into a project folder (it holds {marker}); {PICK}", path=where
            )
    if entries and not marked:
        raise OutputError(
            f"this folder was not made by sitegen (it has no {MARKER_NAME} marker) and is not empty; "
            "pick an empty or new folder, or delete this one yourself",
            path=where,
        )


def is_marked(folder: Path) -> bool:
    """Return True when `folder` holds sitegen's marker file (a regular file naming sitegen)."""
    marker = folder / MARKER_NAME
    try:
        if not stat.S_ISREG(os.lstat(marker).st_mode):
            return False
        with open(marker, "rb") as handle:
            head = handle.read(64)
    except OSError:
        return False
    return head.startswith(b"sitegen output folder")


def resolve_output(output_dir: Path) -> Path:
    """Return the absolute output path (parent resolved), refusing /, home, the cwd and its ancestors."""
    absolute = Path(os.path.abspath(output_dir))
    if absolute == Path(absolute.anchor):
        raise OutputError(f"refusing to write the site into the root folder; {PICK}", path=output_dir)
    target = Path(os.path.realpath(absolute.parent)) / absolute.name
    if target == Path(target.anchor):
        raise OutputError(f"refusing to write the site into the root folder; {PICK}", path=output_dir)
    home = _home()
    if home is not None and target == home:
        raise OutputError(f"refusing to write the site into your home folder; {PICK}", path=output_dir)
    cwd = Path(os.path.realpath(os.getcwd()))
    if target == cwd:
        raise OutputError(
            f"refusing to write the site into the current folder, which would be replaced whole; {PICK}",
            path=output_dir,
        )
    if target in cwd.parents:
        raise OutputError(
            f"refusing to write the site into a folder that contains the current folder; {PICK}",
            path=output_dir,
        )
    return target


def _home() -> Path | None:
    try:
        return Path(os.path.realpath(Path.home()))
    except (RuntimeError, KeyError):  # no HOME and no passwd entry
        return None


class NameClaims:
    """Output names seen so far, refusing one that names the same file or folder as an earlier one."""

    def __init__(self) -> None:
        self.files: dict[str, str] = {}  # normalised name -> name as given
        self.dirs: dict[str, str] = {}  # normalised folder -> the first name inside it

    def taken(self, name: str) -> str | None:
        """Return the recorded name that names the same file as `name` (as it was given), None when free."""
        return self.files.get(normalise_name(name))

    def claim(self, name: str) -> None:
        """Record `name`, or raise OutputError when it collides with a name recorded before."""
        key = normalise_name(name)
        if key in self.files:
            raise OutputError(
                f"refusing to write {name!r}: it names the same file as {self.files[key]!r} "
                "(names are compared after Unicode normalisation and case folding)"
            )
        if key in self.dirs:
            raise OutputError(f"refusing to write {name!r}: it is also a folder holding {self.dirs[key]!r}")
        parts = key.split("/")
        for depth in range(1, len(parts)):
            folder = "/".join(parts[:depth])
            if folder in self.files:
                raise OutputError(
                    f"refusing to write {name!r}: its folder {folder!r} is also a file ({self.files[folder]!r})"
                )
        for depth in range(1, len(parts)):
            self.dirs.setdefault("/".join(parts[:depth]), name)
        self.files[key] = name


def check_names(files: Mapping[str, bytes]) -> list[str]:
    """Validate every output path and its content; return the names in sorted order."""
    for name in files:
        reason = path_problem(name)
        if reason is None and not isinstance(files[name], (bytes, bytearray)):
            reason = f"its content is {type(files[name]).__name__}, not bytes"
        if reason is not None:
            raise OutputError(f"refusing to write {name!r}: {reason}")
    names = sorted(files)
    claims = NameClaims()
    for name in names:
        claims.claim(name)
    return names


def path_problem(name: object) -> str | None:
    """Return why `name` is not a safe relative POSIX output path, or None when it is."""
    if not isinstance(name, str):
        return f"the name is a {type(name).__name__}, not a string"
    if name == "":
        return "the name is empty"
    if "\x00" in name:
        return "it contains a NUL character"
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        return "it contains a control character"
    if "\\" in name:
        return "it contains a backslash; use / between folders"
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return "it is an absolute path; name it relative to the output folder"
    parts = name.split("/")
    if "" in parts:
        return "it has an empty segment (a leading, trailing or doubled /)"
    if ".." in parts:
        return "it has a '..' segment, which would leave the output folder"
    if "." in parts:
        return "it has a '.' segment"
    if normalise_name(parts[0]) == MARKER_NAME:
        return f"{MARKER_NAME} is the name of sitegen's own marker file"
    return None


def normalise_name(name: str) -> str:
    """Return the form two names share when a file system would treat them as one file."""
    return unicodedata.normalize("NFC", name).casefold()

"""What in an output folder is sitegen's: the manifest of the last build, and the user's files it keeps.

Every build writes ``.sitegen-output`` into the site: a marker saying sitegen made the folder,
followed by the list of every file it wrote (format 2). The next build replaces exactly those
files. Anything else in the folder is the user's:

* entries on the keep list (`DEFAULT_KEEP`, as Pelican's ``OUTPUT_RETENTION``, plus the
  site's ``keep:`` in ``content/site.yaml``) are carried into the new site untouched;
* any other file stops the build with its name and the fix (publish it from
  ``content/static/``, or keep it).

A format-1 marker (sitegen before the manifest) said the folder is replaced whole; every
file in such a folder counts as sitegen's, except the kept ones.
"""

from __future__ import annotations

import fnmatch
import os
import shutil
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sitegen.errors import OutputError

MARKER_NAME = ".sitegen-output"
MARKER_FORMAT = 2
MARKER_HEAD = (
    f"sitegen output folder, format {MARKER_FORMAT}\n"
    "sitegen made this folder and replaces the files listed below on every build.\n"
    "Publish files of your own from content/static/, or list them under keep: in content/site.yaml.\n"
).encode()
_FILES_LINE = b"files:\n"
DEFAULT_KEEP: tuple[str, ...] = (".git", "CNAME", ".nojekyll", ".well-known/", ".htaccess")
"""Left in place by every build, as Pelican's OUTPUT_RETENTION: a git checkout, GitHub Pages and server files."""
SHOWN_UNKNOWN = 3  # unknown files named in the error before "and N more"


def manifest_text(names: Iterable[str]) -> bytes:
    """Return the marker file's bytes: the head, then every written path (sorted), one a line."""
    listed = "".join(f"{name}\n" for name in sorted(names))
    return MARKER_HEAD + _FILES_LINE + listed.encode("utf-8")


def read_manifest(folder: Path) -> frozenset[str] | None:
    """Return the paths the last build listed; None when the marker predates manifests (all files are ours)."""
    try:
        data = (folder / MARKER_NAME).read_bytes()
    except OSError as err:
        raise OutputError(f"cannot read {MARKER_NAME}: {err.strerror}", path=folder) from None
    first = data.split(b"\n", 1)[0]
    if first == b"sitegen output folder, format 1":
        return None
    if first != f"sitegen output folder, format {MARKER_FORMAT}".encode() or _FILES_LINE not in data:
        raise OutputError(f"{MARKER_NAME} is not a marker this sitegen can read (it starts {first[:60]!r}); "
                          "delete the folder yourself or pick another output folder", path=folder)
    listed = data.split(b"\n" + _FILES_LINE, 1)[1].decode("utf-8", "replace")
    return frozenset(line for line in listed.split("\n") if line)


def check_keep(entries: Sequence[str]) -> tuple[str, ...]:
    """Validate keep entries (relative paths, `*` wildcards allowed); return them without a final '/'."""
    out: list[str] = []
    for entry in entries:
        problem = keep_problem(entry)
        if problem is not None:
            raise OutputError(f"keep entry {entry!r}: {problem}")
        out.append(entry.rstrip("/"))
    return tuple(dict.fromkeys(out))


def keep_problem(entry: str) -> str | None:
    """Return why `entry` cannot be a keep entry, or None when it can."""
    core = entry.rstrip("/")
    if not core:
        return "it is empty; name a file or folder inside the output folder"
    if core.startswith("/") or "\\" in core or (len(core) > 1 and core[1] == ":"):
        return "name it relative to the output folder, with / between folders"
    parts = core.split("/")
    if any(p in ("", ".", "..") for p in parts):
        return "it has an empty, '.' or '..' segment; name a path inside the output folder"
    if any(ord(c) < 32 for c in core):
        return "it contains a control character"
    if fnmatch.fnmatchcase(MARKER_NAME, parts[0]):
        return f"{MARKER_NAME} is sitegen's own marker"
    return None


def is_kept(rel: str, keep: Sequence[str]) -> bool:
    """True when the relative path `rel` is a keep entry or matches one (`*` does not cross a '/')."""
    return any(rel == k or (_wild(k) and _match(rel, k)) for k in keep)


def _wild(entry: str) -> bool:
    return any(c in entry for c in "*?[")


def _match(rel: str, pattern: str) -> bool:
    parts, wanted = rel.split("/"), pattern.split("/")
    return len(parts) == len(wanted) and all(fnmatch.fnmatchcase(p, w) for p, w in zip(parts, wanted))


@dataclass(frozen=True)
class Survey:
    """An existing output folder: the user's entries to carry over, and files nobody claims."""

    kept: tuple[str, ...]  # relative paths (files, folders, links) to carry into the new site
    unknown: tuple[str, ...]  # files neither written by the last build nor kept


def survey(folder: Path, keep: Sequence[str], manifest: frozenset[str] | None) -> Survey:
    """Sort every entry of an existing output folder into sitegen's, kept and unknown.

    What the last build wrote is sitegen's even under a kept name (a ``.well-known/`` file
    published from content/static/); the rest of a kept folder is carried over.
    """
    kept: list[str] = []
    unknown: list[str] = []
    written_dirs = {name.rsplit("/", 1)[0] for name in manifest or () if "/" in name}
    written_dirs |= {d.rsplit("/", i)[0] for d in tuple(written_dirs) for i in range(1, d.count("/") + 1)}

    def walk(directory: Path, prefix: str, keeping: bool) -> None:
        try:
            names = sorted(os.listdir(directory))
        except OSError as err:
            raise OutputError(f"cannot list {prefix or 'the output folder'}: {err.strerror}", path=folder) from None
        for name in names:
            rel = f"{prefix}{name}"
            if rel == MARKER_NAME or (manifest is not None and rel in manifest):
                continue
            path = directory / name
            is_dir = stat.S_ISDIR(os.lstat(path).st_mode)
            here = keeping or is_kept(rel, keep)
            if is_dir and (rel in written_dirs or not here):
                walk(path, f"{rel}/", here)
            elif here:
                kept.append(rel)
            elif manifest is not None:
                unknown.append(rel)

    walk(folder, "", False)
    return Survey(tuple(kept), tuple(unknown))


def unknown_message(unknown: Sequence[str], content_dir: Path) -> str:
    """Return the one-line refusal for files in the output folder that sitegen did not write."""
    named = ", ".join(unknown[:SHOWN_UNKNOWN])
    more = f" and {len(unknown) - SHOWN_UNKNOWN} more" if len(unknown) > SHOWN_UNKNOWN else ""
    files = "these files" if len(unknown) > 1 else "this file"
    return (f"sitegen did not write {named}{more}, and a build replaces the folder: move {files} to "
            f"{content_dir / 'static'}/ (copied into the site on every build), or list {'them' if len(unknown) > 1 else 'it'} "
            f"under keep: in {content_dir / 'site.yaml'}")


def check_kept_against(kept: Sequence[str], written: Iterable[str]) -> None:
    """Refuse when a kept entry is also a path the new site writes (or a folder of one)."""
    folders: dict[str, str] = {}
    files = set()
    for name in written:
        files.add(name)
        parts = name.split("/")
        for depth in range(1, len(parts)):
            folders.setdefault("/".join(parts[:depth]), name)
    for rel in kept:
        clash = rel if rel in files else folders.get(rel)
        if clash is None:
            clash = next((rel[:i] for i in range(len(rel)) if rel[i] == "/" and rel[:i] in files), None)
        if clash is not None:
            raise OutputError(f"{rel} is kept from the previous site but the new site also writes {clash}; "
                              f"delete or rename one of the two")


def carry(old: Path, new: Path, rel: str) -> None:
    """Put the kept entry `old/rel` into `new/rel`: hard links for files (copies where links fail), same links."""
    src, dst = old / rel, new / rel
    dst.parent.mkdir(parents=True, exist_ok=True)
    info = os.lstat(src)
    if stat.S_ISDIR(info.st_mode):
        shutil.copytree(src, dst, symlinks=True, copy_function=_link_or_copy)
    elif stat.S_ISLNK(info.st_mode):
        os.symlink(os.readlink(src), dst)
    else:
        _link_or_copy(str(src), str(dst))


def _link_or_copy(src: str, dst: str) -> str:
    try:
        os.link(src, dst, follow_symlinks=False)
    except OSError:
        shutil.copy2(src, dst, follow_symlinks=False)
    return dst

"""The passthrough folder: content/static/ is copied into the site verbatim, file for file.

A user's own files for the site (a PDF, a verification file, a redirect page) belong here
rather than in the output folder, which each build replaces. Folders are copied with their
structure; a symbolic link is refused (its target may be anywhere); a name that the site
already writes is an error naming both.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Mapping
from pathlib import Path

from sitegen.errors import InputError

STATIC_DIR = "static"


def read_static(content_dir: Path) -> dict[str, bytes]:
    """Return every file under content/static/ as relative POSIX path -> bytes (empty when there is none)."""
    root = content_dir / STATIC_DIR
    if not root.is_dir():
        return {}
    out: dict[str, bytes] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        folder = Path(dirpath)
        for name in [*sorted(filenames), *(d for d in dirnames if (folder / d).is_symlink())]:
            path = folder / name
            rel = path.relative_to(root).as_posix()
            info = os.lstat(path)
            if stat.S_ISLNK(info.st_mode):
                raise InputError("a symbolic link in the static folder; copy the file itself into it", path=path)
            if not stat.S_ISREG(info.st_mode):
                raise InputError("not a regular file; only files are copied into the site", path=path)
            try:
                out[rel] = path.read_bytes()
            except OSError as err:
                raise InputError(f"cannot read it ({err.strerror or err}); check its permissions",
                                 path=path) from None
    return out


def check_static(static: Mapping[str, bytes], taken: Callable[[str], str | None], content_dir: Path) -> None:
    """Refuse a static file whose name the site already writes (`taken` returns that name, as the site wrote it)."""
    for rel in sorted(static):
        clash = taken(rel)
        if clash is not None:
            raise InputError(f"the site already has {clash} (sitegen makes it); rename or remove this file",
                             path=content_dir / STATIC_DIR / rel)

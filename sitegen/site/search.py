"""The search index: Pagefind over the finished site, told which pages carry searchable text."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

from sitegen.errors import SitegenError

INDEX_FOLDER = "pagefind"
MARKER = b"data-pagefind-body"  # a page with it is indexed; when one page has it, pages without it are not
MAX_GLOB = 32_000  # characters: past this, Pagefind reads every page (same index, more work)
_PLAIN_PATH = re.compile(r"[A-Za-z0-9._/-]+")  # paths a glob can name without escaping


def search_available() -> bool:
    """Return True when the Pagefind indexer is installed."""
    return importlib.util.find_spec("pagefind") is not None


def searchable_glob(root: Path) -> str | None:
    """Return a Pagefind --glob naming the HTML pages under `root` that carry data-pagefind-body.

    Pagefind indexes only such pages once any page has one, so the index is the same with or
    without the glob; the glob spares it parsing every other page (on a site of 10,000 articles
    most of its time). None: Pagefind's own default (no page is marked, or the glob would be unwieldy).
    """
    marked: dict[str, bool] = {}  # relative path -> carries the marker
    for folder, dirs, files in os.walk(root):
        rel_dir = Path(folder).relative_to(root).as_posix()
        if rel_dir == ".":
            dirs[:] = [d for d in dirs if d != INDEX_FOLDER]
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".html"):
                rel = name if rel_dir == "." else f"{rel_dir}/{name}"
                marked[rel] = MARKER in Path(folder, name).read_bytes()
    if not any(marked.values()) or all(marked.values()):
        return None
    patterns = _collapse(marked)
    glob = "{" + ",".join(patterns) + "}" if len(patterns) > 1 else patterns[0]
    if len(glob) > MAX_GLOB or not all(_PLAIN_PATH.fullmatch(p.replace("**/*.html", "x")) for p in patterns):
        return None
    return glob


def _collapse(marked: dict[str, bool]) -> list[str]:
    """Return glob patterns for the marked pages: a folder whose pages are all marked is one `folder/**/*.html`."""
    whole: dict[str, bool] = {}  # folder -> every page under it is marked
    for rel, flag in marked.items():
        parts = rel.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            folder = "/".join(parts[:depth])
            whole[folder] = whole.get(folder, True) and flag
    patterns: list[str] = []
    for rel, flag in sorted(marked.items()):
        if not flag:
            continue
        parts = rel.split("/")[:-1]
        top = next(("/".join(parts[:d]) for d in range(1, len(parts) + 1) if whole["/".join(parts[:d])]), None)
        pattern = f"{top}/**/*.html" if top is not None else rel
        if not patterns or patterns[-1] != pattern:
            patterns.append(pattern)
    return patterns


def post_process(staging_dir: Path) -> None:
    """Build the Pagefind search index into the staging folder, if Pagefind is installed."""
    if not search_available():
        return
    glob = searchable_glob(staging_dir)
    result = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(staging_dir), "--silent",
         *(("--glob", glob) if glob is not None else ())],
        capture_output=True, text=True, check=False,
    )
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise SitegenError("the Pagefind search index failed: " + (detail[-1] if detail else "no message")
                           + " (uninstall pagefind to build without search)", path=staging_dir)

"""The search index: Pagefind over the finished site, told which pages carry searchable text.

When the marked pages (those with `data-pagefind-body`) include pages at the site's root and
pages in folders, the index is split: the root's pages make the main bundle (`pagefind/`,
with the search UI), and each folder's pages a part (`pagefind/parts/<folder>/`) that the UI
merges in (Pagefind's `mergeIndex`; `pagefind/parts.json` lists the parts, [] when there are none; a part keeps
only the files the merge reads, not Pagefind's scripts and UI). A rebuild
re-indexes only the bundles whose pages changed: on a large site an edit that moves one entry
re-indexes the one year page it is on, not every chronology page.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sitegen.errors import OutputError, SitegenError
from sitegen.manifest import read_manifest
from sitegen.writer import Staging, write_file

INDEX_FOLDER = "pagefind"
PARTS_FOLDER = "parts"  # inside INDEX_FOLDER: one bundle per folder of marked pages
PARTS_LIST = "parts.json"  # inside INDEX_FOLDER: the parts the search UI merges in, as bundle paths
MARKER = b"data-pagefind-body"  # a page with it is indexed; when one page has it, pages without it are not
MAX_GLOB = 32_000  # characters: past this, Pagefind reads every page (same index, more work)
MAX_PARTS = 64  # folders of marked pages past which the index is not split (the browser fetches each part)
# Pagefind writes its scripts and search UI into every bundle, ~500 KB; a part is only merged into the main
# bundle's search, whose script reads the part's entry, metadata, wasm and index, filter and fragment files.
PART_UNUSED = ("pagefind.js", "pagefind-worker.js", "pagefind-highlight.js", "pagefind-ui.js", "pagefind-ui.css",
               "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-component-ui.js",
               "pagefind-component-ui.css")
_PLAIN_PATH = re.compile(r"[A-Za-z0-9._/-]+")  # paths a glob can name without escaping


@dataclass(frozen=True)
class Bundle:
    """One Pagefind index: where it is written and which pages it reads (None: Pagefind's default)."""

    folder: str  # relative to the site, e.g. "pagefind" or "pagefind/parts/years/2024"
    scope: str | None  # the folder whose own pages it reads ("" the site's root); None: every folder
    glob: str | None  # what Pagefind is told to read; None: every page (it then keeps the marked ones)

    def covers(self, page: str) -> bool:
        """Return True when `page` (a relative path) lies where this bundle reads pages."""
        return self.scope is None or page_folder(page) == self.scope


def page_folder(page: str) -> str:
    """Return the folder of a page, the scope of the bundle that reads it ("years/2024"; "" at the root)."""
    return page.rsplit("/", 1)[0] if "/" in page else ""


def pages_by_folder(names: Iterable[str]) -> dict[str, frozenset[str]]:
    """Return the HTML pages among `names` (relative paths) by the folder a bundle's scope names ("": the root);
    the index folder's own files are left out."""
    found: dict[str, set[str]] = {}
    for name in names:
        if name.endswith(".html") and not name.startswith(INDEX_FOLDER + "/"):
            found.setdefault(page_folder(name), set()).add(name)
    return {folder: frozenset(pages) for folder, pages in found.items()}


def search_available() -> bool:
    """Return True when the Pagefind indexer is installed."""
    return importlib.util.find_spec("pagefind") is not None


@lru_cache(maxsize=1)
def pagefind_command() -> tuple[str, ...]:
    """Return how to run the Pagefind indexer: its binary, found once per process as `python -m pagefind` finds it.

    `python -m pagefind` starts an interpreter only to look the binary up and exec it: ~0.15 s of CPU
    per bundle, and a cold build of a large site indexes dozens of bundles side by side.
    """
    try:
        # PAGEFIND_BINARY_PATH, then the extended and the plain binary packages, then PATH
        from pagefind.service import get_executable

        found = get_executable()
    except Exception:  # noqa: BLE001 - an older or broken install: let `python -m pagefind` say what is wrong
        found = None
    return (str(found.resolve()),) if found is not None and found.is_file() else (sys.executable, "-m", "pagefind")


def marked_pages(root: Path, known: Mapping[str, bool] | None = None,
                 pages: Iterable[str] | None = None) -> dict[str, bool]:
    """Return every HTML page under `root` (the index folder excepted) -> whether it carries the marker.

    A page in `known` (relative path -> flag) is taken as it says, not read again. `pages`: the
    relative names of every file under `root`, when known (the folder is then not walked).
    """
    known = known if known is not None else {}
    marked: dict[str, bool] = {}
    if pages is not None:
        for rel in sorted(pages):
            if rel.endswith(".html") and not rel.startswith(INDEX_FOLDER + "/"):
                flag = known.get(rel)
                marked[rel] = flag if flag is not None else MARKER in root.joinpath(*rel.split("/")).read_bytes()
        return marked
    for folder, dirs, files in os.walk(root):
        rel_dir = Path(folder).relative_to(root).as_posix()
        if rel_dir == ".":
            dirs[:] = [d for d in dirs if d != INDEX_FOLDER]
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".html"):
                rel = name if rel_dir == "." else f"{rel_dir}/{name}"
                flag = known.get(rel)
                marked[rel] = flag if flag is not None else MARKER in Path(folder, name).read_bytes()
    return marked


def searchable_glob(root: Path) -> str | None:
    """Return a Pagefind --glob naming the HTML pages under `root` that carry data-pagefind-body.

    Pagefind indexes only such pages once any page has one, so the index is the same with or
    without the glob; the glob spares it parsing every other page (on a site of 10,000 articles
    most of its time). None: Pagefind's own default (no page is marked, or the glob would be unwieldy).
    """
    return _glob(marked_pages(root))


def _glob(marked: Mapping[str, bool]) -> str | None:
    if not any(marked.values()) or all(marked.values()):
        return None
    patterns = _collapse(marked)
    glob = "{" + ",".join(patterns) + "}" if len(patterns) > 1 else patterns[0]
    if len(glob) > MAX_GLOB or not all(_PLAIN_PATH.fullmatch(p.replace("**/*.html", "x")) for p in patterns):
        return None
    return glob


def _collapse(marked: Mapping[str, bool]) -> list[str]:
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


def plan_bundles(marked: Mapping[str, bool]) -> list[Bundle]:
    """Return the bundles the marked pages make: the main one first, then a part per folder (sorted)."""
    pages = sorted(rel for rel, flag in marked.items() if flag)
    root_pages = tuple(p for p in pages if "/" not in p)
    folders: dict[str, list[str]] = {}
    for page in pages:
        if "/" in page:
            folders.setdefault(page.rsplit("/", 1)[0], []).append(page)
    plain = all(_PLAIN_PATH.fullmatch(p) for p in pages)
    if not root_pages or not folders or len(folders) > MAX_PARTS or not plain:
        return [Bundle(INDEX_FOLDER, None, _glob(marked))]
    bundles = [Bundle(INDEX_FOLDER, "", _alternatives(root_pages))]
    for folder in sorted(folders):
        bundles.append(Bundle(f"{INDEX_FOLDER}/{PARTS_FOLDER}/{folder}", folder, _alternatives(folders[folder])))
    return bundles


def _alternatives(pages: Sequence[str]) -> str:
    return "{" + ",".join(pages) + "}" if len(pages) > 1 else pages[0]


def parts_list(bundles: Sequence[Bundle]) -> bytes:
    """Return the bytes of `pagefind/parts.json`: the parts' bundle paths relative to the main bundle ([] unsplit)."""
    prefix = INDEX_FOLDER + "/"
    paths = [b.folder[len(prefix):] + "/" for b in bundles if b.folder != INDEX_FOLDER]
    return (json.dumps(paths, indent=1) + "\n").encode("utf-8")


def inner_bundles(bundle: Bundle, parts: bytes) -> tuple[str, ...]:
    """Return what lies in a bundle's folder but is not its own: the parts list and the parts inside it, and in a
    part the files a part is not given (PART_UNUSED).

    A month page's part (`pagefind/parts/years/2024/05`) lies in its year's (`.../years/2024`): a
    bundle kept from the live site must not bring the old files of a part that is indexed afresh.
    """
    if bundle.folder == INDEX_FOLDER:
        return (f"{INDEX_FOLDER}/{PARTS_FOLDER}", f"{INDEX_FOLDER}/{PARTS_LIST}")
    folders = (f"{INDEX_FOLDER}/{p.rstrip('/')}" for p in json.loads(parts))
    return (*(f for f in folders if f.startswith(bundle.folder + "/")),
            *(f"{bundle.folder}/{name}" for name in PART_UNUSED))


Keep = Callable[[Bundle, bytes], bool]


def post_process(staging_dir: Path, keep: Keep = lambda bundle, parts: False,
                 known: Mapping[str, bool] | None = None, pages: Iterable[str] | None = None) -> tuple[int, int]:
    """Build the Pagefind search index into the staging folder, if Pagefind is installed.

    `keep(bundle, parts)` places a bundle unchanged from the live site (returning True) instead
    of indexing it again; `parts` is the new parts list, which the live site's must equal. The
    bundles to index run side by side; `known` says which pages carry the marker (the others are
    read); `pages`: every file in the folder, when known (see `marked_pages`). Return (bundles indexed,
    bundles in all).
    """
    if not search_available():
        return (0, 0)
    bundles = plan_bundles(marked_pages(staging_dir, known, pages))
    parts = parts_list(bundles)
    fresh = [b for b in bundles if not keep(b, parts)]
    running = [(b, subprocess.Popen(
        [*pagefind_command(), "--site", str(staging_dir), "--silent", "--output-subdir", b.folder,
         *(("--glob", b.glob) if b.glob is not None else ())],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)) for b in fresh]
    failed = ""
    for _bundle, process in running:
        out, err = process.communicate()
        if process.returncode != 0 and not failed:
            detail = (err or out).strip().splitlines()
            failed = detail[-1] if detail else "no message"
    if failed:
        raise SitegenError("the Pagefind search index failed: " + failed
                           + " (uninstall pagefind to build without search)", path=staging_dir)
    for bundle in fresh:
        if bundle.folder != INDEX_FOLDER:
            for name in PART_UNUSED:  # the search UI never loads them from a part
                staging_dir.joinpath(*bundle.folder.split("/"), name).unlink(missing_ok=True)
    write_file(staging_dir, f"{INDEX_FOLDER}/{PARTS_LIST}", parts)  # never through a link to the live copy
    return (len(fresh), len(bundles))


class SearchStep:
    """The search index step: Pagefind over the staging folder, or the previous index kept when no page changed."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.staging: Staging | None = None
        self.outcome = "search is off: Pagefind is not installed (pip install pagefind[bin])"
        # the live site's pages by folder and its parts list; this build's pages written and placed, by folder
        self._live: tuple[dict[str, frozenset[str]], bytes | None] | None = None
        self._pages: tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]] = ({}, {})
        self.seen: dict[str, bool] = {}  # page -> carries the search marker, for the pages rendered
        # the flags of every page this build knows (kept pages: as their last build logged them), given `seen`
        self.known: Callable[[Mapping[str, bool]], Mapping[str, bool]] = lambda seen: seen

    def note(self, path: str, data: bytes) -> None:
        """Note whether a rendered page carries the search marker (no page is read back to learn it)."""
        if self.enabled and path.endswith(".html"):
            self.seen[path] = MARKER in data

    def index(self, root: Path) -> None:
        """Index the staging folder `root`, keeping each search bundle whose pages equal the live site's."""
        if not self.enabled:
            return
        names = self.staging.names.files.values() if self.staging is not None else None  # all it holds
        indexed, bundles = post_process(root, self._keep, self.known(self.seen), names)
        if indexed == bundles:
            self.outcome = "search index rebuilt"
        elif indexed == 0:
            self.outcome = "search index unchanged"
        else:
            self.outcome = f"search index rebuilt in {indexed} of its {bundles} parts"

    def _keep(self, bundle: Bundle, parts: bytes) -> bool:
        """Link a bundle from the live site when it was made the same way from the same pages, all unchanged."""
        staging = self.staging
        if staging is None or staging.live is None:
            return False
        if self._live is None:  # once per build: a site with month pages has dozens of bundles
            listed, live_parts = _live_search(staging.live)
            self._live = (pages_by_folder(listed), live_parts)
            self._pages = (pages_by_folder(staging.written),
                           pages_by_folder(staging.names.files.values()))
        (live, live_parts), (written, placed) = self._live, self._pages
        if live_parts != parts:
            return False
        if bundle.scope is None:  # one bundle reads every folder
            if written or live != placed:
                return False
        elif bundle.scope in written or live.get(bundle.scope) != placed.get(bundle.scope):
            return False
        return staging.keep_tree(bundle.folder, skip=inner_bundles(bundle, parts))


def _live_search(live: Path) -> tuple[frozenset[str], bytes | None]:
    """Return the live site's files as its manifest lists them and its search parts list (None: unknown)."""
    try:
        listed = read_manifest(live)  # the survey found the live folder as listed
        if listed is None:
            return frozenset(), None
        name = f"{INDEX_FOLDER}/{PARTS_LIST}"
        return listed, (live / name).read_bytes() if name in listed else None
    except (OutputError, OSError):
        return frozenset(), None

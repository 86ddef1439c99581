"""The build cache: per-article results, the text of saved web pages and per-page fingerprints kept between builds.

Default place `.sitegen-cache/` beside `content/` (git-ignored); `--no-cache` bypasses it.
Every entry is one file written to a temporary name and renamed into place, so two builds
sharing the cache never see half an entry; an entry holds a magic line and the SHA-256 of
its payload, and one that is truncated, corrupt or not ours is ignored (and rebuilt), never
trusted. The merge's result is kept under the keys of all articles and what the overrides say; beside it,
the facts the last merge read (one entry per knowledge) and its memo (one per set of word weights,
`sitegen.merge.recall`) let the next merge re-score only what an edit touched.
Every entry a build reads or writes is stamped with the time; after the build, `Store.prune` keeps
the cache at twice the size of what that build used, removing the entries used longest ago first.
An article's key is the digest of its source (bytes, id, path), the override rule
that touches it, the knowledge YAML and sitegen's code and version: change any and the
article runs again.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from sitegen.digest import Fingerprints, HashingSink, code_digest, files_digest
from sitegen.memory import Memory
from sitegen.models import StatedFacts
from sitegen.overrides.records import Overrides, unplaced

if TYPE_CHECKING:
    from sitegen.article import ArticleResult

CACHE_DIR_NAME = ".sitegen-cache"
KEEP = 2.0  # a build leaves the cache at most this many times the size of the entries it used
SPARES = "spare-sites"  # the previous site of each output folder, for its next build to fill (sitegen.recycle)
MAGIC = b"sitegen-cache 1\n"
_DIGEST_BYTES = 32


def default_cache_dir(content_dir: Path) -> Path:
    """Return the default cache folder: `.sitegen-cache/` beside the content folder."""
    return Path(os.path.abspath(content_dir)).parent / CACHE_DIR_NAME


def knowledge_digest(content_dir: Path) -> str:
    """Return the digest of the knowledge a per-article result depends on: code, packaged and site YAML."""
    site_files = [p for p in content_dir.glob("*") if p.is_file() and p.name != "site.yaml"] \
        if content_dir.is_dir() else []
    return hashlib.sha256(f"{code_digest()}\0{files_digest(site_files)}".encode()).hexdigest()


def merge_key(knowledge_key: str, article_keys: tuple[str, ...], overrides: Overrides) -> str:
    """Return the key of the merge's result: every article's key (in order) and what the overrides say.

    Where each override is written (file, line) is left out: the packed events name their entries
    by index into the corrected entries of the build that unpacks them, so moving a rule to other
    lines, or adding a comment above it, keeps the merge.
    """
    said = Fingerprints().of(
        sorted((k, unplaced(r)) for k, r in overrides.articles.items()),
        sorted((k, unplaced(r)) for k, r in overrides.entries.items()),
        tuple(unplaced(a) for a in overrides.added), overrides.merge_rules)
    return hashlib.sha256("\0".join(("merge", knowledge_key, said, *article_keys)).encode()).hexdigest()


def memo_key(knowledge_key: str) -> str:
    """Return the key of the last merge's facts and memo (one of each per knowledge, whatever the articles and
    word weights: see sitegen.merge.recall)."""
    return hashlib.sha256(f"merge-memo\0{knowledge_key}".encode()).hexdigest()


Seeds = tuple[tuple[object, str], ...]  # (record, a digest standing for its value), see Fingerprints.seed


def _seed(*parts: str) -> str:
    return hashlib.sha256("\0".join(("seed", *parts)).encode()).hexdigest()


def result_seeds(results: list[ArticleResult], keys: tuple[str, ...], places: list[str]) -> Seeds:
    """Return stand-in digests of the articles and entries of cached per-article results.

    A result is a pure function of its key, and `locate` of the place its override is written
    (`places`, "" for none): the key, the place and the position name each record as its value would.
    """
    out: list[tuple[object, str]] = []
    for result, key, place in zip(results, keys, places):
        out.append((result.article, _seed("article", key, place)))
        out.extend((entry, _seed("entry", key, str(n))) for n, entry in enumerate(result.entries))
    return tuple(out)


class PageReads:
    """The main text and facts of saved web pages, kept in the store under the page's text, the address it was
    fetched from and sitegen's code (`reader.PageReads`)."""

    KIND = "html"

    def __init__(self, store: Store) -> None:
        self._store = store

    def _key(self, html: str, fetched_url: str | None) -> str:
        return hashlib.sha256(f"{code_digest()}\0{fetched_url or ''}\0{html}".encode()).hexdigest()

    def get(self, html: str, fetched_url: str | None) -> tuple[str, StatedFacts] | None:
        """Return what was read from this page before, else None."""
        found = self._store.get(self.KIND, self._key(html, fetched_url))
        if isinstance(found, tuple) and len(found) == 2 and isinstance(found[0], str) \
                and isinstance(found[1], StatedFacts):
            return found[0], found[1]
        return None

    def put(self, html: str, fetched_url: str | None, read: tuple[str, StatedFacts]) -> None:
        """Keep what was read from this page."""
        self._store.put(self.KIND, self._key(html, fetched_url), read)


class Store:
    """A folder of checksummed pickled values, safe to share between concurrent builds.

    With a `memory`, values of the kinds it keeps come from it first (stamped on disk as used all the same).
    """

    def __init__(self, root: Path, memory: Memory | None = None) -> None:
        self.root = root
        self.memory = memory
        self.hits = 0
        self.misses = 0

    def _path(self, kind: str, key: str) -> Path:
        return Path(self._name(kind, key))

    def _name(self, kind: str, key: str) -> str:
        """Return the entry's file name as a string (a build asks for tens of thousands: no Path joins)."""
        return f"{os.fspath(self.root)}/{kind}/{key[:2]}/{key}"

    def spare(self, output: Path) -> Path:
        """Return where the previous site of `output` waits for its next build (not an entry: never pruned)."""
        return self.root / SPARES / PageLog.key_of(output)[:32]

    def get(self, kind: str, key: str) -> Any | None:
        """Return the value stored under (kind, key), or None when absent or damaged."""
        name = self._name(kind, key)
        if self.memory is not None:
            kept = self.memory.get(kind, key)
            if kept is not None:
                self.hits += 1
                _touch(name)  # used by this build: `prune` keeps it
                return kept
        try:
            with open(name, "rb") as entry:
                blob = entry.read()
        except OSError:
            self.misses += 1
            return None
        head = len(MAGIC) + _DIGEST_BYTES
        payload = memoryview(blob)[head:]  # not a copy: a payload may be hundreds of megabytes
        if blob[:len(MAGIC)] != MAGIC or blob[len(MAGIC):head] != hashlib.sha256(payload).digest():
            self.misses += 1
            _unlink(name)
            return None
        try:
            value = pickle.loads(payload)
        except Exception:  # noqa: BLE001 - a payload of an older layout: rebuild it
            self.misses += 1
            _unlink(name)
            return None
        self.hits += 1
        _touch(name)
        if self.memory is not None:
            self.memory.note(kind, key, value)
        return value

    def put(self, kind: str, key: str, value: object) -> None:
        """Store `value` under (kind, key) atomically; a cache that cannot be written is skipped.

        The value is pickled straight into the file (never whole in memory) and hashed as it goes;
        the digest is written into its place in the header last.
        """
        def write(handle: BinaryIO) -> None:
            handle.write(MAGIC + bytes(_DIGEST_BYTES))
            sink = HashingSink(handle)
            pickle.dump(value, sink, protocol=pickle.HIGHEST_PROTOCOL)
            handle.seek(len(MAGIC))
            handle.write(sink.hash.digest())

        self._atomic(kind, key, write)

    def put_payload(self, kind: str, key: str, payload: bytes, value: object = None) -> None:
        """Store an already pickled value under (kind, key) atomically; `value`, the payload unpickled, is kept
        in memory when there is one."""
        if self.memory is not None and value is not None:
            self.memory.note(kind, key, value)

        def write(handle: BinaryIO) -> None:
            handle.write(MAGIC + hashlib.sha256(payload).digest())
            handle.write(payload)

        self._atomic(kind, key, write)

    def forget(self, kind: str, key: str) -> None:
        """Remove the entry under (kind, key), if there is one (a memory keeps no kind whose value changes)."""
        _unlink(self._name(kind, key))

    def _atomic(self, kind: str, key: str, write: Callable[[BinaryIO], None]) -> None:
        """Write an entry to a temporary file and rename it into place; a cache that cannot be written is skipped."""
        path = self._path(kind, key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            _ensure_ignored(self.root)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as handle:
                    write(handle)
                os.replace(tmp, path)
            except BaseException:
                _unlink(tmp)
                raise
        except OSError:
            pass  # a read-only or full disk makes the next build slower, not wrong

    def prune(self, since: float, keep: float = KEEP) -> int:
        """Remove the entries used longest ago until the cache holds at most `keep` times the size of the
        entries used at or after `since` (a build's start: its own, and a concurrent build's, are never
        removed), and any temporary file an interrupted write left; return how many files were removed.

        The newest entry of every kind stays too: a build with nothing changed reads neither the merge's
        memo nor the item markup, and the next edit will.
        """
        live = 0
        idle: list[tuple[float, str, int]] = []  # (last used, path, size)
        newest: dict[str, tuple[float, str, int]] = {}  # kind folder -> its newest idle entry
        for path, info in _entries(self.root):
            if info.st_mtime >= since - _CLOCK_SLACK_S:
                live += info.st_size
            elif os.path.basename(path).startswith(".tmp-"):
                idle.append((float("-inf"), path, info.st_size))  # a write that never finished
            else:
                entry = (info.st_mtime, path, info.st_size)
                kind = os.path.dirname(os.path.dirname(path))
                held = newest.get(kind)
                if held is None or entry > held:
                    newest[kind] = entry
                    if held is not None:
                        idle.append(held)  # displaced: no longer the newest
                else:
                    idle.append(entry)
        total = live + sum(size for _, _, size in idle) + sum(size for _, _, size in newest.values())
        removed = 0
        for used, path, size in sorted(idle):
            if total <= keep * live and used != float("-inf"):
                break
            try:
                os.unlink(path)
            except OSError:
                continue  # another build removed it, or it cannot be: a larger cache, not a wrong one
            total -= size
            removed += 1
        return removed


_CLOCK_SLACK_S = 2.0  # file times coarser than the clock (2 s on FAT) must not make a fresh entry look old


def _entries(root: Path) -> list[tuple[str, os.stat_result]]:
    """Return the files two folders down a cache folder (kind/shard/entry, and temporary files), with their stat;
    what vanishes meanwhile (another build pruning) is left out."""
    out: list[tuple[str, os.stat_result]] = []
    for kind in _scan(str(root)):
        if kind.name == SPARES:
            continue
        for shard in _scan(kind.path) if kind.is_dir(follow_symlinks=False) else ():
            for entry in _scan(shard.path) if shard.is_dir(follow_symlinks=False) else ():
                try:
                    if entry.is_file(follow_symlinks=False):
                        out.append((entry.path, entry.stat(follow_symlinks=False)))
                except OSError:
                    continue
    return out


def _scan(folder: str) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as found:
            return list(found)
    except OSError:
        return []


def _touch(path: str | Path) -> None:
    """Stamp an entry as used now, for `Store.prune` (a read-only cache is left as it is)."""
    try:
        os.utime(path)
    except OSError:
        pass


def _unlink(path: str | Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _ensure_ignored(root: Path) -> None:
    """Keep the cache out of version control wherever it lives (a `.gitignore` of `*` inside it)."""
    ignore = root / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# sitegen's build cache: safe to delete\n*\n", encoding="utf-8")


# ------------------------------------------------------------------ pages


@dataclass
class PageRecord:
    """What a page was made from last time: the site fields it read, its key, and the file's identity."""

    fields: tuple[str, ...]
    key: str
    identity: tuple[int, int, int] = (0, 0, 0)  # inode, size, mtime ns of the file in the output
    searchable: bool | None = None  # whether it carries the search marker (site.search.MARKER); None: unknown


@dataclass
class PageLog:
    """The pages of one output folder as the last successful build with the cache made them."""

    output: str
    records: dict[str, PageRecord] = field(default_factory=dict)

    @staticmethod
    def key_of(output: Path) -> str:
        """Return the cache key of an output folder's page log."""
        return hashlib.sha256(os.path.realpath(output).encode()).hexdigest()

    def stamp(self, output: Path) -> None:
        """Record the identity of every page's file as it now is in the output folder."""
        root = os.fspath(output)  # a string: no Path made per page
        for path, record in self.records.items():
            try:
                info = os.lstat(os.path.join(root, *path.split("/")))
            except OSError:
                continue
            record.identity = (info.st_ino, info.st_size, info.st_mtime_ns)


def identity(path: Path) -> tuple[int, int, int] | None:
    """Return (inode, size, mtime ns) of a file, or None when it is not there."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns)


"""The reading edge: seed files from disk to decoded, normalised `SourceFile` records.

What is read: the regular files directly inside the seeds folder whose suffix is
``.txt``, ``.text``, ``.md`` (Markdown is read as plain text after its optional YAML front
matter, see `sitegen.read.frontmatter`) or ``.html``/``.htm`` (saved web pages: their main
text and the facts their markup states, see `sitegen.read.html`). A ``<name>.source.yaml``
beside a seed is its sidecar (where `sitegen import` fetched it). Subfolders are not
entered (each one is reported, so an article moved into one is not silently lost);
hidden files (``.name``), editor backups (``name~``, ``#name#``, ``.swp``, ``.bak``,
``.orig``…) and operating-system litter are ignored without a word. Any other file is
skipped with a `Problem` naming its suffix.

Every file is decoded as UTF-8 (a byte-order mark is removed); text that is not valid
UTF-8 is decoded as cp1252, or Latin-1 when even cp1252 fails, and a note says so. A
UTF-16/UTF-32 byte-order mark is honoured. Binary content (known magic numbers, or
many NUL/control bytes) and files over `MAX_BYTES` are skipped with a `Problem`. Stray
NUL and control characters are removed, CRLF/CR become LF, the text is NFC-normalised.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from sitegen.errors import InputError
from sitegen.models import Fact, Problem, SourceFile, StatedFacts
from sitegen.read import sidecar as sidecars
from sitegen.read.decode import Skip, charset_of, decode
from sitegen.read.frontmatter import split_front_matter
from sitegen.read.html import MAX_HTML_BYTES, PageError, declared_charset, read_html
from sitegen.text.normalize import slugify

MAX_BYTES = 5 * 1024 * 1024  # one article; a larger file is almost surely many articles or not text
TEXT_SUFFIXES = (".txt", ".text", ".md")
HTML_SUFFIXES = (".html", ".htm")
SEED_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES
BACKUP_SUFFIXES = (".swp", ".swo", ".swx", ".bak", ".orig", ".rej", ".tmp", ".part", ".crdownload")
OS_LITTER = frozenset({"thumbs.db", "desktop.ini", "icon\r"})
_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
_CONTROL_IN_NAME = re.compile("[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class ReadResult:
    """The seed files that were read (sorted by id) and the ones skipped, with reasons."""

    files: tuple[SourceFile, ...]
    problems: tuple[Problem, ...]
    copies: Mapping[str, str] = field(default_factory=dict)  # id of a skipped copy -> id of the article kept




class PageReads(Protocol):
    """Where the main text and facts of saved web pages are kept between builds (sitegen.cache.PageReads):
    extracting them is the read stage's one costly step (milliseconds per page, seconds per thousand)."""

    def get(self, html: str, fetched_url: str | None) -> tuple[str, StatedFacts] | None:
        """Return what `read_html` made of this page before, else None."""

    def put(self, html: str, fetched_url: str | None, read: tuple[str, StatedFacts]) -> None:
        """Keep what `read_html` made of this page."""


Loaded = tuple[str, str, tuple[str, ...], str, StatedFacts]  # what `_load` makes of one seed file


class KnownFiles(Protocol):
    """What a long-lived process read from its seed files before (sitegen.memory.Memory), by `file_key`."""

    def get(self, key: str) -> Loaded | None:
        """Return what an unchanged file was read as, else None."""

    def note(self, key: str, loaded: Loaded) -> None:
        """Keep what a file was read as."""


# A file whose status changed this recently is read again however its status looks: a write in the same
# tick of the file system's clock, of the same size, would leave the status as it was (git's "racy" files).
RECENT_NS = 2_000_000_000


def file_key(path: Path, side: Path | None, label: str, now_ns: int) -> str | None:
    """Return the key of a seed file (and its sidecar) as its status stands, or None when it may not be trusted:
    changed within RECENT_NS of `now_ns`, or gone."""
    parts = [label]
    for where in (path, side):
        if where is None:
            parts.append("-")
            continue
        try:
            info = os.stat(where)
        except OSError:
            return None
        if max(info.st_mtime_ns, info.st_ctime_ns) > now_ns - RECENT_NS:
            return None
        parts.append(f"{where}\0{info.st_dev}\0{info.st_ino}\0{info.st_size}\0{info.st_mtime_ns}\0{info.st_ctime_ns}")
    return "\0\0".join(parts)


# ------------------------------------------------------------------ public API


def read_seeds(seeds_dir: Path, pages: PageReads | None = None, known: KnownFiles | None = None) -> ReadResult:
    """Read every seed article in `seeds_dir`; bad files become `Problem`s, not errors.

    With `pages`, a saved web page read before is not extracted again; with `known`, a file whose
    status is unchanged since this process read it is not read again.
    """
    if not seeds_dir.is_dir():
        what = "is not a folder" if seeds_dir.exists() else "does not exist"
        raise InputError(f"the seeds folder {what}; create it or pass --seeds DIR", path=seeds_dir)
    root = seeds_dir.resolve()
    shown = root.name or str(root)
    problems: list[Problem] = []
    candidates: list[Path] = []
    side: dict[str, Path] = {}
    try:  # scandir: whether an entry is a link, a folder or a file is known without a stat of its own
        with os.scandir(seeds_dir) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as err:
        raise InputError(f"cannot list the seeds folder ({err.strerror or err}); check its permissions",
                         path=seeds_dir) from None
    for entry in entries:
        name = entry.name
        if _ignored(name):
            continue
        label = os.path.join(shown, display_name(name))
        if entry.is_symlink():
            try:
                target = Path(entry.path).resolve(strict=True)
            except (OSError, RuntimeError):
                problems.append(Problem(label, "skipped: a broken symbolic link; remove it or fix its target"))
                continue
            if not target.is_relative_to(root):
                problems.append(Problem(label, f"refused: a symbolic link to {target}, outside the seeds "
                                               "folder; copy the article into the seeds folder instead"))
                continue
        if sidecars.is_sidecar(name) and entry.is_file():
            side[name[:-len(sidecars.SUFFIX)]] = Path(entry.path)
            continue
        if entry.is_dir():
            problems.append(Problem(label, "skipped: a folder (sitegen reads only the files directly inside "
                                           "the seeds folder; move its articles up to include them)"))
            continue
        path = Path(entry.path)
        if path.suffix.lower() not in SEED_SUFFIXES:
            kind = path.suffix or "no suffix"
            problems.append(Problem(label, f"skipped: not a text article ({kind}); save articles as "
                                           f"{', '.join(SEED_SUFFIXES)} files"))
            continue
        if not entry.is_file():
            problems.append(Problem(label, "skipped: not a regular file"))
            continue
        candidates.append(path)

    named = [(p.stem, p) for p in candidates]  # a stem is worked out once per file (pathlib parses it each time)
    stems = {stem for stem, _ in named}
    for stem, found in sorted(side.items()):
        if stem not in stems:
            problems.append(Problem(os.path.join(shown, display_name(found.name)),
                                    "skipped: a sidecar without its article (no seed file named "
                                    f"{display_name(stem)}.*); delete it or restore the article"))
    ids = assign_ids([stem for stem, _ in named])
    files: list[SourceFile] = []
    seen: dict[str, SourceFile] = {}
    copies: dict[str, str] = {}
    for stem, seed in sorted(named, key=lambda item: ids[item[0]]):
        label = os.path.join(shown, display_name(seed.name))
        try:
            text, encoding, notes, kind, stated = _load_known(seed, side.get(stem), label, pages, known)
        except Skip as why:
            problems.append(Problem(label, f"skipped: {why}"))
            continue
        article_id = ids[stem]
        if article_id != stem:
            notes = (*notes, f"file name {display_name(seed.name)!r} is not a safe URL slug; its id is {article_id!r}")
        digest = content_key(text)
        if digest in seen:
            first = seen[digest]
            problems.append(Problem(label, f"skipped: the same text as {first.path} (article {first.id}); "
                                           "delete one of the two copies"))
            copies[article_id] = first.id
            continue
        source = SourceFile(id=article_id, path=Path(label), text=text, encoding=encoding,
                            notes=notes, kind=kind, stated=stated)
        seen[digest] = source
        files.append(source)
    files.sort(key=lambda f: f.id)
    problems.sort(key=lambda p: p.path)
    return ReadResult(files=tuple(files), problems=tuple(problems), copies=copies)


def read_text_file(path: Path) -> SourceFile:
    """Read one text file as it is (for `sitegen dates FILE`); `InputError` when it is missing or not text."""
    _check_file(path)
    try:
        text, encoding, notes = _read_and_decode(path)
    except Skip as why:
        raise InputError(f"cannot read it: {why}", path=path) from None
    return SourceFile(id=assign_ids([path.stem])[path.stem], path=path, text=text, encoding=encoding,
                      notes=notes)


def read_file(path: Path) -> SourceFile:
    """Read one seed file of any kind as a build does, with its sidecar (for `sitegen extract FILE`)."""
    _check_file(path)
    if sidecars.is_sidecar(path.name):
        raise InputError("is a sidecar (where a page was fetched from); give the page itself", path=path)
    side = sidecars.sidecar_path(path)
    try:
        text, encoding, notes, kind, stated = _load(path, side if side.is_file() else None, str(path))
    except Skip as why:
        raise InputError(f"cannot read it: {why}", path=path) from None
    return SourceFile(id=assign_ids([path.stem])[path.stem], path=path, text=text, encoding=encoding,
                      notes=notes, kind=kind, stated=stated)


def decode_bytes(data: bytes) -> tuple[str, str, tuple[str, ...]]:
    """Decode a seed file's bytes to normalised text; return (text, encoding, notes).

    Raises `ValueError` with the reason when the bytes are not text.
    """
    try:
        return decode(data)
    except Skip as why:
        raise ValueError(str(why)) from None


def display_name(name: str) -> str:
    """Return a file name fit for one-line messages and UTF-8 output.

    Bytes that are not UTF-8 (kept by Python as surrogates) become U+FFFD and control
    characters such as a newline are shown escaped ("\\n").
    """
    text = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return _CONTROL_IN_NAME.sub(lambda m: repr(m.group(0))[1:-1], text)


def content_key(text: str) -> str:
    """Return the hash that identifies an article's text regardless of whitespace and line ends."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def assign_ids(stems: list[str]) -> dict[str, str]:
    """Map each file stem to a unique, URL-safe article id, deterministically.

    A safe stem (ASCII letters, digits, ``_`` and ``-``) is its own id; other stems are
    slugified, and a slug already taken (compared case-insensitively, so ids stay
    distinct on case-insensitive file systems) gets ``-2``, ``-3``… in sorted order.
    """
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for stem in sorted(set(stems)):
        if _SAFE_ID.fullmatch(stem) and stem.casefold() not in taken:
            ids[stem] = stem
            taken.add(stem.casefold())
    for stem in sorted(set(stems)):
        if stem in ids:
            continue
        base = slugify(stem, empty="") or "article-" + hashlib.sha256(stem.encode("utf-8", "surrogatepass"))\
            .hexdigest()[:8]
        candidate, n = base, 1
        while candidate.casefold() in taken:
            n += 1
            candidate = f"{base}-{n}"
        ids[stem] = candidate
        taken.add(candidate.casefold())
    return ids


# ------------------------------------------------------------------ internals


def _ignored(name: str) -> bool:
    """True for hidden files, editor backups and OS litter, which are skipped silently."""
    lower = name.lower()
    return (
        name.startswith(".")
        or name.endswith("~")
        or (name.startswith("#") and name.endswith("#"))
        or lower.endswith(BACKUP_SUFFIXES)
        or lower in OS_LITTER
    )


def _check_file(path: Path) -> None:
    if not path.exists():
        raise InputError("no such file; check the path", path=path)
    if path.is_dir():
        raise InputError("is a folder, not a text file", path=path)


def _load_known(path: Path, side: Path | None, label: str, pages: PageReads | None,
                known: KnownFiles | None) -> Loaded:
    """`_load`, or what it made of the file before when its status is unchanged (with `known`)."""
    key = file_key(path, side, label, time.time_ns()) if known is not None else None
    found = known.get(key) if known is not None and key is not None else None
    if found is not None:
        return found
    loaded = _load(path, side, label, pages)
    if known is not None and key is not None:
        known.note(key, loaded)
    return loaded


def _load(path: Path, side: Path | None, label: str, pages: PageReads | None = None) -> Loaded:
    """Read one seed of any kind: (article text, encoding, notes, kind, the facts the file states)."""
    sidecar = sidecars.read_sidecar(side) if side is not None else None
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        declared = sidecar.content_type if sidecar is not None and sidecar.content_type else None
        text, encoding, notes = _read_and_decode(path, MAX_HTML_BYTES, html=True, declared=declared)
        if not text.strip():
            raise Skip(f"the file is {'empty' if not text else 'only whitespace'}; there is no article to read")
        fetched = sidecar.address if sidecar is not None else None
        found = pages.get(text, fetched) if pages is not None else None
        if found is None:
            try:
                found = read_html(text, fetched_url=fetched)
            except PageError as why:
                raise Skip(f"{why}; save the article's text as a .txt file instead") from None
            if pages is not None:
                pages.put(text, fetched, found)
        body, stated = found
        return body, encoding, notes, "html", stated
    text, encoding, notes = _read_and_decode(path)
    if not text.strip():
        raise Skip(f"the file is {'empty' if not text else 'only whitespace'}; there is no article to read")
    stated = StatedFacts()
    kind = "text"
    if suffix == ".md":
        kind = "markdown"
        text, front = split_front_matter(text, label)
        if front is not None:
            stated = front
            if not text.strip():
                raise Skip("the file has front matter but no article text under it")
    if sidecar is not None and stated.url is None:
        stated = replace(stated, url=Fact(sidecar.address, "the address it was fetched from (sidecar)"))
    return text, encoding, notes, kind, stated


def _read_and_decode(path: Path, limit: int = MAX_BYTES, *, html: bool = False,
                     declared: str | None = None) -> tuple[str, str, tuple[str, ...]]:
    """Read a file's bytes (refusing oversize files before reading them) and decode them."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise Skip(_too_big(size, limit))
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as err:
        raise Skip(f"cannot read it ({err.strerror or err})") from None
    if len(data) > limit:  # grew while we looked, or a special file
        raise Skip(_too_big(len(data), limit))
    if html:
        declared = charset_of(declared) or declared_charset(data)
    return decode(data, declared)


def _too_big(size: int, limit: int = MAX_BYTES) -> str:
    return (f"{size / 1048576:.1f} MB is over the {limit // 1048576} MB limit for one article; "
            "split it into one file per article")

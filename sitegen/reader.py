"""The reading edge: seed files from disk to decoded, normalised `SourceFile` records.

What is read: the regular files directly inside the seeds folder whose suffix is
``.txt``, ``.text`` or ``.md`` (Markdown is read as plain text). Subfolders are not
entered (each one is reported, so an article moved into one is not silently lost);
hidden files (``.name``), editor backups (``name~``, ``#name#``, ``.swp``, ``.bak``,
``.orig``…) and operating-system litter are ignored without a word. Any other file is
skipped with a `Problem` naming its suffix.

Every file is decoded as UTF-8 (a byte-order mark is removed); text that is not valid
UTF-8 is decoded as cp1252, or Latin-1 when even cp1252 fails, and a note says so. A
UTF-16/UTF-32 byte-order mark is honoured. Binary content (known magic numbers, or
many NUL/control bytes) and files over `MAX_BYTES` are skipped with a `Problem`. Stray
NUL and C0 control characters are removed, CRLF/CR become LF; Unicode line and paragraph
separators (U+2028, U+2029), NEL (U+0085), the other C1 controls and the vertical tab and form
feed become spaces (line-based readers of the ICS, CSV and JSON outputs would split an entry
there); the text is NFC-normalised. Only newline and tab remain as control characters.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from sitegen.errors import InputError
from sitegen.models import Problem, SourceFile
from sitegen.text.normalize import slugify

MAX_BYTES = 5 * 1024 * 1024  # one article; a larger file is almost surely many articles or not text
SEED_SUFFIXES = (".txt", ".text", ".md")
BACKUP_SUFFIXES = (".swp", ".swo", ".swx", ".bak", ".orig", ".rej", ".tmp", ".part", ".crdownload")
OS_LITTER = frozenset({"thumbs.db", "desktop.ini", "icon\r"})
BINARY_RATIO = 0.10  # share of NUL or control bytes above which content is binary
_SAMPLE = 65536  # bytes looked at for the binary decision
_MIN_BINARY_BYTES = 4  # a few stray control bytes never make a short file binary

# Magic numbers of files that people drop into an articles folder by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"RIFF", "a RIFF media file (WebP, WAV or AVI)"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.odt document)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "a program (ELF)"),
    (b"MZ", "a Windows program"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"ID3", "an MP3 audio file"),
    (b"{\\rtf", "an RTF document"),
)
# Byte-order marks of encodings other than UTF-8 (UTF-32 first: its LE mark starts like UTF-16's).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# C0 controls other than TAB, LF, CR (CR is handled by newline normalisation) plus DEL.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 13)) + b"\x7f"
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
# Line breaks other than LF, and the C1 controls: each becomes a space, so words stay apart.
_BREAKS_AND_C1 = re.compile("[\x0b\x0c\x80-\x9f\u2028\u2029]")
_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
_CONTROL_IN_NAME = re.compile("[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class ReadResult:
    """The seed files that were read (sorted by id) and the ones skipped, with reasons."""

    files: tuple[SourceFile, ...]
    problems: tuple[Problem, ...]


class _Skip(Exception):
    """One file cannot be used; the message says why and what to do."""


# ------------------------------------------------------------------ public API


def read_seeds(seeds_dir: Path) -> ReadResult:
    """Read every seed article in `seeds_dir`; bad files become `Problem`s, not errors."""
    if not seeds_dir.is_dir():
        what = "is not a folder" if seeds_dir.exists() else "does not exist"
        raise InputError(f"the seeds folder {what}; create it or pass --seeds DIR", path=seeds_dir)
    root = seeds_dir.resolve()
    shown = Path(root.name or str(root))
    problems: list[Problem] = []
    candidates: list[Path] = []
    try:
        entries = sorted(seeds_dir.iterdir(), key=lambda p: p.name)
    except OSError as err:
        raise InputError(f"cannot list the seeds folder ({err.strerror or err}); check its permissions",
                         path=seeds_dir) from None
    for entry in entries:
        label = str(shown / display_name(entry.name))
        if _ignored(entry.name):
            continue
        if entry.is_symlink():
            try:
                target = entry.resolve(strict=True)
            except (OSError, RuntimeError):
                problems.append(Problem(label, "skipped: a broken symbolic link; remove it or fix its target"))
                continue
            if not target.is_relative_to(root):
                problems.append(Problem(label, f"refused: a symbolic link to {target}, outside the seeds "
                                               "folder; copy the article into the seeds folder instead"))
                continue
        if entry.is_dir():
            problems.append(Problem(label, "skipped: a folder (sitegen reads only the files directly inside "
                                           "the seeds folder; move its articles up to include them)"))
            continue
        if entry.suffix.lower() not in SEED_SUFFIXES:
            kind = entry.suffix or "no suffix"
            problems.append(Problem(label, f"skipped: not a text article ({kind}); save articles as "
                                           f"{', '.join(SEED_SUFFIXES)} files"))
            continue
        if not entry.is_file():
            problems.append(Problem(label, "skipped: not a regular file"))
            continue
        candidates.append(entry)

    ids = assign_ids([p.stem for p in candidates])
    files: list[SourceFile] = []
    seen: dict[str, SourceFile] = {}
    for entry in sorted(candidates, key=lambda p: ids[p.stem]):
        label = str(shown / display_name(entry.name))
        try:
            text, encoding, notes = _read_and_decode(entry)
        except _Skip as why:
            problems.append(Problem(label, f"skipped: {why}"))
            continue
        if not text.strip():
            what = "empty" if not text else "only whitespace"
            problems.append(Problem(label, f"skipped: the file is {what}; there is no article to read"))
            continue
        article_id = ids[entry.stem]
        if article_id != entry.stem:
            notes = (*notes, f"file name {display_name(entry.name)!r} is not a safe URL slug; its id is {article_id!r}")
        digest = content_key(text)
        if digest in seen:
            first = seen[digest]
            problems.append(Problem(label, f"skipped: the same text as {first.path} (article {first.id}); "
                                           "delete one of the two copies"))
            continue
        source = SourceFile(id=article_id, path=Path(label), text=text, encoding=encoding,
                            notes=notes)
        seen[digest] = source
        files.append(source)
    files.sort(key=lambda f: f.id)
    problems.sort(key=lambda p: p.path)
    return ReadResult(files=tuple(files), problems=tuple(problems))


def read_text_file(path: Path) -> SourceFile:
    """Read one text file (for `sitegen dates FILE`); `InputError` when it is missing or not text."""
    if not path.exists():
        raise InputError("no such file; check the path", path=path)
    if path.is_dir():
        raise InputError("is a folder, not a text file", path=path)
    try:
        text, encoding, notes = _read_and_decode(path)
    except _Skip as why:
        raise InputError(f"cannot read it: {why}", path=path) from None
    return SourceFile(id=assign_ids([path.stem])[path.stem], path=path, text=text, encoding=encoding,
                      notes=notes)


def decode_bytes(data: bytes) -> tuple[str, str, tuple[str, ...]]:
    """Decode a seed file's bytes to normalised text; return (text, encoding, notes).

    Raises `ValueError` with the reason when the bytes are not text.
    """
    try:
        return _decode(data)
    except _Skip as why:
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


def _read_and_decode(path: Path) -> tuple[str, str, tuple[str, ...]]:
    """Read a file's bytes (refusing oversize files before reading them) and decode them."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _Skip(_too_big(size))
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as err:
        raise _Skip(f"cannot read it ({err.strerror or err})") from None
    if len(data) > MAX_BYTES:  # grew while we looked, or a special file
        raise _Skip(_too_big(len(data)))
    return _decode(data)


def _too_big(size: int) -> str:
    return (f"{size / 1048576:.1f} MB is over the {MAX_BYTES // 1048576} MB limit for one article; "
            "split it into one file per article")


def _decode(data: bytes) -> tuple[str, str, tuple[str, ...]]:
    notes: list[str] = []
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                raise _Skip(f"starts with a {codec.upper()} byte-order mark but is not valid {codec.upper()}")\
                    from None
            notes.append(f"decoded as {codec.upper()} (byte-order mark)")
            return _normalise(text.lstrip("\ufeff"), codec, notes)
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise _Skip(f"binary file ({kind}), not text; save the article as plain text (.txt)")
    sample = data[:_SAMPLE]
    if sample:
        nuls = sample.count(0)
        controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
        limit = max(BINARY_RATIO * len(sample), _MIN_BINARY_BYTES)
        if nuls > limit or controls > limit:
            raise _Skip("binary content (many NUL or control bytes), not text; "
                        "save the article as plain text (.txt)")
    if b"\x00" in data:
        count = data.count(0)
        data = data.replace(b"\x00", b"")
        notes.append(f"removed {count} NUL byte{'s' if count != 1 else ''}")
    encoding = "utf-8"
    try:
        text = data.decode("utf-8")
        if text.startswith("\ufeff"):
            text = text[1:]
            notes.append("removed a UTF-8 byte-order mark")
    except UnicodeDecodeError as err:
        try:
            text, encoding = data.decode("cp1252"), "cp1252"
            notes.append(f"decoded as cp1252 (not valid UTF-8: byte {data[err.start]:#04x} at offset {err.start})")
        except UnicodeDecodeError:
            text, encoding = data.decode("latin-1"), "latin-1"
            notes.append(f"decoded as Latin-1 (neither valid UTF-8 nor cp1252: byte {data[err.start]:#04x} "
                         f"at offset {err.start})")
    return _normalise(text, encoding, notes)


def _normalise(text: str, encoding: str, notes: list[str]) -> tuple[str, str, tuple[str, ...]]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text, count = _CONTROL_CHARS.subn("", text)
    if count:
        notes.append(f"removed {count} control character{'s' if count != 1 else ''}")
    text, count = _BREAKS_AND_C1.subn(" ", text)
    if count:
        notes.append(f"turned {count} line separator{'s' if count != 1 else ''} or control character"
                     f"{'s' if count != 1 else ''} (U+2028, U+2029, U+0085, ...) into spaces")
    return unicodedata.normalize("NFC", text), encoding, tuple(notes)


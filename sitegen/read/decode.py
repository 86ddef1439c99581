"""Decoding a seed file's bytes: binary files refused, byte-order marks and declared charsets honoured, text normalised."""

from __future__ import annotations

import codecs
import re
import unicodedata


class Skip(Exception):
    """One file cannot be used; the message says why and what to do."""


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
# Line breaks other than LF, and the C1 controls: each becomes a space, so words stay apart
# (line-based readers of the ICS, CSV and JSON outputs would split an entry there).
_BREAKS_AND_C1 = re.compile("[\x0b\x0c\x80-\x9f\u2028\u2029]")


def charset_of(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type ('text/html; charset=windows-1251' -> 'windows-1251')."""
    if not content_type:
        return None
    m = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", content_type, re.IGNORECASE)
    return m.group(1).lower() if m else None


def decode(data: bytes, declared: str | None = None) -> tuple[str, str, tuple[str, ...]]:
    """Decode bytes to normalised text; return (text, encoding, notes); `Skip` when they are not text.

    UTF-8 first (a BOM of UTF-16/32 is honoured), then the `declared` charset, then cp1252, then Latin-1.
    """
    notes: list[str] = []
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                raise Skip(f"starts with a {codec.upper()} byte-order mark but is not valid {codec.upper()}")\
                    from None
            notes.append(f"decoded as {codec.upper()} (byte-order mark)")
            return _normalise(text.lstrip("\ufeff"), codec, notes)
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise Skip(f"binary file ({kind}), not text; save the article as plain text (.txt)")
    sample = data[:_SAMPLE]
    if sample:
        nuls = sample.count(0)
        controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
        limit = max(BINARY_RATIO * len(sample), _MIN_BINARY_BYTES)
        if nuls > limit or controls > limit:
            raise Skip("binary content (many NUL or control bytes), not text; "
                        "save the article as plain text (.txt)")
    if b"\x00" in data:
        count = data.count(0)
        data = data.replace(b"\x00", b"")
        notes.append(f"removed {count} NUL byte{'s' if count != 1 else ''}")
    encoding = "utf-8"
    try:
        text = data.decode("utf-8")
        if declared and _lookup(declared) not in (None, "utf-8", "ascii"):
            notes.append(f"the page declares charset {declared}, but its bytes are UTF-8; read as UTF-8")
        if text.startswith("\ufeff"):
            text = text[1:]
            notes.append("removed a UTF-8 byte-order mark")
    except UnicodeDecodeError as err:
        known = _codec(declared)
        try:
            if known is None or known == "utf-8":
                raise UnicodeDecodeError("utf-8", b"", 0, 1, "no other charset declared")
            text, encoding = data.decode(known), known
            notes.append(f"decoded as {known} (the charset the page declares; not valid UTF-8)")
            return _normalise(text, encoding, notes)
        except (UnicodeDecodeError, LookupError):
            pass
        try:
            text, encoding = data.decode("cp1252"), "cp1252"
            notes.append(f"decoded as cp1252 (not valid UTF-8: byte {data[err.start]:#04x} at offset {err.start})")
        except UnicodeDecodeError:
            text, encoding = data.decode("latin-1"), "latin-1"
            notes.append(f"decoded as Latin-1 (neither valid UTF-8 nor cp1252: byte {data[err.start]:#04x} "
                         f"at offset {err.start})")
    return _normalise(text, encoding, notes)


def _lookup(name: str) -> str | None:
    """The Python codec name of a charset, or None when Python does not know it."""
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _codec(name: str | None) -> str | None:
    """The codec of a declared charset to try on bytes that are not UTF-8 (never UTF-16/32: no BOM, not those)."""
    codec = _lookup(name) if name else None
    return None if codec is None or codec.startswith(("utf-16", "utf-32")) else codec


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

"""Normalising text for comparison: one slug, one fold, one quote-and-dash table for the whole package."""

from __future__ import annotations

import re
import unicodedata

QUOTES_AND_DASHES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
"""Curly quotes to straight ones, en and em dashes to hyphens: how ids and junk lines compare text."""

_FOLD = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"',
                       "\u2013": "-", "\u2014": "-", "\u00a0": " "})
_SPACE = re.compile(r"\s+")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(name: str, empty: str = "unnamed") -> str:
    """Return an ASCII, lower-case, hyphenated slug ('The Daily Ledger' -> 'the-daily-ledger'); `empty` when nothing is left."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG.sub("-", ascii_name.lower()).strip("-") or empty


def fold(value: str) -> str:
    """Return a lookup key: case-folded, quotes/dashes (and the modifier apostrophe) unified, spaces collapsed."""
    if value.isascii():  # the same result, without NFKC and the translation (both no-ops on ASCII)
        return " ".join(value.lower().split())
    value = unicodedata.normalize("NFKC", value).translate(_FOLD).casefold()
    return _SPACE.sub(" ", value).strip()


def id_key(text: str) -> str:
    """Return the form of a sentence that entry ids hash: NFKC, quotes/dashes unified, lower-cased, spaces folded."""
    text = unicodedata.normalize("NFKC", text).translate(QUOTES_AND_DASHES).lower()
    return _SPACE.sub(" ", text).strip()


def line_key(text: str, *, colon: bool = True) -> str:
    """Return a line as junk patterns compare it: casefolded, quotes/dashes unified, spaces collapsed, no final ':'."""
    folded = _SPACE.sub(" ", text.translate(QUOTES_AND_DASHES).casefold()).strip()
    return folded.rstrip(":").rstrip() if colon else folded

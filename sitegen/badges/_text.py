"""Small text helpers shared by the badge registries (private)."""

from __future__ import annotations

import re
from functools import lru_cache

DASH = "[-\u2010\u2011\u2012\u2013\u2014\u2015]"
APOSTROPHE = "['\u2019\u02bc]"
QUOTE = "[\"\u201c\u201d\u201e]"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=8192)
def literal_pattern(literal: str) -> str:
    """Return a regex for a literal that tolerates any dash, apostrophe, quote and run of spaces."""
    return r"\s+".join("".join(_piece(ch) for ch in chunk) for chunk in _SPACE.split(literal.strip()))


def _piece(ch: str) -> str:
    """Return the pattern of one character of a literal: its class if it is a dash, apostrophe or quote."""
    piece = _PIECES.get(ch)
    if piece is None:
        piece = _PIECES[ch] = re.escape(ch)
    return piece


_PIECES: dict[str, str] = {ch: group for group in (DASH, APOSTROPHE, QUOTE) for ch in group[1:-1]}


_LITERAL_KEY = str.maketrans(
    {**{c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015"}, "\u2019": "'", "\u02bc": "'",
     "\u201c": '"', "\u201d": '"', "\u201e": '"'})


def literal_key(text: str) -> str:
    """Return what `literal_pattern` tolerates, made uniform: any dash, apostrophe, quote or run of spaces.

    Every string a `literal_pattern(literal)` matches has the key `literal_key(literal)`, so a match of
    one big alternation (no named groups, which keep `re` from optimising it) maps back to its literal
    through a dict.
    """
    return _SPACE.sub(" ", text.strip()).translate(_LITERAL_KEY)


_VARIABLE = re.compile(r"\s+|" + DASH + "|" + APOSTROPHE + "|" + QUOTE)


def literal_needle(literal: str) -> str:
    """Return the longest piece of a literal that every match of `literal_pattern(literal)` contains as is."""
    return max(_VARIABLE.split(literal), key=len)


def first_char_guard(literals: list[str], *, any_case: bool = False) -> str:
    """Return a lookahead that admits only the first characters of the literals (a fast pre-filter)."""
    chars: set[str] = set()
    for literal in literals:
        first = literal.strip()[:1]
        if not first:
            return ""
        chars.update((first.lower(), first.upper()) if any_case or not first.isalpha() else (first,))
        if re.fullmatch(APOSTROPHE + "|" + QUOTE + "|" + DASH, first):
            return ""
    return "(?=[" + "".join(re.escape(c) for c in sorted(chars)) + "])" if chars else ""

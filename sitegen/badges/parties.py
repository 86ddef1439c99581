"""Party names in a sentence: outlets', institutions' and ambiguous aliases' spellings, found by where they can start."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from sitegen.badges._text import APOSTROPHE, DASH, QUOTE, literal_key, literal_pattern

__all__ = ["Ambiguous", "PartyNames", "name_pattern"]


@dataclass(frozen=True)
class Ambiguous:
    """Aliases that can mean several parties; resolved through the article's earlier citations."""

    aliases: tuple[str, ...]
    may_mean: tuple[str, ...]
    outlets: bool
    unspecified: str


class PartyNames:
    """Every party name (longest first, as one alternation would try them), found by where they can start.

    A single alternation of hundreds of names is slow twice over: `re` tries every name at every
    word (and named groups, one per name, keep it from optimising at all), and compiling it takes
    most of the knowledge's load time. Here one small pattern finds the positions where some name
    can start; each position tries only the names that can start the way the text does there: with
    its first character, or, at "the" and white space, with the first character after it (most
    names may follow an optional "the"). Those names keep their alternation order and are compiled
    together the first time that start occurs, so the match at a position is the one the whole
    alternation would give, and the scan (leftmost, non-overlapping) is `finditer`'s.
    """

    def __init__(self, names: list[tuple[str, str, tuple[str, str, str] | Ambiguous]], guard: str) -> None:
        self._names = names  # (spelling, pattern, meaning) in alternation order
        self._by_key: dict[str, list[int]] = {}
        self._direct: dict[str, list[int]] = {}  # first character -> names that start with it
        self._after_the: dict[str, list[int]] = {}  # first character after "the " -> names
        tees = _case_variants("t")
        self._tees = frozenset(tees)
        t_names: set[int] = set()
        for i, (spelling, _, meaning) in enumerate(names):
            self._by_key.setdefault(_party_key(spelling), []).append(i)
            optional_the = not isinstance(meaning, Ambiguous) and meaning[1] == "institution"
            after_the, direct = _name_starts(spelling, optional_the=optional_the)
            for char in direct:
                self._direct.setdefault(char, []).append(i)
            for char in after_the:
                self._after_the.setdefault(char, []).append(i)
            if direct & tees:
                t_names.add(i)  # may match at "the " itself, without taking it as the optional article
        self._t_names = sorted(t_names)
        starts = set(self._direct) | (tees if self._after_the else set())
        chars = "".join(re.escape(c) for c in sorted(starts))
        self._starts = re.compile(r"(?<![\w])" + guard + (f"(?=[{chars}])" if chars else r"(?!x)x"))
        self._compiled: dict[tuple[int, ...], re.Pattern[str]] = {}
        self._single: dict[int, re.Pattern[str]] = {}

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """Yield the non-overlapping party names in `text`, left to right."""
        end = 0
        for start in self._starts.finditer(text):
            at = start.start()
            if at < end:
                continue
            candidates = self._candidates(text, at)
            if not candidates:
                continue
            pattern = self._compiled.get(candidates)
            if pattern is None:
                body = "|".join(self._names[i][1] for i in candidates)
                pattern = self._compiled[candidates] = re.compile(f"(?:{body})(?!\\w)")
            hit = pattern.match(text, at)
            if hit is not None:
                end = hit.end()
                yield hit

    def _candidates(self, text: str, at: int) -> tuple[int, ...]:
        """Return the names that can match at `at`, in alternation order."""
        if text[at] in self._tees and self._after_the:
            the = _THE_AND_SPACE.match(text, at)
            if the is not None:
                following = self._after_the.get(text[the.end()], []) if the.end() < len(text) else []
                return tuple(sorted({*following, *self._t_names}))
        return tuple(self._direct.get(text[at], ()))

    def meaning(self, hit: re.Match[str]) -> tuple[str, str, str] | Ambiguous:
        """Return (name, kind, slug) or the Ambiguous alias that a match of `finditer` is."""
        text, start, end = hit.string, hit.start(), hit.end()
        for candidates in (self._by_key.get(_party_key(hit.group(0)), ()), range(len(self._names))):
            for i in candidates:
                single = self._single.get(i)
                if single is None:
                    single = self._single[i] = re.compile(f"(?:{self._names[i][1]})(?!\\w)")
                m = single.match(text, start)
                if m is not None and m.end() == end:
                    return self._names[i][2]
        raise AssertionError(f"no party name matches {hit.group(0)!r}")  # pragma: no cover - see above


_THE_AND_SPACE = re.compile(r"(?i:the)\s+")


def _name_starts(spelling: str, *, optional_the: bool) -> tuple[set[str], set[str]]:
    """Say how a match of `name_pattern(spelling, optional_the=...)` can start.

    Return (the characters it can go on with after "the" and white space, when it can start with
    them; the characters it can start with otherwise).
    """
    words = spelling.split()
    has_the = len(words) > 1 and words[0].lower() == "the"
    rest = words[1:] if has_the else words
    if optional_the:
        first = rest[0]
        chars = _literal_starts(first, any_case=not (first.isupper() and len(first) > 1))
        return chars, chars
    text = " ".join(rest)
    chars = _literal_starts(text, any_case=not any(c.isupper() for c in text))
    return (chars, set()) if has_the else (set(), chars)


def _literal_starts(literal: str, *, any_case: bool) -> set[str]:
    """Return the characters a `literal_pattern(literal)` match starts with (in any case if `any_case`)."""
    first = literal.strip()[:1]
    for group in (DASH, APOSTROPHE, QUOTE):
        if re.fullmatch(group, first):
            return set(group[1:-1].replace("\\", ""))
    return _case_variants(first) if any_case else {first}


def _case_variants(char: str) -> set[str]:
    """Return a character and its other cases (single characters only)."""
    return {v for v in (char, char.lower(), char.upper(), char.swapcase(), char.casefold()) if len(v) == 1}


def _party_key(text: str) -> str:
    """Return a name's lookup key: case-folded, dashes/quotes/spaces uniform, without a leading 'the '."""
    key = literal_key(text).casefold()
    return key.removeprefix("the ")


def name_pattern(spelling: str, *, optional_the: bool = False) -> str:
    """Return the pattern of a party's name.

    Outlets (optional_the=False) match with their capitalisation as written (a leading "The" in any
    case); a name written all in lower case matches in any case. Institutions (optional_the=True)
    match in any case except their all-capital words ("US", "SBU"), and "the" is optional.
    """
    words = spelling.split()
    has_the = len(words) > 1 and words[0].lower() == "the"
    rest = words[1:] if has_the else words
    if optional_the:
        core = r"\s+".join(f"(?-i:{literal_pattern(w)})" if w.isupper() and len(w) > 1 else literal_pattern(w)
                           for w in rest)
        return rf"(?i:(?:the\s+)?{core})"
    text = " ".join(rest)
    core = literal_pattern(text) if any(c.isupper() for c in text) else f"(?i:{literal_pattern(text)})"
    return rf"[Tt]he\s+{core}" if has_the else core

"""Junk patterns: the named line patterns of junk.yaml and the indexed matcher the cleaner runs on each line.

A pattern drops a line by kind: ``exact`` (the whole line, case and quotes folded), ``prefix``
(the line's start, at a word boundary), ``line`` (a regex over the whole line, optionally only
tried when one of its ``requires`` words is present), ``tail`` (the line starts the page's
tail: everything after it is junk) or ``block`` (the line heads promos up to the next paragraph).
Loading and checking the YAML is `sitegen.clean.load`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sitegen.text.normalize import line_key

KINDS = ("exact", "prefix", "line", "tail", "block")

_PREFIX_SPAN = 200  # characters of a line normalised for prefix tests (prefixes are short)
REGEX_MAX_CHARS = 1500  # a longer line is never a regex pattern's junk (the longest, a consent banner, is ~900)
_SPACES = re.compile(r"\s+")


def regex_view(text: str) -> str | None:
    """Return a line as regex patterns see it: whitespace runs as one space; None when over `REGEX_MAX_CHARS`.

    Junk lines are short; bounding what a pattern sees, and collapsing runs of spaces, tabs and
    no-break spaces (which ``\\s+`` and ``\\s*`` match either way), keeps every pattern's time linear
    in the article whatever a line holds (a backtracking pattern over 60,000 spaces took seconds).
    """
    flat = " ".join(text.split())
    return flat if len(flat) <= REGEX_MAX_CHARS else None


@dataclass(frozen=True)
class JunkPattern:
    """One named junk pattern from a junk YAML file."""

    name: str
    kind: str  # exact | prefix | line | tail
    description: str
    texts: tuple[str, ...] = ()
    regex: re.Pattern[str] | None = None
    examples: tuple[str, ...] = ()
    keeps: tuple[str, ...] = ()
    max_words: int | None = None
    source: str = ""  # 'file:line' where it is defined
    requires: tuple[str, ...] = ()  # line kind: casefolded words one of which a line must contain
    anchor: bool = False  # its lines are the byline or time stamp: the headline stands next to them

    def _may_match(self, text: str) -> bool:
        folded = text.casefold()
        return not self.requires or any(word in folded for word in self.requires)

    def matches(self, line: str) -> bool:
        """Return True if this pattern drops `line` (tail patterns: if the line starts the tail)."""
        text = line.strip()
        if not text or (self.max_words is not None and len(text.split()) > self.max_words):
            return False
        if self.kind in ("exact", "tail", "block"):
            return line_key(text) in {line_key(t) for t in self.texts}
        if self.kind == "prefix":
            norm = line_key(text, colon=False)
            return any(_starts(norm, line_key(t, colon=False)) for t in self.texts)
        assert self.regex is not None
        view = regex_view(text)
        return view is not None and self._may_match(text) and self.regex.fullmatch(view) is not None


@dataclass(frozen=True)
class _Check:
    """One pattern compiled for the line loop: exactly one of exact, prefix, regex is set."""

    name: str
    max_words: int | None
    exact: frozenset[str] | None = None
    prefix: re.Pattern[str] | None = None
    regex: re.Pattern[str] | None = None
    requires: frozenset[str] | None = None  # words one of which the casefolded line must contain


@dataclass(frozen=True)
class JunkPatterns:
    """Every junk pattern in force, indexed for fast line tests."""

    patterns: tuple[JunkPattern, ...]
    _checks: tuple[_Check, ...] = field(init=False, repr=False, compare=False)
    _exact: dict[str, tuple[tuple[int, str, int | None], ...]] = field(init=False, repr=False, compare=False)
    _words: tuple[tuple[int, tuple[str, ...]], ...] = field(init=False, repr=False, compare=False)
    _tail: dict[str, str] = field(init=False, repr=False, compare=False)
    _block: dict[str, str] = field(init=False, repr=False, compare=False)
    _exact_max: int = field(init=False, repr=False, compare=False)
    anchors: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        checks: list[_Check] = []
        exact: dict[str, list[tuple[int, str, int | None]]] = {}
        tail: dict[str, str] = {}
        block: dict[str, str] = {}
        longest = 0
        for p in self.patterns:
            if p.kind == "exact":  # one dict lookup for all of them; the order is kept to rank them
                for t in {line_key(t) for t in p.texts}:
                    exact.setdefault(t, []).append((len(checks), p.name, p.max_words))
                checks.append(_Check(p.name, p.max_words, exact=frozenset(line_key(t) for t in p.texts)))
                longest = max([longest, *(len(t) for t in p.texts)])
            elif p.kind == "prefix":
                checks.append(_Check(p.name, p.max_words, prefix=_prefix_regex(p.texts)))
            elif p.kind == "line" and p.regex is not None:
                checks.append(_Check(p.name, p.max_words, regex=p.regex,
                                     requires=frozenset(p.requires) if p.requires else None))
            elif p.kind in ("tail", "block"):
                for t in p.texts:
                    (tail if p.kind == "tail" else block).setdefault(line_key(t), p.name)
                longest = max([longest, *(len(t) for t in p.texts)])
        object.__setattr__(self, "_checks", tuple(checks))
        object.__setattr__(self, "_exact", {t: tuple(v) for t, v in exact.items()})
        # (up to n words, the required words of the checks that test lines that long), n ascending
        limits = sorted({c.max_words for c in checks if c.requires and c.max_words is not None}) + [1 << 30]
        object.__setattr__(self, "_words", tuple(
            (n, tuple(sorted({w for c in checks if c.requires and (c.max_words or n) >= n for w in c.requires})))
            for n in limits))
        object.__setattr__(self, "_tail", tail)
        object.__setattr__(self, "_block", block)
        object.__setattr__(self, "anchors", frozenset(p.name for p in self.patterns if p.anchor))
        object.__setattr__(self, "_exact_max", 2 * longest + 8)  # a longer line cannot equal a text

    def match(self, line: str) -> str | None:
        """Return the name of the first pattern (in file order) that drops `line`, or None."""
        return self.classify(line)[0]

    def classify(self, line: str) -> tuple[str | None, str | None, str | None]:
        """Return (the pattern dropping `line`, the tail it starts, the block it heads), each a name or None."""
        text = line.strip()
        if not text:
            return None, None, None
        head = line_key(text[:_PREFIX_SPAN], colon=False)
        if len(text) > self._exact_max:
            norm = None
        elif len(text) <= _PREFIX_SPAN:
            norm = head.rstrip(":").rstrip()  # what line_key(text) gives, without normalising twice
        else:
            norm = line_key(text)
        words = len(text.split())
        first = len(self._checks)  # the earliest exact pattern holding the line
        found: str | None = None
        for at, name, max_words in self._exact.get(norm, ()) if norm is not None else ():
            if max_words is None or words <= max_words:
                first, found = at, name
                break
        folded = text.casefold()
        view = regex_view(text)
        present: set[str] | None = None  # the required words in the line, found once when first needed
        for check in self._checks[:first]:
            if check.exact is not None or (check.max_words is not None and words > check.max_words):
                continue
            if check.prefix is not None:
                if check.prefix.match(head):
                    found = check.name
                    break
            elif check.regex is not None and view is not None:
                if check.requires is not None:
                    if present is None:
                        needed = next(ws for n, ws in self._words if words <= n)
                        present = {w for w in needed if w in folded}
                    if check.requires.isdisjoint(present):
                        continue
                if check.regex.fullmatch(view):
                    found = check.name
                    break
        if norm is None:
            return found, None, None
        return found, self._tail.get(norm), self._block.get(norm)

    def tail(self, line: str) -> str | None:
        """Return the name of the tail pattern that `line` starts (everything after is junk), or None."""
        return self.classify(line)[1]

    def block(self, line: str) -> str | None:
        """Return the name of the block pattern that `line` heads (promos up to the next paragraph), or None."""
        return self.classify(line)[2]

    def names(self) -> tuple[str, ...]:
        """Return the names of the patterns in force, in order."""
        return tuple(p.name for p in self.patterns)


def _prefix_regex(texts: tuple[str, ...]) -> re.Pattern[str]:
    """One regex matching any of `texts` at the start of a normalised line, at a word boundary."""
    parts = sorted({line_key(t, colon=False) for t in texts}, key=len, reverse=True)
    return re.compile("|".join(re.escape(p) + (r"(?!\w)" if p[-1].isalnum() else "") for p in parts))


def _starts(norm: str, prefix: str) -> bool:
    """True if `norm` starts with `prefix` at a word boundary ('donate' does not start 'donated')."""
    if not norm.startswith(prefix):
        return False
    if len(norm) == len(prefix) or not prefix[-1].isalnum():
        return True
    return not norm[len(prefix)].isalnum()

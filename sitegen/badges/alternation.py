"""An alternation of signature patterns scanned only with the branches that can match a text (the outlet
registry's signatures: sitegen.badges.outlets)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Alternative:
    """One signature's branch of a family's alternation, and a cheap test that it can match at all."""

    pattern: str  # the branch, with its named group
    needle: str  # a substring every match contains ('' when unknown)
    probe: re.Pattern[str] | None = None  # otherwise: the signature's own pattern, searched alone

    def possible(self, text: str) -> bool:
        """Return False when this branch matches nowhere in `text`."""
        if self.needle:
            return self.needle in text
        return self.probe is None or self.probe.search(text) is not None


class Family:
    """An alternation of signature patterns, scanned only with the branches that can match the text.

    The full alternation tries every branch at every character (tens of them: milliseconds per
    article). A branch that matches nowhere in the text changes nothing in the alternation's
    matches, so only the possible ones (usually none or one, found by plain substring tests) are
    joined, in their original order; the joined patterns are compiled once and kept.
    """

    _KEEP = 256  # compiled combinations kept

    def __init__(self, alternatives: list[Alternative], flags: int = 0) -> None:
        self._alternatives = tuple(alternatives)
        self._flags = flags
        self._compiled: dict[tuple[str, ...], re.Pattern[str]] = {}

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """Yield the alternation's matches in `text`, exactly as the full alternation would."""
        branches = tuple(a.pattern for a in self._alternatives if a.possible(text))
        if not branches:
            return iter(())
        pattern = self._compiled.get(branches)
        if pattern is None:
            pattern = re.compile("|".join(branches), self._flags)
            if len(self._compiled) < self._KEEP:
                self._compiled[branches] = pattern
        return pattern.finditer(text)

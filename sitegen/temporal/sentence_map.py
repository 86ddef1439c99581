"""Where the sentences of a tagged text are: the article stage's own, or the one splitter's, line by line on demand.

The splitter is sitegen/text/sentences.py; the tagger never splits sentences itself. A text
given without sentences (`sitegen dates FILE`) is split one line (paragraph) at a time, and only
the lines a rule asks about, which keeps tagging fast.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from sitegen.models import Sentence
from sitegen.text.sentences import Abbreviations, split_sentences


class SentenceMap:
    """Find the sentence holding an offset and count sentences between two offsets."""

    def __init__(self, text: str, abbreviations: Abbreviations, sentences: Sequence[Sentence] | None = None) -> None:
        self._text = text
        self._abbr = abbreviations
        self._given = tuple(sentences) if sentences is not None else None
        self._starts = [s.start for s in self._given] if self._given is not None else []
        self._line_starts: list[int] | None = None  # found on first need
        self._split: dict[int, tuple[Sentence, ...]] = {}

    @property
    def _lines(self) -> list[int]:
        """Return the start offset of every line of the text."""
        if self._line_starts is None:
            text, lines = self._text, [0]
            at = text.find("\n")
            while at >= 0:
                lines.append(at + 1)
                at = text.find("\n", at + 1)
            self._line_starts = lines
        return self._line_starts

    def _line(self, number: int) -> tuple[Sentence, ...]:
        """Return the sentences of one line (split once), offsets into the whole text."""
        known = self._split.get(number)
        if known is None:
            begin = self._lines[number]
            end = self._lines[number + 1] - 1 if number + 1 < len(self._lines) else len(self._text)
            known = tuple(Sentence(index=s.index, paragraph=number, start=begin + s.start, end=begin + s.end,
                                   text=s.text)
                          for s in split_sentences((self._text[begin:end],), self._abbr))
            self._split[number] = known
        return known

    def _locate(self, offset: int) -> tuple[int, int]:
        """Return (line, index in line) of the sentence holding or preceding offset; index -1 before any."""
        if self._given is not None:
            return 0, bisect_right(self._starts, offset) - 1
        line = bisect_right(self._lines, offset) - 1
        sentences = self._line(line)
        k = len(sentences) - 1
        while k >= 0 and sentences[k].start > offset:
            k -= 1
        return line, k

    def of(self, offset: int) -> Sentence | None:
        """Return the sentence that holds offset (its end included), None outside every sentence."""
        line, k = self._locate(offset)
        if k < 0:
            return None
        s = self._given[k] if self._given is not None else self._line(line)[k]
        return s if s.start <= offset <= s.end else None

    def all(self) -> tuple[Sentence, ...]:
        """Return every sentence of the text, in order."""
        if self._given is not None:
            return self._given
        return tuple(s for n in range(len(self._lines)) for s in self._line(n))

    def distance(self, a: int, b: int, limit: int | None = None) -> int:
        """Return how many sentences the one holding b comes after the one holding a (a <= b).

        With limit, any number over limit may be returned once the distance is known to exceed it.
        """
        line_a, k_a = self._locate(a)
        line_b, k_b = self._locate(b)
        if line_a == line_b:
            return k_b - k_a
        if limit is not None:  # every non-blank line holds a sentence: count those before splitting any
            lines, text = self._lines, self._text
            full = sum(1 for n in range(line_a + 1, line_b) if text[lines[n]:lines[n + 1]].strip())
            if full > limit:
                return full
        between = sum(len(self._line(n)) for n in range(line_a + 1, line_b))
        return len(self._line(line_a)) - 1 - k_a + between + k_b + 1

"""What a hit's surroundings say: its sentence, its clause's tense, the words around it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from sitegen.models import Sentence
from sitegen.temporal.lexicon import TemporalLexicon
from sitegen.text.sentences import Abbreviations, default_abbreviations, split_sentences

if TYPE_CHECKING:
    from sitegen.temporal.patterns import Patterns
    from sitegen.temporal.sentence_map import SentenceMap

_FINAL = re.compile(r"[.!?…]")  # where a sentence may end (see sitegen/text/sentences.py)
_WORD_EXTRA = "_$€£#%'’."
_LAST_TOKEN = re.compile(r"(\S+)\s*$")
_NEXT_WORD = re.compile(r"\W*?([\w%$€£'’]+)")
_WORD_AFTER = re.compile(r"[ \t]*[\"“‘'(\[«]*([\w’'-]+)")
_CLAUSE_LEFT = re.compile(r"[;:\"“”]|,\s|\b(?:said|says|told|added|announced|reported|but|while)\b")
_CLAUSE_RIGHT = re.compile(r"[,;:!?\"“”]|\b(?:said|says|told|added|but|while|that|which|who)\b")
_LEAD_WORD = re.compile(r"\s*(?:(?:also|again|formally|officially|reportedly|now)\s+)?\S+")
_PAST = re.compile(r"\b(?:was|were|had|did|been|ago|last|\w{3,}ed)\b")
_OPENER = re.compile(r"^[\s\"“‘(]*(?:(?:On|In|By|Since|From|Until|Earlier|Later|Early|Late|And|But|Then)\s+)?$")
WRAP_MIN_LINE = 30  # a shorter line (a headline, a dateline, a list item) is never a wrapped one
_WRAP_ENDS = ",;-(&/"  # a line ending in one of these goes on on the next line


def _wrapped(text: str, line_start: int, at: int) -> bool:
    """Tell whether the line break at offset `at` only wraps a sentence (hard-wrapped wire copy, transcripts)."""
    k = at - 1
    while k >= line_start and text[k] in " \t\r":
        k -= 1
    if k - line_start + 1 < WRAP_MIN_LINE:
        return False
    end_char = text[k]
    if end_char not in _WRAP_ENDS and not end_char.isalnum():
        return False  # a sentence or a heading ends the line
    j, size = at + 1, len(text)
    while j < size and text[j] in " \t":
        j += 1
    if j >= size or text[j] in "\r\n-*•#>|":
        return False  # a paragraph break, the end, or a list
    nxt = text[j]
    if nxt.islower() or nxt.isdigit() or end_char in _WRAP_ENDS:
        return True
    last = text[max(text.rfind(" ", line_start, k), line_start - 1) + 1:k + 1]
    return last.isalpha() and last.islower()  # "... by the police in" / "December for driving"


def unwrap(text: str) -> str:
    """Return text with the line breaks that only wrap a sentence made spaces (same length and offsets).

    Wire copy and transcripts break lines mid-sentence ("police in\nDecember"); the tense and
    neighbour-word rules must read through those breaks, but not through a paragraph or a headline.
    """
    at = text.find("\n")
    if at < 0:
        return text
    pieces: list[str] = []
    done = line_start = 0
    while at >= 0:
        if _wrapped(text, line_start, at):
            pieces.append(text[done:at])
            pieces.append(" ")
            done = at + 1
        line_start = at + 1
        at = text.find("\n", line_start)
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


def split_text(text: str, abbreviations: Abbreviations | None = None) -> tuple[Sentence, ...]:
    """Split a whole text with the one sentence splitter (sitegen/text/sentences.py), offsets into text.

    Every line is a paragraph (a line break always ends a sentence).
    """
    lines = tuple(text.split("\n"))
    # split_sentences joins paragraphs with two characters, the text with one
    return tuple(Sentence(index=s.index, paragraph=s.paragraph, start=s.start - s.paragraph, end=s.end - s.paragraph,
                          text=s.text)
                 for s in split_sentences(lines, abbreviations or default_abbreviations()))


@dataclass
class Context:
    """One text being tagged: its sentences, publication date and lazily computed facts."""

    text: str  # the text the rules read: the source with wrapped line breaks made spaces
    published: date | None
    lex: TemporalLexicon
    pats: Patterns
    sentences: SentenceMap  # the splitter's sentences
    source: str = ""  # the text as given, whose slices become mention texts
    _day_first: bool | None = None
    _day_first_known: bool = False
    antecedents: dict[tuple[int, int], bool] = field(default_factory=dict)  # span -> may be an antecedent

    def original(self, start: int, end: int) -> str:
        """Return the source text between two offsets (line breaks as written)."""
        return (self.source or self.text)[start:end]

    def word_before(self, start: int) -> str:
        """Return the word right before offset start ('' at a sentence or clause start)."""
        text, i = self.text, start - 1
        lo = max(0, start - 24)
        while i >= lo and not (text[i].isalnum() or text[i] in _WORD_EXTRA):
            if text[i] in "!?\n;:":
                return ""
            i -= 1
        j = i
        while j >= lo and (text[j].isalnum() or text[j] in _WORD_EXTRA):
            j -= 1
        return text[j + 1:i + 1]

    def token_before(self, start: int) -> str:
        """Return the non-space token right before offset start, punctuation included."""
        m = _LAST_TOKEN.search(self.text, max(0, start - 24), start)
        return m.group(1) if m else ""

    def word_after(self, end: int) -> str:
        """Return the word right after offset end ('' when punctuation intervenes)."""
        m = _NEXT_WORD.match(self.text, end, min(len(self.text), end + 30))
        if not m:
            return ""
        between = self.text[end:m.start(1)]
        if between != " " and any(c in between for c in ".!?\n;:,()"):
            return ""
        return m.group(1)

    @property
    def abbreviations(self) -> Abbreviations:
        """Return the sentence splitter's abbreviation lists this text is read with."""
        return self.lex.abbreviations or default_abbreviations()

    def sentence_of(self, offset: int) -> Sentence | None:
        """Return the sentence that holds offset, None outside every sentence."""
        return self.sentences.of(offset)

    def local_sentence(self, start: int, end: int, reach: int = 160) -> tuple[int, int]:
        """Return the bounds of the sentence around [start, end), at most reach characters away.

        Sentences end only at a line break or at sentence-final punctuation, so a window with
        neither needs no splitting (the common case, and much faster).
        """
        text = self.text
        lo, hi = max(0, start - reach), min(len(text), end + reach)
        brk = text.rfind("\n", lo, start)
        lo = brk + 1 if brk >= 0 else lo
        brk = text.find("\n", end, hi)
        hi = brk if brk >= 0 else hi
        if _FINAL.search(text, lo, start) is None and _FINAL.search(text, end, hi) is None:
            return lo, hi
        s = self.sentences.of(start)
        if s is None:
            return lo, hi
        return max(s.start, start - reach), max(end, min(s.end, end + reach))

    def is_future(self, start: int, end: int) -> bool:
        """Tell whether the clause around [start, end) speaks of a time after publication."""
        s_start, s_end = self.local_sentence(start, end, 90)
        left = self.text[max(s_start, start - 70):start]
        cut = None
        for cut in _CLAUSE_LEFT.finditer(left):
            pass
        if cut is not None:
            left = left[cut.end():]
        right_text = self.text[end:min(s_end, end + 70)]
        at_opening = (s_start > start - 90 or s_start == 0) and _OPENER.match(self.text[s_start:start])
        if at_opening and right_text.lstrip().startswith(","):
            right_text = right_text.lstrip()[1:]
        right = right_text
        for stop in _CLAUSE_RIGHT.finditer(right_text):
            right = right_text[:stop.start()]
            break
        if not at_opening:
            # mid-sentence, the clause's verb is on the left ("will meet on Thursday"); on the right only
            # a verb right after the hit counts ("on Thursday will announce"), not a later clause
            # ("said on Monday they would ...")
            lead = _LEAD_WORD.match(right)
            right = right[:lead.end()] if lead else ""
        return bool(self.pats.future.search(left) or self.pats.future.search(right)
                    or self.pats.modal.search(left))

    def sentence_is_future(self, start: int, end: int) -> bool:
        """Tell whether the sentence around [start, end) has a future word anywhere ("would", "will")."""
        s_start, s_end = self.local_sentence(start, end)
        return self.pats.future.search(self.text, s_start, s_end) is not None

    def has_past_cue(self, start: int) -> bool:
        """Tell whether the sentence holding start has a past-tense word (was, had, -ed)."""
        s_start, s_end = self.local_sentence(start, start)
        return _PAST.search(self.text, s_start, s_end) is not None

    @property
    def day_first(self) -> bool | None:
        """Return whether numeric dates in this text put the day first (None when unknown)."""
        if not self._day_first_known:
            self._day_first_known = True
            self._day_first = _infer_day_first(self.text, self.pats)
        return self._day_first


def _infer_day_first(text: str, pats: Patterns) -> bool | None:
    dots = False
    for m in pats.numeric.finditer(text):
        a, b = int(m["a"]), int(m["b"])
        if a > 12 >= b:
            return True
        if b > 12 >= a:
            return False
        dots = dots or m["sep"] == "."
    if dots:
        return True
    dmy = sum(1 for m in pats.dmy.finditer(text) if m["y"])
    mdy = sum(1 for m in pats.mdy.finditer(text) if m["y"])
    if dmy > mdy:
        return True
    if mdy > dmy:
        return False
    return None


class Hit:
    """A family match: the core regex match plus the optional words matched before it."""

    __slots__ = ("_start", "back", "core", "text")

    def __init__(self, core: re.Match[str], back: re.Match[str] | None, text: str) -> None:
        self.core = core
        self.back = back
        self.text = text
        self._start = back.start() if back is not None and back.start() < core.start() else core.start()

    def __getitem__(self, name: str) -> str:
        """Return a named group from the core, else from the words before it ('' when absent)."""
        value: str | None = self.core.group(name) if name in self.core.re.groupindex else None
        if value is None and self.back is not None and name in self.back.re.groupindex:
            value = self.back.group(name)
        return value or ""

    def start(self, name: str | None = None) -> int:
        """Return the start of the whole expression, or of a named group."""
        if name is None:
            return self._start
        if name in self.core.groupdict():
            return self.core.start(name)
        assert self.back is not None
        return self.back.start(name)

    def end(self) -> int:
        """Return the end of the expression."""
        return self.core.end()

    def group(self) -> str:
        """Return the expression's text."""
        return self.text[self._start:self.core.end()]

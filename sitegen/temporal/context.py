"""What a hit's surroundings say: its sentence, its clause's tense, the words around it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from sitegen.temporal.lexicon import Lexicon
from sitegen.temporal.patterns import Patterns
from sitegen.text.sentences import Abbreviations, default_abbreviations

_BOUNDARY = re.compile(r"[.!?]+[\"”’')\]]*[ \t]+(?=[\"“‘(\[]?[A-Z0-9])|\n\s*")
_WORD_EXTRA = "_$€£#%'’."
_LAST_TOKEN = re.compile(r"(\S+)\s*$")
_NEXT_WORD = re.compile(r"\W*?([\w%$€£'’]+)")
_WORD_BEFORE = re.compile(r"\S{1,60}\Z")
_WORD_AFTER = re.compile(r"[ \t]*[\"“‘'(\[«]*([\w’'-]+)")
_LEADING = "\"“‘'([«"
_DOTTED = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")  # U.S, e.g, a.m (the final period is the cut)
_INITIAL = re.compile(r"[A-Z]")
_CAMEL = re.compile(r"[a-z][A-Z]")  # iPhone: a lowercase start that still starts a sentence
_CLAUSE_LEFT = re.compile(r"[;:\"“”]|,\s|\b(?:said|says|told|added|announced|reported|but|while)\b")
_CLAUSE_RIGHT = re.compile(r"[,;:.!?\"“”]|\b(?:said|says|told|added|but|while|that|which|who)\b")
_SENTENCE_CUT = re.compile(r"[.!?][\"”’')\]]*\s|\n")
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


def abbreviation_period(text: str, dot: int, abbr: Abbreviations) -> bool:
    """Tell whether the period at offset dot closes an abbreviation ("U.S.", "p.m.", "Gov.") and not a sentence.

    The rules and word lists are the sentence splitter's (sitegen/text/sentences.py,
    sitegen/data/abbreviations.yaml): a lowercase word after the period never starts a
    sentence; titles and initials never end one; "No." does not before a number; "U.S.",
    "p.m." and other dotted words end one only before a usual sentence starter.
    """
    after = _WORD_AFTER.match(text, dot + 1)
    if after is None:
        return False
    first = text[after.start(1)]
    if first.islower() and _CAMEL.match(text, after.start(1)) is None:
        return True
    before = _WORD_BEFORE.search(text, max(0, dot - 60), dot)
    word = before.group(0).lstrip(_LEADING) if before else ""
    if not word:
        return False
    key = word.casefold()
    if key in abbr.never_end or _INITIAL.fullmatch(word):
        return True
    if key in abbr.before_number and first.isdigit():
        return True
    if key in abbr.may_end or _DOTTED.fullmatch(word):
        return after.group(1) not in abbr.sentence_starters
    return False


def real_cut(text: str, m: re.Match[str], abbr: Abbreviations) -> bool:
    """Tell whether a match of the cut pattern (a full stop, ! or ? before a space, or a newline) ends a sentence.

    A period that closes an abbreviation is no cut ("will meet U.S. President Biden on Sunday").
    """
    at, end = m.span()
    if text[at] != "." or end - at != 2 or text[at + 1] not in " \t":
        return True
    word = text[text.rfind(" ", max(0, at - 60), at) + 1:at]
    key = word.casefold()
    if len(word) > 1 and word.isalpha() and text[end:end + 1].isupper() \
            and key not in abbr.never_end and key not in abbr.may_end and key not in abbr.before_number:
        return True  # the plain case: a word, a full stop, a capital
    return not abbreviation_period(text, at, abbr)


def sentence_starts(text: str, abbreviations: Abbreviations | None = None) -> list[int]:
    """Return the start offsets of the sentences of text (a light splitter that knows abbreviations)."""
    abbr = abbreviations or default_abbreviations()
    starts = [0]
    for m in _BOUNDARY.finditer(text):
        if "\n" in m.group():
            starts.append(m.end())
            continue
        if m.group().rstrip(" \t") == "." and abbreviation_period(text, m.start(), abbr):
            continue  # "Mr.", "U.S. President", "A.", "Aug."
        starts.append(m.end())
    return starts


@dataclass
class Context:
    """One text being tagged: its sentences, publication date and lazily computed facts."""

    text: str  # the text the rules read: the source with wrapped line breaks made spaces
    published: date | None
    lex: Lexicon
    pats: Patterns
    source: str = ""  # the text as given, whose slices become mention texts
    _day_first: bool | None = None
    _day_first_known: bool = False
    _cut_memo: dict[int, bool] = field(default_factory=dict)  # cut offset -> ends a sentence

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

    def _real_cut(self, m: re.Match[str]) -> bool:
        at = m.start()
        known = self._cut_memo.get(at)
        if known is None:
            known = self._cut_memo[at] = real_cut(self.text, m, self.abbreviations)
        return known

    def cuts_between(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """Return the (start, end) of the sentence cuts within [lo, hi), abbreviation periods left out."""
        return [m.span() for m in _SENTENCE_CUT.finditer(self.text, lo, hi) if self._real_cut(m)]

    def local_sentence(self, start: int, end: int, reach: int = 160) -> tuple[int, int]:
        """Return the bounds of the sentence around [start, end), looking at most reach characters away."""
        text = self.text
        lo = max(0, start - reach)
        s_start = lo
        for cut in reversed(list(_SENTENCE_CUT.finditer(text, lo, start))):
            if self._real_cut(cut):
                s_start = cut.end()
                break
        hi = min(len(text), end + reach)
        for cut in _SENTENCE_CUT.finditer(text, end, hi):
            if self._real_cut(cut):
                return s_start, cut.start() + 1
        return s_start, hi

    def is_future(self, start: int, end: int) -> bool:
        """Tell whether the clause around [start, end) speaks of a time after publication."""
        s_start, s_end = self.local_sentence(start, end, 90)
        left = self.text[max(s_start, start - 70):start]
        cut = None
        for cut in _CLAUSE_LEFT.finditer(left):
            pass
        if cut is not None:
            left = left[cut.end():]
        right_at = end  # where right_text starts in the text
        right_text = self.text[end:min(s_end, end + 70)]
        at_opening = (s_start > start - 90 or s_start == 0) and _OPENER.match(self.text[s_start:start])
        if at_opening and right_text.lstrip().startswith(","):
            right_at += len(right_text) - len(right_text.lstrip()) + 1
            right_text = right_text.lstrip()[1:]
        right = right_text
        for stop in _CLAUSE_RIGHT.finditer(right_text):
            if stop.group() == "." and abbreviation_period(self.text, right_at + stop.start(), self.abbreviations):
                continue  # "On Sunday, U.S. officials will …": an abbreviation goes on
            right = right_text[:stop.start()]
            break
        if not at_opening:
            # mid-sentence, the clause's verb is on the left ("will meet on Thursday"); on the right only
            # a verb right after the hit counts ("on Thursday will announce"), not a later clause
            # ("said on Monday they would ...")
            lead = _LEAD_WORD.match(right)
            right = right[:lead.end()] if lead else ""
        return bool(self.pats.future.search(left) or self.pats.future.search(right))

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

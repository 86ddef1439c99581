"""Sentence splitting for article bodies, minding abbreviations, initials, decimals, ellipses and quotes.

A boundary is sentence-final punctuation (``. ! ? …``) plus any closing quotes or
brackets, followed by white space and a character that can start a sentence
(a capital, a digit or an opening quote/bracket). A lowercase next word never
starts a sentence ("5 p.m. on Monday", "All they need... is our help."). After
a period the word before it decides (lists in ``sitegen/data/abbreviations.yaml``):

* ``never_end`` abbreviations and single-letter initials ("Gen.", "J. R.") never end one;
* ``before_number`` ones ("No. 5") do not when a number follows;
* ``may_end`` ones ("U.S.", "p.m.", "Inc.") and dotted acronyms end one only when the
  next word is a usual sentence starter ("… the U.S. The …"); the same holds after an ellipsis.

A sentence ending inside closing quotes (``."`` / ``.”``) ends after the quotes.
Paragraph breaks always end a sentence; no sentence is ever empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sitegen import DATA_DIR
from sitegen.models import Sentence
from sitegen.yamlload import load_yaml
from sitegen.ynode import YNode

PACKAGED_ABBREVIATIONS = DATA_DIR / "abbreviations.yaml"
SITE_ABBREVIATIONS = "abbreviations.yaml"  # under the content folder
_KEYS = ("never_end", "may_end", "before_number", "sentence_starters")

# Starts only where a punctuation run starts (the lookbehind keeps long runs linear).
_CANDIDATE = re.compile(r"(?<![.!?…])[.!?…]+[\"'”’»)\]]*(?=\s)")
_WORD_BEFORE = re.compile(r"\S{1,60}\Z")
_WORD_AFTER = re.compile(r"[\"“‘'(\[«]*([\w’'-]+)")
_NEXT = re.compile(r"\s+(\S)")
_OPENERS = frozenset("\"“‘'([«¿¡")
_LEADING = "\"“‘'([«"
_DOTTED = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")  # U.S, e.g, a.m (the final period is the boundary)
_INITIAL = re.compile(r"[A-Z]")
_CAMEL = re.compile(r"[a-z][A-Z]")  # iPhone, eBay: a lowercase start that still starts a sentence
_DETACHED_QUOTE = re.compile(r"[ \t]+\"(?=\s)")  # '. " He' in spaced-out text closes the quote


@dataclass(frozen=True)
class Abbreviations:
    """Word lists the splitter uses; compare with `.casefold()` keys (starters are case-sensitive)."""

    never_end: frozenset[str]
    may_end: frozenset[str]
    before_number: frozenset[str]
    sentence_starters: frozenset[str]


def load_abbreviations(content_dir: Path | None = None) -> Abbreviations:
    """Load the packaged abbreviation lists plus `content/abbreviations.yaml` if present."""
    lists = _read_lists(PACKAGED_ABBREVIATIONS)
    if content_dir is not None and (content_dir / SITE_ABBREVIATIONS).is_file():
        for key, words in _read_lists(content_dir / SITE_ABBREVIATIONS).items():
            lists[key] = lists.get(key, set()) | words
    return Abbreviations(
        never_end=frozenset(w.casefold() for w in lists.get("never_end", set())),
        may_end=frozenset(w.casefold() for w in lists.get("may_end", set())),
        before_number=frozenset(w.casefold() for w in lists.get("before_number", set())),
        sentence_starters=frozenset(lists.get("sentence_starters", set())),
    )


def _read_lists(path: Path) -> dict[str, set[str]]:
    root = load_yaml(path)
    if root.value is None:
        return {}
    lists: dict[str, set[str]] = {}
    for key, node in root.mapping(_KEYS).items():
        lists[key] = {_word(item) for item in node.sequence()}
    return lists


def _word(node: YNode) -> str:
    word = node.as_str().strip()
    if not word or any(c.isspace() for c in word):
        raise node.error("expected one word (an abbreviation without its final period)")
    return word.rstrip(".")


@lru_cache(maxsize=1)
def default_abbreviations() -> Abbreviations:
    """Return the packaged abbreviation lists (loaded once)."""
    return load_abbreviations(None)


def split_sentences(paragraphs: tuple[str, ...], abbreviations: Abbreviations | None = None) -> tuple[Sentence, ...]:
    """Split paragraphs into sentences with offsets into ``"\\n\\n".join(paragraphs)``."""
    abbr = abbreviations or default_abbreviations()
    sentences: list[Sentence] = []
    offset = 0
    for number, paragraph in enumerate(paragraphs):
        for start, end in _spans(paragraph, abbr):
            sentences.append(Sentence(index=len(sentences), paragraph=number, start=offset + start,
                                      end=offset + end, text=paragraph[start:end]))
        offset += len(paragraph) + 2
    return tuple(sentences)


def _spans(text: str, abbr: Abbreviations) -> list[tuple[int, int]]:
    """Return (start, end) of each sentence in one paragraph, trimmed of surrounding space."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _CANDIDATE.finditer(text):
        if m.start() < start:
            continue  # inside a detached closing quote already taken
        if _ends_here(text, m, abbr):
            end = m.end()
            quote = _DETACHED_QUOTE.match(text, end)
            if quote is not None and _odd_quotes(text, start, end):
                end = quote.end()
            _add(text, start, end, spans)
            start = end
    _add(text, start, len(text), spans)
    return spans


def _odd_quotes(text: str, start: int, end: int) -> bool:
    """True when the sentence so far leaves a straight double quote open."""
    return text.count('"', start, end) % 2 == 1


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))


def _ends_here(text: str, m: re.Match[str], abbr: Abbreviations) -> bool:
    """Decide whether the punctuation matched by `m` ends a sentence."""
    nxt = _NEXT.match(text, m.end())
    if nxt is None:
        return False  # only white space follows: the paragraph's end closes the sentence
    first = nxt.group(1)
    if not (first.isupper() or first.isdigit() or first in _OPENERS
            or _CAMEL.match(text, nxt.start(1)) is not None):
        return False
    punct = m.group(0).rstrip("\"'”’»)]")
    after = _WORD_AFTER.match(text, nxt.start(1))
    next_word = after.group(1) if after else ""
    if "!" in punct or "?" in punct:
        return True
    if punct != ".":  # an ellipsis: a pause as often as an end
        return next_word in abbr.sentence_starters
    before = _WORD_BEFORE.search(text, max(0, m.start() - 60), m.start())
    word = before.group(0).lstrip(_LEADING) if before else ""
    if not word:
        return True
    key = word.casefold()
    if key in abbr.never_end or _INITIAL.fullmatch(word):
        return False
    if key in abbr.before_number and first.isdigit():
        return False
    if key in abbr.may_end or _DOTTED.fullmatch(word):
        return next_word in abbr.sentence_starters
    return True

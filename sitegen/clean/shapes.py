"""The shapes of a page's lines that the cleaner judges by (sitegen.clean.page): what ends as a sentence, a
standfirst, a related-story headline, a real paragraph, a menu item, a name line; a headline without its site
suffix. Text in, yes or no out: no line is dropped here."""

from __future__ import annotations

import re

from sitegen.text.normalize import line_key

STANDFIRST_WORDS = (4, 45)
RELATED_WORDS = (5, 20)
RELATED_MAX_CHARS = 160
REAL_PARAGRAPH_MIN_WORDS = 8
HEADLINE_SENTENCE_WORDS = 8  # a first line ending in '.' with this many words is also a body sentence
MENU_MAX_WORDS = 3  # menu items and author-box lines are this short
AUTHOR_NAME_WORDS = 4  # an author box's name line has 2 to this many capitalised words
TRAILING_CLOSERS = "\"'”’»)]"
SENTENCE_END = frozenset(".!?…:;")
SITE_SUFFIX_MAX = 60  # characters of a site name after the headline's last " | "
NAME_WORD = re.compile(r"[A-Z][\w’'.-]*")


def cut_site_suffix(text: str) -> str:
    """Return a headline without its site suffix ("… | Daily Ledger"): linear, whatever the line holds.

    The suffix is the text after the last '|' when whitespace stands on both sides of that bar
    and 1 to `SITE_SUFFIX_MAX` characters follow the whitespace after it; the whitespace
    before the bar goes too. (The regex ``\\s+\\|\\s+[^|]{1,60}$`` says the same but backtracks
    quadratically over a long run of spaces.)
    """
    bar = text.rfind("|")
    if bar <= 0 or not text[bar - 1].isspace():
        return text
    after = text[bar + 1:]
    gap = len(after) - len(after.lstrip())
    if gap == 0 or len(after) < 2 or len(after) - min(gap, len(after) - 1) > SITE_SUFFIX_MAX:
        return text
    return text[:bar].rstrip()


def headline_key(text: str) -> str:
    """Return what two copies of a headline share: its line key without site suffix or final period."""
    return line_key(cut_site_suffix(text)).rstrip(".!").rstrip()


def ends_as_sentence(text: str) -> bool:
    """True for a line that ends as a sentence does (. ! ? … : ;), closing quotes and brackets aside."""
    core = text.rstrip().rstrip(TRAILING_CLOSERS).rstrip()
    return bool(core) and core[-1] in SENTENCE_END


def is_standfirst(text: str) -> bool:
    """True for a short line (STANDFIRST_WORDS) that does not end as a sentence: a standfirst under a headline."""
    low, high = STANDFIRST_WORDS
    return low <= len(text.split()) <= high and not ends_as_sentence(text)


def is_related_headline(text: str) -> bool:
    """True for a line shaped like another story's headline (RELATED_WORDS, no final punctuation)."""
    low, high = RELATED_WORDS
    return len(text) <= RELATED_MAX_CHARS and low <= len(text.split()) <= high and not ends_as_sentence(text)


def is_real_paragraph(text: str) -> bool:
    """True for a line long enough (REAL_PARAGRAPH_MIN_WORDS) that ends as a sentence: the article's own."""
    return len(text.split()) >= REAL_PARAGRAPH_MIN_WORDS and ends_as_sentence(text)


def reads_as_sentence(text: str) -> bool:
    """True for a first line that is a body sentence rather than a headline."""
    core = text.rstrip().rstrip(TRAILING_CLOSERS).rstrip()
    return core.endswith(".") and len(text.split()) >= HEADLINE_SENTENCE_WORDS


def is_name_line(text: str) -> bool:
    """True for a line that is only a person's name: 2–4 capitalised words, no punctuation at the end."""
    words = text.split()
    return 2 <= len(words) <= AUTHOR_NAME_WORDS and all(NAME_WORD.fullmatch(w) for w in words)


def is_menu_item(text: str) -> bool:
    """True for a very short line (MENU_MAX_WORDS) that does not end as a sentence: a menu item or label."""
    return len(text.split()) <= MENU_MAX_WORDS and not ends_as_sentence(text)

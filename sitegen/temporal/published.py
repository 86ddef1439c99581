"""detect_published: the publication date an article's own text states (stamp, dateline)."""

from __future__ import annotations

import re
from datetime import date

from sitegen.models import Mention, PublishedStamp
from sitegen.temporal.lexicon import default_lexicon
from sitegen.temporal.resolve import safe_date
from sitegen.temporal.tagger import tag

TOP_LINES = 12  # stamps and datelines count at least this far down, whatever the page looks like
MAX_TOP_LINES = 80  # and never further down than this, however long the page's menu
PROSE_WORDS = 12  # a line of at least this many words ending a sentence is prose (a body paragraph)

_LABEL = re.compile(r"^\s*(?P<label>(?:first\s+)?published|posted|(?:last\s+)?updated|last\s+modified)\b",
                    re.IGNORECASE)
_TIME = re.compile(r"(?<![\d.])(?:[01]?\d|2[0-3])[:.][0-5]\d(?::[0-5]\d)?(?:\s*(?:[ap]\.m\.|[AaPp][Mm]\b))?"
                   r"|\b(?:GMT|UTC)\s*[+-]\s*\d{1,2}(?::?\d\d)?"
                   r"|\b(?:\d+|an?)\s*(?:seconds?|secs?|hours?|hrs?|minutes?|mins?|days?|weeks?|months?|years?)\s+ago\b"
                   r"|\b\d+\s*min(?:ute)?s?\s+read\b|\bjust\s+now\b",
                   re.IGNORECASE)
_BYLINE = re.compile(r"^\s*By\s+\S")
# "Jane Doe — Thursday, 15 August 2024, 20:54": names, a dash or bar, then the stamp
_DASH_BYLINE = re.compile(r"^\s*[A-Z][\w.'’-]*(?:\s+[\w.'’&-]+){1,7}\s+[—–|]\s+\S")
# "May 13, 2024 - Press ISW": the stamp, a dash or bar, then a label of capitalised words
_LABEL_TAIL = re.compile(r"\s+[—–|-]\s+(?:[A-Z][\w.'’&-]*\s*){1,4}$")
# "May 14, 20241:05 PM": a year glued to the clock time after it
_GLUED_YEAR = re.compile(r"(?<![\d.:/-])((?:19|20)\d\d)((?:[01]?\d|2[0-3])[:.][0-5]\d(?!\d))")
# "…GMT+1Updated 2 hours ago": an update note after the stamp, glued or not
_UPDATED_TAIL = re.compile(r"(?<![A-Za-z])(?<!^)(?:[Ll]ast\s+)?(?:[Uu]pdated|UPDATED)\b")
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*$")
_NOISE = re.compile(
    r"(?i:\b(?:first|last|published|posted|updated|modified|originally|on|at|date|time|gmt|utc|bst|cet|cest"
    r"|eet|eest|msk|est|edt|et|pt|pst|pdt)\b)|[+-]\d{1,2}(?::?\d\d)?\b|[|•·,.:;/\-–—()\[\]\s]+"
)
_WORDS = re.compile(r"[\w.'’&-]+")
_BYLINE_JOINS = frozenset({"and", "&", "of", "the", "for", "in"})
_COPYRIGHT = re.compile(r"(?:©|\(c\)|[Cc]opyright)\s*(?P<y>(?:19|20)\d\d)")


def _dateline_re() -> re.Pattern[str]:
    lex = default_lexicon()
    months = "|".join(sorted(list(lex.months) + list(lex.month_abbreviations), key=len, reverse=True))
    return re.compile(
        r"^\s*(?P<place>[A-Z][A-Z.'’-]+(?:[ /][A-Z][A-Z.'’-]+)*)(?:,\s+[A-Z][A-Za-z.]+)*,\s+"
        rf"(?P<date>(?P<mon>{months})\.?\s+(?P<d>[0-3]?\d)(?:,\s+(?P<y>(?:19|20)\d\d))?)"
        r"\s*[.,]?\s*(?P<tail>/[A-Z][A-Za-z-]+/\.?|\((?:[A-Z][A-Za-z ]+)\)|[—–-])"
    )


_DATELINE = _dateline_re()


def _weekday_re() -> re.Pattern[str]:
    lex = default_lexicon()
    names = sorted(list(lex.weekdays) + list(lex.weekday_abbreviations), key=len, reverse=True)
    return re.compile(rf"\b(?:{'|'.join(names)})\b\.?", re.IGNORECASE)


_WEEKDAY = _weekday_re()


def _stamp_on_line(line: str) -> Mention | None:
    """Return the date when the line is nothing but a date stamp (with time, weekday, label, update note)."""
    line = _GLUED_YEAR.sub(r"\1 \2", line)
    tail = _UPDATED_TAIL.search(line)
    if tail is not None and _LABEL.match(line) is None:
        head = _bare_stamp(line[:tail.start()])
        if head is not None and (_bare_stamp(line[tail.start():]) is not None
                                 or _NOISE.sub("", _TIME.sub(" ", line[tail.end():])) == ""):
            return head  # "May 14, 2024 1:05 PM GMT+1 Updated 2 hours ago": the first date is the stamp
    return _bare_stamp(line)


def _bare_stamp(line: str) -> Mention | None:
    """Return the date when the line holds one date and nothing but stamp words around it."""
    mentions = [m for m in tag(line, None) if m.precision == "day" and m.anchor == "absolute"
                and m.end_value is None]
    if len(mentions) != 1:
        return None
    m = mentions[0]
    before, after = line[:m.start], line[m.end:]
    if (_BYLINE.match(line) or _DASH_BYLINE.match(line)) and len(line) <= 100:
        words = _WORDS.findall(before)
        if all(w[0].isupper() or w in _BYLINE_JOINS for w in words):
            before = ""  # "By Jane Doe, Reuters | May 13, 2024", "Jane Doe — 13 May 2024": names, then the date
    label = _LABEL_TAIL.search(after)
    if label is not None:
        after = after[:label.start()]  # "May 13, 2024 - Press ISW": the page's section label
    rest = _WEEKDAY.sub(" ", _TIME.sub(" ", _LABEL.sub(" ", before + " " + after)))
    return m if _NOISE.sub("", rest) == "" else None


def _year_evidence(text: str, month: int, day: int) -> tuple[int, str] | None:
    """A year for a year-less dateline: a full date with the same month and day, or a copyright year."""
    for m in tag(text, None):
        if m.precision == "day" and m.anchor == "absolute" and int(m.value[5:7]) == month \
                and int(m.value[8:10]) == day:
            return int(m.value[:4]), f'the full date "{m.text}" elsewhere in the text'
    years = {int(c["y"]) for c in _COPYRIGHT.finditer(text)}
    if len(years) == 1:
        year = years.pop()
        return year, f"the copyright year {year}"
    return None


def _is_prose(line: str) -> bool:
    """Tell whether a line reads as a paragraph of the article: many words, ending a sentence."""
    stripped = line.strip()
    return _SENTENCE_END.search(stripped) is not None and len(stripped.split()) >= PROSE_WORDS


def _top_lines(lines: list[str]) -> int:
    """Return how many lines the page's top runs: down to its first body paragraph (at least TOP_LINES).

    The first body paragraph is the first prose line followed by another one (a cookie banner's
    lone paragraph comes before buttons); without such a pair, the first prose line.
    """
    first = 0
    previous = 0  # line number of the last prose line, while only blank lines follow it
    for number, line in enumerate(lines[:MAX_TOP_LINES], start=1):
        if not line.strip():
            continue
        if _is_prose(line):
            if previous:
                return max(TOP_LINES, previous)
            previous = number
            first = first or number
        else:
            previous = 0
    return max(TOP_LINES, first) if first else TOP_LINES


def detect_published(text: str) -> PublishedStamp | None:
    """Return the publication date the article text states, with its words, 1-based line and rule."""
    lines = text.split("\n")
    top = _top_lines(lines)
    labelled: list[tuple[int, str, Mention]] = []
    for number, line in enumerate(lines, start=1):
        label = _LABEL.match(line)
        if label is None and number > top:
            continue
        if len(line) > 120:
            continue
        stamp = _stamp_on_line(line)
        if stamp is None:
            continue
        kind = label.group("label").lower().split()[-1] if label else (
            "byline" if _BYLINE.match(line) or _DASH_BYLINE.match(line) else "stamp")
        labelled.append((number, kind, stamp))
    for wanted in ("published", "posted", "stamp", "byline", "updated", "modified"):
        for number, kind, stamp in labelled:
            if kind == wanted:
                rule = kind if kind in ("stamp", "byline") else f"{kind}-line"
                return PublishedStamp(date=date.fromisoformat(stamp.value), text=lines[number - 1].strip(),
                                      line=number, rule=rule)
    lex = default_lexicon()
    for number, line in enumerate(lines[:max(TOP_LINES * 2, top)], start=1):
        m = _DATELINE.match(line)
        if m is None:
            continue
        month = lex.month_number(m["mon"])
        if month is None:
            continue
        day = int(m["d"])
        words = line[m.start("place"):m.end("tail")].strip()
        if m["y"]:
            d = safe_date(int(m["y"]), month, day)
            return PublishedStamp(d, words, number, "dateline") if d else None
        found = _year_evidence(text, month, day)
        if found is None:
            return None  # a dateline without a year and no other evidence: unknown stays unknown
        d = safe_date(found[0], month, day)
        if d is None:
            return None
        return PublishedStamp(d, f"{words} (year from {found[1]})", number, "dateline")
    return None

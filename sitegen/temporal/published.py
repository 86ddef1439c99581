"""detect_published: the publication date an article's own text states (stamp, dateline)."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

from sitegen.models import PublishedStamp
from sitegen.temporal.lexicon import default_lexicon
from sitegen.temporal.resolve import safe_date
from sitegen.temporal.stamps import StampDate, default_forms
from sitegen.temporal.tagger import tag

TOP_LINES = 12  # stamps and datelines count at least this far down, whatever the page looks like
MAX_TOP_LINES = 80  # and never further down than this, however long the page's menu
PROSE_WORDS = 12  # a line of at least this many words ending a sentence is prose (a body paragraph)
MAX_STAMP_CHARS = 120  # a longer line is prose, not a stamp
PREFIX_WORDS = 4  # an agency or outlet name before a stamp ("DPA DIPLOMACY Published") has at most this many
GLUED_HEAD_WORDS = 3  # a headline a stamp is glued to ("…for KyivAugust 24, 2024") has at least this many words
_RANK = ("published", "posted", "stamp", "byline", "glued", "updated", "modified")
# words that may stand with acronyms before a stamp as an agency's or outlet's name ("ABC News August 13, 2024")
_PREFIX_WORDS = frozenset({"news", "agency", "press", "wire", "service", "online", "tv", "radio", "media",
                           "newsroom", "staff", "desk", "reporting", "international", "world"})
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&.'’-]*[A-Z0-9]|[A-Z][a-z]?[A-Z]+")  # AFP, DPA, RFE/RL parts, CNBC, ABC, NYT
LEDE_STAMP_CHARS = 120  # a stamp opening a lede ('Wednesday, September 14, 2022') fits well inside
_LEDE_DASH = re.compile(r"\s*[—–-]\s+")
_URL_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                           "nov", "dec"), start=1)}
_URL_DATES = (  # tried in order; the first that gives exactly one day in the address wins
    re.compile(r"/(?P<y>(?:19|20)\d\d)/(?P<m>0?[1-9]|1[0-2]|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/"
               r"(?P<d>0?[1-9]|[12]\d|3[01])(?=/|$|[-_.])", re.IGNORECASE),
    re.compile(r"(?<![\w])(?P<y>(?:19|20)\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?![\d])"),
    re.compile(r"(?<![\w])(?P<y>(?:19|20)\d\d)(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])(?![\w])"),
)
_URL_YEAR = re.compile(r"/(?P<y>(?:19|20)\d\d)(?=/)")

_LABEL = re.compile(r"^\s*(?P<label>(?:first\s+)?published|posted|(?:last\s+)?updated|last\s+modified)\b",
                    re.IGNORECASE)
_UPDATE_BEFORE = re.compile(r"\b(?:updated|modified|edited)\b", re.IGNORECASE)  # "By Jane Doe Updated 16 May"
_LABEL_WORD = re.compile(r"\b(?:published|posted|updated)\b", re.IGNORECASE)
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
    r"|eet|eest|msk|est|edt|et|pt|pst|pdt|року|года|р|г)\b)|[+-]\d{1,2}(?::?\d\d)?\b|[|•·,.:;/\-–—()\[\]\s]+"
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


def _stamp_on_line(line: str) -> StampDate | None:
    """Return the date when the line is nothing but a date stamp (with time, weekday, label, update note)."""
    line = _GLUED_YEAR.sub(r"\1 \2", line)
    tail = _UPDATED_TAIL.search(line)
    if tail is not None and _LABEL.match(line) is None:
        head = _bare_stamp(line[:tail.start()])
        if head is not None and (_bare_stamp(line[tail.start():]) is not None
                                 or _NOISE.sub("", _TIME.sub(" ", line[tail.end():])) == ""):
            return head  # "May 14, 2024 1:05 PM GMT+1 Updated 2 hours ago": the first date is the stamp
    return _bare_stamp(line)


def _bare_stamp(line: str) -> StampDate | None:
    """Return the date when the line holds one date and nothing but stamp words around it."""
    hits = default_forms().find(line)
    if len(hits) != 1 or hits[0].glued:
        return None
    m = hits[0]
    before, after = line[:m.start], line[m.end:]
    if (_BYLINE.match(line) or _DASH_BYLINE.match(line)) and len(line) <= 100:
        words = _WORDS.findall(before)
        if all(w[0].isupper() or w in _BYLINE_JOINS for w in words):
            before = ""  # "By Jane Doe, Reuters | May 13, 2024", "Jane Doe — 13 May 2024": names, then the date
    label = _LABEL_TAIL.search(after)
    if label is not None:
        after = after[:label.start()]  # "May 13, 2024 - Press ISW": the page's section label
    before = _agency_prefix(before)
    rest = _WEEKDAY.sub(" ", _TIME.sub(" ", _LABEL.sub(" ", before + " " + after)))
    return m if _NOISE.sub("", rest) == "" else None


def _agency_prefix(before: str) -> str:
    """Drop an agency or outlet name before a stamp ("AFP ,", "DPA DIPLOMACY Published", "ABC News")."""
    words = _WORDS.findall(before)
    if not words or len(words) > PREFIX_WORDS:
        return before
    label = _LABEL_WORD.search(before)
    head = before[:label.start()] if label is not None else before
    names = _WORDS.findall(head)
    if names and all(_ACRONYM.fullmatch(w) or w.casefold() in _PREFIX_WORDS for w in names):
        return before[len(head):] if label is None else before[label.start():]
    return before


def _glued_stamp(line: str) -> StampDate | None:
    """Return the date glued to the end of a headline ("…for KyivAugust 24, 2024"), else None."""
    hits = default_forms().find(line)
    if len(hits) != 1 or not hits[0].glued:
        return None
    m = hits[0]
    if not (line[m.start - 1].islower() and line[m.start].isupper()):
        return None
    head, after = line[:m.start], line[m.end:]
    if len(head.split()) < GLUED_HEAD_WORDS or _NOISE.sub("", _TIME.sub(" ", after)) != "":
        return None
    return m


def _lede_stamp(line: str) -> StampDate | None:
    """Return the date opening the lede ("Wednesday, September 14, 2022 – Ukrainian President…"), else None."""
    indent = len(line) - len(line.lstrip())
    hits = default_forms().find(line[:indent + LEDE_STAMP_CHARS])  # the stamp opens the line: never scan a whole body
    if not hits or hits[0].start != indent or hits[0].glued:
        return None
    dash = _LEDE_DASH.match(line, hits[0].end)
    if dash is None or not _is_prose(line[dash.end():]):
        return None
    return hits[0]


def _year_evidence(text: str, month: int, day: int, url: str | None) -> tuple[int, str] | None:
    """A year for a year-less dateline: a full date with the same month and day, the URL, or a copyright year."""
    for m in tag(text, None):
        if m.precision == "day" and m.anchor == "absolute" and int(m.value[5:7]) == month \
                and int(m.value[8:10]) == day:
            return int(m.value[:4]), f'the full date "{m.text}" elsewhere in the text'
    if url:
        stated = date_in_url(url)
        if stated is not None and (stated[0].month, stated[0].day) == (month, day):
            return stated[0].year, f'the date "{stated[1]}" in the URL'
        year = year_in_url(url)
        if year is not None:
            return year, f'the year "{year}" in the URL'
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


def detect_published(text: str, url: str | None = None) -> PublishedStamp | None:
    """Return the publication date the article text states, with its words, 1-based line and rule.

    `url`, when known, may give the year of a dateline that has none ("MOSCOW, May 13 /TASS/").
    """
    lines = text.split("\n")
    top = _top_lines(lines)
    labelled: list[tuple[int, str, StampDate, str]] = []
    for number, line in enumerate(lines, start=1):
        label = _LABEL.match(line)
        if label is None and number > top:
            continue
        if len(line) > MAX_STAMP_CHARS:
            continue
        stamp = _stamp_on_line(line)
        if stamp is not None:
            kind = label.group("label").lower().split()[-1] if label else (
                "updated" if _UPDATE_BEFORE.search(_GLUED_YEAR.sub(r"\1 \2", line)[:stamp.start]) else
                "byline" if _BYLINE.match(line) or _DASH_BYLINE.match(line) else "stamp")
            labelled.append((number, kind, stamp, line.strip()))
        elif label is None:
            glued = _glued_stamp(line)
            if glued is not None:
                labelled.append((number, "glued", glued, line[glued.start:].strip()))
    for wanted in _RANK:
        for number, kind, stamp, words in labelled:
            if kind == wanted:
                rule = kind if kind in ("stamp", "byline") else "glued-stamp" if kind == "glued" else f"{kind}-line"
                return PublishedStamp(date=stamp.date, text=words, line=number, rule=rule)
    for number, line in enumerate(lines[:max(TOP_LINES * 2, top)], start=1):
        lede = _lede_stamp(line)
        if lede is not None:
            dash = _LEDE_DASH.match(line, lede.end)
            assert dash is not None
            return PublishedStamp(lede.date, line[:dash.end()].strip(), number, "dateline")
        found = _dateline(line)
        if found is None:
            continue
        words, month, day, year = found
        if year is not None:
            d = safe_date(year, month, day)
            return PublishedStamp(d, words, number, "dateline") if d else None
        evidence = _year_evidence(text, month, day, url)
        if evidence is None:
            return None  # a dateline without a year and no other evidence: unknown stays unknown
        d = safe_date(evidence[0], month, day)
        if d is None:
            return None
        return PublishedStamp(d, f"{words} (year from {evidence[1]})", number, "dateline")
    return None


def yearless_dateline(text: str) -> tuple[str, int, int, int] | None:
    """Return (words, line, month, day) of a dateline that gives no year, when the text opens with one."""
    lines = text.split("\n")
    for number, line in enumerate(lines[:max(TOP_LINES * 2, _top_lines(lines))], start=1):
        if _lede_stamp(line) is not None:
            return None
        found = _dateline(line)
        if found is not None:
            words, month, day, year = found
            return (words, number, month, day) if year is None else None
    return None


def _dateline(line: str) -> tuple[str, int, int, int | None] | None:
    """Return (words, month, day, year or None) when the line opens with a dateline ("MOSCOW, May 13 /TASS/")."""
    m = _DATELINE.match(line)
    if m is None:
        return None
    month = default_lexicon().month_number(m["mon"])
    if month is None:
        return None
    words = line[m.start("place"):m.end("tail")].strip()
    return words, month, int(m["d"]), int(m["y"]) if m["y"] else None


def date_in_url(url: str) -> tuple[date, str] | None:
    """Return the day a URL's path states ("/2024/08/24/", "/20240824-", "2024-08-24") and the words that give it."""
    path = urlsplit(url.strip()).path
    for pattern in _URL_DATES:
        found = {(safe_date(int(m["y"]), _URL_MONTHS.get(m["m"].lower()) or int(m["m"]), int(m["d"])),
                  m.group(0).strip("/-_.")) for m in pattern.finditer(path)}
        days = {d for d, _ in found if d is not None}
        if len(days) == 1:
            day = days.pop()
            return day, next(words for d, words in sorted(found, key=lambda f: f[1]) if d == day)
        if len(days) > 1:
            return None  # two different days in one address: neither is evidence
    return None


def year_in_url(url: str) -> int | None:
    """Return the year a URL's path states as a segment of its own ("/2024/", "/2024/08/"), or None."""
    years = {int(m["y"]) for m in _URL_YEAR.finditer(urlsplit(url.strip()).path)}
    return years.pop() if len(years) == 1 else None

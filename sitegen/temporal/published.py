"""detect_published: the publication date an article's own text states (stamp, dateline)."""

from __future__ import annotations

import re
from datetime import date

from sitegen.models import Mention, PublishedStamp
from sitegen.temporal.lexicon import default_lexicon
from sitegen.temporal.resolve import safe_date
from sitegen.temporal.tagger import tag

TOP_LINES = 12  # stamps and datelines count only near the top of the text

_LABEL = re.compile(r"^\s*(?P<label>(?:first\s+)?published|posted|(?:last\s+)?updated|last\s+modified)\b",
                    re.IGNORECASE)
_TIME = re.compile(r"(?<![\d.])(?:[01]?\d|2[0-3])[:.][0-5]\d(?::[0-5]\d)?(?:\s*(?:[ap]\.m\.|[AaPp][Mm]\b))?"
                   r"|\b(?:GMT|UTC)\s*[+-]\s*\d{1,2}(?::?\d\d)?"
                   r"|\b\d+\s*(?:hours?|hrs?|minutes?|mins?|days?)\s+ago\b|\b\d+\s*min(?:ute)?s?\s+read\b",
                   re.IGNORECASE)
_BYLINE = re.compile(r"^\s*By\s+\S")
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


def _stamp_on_line(line: str) -> Mention | None:
    """Return the date when the line is nothing but a date stamp (with time, weekday, label)."""
    mentions = [m for m in tag(line, None) if m.precision == "day" and m.anchor == "absolute"
                and m.end_value is None]
    if len(mentions) != 1:
        return None
    m = mentions[0]
    rest = line[:m.start] + " " + line[m.end:]
    if _BYLINE.match(line) and len(line) <= 100:
        words = _WORDS.findall(line[:m.start])
        if all(w[0].isupper() or w in _BYLINE_JOINS for w in words):
            rest = line[m.end:]  # "By Jane Doe, Reuters | May 13, 2024": names, then the date
    rest = _TIME.sub(" ", _LABEL.sub(" ", rest))
    lex = default_lexicon()
    for name in list(lex.weekdays) + list(lex.weekday_abbreviations):
        rest = re.sub(rf"\b{name}\b\.?", " ", rest, flags=re.IGNORECASE)
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


def detect_published(text: str) -> PublishedStamp | None:
    """Return the publication date the article text states, with its words, 1-based line and rule."""
    lines = text.split("\n")
    labelled: list[tuple[int, str, Mention]] = []
    for number, line in enumerate(lines, start=1):
        label = _LABEL.match(line)
        if label is None and number > TOP_LINES:
            continue
        if len(line) > 120:
            continue
        stamp = _stamp_on_line(line)
        if stamp is None:
            continue
        kind = label.group("label").lower().split()[-1] if label else (
            "byline" if _BYLINE.match(line) else "stamp")
        labelled.append((number, kind, stamp))
    for wanted in ("published", "posted", "stamp", "byline", "updated", "modified"):
        for number, kind, stamp in labelled:
            if kind == wanted:
                rule = kind if kind in ("stamp", "byline") else f"{kind}-line"
                return PublishedStamp(date=date.fromisoformat(stamp.value), text=lines[number - 1].strip(),
                                      line=number, rule=rule)
    lex = default_lexicon()
    for number, line in enumerate(lines[:TOP_LINES * 2], start=1):
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

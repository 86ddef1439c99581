"""Precompiled regular expressions of the tagger, one per family, built from the lexicon.

Speed: every core regex starts with a literal word or a digit (so the regex engine skips
positions cheaply); optional words before the core ("last", "early", "the night of",
a weekday) are matched afterwards by a small `back` regex anchored at the core's start.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sitegen.temporal.lexicon import Lexicon


def _alt(words: list[str] | tuple[str, ...] | set[str]) -> str:
    """Return a regex alternation of the words, longest first, escaped."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def _cased(words: list[str]) -> list[str]:
    return words + [w.upper() for w in words]


def _both(words: list[str]) -> list[str]:
    return words + [w[:1].upper() + w[1:] for w in words]


def _trie(words: list[str]) -> str:
    """Return a regex matching any of the words, factored by common prefixes (much faster to scan)."""
    tree: dict[str, Any] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        ends = "" in node
        alts = [re.escape(c) + emit(sub) for c, sub in sorted(node.items()) if c]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if ends else body

    return emit(tree)


@dataclass(frozen=True)
class Family:
    """One kind of expression: its core regex, optional words before it, and who may precede it."""

    name: str
    core: re.Pattern[str]
    back: re.Pattern[str] | None  # matched against the text just before the core, ends with \Z
    not_after: str  # characters that may not come right before the expression
    back_words: frozenset[str] = frozenset()  # the back regex can only match after one of these words


@dataclass(frozen=True)
class Patterns:
    """Every compiled family plus the helper regexes."""

    families: dict[str, Family]
    anchor: re.Pattern[str]  # a keyword some expression contains: where to try families
    digits: re.Pattern[str]  # a run of digits: where to try the numeric families
    dispatch: dict[str, tuple[str, ...]]  # anchor word -> families whose core starts there
    counted: re.Pattern[str]  # "<n> days later", "three weeks earlier"
    names: re.Pattern[str] | None
    future: re.Pattern[str]

    def __getattr__(self, name: str) -> re.Pattern[str]:
        """Return a family's core regex by name (patterns.dmy, …)."""
        families = object.__getattribute__(self, "families")
        if name in families:
            core: re.Pattern[str] = families[name].core
            return core
        raise AttributeError(name)


TIME = (r"(?:,?\s+(?:at\s+)?(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?"
        r"(?:\s*(?:[ap]\.m\.|[AaPp][Mm]\b))?(?:\s+(?:GMT|UTC|BST|CET|CEST|EET|EEST|MSK|EST|EDT|ET|PT|PST|PDT)\b)?)")
YEAR = r"(?:1[89]\d\d|20\d\d)(?!\d)"
DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d)"  # "April 25:" ends a day, "May 10:30" does not
MOD_BACK = (r"(?:(?<![\w-])(?P<mod>[Ee]arly|[Mm]id|[Ll]ate)(?:\s+|-)"
            r"|(?<![\w-])(?P<pmod>[Tt]he\s+(?:end|beginning|start|middle|first\s+half|second\s+half)\s+of)\s+)")


@lru_cache(maxsize=8)
def compile_patterns(lex: Lexicon) -> Patterns:
    """Compile the family regexes for a lexicon (cached per lexicon)."""
    full = _alt(_cased(list(lex.months)))
    # (cores are matched only at anchor offsets, so their shape does not slow the scan)
    month_any = (f"(?:{_alt(_cased(list(lex.months)))}|(?:{_alt(_cased(list(lex.month_abbreviations)))})\\.?)"
                 r"(?!\w)")
    wd = _alt(_cased(list(lex.weekdays)))
    wda = _alt(_cased(list(lex.weekday_abbreviations)))
    day_back = (rf"(?:(?P<podof>[Tt]he\s+(?:night|morning|evening|afternoon)\s+of)\s+)?"
                rf"(?:(?<![\w-])(?P<wd>{wd}|(?:{wda})\.?),?\s+)?\Z")
    join = r"\s*(?:-|–|to|and|through)\s*"
    numbers = _alt(_both(list(lex.numbers)))
    seasons = _alt(_cased(_both(list(lex.seasons))))
    quarters = _alt(_both(list(lex.quarter_ordinals) + ["final"]))
    futures = _alt([c for c in lex.future_cues if not c.startswith("'")])
    ordinals = _alt(list(lex.day_ordinals)) if lex.day_ordinals else "(?!)"
    units = "one|two|three|four|five|six|seven|eight|nine"
    teens = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
    tens = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
    two_digits = rf"(?:(?:{tens})(?:[- ](?:{units}))?|{teens})"
    names = _alt(list(lex.name_phrases))

    mods = {"early", "mid", "late", "of"}
    rels = {"last", "next", "this"}
    back_words = {
        "dmy": {"of"} | {w.lower() for w in lex.weekdays} | {w.lower() for w in lex.weekday_abbreviations},
        "mdy": {"of"} | {w.lower() for w in lex.weekdays} | {w.lower() for w in lex.weekday_abbreviations},
        "month_year": mods, "month_bare": mods, "year_bare": mods,
        "season": mods | rels | {"the"},
        "quarter": rels | {"the", "final"} | {w.lower() for w in lex.quarter_ordinals},
        "weekday": rels | {"early", "late", "earlier", "later", "on"},
        "rel_day": rels | {"early", "late", "earlier", "later", "before", "after"},
        "rel_period": rels | {"the"},
        "ago": {w.lower() for w in lex.numbers} | {"#"},
    }

    def fam(name: str, core: str, back: str | None, not_after: str) -> Family:
        return Family(name, re.compile(core), re.compile(back) if back else None, not_after,
                      frozenset(back_words.get(name, ())))

    families = [
        fam("dmy", rf"(?P<d>\d\d?(?:st|nd|rd|th)?(?!\d|:\d))(?:{join}(?P<d2>{DAY}))?\s+(?:of\s+)?(?P<mon>{month_any})(?![\w])"
                   rf"(?:,?\s+(?P<y>{YEAR}))?(?P<time>{TIME})?", day_back, "\\w$€£.,/:-"),
        fam("mdy", rf"(?P<mon>{month_any})\s+(?:(?P<d>{DAY})|(?P<dw>(?i:{ordinals}))(?![\w-]))(?:{join}(?P<d2>{DAY}))?(?:,?\s+(?P<y>{YEAR}))?"
                   rf"(?P<time>{TIME})?", day_back, "\\w$€£/:-"),
        fam("ymd", r"(?P<y>(?:19|20)\d\d)(?P<sep>[-/])(?P<m>0?[1-9]|1[0-2])(?P=sep)(?P<d>0?[1-9]|[12]\d|3[01])"
                   r"(?:[T ](?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d)?Z?)?(?![\w/-])", None, "\\w./-"),
        fam("numeric", r"(?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})(?P=sep)(?P<y>(?:19|20)\d\d)(?![\w/]|[.,]\d)",
            None, "\\w.:/,-"),
        fam("loose", r"(?:\d{1,2}-(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)-(?:19|20)\d\d"
                     rf"|(?:{full})\s+the\s+\d{{1,2}}(?:st|nd|rd|th)(?:,?\s+(?:19|20)\d\d)?)(?![\w-])",
            None, "\\w-"),
        fam("month_year", rf"(?P<mon>{month_any})(?:\s*[-–]\s*(?P<mon2>{month_any}))?,?\s+(?P<y>{YEAR})"
                          r"(?P<dec>['’]?s\b)?", MOD_BACK + "?\\Z", "\\w$€£/-"),
        fam("month_bare", rf"(?P<mon>{full})(?![\w'’-]|\s+\d)", MOD_BACK + "?\\Z", "\\w$€£/-"),
        fam("year_range", rf"(?P<y>{YEAR})\s*[-–]\s*(?P<y2>{YEAR})(?![\w%-]|[.,]\d)", None, "\\w$€£.,/-"),
        fam("year_bare", rf"(?P<y>{YEAR})(?P<dec>['’]?s\b)?(?![\w%/-]|[.,:]\d)", MOD_BACK + "?\\Z",
            "\\w$€£.,/:#-"),
        fam("season", rf"(?P<season>{seasons})(?:(?:\s+of)?\s+(?P<y>{YEAR}))?(?![\w'’-])",
            rf"{MOD_BACK}?(?:(?P<rel>[Ll]ast|[Nn]ext|[Tt]his)\s+|(?P<the>[Tt]he)\s+)?\Z", "\\w-"),
        fam("quarter", rf"(?:Q(?P<q>[1-4])(?:\s+(?P<y2>{YEAR}))?|quarter(?:(?:\s+of)?\s+(?P<y>{YEAR}))?)(?![\w-])",
            rf"(?:(?<![\w-])(?P<the>[Tt]he)\s+)?(?:(?<![\w-])(?P<by>{YEAR})\s+(?=\w+[\s-]+\Z))?"
            rf"(?:(?<![\w-])(?P<rel>[Ll]ast|[Nn]ext|[Tt]his)\s+"
            rf"|(?<![\w-])(?P<ord>{quarters})[\s-]+)?\Z", "\\w-"),
        fam("weekday", rf"(?P<wd>{wd})(?P<poss>['’]s)?(?!\w)(?:\s+(?P<pod>morning|afternoon|evening|night))?",
            r"(?:(?<![\w-])(?P<rel>[Ll]ast|[Nn]ext|[Tt]his|[Ee]arly|[Ll]ate|[Ee]arlier|[Ll]ater)\s+(?:on\s+)?)?\Z",
            "\\w-"),
        fam("rel_day", r"(?P<word>(?i:today|tonight|yesterday|tomorrow)|morning|afternoon|evening|night)"
                       r"(?:\s+(?P<pod>morning|afternoon|evening|night)(?!\w))?(?P<poss>['’]s)?(?![\w-])",
            r"(?:(?<![\w-])(?P<pre>[Ee]arlier|[Ll]ater|[Ee]arly|[Ll]ate)\s+)?"
            r"(?:(?<![\w-])(?P<det>[Tt]his|[Ll]ast|[Tt]he\s+day\s+(?:before|after))\s+)?\Z", "\\w-"),
        fam("rel_period", r"(?P<unit>week|weekend|month|year)(?![\w-])",
            r"(?:(?P<pmod>[Tt]he\s+(?:end|beginning|start|middle)\s+of)\s+"
            r"|(?<![\w-])(?P<mod>[Ee]arlier|[Ll]ater|[Ee]arly|[Ll]ate)\s+)?"
            r"(?<![\w-])(?P<rel>[Tt]his|[Ll]ast|[Nn]ext|the)\s+\Z", "\\w-"),
        fam("year_words", rf"(?P<c>[Nn]ineteen|[Tt]wenty)\s+(?P<rest>{two_digits})(?![\w-])"
                          rf"|(?P<k>[Tt]wo\s+thousand)(?:\s+(?:and\s+)?(?P<rest2>{two_digits}|{units}))?(?![\w-])",
            None, "\\w-"),
        fam("ago", r"(?P<unit>days?|weeks?|months?|years?|DAYS?|WEEKS?|MONTHS?|YEARS?)\s+(?:ago|AGO)(?![\w-])",
            rf"(?<![\w-])(?P<n>\d{{1,2}}|{numbers}|{numbers.upper()})\s+\Z", "\\w-"),
    ]
    dispatch: dict[str, tuple[str, ...]] = {}

    def route(words: list[str], *names: str) -> None:
        for w in words:
            dispatch[w] = dispatch.get(w, ()) + tuple(n for n in names if n not in dispatch.get(w, ()))

    route(_cased(list(lex.months)), "mdy", "month_year", "month_bare", "loose")
    route(_cased(list(lex.month_abbreviations)), "mdy", "month_year")
    route(_cased(list(lex.weekdays)), "weekday")
    route(_cased(_both(list(lex.seasons))), "season")
    route(["quarter", "Q1", "Q2", "Q3", "Q4"], "quarter")
    route(_cased(_both(["today", "tonight", "yesterday", "tomorrow"])) + ["morning", "afternoon", "evening", "night"],
          "rel_day")
    route(["week", "weekend", "month", "year"], "rel_period")
    route(["nineteen", "Nineteen", "twenty", "Twenty", "two", "Two"], "year_words")
    route(_cased(["day", "days", "week", "weeks", "month", "months", "year", "years"]), "ago")
    route(["day", "days", "morning", "afternoon", "evening", "night", "week", "weeks", "month", "months", "year",
           "years", "time", "quarter"], "anaphora")
    digit_families = {"#short": ("dmy", "numeric", "loose"), "#year": ("ymd", "year_range", "year_bare")}
    return Patterns(
        families={f.name: f for f in families},
        anchor=re.compile(_trie(list(dispatch))),
        digits=re.compile(r"\d+"),
        dispatch={**dispatch, **digit_families},
        counted=re.compile(rf"(?<![\w-])(?P<n>\d{{1,2}}|(?i:{numbers}))\s+(?P<unit>days?|weeks?|months?|years?)"
                           r"\s+(?P<dir>later|earlier)(?![\w-])"),
        names=re.compile(rf"(?:{names})(?![\w-])") if names else None,
        future=re.compile(rf"(?<![\w-])(?i:{futures})(?![\w-])|['’]ll\b|\bwould(?!\s+(?:not\s+)?have\b)"),
    )

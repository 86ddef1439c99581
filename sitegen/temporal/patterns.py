"""Precompiled regular expressions of the tagger, one per family, built from the lexicon."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from sitegen.temporal.lexicon import Lexicon


def _alt(words: list[str] | tuple[str, ...] | set[str]) -> str:
    """Return a regex alternation of the words, longest first, escaped."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def _cased(words: list[str]) -> list[str]:
    return words + [w.upper() for w in words]


@dataclass(frozen=True)
class Patterns:
    """Every compiled family regex (see the module of each handler for the groups)."""

    dmy: re.Pattern[str]
    mdy: re.Pattern[str]
    ymd: re.Pattern[str]
    numeric: re.Pattern[str]
    month_year: re.Pattern[str]
    month_bare: re.Pattern[str]
    year_range: re.Pattern[str]
    year_bare: re.Pattern[str]
    season: re.Pattern[str]
    quarter: re.Pattern[str]
    weekday: re.Pattern[str]
    rel_day: re.Pattern[str]
    rel_period: re.Pattern[str]
    ago: re.Pattern[str]
    anaphor: re.Pattern[str]
    names: re.Pattern[str] | None
    future: re.Pattern[str]
    prefilter: re.Pattern[str]


TIME = (r"(?:,?\s+(?:at\s+)?(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?"
        r"(?:\s*(?:[ap]\.m\.|[AaPp][Mm]\b))?(?:\s+(?:GMT|UTC|BST|CET|CEST|EET|EEST|MSK|EST|EDT|ET|PT|PST|PDT))?)")
YEAR = r"(?:1[89]\d\d|20\d\d)(?!\d)"
DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d:])"
MOD = (r"(?:(?P<mod>[Ee]arly|[Mm]id|[Ll]ate)(?:\s+|-)"
       r"|(?P<pmod>[Tt]he\s+(?:end|beginning|start|middle|first\s+half|second\s+half)\s+of)\s+)")


@lru_cache(maxsize=8)
def compile_patterns(lex: Lexicon) -> Patterns:
    """Compile the family regexes for a lexicon (cached per lexicon)."""
    full = _alt(_cased(list(lex.months)))
    abbr = _alt(_cased(list(lex.month_abbreviations)))
    month_any = rf"(?:{full}|(?:{abbr})\.?)"
    wd = _alt(_cased(list(lex.weekdays)))
    wda = _alt(_cased(list(lex.weekday_abbreviations)))
    wd_prefix = rf"(?:(?P<wd>{wd}|(?:{wda})\.?),?\s+)?"
    pod_of = r"(?:(?P<podof>[Tt]he\s+(?:night|morning|evening|afternoon)\s+of)\s+)?"
    join = r"\s*(?:-|–|to|and|through)\s*"
    numbers = _alt(list(lex.numbers))
    seasons = _alt(list(lex.seasons))
    quarters = _alt(list(lex.quarter_ordinals) + ["final", "last"])
    b = r"(?<![\w$€£.,/:-])"
    anaphora = _alt([a.phrase for a in lex.anaphora])
    futures = _alt([c for c in lex.future_cues if not c.startswith("'")])
    names = _alt(list(lex.name_phrases))
    return Patterns(
        dmy=re.compile(rf"{b}{pod_of}{wd_prefix}(?P<d>{DAY})(?:{join}(?P<d2>{DAY}))?\s+(?:of\s+)?"
                       rf"(?P<mon>{month_any})(?![\w])(?:,?\s+(?P<y>{YEAR}))?(?P<time>{TIME})?"),
        mdy=re.compile(rf"(?<![\w$€£/:-]){pod_of}{wd_prefix}(?P<mon>{month_any})\s+(?P<d>{DAY})"
                       rf"(?:{join}(?P<d2>{DAY}))?(?:,?\s+(?P<y>{YEAR}))?(?P<time>{TIME})?"),
        ymd=re.compile(r"(?<![\w./-])(?P<y>(?:19|20)\d\d)(?P<sep>[-/])(?P<m>0?[1-9]|1[0-2])(?P=sep)"
                       r"(?P<d>0?[1-9]|[12]\d|3[01])(?:[T ](?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d)?Z?)?(?![\w/-])"),
        numeric=re.compile(r"(?<![\w.:/,-])(?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})(?P=sep)"
                           r"(?P<y>(?:19|20)\d\d)(?![\w/]|[.,]\d)"),
        month_year=re.compile(rf"(?<![\w$€£/-]){MOD}?(?P<mon>{month_any}),?\s+(?P<y>{YEAR})(?!['’]?s\b)"),
        month_bare=re.compile(rf"(?<![\w$€£/-]){MOD}?(?P<mon>{full})(?![\w'’-]|\s+\d)"),
        year_range=re.compile(rf"(?<![\w$€£.,/-])(?P<y>{YEAR})\s*[-–]\s*(?P<y2>{YEAR})(?![\w%-]|[.,]\d)"),
        year_bare=re.compile(rf"(?<![\w$€£.,/:#-]){MOD}?(?P<y>{YEAR})(?P<dec>['’]?s\b)?(?![\w%/-]|[.,:]\d)"),
        season=re.compile(rf"(?<![\w-]){MOD}?(?:(?P<rel>[Ll]ast|[Nn]ext|[Tt]his)\s+|(?P<the>[Tt]he)\s+)?"
                          rf"(?P<season>(?i:{seasons}))(?:(?:\s+of)?\s+(?P<y>{YEAR}))?(?![\w'’-])"),
        quarter=re.compile(rf"(?<![\w-])(?:(?P<the>[Tt]he)\s+)?(?:(?P<rel>[Ll]ast|[Nn]ext|[Tt]his)\s+quarter"
                           rf"|(?P<ord>{quarters})\s+quarter(?:\s+of)?(?:\s+(?P<y>{YEAR}))?"
                           rf"|Q(?P<q>[1-4])(?:\s+(?P<y2>{YEAR}))?)(?![\w-])"),
        weekday=re.compile(rf"(?<![\w-])(?:(?P<rel>[Ll]ast|[Nn]ext|[Tt]his|[Ee]arly|[Ll]ate|[Ee]arlier|[Ll]ater)"
                           rf"\s+(?:on\s+)?)?(?P<wd>{wd})(?P<poss>['’]s)?(?!\w)"
                           rf"(?:\s+(?P<pod>morning|afternoon|evening|night))?"),
        rel_day=re.compile(r"(?<![\w-])(?i:(?:(?P<pre>earlier|later|early|late)\s+)?"
                           r"(?P<word>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|today|tonight"
                           r"|yesterday|tomorrow|this\s+(?:morning|afternoon|evening)|last\s+night)"
                           r"(?:\s+(?P<pod>morning|afternoon|evening|night))?)(?P<poss>['’]s)?(?![\w-])"),
        rel_period=re.compile(r"(?<![\w-])(?:(?P<pmod>[Tt]he\s+(?:end|beginning|start|middle)\s+of)\s+"
                              r"|(?P<mod>[Ee]arlier|[Ll]ater|[Ee]arly|[Ll]ate)\s+)?"
                              r"(?P<rel>[Tt]his|[Ll]ast|[Nn]ext|the)\s+(?P<unit>week|weekend|month|year)(?![\w-])"),
        ago=re.compile(rf"(?<![\w-])(?P<n>\d{{1,2}}|(?i:{numbers}))\s+(?P<unit>(?i:days?|weeks?|months?|years?))"
                       r"\s+(?i:ago)(?![\w-])"),
        anaphor=re.compile(rf"(?<![\w-])(?i:{anaphora})(?![\w-])"),
        names=re.compile(rf"(?<![\w-])(?:{names})(?![\w-])") if names else None,
        future=re.compile(rf"(?<![\w-])(?i:{futures})(?![\w-])|['’]ll\b"),
        prefilter=re.compile(rf"\d|{full}|{abbr}|{wd}|(?i:today|tonight|yesterday|tomorrow|week|month|year"
                             rf"|ago|{seasons}|quarter|night|morning|evening|afternoon|day|time)"),
    )

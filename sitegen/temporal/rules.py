"""The registry of date-rule families: one record per family holds everything that rule needs.

A family is its core regex (matched only where one of its anchor words, or a run of digits,
starts), the optional words before the core (`back`, a regex ending in ``\\Z``, tried only
after one of its `back_words`), the characters that may not come right before it, and the
handler that resolves a match to a TIMEX value. Adding a rule is adding one `Rule` to `RULES`.
Regex sources are functions of `Vocab` (the lexicon's words as regex alternations).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from sitegen.temporal import absolute, extra, normalize, relative

if TYPE_CHECKING:
    from sitegen.models import Mention
    from sitegen.temporal.context import Context, Hit
    from sitegen.temporal.lexicon import TemporalLexicon

Handler = Callable[["Hit", "Context"], "Mention | None"]
SHORT_DIGITS = "#short"  # anchor of a run of one or two digits ("6 August", "15:00")
YEAR_DIGITS = "#year"  # anchor of a run of four digits ("2024-05-15", "2022")


def alt(words: Iterable[str]) -> str:
    """Return a regex alternation of the words, longest first, escaped."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def cased(words: Iterable[str]) -> list[str]:
    """Return the words as written plus in capitals."""
    words = list(words)
    return words + [w.upper() for w in words]


def both(words: Iterable[str]) -> list[str]:
    """Return the words as written plus with a capital first letter."""
    words = list(words)
    return words + [w[:1].upper() + w[1:] for w in words]


class Vocab:
    """The lexicon's word lists as regex pieces and anchor words (built once per lexicon)."""

    def __init__(self, lex: TemporalLexicon) -> None:
        self.lex = lex

    @cached_property
    def months(self) -> str:
        """Full month names, as written or in capitals."""
        return alt(cased(self.lex.months))

    @cached_property
    def month_any(self) -> str:
        """A month name or an abbreviation (with its optional period)."""
        return f"(?:{self.months}|(?:{alt(cased(self.lex.month_abbreviations))})\\.?)(?!\\w)"

    @cached_property
    def weekdays(self) -> str:
        """Weekday names."""
        return alt(cased(self.lex.weekdays))

    @cached_property
    def weekday_abbreviations(self) -> str:
        """Weekday abbreviations ("Sat")."""
        return alt(cased(self.lex.weekday_abbreviations))

    @cached_property
    def numbers(self) -> str:
        """Number words ("two", "Two")."""
        return alt(both(self.lex.numbers))

    @cached_property
    def ordinals(self) -> str:
        """Spelled-out day ordinals ("eighth")."""
        return alt(self.lex.day_ordinals) if self.lex.day_ordinals else "(?!)"

    @cached_property
    def weekday_words(self) -> set[str]:
        """Weekday names and abbreviations, lower-case."""
        return {w.lower() for w in (*self.lex.weekdays, *self.lex.weekday_abbreviations)}


TIME = (r"(?:,?\s+(?:at\s+)?(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?"
        r"(?:\s*(?:[ap]\.m\.|[AaPp][Mm]\b))?(?:\s+(?:GMT|UTC|BST|CET|CEST|EET|EEST|MSK|EST|EDT|ET|PT|PST|PDT)\b)?)")
YEAR = r"(?:1[89]\d\d|20\d\d)(?!\d)"
DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d)"  # "April 25:" ends a day, "May 10:30" does not
JOIN = r"\s*(?:-|–|to|and|through)\s*"
MOD_BACK = (r"(?:(?<![\w-])(?P<mod>[Ee]arly|[Mm]id|[Ll]ate)(?:\s+|-)"
            r"|(?<![\w-])(?P<pmod>[Tt]he\s+(?:end|beginning|start|middle|first\s+half|second\s+half)\s+of)\s+)")
MODS = frozenset({"early", "mid", "late", "of"})
RELS = frozenset({"last", "next", "this"})
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
TWO_DIGITS = rf"(?:(?:{_TENS})(?:[- ](?:{_UNITS}))?|{_TEENS})"


def _day_back(v: Vocab) -> str:
    return (rf"(?:(?P<podof>[Tt]he\s+(?:night|morning|evening|afternoon)\s+of)\s+)?"
            rf"(?:(?<![\w-])(?P<wd>{v.weekdays}|(?:{v.weekday_abbreviations})\.?),?\s+)?\Z")


def _fixed(words: Iterable[str]) -> Callable[[Vocab], Iterable[str]]:
    frozen = tuple(words)
    return lambda v: frozen


@dataclass(frozen=True)
class Rule:
    """One family of date expressions: where it starts, its regexes and its handler."""

    name: str
    anchors: Callable[[Vocab], Iterable[str]]  # words the core starts with (or SHORT_DIGITS / YEAR_DIGITS)
    core: Callable[[Vocab], str]
    handler: Handler
    back: Callable[[Vocab], str] | None = None  # words before the core, a regex ending in \Z
    back_words: Callable[[Vocab], Iterable[str]] = lambda v: ()  # the back regex is tried after these only
    not_after: str = "\\w-"  # characters that may not come right before the expression
    named: bool = False  # a name phrase ("Sunday Times", "Theresa May") can hide a match
    needs_back: bool = False  # the core alone is never an expression: skip it unless a back word precedes


RULES: tuple[Rule, ...] = (
    Rule("dmy", lambda v: [SHORT_DIGITS],
         lambda v: (rf"(?P<d>\d\d?(?:st|nd|rd|th)?(?!\d|:\d))(?:{JOIN}(?P<d2>{DAY}))?\s+(?:of\s+)?"
                    rf"(?P<mon>{v.month_any})(?![\w])(?:,?\s+(?P<y>{YEAR}))?(?P<time>{TIME})?"),
         lambda m, c: absolute.day_month(m, c, "day-month"),
         back=_day_back, back_words=lambda v: {"of"} | v.weekday_words, not_after="\\w$€£.,/:-", named=True),
    Rule("mdy", lambda v: [*cased(v.lex.months), *cased(v.lex.month_abbreviations)],
         lambda v: (rf"(?P<mon>{v.month_any})\s+(?:(?P<d>{DAY})|(?P<dw>(?i:{v.ordinals}))(?![\w-]))"
                    rf"(?:{JOIN}(?P<d2>{DAY}))?(?:,?\s+(?P<y>{YEAR}))?(?P<time>{TIME})?"),
         lambda m, c: absolute.day_month(m, c, "month-day"),
         back=_day_back, back_words=lambda v: {"of"} | v.weekday_words, not_after="\\w$€£/:-", named=True),
    Rule("ymd", lambda v: [YEAR_DIGITS],
         lambda v: (r"(?P<y>(?:19|20)\d\d)(?P<sep>[-/])(?P<m>0?[1-9]|1[0-2])(?P=sep)(?P<d>0?[1-9]|[12]\d|3[01])"
                    r"(?:[T ](?P<hh>[01]\d|2[0-3]):(?P<mm>[0-5]\d)(?::[0-5]\d)?Z?)?(?![\w/-])"),
         absolute.iso_date, not_after="\\w./-"),
    Rule("numeric", lambda v: [SHORT_DIGITS],
         lambda v: r"(?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})(?P=sep)(?P<y>(?:19|20)\d\d)(?![\w/]|[.,]\d)",
         absolute.numeric_date, not_after="\\w.:/,-"),
    Rule("month_year", lambda v: [*cased(v.lex.months), *cased(v.lex.month_abbreviations)],
         lambda v: (rf"(?P<mon>{v.month_any})(?:\s*[-–]\s*(?P<mon2>{v.month_any}))?,?\s+(?P<y>{YEAR})"
                    r"(?P<dec>['’]?s\b)?"),
         absolute.month_with_year, back=lambda v: MOD_BACK + "?\\Z", back_words=_fixed(MODS),
         not_after="\\w$€£/-", named=True),
    Rule("month_bare", lambda v: cased(v.lex.months),
         lambda v: rf"(?P<mon>{v.months})(?![\w'’-]|\s+\d)",
         absolute.month_bare, back=lambda v: MOD_BACK + "?\\Z", back_words=_fixed(MODS),
         not_after="\\w$€£/-", named=True),
    Rule("loose", lambda v: [SHORT_DIGITS, *cased(v.lex.months)],
         lambda v: (rf"(?:\d{{1,2}}-(?:{alt([*v.lex.month_abbreviations, *(m[:3] for m in v.lex.months)])})-(?:19|20)\d\d"
                    rf"|(?:{v.months})\s+the\s+\d{{1,2}}(?:st|nd|rd|th)(?:,?\s+(?:19|20)\d\d)?)(?![\w-])"),
         normalize.loose),
    Rule("year_range", lambda v: [YEAR_DIGITS],
         lambda v: rf"(?P<y>{YEAR})\s*[-–]\s*(?:(?P<y2>{YEAR})|(?P<yy>\d\d)(?!\d))(?![\w%-]|[.,]\d)",
         absolute.year_range, not_after="\\w$€£.,/-"),
    Rule("year_bare", lambda v: [YEAR_DIGITS],
         lambda v: rf"(?P<y>{YEAR})(?P<dec>['’]?s\b)?(?![\w%/-]|[.,:]\d)",
         absolute.year_bare, back=lambda v: MOD_BACK + "?\\Z", back_words=_fixed(MODS),
         not_after="\\w$€£.,/:#-"),
    Rule("season", lambda v: cased(both(v.lex.seasons)),
         lambda v: rf"(?P<season>{alt(cased(both(v.lex.seasons)))})(?:(?:\s+of)?\s+(?P<y>{YEAR}))?(?![\w'’-])",
         absolute.season,
         back=lambda v: rf"{MOD_BACK}?(?:(?P<rel>[Ll]ast|[Nn]ext|[Tt]his)\s+|(?P<the>[Tt]he)\s+)?\Z",
         back_words=_fixed(MODS | RELS | {"the"}), named=True),
    Rule("quarter", lambda v: ["quarter", "Q1", "Q2", "Q3", "Q4"],
         lambda v: rf"(?:Q(?P<q>[1-4])(?:\s+(?P<y2>{YEAR}))?|quarter(?:(?:\s+of)?\s+(?P<y>{YEAR}))?)(?![\w-])",
         absolute.quarter,
         back=lambda v: (rf"(?:(?<![\w-])(?P<the>[Tt]he)\s+)?(?:(?<![\w-])(?P<by>{YEAR})\s+(?=\w+[\s-]+\Z))?"
                         rf"(?:(?<![\w-])(?P<rel>[Ll]ast|[Nn]ext|[Tt]his)\s+"
                         rf"|(?<![\w-])(?P<ord>{alt(both([*v.lex.quarter_ordinals, 'final']))})[\s-]+)?\Z"),
         back_words=lambda v: RELS | {"the", "final"} | {w.lower() for w in v.lex.quarter_ordinals}),
    Rule("weekday", lambda v: cased(v.lex.weekdays),
         lambda v: (rf"(?P<wd>{v.weekdays})(?P<poss>['’]s)?(?!\w)"
                    r"(?:\s+(?P<pod>morning|afternoon|evening|night)(?![\w-]))?"),
         relative.weekday,
         back=lambda v: (r"(?:(?<![\w-])(?P<rel>[Ll]ast|[Nn]ext|[Tt]his|[Ee]arly|[Ll]ate|[Ee]arlier|[Ll]ater)"
                         r"\s+(?:on\s+)?)?\Z"),
         back_words=_fixed(RELS | {"early", "late", "earlier", "later", "on"}), named=True),
    Rule("rel_day", lambda v: [*cased(both(["today", "tonight", "yesterday", "tomorrow"])),
                               "morning", "afternoon", "evening", "night"],
         lambda v: (r"(?P<word>(?i:today|tonight|yesterday|tomorrow)|morning|afternoon|evening|night)"
                    r"(?:\s+(?P<pod>morning|afternoon|evening|night)(?!\w))?(?P<poss>['’]s)?(?![\w-])"),
         relative.relative_day,
         back=lambda v: (r"(?:(?<![\w-])(?P<pre>[Ee]arlier|[Ll]ater|[Ee]arly|[Ll]ate)\s+)?"
                         r"(?:(?<![\w-])(?P<det>[Tt]his|[Ll]ast|[Tt]he\s+day\s+(?:before|after))\s+)?\Z"),
         back_words=_fixed(RELS | {"early", "late", "earlier", "later", "before", "after"})),
    Rule("rel_period", lambda v: ["week", "weekend", "month", "year"],
         lambda v: r"(?P<unit>week|weekend|month|year)(?![\w-])",
         relative.relative_period,
         back=lambda v: (r"(?:(?P<pmod>[Tt]he\s+(?:end|beginning|start|middle)\s+of)\s+"
                         r"|(?<![\w-])(?P<mod>[Ee]arlier|[Ll]ater|[Ee]arly|[Ll]ate)\s+)?"
                         r"(?:(?<![\w-])(?P<the>[Tt]he)\s+(?=(?:last|past)\s+\Z))?"
                         r"(?:(?<![\w-])(?P<rel>[Tt]his|[Ll]ast|[Nn]ext|[Pp]ast|the)\s+)?\Z"),
         back_words=_fixed(RELS | {"the", "past", "of"}), needs_back=True),
    Rule("year_words", lambda v: ["nineteen", "Nineteen", "twenty", "Twenty", "two", "Two"],
         lambda v: (rf"(?P<c>[Nn]ineteen|[Tt]wenty)\s+(?P<rest>{TWO_DIGITS})(?![\w-])"
                    rf"|(?P<k>[Tt]wo\s+thousand)(?:\s+(?:and\s+)?(?P<rest2>{TWO_DIGITS}|{_UNITS}))?(?![\w-])"),
         absolute.year_words),
    Rule("ago", lambda v: cased(["day", "days", "week", "weeks", "month", "months", "year", "years"]),
         lambda v: r"(?P<unit>days?|weeks?|months?|years?|DAYS?|WEEKS?|MONTHS?|YEARS?)\s+(?:ago|AGO)(?![\w-])",
         relative.ago,
         back=lambda v: rf"(?<![\w-])(?P<n>\d{{1,2}}|{v.numbers}|{v.numbers.upper()})\s+\Z",
         back_words=lambda v: {w.lower() for w in v.lex.numbers} | {"#"}, needs_back=True),
    Rule("clock", lambda v: [SHORT_DIGITS],
         lambda v: (r"(?=\d\d?(?::\d\d|(?:\.\d\d)?\s*[apAP]\.?[mM]))"  # cheap test first: a clock or am/pm
                    r"(?P<h>[01]?\d|2[0-3])(?:(?P<sep>[:.])(?P<min>[0-5]\d)(?!\d))?"
                    r"(?:\s*(?P<ap>[ap]\.m\.|[ap]m\b|[AP]M\b))?"
                    r"(?:\s+(?P<tz>GMT|UTC|BST|CET|CEST|EET|EEST|MSK|EST|EDT|ET|PT|PST|PDT|local\s+time)\b)?"),
         extra.clock, not_after="\\w$€£.,/:-"),
    Rule("decade", lambda v: [YEAR_DIGITS],
         lambda v: rf"(?P<y>{YEAR})['’]?s\b",
         extra.decade, back=lambda v: MOD_BACK + "?\\Z", back_words=_fixed(MODS), not_after="\\w$€£.,/:#-"),
    Rule("century", lambda v: ["century"],
         lambda v: r"century(?![\w-])",
         extra.century,
         back=lambda v: (rf"(?<![\w-])(?P<ord>\d{{1,2}}(?:st|nd|rd|th)|(?i:{alt(v.lex.day_ordinals)}))"
                         r"[\s-]+\Z"),
         back_words=lambda v: {*v.lex.day_ordinals, *(f"{n}{s}" for n in range(1, 31)
                                                       for s in ("st", "nd", "rd", "th"))}),
    Rule("fiscal", lambda v: ["fiscal", "Fiscal", "financial", "Financial"],
         lambda v: (rf"(?:[Ff]iscal|[Ff]inancial)(?:\s+year)?(?:\s+(?P<y>{YEAR})"
                    rf"|(?P<yy>\s+\d\d(?:\d\d)?[-/]\d\d(?:\d\d)?))?(?![\w-])"),
         extra.fiscal,
         back=lambda v: r"(?<![\w-])(?P<rel>[Tt]his|[Ll]ast|[Nn]ext|[Cc]urrent|[Tt]he|[Pp]revious)\s+\Z",
         back_words=_fixed(RELS | {"the", "current", "previous"})),
    Rule("reference", lambda v: both(v.lex.reference_words),
         lambda v: rf"(?P<ref>{alt(both(v.lex.reference_words))})(?![\w-])",
         extra.reference),
    Rule("reference_phrase", lambda v: both(v.lex.reference_anchors),
         lambda v: rf"(?P<ref>{alt(both(v.lex.reference_anchors))})(?![\w-])",
         extra.reference,
         back=lambda v: rf"(?<![\w-])(?P<lead>(?i:{alt(v.lex.reference_leads) or '(?!)'}))\s+\Z",
         back_words=lambda v: {lead.split()[-1] for lead in v.lex.reference_leads}, needs_back=True),
)

# Words at the head of the anaphora phrases of the lexicon ("the same [day]", "two [days] later").
ANAPHORA_HEADS = ("day", "days", "morning", "afternoon", "evening", "night", "week", "weeks", "month",
                  "months", "year", "years", "time", "quarter")

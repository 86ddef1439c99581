"""Handlers for dates the text states in full or nearly (day, month, year, season, quarter)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from sitegen.models import Mention
from sitegen.temporal import normalize
from sitegen.temporal.context import Context, Hit
from sitegen.temporal.resolve import (
    day_value,
    month_day_date,
    month_value,
    month_year,
    quarter_near,
    safe_date,
    season_relative,
    season_value,
    shift_quarter,
)
from sitegen.temporal.timex import PART_OF_DAY

_DIGITS = re.compile(r"\d+")
AHEAD_DAYS = 60  # a year-less day up to this far after publication keeps publication's year
_FISCAL = re.compile(r"fiscal|financial", re.IGNORECASE)
_RANGE_PARTNER = re.compile(r"\s*(?:and|to|-|–)\s*\d[\d,.]*\s+([\w%]+)")
# "January this year", "June of last year", "March next year": the month of a year counted from publication
_MONTH_REL_YEAR = re.compile(r",?\s+(?:of\s+)?(?P<rel>[Tt]his|[Ll]ast|[Nn]ext)\s+year(?![\w'’-])")
_YEAR_STEP = {"this": 0, "last": -1, "next": 1}
_CLOCK = re.compile(r"(?P<h>\d\d?):(?P<m>\d\d)(?::\d\d)?(?:\s*(?P<ap>[ap])\.?m\b\.?)?", re.IGNORECASE)


def time_suffix(m: Hit) -> str:
    """Return the TIMEX time of day a day expression carries: 'T08:41' (a clock), 'TNI' ('the night of'), or ''."""
    clock = _CLOCK.search(m["time"]) if m["time"] else None
    if clock is not None:
        hour = int(clock["h"])
        if clock["ap"]:
            hour = hour % 12 + (12 if clock["ap"].lower() == "p" else 0)
        return f"T{hour:02d}:{clock['m']}"
    podof = m["podof"].split()[1].lower() if m["podof"] else ""
    return f"T{PART_OF_DAY[podof]}" if podof in PART_OF_DAY else ""


def make(ctx: Context, start: int, end: int, value: str, precision: str, rule: str, evidence: str,
         anchor: str = "absolute", end_value: str | None = None) -> Mention:
    """Build a Mention over text[start:end]."""
    return Mention(start=start, end=end, text=ctx.original(start, end), value=value, precision=precision,
                   rule=rule, evidence=evidence, end_value=end_value, anchor=anchor)


def _num(s: str) -> int:
    m = _DIGITS.search(s)
    return int(m.group()) if m else 0


def _tense(future: bool) -> str:
    return "future" if future else "past"


def _unit_follows(ctx: Context, end: int) -> bool:
    return ctx.word_after(end).lower() in ctx.lex.year_blocking_followers


def day_month(m: Hit, ctx: Context, rule: str) -> Mention | None:
    """'6 August 2024', 'August 6', 'Aug. 6, 2024 08:41' (a TIME value), 'May 10-12', 'the night of May 10'."""
    mention = _day_month(m, ctx, rule)
    suffix = time_suffix(m) if mention is not None and mention.end_value is None else ""
    return replace(mention, value=mention.value + suffix) if mention is not None and suffix else mention


def _day_month(m: Hit, ctx: Context, rule: str) -> Mention | None:
    month = ctx.lex.month_number(m["mon"])
    if month is None:
        return None
    day = _num(m["d"]) if m["d"] else ctx.lex.day_ordinals.get(m["dw"].lower(), 0)
    if not day:
        return None
    day2 = _num(m["d2"]) if m["d2"] else None
    start, end = m.start(), m.end()
    if not m["y"] and not m["time"] and _unit_follows(ctx, end):
        return None
    words = f'"{ctx.text[start:end]}"'
    if m["y"]:
        year = int(m["y"])
        d = safe_date(year, month, day)
        if d is None:
            return normalize.fallback(ctx, start, end)
        end_value = None
        if day2 and day2 > day and safe_date(year, month, day2):
            end_value = day_value(date(year, month, day2))
        return make(ctx, start, end, day_value(d), "day", rule, f"absolute date {words}",
                    end_value=end_value)
    if ctx.published is None:
        return None
    if m["wd"]:
        named = _weekday_year(ctx, m["wd"], month, day)
        if named is not None:
            end_value = None
            if day2 and day2 > day and safe_date(named.year, month, day2):
                end_value = day_value(date(named.year, month, day2))
            return make(ctx, start, end, day_value(named), "day", rule,
                        f'{words} without a year: {named.year} is the year near publication '
                        f'{ctx.published.isoformat()} in which that day is a {m["wd"]}', anchor="publication",
                        end_value=end_value)
    future = _is_future(ctx, start, end)
    d2 = month_day_date(ctx.published, month, day, future)
    if d2 is None:
        return None
    if not future:
        # News style leaves out the year of dates in the current year: take publication's year
        # unless that puts the day more than two months ahead of a past-tense report.
        same = safe_date(ctx.published.year, month, day)
        if same is not None and same > ctx.published and (same - ctx.published).days <= AHEAD_DAYS:
            d2 = same
    end_value = None
    if day2 and day2 > day and safe_date(d2.year, month, day2):
        end_value = day_value(date(d2.year, month, day2))
    pub = ctx.published.isoformat()
    if future:
        how = f"the first one on or after publication {pub}"
    elif d2 > ctx.published:
        how = f"publication's year, as the day is at most {AHEAD_DAYS} days after publication {pub}"
    else:
        how = f"the most recent one on or before publication {pub}"
    return make(ctx, start, end, day_value(d2), "day", rule,
                f"{words} without a year in {_tense(future)} tense: {how}", anchor="publication",
                end_value=end_value)


def _is_future(ctx: Context, start: int, end: int) -> bool:
    """The clause's tense, or, for a start date ("from August 6"), any future word in the sentence."""
    if ctx.is_future(start, end):
        return True
    return ctx.word_before(start) in ctx.lex.onset_words and ctx.sentence_is_future(start, end)


def _weekday_year(ctx: Context, weekday: str, month: int, day: int) -> date | None:
    """The one year within a year of publication in which day/month falls on the named weekday."""
    assert ctx.published is not None
    wd = ctx.lex.weekdays.get(weekday.rstrip(".").capitalize())
    if wd is None:
        wd = ctx.lex.weekday_abbreviations.get(weekday.rstrip(".").capitalize())
    if wd is None:
        return None
    fits = []
    for year in (ctx.published.year - 1, ctx.published.year, ctx.published.year + 1):
        d = safe_date(year, month, day)
        if d is not None and d.weekday() == wd and abs((d - ctx.published).days) <= 240:
            fits.append(d)
    return fits[0] if len(fits) == 1 else None


def iso_date(m: Hit, ctx: Context) -> Mention | None:
    """'2024-08-06', '2024/08/06'."""
    d = safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    if d is None:
        return None
    clock = f"T{m['hh']}:{m['mm']}" if m["hh"] else ""
    return make(ctx, m.start(), m.end(), day_value(d) + clock, "day", "iso-date",
                f'numeric date "{m.group()}" (year-month-day)')


def numeric_date(m: Hit, ctx: Context) -> Mention | None:
    """'15.05.2024', '05/15/2024': day-first when the text's stamps are day-first."""
    a, b, year = int(m["a"]), int(m["b"]), int(m["y"])
    if a > 12 and b <= 12:
        day_first, why = True, "the first number is over 12"
    elif b > 12 and a <= 12:
        day_first, why = False, "the second number is over 12"
    elif a == b:
        day_first, why = True, "day and month are equal"
    elif ctx.day_first is not None:
        day_first = ctx.day_first
        why = "the text's own numeric dates and stamps are " + ("day-first" if day_first else "month-first")
    elif m["sep"] == ".":
        day_first, why = True, "dotted dates are day-first"
    else:
        return None  # 05/06/2024 with nothing to tell the order: skip rather than guess
    day, month = (a, b) if day_first else (b, a)
    d = safe_date(year, month, day)
    if d is None:
        return None
    return make(ctx, m.start(), m.end(), day_value(d), "day", "numeric-date",
                f'numeric date "{m.group()}" read {"day" if day_first else "month"}-first: {why}')


def month_with_year(m: Hit, ctx: Context) -> Mention | None:
    """'February 2022', 'early May 2024', 'the end of March 2023'."""
    month = ctx.lex.month_number(m["mon"])
    if month is None:
        return None
    if m["dec"]:
        if int(m["y"]) % 10 == 0:
            return None  # "May 1990s"? a decade, never a month
        end = m.end() - len(m["dec"])
    else:
        end = m.end()
    end_value = None
    if m["mon2"]:
        month2 = ctx.lex.month_number(m["mon2"])
        if month2 is None or month2 <= month:
            return None
        end_value = month_value(int(m["y"]), month2)
    return make(ctx, m.start(), end, month_value(int(m["y"]), month), "month", "month-year",
                f'month and year "{m.group()}"', end_value=end_value)


def month_bare(m: Hit, ctx: Context) -> Mention | None:
    """'in June', 'mid-October', 'last June': a month name after a cue, year from publication."""
    month = ctx.lex.months.get(m["mon"].capitalize())
    if month is None:
        return None
    start, end = m.start(), m.end()
    before = ctx.word_before(start)
    rel = before.lower() if before.lower() in ("last", "next", "this") else ""
    after = ctx.word_after(end)
    plain = before.isalpha() and before.islower() and m["mon"] != "May" and not after[:1].isupper() \
        and before not in ctx.lex.month_verb_preceders
    if not (m["mod"] or m["pmod"] or before in ctx.lex.month_cues or plain):
        return None  # "May" the verb, "March" the verb, "June Carter" the name
    if not (m["mod"] or m["pmod"]) and before in ("and", "to", "or"):
        window = ctx.text[max(0, start - 30):start]
        if not ctx.pats.month_bare.search(window) and not ctx.pats.month_year.search(window):
            return None
    if ctx.word_after(end).lower() in ctx.lex.generic_followers or before in ctx.lex.set_preceders:
        return None  # "from mid-October onwards", "each July": a recurring time, not an event
    if ctx.published is None:
        return None
    if rel:
        start = ctx.text.rfind(before, 0, start)
    of_year = _MONTH_REL_YEAR.match(ctx.text, end)
    if of_year is not None and not rel:
        year = ctx.published.year + _YEAR_STEP[of_year["rel"].lower()]
        return make(ctx, start, of_year.end(), month_value(year, month), "month", "month-name",
                    f'"{ctx.text[start:of_year.end()]}": {m["mon"]} of the year {year}, counted from '
                    f'publication {ctx.published.isoformat()}', anchor="publication")
    if rel == "this":  # "this September": the one of publication's year, before or after publication
        return make(ctx, start, end, month_value(ctx.published.year, month), "month", "month-name",
                    f'"this {m["mon"]}": {m["mon"]} of publication\'s year {ctx.published.year}',
                    anchor="publication")
    if rel == "last":
        future, strict = False, True
    elif rel == "next":
        future, strict = True, True
    else:
        future, strict = _is_future(ctx, m.start(), end), False
    year = month_year(ctx.published, month, future, strict)
    if rel == "last" and (ctx.published.month - month) % 12 == 1:
        year -= 1  # "last February" written in March: the month just gone would be "last month"
    if not rel and not future and year < ctx.published.year and (month - ctx.published.month) % 12 <= 2 \
            and not ctx.has_past_cue(m.start()):
        year, future = ctx.published.year + (1 if month < ctx.published.month else 0), True
    how = {"last": "the last", "next": "the next"}.get(rel, "the most recent" if not future else "the next")
    return make(ctx, start, end, month_value(year, month), "month", "month-name",
                f'month "{m["mon"]}" without a year in {_tense(future)} tense: {how} {m["mon"]} '
                f'{"not after" if not future else "from"} publication {ctx.published.isoformat()}',
                anchor="publication")


def year_range(m: Hit, ctx: Context) -> Mention | None:
    """'2022-2024', '1957-58' (the second half in the first one's century)."""
    y = int(m["y"])
    y2 = int(m["y2"]) if m["y2"] else y - y % 100 + int(m["yy"])
    if y2 <= y or y2 - y > 50 or _unit_follows(ctx, m.end()):
        return None
    return make(ctx, m.start(), m.end(), f"{y:04d}", "year", "year-range",
                f'years "{m.group()}"', end_value=f"{y2:04d}")


def _year_determiner(ctx: Context, word: str) -> bool:
    """'the', 'that', 'his' or a possessive ("Russia's") before a year: it names a year."""
    return word in ctx.lex.year_determiners or word.endswith(("'s", "’s"))


def _name_before(ctx: Context, word: str) -> bool:
    """A capitalised word that is neither a cue nor a determiner: "Orion 1980", "Euro 2024" are names."""
    return word.isalpha() and word[0].isupper() and word not in ctx.lex.year_cues \
        and not _year_determiner(ctx, word) and ctx.lex.month_number(word) is None \
        and word.capitalize() not in ctx.lex.weekdays


def year_bare(m: Hit, ctx: Context) -> Mention | None:
    """'in 2022', 'since 2014', 'late 2023', 'his 1996 campaign': a year with context that makes it one."""
    year = int(m["y"])
    if m["dec"] and year % 10 == 0:
        return None  # a decade ("the 1980s"): out of scope, never a year
    start, end = m.start(), m.end()
    ystart = m.start("y")
    before = ctx.word_before(ystart)
    after = ctx.word_after(end)
    if _unit_follows(ctx, end) or before in ctx.lex.year_blocking_preceders:
        return None
    if before in ("between", "Between", "from", "From"):
        partner = _RANGE_PARTNER.match(ctx.text, end)
        if partner and partner.group(1).lower() in ctx.lex.year_blocking_followers:
            return None  # "between 1800 and 2000 troops"
    if not (m["mod"] or m["pmod"]) and _name_before(ctx, before) and ctx.text[ystart - 1] == " ":
        return None  # "Orion 1980", "Expo 2020": part of a name
    if not (m["mod"] or m["pmod"] or before in ctx.lex.year_cues or _year_determiner(ctx, before)
            or after == "" or after[0].isupper() or after in ctx.lex.year_followers
            or after in ctx.lex.year_event_nouns):
        return None
    return make(ctx, start, end, f"{year:04d}", "year", "year", f'year "{m["y"]}"')


def _two_digits(ctx: Context, words: str) -> int:
    """'ninety-one' -> 91, 'fourteen' -> 14, from the lexicon's number words."""
    return sum(ctx.lex.numbers.get(p, 0) for p in words.lower().replace("-", " ").split())


def year_words(m: Hit, ctx: Context) -> Mention | None:
    """'in nineteen ninety-one', 'since twenty twenty-two', 'in two thousand and one' (transcripts)."""
    start, end = m.start(), m.end()
    before = ctx.word_before(start)
    if not (before in ctx.lex.year_cues or _year_determiner(ctx, before)) or before in ("and", "to", "of"):
        return None  # "nineteen twenty-one" as counts: only after a word that introduces a year
    after = ctx.word_after(end)
    if _unit_follows(ctx, end) or (m["k"] and not m["rest2"] and after[:1].islower()
                                   and after not in ctx.lex.year_followers):
        return None  # "in two thousand cases"
    if m["k"]:
        year = 2000 + (_two_digits(ctx, m["rest2"]) if m["rest2"] else 0)
    else:
        rest = _two_digits(ctx, m["rest"])
        if rest < 10:
            return None
        year = (1900 if m["c"].lower() == "nineteen" else 2000) + rest
    return make(ctx, start, end, f"{year:04d}", "year", "year-words", f'year spelled out "{m.group()}"')


def season(m: Hit, ctx: Context) -> Mention | None:
    """'the autumn of 2022', 'summer 2023', 'last summer'."""
    code = ctx.lex.seasons.get(m["season"].lower())
    if code is None:
        return None
    if m["y"]:
        return make(ctx, m.start(), m.end(), season_value(int(m["y"]), code), "season", "season-year",
                    f'season and year "{m.group()}" (northern hemisphere)')
    if not m["rel"] or ctx.published is None:
        return None
    rel = m["rel"].lower()
    value = season_relative(ctx.published, code, rel)
    how = {"last": "most recent completed", "next": "next", "this": "current year's"}[rel]
    return make(ctx, m.start(), m.end(), value, "season", "season-relative",
                f'"{m.group()}": the {how} {m["season"].lower()} for publication {ctx.published.isoformat()}',
                anchor="publication")


def quarter(m: Hit, ctx: Context) -> Mention | None:
    """'the first quarter', 'Q1 2024', 'next quarter'."""
    year_text = m["y"] or m["y2"] or (m["by"] if m["ord"] else "")  # "the 1988 second quarter"
    q = int(m["q"]) if m["q"] else (ctx.lex.quarter_ordinals.get(m["ord"].lower(), 4) if m["ord"] else 0)
    if q and year_text:
        return make(ctx, m.start(), m.end(), f"{int(year_text):04d}-Q{q}", "quarter", "quarter-year",
                    f'quarter and year "{m.group()}"')
    if ctx.published is None:
        return None
    if m["rel"]:
        if m["the"]:
            return None  # "the last quarter": a stretch of time, not a calendar quarter
        step = {"last": -1, "next": 1, "this": 0}[m["rel"].lower()]
        return make(ctx, m.start(), m.end(), shift_quarter(ctx.published, step), "quarter", "quarter-relative",
                    f'"{m.group()}" counted from publication {ctx.published.isoformat()}', anchor="publication")
    if not q or not (m["the"] or m["q"] or "-quarter" in m.group()):
        return None
    if ctx.text.startswith(" of the", m.end()) or ctx.text.startswith(" of a", m.end()) \
            or _FISCAL.search(ctx.text, max(0, m.start() - 20), m.end() + 30):
        return None  # "the first quarter of the match", a fiscal quarter: not a calendar quarter
    future = ctx.is_future(m.start(), m.end())
    return make(ctx, m.start(), m.end(), quarter_near(ctx.published, q, future), "quarter", "quarter-name",
                f'quarter {q} without a year in {_tense(future)} tense, publication {ctx.published.isoformat()}',
                anchor="publication")

"""Handlers for expressions counted from the publication date (weekdays, "last month", "ago")."""

from __future__ import annotations

from datetime import timedelta

from sitegen.models import Mention
from sitegen.temporal.absolute import make
from sitegen.temporal.context import Context, Hit
from sitegen.temporal.resolve import (
    WEEKDAY_NAMES,
    day_value,
    month_value,
    shift_month,
    week_value,
    weekday_near,
)
from sitegen.temporal.timex import PART_OF_DAY


def weekday(m: Hit, ctx: Context) -> Mention | None:
    """'on Wednesday', 'late Tuesday', 'Tuesday night', 'last Friday', 'will meet on Thursday'."""
    if ctx.published is None:
        return None
    wd = ctx.lex.weekdays.get(m["wd"].capitalize())
    if wd is None:
        return None
    rel = (m["rel"] or "").lower()
    start, end = m.start(), m.end()
    if rel in ("last", "next", "this") and ctx.word_before(start) in ("the", "The"):
        return None  # "the last Friday of the month"
    if not rel and ctx.word_before(start) in ctx.lex.set_preceders:
        return None  # "each Thursday": a recurring day, not a date
    if rel == "last":
        future, strict, how = False, True, "the most recent {} before publication {}"
    elif rel == "next":
        future, strict, how = True, True, "the first {} after publication {}"
    else:
        future, strict = ctx.is_future(start, end), False
        how = "the first {} on or after publication {}" if future else \
            "the most recent {} on or before publication {}"
    d = weekday_near(ctx.published, wd, future, strict)
    tense = "future" if future else "past"
    name = WEEKDAY_NAMES[wd]
    pod = f"T{PART_OF_DAY[m['pod']]}" if m["pod"] else ""
    return make(ctx, start, end, day_value(d) + pod, "day", "weekday",
                f'weekday "{m.group()}" in {tense} tense: ' + how.format(name, ctx.published.isoformat()),
                anchor="publication")


_DAY_SHIFT = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}


def relative_day(m: Hit, ctx: Context) -> Mention | None:
    """'today', 'yesterday', 'tonight', 'this morning', 'last night', 'the day before yesterday'."""
    if ctx.published is None or not m["word"]:
        return None
    if m["word"] == "Today" and not m["det"] and not m["pre"]:
        before = ctx.word_before(m.start())
        if before[:1].isupper() and ctx.token_before(m.start()) == before:
            return None  # "USA Today", "a VOA Today report": a title, not publication day
    word = m["word"].lower()
    det = " ".join((m["det"] or "").lower().split())
    start = m.start()
    pod = m["pod"] or ""
    if word in ("morning", "afternoon", "evening"):
        if det != "this":
            return None
        shift, pod = 0, word
    elif word == "night":
        if det != "last":
            return None
        shift, pod = -1, word
    elif word == "tonight":
        shift, pod = 0, "night"
    else:
        shift = _DAY_SHIFT[word]
        if det == "the day before" and word == "yesterday":
            shift = -2
        elif det == "the day after" and word == "tomorrow":
            shift = 2
        elif det:
            start = m.start("pre") if m["pre"] and m.start("pre") > m.start("det") else m.start("word")
    if m["poss"]:
        nxt = ctx.word_after(m.end())
        sentence = ctx.text[slice(*ctx.local_sentence(m.start("word"), m.end()))].lower().replace("’", "'")
        if nxt[:1].isupper() or ("today's" in sentence and "tomorrow's" in sentence) \
                or nxt.lower() in ctx.lex.generic_today_nouns:
            return None  # "today's Ukraine could be tomorrow's East Asia", "in today's world": generic
    d = ctx.published + timedelta(days=shift)
    end = m.end() - len(m["poss"] or "")
    words = ctx.text[start:end]
    time = f"T{PART_OF_DAY[pod]}" if pod in PART_OF_DAY else ""
    return make(ctx, start, end, day_value(d) + time, "day", "relative-day",
                f'"{words}" is {"publication day" if shift == 0 else f"{shift:+d} day(s) from publication"} '
                f"{ctx.published.isoformat()}", anchor="publication")


def relative_period(m: Hit, ctx: Context) -> Mention | None:
    """'last week', 'earlier this week', 'next month', 'last year', 'the end of the year'."""
    if ctx.published is None:
        return None
    if not m["unit"] or not (m["rel"] or m["pmod"]):
        return None
    rel, unit = (m["rel"] or "the").lower(), m["unit"]
    pub = ctx.published
    start = m.start()
    if rel == "the" and not m["pmod"]:
        return None
    if m["the"]:  # "the last week", "the past week": the week before publication's, unless a duration
        if unit != "week" or ctx.word_before(start) in ctx.lex.duration_preceders:
            return None  # "over the past week", "the last year": a stretch of time
        rel = "last"
    elif rel == "past":
        return None
    elif rel in ("last", "next") and ctx.word_before(start) in ("the", "The", "over", "past"):
        return None  # "the last year", "over the next month": a duration
    step = {"last": -1, "next": 1}.get(rel, 0)
    if unit == "week":
        value, precision = week_value(pub + timedelta(days=7 * step)), "week"
        what = {-1: "the ISO week before publication's", 0: "publication's ISO week",
                1: "the ISO week after publication's"}[step]
    elif unit == "weekend":
        if step == 0:  # the weekend of publication's week, unless the sentence is in the past tense
            past = not ctx.is_future(m.start(), m.end()) and ctx.has_past_cue(m.start())
            sat = weekday_near(pub, 5, False) if past else pub + timedelta(days=5 - pub.weekday())
        else:
            sat = weekday_near(pub, 5, step > 0, strict=True)
        value, precision, what = week_value(sat), "week", f"the week of the weekend of {sat.isoformat()}"
    elif unit == "month":
        y, mo = shift_month(pub.year, pub.month, step)
        value, precision = month_value(y, mo), "month"
        what = {-1: "the month before publication's", 0: "publication's month",
                1: "the month after publication's"}[step]
    else:
        value, precision = f"{pub.year + step:04d}", "year"
        what = {-1: "the year before publication's", 0: "publication's year",
                1: "the year after publication's"}[step]
    return make(ctx, start, m.end(), value, precision, "relative-period",
                f'"{m.group()}": {what} (publication {pub.isoformat()})', anchor="publication")


def ago(m: Hit, ctx: Context) -> Mention | None:
    """'two years ago' (a year value, TimeML style), 'three days ago', 'a week ago'."""
    if ctx.published is None:
        return None
    if not m["n"] or not m["unit"]:
        return None
    raw = m["n"].lower()
    n = int(raw) if raw.isdigit() else ctx.lex.numbers.get(raw)
    if n is None:
        return None
    unit = m["unit"].lower().rstrip("s")
    pub = ctx.published
    if unit == "day":
        value, precision = day_value(pub - timedelta(days=n)), "day"
    elif unit == "week":
        value, precision = week_value(pub - timedelta(days=7 * n)), "week"
    elif unit == "month":
        y, mo = shift_month(pub.year, pub.month, -n)
        value, precision = month_value(y, mo), "month"
    else:
        value, precision = f"{pub.year - n:04d}", "year"
    return make(ctx, m.start(), m.end(), value, precision, "ago",
                f'"{m.group()}": {n} {unit}(s) before publication {pub.isoformat()}, at {precision} precision',
                anchor="publication")

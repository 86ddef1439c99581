"""Handlers for TIMEX3 values that date no timeline entry: clock times, decades, centuries,
fiscal years and references to the present, past and future (PRESENT_REF, PAST_REF, FUTURE_REF).

Clock times get their day from a neighbouring day expression (`join_clock_times`, in the
TIMEX3 view); a clock time without one is dropped rather than guessed.
"""

from __future__ import annotations

import re

from sitegen.models import Mention
from sitegen.temporal.absolute import make
from sitegen.temporal.context import Context, Hit

_TO_DAY = re.compile(r"(?:\s*,)?\s+(?:(?:on|of)\s+)?\Z|\s*,?\s*(?:on\s+)?\Z")
_AT = re.compile(r"\s*,?\s+(?:at|from|around|about|by)\s+\Z|\s*,\s*\Z|\s+\Z")
_ORDINAL = re.compile(r"\d+")
_WORD = re.compile(r"[\w’']+")
_PREPOSITIONS = frozenset({"at", "in", "right", "until", "by", "for"})


def clock(m: Hit, ctx: Context) -> Mention | None:
    """'15:00 GMT', '3 p.m.', '9.30pm': a time of day (value 'THH:MM', given its day later)."""
    if not (m["min"] and m["sep"] == ":") and not m["ap"]:
        return None  # "15" alone, "9.30" without am/pm: a number
    hour = int(m["h"])
    minute = int(m["min"] or 0)
    ap = m["ap"].lower().replace(".", "")
    if ap:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ap == "pm" else 0)
    end = m.end()
    return make(ctx, m.start(), end, f"T{hour:02d}:{minute:02d}", "time", "clock",
                f'time of day "{ctx.text[m.start():end]}"', anchor="publication")


def join_clock_times(text: str, mentions: list[Mention]) -> list[Mention]:
    """Join each clock time to the day right before or after it ('Saturday at 3 p.m.', '15:00 GMT Saturday').

    The joined mention keeps the day's anchor and gets a TIME value (2024-05-11T15:00); a clock
    time with no day beside it is dropped (its day is unknown). Only the TIMEX3 view joins: the
    calendar view keeps the day's own extent, so entry ids do not move.
    """
    out: list[Mention] = []
    i = 0
    while i < len(mentions):
        m = mentions[i]
        if m.rule != "clock":
            out.append(m)
            i += 1
            continue
        prev = out[-1] if out else None
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        if prev is not None and _is_day(prev) and m.start - prev.end <= 8 \
                and _AT.fullmatch(text[prev.end:m.start] + " ") is not None:
            out[-1] = _joined(text, prev, m, prev.start, m.end)
        elif nxt is not None and _is_day(nxt) and nxt.start - m.end <= 6 \
                and _TO_DAY.match(text[m.end:nxt.start]) is not None:
            out.append(_joined(text, nxt, m, m.start, nxt.end))
            i += 1
        i += 1
    return out


def _is_day(m: Mention) -> bool:
    return m.precision == "day" and m.end_value is None and "T" not in m.value


def _joined(text: str, day: Mention, time: Mention, start: int, end: int) -> Mention:
    return Mention(start=start, end=end, text=text[start:end], value=f"{day.value}{time.value}", precision="day",
                   rule=day.rule, evidence=f"{day.evidence}, at {time.text}", anchor=day.anchor)


def decade(m: Hit, ctx: Context) -> Mention | None:
    """'the 1990s', 'the early 1980s': a decade (value '199')."""
    year = int(m["y"])
    if year % 10:
        return None
    before = ctx.word_before(m.start("y"))
    if not (m["mod"] or m["pmod"] or before.lower() in ("the", "in", "of", "since", "by", "until", "from", "to")):
        return None
    return make(ctx, m.start(), m.end(), f"{year // 10:03d}", "decade", "decade", f'decade "{m.group()}"')


def century(m: Hit, ctx: Context) -> Mention | None:
    """'the 20th century', 'the nineteenth century': a century (value '19' for the 20th)."""
    raw = m["ord"].lower()
    digits = _ORDINAL.match(raw)
    n = int(digits.group()) if digits else ctx.lex.day_ordinals.get(raw, 0)
    if not 1 <= n <= 30:
        return None
    after = ctx.word_after(m.end())
    if ctx.text.startswith("-", m.end()) or "-" in ctx.text[m.start():m.core.start()] \
            or after.lower() in ("and", "or"):
        return None  # "21st-century weapons", "the 19th and 20th centuries"
    return make(ctx, m.start(), m.end(), f"{n - 1:02d}", "century", "century",
                f'"{m.group()}": the years {n - 1:02d}00-{n - 1:02d}99')


def fiscal(m: Hit, ctx: Context) -> Mention | None:
    """'fiscal 2024', 'fiscal year 2024', 'this fiscal year', 'next fiscal year' (value 'FY2024')."""
    words = m.group()
    rel = m["rel"].lower()
    if m["y"]:
        start = m.start() if rel not in ("", "the") else m.core.start()
        return make(ctx, start, m.end(), f"FY{int(m['y']):04d}", "fiscal", "fiscal-year",
                    f'the fiscal year named by "{ctx.text[start:m.end()]}"')
    if not words.lower().endswith("year") or rel not in ("this", "last", "next", "current", "previous") \
            or ctx.published is None:
        return None
    step = {"last": -1, "previous": -1, "next": 1}.get(rel, 0)
    year = ctx.published.year + step
    return make(ctx, m.start(), m.end(), f"FY{year:04d}", "fiscal", "fiscal-year",
                f'"{words}": fiscal year {year}, counted from publication {ctx.published.isoformat()}',
                anchor="publication")


def reference(m: Hit, ctx: Context) -> Mention | None:
    """'now', 'currently', 'the past', 'at the time', 'the future': PRESENT_REF, PAST_REF, FUTURE_REF."""
    refs = ctx.lex.references
    words = [(w.start(), w.group().lower()) for w in _WORD.finditer(ctx.text, m.start(), m.core.start())] \
        if m.back is not None else []
    words.append((m.core.start(), m["ref"].lower()))
    phrase, start = "", m.core.start()
    for cut in range(len(words)):  # the longest phrase of the lexicon that ends here
        longer = " ".join(w for _, w in words[cut:])
        if longer in refs:
            phrase, start = longer, words[cut][0]
            break
    value = refs.get(phrase)
    if value is None:
        return None
    after = ctx.word_after(m.end())
    if after.lower() in ctx.lex.reference_blocking_followers or after[:1].isdigit():
        return None  # "the past few years", "the past 24 hours": a duration
    if ctx.text.startswith(("'s", "’s"), m.end()):
        return None
    # TimeML extent: the phrase less a leading preposition ("at [the time]", "in [the past]", "right [now]")
    rest = [(at, w) for at, w in words if at >= start]
    while len(rest) > 1 and rest[0][1] in _PREPOSITIONS:
        rest = rest[1:]
    start = rest[0][0]
    return make(ctx, start, m.end(), value, "ref", "reference",
                f'"{ctx.text[start:m.end()]}" refers to the {value.split("_")[0].lower()}, not to a date')

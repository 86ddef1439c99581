"""Anaphoric expressions ("the same day", "later that year") dated from an earlier sentence."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from sitegen.models import Mention
from sitegen.temporal.absolute import make
from sitegen.temporal.clause import ANTECEDENT_REACH, last_report, reporting_patterns, subordinate_start
from sitegen.temporal.context import Context
from sitegen.temporal.lexicon import PRECISION_RANK, Anaphor, TemporalLexicon
from sitegen.temporal.resolve import day_value, step_value
from sitegen.temporal.timex import PART_OF_DAY, precision_of, span
from sitegen.temporal.views import CALENDAR_PRECISIONS

_EVENT_STEP = re.compile(r"^(?:a|one|two|three|\w+) days? (?:after|before)$")  # "a day after <an event>"
_REPORTED = re.compile(r"\b(?:latest|most recent)\b")
_LEAD = re.compile(r"(?i:at|later in|earlier in)\s+")


def _quoted(ctx: Context, m: Mention) -> bool:
    """Tell whether m sits inside quotation marks in its sentence."""
    sentence = ctx.sentence_of(m.start)
    if sentence is None:
        return False
    before = ctx.text[sentence.start:m.start]
    return before.count('"') % 2 == 1 or before.count("“") > before.count("”")


def _eligible(ctx: Context, m: Mention) -> bool:
    """An antecedent names a calendar span in a main clause, outside quotation marks (memoised per span)."""
    known = ctx.antecedents.get((m.start, m.end))
    if known is None:
        sentence = ctx.sentence_of(m.start)
        known = m.precision in CALENDAR_PRECISIONS and m.end_value is None and not _quoted(ctx, m) \
            and (sentence is None or subordinate_start(ctx, sentence, m) is None)
        ctx.antecedents[(m.start, m.end)] = known
    return known


def _antecedent(ctx: Context, start: int, mentions: Sequence[Mention], needs: str,
                exact: str | None = None, reported: bool = False) -> Mention | None:
    """Return the latest mention before start in the nearest dated sentence, if precise enough.

    The antecedent is in a main clause and not in a quotation, at most `anaphora_reach` sentences back. With exact, the latest mention of exactly that precision within reach ("the
    quarter" looks back to the last quarter named, past a year in between); with reported, only
    one over by publication ("the latest quarter" is a quarter already reported, not a coming one).
    """
    lo = max(0, start - ANTECEDENT_REACH)
    distance: dict[int, int] = {}
    near: list[Mention] = []
    for m in mentions:
        if not (lo <= m.start and m.end <= start) or not _eligible(ctx, m):
            continue
        gap = ctx.sentences.distance(m.start, start, ctx.lex.anaphora_reach)
        if gap > ctx.lex.anaphora_reach:
            continue
        distance[id(m)] = gap
        near.append(m)
    if not near:
        return None
    if exact is not None:
        same = [m for m in near if m.precision == exact]
        if reported and ctx.published is not None:  # "the latest quarter": one already over
            same = [m for m in same if span(m.value).last < ctx.published]
        return same[-1] if same else None
    nearest = min(distance[id(m)] for m in near)
    candidates = [m for m in near if distance[id(m)] == nearest]
    for m in reversed(candidates):
        if PRECISION_RANK.get(m.precision, 9) <= PRECISION_RANK[needs]:
            return m
    return None


def _phrases(ctx: Context, heads: Sequence[int]) -> list[tuple[int, int, Anaphor]]:
    """Return (start, end, anaphor) for the anaphoric phrases around their head words (day, year, …)."""
    text = ctx.text
    out: dict[int, tuple[int, int, Anaphor]] = {}
    table = _by_head(ctx.lex)
    for head in heads:
        word_end = head
        while word_end < len(text) and (text[word_end].isalpha() or (
                text[word_end] == "-" and word_end + 1 < len(text) and text[word_end + 1].isalpha())):
            word_end += 1  # a hyphenated word is one word: "year-earlier", "year-ago"
        for offset, phrase, spec in table.get(text[head:word_end], ()):
            start = head - offset
            end = start + len(phrase)
            if start < 0 or start in out:
                continue
            if " ".join(text[start:end].split()).lower() != phrase:
                continue
            if (start and (text[start - 1].isalnum() or text[start - 1] == "-")) \
                    or (end < len(text) and (text[end].isalnum() or text[end] == "-")):
                continue
            out[start] = (start, end, spec)
        if text.startswith(("days", "weeks", "months", "years"), head):
            counted = _counted(ctx, head)
            if counted is not None and counted[0] not in out:
                out[counted[0]] = counted
    return [out[k] for k in sorted(out)]


def _counted(ctx: Context, head: int) -> tuple[int, int, Anaphor] | None:
    """'<n> days later', 'three weeks earlier': a step of n units from the antecedent."""
    m = ctx.pats.counted.search(ctx.text, max(0, head - 12), min(len(ctx.text), head + 16))
    if m is None or m.start("unit") != head:
        return None
    raw = m["n"].lower()
    n = int(raw) if raw.isdigit() else ctx.lex.numbers.get(raw)
    if not n:
        return None
    n = n if m["dir"] == "later" else -n
    unit = m["unit"].rstrip("s")
    if unit == "week":  # a week later is a day when the antecedent is one
        return m.start(), m.end(), Anaphor(m.group().lower(), "day", "day", 7 * n)
    return m.start(), m.end(), Anaphor(m.group().lower(), unit, unit, n)


@lru_cache(maxsize=8)
def _by_head(lex: TemporalLexicon) -> dict[str, list[tuple[int, str, Anaphor]]]:
    """Index the phrases by each of their words: word -> (offset of the word, phrase, spec)."""
    table: dict[str, list[tuple[int, str, Anaphor]]] = {}
    for spec in lex.anaphora:
        offset = 0
        for word in spec.phrase.split(" "):
            table.setdefault(word, []).append((offset, spec.phrase, spec))
            offset += len(word) + 1
    for entries in table.values():
        entries.sort(key=lambda e: -len(e[1]))  # longest phrase first
    return table


def _of_a_report(ctx: Context, start: int, end: int) -> bool:
    """Tell whether the phrase at [start, end) dates a report: 'said earlier in the day', 'Later in the day, X said'."""
    before, _, anywhere = reporting_patterns(ctx.lex)
    if before.search(ctx.text, max(0, start - 30), start):
        return True
    s_start, s_end = ctx.local_sentence(start, end)
    if ctx.text[s_start:start].strip(" \t\"“‘("):
        return False  # mid-sentence and not right after a reporting verb
    return anywhere.search(ctx.text, end, s_end) is not None  # opening the sentence of a report


def _reporting_day(ctx: Context, start: int, end: int, words: str, mentions: Sequence[Mention]) -> Mention | None:
    """'said earlier in the day': the day of the last dated report in reach ('said on Aug. 12'), else publication."""
    m = last_report(ctx, start, mentions)
    if m is not None:
        return make(ctx, start, end, m.value.partition("T")[0], "day", "anaphora",
                        f'"{words}" said of a report: the day of the report "{m.text}" ({m.value})',
                        anchor="previous")
    if ctx.published is None:
        return None
    return make(ctx, start, end, day_value(ctx.published), "day", "anaphora",
                f'"{words}" said of a report and no other report dated before it: the reporting '
                f"day, publication {ctx.published.isoformat()}", anchor="publication")


def resolve_anaphora(ctx: Context, mentions: list[Mention], heads: Sequence[int]) -> list[Mention]:
    """Return mentions plus every anaphor that has a safe antecedent (anchor 'previous')."""
    taken = [(m.start, m.end) for m in mentions]
    out = sorted(mentions, key=lambda m: m.start)
    for s, e, spec in _phrases(ctx, heads):
        if any(s < te and ts < e for ts, te in taken):
            continue
        if spec.phrase in ctx.lex.reporting_day_phrases and _of_a_report(ctx, s, e):
            lead = _LEAD.match(ctx.text[s:e])
            day = _reporting_day(ctx, s + lead.end() if lead else s, e, ctx.text[s:e], out)
            if day is not None:
                out.append(day)
                out.sort(key=lambda m: m.start)
                taken.append((s, e))
            continue
        ante = _antecedent(ctx, s, out, spec.needs, "quarter" if spec.unit == "quarter" else None,
                           reported=spec.unit == "quarter" and _REPORTED.search(spec.phrase) is not None)
        if ante is None:
            continue  # no safe antecedent: leave the sentence undated rather than guess
        if _EVENT_STEP.search(spec.phrase) and ctx.sentences.distance(ante.start, s) == 0:
            continue  # "on Monday, two days after a blast": the step dates the other event, not a new one
        value = step_value(ante.value.partition("T")[0], spec.unit, spec.step)
        if value is None:
            continue
        precision = precision_of(value)
        part = spec.phrase.rsplit(" ", 1)[-1]
        if precision == "day" and part in PART_OF_DAY:
            value += f"T{PART_OF_DAY[part]}"  # "that evening": the antecedent's day, its evening
        words = ctx.text[s:e]
        lead = _LEAD.match(words)
        start = s + lead.end() if lead else s  # TimeML extent: "at [the same time]", "later in [the day]"
        step = "" if spec.step == 0 else f", {spec.step:+d} {spec.unit}(s)"
        mention = make(ctx, start, e, value, precision, "anaphora",
                       f'"{words}" refers to "{ante.text}" ({ante.value.partition("T")[0]}) in an earlier sentence{step}',
                       anchor="previous")
        out.append(mention)
        out.sort(key=lambda m: m.start)
        taken.append((s, e))
    return out

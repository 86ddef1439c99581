"""Anaphoric expressions ("the same day", "later that year") dated from an earlier sentence."""

from __future__ import annotations

import re
from collections.abc import Sequence

from sitegen.models import Mention
from sitegen.temporal.absolute import make
from sitegen.temporal.context import Context
from sitegen.temporal.lexicon import PRECISION_RANK, Anaphor
from sitegen.temporal.resolve import step_value


def _anaphor(ctx: Context, phrase: str) -> Anaphor | None:
    key = " ".join(phrase.lower().split())
    for a in ctx.lex.anaphora:
        if a.phrase == key:
            return a
    return None


def _antecedent(ctx: Context, start: int, mentions: Sequence[Mention], needs: str) -> Mention | None:
    """Return the latest mention before start in the nearest dated sentence, if precise enough."""
    here = ctx.sentence_of(start)
    before = [m for m in mentions if m.end <= start and here - ctx.sentence_of(m.start) <= ctx.lex.anaphora_reach]
    if not before:
        return None
    nearest = max(ctx.sentence_of(m.start) for m in before)
    candidates = [m for m in before if ctx.sentence_of(m.start) == nearest and m.end_value is None]
    for m in reversed(candidates):
        if PRECISION_RANK.get(m.precision, 9) <= PRECISION_RANK[needs]:
            return m
    return None


def _phrases(ctx: Context, heads: Sequence[int]) -> list[re.Match[str]]:
    """Return the anaphoric phrases of the text, found around their head words (day, year, …)."""
    seen: dict[int, re.Match[str]] = {}
    for head in heads:
        window_end = min(len(ctx.text), head + 22)
        for hit in ctx.pats.anaphor.finditer(ctx.text, max(0, head - 25), window_end):
            if hit.start() <= head < hit.end() and hit.start() not in seen:
                seen[hit.start()] = hit
    return [seen[k] for k in sorted(seen)]


def resolve_anaphora(ctx: Context, mentions: list[Mention], heads: Sequence[int]) -> list[Mention]:
    """Return mentions plus every anaphor that has a safe antecedent (anchor 'previous')."""
    taken = [(m.start, m.end) for m in mentions]
    out = sorted(mentions, key=lambda m: m.start)
    for hit in _phrases(ctx, heads):
        s, e = hit.start(), hit.end()
        if any(s < te and ts < e for ts, te in taken):
            continue
        spec = _anaphor(ctx, hit.group())
        if spec is None:
            continue
        ante = _antecedent(ctx, s, out, spec.needs)
        if ante is None:
            continue  # no safe antecedent: leave the sentence undated rather than guess
        value = step_value(ante.value, spec.unit, spec.step)
        if value is None:
            continue
        precision = ante.precision if spec.unit == "same" else spec.unit
        start = s + 3 if hit.group().lower().startswith("at ") else s
        step = "" if spec.step == 0 else f", {spec.step:+d} {spec.unit}(s)"
        mention = make(ctx, start, e, value, precision, "anaphora",
                       f'"{hit.group()}" refers to "{ante.text}" ({ante.value}) in an earlier sentence{step}',
                       anchor="previous")
        out.append(mention)
        out.sort(key=lambda m: m.start)
        taken.append((s, e))
    return out

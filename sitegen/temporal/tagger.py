"""find_dates: run every pattern family, resolve, keep the best non-overlapping hits."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from sitegen.models import Mention
from sitegen.temporal import absolute, normalize, relative
from sitegen.temporal.anaphora import resolve_anaphora
from sitegen.temporal.context import Context, Hit
from sitegen.temporal.lexicon import Lexicon, default_lexicon
from sitegen.temporal.patterns import compile_patterns
from sitegen.temporal.resolve import day_value, safe_date

Handler = Callable[[Hit, Context], Mention | None]

_RANGE_GAP = re.compile(r"\s*(?:-|–|—|to|until|till|through|and)\s*")
_FROM = re.compile(r"(?:\b(?:[Ff]rom|[Bb]etween)\s+)$")


_HANDLERS: dict[str, Handler] = {
    "dmy": lambda m, c: absolute.day_month(m, c, "day-month"),
    "mdy": lambda m, c: absolute.day_month(m, c, "month-day"),
    "ymd": absolute.iso_date,
    "numeric": absolute.numeric_date,
    "loose": normalize.loose,
    "month_year": absolute.month_with_year,
    "month_bare": absolute.month_bare,
    "year_range": absolute.year_range,
    "year_bare": absolute.year_bare,
    "season": absolute.season,
    "quarter": absolute.quarter,
    "weekday": relative.weekday,
    "rel_day": relative.relative_day,
    "rel_period": relative.relative_period,
    "ago": relative.ago,
}
BACK_REACH = 48  # characters before a core that optional leading words may span


def _blocked_spans(ctx: Context) -> list[tuple[int, int]]:
    if ctx.pats.names is None:
        return []
    return [(m.start(), m.end()) for m in ctx.pats.names.finditer(ctx.text)]


def _select(found: list[Mention]) -> list[Mention]:
    """Keep the longest of overlapping hits, earliest first."""
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[Mention] = []
    for m in found:
        if kept and m.start < kept[-1].end:
            continue
        kept.append(m)
    return kept


def _merge_ranges(ctx: Context, mentions: list[Mention]) -> list[Mention]:
    """Join 'between March 29 and April 2', 'from 2022 to 2024' into one mention with end_value."""
    out: list[Mention] = []
    i = 0
    while i < len(mentions):
        a = mentions[i]
        b = mentions[i + 1] if i + 1 < len(mentions) else None
        if b is not None and a.end_value is None and b.end_value is None and a.anchor != "previous":
            gap = ctx.text[a.end:b.start]
            intro = _FROM.search(ctx.text, max(0, a.start - 10), a.start)
            if _RANGE_GAP.fullmatch(gap) and (intro or gap.strip() in ("-", "–")) \
                    and (gap.strip() != "and" or (intro and intro.group().strip().lower() == "between")):
                merged = _join(ctx, a, b)
                if merged is not None:
                    out.append(merged)
                    i += 2
                    continue
        out.append(a)
        i += 1
    return out


def _join(ctx: Context, a: Mention, b: Mention) -> Mention | None:
    first = a
    if a.precision == "day" and b.precision == "day" and a.anchor == "publication" and b.anchor == "absolute":
        # "between March 29 and April 2, 2022": the start takes its year from the end
        end_year = int(b.value[:4])
        month, day = int(a.value[5:7]), int(a.value[8:10])
        year = end_year if (month, day) <= (int(b.value[5:7]), int(b.value[8:10])) else end_year - 1
        d = safe_date(year, month, day)
        if d is None:
            return None
        first = Mention(a.start, a.end, a.text, day_value(d), "day", a.rule,
                        f"year {year} taken from the range's end \"{b.text}\"", anchor="absolute")
    if first.precision != b.precision or b.value < first.value:
        return None
    return Mention(start=first.start, end=b.end, text=ctx.text[first.start:b.end], value=first.value,
                   precision=first.precision, rule="range",
                   evidence=f"range from {first.value} ({first.evidence}) to {b.value} ({b.evidence})",
                   end_value=b.value, anchor=first.anchor if first.anchor == b.anchor else "publication")


def tag(text: str, published: date | None, lex: Lexicon | None = None) -> list[Mention]:
    """Return the resolved temporal expressions of text, sorted by start."""
    lex = lex or default_lexicon()
    ctx = Context(text, published, lex, compile_patterns(lex))
    blocked = _blocked_spans(ctx)
    found: list[Mention] = []
    anaphora_at: list[int] = []
    families = ctx.pats.families
    dispatch = ctx.pats.dispatch
    anchors = list(ctx.pats.digits.finditer(text)) + list(ctx.pats.anchor.finditer(text))
    for anchor in anchors:
        s = anchor.start()
        if s and text[s - 1].isalnum():
            continue
        word = anchor.group()
        for name in dispatch["#"] if word[0].isdigit() else dispatch.get(word, ()):
            if name == "anaphora":
                anaphora_at.append(s)
                continue
            family = families[name]
            core = family.core.match(text, s)
            if core is None:
                continue
            back = family.back.search(text, max(0, s - BACK_REACH), s) if family.back else None
            hit = Hit(core, back, text)
            first = hit.start()
            if first and text[first - 1] in family.not_after:
                continue
            if blocked and any(hit.start() < e and b < hit.end() for b, e in blocked):
                continue
            mention = _HANDLERS[name](hit, ctx)
            if mention is not None:
                found.append(mention)
    mentions = _merge_ranges(ctx, _select(found))
    return resolve_anaphora(ctx, mentions, anaphora_at)

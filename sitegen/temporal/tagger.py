"""The tagger: try the registry's families at their anchor words, resolve, keep the best non-overlapping hits."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from sitegen.models import Mention, Sentence
from sitegen.temporal.anaphora import resolve_anaphora
from sitegen.temporal.context import Context, Hit, unwrap
from sitegen.temporal.lexicon import TemporalLexicon, default_lexicon
from sitegen.temporal.patterns import Family, compile_patterns
from sitegen.temporal.resolve import day_value, safe_date, states_other_year
from sitegen.temporal.rules import SHORT_DIGITS, YEAR_DIGITS
from sitegen.temporal.sentence_map import SentenceMap
from sitegen.temporal.views import calendar_mentions
from sitegen.text.sentences import default_abbreviations

_RANGE_GAP = re.compile(r"\s*(?:-|–|—|to|until|till|through|and)\s*")
_FROM = re.compile(r"(?:\b(?:[Ff]rom|[Bb]etween)\s+)$")
NAME_REACH = 24  # characters a name phrase may reach beyond a hit
BACK_REACH = 48  # characters before a core that optional leading words may span


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
            gap = ctx.text[a.end:b.start] if b.start - a.end <= 12 else "x"
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
    if a.precision == "month" and b.precision == "month" and a.anchor == "publication" \
            and b.anchor == "absolute":
        # "from January to March 2024": the start takes its year from the end
        year = int(b.value[:4]) - (1 if a.value[5:7] > b.value[5:7] else 0)
        first = Mention(a.start, a.end, a.text, f"{year:04d}-{a.value[5:7]}", "month", a.rule,
                        f"year {year} taken from the range's end \"{b.text}\"", anchor="absolute")
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
    return Mention(start=first.start, end=b.end, text=ctx.original(first.start, b.end), value=first.value,
                   precision=first.precision, rule="range",
                   evidence=f"range from {first.value} ({first.evidence}) to {b.value} ({b.evidence})",
                   end_value=b.value, anchor=first.anchor if first.anchor == b.anchor else "publication")


def _previous_word(text: str, s: int) -> str:
    """Return the word before offset s, lowercased, skipping spaces, commas, dots and a hyphen ('#' for digits)."""
    i = s - 1
    while i >= 0 and text[i] in " ,.-\t\n":
        i -= 1
    j = i
    while j >= 0 and (text[j].isalnum() or text[j] == "'"):
        j -= 1
    word = text[j + 1:i + 1]
    return "#" if word.isdigit() else word.lower()


def _try(ctx: Context, families: tuple[Family, ...], s: int, found: list[Mention],
         names: re.Pattern[str] | None) -> None:
    """Match each family's core at offset s and keep what its handler resolves."""
    text = ctx.text
    word: str | None = None
    for family in families:
        if family.needs_back:
            if word is None:
                word = _previous_word(text, s)
            if word not in family.back_words:
                continue
        core = family.core.match(text, s)
        if core is None:
            continue
        back = None
        if family.back is not None:
            if word is None:
                word = _previous_word(text, s)
            if word in family.back_words:
                back = family.back.search(text, max(0, s - BACK_REACH), s)
        hit = Hit(core, back, text)
        first, end = hit.start(), core.end()
        if first and text[first - 1] in family.not_after:
            continue
        if names is not None and family.named:
            window = names.finditer(text, max(0, first - NAME_REACH), min(len(text), end + NAME_REACH))
            if any(b.start() < end and first < b.end() for b in window):
                continue  # part of a name: "Sunday Times", "Theresa May"
        mention = family.handler(hit, ctx)
        if mention is not None:
            found.append(mention)


def tag(text: str, published: date | None, lex: TemporalLexicon | None = None,
        sentences: Sequence[Sentence] | None = None) -> list[Mention]:
    """Return the expressions of text that name a calendar span (see `views.calendar_mentions`), sorted by start.

    `sentences` are the splitter's sentences of text (the article stage passes its own);
    without them the text is split here, each line a paragraph.
    """
    return calendar_mentions(run(text, published, lex, sentences)[1])


def run(text: str, published: date | None, lex: TemporalLexicon | None = None,
        sentences: Sequence[Sentence] | None = None) -> tuple[Context, list[Mention]]:
    """Tag text: return the context it was read in and every expression with its TIMEX3 value, ranges joined."""
    lex = lex or default_lexicon()
    rules_text = unwrap(text)
    pats = compile_patterns(lex)
    where = SentenceMap(rules_text, lex.abbreviations or default_abbreviations(), sentences)
    ctx = Context(rules_text, published, lex, pats, where, source=text)
    text = ctx.text
    names = pats.names
    found: list[Mention] = []
    anaphora_at: list[int] = []
    dispatch = pats.dispatch
    short, long = dispatch[SHORT_DIGITS], dispatch[YEAR_DIGITS]
    heads = pats.anaphora_heads
    covered = 0  # end of the last hit: anchors inside it cannot start a longer one
    for anchor in pats.anchor.finditer(text):
        s = anchor.start()
        if s and text[s - 1].isalnum():
            continue
        word = anchor.group()
        if word[0].isdigit():
            size = len(word)
            here = short if size <= 2 else long if size == 4 else ()
        else:
            here = dispatch.get(word, ())
            if word in heads:
                anaphora_at.append(s)
        if s < covered or not here:
            continue
        before = len(found)
        _try(ctx, here, s, found, names)
        if len(found) > before:
            covered = max(covered, max(m.end for m in found[before:]))
    mentions = _merge_ranges(ctx, _select(found))
    mentions = [m for m in mentions if m.anchor != "publication" or not states_other_year(text, m.end)]
    return ctx, resolve_anaphora(ctx, mentions, anaphora_at)

"""Clause attachment: which clause of its sentence a temporal expression dates.

A date inside a relative or reduced relative clause ("the majority of which comes from a
package approved last month") dates that clause's event, not the sentence's main event. The
markers are data (`clause_markers` in sitegen/data/temporal.yaml: ", which", "of which", ", who",
…; and a noun followed by a past participle after a determiner: "a package approved"). When a
sentence's only dates sit in such clauses and its main clause reports in the simple past or
present perfect ("The minister visited the port, …"), the main event is dated by the reporting date:
the article's publication.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from sitegen.models import Mention, Sentence
from sitegen.temporal.absolute import make
from sitegen.temporal.context import Context
from sitegen.temporal.lexicon import TemporalLexicon
from sitegen.temporal.resolve import day_value

_DETERMINERS = r"(?:a|an|the|this|that|these|those|its|their|his|her|our|new|another)"
_NOT_VERB_BEFORE = frozenset({"a", "an", "the", "its", "their", "his", "her", "our", "of", "for", "with", "in",
                              "on", "by", "from", "to", "and", "or", "newly", "so-called", "well", "long"})
_WORD = re.compile(r"[A-Za-z][\w’'-]*")
_ED = re.compile(r"[a-z][a-z-]{2,}ed")
_PERFECT = re.compile(r"\b(?:has|have|had)\s+(?:(?:already|now|also|just|since|recently)\s+)?"
                      r"(?P<verb>[a-z]{3,}(?:ed|en|wn|ne|ught|ung|ade|ent|ost|ld|id|ot|et|it|ut))\b")


@lru_cache(maxsize=8)
def _markers(lex: TemporalLexicon) -> re.Pattern[str]:
    """Return the regex of every clause opener: the lexicon's markers and reduced relatives."""
    words = "|".join(("(?<![\\w-])" if m[:1].isalnum() else "") + re.escape(m).replace(r"\ ", r"\s+")
                     for m in sorted(lex.clause_markers, key=len, reverse=True)) or "(?!)"
    participles = "|".join(sorted(re.escape(p) for p in lex.participles)) or "(?!)"
    reduced = (rf"(?<![\w-])(?P<pre>[a-z]+)\s+{_DETERMINERS}\s+(?:[\w$.,-]+\s+){{0,3}}?[a-z][\w-]*\s+"
               rf"(?P<participle>[a-z][a-z-]{{2,}}ed|{participles})(?=\s)")
    return re.compile(rf"(?P<marker>(?:{words})(?![\w-]))|{reduced}")


def subordinate_start(ctx: Context, sentence: Sentence, m: Mention) -> int | None:
    """Return where the subordinate clause holding m starts, None when m dates its sentence's main clause."""
    pattern = _markers(ctx.lex)
    clause = None
    at = sentence.start
    while (found := pattern.search(ctx.text, at, m.start)) is not None:
        if found["pre"] and found["pre"] in ctx.lex.clausal_verbs:
            at = found.end("pre")  # "said the troops attacked last month": a reported clause; look on
            continue
        clause, at = found, found.end()
    if clause is None:
        return None
    between = ctx.text[clause.end():m.start]
    if ";" in between or ":" in between:
        return None  # a new clause of the main sentence begins before the date
    if clause["marker"] is None:
        # a reduced relative: the date must follow the participle closely ("approved last month")
        if len(between.split()) > 3 or "," in between:
            return None
        return clause.start("participle")
    return clause.start()


ANTECEDENT_REACH = 1500  # characters back an antecedent or a dated report may be


@lru_cache(maxsize=8)
def reporting_patterns(lex: TemporalLexicon) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Return patterns of a reporting verb: ending the text before a phrase, starting the text after it, anywhere."""
    verbs = "|".join(sorted((re.escape(v) for v in lex.reporting_verbs), key=len, reverse=True)) or "(?!)"
    before = re.compile(rf"(?i:\b(?:{verbs})\s+(?:(?:on|late|early)\s+)?)\Z")
    after = re.compile(rf"(?i:[\s,]*(?:{verbs})\b)")
    anywhere = re.compile(rf"(?i:\b(?:{verbs})\b)")
    return before, after, anywhere


def last_report(ctx: Context, start: int, mentions: Sequence[Mention]) -> Mention | None:
    """Return the day of the last dated report before start ("said on Friday", "Monday's statement said"), if any."""
    before, after, _ = reporting_patterns(ctx.lex)
    lo = max(0, start - ANTECEDENT_REACH)
    for m in reversed(mentions):
        if m.end > start or m.start < lo or m.precision != "day" or m.end_value is not None:
            continue
        if before.search(ctx.text, max(0, m.start - 30), m.start) or after.match(ctx.text, m.end):
            return m
    return None


def _main_verb(ctx: Context, lo: int, hi: int) -> re.Match[str] | None:
    """Return the first past-tense, present-perfect or reporting verb in text[lo:hi], None when it has none."""
    perfect = _PERFECT.search(ctx.text, lo, hi)
    previous = ""
    for word in _WORD.finditer(ctx.text, lo, hi):
        w = word.group()
        if perfect is not None and perfect.start() <= word.start():
            return perfect
        if previous not in _NOT_VERB_BEFORE and (_ED.fullmatch(w) or w in ctx.lex.simple_pasts
                                                 or w in ctx.lex.reporting_verbs):
            return word
        previous = w.lower()
    return perfect


def attach(ctx: Context, mentions: Sequence[Mention]) -> list[Mention]:
    """Return the mentions that date their sentence's main event (the timeline's view).

    In a sentence whose dates all sit in subordinate clauses and whose main clause reports in
    the past, a reporting-date mention over the main verb takes their place: the subordinate
    dates date other events than the one the sentence reports. Otherwise all stay (a main-clause
    date dates the sentence; a subordinate one beside it may be a fact worth its own entry).
    """
    out: list[Mention] = []
    groups: dict[tuple[int, int], list[Mention]] = {}
    where: dict[tuple[int, int], Sentence | None] = {}
    for m in mentions:
        sentence = ctx.sentence_of(m.start)
        key = (sentence.paragraph, sentence.start) if sentence is not None else (-1, m.start)
        groups.setdefault(key, []).append(m)
        where[key] = sentence
    for key in sorted(groups):
        group, sentence = groups[key], where[key]
        if sentence is None:
            out.extend(group)
            continue
        starts = [subordinate_start(ctx, sentence, m) for m in group]
        if any(s is None for s in starts):
            out.extend(group)  # the main event has its date; a subordinate one may be an entry of its own
            continue
        reported = _reporting_date(ctx, sentence, min(s for s in starts if s is not None), group, mentions)
        out.extend([reported] if reported is not None else group)
    return out


def _reporting_date(ctx: Context, sentence: Sentence, clause_start: int, group: list[Mention],
                    mentions: Sequence[Mention]) -> Mention | None:
    """The reporting date for a main clause in the past with no date of its own, None when it has none.

    The reporting date is the day of the last report the text dates before the sentence ("Jobs
    said on Friday"), else the publication date.
    """
    verb = _main_verb(ctx, sentence.start, clause_start)
    if verb is None:
        return None
    start, end = (verb.start("verb"), verb.end("verb")) if "verb" in verb.re.groupindex else verb.span()
    words = ctx.text[start:end]
    dated = ", ".join(f'"{m.text}"' for m in group)
    why = f'the main clause ("{words}") has no date of its own'
    why += f" and {dated} dates a subordinate clause" if dated else ""
    report = last_report(ctx, sentence.start, mentions)
    if report is not None:
        return make(ctx, start, end, report.value.partition("T")[0], "day", "reporting-date",
                    f'{why}: the reporting date, the day of the report "{report.text}"', anchor="previous")
    if ctx.published is None:
        return None
    return make(ctx, start, end, day_value(ctx.published), "day", "reporting-date",
                f"{why}: the reporting date, publication {ctx.published.isoformat()}", anchor="publication")


def reporting_dates(ctx: Context, mentions: Sequence[Mention]) -> list[Mention]:
    """Return a reporting-date mention for every sentence with no date whose main clause reports in the past.

    Not a timeline date (a sentence without a date makes no entry); the evaluation harness scores
    it as the date of the events such sentences report.
    """
    out: list[Mention] = []
    dated = {ctx.sentence_of(m.start) for m in mentions}
    for sentence in ctx.sentences.all():
        if sentence in dated:
            continue
        found = _reporting_date(ctx, sentence, sentence.end, [], mentions)
        if found is not None:
            out.append(found)
    return out

"""The temporal tagger: dates in English news text, resolved against the publication date."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sitegen.models import Mention, Sentence
from sitegen.temporal.clause import attach, reporting_dates
from sitegen.temporal.lexicon import TemporalLexicon, load_lexicon
from sitegen.temporal.published import detect_published
from sitegen.temporal.report import format_mentions, mention_json
from sitegen.temporal.tagger import run, tag
from sitegen.temporal.views import calendar_mentions, timex_mentions

__all__ = ["TemporalLexicon", "detect_published", "entry_dates", "find_dates", "find_expressions",
           "format_mentions", "load_lexicon", "mention_json", "reported_dates"]


def find_dates(text: str, published: date | None, lexicon: TemporalLexicon | None = None,
               sentences: Sequence[Sentence] | None = None) -> list[Mention]:
    """Return every expression of text that names a calendar span, sorted by start offset.

    Times of day come at their day ("Friday afternoon" is that Friday), ranges joined (end_value);
    references (PRESENT_REF), decades and centuries are left out. `lexicon` (from
    `load_lexicon(content_dir)`) adds an editor's words; default: the packaged one.
    """
    return tag(text, published, lexicon, sentences)


def find_expressions(text: str, published: date | None, lexicon: TemporalLexicon | None = None) -> list[Mention]:
    """Return every TIMEX3 DATE and TIME expression with its TIMEX3 value, ranges as their two halves."""
    return timex_mentions(text, run(text, published, lexicon)[1])


def entry_dates(text: str, published: date | None, lexicon: TemporalLexicon | None,
                sentences: Sequence[Sentence]) -> list[Mention]:
    """Return the calendar dates of the sentences' main events (the timeline's view, see sitegen/temporal/clause.py)."""
    ctx, mentions = run(text, published, lexicon, sentences)
    return attach(ctx, calendar_mentions(mentions))


def reported_dates(text: str, published: date | None, lexicon: TemporalLexicon | None = None,
                   sentences: Sequence[Sentence] | None = None) -> list[Mention]:
    """Return the timeline's dates plus a reporting date for each dateless sentence that reports in the past.

    A measure of the reporting-date rule (eval/temporal_eval.py), not a timeline view.
    """
    ctx, mentions = run(text, published, lexicon, sentences)
    dated = attach(ctx, calendar_mentions(mentions))
    return sorted(dated + reporting_dates(ctx, dated), key=lambda m: m.start)

"""The temporal tagger: dates in English news text, resolved against the publication date."""

from __future__ import annotations

from datetime import date

from sitegen.models import Mention
from sitegen.temporal.lexicon import Lexicon, load_lexicon
from sitegen.temporal.published import detect_published
from sitegen.temporal.report import format_text, mention_json
from sitegen.temporal.tagger import tag

__all__ = ["Lexicon", "detect_published", "find_dates", "format_text", "load_lexicon", "mention_json"]


def find_dates(text: str, published: date | None, lexicon: Lexicon | None = None) -> list[Mention]:
    """Return every temporal expression in text with its TIMEX value, sorted by start offset.

    `lexicon` (from `load_lexicon(content_dir)`) adds an editor's words; default: the packaged one.
    """
    return tag(text, published, lexicon)

"""The temporal tagger: dates in English news text, resolved against the publication date."""

from __future__ import annotations

from datetime import date

from sitegen.models import Mention
from sitegen.temporal.published import detect_published
from sitegen.temporal.report import format_text, mention_json
from sitegen.temporal.tagger import tag

__all__ = ["detect_published", "find_dates", "format_text", "mention_json"]


def find_dates(text: str, published: date | None) -> list[Mention]:
    """Return every temporal expression in text with its TIMEX value, sorted by start offset."""
    return tag(text, published)

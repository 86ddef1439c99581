"""Property tests: whatever the text, find_dates returns sorted, non-overlapping, well-formed mentions."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.temporal import detect_published, find_dates, format_mentions, mention_json
from sitegen.temporal.timex import span

WORDS = [
    "on", "in", "the", "May", "may", "March", "June", "Aug.", "Sept", "Monday", "Friday", "Sunday", "Times",
    "last", "next", "this", "week", "weekend", "month", "year", "years", "ago", "two", "a", "day", "days",
    "later", "earlier", "same", "that", "evening", "night", "today", "today's", "tomorrow", "yesterday",
    "summer", "autumn", "of", "quarter", "first", "Q2", "between", "and", "from", "to", "mid-", "early",
    "late", "end", "2022", "2024", "1990s", "31", "29", "12", "6", "0:00", "24", "$2", "billion", "15.05.2024",
    "2024-02-30", "02/03/2024", "30", "February", "will", "would", "said", ",", ".", "-", "–", "\n", "(AP)",
    "MOSCOW,", "/TASS/.", "Published", "Updated", "©", "24-Aug-2024", "the night of", "at the same time",
]


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.sampled_from(WORDS), max_size=40),
    published=st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31))),
)
def test_mentions_are_well_formed(words: list[str], published: date | None) -> None:
    text = " ".join(words)
    found = find_dates(text, published)
    last_end = -1
    for m in found:
        assert 0 <= m.start < m.end <= len(text)
        assert m.start >= last_end, "mentions overlap or are unsorted"
        last_end = m.end
        assert text[m.start:m.end] == m.text
        assert span(m.value).precision == m.precision
        if m.end_value is not None:
            assert span(m.end_value).first >= span(m.value).first
        assert m.anchor in ("absolute", "publication", "previous")
        if published is None:
            assert m.anchor != "publication"
        assert m.evidence
        assert mention_json(m)["value"] == m.value
    format_mentions(text, found, published)
    detect_published(text)

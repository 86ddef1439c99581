"""Two views of the tagger's expressions: the TIMEX3 view (`sitegen dates`) and the calendar view (entries).

The tagger resolves every DATE and TIME expression to a TIMEX3 value: calendar spans
(2024-05-15, 2024-W19, 2024-05, 2022-SU, 2024-Q1, 2024), times of day (2024-05-11T15:00,
2024-05-10TAF), fiscal years (FY2024), decades (199), centuries (19) and references
(PRESENT_REF, PAST_REF, FUTURE_REF). Only calendar spans date a timeline entry.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from sitegen.models import Mention
from sitegen.temporal.extra import join_clock_times

CALENDAR_PRECISIONS = frozenset({"day", "week", "month", "season", "quarter", "year"})
_GAP = re.compile(r"\s*(?:-|–|—|\bto\b|\buntil\b|\btill\b|\bthrough\b|\band\b)\s*")
_FISCAL = re.compile(r"FY(\d{4})")


def calendar_mentions(mentions: Iterable[Mention]) -> list[Mention]:
    """Return the mentions that name a calendar span, a time of day at its day, a fiscal year as its year."""
    out = []
    for m in mentions:
        if m.precision in CALENDAR_PRECISIONS:
            day, _, time = m.value.partition("T")
            out.append(replace(m, value=day) if time else m)
        elif m.precision == "fiscal" and (fy := _FISCAL.fullmatch(m.value)) is not None:
            out.append(replace(m, value=fy.group(1), precision="year"))
    return out


def timex_mentions(text: str, mentions: list[Mention]) -> list[Mention]:
    """Return every expression as TIMEX3 sees it: clock times joined to their day, a range as its two halves."""
    out = []
    for m in join_clock_times(text, mentions):
        if m.end_value is None:
            out.append(m)
            continue
        gap = _GAP.search(m.text, 1)
        if gap is None or gap.end() >= len(m.text):
            out.append(replace(m, end_value=None))
            continue
        first = replace(m, end=m.start + gap.start(), text=m.text[:gap.start()], end_value=None)
        second = replace(m, start=m.start + gap.end(), text=m.text[gap.end():], value=m.end_value,
                         end_value=None, evidence=f"the end of the range \"{m.text}\": {m.evidence}")
        out.extend((first, second))
    return out

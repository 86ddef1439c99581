"""The seed articles: find_dates and detect_published on the real text, as the editors read it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from sitegen.models import Mention
from sitegen.temporal import detect_published, find_dates

ROOT = Path(__file__).resolve().parents[2]
SEEDS = {p.name[:3]: p for p in (ROOT / "seeds").glob("*.txt")}


def _published(prefix: str) -> date:
    facts = yaml.safe_load((ROOT / "content" / "overrides" / "articles.yaml").read_text(encoding="utf-8"))
    raw = facts["articles"][SEEDS[prefix].stem]["published"]
    return raw["date"] if isinstance(raw, dict) else raw


def _text(prefix: str) -> str:
    return SEEDS[prefix].read_text(encoding="utf-8")


def _covering(mentions: list[Mention], text: str, phrase: str, occurrence: int) -> Mention | None:
    at = -1
    for _ in range(occurrence):
        at = text.index(phrase, at + 1)
    hits = [m for m in mentions if m.start < at + len(phrase) and at < m.end]
    return hits[0] if hits else None


# (seed, phrase, occurrence, value or None for "not a date")
EXPECTED = [
    ("000", "on Wednesday", 1, "2024-05-15"),
    ("000", "on Wednesday", 2, "2024-05-15"),
    ("000", "last month", 1, "2024-04"),
    ("000", "last week", 1, "2024-W19"),
    ("000", "in 2022", 1, "2022"),
    ("000", "$2 billion", 1, None),
    ("000", "5 kilometers (3 miles)", 1, None),
    ("001", "in February 2022", 1, "2022-02"),
    ("001", "later that year", 1, "2022"),
    ("001", "on the night of May 10", 1, "2024-05-10"),
    ("001", "at the same time", 1, "2024-05-10"),
    ("001", "in April", 1, "2024-04"),
    ("001", "on May 16", 1, "2024-05-16"),
    ("001", "the autumn of 2022", 1, "2022-FA"),
    ("001", "one and a half million", 1, None),
    ("001", "20 kilometers", 1, None),
    ("001", "73 kilometers", 1, None),
    ("001", "from mid-October onwards", 1, None),
    ("001", "If we translate", 1, None),
    ("001", "today's Ukraine could be tomorrow's East Asia", 1, None),
    ("001", "a year and a half", 1, None),
    ("001", "to this day", 1, None),
    ("001", "In recent months", 1, None),
    ("001", "Recent weeks", 1, None),
    ("001", "in the coming weeks", 1, None),
    ("002", "On Monday", 1, "2024-05-13"),
    ("002", "on Monday", 1, "2024-05-13"),
    ("002", "on Sunday", 1, "2024-05-12"),
    ("002", "on Sunday", 2, "2024-05-12"),
    ("002", "since last Friday", 1, "2024-05-10"),
    ("002", "after two years and hundreds", 1, None),
    ("003", "said Wednesday", 1, "2022-04-06"),
    ("003", "said Wednesday", 2, "2022-04-06"),
    ("003", "Tuesday night", 1, "2022-04-05"),
    ("003", "Earlier this week", 1, "2022-W14"),
    ("003", "in the last 24 hours", 1, None),
    ("003", "for days", 1, None),
    ("003", "for many years", 1, None),
    ("003", "may have left", 1, None),
    ("003", "“We are", 1, None),
    ("003", "80 of the approximately 130", 1, None),
    ("003", "800 to 1,000", 1, None),
    ("004", "on Saturday", 1, "2024-08-24"),
    ("004", "on August 6", 1, "2024-08-06"),
    ("004", "on Friday", 1, "2024-08-23"),
    ("004", "the same day", 1, "2024-08-23"),
    ("004", "on Thursday", 1, "2024-08-22"),
    ("004", "earlier this week", 1, "2024-W34"),
    ("004", "earlier this week", 2, "2024-W34"),
    ("004", "In June", 1, "2024-06"),
    ("004", "0:00", 1, None),
    ("004", "29:39", 1, None),
    ("004", "28:21", 1, None),
    ("004", "five anti-aircraft", 1, None),
    ("004", "$125 million", 1, None),
    ("004", "They may have a plan", 1, None),
]


@pytest.mark.parametrize(("seed", "phrase", "occurrence", "value"), EXPECTED)
def test_seed_dates(seed: str, phrase: str, occurrence: int, value: str | None) -> None:
    text = _text(seed)
    m = _covering(find_dates(text, _published(seed)), text, phrase, occurrence)
    if value is None:
        assert m is None, f"{phrase!r} was dated {m}"
    else:
        assert m is not None, f"{phrase!r} not dated"
        assert m.value == value, m.evidence


def test_anaphora_in_seeds_point_back() -> None:
    text = _text("001")
    m = _covering(find_dates(text, _published("001")), text, "at the same time", 1)
    assert m is not None and m.anchor == "previous"
    assert '"the night of May 10" (2024-05-10)' in m.evidence


def test_seed_004_states_its_publication() -> None:
    stamp = detect_published(_text("004"))
    assert stamp is not None
    assert (stamp.date, stamp.text, stamp.line, stamp.rule) == (date(2024, 8, 24), "24 Aug, 2024 08:41", 2, "stamp")
    assert stamp.date.strftime("%A") == "Saturday"


@pytest.mark.parametrize("seed", ["000", "001", "002", "003"])
def test_other_seeds_state_no_publication(seed: str) -> None:
    assert detect_published(_text(seed)) is None

"""Publication stamps as data (stamps.yaml) and the stamp shapes of pasted pages: hits and refusals."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sitegen.errors import ConfigError
from sitegen.temporal.published import date_in_url, detect_published, yearless_dateline
from sitegen.temporal.stamps import PACKAGED_STAMPS, default_forms, load_stamp_forms

PROSE = "Officials in the region said the shelling went on through the night and damaged several houses."
BODY = PROSE + "\n\n" + PROSE

# (text, date, words, line, rule): the forms pasted pages print, one case per shape
FOUND = [
    ("Head line of the story\nAFP , Friday 9 Sep 2022\n" + BODY, "2022-09-09", "AFP , Friday 9 Sep 2022", 2, "stamp"),
    ("DPA DIPLOMACY Published May 10,2024\nGermany pledges more air defence\n" + BODY, "2024-05-10",
     "DPA DIPLOMACY Published May 10,2024", 1, "stamp"),
    ("Head line of the story\nAug.23 - 2024 11:49 AM CET\n" + BODY, "2024-08-23", "Aug.23 - 2024 11:49 AM CET", 2,
     "stamp"),
    ("ABC News August 13, 2024\nZelensky visits troops near the border\n" + BODY, "2024-08-13",
     "ABC News August 13, 2024", 1, "stamp"),
    ("Zelensky thanks partners for air defence for KyivAugust 24, 2024\n" + BODY, "2024-08-24", "August 24, 2024", 1,
     "glued-stamp"),
    ("Zelensky thanks partners for KyivAugust 24, 2024 10:15\n" + BODY, "2024-08-24", "August 24, 2024 10:15", 1,
     "glued-stamp"),
    ("Izium visit\nWednesday, September 14, 2022 – Ukrainian President Volodymyr Zelensky visited the recaptured "
     "city of Izium on Wednesday, his office said.\n" + BODY, "2022-09-14", "Wednesday, September 14, 2022 –", 2,
     "dateline"),
    ("Head line of the story\n11 квітня 2022, 14:05\n" + BODY, "2022-04-11", "11 квітня 2022, 14:05", 2, "stamp"),
    ("Head line of the story\n11 апреля 2022 г.\n" + BODY, "2022-04-11", "11 апреля 2022 г.", 2, "stamp"),
    ("Head line of the story\nвівторок, 12 квітня 2022 р.\n" + BODY, "2022-04-12", "вівторок, 12 квітня 2022 р.", 2,
     "stamp"),
    ("Head line of the story\n24/08/2024 08:41\n" + BODY, "2024-08-24", "24/08/2024 08:41", 2, "stamp"),
    ("Head line of the story\n08/24/2024\n" + BODY, "2024-08-24", "08/24/2024", 2, "stamp"),
    ("Head line of the story\nSaturday 24th August 2024\n" + BODY, "2024-08-24", "Saturday 24th August 2024", 2,
     "stamp"),
    ("Head line of the story\nSept. 3, 2023 at 5:04 p.m. EDT\n" + BODY, "2023-09-03", "Sept. 3, 2023 at 5:04 p.m. EDT",
     2, "stamp"),
    ("Head line of the story\nBy Jane Doe Updated 16 May 2024\nPublished 14 May 2024\n" + BODY, "2024-05-14",
     "Published 14 May 2024", 3, "published-line"),
]


@pytest.mark.parametrize(("text", "when", "words", "line", "rule"), FOUND)
def test_stamp_forms_found(text: str, when: str, words: str, line: int, rule: str) -> None:
    stamp = detect_published(text)
    assert stamp is not None
    assert (stamp.date, stamp.text, stamp.line, stamp.rule) == (date.fromisoformat(when), words, line, rule)


# Lines that look like stamps and are not: a wrong date is worse than none.
REFUSED = [
    "Head line of the story\nNATO Summit July 9, 2024\n" + BODY,  # a headline ending in a date
    "Head line of the story\n05/06/2024\n" + BODY,  # May 6 or 5 June: ambiguous
    "Head line of the story\nFebruary 30, 2024\n" + BODY,  # no such day
    "Head line of the story\nThe talks endedAugust 24, 2024 with no deal in sight for either side.\n" + BODY,
    "KyivAugust 24, 2024\n" + BODY,  # glued to a single word: no headline to be glued to
    "Head line of the story\nSeptember 14, 2022 – the day it changed\n" + BODY,  # a dash, but no lede after it
    "Head line of the story\nOn 11 квітня 2022 troops withdrew from the north.\n" + BODY,  # a sentence
    "Head line of the story\nReuters reported on May 10, 2024\n" + BODY,
    "MOSCOW, May 13 /TASS/. Russian forces advanced, the ministry said.\n" + BODY,  # no year anywhere
    "Head line of the story\nMay 2024\n" + BODY,  # no day
    "Head line of the story\n13 May\n" + BODY,  # no year
]


@pytest.mark.parametrize("text", REFUSED)
def test_stamp_lookalikes_refused(text: str) -> None:
    assert detect_published(text) is None


@pytest.mark.parametrize(
    ("url", "when", "words"),
    [
        ("https://www.theguardian.com/world/2024/aug/24/kyiv-strike", "2024-08-24", "2024/aug/24"),
        ("https://example.com/news/2024/08/24/kyiv-strike", "2024-08-24", "2024/08/24"),
        ("https://example.com/world/europe/kyiv-strike-2024-08-24/", "2024-08-24", "2024-08-24"),
        ("https://example.com/news/20240824-kyiv-strike", "2024-08-24", "20240824"),
        ("https://www.rt.com/news/603011-us-hesitant/", None, ""),  # an article number, not a date
        ("https://example.com/2024/08/kyiv-strike", None, ""),  # a month is not a day
        ("https://example.com/2024/02/30/x", None, ""),  # no such day
        ("https://example.com/2024/08/24/x?from=2023-01-01", "2024-08-24", "2024/08/24"),  # the query is not the path
    ],
)
def test_dates_in_urls(url: str, when: str | None, words: str) -> None:
    found = date_in_url(url)
    assert found == ((date.fromisoformat(when), words) if when else None)


@pytest.mark.parametrize(
    ("text", "url", "when", "words"),
    [
        ("MOSCOW, May 13 /TASS/. Russian forces advanced.", "https://tass.com/politics/2024/05/13/x", "2024-05-13",
         'MOSCOW, May 13 /TASS/. (year from the date "2024/05/13" in the URL)'),
        ("MOSCOW, May 13 /TASS/. Russian forces advanced.", "https://tass.com/2024/x", "2024-05-13",
         'MOSCOW, May 13 /TASS/. (year from the year "2024" in the URL)'),
        ("MOSCOW, May 13 /TASS/. Russian forces advanced.", "https://tass.com/politics/1787811", None, ""),
    ],
)
def test_a_url_may_give_a_dateline_its_year(text: str, url: str, when: str | None, words: str) -> None:
    stamp = detect_published(text, url)
    assert (stamp.date.isoformat(), stamp.text) == (when, words) if stamp else when is None


def test_a_yearless_dateline_is_reported_for_a_suggestion() -> None:
    assert yearless_dateline("MOSCOW, May 13 /TASS/. Russian forces advanced.") == ("MOSCOW, May 13 /TASS/.", 1, 5, 13)
    assert yearless_dateline("MOSCOW, May 13, 2024 /TASS/. Russian forces advanced.") is None


def test_packaged_forms_load_and_read_their_examples() -> None:
    forms = default_forms()
    assert [name for name, _ in forms.forms] == ["day-month-year", "month-day-year", "year-month-day",
                                                 "dotted-day-month-year", "slashed-day-month-year",
                                                 "slashed-month-day-year"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('"Friday 9 Sep 2022": 2022-09-09', '"Friday 9 Sep 2022": 2022-09-10'),
         ("the example 'Friday 9 Sep 2022' reads as 2022-09-09 by form day-month-year, not 2022-09-10 by form "
         "day-month-year; fix the form or the example")),
        (("'{year}-{monthnum}-{day}'", "'{year}-{mnth}-{day}'"),
         "unknown placeholder {mnth}; use weekday, day, month, monthnum, year"),
        (("'{day}\\.{monthnum}\\.{year}'", "'{day}\\.{monthnum}'"),
         "a form must contain {day}, {year} and {month} or {monthnum}"),
        (("  5: [May, ", "  5: [Mar, May, "), "'mar' is already month 3; a name may stand for one month only"),
    ],
)
def test_a_broken_stamps_file_fails_at_load(tmp_path: Path, change: tuple[str, str], message: str) -> None:
    text = PACKAGED_STAMPS.read_text(encoding="utf-8")
    assert change[0] in text
    path = tmp_path / "stamps.yaml"
    path.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_stamp_forms(path)
    assert err.value.message == message


def test_a_lede_stamp_is_looked_for_only_where_it_can_open_the_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 60,000-character body line is not scanned whole for a stamp that must open it (issue #19: linear time)."""
    forms = default_forms()
    seen: list[int] = []
    real = type(forms).find

    def find(self: object, line: str) -> list[object]:
        seen.append(len(line))
        return real(forms, line)  # type: ignore[return-value]

    monkeypatch.setattr(type(forms), "find", find)
    body = "Wednesday, September 14, 2022 – " + "Officials said the shelling went on through the night. " * 1100
    assert detect_published("Head line of the story\n" + body) is not None
    assert seen and max(seen) <= 2 * 120 + len("Head line of the story")

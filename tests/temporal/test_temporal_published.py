"""detect_published: stamps, datelines and Published/Updated lines, with evidence."""

from __future__ import annotations

from datetime import date

import pytest

from sitegen.temporal import detect_published

_PROSE = "Officials in the region said the shelling went on through the night and damaged several houses."

# (text, date, words, line, rule)
FOUND = [
    ("icons\n24 Aug, 2024 08:41\n\nHeadline\nBody on Friday.", "2024-08-24", "24 Aug, 2024 08:41", 2, "stamp"),
    ("12:12 15.05.2024\nKharkiv under fire\nBody.", "2024-05-15", "12:12 15.05.2024", 1, "stamp"),
    ("Headline\nThursday, 15 August 2024, 20:54\nBody.", "2024-08-15", "Thursday, 15 August 2024, 20:54", 2,
     "stamp"),
    ("Headline\nSeptember 10, 2022 1:00 am\nBody.", "2022-09-10", "September 10, 2022 1:00 am", 2, "stamp"),
    ("Headline\nBy A Reporter\nPublished on May 13, 2024\nBody.", "2024-05-13", "Published on May 13, 2024", 3,
     "published-line"),
    ("Headline\nUpdated: 14 May 2024 10:02 GMT\nBody.", "2024-05-14", "Updated: 14 May 2024 10:02 GMT", 2,
     "updated-line"),
    ("Headline\nUpdated 14 May 2024\nPublished 13 May 2024\nBody.", "2024-05-13", "Published 13 May 2024", 3,
     "published-line"),
    ("MOSCOW, May 13, 2024. /TASS/. Russian forces advanced.", "2024-05-13",
     "MOSCOW, May 13, 2024. /TASS/.", 1, "dateline"),
    ("Headline\nMOSCOW, May 13. /TASS/. Russian forces advanced.\n© 2024 TASS", "2024-05-13",
     "MOSCOW, May 13. /TASS/. (year from the copyright year 2024)", 2, "dateline"),
    ("KYIV, Ukraine, Aug. 6 (AP) — Troops crossed the border. The report of Aug. 6, 2024 said more.",
     "2024-08-06", 'KYIV, Ukraine, Aug. 6 (AP) (year from the full date "Aug. 6, 2024" elsewhere in the text)',
     1, "dateline"),
    ("January 11, 2006\nApple announced on Tuesday new Macs.", "2006-01-11", "January 11, 2006", 1, "stamp"),
    ("Head\nMay 13, 2024 5:04 PM GMT+3 Updated 2 hours ago\nBody", "2024-05-13",
     "May 13, 2024 5:04 PM GMT+3 Updated 2 hours ago", 2, "stamp"),
    ("Head\nMon 13 May 2024 18.02 BST\nBody", "2024-05-13", "Mon 13 May 2024 18.02 BST", 2, "stamp"),
    ("Head\nMay 13, 2024 10:32 PM 2 min read\nBody", "2024-05-13", "May 13, 2024 10:32 PM 2 min read", 2, "stamp"),
    ("Head\n10:41 pm, May 13, 2024\nBody", "2024-05-13", "10:41 pm, May 13, 2024", 2, "stamp"),
    ("Head\nBy Jane Doe, Reuters | May 13, 2024\nBody", "2024-05-13", "By Jane Doe, Reuters | May 13, 2024", 2,
     "byline"),
    ("Head\nLast Updated: May 13, 2024\n", "2024-05-13", "Last Updated: May 13, 2024", 2, "updated-line"),
    # a year glued to the clock time, an update note glued to the time zone
    ("Head\nBy A. Writer\nJune 3, 20239:41 AM GMT+2Updated 5 hours ago\nKYIV, June 3 (Reuters) - Body.",
     "2023-06-03", "June 3, 20239:41 AM GMT+2Updated 5 hours ago", 3, "stamp"),
    ("Head\nMarch 2, 2023 7:05 AM GMT Updated a year ago\nBody", "2023-03-02",
     "March 2, 2023 7:05 AM GMT Updated a year ago", 2, "stamp"),
    ("Head\nMarch 2, 2023 7:05 AM GMT Updated March 3, 2023\nBody", "2023-03-02",
     "March 2, 2023 7:05 AM GMT Updated March 3, 2023", 2, "stamp"),
    # the author, a dash or a bar, then the stamp: a byline without "By"
    ("Head\nOlena Roshchina — Friday, 7 June 2024, 11:02\nBody", "2024-06-07",
     "Olena Roshchina — Friday, 7 June 2024, 11:02", 2, "byline"),
    ("Head\nJane Doe and John Roe | June 7, 2024\nBody", "2024-06-07", "Jane Doe and John Roe | June 7, 2024", 2,
     "byline"),
    # the stamp, a dash, then the page's section label
    ("Head\nJune 7, 2024 - Press Office\nBody", "2024-06-07", "June 7, 2024 - Press Office", 2, "stamp"),
    ("Head\n9:15 pm, June 6, 2024\nBody", "2024-06-06", "9:15 pm, June 6, 2024", 2, "stamp"),
    # a menu longer than the first dozen lines: the top runs down to the first body paragraph
    ("\n".join(["Menu item"] * 20) + "\nHeadline\nWed 5 Jun 2024 09.40 BST\n" + _PROSE + "\n\n" + _PROSE,
     "2024-06-05", "Wed 5 Jun 2024 09.40 BST", 22, "stamp"),
    # a cookie banner's lone paragraph before its buttons is not the body
    (_PROSE + "\nAccept all\n" + "\n".join(["Menu item"] * 14) + "\nHeadline\n5 June 2024\n" + _PROSE
     + "\n\n" + _PROSE, "2024-06-05", "5 June 2024", 18, "stamp"),
]


@pytest.mark.parametrize(("text", "when", "words", "line", "rule"), FOUND)
def test_stamps_found(text: str, when: str, words: str, line: int, rule: str) -> None:
    stamp = detect_published(text)
    assert stamp is not None
    assert (stamp.date, stamp.text, stamp.line, stamp.rule) == (date.fromisoformat(when), words, line, rule)


NONE = [
    "MOSCOW, May 13. /TASS/. Russian forces advanced on Monday.",  # no year anywhere: unknown
    "Headline\nTroops crossed the border on August 6, 2024, officials said.\nBody.",  # event date in a sentence
    "Headline\nBody about 2022 and 2024.",
    "Head\nBy the time troops arrived on May 13, 2024\nBody",  # a sentence, not a byline
    "Head\nOn 13 May 2024 the troops left.\nBody",
    "",
    "\n\n\n" + "\n".join(["filler"] * 20) + "\n24 Aug, 2024 08:41",  # a stamp far from the top
    # a bare stamp below the body's first paragraphs (a live blog's post) is not the page's stamp
    "\n".join(["Menu item"] * 14) + "\nHeadline\n" + _PROSE + "\n\n" + _PROSE + "\n\n5 June 2024\n" + _PROSE,
    "Head\nTroops Left Kherson — 11 November 2022, the day the city was freed\nBody",  # a headline with a date
    "Head\nMay 3, 2024 Updated with comments from the ministry\nBody",  # an update note that is prose
    "Head\nthe strike — 7 June 2024\nBody",  # lower-case words are no author's name
    "Head\nShelling in Kharkiv - May 13, 2024 - Residents Flee\nBody",  # a headline between dashes
]


@pytest.mark.parametrize("text", NONE)
def test_no_stamp(text: str) -> None:
    assert detect_published(text) is None

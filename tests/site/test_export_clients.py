"""The exports read by the client libraries readers use: feedparser (Atom), icalendar, csv, and TimelineJS's JSON."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date

import feedparser
import icalendar
import pytest
from test_sitemodel import CONFIG, E_ADDED, E_SEASON, E_WEEK, MERGED, make_site

from sitegen.site.exports import timeline_csv, timeline_ics, timelinejs_json
from sitegen.site.feeds import site_feed

EVIL = '<img src=x onerror="alert(1)">'
BASE = "https://example.org/war/"


def test_atom_entries_carry_badges_and_the_event_date() -> None:
    """feedparser reads each entry's title (date and headline), the date in words and the badges."""
    feed = feedparser.parse(site_feed(make_site()))
    assert not feed.bozo, feed.get("bozo_exception")
    by_link = {e.link.rsplit("#", 1)[1]: e for e in feed.entries}
    merged = by_link[MERGED.id]
    assert merged.title.startswith("10 May 2024: ")
    assert "When: 10 May 2024 (day)" in merged.summary
    assert "reported by 2 independent sources" in merged.summary
    assert "via The Washington Post" in merged.summary
    added = by_link[E_ADDED.id]
    assert "editor: added with its citation" in added.summary
    assert {t.term for t in merged.tags} == {"ap", "esocialnews", "place:kharkiv"}
    assert "sources disagree on the number: 20 km / 30 km" in merged.summary


def test_icalendar_events_have_url_and_via() -> None:
    """The icalendar library reads every event with its dates, a URL and the reporter credited 'via'."""
    site = make_site(config=replace(CONFIG, base_url=BASE))
    cal = icalendar.Calendar.from_ical(timeline_ics(site))
    events = {str(e["UID"]).split("@")[0]: e for e in cal.walk("VEVENT")}
    merged = events[MERGED.id]
    assert merged.decoded("DTSTART") == date(2024, 5, 10)
    assert str(merged["URL"]) == f"{BASE}#{MERGED.id}"
    assert "via The Washington Post" in str(merged["DESCRIPTION"])
    assert all("URL" in e for e in events.values())


def test_icalendar_url_falls_back_to_the_report_without_base_url() -> None:
    cal = icalendar.Calendar.from_ical(timeline_ics(make_site()))
    urls = {str(e["UID"]).split("@")[0]: str(e.get("URL", "")) for e in cal.walk("VEVENT")}
    assert urls[MERGED.id].startswith("https://")


def test_timelinejs_headlines_eras_end_dates_and_links() -> None:
    data = json.loads(timelinejs_json(make_site()))
    assert [e["text"]["headline"] for e in data["eras"]] == [p.name for p in CONFIG.phases]
    by_id = {e["unique_id"]: e for e in data["events"]}
    for event in data["events"]:
        assert event["text"]["headline"] != event["display_date"]  # a headline, not the date again
        assert 'href="' in event["text"]["text"]
    assert by_id[E_WEEK.id]["end_date"] == {"year": "2024", "month": "5", "day": "12"}
    assert by_id[E_SEASON.id]["end_date"] == {"year": "2022", "month": "11"}
    assert "end_date" not in by_id[MERGED.id]


@pytest.mark.parametrize("where", ["title", "phase", "description"])
def test_timelinejs_escapes_every_string_it_renders_as_html(where: str) -> None:
    """Site title, description and phase names reach TimelineJS escaped (headline, group, eras)."""
    config = {"title": replace(CONFIG, title=EVIL), "description": replace(CONFIG, description=EVIL),
              "phase": replace(CONFIG, phases=tuple(replace(p, name=EVIL) for p in CONFIG.phases))}[where]
    text = timelinejs_json(make_site(config=config)).decode("utf-8")
    assert "<img" not in text
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in text
    if where == "phase":  # eras once; groups twice (TimelineJS decodes a group once before writing it)
        assert "&amp;lt;img src=x onerror=&amp;quot;alert(1)&amp;quot;&amp;gt;" in text


def test_csv_read_by_the_csv_module_round_trips_the_text() -> None:
    raw = timeline_csv(make_site())
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    merged = next(r for r in rows if r["id"] == MERGED.id)
    assert merged["url"].startswith("https://") and merged["corrected"] == ""
    assert merged["text"] == MERGED.entries[0].text

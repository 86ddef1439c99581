"""Exports: the timeline.json contract, CSV, TimelineJS JSON, iCalendar (RFC 5545) and the sitemap."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from xml.etree import ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_sitemodel import A1, CONFIG, E_BACKGROUND, E_DAY_2, E_SEASON, E_WITHDRAWN, MERGED, make_site

from sitegen.site.exports import (
    fold_ics_line,
    sitemap_xml,
    timeline_csv,
    timeline_ics,
    timeline_json,
    timelinejs_json,
)

PRECISIONS = {"day", "week", "month", "season", "year"}


def contract() -> dict:  # type: ignore[type-arg]
    return json.loads(timeline_json(make_site()))  # type: ignore[no-any-return]


def test_timeline_json_meets_the_contract() -> None:
    data = contract()
    assert list(data) == ["articles", "entries"]
    for a in data["articles"]:
        assert {"id", "title", "outlet", "published"} <= set(a)
        assert a["published"] is None or len(a["published"]) == 10
    for e in data["entries"]:
        assert {"id", "date", "precision", "text", "sources"} <= set(e)
        assert e["precision"] in PRECISIONS
        assert len(e["date"]) in (4, 7, 10)
        assert e["sources"] and all("article" in s for s in e["sources"])
    ids = [e["id"] for e in data["entries"]]
    assert len(ids) == len(set(ids))


def test_timeline_json_articles() -> None:
    arts = {a["id"]: a for a in contract()["articles"]}
    assert arts["a2-repost"] == {
        "id": "a2-repost", "title": "<script>alert(1)</script> {{ 7*7 }}", "outlet": "eSocialNews",
        "published": "2022-04-06", "published_source": "text", "estimated": False, "outlet_kind": "aggregator",
        "via": "The Washington Post", "url": "javascript:alert(1)",
    }
    assert arts["a3-undated"]["published"] is None


def test_merged_entry_lists_every_source() -> None:
    entry = next(e for e in contract()["entries"] if e["id"] == MERGED.id)
    assert entry["text"] == MERGED.entries[0].text
    assert [s["entry"] for s in entry["sources"]] == [MERGED.entries[0].id, E_DAY_2.id]
    assert entry["sources"][1] == {
        "article": "a2-repost", "entry": E_DAY_2.id, "text": E_DAY_2.text, "outlet": "eSocialNews",
        "outlet_kind": "aggregator", "via": "The Washington Post",
        "mention": {"text": "10 May 2024", "value": "2024-05-10", "rule": "test-rule"}, "citation_url": None,
    }
    assert entry["independent_sources"] == 2
    assert entry["conflicts"] == [{"field": "number", "values": ["20 km", "30 km"],
                                   "entries": [MERGED.entries[0].id, E_DAY_2.id]}]
    assert entry["headline"] == "Russia opens a new front near Kharkiv"
    assert entry["places"] == [{"slug": "kharkiv", "name": "Kharkiv", "matched": "Kharkov"}]


@pytest.mark.parametrize(
    ("entry_id", "field", "value"),
    [(E_SEASON.id, "date", "2022-09"), (E_SEASON.id, "precision", "season"), (E_SEASON.id, "value", "2022-FA"),
     (E_SEASON.id, "label", "autumn 2022"),
     (E_SEASON.id, "cites", [{"name": "Bloomberg", "kind": "outlet", "phrase": "according to Bloomberg"}]),
     (E_WITHDRAWN.id, "corrected", ["date"]), (E_WITHDRAWN.id, "note", "The Pentagon spoke on 6 April, not 5 April."),
     (E_BACKGROUND.id, "in_span", False), (E_WITHDRAWN.id, "in_span", True),
     ("a1-wire-s2-d1", "claim", {"status": "attributed", "by": "Kyiv"}), ("a1-wire-s1-d1", "date", "2024-05-06"),
     ("a1-wire-s1-d1", "precision", "week"), ("a2-repost-s2-d1", "date", "2023"), ("added-1", "kind", "added")],
)
def test_entry_fields(entry_id: str, field: str, value: object) -> None:
    entry = next(e for e in contract()["entries"] if e["id"] == entry_id)
    assert entry[field] == value


def test_json_format_is_stable() -> None:
    raw = timeline_json(make_site())
    assert raw.endswith(b"}\n") and raw.startswith(b'{\n "articles": [\n')
    assert "«".encode() not in raw and b"\\u" not in raw  # ensure_ascii=False keeps text readable
    assert raw == timeline_json(make_site())


def test_csv_rows_columns_and_bom() -> None:
    """The CSV opens in spreadsheets (UTF-8 BOM, CRLF) and Python's csv reads every column the issue names."""
    raw = timeline_csv(make_site())
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert len(rows) == len(contract()["entries"])
    assert {"url", "via", "outlet_kind", "estimated", "end", "corrected", "headline", "badges"} <= set(rows[0])
    merged = next(r for r in rows if r["id"] == MERGED.id)
    assert merged["outlets"] == "Associated Press; eSocialNews" and merged["independent_sources"] == "2"
    assert merged["via"] == "The Washington Post"
    assert merged["outlet_kind"] == "aggregator; newspaper; wire"
    season = next(r for r in rows if r["id"] == E_SEASON.id)
    assert (season["date"], season["end"], season["estimated"]) == ("2022-09", "2022-11-30", "false")


@pytest.mark.parametrize("lead", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_formula_guard(lead: str) -> None:
    """A cell starting like a formula is prefixed with ' (OWASP CSV injection)."""
    from test_sitemodel import single

    from sitegen.models import Entry
    text = f'{lead}HYPERLINK("x") on 10 May 2024.'
    evil = replace(A1, paragraphs=(text,) + A1.paragraphs[1:])
    evil = replace(evil, sentences=(replace(A1.sentences[0], text=text),) + A1.sentences[1:])
    site = make_site(articles=(evil,), events=(single(Entry(id="f", article=evil.id, value="2024-05-10",
                                                            precision="day", text=text)),))
    row = next(csv.DictReader(io.StringIO(timeline_csv(site).decode("utf-8-sig"), newline="")))
    assert row["text"] == "'" + text
    assert not row["headline"].startswith(("=", "+", "-", "@", "\t", "\r"))


def test_timelinejs_shape() -> None:
    data = json.loads(timelinejs_json(make_site()))
    assert data["title"]["text"]["headline"] == CONFIG.title
    by_id = {e["unique_id"]: e for e in data["events"]}
    assert by_id[MERGED.id]["start_date"] == {"year": "2024", "month": "5", "day": "10"}
    assert by_id[E_SEASON.id]["start_date"] == {"year": "2022", "month": "9"}
    assert by_id["a2-repost-s2-d1"]["start_date"] == {"year": "2023"}
    assert by_id[MERGED.id]["text"]["headline"] == "Russia opens a new front near Kharkiv"
    assert by_id[E_WITHDRAWN.id]["group"] == "Withdrawal from Kyiv"
    assert by_id[E_BACKGROUND.id]["group"] == "Background"
    assert "<script>" not in json.dumps(data)


def test_ics_is_crlf_folded_and_day_precision_only() -> None:
    raw = timeline_ics(make_site())
    assert raw.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    lines = raw.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in lines)
    assert raw.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    unfolded = raw.replace(b"\r\n ", b"").decode("utf-8")
    assert unfolded.count("BEGIN:VEVENT") == 5  # day-precision entries only
    assert f"UID:{MERGED.id}@sitegen.invalid" in unfolded
    assert "DTSTART;VALUE=DATE:20240510\r\nDTEND;VALUE=DATE:20240511" in unfolded
    assert "DTSTAMP:20240515T000000Z" in unfolded  # the latest source's publication day, never the clock
    assert "SUMMARY:Russia opens a new front near Kharkiv" in unfolded


@pytest.mark.parametrize(
    "line",
    ["x" * 74, "x" * 75, "x" * 76, "DESCRIPTION:" + "é" * 80, "SUMMARY:" + "€😀" * 40],
)
def test_ics_folding_never_splits_a_character(line: str) -> None:
    parts = fold_ics_line(line)
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert parts[0] + "".join(p[1:] for p in parts[1:]) == line
    assert all(p.startswith(" ") for p in parts[1:])


def test_sitemap_only_with_base_url() -> None:
    with pytest.raises(ValueError, match="sitemap.xml needs base_url"):
        sitemap_xml(make_site())
    site = make_site(config=replace(CONFIG, base_url="https://example.org/war/"))
    root = ET.fromstring(sitemap_xml(site))
    locs = [e.text for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "https://example.org/war/" in locs and "https://example.org/war/articles/a1-wire/" in locs
    assert not any(loc and loc.endswith("404.html") for loc in locs)


@pytest.mark.parametrize("data", [
    {}, [], {"a": []}, {"a": {}}, [1, 2.5, None, True, False, "x"], {"k": "é\u2028\"\\<"},
    {"articles": [{"id": "a", "published": None, "n": 3}], "entries": [{"sources": [{"x": [1, [2, {}]]}]}]},
])
def test_indented_json_equals_json_dumps(data: object) -> None:
    import json

    from sitegen.site.jsontext import indented_json

    assert indented_json(data) == json.dumps(data, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("items", [
    [], [{}], [[]], [1, "x", None], [{"id": "a", "sources": [{"article": "b", "n": [1, {"k": "é\n\u2028"}]}]}, {"z": 2.5}],
])
@pytest.mark.parametrize("level", [0, 1, 3])
def test_a_json_list_of_record_lines_parses_to_the_list_one_record_per_line(items: list[object], level: int) -> None:
    import json

    from sitegen.site.jsontext import json_record_lines

    text = json_record_lines(iter(items), level).decode("utf-8")
    assert json.loads(text) == items
    lines = text.split("\n")
    if items:
        assert lines[0] == "[" and lines[-1] == " " * level + "]"
        assert [json.loads(line.strip().removesuffix(",")) for line in lines[1:-1]] == items
        assert all(line.startswith(" " * (level + 1)) for line in lines[1:-1])
    else:
        assert text == "[]"


@pytest.mark.parametrize("export", ["timeline_json", "timelinejs_json"])
def test_json_exports_hold_one_record_per_line(export: str) -> None:
    import json

    from sitegen.site import exports

    text = exports.__dict__[export](make_site()).decode("utf-8")
    document = json.loads(text)
    records = [r for key in ("articles", "entries", "events", "eras") for r in document.get(key, [])]
    lines = [json.loads(line.strip().removesuffix(",")) for line in text.splitlines() if line.startswith("  {")]
    assert records and lines == records


@pytest.mark.parametrize("line", ["SUMMARY:short", "DESCRIPTION:" + "x" * 200, "SUMMARY:" + "Київ " * 40,
                                  "SUMMARY:" + "a" * 74, "SUMMARY:" + "é" * 80])
def test_folded_ics_lines_unfold_to_the_line_and_fit_75_octets(line: str) -> None:
    from sitegen.site.exports import fold_ics_line

    parts = fold_ics_line(line)
    assert parts[0] + "".join(p[1:] for p in parts[1:]) == line
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])


def _greedy_fold(line: str) -> list[str]:
    """The folding rule character by character: each line takes as many whole characters as fit."""
    out: list[str] = []
    current, size = "", 0
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > 75:
            out.append(current)
            current, size = " ", 1
        current += ch
        size += n
    return [*out, current]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(["a", " ", "é", "€", "😀", "Ї", ";", "\\"]), max_size=400))
def test_ics_folding_is_the_greedy_character_rule(line: str) -> None:
    assert fold_ics_line(line) == _greedy_fold(line)

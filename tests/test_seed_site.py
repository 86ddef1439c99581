"""The seed site end to end: every dated statement of the five articles on its right date.

Expectations are our own reading of the five texts in seeds/, with the publication
facts of content/overrides/articles.yaml.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def site(built_site: Path) -> Path:
    return built_site


@pytest.fixture(scope="module")
def timeline(site: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((site / "timeline.json").read_text("utf-8"))
    return data


def _sources(timeline: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Every (entry, source) pair: a merged entry is checked through each of its sentences."""
    return [(entry, source) for entry in timeline["entries"] for source in entry["sources"]]


def _dates_of(timeline: dict[str, Any], article: str, words: str) -> set[tuple[str, str]]:
    found = set()
    for entry, source in _sources(timeline):
        if source["article"] == article and words in source["text"]:
            found.add((source.get("date", entry["date"]), source.get("precision", entry["precision"])))
    return found


STATEMENTS = [
    # 000: AP rewrite on Unusual Whales, published Wednesday 2024-05-15
    ("000_78a07b355fdcaa3e", "retreated from some parts of the country", "2024-05-15", "day"),
    # the visit (main clause) is dated by the reporting date; "last month" dates only the package
    ("000_78a07b355fdcaa3e", "Blinken visited Ukraine", "2024-05-15", "day"),
    ("000_78a07b355fdcaa3e", "which began last week", "2024-05-06", "week"),
    ("000_78a07b355fdcaa3e", "full-scale invasion began in 2022", "2022", "year"),
    ("000_78a07b355fdcaa3e", "clashed in its streets on Wednesday", "2024-05-15", "day"),
    # 001: The Gaze, estimated 2024-05-17
    ("001_7e86e347368b4871", "first entered the Kharkiv region in February 2022", "2022-02", "month"),
    ("001_7e86e347368b4871", "from the entire region later that year", "2022", "year"),
    ("001_7e86e347368b4871", "on the night of May 10", "2024-05-10", "day"),
    ("001_7e86e347368b4871", "also came under attack at the same time", "2024-05-10", "day"),
    ("001_7e86e347368b4871", "support for Taiwan in April", "2024-04", "month"),
    ("001_7e86e347368b4871", "on May 16, a meeting of the NATO Military Committee", "2024-05-16", "day"),
    ("001_7e86e347368b4871", "counteroffensive in the autumn of 2022", "2022-09", "season"),
    # 002: RT, published Monday 2024-05-13
    ("002_cb167d76c2003ad8", "On Monday, its Department of Strategic Communications", "2024-05-13", "day"),
    ("002_cb167d76c2003ad8", "general staff on Monday", "2024-05-13", "day"),
    ("002_cb167d76c2003ad8", "Similar reports were published on Sunday", "2024-05-12", "day"),
    ("002_cb167d76c2003ad8", "since last Friday", "2024-05-10", "day"),
    ("002_cb167d76c2003ad8", "As noted by the New York Times on Sunday", "2024-05-12", "day"),
    # 003: eSocialNews repost of The Washington Post, published Wednesday 2022-04-06
    ("003_e5ce4aec9f18bd2d", "the Pentagon said Wednesday", "2022-04-06", "day"),
    ("003_e5ce4aec9f18bd2d", "the senior defense official said Wednesday", "2022-04-06", "day"),
    ("003_e5ce4aec9f18bd2d", "announced Tuesday night", "2022-04-05", "day"),
    ("003_e5ce4aec9f18bd2d", "Earlier this week, national security adviser Jake Sullivan", "2022-04-04", "week"),
    # 004: RT, published Saturday 2024-08-24 (stated in the text)
    ("004_93ccbc94cf436395", "the Washington Post reported on Saturday", "2024-08-24", "day"),
    ("004_93ccbc94cf436395", "Russian territory on August 6", "2024-08-06", "day"),
    ("004_93ccbc94cf436395", "reported in an update on Friday", "2024-08-23", "day"),
    ("004_93ccbc94cf436395", "The US announced the same day", "2024-08-23", "day"),
    ("004_93ccbc94cf436395", "Sabrina Singh said on Thursday", "2024-08-22", "day"),
    ("004_93ccbc94cf436395", "Donald Trump said earlier this week", "2024-08-19", "week"),
    ("004_93ccbc94cf436395", "In June, Trump also made it clear", "2024-06", "month"),
    ("004_93ccbc94cf436395", "Anatoly Antonov claimed earlier this week", "2024-08-19", "week"),
]


@pytest.mark.parametrize(("article", "words", "date", "precision"), STATEMENTS)
def test_statement_on_its_date(timeline: dict[str, Any], article: str, words: str, date: str,
                               precision: str) -> None:
    assert (date, precision) in _dates_of(timeline, article, words)


def test_no_statement_is_dated_twice_differently_by_one_expression(timeline: dict[str, Any]) -> None:
    """A sentence with one temporal expression has exactly one date."""
    one_expression = [s for s in STATEMENTS if s[1] != "full-scale invasion began in 2022"]
    for article, words, date, precision in one_expression:
        if words == "which began last week":
            continue  # that sentence also dates the 2022 invasion
        assert _dates_of(timeline, article, words) == {(date, precision)}, words


EXPECTED_DATES = {(d, p) for _, _, d, p in STATEMENTS}


def test_every_statement_entry_is_an_expected_date(timeline: dict[str, Any]) -> None:
    """No entry carries an invented date: each dated sentence is one of our readings."""
    stray = []
    for entry, source in _sources(timeline):
        if source.get("kind", entry.get("kind")) != "statement":
            continue
        key = (source.get("date", entry["date"]), source.get("precision", entry["precision"]))
        if key not in EXPECTED_DATES:
            stray.append((source["article"], key, source["text"][:80]))
    assert stray == []


@pytest.mark.parametrize("false_hit", ["may", "We", "$2", "0:00", "29:39", "24 hours", "one and a half million",
                                       "two years", "a year and a half", "5 kilometers", "today's"])
def test_false_hits_never_date_an_entry(timeline: dict[str, Any], false_hit: str) -> None:
    mentions = [s["mention"]["text"] for _, s in _sources(timeline) if s.get("mention")]
    assert false_hit not in mentions


def test_articles_carry_publication_facts(timeline: dict[str, Any]) -> None:
    articles = {a["id"]: a for a in timeline["articles"]}
    assert {a: (v["published"], v["outlet"]) for a, v in articles.items()} == {
        "000_78a07b355fdcaa3e": ("2024-05-15", "Unusual Whales"),
        "001_7e86e347368b4871": ("2024-05-17", "The Gaze"),
        "002_cb167d76c2003ad8": ("2024-05-13", "RT"),
        "003_e5ce4aec9f18bd2d": ("2022-04-06", "eSocialNews"),
        "004_93ccbc94cf436395": ("2024-08-24", "RT"),
    }
    assert articles["001_7e86e347368b4871"]["estimated"] is True
    assert articles["004_93ccbc94cf436395"]["published_source"] in {"text", "override"}


def test_each_article_appears_on_its_publication_date(timeline: dict[str, Any]) -> None:
    published = {a["id"]: a["published"] for a in timeline["articles"]}
    pub_entries = {
        s["article"]: e["date"] for e, s in _sources(timeline) if s.get("kind", e.get("kind")) == "publication"
    }
    assert pub_entries == published


def test_background_is_kept_not_dropped(timeline: dict[str, Any]) -> None:
    """Background only when the whole period lies outside the span: February 2022 is, the year 2022 is not."""
    outside = [e for e in timeline["entries"] if e["precision"] != "year" and e["date"] < "2022-04"]
    assert outside and all(e["in_span"] is False for e in outside)
    year_2022 = [e for e in timeline["entries"] if e["date"] == "2022" and e["precision"] == "year"]
    assert year_2022 and all(e["in_span"] is True for e in year_2022)


def test_pages_exist(site: Path) -> None:
    for page in ["index.html", "about/index.html", "404.html", "feed.xml", "timeline.json",
                 "articles/003_e5ce4aec9f18bd2d/index.html", "sources/rt/index.html"]:
        assert (site / page).is_file(), page


@pytest.mark.parametrize(("words", "places"), [
    ("Kiev launched its largest incursion", {"kursk", "russia"}),  # an editor's place correction (overrides/places.yaml)
    ("Washington is still assessing", set()),  # a capital standing for its government is no place
])
def test_entries_sit_under_the_places_they_report(timeline: dict[str, Any], words: str, places: set[str]) -> None:
    found = [e for e in timeline["entries"] if e["text"].startswith(words)]
    assert found and all({p["slug"] for p in e["places"]} == places for e in found)

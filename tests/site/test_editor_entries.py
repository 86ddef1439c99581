"""Entries the editors add (`add:` with a cited report): editor badge, citation link, headline, placement."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from sitegen.cli import main

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "editor"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = tmp_path_factory.mktemp("content")
    shutil.copy2(FIXTURE / "site.yaml", content / "site.yaml")
    shutil.copytree(ROOT / "tests" / "golden" / "content" / "overrides", content / "overrides")
    shutil.copy2(FIXTURE / "overrides" / "key-events.yaml", content / "overrides" / "key-events.yaml")
    out = tmp_path_factory.mktemp("site") / "public"
    assert main(["build", "--quiet", "--seeds", str(ROOT / "tests" / "golden" / "seeds"), "--content", str(content),
                 "--templates", str(ROOT / "templates"), "--output", str(out)]) == 0
    return out


def _item(html: str, text: str) -> str:
    start = html.rindex('<li id="', 0, html.index(text))
    return html[start:html.index("</li>\n</ol>\n<p class=\"permalink\"", start)]


@pytest.mark.parametrize(
    ("text", "headline", "host", "heading"),
    [
        ("The dam upstream of the harbour gave way", "A dam upstream of the harbour is breached",
         "example.org", "June 2023"),
        ("But fighting around the harbour eased", "Fighting around the harbour eased during the last week of August.",
         "reports.example.net", "Week of 28 August 2023"),
    ],
)
def test_added_entries_show_editor_badge_citation_and_headline(built: Path, text: str, headline: str, host: str,
                                                               heading: str) -> None:
    html = (built / "index.html").read_text(encoding="utf-8")
    item = _item(html, text)
    assert 'class="badge editor"' in item
    assert f'rel="noopener noreferrer nofollow">{host}</a>' in item
    assert f'<span class="headline">{headline}</span>' in item
    before = html[:html.index(text)]
    last_heading = before[before.rindex("<h3 id="):]
    assert f'">{heading} <span class="count">' in last_heading.split("</h3>")[0]


def test_sources_index_lists_the_cited_reports(built: Path) -> None:
    html = (built / "sources" / "index.html").read_text(encoding="utf-8")
    assert "Reports the editors cite" in html
    assert 'href="https://www.example.org/news/2023/06/06/dam-breached"' in html


def test_months_without_entries_say_so(built: Path) -> None:
    html = (built / "index.html").read_text(encoding="utf-8")
    assert re.search(r"December 2023</th><td>0: no sources in the collection</td>", html)
    assert "no sources in the collection</text>" in html


def test_exports_carry_the_citation(built: Path) -> None:
    data = json.loads((built / "timeline.json").read_text(encoding="utf-8"))
    added = [e for e in data["entries"] if e["kind"] == "added" and e["sources"][0]["citation_url"]]
    assert {e["sources"][0]["citation_url"] for e in added} == {
        "https://www.example.org/news/2023/06/06/dam-breached", "https://reports.example.net/harbour-week-35"}
    csv_text = (built / "timeline.csv").read_text(encoding="utf-8-sig")
    assert "https://reports.example.net/harbour-week-35" in csv_text

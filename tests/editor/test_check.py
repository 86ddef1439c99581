"""`sitegen check`: each kind of finding, exact messages, grouping and the JSON form."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import pytest

from sitegen.badges.places import Gazetteer
from sitegen.editor.check import Finding, format_findings, run_check
from sitegen.models import Article, Conflict, Entry, Event, Mention, OutletRef, Problem, Removal, SiteConfig
from sitegen.overrides.apply import correct
from sitegen.overrides.records import Overrides
from sitegen.overrides.schema import merge_files
from sitegen.yamlload import load_yaml_text

CONFIG = SiteConfig(title="T", description="D", language="en", span_start=date(2022, 4, 1),
                    span_end=date(2024, 8, 31))
RT = OutletRef("RT", "RT", "state-media", "rt")


@dataclass(frozen=True)
class Gathered:
    """The fields of sitegen.build.Gathered that a check reads (built here from records)."""

    config: SiteConfig = CONFIG
    overrides: Overrides = field(default_factory=Overrides)
    articles: tuple[Article, ...] = ()
    entries: tuple[Entry, ...] = ()
    events: tuple[Event, ...] = ()
    problems: tuple[Problem, ...] = ()


def article(art_id: str = "a1", **kw: object) -> Article:
    fields: dict[str, object] = {"published": date(2024, 5, 15), "published_source": "override",
                                 "published_evidence": "from the editors' overrides", "outlet": RT, "paragraphs": ()}
    fields.update(kw)
    return Article(id=art_id, title="T", sentences=(), source_path=f"seeds/{art_id}.txt",
                   **fields)  # type: ignore[arg-type]


def entry(entry_id: str = "e0000000001", value: str = "2024-05-15", precision: str = "day", **kw: object) -> Entry:
    return Entry(id=entry_id, article="a1", value=value, precision=precision,
                 text="Russia attacked Kharkiv on Friday.", **kw)  # type: ignore[arg-type]


def overrides(text: str) -> Overrides:
    return merge_files([load_yaml_text(text, "content/overrides/a.yaml")])


def test_nothing_to_report() -> None:
    findings = run_check(Gathered(articles=(article(),), entries=(entry(),)))
    assert findings == []
    assert format_findings(findings) == "no problems found"


@pytest.mark.parametrize(
    ("gathered", "expected"),
    [
        (Gathered(problems=(Problem("seeds/x.bin", "not text (binary data)"),)),
         [Finding("skipped-input", "skipped: not text (binary data)", "seeds/x.bin")]),
        (Gathered(articles=(article(published=None, published_source="unknown"),), entries=(entry(),)),
         [Finding("no-date", "a1: no publication date; add articles.a1.published to a file in content/overrides/",
                  "seeds/a1.txt", id="a1")]),
        (Gathered(articles=(article(published_source="estimated", published_evidence="estimated: r (f:3)"),), entries=(entry(),)),
         [Finding("estimated-publication", "a1: published 2024-05-15 is an estimate (estimated: r (f:3))",
                  "seeds/a1.txt", id="a1")]),
        (Gathered(articles=(article(outlet=None),), entries=(entry(),)),
         [Finding("no-outlet", "a1: no known outlet; add articles.a1.outlet to a file in content/overrides/",
                  "seeds/a1.txt", id="a1")]),
        (Gathered(articles=(article(outlet=OutletRef("Blog", "Blog", "unknown", "blog")),), entries=(entry(),)),
         [Finding("no-outlet", "a1: the outlet 'Blog' is not in the outlet registry; add it to "
                               "content/sources.yaml (name, kind, domains)", "seeds/a1.txt", id="a1")]),
        (Gathered(articles=(article(published=None, published_source="unknown",
                                    published_hint="the dateline 'MOSCOW, May 13 /TASS/.' on line 1 gives no year"),),
                  entries=(entry(),)),
         [Finding("no-date", "a1: no publication date; add articles.a1.published to a file in content/overrides/ "
                             "(suggestion only: the dateline 'MOSCOW, May 13 /TASS/.' on line 1 gives no year)",
                  "seeds/a1.txt", id="a1")]),
        (Gathered(articles=(article(paragraphs=("Only a headline survived here.",)),),
                  entries=(entry(kind="publication"),)),
         [Finding("no-entries", "a1: no dated entry from its 1 paragraphs; run `sitegen extract seeds/a1.txt` "
                                "to see its text", "seeds/a1.txt", id="a1")]),
        (Gathered(articles=(article(paragraphs=("Troops advanced on Friday.",),
                                    removed=(Removal(3, "Trending Now", "promo-tail"),
                                             Removal(4, "Five more words of promo here", "promo-tail"))),),
                  entries=(entry(),)),
         [Finding("heavy-cleaning", "a1: the cleaner removed 62% of its words (8 of 13); check its removed lines "
                                    "with `sitegen extract`", "seeds/a1.txt", id="a1")]),
        (Gathered(events=(Event("v1", "2024-05-10", "day", (entry(),),
                                conflicts=(Conflict("date", ("2024-05-10", "2024-05-11"), ("e1", "e2")),)),)),
         [Finding("conflicting-date", "sources disagree on the date: 2024-05-10, 2024-05-11 (entries e1, e2)",
                  id="v1")]),
        (Gathered(articles=(article(),), entries=(entry(value="2024", precision="year"),)),
         [Finding("weak-date", "e0000000001: dated only to the year (2024): 'Russia attacked Kharkiv on Friday.'",
                  "seeds/a1.txt", id="e0000000001")]),
        (Gathered(entries=(entry(value="2022-FA", precision="season"),)),
         [Finding("weak-date", "e0000000001: dated only to the season (autumn 2022): "
                               "'Russia attacked Kharkiv on Friday.'", id="e0000000001")]),
        (Gathered(entries=(entry(mention=Mention(0, 9, "that day", "2024-05-15", "day", "r", "", anchor="previous")),)),
         [Finding("weak-date", "e0000000001: dated from an earlier date in the article ('that day' -> 15 May 2024): "
                               "'Russia attacked Kharkiv on Friday.'", id="e0000000001")]),
        (Gathered(entries=(entry(value="2022-03-30"),)),
         [Finding("outside-span", "e0000000001: 30 March 2022 is outside the site's span (2022-04-01 to 2024-08-31); "
                                  "correct its date or hide it: 'Russia attacked Kharkiv on Friday.'",
                  id="e0000000001")]),
        (Gathered(entries=(entry(value="2022-03-30", end_value="2022-04-02"),  # a range that reaches into the span
                           entry("e0000000002", value="2021", precision="year", hidden=True))), []),
        (Gathered(entries=(entry(value="2024", precision="year", corrected=("precision",)),)), []),
    ],
)
def test_each_kind_of_finding(gathered: Gathered, expected: list[Finding]) -> None:
    assert run_check(gathered) == expected


def test_stale_overrides_and_dangling_links() -> None:
    rules = overrides(
        "entries:\n  e0000000001:\n    date: 2024-05-15\n    note: n\n  e0000000002:\n    date: 2024-05-01\n"
        "    note: n\n  e0000000003:\n    note: checked\n"
        "merge:\n  - [e0000000001, e00000000ff]\nsplit: [e0000000002]\n"
        "add:\n  - {date: 2024-05-01, text: T., cite: gone}\n")
    entries = tuple(correct(entry(i), rules.entries[i], _NO_PLACES) for i in
                    ("e0000000001", "e0000000002", "e0000000003"))
    findings = run_check(Gathered(overrides=rules, articles=(article(),), entries=entries))
    assert findings == [
        Finding("stale-override", "entries.e0000000001: changes nothing any more (the extracted entry already "
                                  "says this); remove it", "content/overrides/a.yaml", 2, "e0000000001"),
        Finding("dangling-link", "merge[0]: no entry has the id e00000000ff", "content/overrides/a.yaml", 11,
                "e00000000ff"),
        Finding("dangling-link", "add[0].cite: the article gone is not on the site (excluded?)",
                "content/overrides/a.yaml", 14, rules.added[0].id),
    ]


_NO_PLACES = Gazetteer([])


def test_text_output_is_grouped_with_a_count_line_and_json_is_plain() -> None:
    gathered = Gathered(
        articles=(article(published=None, published_source="unknown", outlet=None), article("a2", outlet=None)),
        entries=(entry(value="2024", precision="year"),),
    )
    findings = run_check(gathered)
    assert format_findings(findings) == """\
Articles without a publication date (1):
  seeds/a1.txt: a1: no publication date; add articles.a1.published to a file in content/overrides/

Articles without an outlet (2):
  seeds/a1.txt: a1: no known outlet; add articles.a1.outlet to a file in content/overrides/
  seeds/a2.txt: a2: no known outlet; add articles.a2.outlet to a file in content/overrides/

Articles that yielded no dated entries (1):
  seeds/a2.txt: a2: no dated entry from its 0 paragraphs; run `sitegen extract seeds/a2.txt` to see its text

Entries with a weak date (1):
  seeds/a1.txt: e0000000001: dated only to the year (2024): 'Russia attacked Kharkiv on Friday.'

5 findings (1 no-date, 2 no-outlet, 1 no-entries, 1 weak-date)"""
    assert json.loads(json.dumps([f.as_dict() for f in findings]))[0] == {
        "kind": "no-date", "path": "seeds/a1.txt", "line": None, "id": "a1", "acknowledged": None,
        "message": "a1: no publication date; add articles.a1.published to a file in content/overrides/"}


def test_long_sentences_are_cut_in_messages() -> None:
    long = replace(entry(value="2024", precision="year"), text="word " * 40)
    (finding,) = run_check(Gathered(entries=(long,)))
    assert finding.message.endswith("word word…'") and len(finding.message) < 160


def test_check_reads_gathered_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no content/ here: a check never touches the filesystem
    assert run_check(Gathered(articles=(article(),), entries=(entry(),))) == []

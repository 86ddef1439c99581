"""Overrides: the schema's exact error messages, multi-file rules, and applying corrections to entries."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from sitegen.badges.places import Gazetteer
from sitegen.editor.acknowledge import load_acknowledgements
from sitegen.errors import ConfigError
from sitegen.models import Article, Claim, Correction, Entry, MergeRules, Place, PlaceTag
from sitegen.overrides.apply import apply_entries, check_article_ids, coarsen_day
from sitegen.overrides.records import Overrides
from sitegen.overrides.schema import (
    ADD_KEYS,
    ARTICLE_KEYS,
    ENTRY_KEYS,
    PUBLISHED_KEYS,
    TOP_KEYS,
    added_id,
    load_overrides,
)
from sitegen.yamlload import load_yaml_text
from sitegen.ynode import YNode

ROOT = Path(__file__).resolve().parents[2]
E1, E2, E3 = "e0000000001", "e00000000a2", "e1234567890"


def write(tmp_path: Path, files: dict[str, str]) -> None:
    folder = tmp_path / "content" / "overrides"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, "utf-8")


def load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str]) -> Overrides:
    write(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    return load_overrides(Path("content"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("articles:\n  x:\n    publishd: 2024-05-15\n",
         "3: articles.x.publishd: unknown key; did you mean published?"),
        ("articel:\n  x: {}\n", "1: articel: unknown key; did you mean articles?"),
        ("articles:\n  x:\n    published: 2024-02-30\n",
         "3: articles.x.published: impossible date 2024-02-30: day is out of range for month"),
        ("articles:\n  x:\n    published: May 2024\n",
         "3: articles.x.published: expected a date as YYYY-MM-DD, got text 'May 2024'"),
        ("articles:\n  x:\n    published: {date: 2024-05-15, estimated: true}\n",
         "3: articles.x.published: an estimated date needs a reason: say what the estimate rests on"),
        ("articles:\n  x:\n    published: {date: 2024-05-15, estimated: maybe, reason: r}\n",
         "3: articles.x.published.estimated: expected true or false, got text 'maybe'"),
        ("articles:\n  x:\n    published: {estimated: true, reason: r}\n",
         "3: articles.x.published: missing key 'date'"),
        ("articles:\n  x:\n    url: javascript:alert(1)\n",
         "3: articles.x.url: expected an http:// or https:// URL, got 'javascript:alert(1)'"),
        ("articles:\n  x:\n    outlet: 42\n",
         "3: articles.x.outlet: expected text, got the number 42; put it in quotes if it is meant as text"),
        ("articles:\n  x:\n    exclude: yes please\n",
         "3: articles.x.exclude: expected true or false, got text 'yes please'"),
        ("articles:\n  x:\n    outlet: A\n    outlet: B\n",
         "4: articles.x.outlet: duplicate key (first on line 3); YAML keeps only one of them, so merge the two"),
        ("articles:\n  ../etc:\n    outlet: A\n",
         "2: articles.../etc: not an article id (the seed file's name without .txt)"),
        (f"entries:\n  {E1}:\n    dat: 2024-05\n    note: n\n", f"3: entries.{E1}.dat: unknown key; did you mean date?"),
        (f"entries:\n  {E1}:\n    date: May 2024\n    note: n\n",
         (f"3: entries.{E1}.date: expected a date such as 2024-05-15, 2024-05, 2024-W19, 2022-FA or 2024, "
         "got 'May 2024'")),
        (f"entries:\n  {E1}:\n    date: 2024-13\n    note: n\n",
         f"3: entries.{E1}.date: impossible date 2024-13 (month must be in 1..12)"),
        (f"entries:\n  {E1}:\n    date: 2024-W54\n    note: n\n",
         f"3: entries.{E1}.date: impossible date 2024-W54 (Invalid week: 54)"),
        (f"entries:\n  {E1}:\n    date: 2024-05-15\n    precision: month\n    note: n\n",
         (f"4: entries.{E1}.precision: month does not agree with the date 2024-05-15 (a day); leave precision "
         "out or change the date")),
        (f"entries:\n  {E1}:\n    precision: fortnight\n    note: n\n",
         f"3: entries.{E1}.precision: expected one of day, week, month, season, quarter, year, got 'fortnight'"),
        (f"entries:\n  {E1}:\n    date: 2024-05\n    end: 2024-04\n    note: n\n",
         f"4: entries.{E1}.end: the range ends (2024-04) before it starts (2024-05)"),
        (f"entries:\n  {E1}:\n    headline: '{'x' * 201}'\n    note: n\n",
         (f"3: entries.{E1}.headline: a headline is one line of at most 200 characters; this one has 201 "
         "(use summary for more)")),
        (f"entries:\n  {E1}:\n    places: kharkiv\n    note: n\n", f"3: entries.{E1}.places: expected a list, got text 'kharkiv'"),
        (f"entries:\n  {E1}:\n    places: [Kharkiv]\n    note: n\n",
         f"3: entries.{E1}.places[0]: expected a place slug such as kharkiv or kursk-oblast, got 'Kharkiv'"),
        (f"entries:\n  {E1}:\n    claim: rumour\n    note: n\n",
         f"3: entries.{E1}.claim: expected one of stated, attributed, unverified, got 'rumour'"),
        (f"entries:\n  {E1}:\n    claim: attributed\n    note: n\n",
         (f"3: entries.{E1}.claim: an attributed claim needs `by:` (whose claim it is): claim: "
         "{status: attributed, by: ...}")),
        (f"entries:\n  {E1}:\n    hide: 1\n    note: n\n", f"3: entries.{E1}.hide: expected true or false, got the number 1"),
        (f"entries:\n  {E1}:\n    note: ''\n", f"3: entries.{E1}.note: expected text, got empty text"),
        (f"entries:\n  {E1}:\n    date: 2024-05\n",
         f"2: entries.{E1}: a correction needs a note: say why in note: (it is shown publicly with the correction)"),
        (f"entries:\n  {E1}:\n    note: n\n    on: 15 May\n",
         f"4: entries.{E1}.on: expected a date as YYYY-MM-DD, got text '15 May'"),
        ("entries:\n  e12:\n    hide: true\n    note: n\n",
         ("2: entries.e12: not an entry id (an 'e' and 10 hex digits; `sitegen override ARTICLE_ID` lists an "
         "article's entries)")),
        ("add:\n  - date: 2024-05-15\n    text: Something happened.\n",
         "2: add[0]: missing key 'cite'"),
        ("add:\n  - date: 2024-05-15\n    text: T.\n    cite: http://example.org/a\n",
         "4: add[0].cite: expected an https:// URL, got 'http://example.org/a'"),
        ("add:\n  - date: 2024-05-15\n    text: T.\n    cite: not an id\n",
         "4: add[0].cite: expected an article id or an https:// URL, got 'not an id'"),
        ("add:\n  - date: 2024-05-15\n    text: T.\n    cite: a\n  - date: 2024-05-16\n    text: T.\n    cite: a\n",
         "5: add[1]: the same entry (text and citation) is already added at content/overrides/a.yaml:2"),
        (f"merge:\n  - [{E1}]\n", "2: merge[0]: a merge group lists at least two entry ids: [e..., e...]"),
        (f"merge:\n  - [{E1}, {E1}]\n", f"2: merge[0][1]: {E1} is listed twice in this group"),
        (f"merge:\n  - [{E1}, {E2}]\n  - [{E2}, {E3}]\n",
         (f"3: merge[1]: {E2} is already in the merge group at content/overrides/a.yaml:2; put all of its "
         "entries in one group")),
        (f"merge:\n  - [{E1}, {E2}]\nsplit: [{E2}]\n",
         f"3: split[0]: {E2} cannot be split and merged: it is in the merge group at content/overrides/a.yaml:2"),
        ("split: [x1]\n", "1: split[0]: expected an entry id (an 'e' or 'a' and 10 hex digits), got 'x1'"),
    ],
)
def test_every_mistake_names_file_line_and_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               text: str, message: str) -> None:
    with pytest.raises(ConfigError) as err:
        load(tmp_path, monkeypatch, {"a.yaml": text})
    assert str(err.value) == f"content/overrides/a.yaml:{message}"


@pytest.mark.parametrize(
    ("first", "second", "message"),
    [
        ("articles:\n  x:\n    outlet: A\n", "articles:\n  x:\n    via: B\n",
         ("content/overrides/b.yaml:2: articles.x: set twice: here and at content/overrides/a.yaml:2; keep one "
         "of them")),
        (f"entries:\n  {E1}:\n    hide: true\n    note: n\n", f"# c\nentries:\n  {E1}:\n    hide: false\n    note: n\n",
         (f"content/overrides/b.yaml:3: entries.{E1}: set twice: here and at content/overrides/a.yaml:2; keep "
         "one of them")),
        (f"split: [{E1}]\n", f"split: [{E1}]\n",
         f"content/overrides/b.yaml:1: split[0]: {E1} is already listed at content/overrides/a.yaml:1"),
    ],
)
def test_the_same_key_in_two_files_names_both(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              first: str, second: str, message: str) -> None:
    with pytest.raises(ConfigError) as err:
        load(tmp_path, monkeypatch, {"a.yaml": first, "b.yaml": second})
    assert str(err.value) == message


def test_missing_folder_and_empty_files_mean_no_overrides(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_overrides(tmp_path / "content") == Overrides()
    overrides = load(tmp_path, monkeypatch, {"a.yaml": "# nothing yet\n", "b.yaml": "entries:\n", "c.txt": "x"})
    assert (dict(overrides.articles), dict(overrides.entries), overrides.added) == ({}, {}, ())
    assert overrides.files == ("content/overrides/a.yaml", "content/overrides/b.yaml")


def test_the_seed_overrides_load_with_their_sources() -> None:
    overrides = load_overrides(ROOT / "content")
    estimated = overrides.articles["001_7e86e347368b4871"]
    assert (estimated.published, estimated.published_estimated, estimated.outlet) == (
        date(2024, 5, 17), True, "The Gaze")
    assert estimated.published_reason == "reports the NATO Military Committee meeting of 16 May 2024 as past"
    # where the rule is written, within the site: the same however the content folder is named on the command line
    assert estimated.source == "content/overrides/articles.yaml:10"
    assert estimated.path == str(ROOT / "content/overrides/articles.yaml")  # error messages name it as given
    plain = overrides.articles["000_78a07b355fdcaa3e"]
    assert (plain.published, plain.published_estimated, plain.via) == (date(2024, 5, 15), False,
                                                                         "Associated Press")


def test_article_fields_and_rules_are_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    overrides = load(tmp_path, monkeypatch, {"a.yaml": (
        "articles:\n  x:\n    title: '  A   title '\n    url: https://example.org/a\n    exclude: true\n"
        f"merge:\n  - [{E1}, {E2}]\nsplit:\n  - {E3}\n"
        "add:\n  - date: 2024-W19\n    end: 2024-W20\n    text: Talks began.\n    cite: https://example.org/t\n"
        "    claim: {status: attributed, by: Kremlin}\n    summary: '**Talks** <script>x</script>'\n")})
    x = overrides.articles["x"]
    assert (x.title, x.url, x.exclude, x.published) == ("A title", "https://example.org/a", True, None)
    assert overrides.merge_rules == MergeRules(force=((E1, E2),), split=(E3,))
    (added,) = overrides.added
    assert (added.id, added.value, added.precision, added.end_value, added.url, added.article) == (
        added_id("Talks began.", "https://example.org/t"), "2024-W19", "week", "2024-W20",
        "https://example.org/t", None)
    assert added.claim == Claim("attributed", "Kremlin")
    assert added.summary_html == "<p><strong>Talks</strong> </p>"


def test_added_ids_are_stable_under_date_and_spacing_changes() -> None:
    assert added_id("Talks  began.", "a") == added_id("talks began.", "a")
    assert added_id("Talks began.", "a") != added_id("Talks began.", "b")
    assert re.fullmatch(r"a[0-9a-f]{10}", added_id("x", "y"))


# ---------------------------------------------------------------------- applying



PLACES = Gazetteer([
    Place("kharkiv", "Kharkiv", ("Kharkov",), 49.99, 36.23),
    Place("kyiv", "Kyiv", ("Kiev",), 50.45, 30.52),
])


def article(art_id: str) -> Article:
    return Article(id=art_id, title="T", paragraphs=(), sentences=(), published=date(2024, 5, 15),
                   published_source="override", published_evidence="", outlet=None)


def entry(entry_id: str, value: str = "2024-05-15", **kw: object) -> Entry:
    return Entry(id=entry_id, article="a1", value=value, precision=kw.pop("precision", "day"),  # type: ignore[arg-type]
                 text="Russia attacked Kharkiv on Friday.", **kw)  # type: ignore[arg-type]


def apply(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str,
          entries: tuple[Entry, ...] = (entry(E1), entry(E2, estimated=True))) -> tuple[Entry, ...]:
    overrides = load(tmp_path, monkeypatch, {"a.yaml": text})
    return apply_entries(entries, (article("a1"),), overrides, PLACES)


@pytest.mark.parametrize(
    ("rule", "changes", "shown"),
    [
        ("date: 2024-05", {"value": "2024-05", "precision": "month", "corrected": ("date", "precision")},
         [("date", "15 May 2024", "May 2024")]),
        ("precision: month", {"value": "2024-05", "precision": "month", "corrected": ("date", "precision")},
         [("date", "15 May 2024", "May 2024")]),
        ("precision: week", {"value": "2024-W20", "precision": "week", "corrected": ("date", "precision")},
         [("date", "15 May 2024", "week of 13 May 2024")]),
        ("precision: season", {"value": "2024-SP", "precision": "season", "corrected": ("date", "precision")},
         [("date", "15 May 2024", "spring 2024")]),
        ("precision: day", {}, []),
        ("date: 2024-05-16", {"value": "2024-05-16", "corrected": ("date",)},
         [("date", "15 May 2024", "16 May 2024")]),
        ("end: 2024-05-20", {"end_value": "2024-05-20", "corrected": ("end",)},
         [("date", "15 May 2024", "15 May 2024 – 20 May 2024")]),
        ("headline: Kharkiv offensive begins", {"headline": "Kharkiv offensive begins", "corrected": ("headline",)},
         [("headline", "none", "Kharkiv offensive begins")]),
        ("summary: 'See [ISW](https://understandingwar.org) {{ x }}'",
         {"summary_html": '<p>See <a href="https://understandingwar.org" rel="noopener noreferrer">ISW</a> '
                          "{{ x }}</p>", "corrected": ("summary",)},
         [("summary", "none", "See [ISW](https://understandingwar.org) {{ x }}")]),
        ("hide: true", {"hidden": True, "corrected": ("hide",)}, [("hide", "shown", "hidden")]),
        ("places: [kyiv, kharkiv]", {"places": (PlaceTag("kyiv", "Kyiv", ""), PlaceTag("kharkiv", "Kharkiv", "")),
                                     "corrected": ("places",)}, [("places", "none", "Kyiv, Kharkiv")]),
        ("claim: unverified", {"claim": Claim("unverified"), "corrected": ("claim",)},
         [("claim", "stated", "unverified")]),
        ("claim: {status: attributed, by: Kremlin}", {"claim": Claim("attributed", "Kremlin"),
                                                      "corrected": ("claim",)},
         [("claim", "stated", "attributed to Kremlin")]),
        ("hide: false", {}, []),
        ("note: checked against the original", {}, []),
    ],
)
def test_corrections_change_the_entry_and_say_what_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           rule: str, changes: dict[str, object],
                                                           shown: list[tuple[str, str, str]]) -> None:
    before = entry(E1)
    text = f"entries:\n  {E1}:\n    {rule}\n" + ("" if rule.startswith("note") else "    note: why\n    on: 2024-06-01\n")
    (after, untouched) = apply(tmp_path, monkeypatch, text)
    assert untouched == entry(E2, estimated=True)
    assert {k: getattr(after, k) for k in changes} == changes
    assert after.note == ("checked against the original" if rule.startswith("note") else "why")
    assert after.corrections == tuple(Correction(field, old, new, "why", date(2024, 6, 1), "content/overrides/a.yaml:2")
                                      for field, old, new in shown)
    same = {k for k in before.__dataclass_fields__ if k not in changes and k not in ("note", "corrections")}
    assert {k: getattr(after, k) for k in same} == {k: getattr(before, k) for k in same}


def test_a_date_correction_is_no_longer_estimated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (_, after) = apply(tmp_path, monkeypatch, f"entries:\n  {E2}:\n    date: 2024-05-10\n    note: n\n")
    assert (after.value, after.estimated, after.corrected) == ("2024-05-10", False, ("date",))
    (_, coarser) = apply(tmp_path, monkeypatch, f"entries:\n  {E2}:\n    precision: month\n    note: n\n")
    assert (coarser.value, coarser.estimated) == ("2024-05", True)  # still leans on the estimated date


@pytest.mark.parametrize(
    ("text", "entries", "message"),
    [
        ("entries:\n  e0000000011:\n    hide: true\n    note: n\n", None,
         f"2: entries.e0000000011: no entry has this id; nearest: {E1}, {E2}"),
        ("entries:\n  effffffffff:\n    hide: true\n    note: n\n", None,
         ("2: entries.effffffffff: no entry has this id; none is close; its sentence may have changed or its "
         "article may be excluded (`sitegen override ARTICLE_ID` lists an article's entries)")),
        (f"entries:\n  {E1}:\n    places: [kharkov]\n    note: n\n", None,
         f"3: entries.{E1}.places: unknown place 'kharkov'; did you mean kharkiv?"),
        (f"entries:\n  {E1}:\n    places: [atlantis]\n    note: n\n", None,
         f"3: entries.{E1}.places: unknown place 'atlantis'; add it to content/places.yaml"),
        (f"entries:\n  {E1}:\n    end: 2024-05-01\n    note: n\n", None,
         f"3: entries.{E1}.end: the range ends (2024-05-01) before the entry's date (2024-05-15)"),
        (f"entries:\n  {E1}:\n    precision: day\n    note: n\n", (entry(E1, "2024-05", precision="month"),),
         (f"3: entries.{E1}.precision: day is finer than the entry's date 2024-05 (a month); give a `date:` "
         "instead")),
        ("add:\n  - date: 2024\n    text: T.\n    cite: a1\n    places: [odesa]\n", None,
         "5: add[0].places: unknown place 'odesa'; add it to content/places.yaml"),
    ],
)
def test_corrections_that_cannot_apply_fail_loudly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str,
                                                   entries: tuple[Entry, ...] | None, message: str) -> None:
    with pytest.raises(ConfigError) as err:
        if entries is None:
            apply(tmp_path, monkeypatch, text)
        else:
            apply(tmp_path, monkeypatch, text, entries)
    assert str(err.value) == f"content/overrides/a.yaml:{message}"


def test_added_entries_follow_the_extracted_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = apply(tmp_path, monkeypatch, (
        "add:\n  - date: 2024-05-10\n    text: Russia opened a front near Kharkiv.\n    cite: a1\n"
        "    places: [kharkiv]\n    note: reported by every outlet, stated in none of ours\n"
        "  - date: 2022-FA\n    text: Counter-offensive.\n    cite: https://example.org/x\n"))
    assert [e.id for e in result[:2]] == [E1, E2]
    first, second = result[2:]
    assert first == Entry(id=added_id("Russia opened a front near Kharkiv.", "a1"), article="a1",
                          value="2024-05-10", precision="day", text="Russia opened a front near Kharkiv.",
                          kind="added", places=(PlaceTag("kharkiv", "Kharkiv", ""),),
                          note="reported by every outlet, stated in none of ours",
                          corrections=(Correction("add", "none", "Russia opened a front near Kharkiv.",
                                                  "reported by every outlet, stated in none of ours", None,
                                                  "content/overrides/a.yaml:2"),))
    assert (second.article, second.citation_url, second.precision, second.kind) == (
        None, "https://example.org/x", "season", "added")


def test_apply_is_pure_and_keeps_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    entries = (entry(E2), entry(E1))
    first = apply(tmp_path, monkeypatch, f"entries:\n  {E1}:\n    hide: true\n    note: n\n", entries)
    assert [e.id for e in first] == [E2, E1] and entries == (entry(E2), entry(E1))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("articles:\n  000_78a07b355fdcaa3f:\n    outlet: X\n",
         ("2: articles.000_78a07b355fdcaa3f: no article has this id; did you mean 000_78a07b355fdcaa3e? Article ids "
         "are the seed files' names without .txt")),
        ("articles:\n  zzz:\n    outlet: X\n",
         ("2: articles.zzz: no article has this id; did you mean 000_78a07b355fdcaa3e? (also near: "
         "001_7e86e347368b4871) Article ids are the seed files' names without .txt")),
        ("articles:\n  '001':\n    outlet: X\n",
         ("2: articles.001: no article has this id; did you mean 001_7e86e347368b4871? Article ids are the seed "
         "files' names without .txt")),
        ("add:\n  - date: 2024\n    text: T.\n    cite: 001_7e86e347368b4872\n",
         ("4: add[0].cite: no article has this id; did you mean 001_7e86e347368b4871? Article ids are the seed "
         "files' names without .txt")),
        ("articles:\n  copy-of-first:\n    outlet: X\n",
         ("2: articles.copy-of-first: this article was skipped as a copy of article 000_78a07b355fdcaa3e (the same "
          "text); put the correction on 000_78a07b355fdcaa3e, or make the two files differ")),
        ("add:\n  - date: 2024\n    text: T.\n    cite: copy-of-first\n",
         ("4: add[0].cite: this article was skipped as a copy of article 000_78a07b355fdcaa3e (the same text); put "
          "the correction on 000_78a07b355fdcaa3e, or make the two files differ")),
    ],
)
def test_overrides_naming_missing_articles_list_the_nearest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            text: str, message: str) -> None:
    overrides = load(tmp_path, monkeypatch, {"a.yaml": text})
    with pytest.raises(ConfigError) as err:
        check_article_ids(overrides, ["000_78a07b355fdcaa3e", "001_7e86e347368b4871"],
                          {"copy-of-first": "000_78a07b355fdcaa3e"})
    assert str(err.value) == f"content/overrides/a.yaml:{message}"


@pytest.mark.parametrize(
    ("day", "precision", "value"),
    [
        (date(2024, 5, 15), "week", "2024-W20"),
        (date(2024, 12, 30), "week", "2025-W01"),
        (date(2024, 5, 15), "quarter", "2024-Q2"),
        (date(2024, 2, 10), "season", "2023-WI"),
        (date(2024, 12, 1), "season", "2024-WI"),
        (date(2024, 11, 30), "season", "2024-FA"),
        (date(2024, 5, 15), "year", "2024"),
    ],
)
def test_coarsening_a_day(day: date, precision: str, value: str) -> None:
    assert coarsen_day(day, precision) == value


def test_the_json_schema_knows_every_key_the_loader_knows() -> None:
    schema = json.loads((ROOT / "sitegen/data/overrides.schema.json").read_text("utf-8"))
    defs = schema["$defs"]
    assert sorted(schema["properties"]) == sorted(TOP_KEYS)
    assert sorted(defs["article"]["properties"]) == sorted(ARTICLE_KEYS)
    assert sorted(defs["published"]["oneOf"][1]["properties"]) == sorted(PUBLISHED_KEYS)
    assert sorted(defs["entry"]["properties"]) == sorted(ENTRY_KEYS)
    assert sorted(defs["added"]["properties"]) == sorted(ADD_KEYS)


def test_the_seed_overrides_and_docs_examples_validate_against_the_json_schema(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import jsonschema

    schema = json.loads((ROOT / "sitegen/data/overrides.schema.json").read_text("utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    docs = (ROOT / "docs/overrides.md").read_text("utf-8")
    examples = re.findall(r"```yaml\n(.*?)```", docs, re.DOTALL)
    acknowledgements = [text for text in examples if text.startswith("acknowledge:")]  # content/check.yaml
    examples = [text for text in examples if text not in acknowledgements]
    assert len(examples) >= 4 and len(acknowledgements) == 1
    (tmp_path / "check.yaml").write_text(acknowledgements[0], "utf-8")
    assert len(load_acknowledgements(tmp_path)) == 3
    for text in [*examples, (ROOT / "content/overrides/articles.yaml").read_text("utf-8")]:
        # read as YAML 1.2 reads it (as editors' tools do): `on:` is a key named on, not true
        data = json.loads(json.dumps(_plain(load_yaml_text(text, "example")), default=str))
        jsonschema.validate(data, schema)
    # and the examples load through the real loader too
    load(tmp_path, monkeypatch, {f"{i:02d}.yaml": text for i, text in enumerate(examples)})


def _plain(node: YNode) -> object:
    if isinstance(node.value, dict):
        return {k: _plain(v) for k, v in node.value.items()}
    if isinstance(node.value, list):
        return [_plain(v) for v in node.value]
    return node.value

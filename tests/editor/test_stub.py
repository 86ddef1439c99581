"""`sitegen override`: the stub's lines, and appending without changing a byte an editor wrote."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

from sitegen.editor.stub import append_stub, correction_day, make_stub, stub_ids
from sitegen.errors import ConfigError, SitegenError
from sitegen.models import Article, Entry, Mention, OutletRef
from sitegen.overrides.records import Overrides
from sitegen.overrides.schema import load_overrides, merge_files
from sitegen.yamlload import load_yaml_text

E1, E2 = "e0000000001", "e0000000002"
TODAY = date(2024, 6, 1)


@dataclass(frozen=True)
class Gathered:
    overrides: Overrides = field(default_factory=Overrides)
    articles: tuple[Article, ...] = ()
    entries: tuple[Entry, ...] = ()


ARTICLE = Article(id="003_x", title="Pentagon: Russia has fully withdrawn from Kyiv", paragraphs=(), sentences=(),
                  published=date(2022, 4, 6), published_source="override", published_evidence="",
                  outlet=OutletRef("eSocialNews", "eSocialNews", "online", "esocialnews"))
LONG = "Russian forces left the Kyiv region " + "after weeks of fighting " * 6 + "last month."
ENTRIES = (
    Entry(id=E1, article="003_x", value="2022-04-06", precision="day", text="Pentagon: Russia has fully withdrawn",
          kind="publication"),
    Entry(id=E2, article="003_x", value="2022-03", precision="month", end_value="2022-04",
          text=LONG, sentence_span=(100, 100 + len(LONG)),  # offsets into the article body, as carried
          mention=Mention(100 + LONG.index("last month"), 110 + LONG.index("last month"), "last month",
                          "2022-03", "month", "r", "")),
    Entry(id="e0000000003", article="other", value="2022", precision="year", text="Elsewhere."),
)
GATHERED = Gathered(articles=(ARTICLE,), entries=ENTRIES)

EXPECTED = """\
# sitegen override stub for 003_x
# Pentagon: Russia has fully withdrawn from Kyiv
# To correct an entry, uncomment its line, edit the value and say why in note:
# keys: date, precision, end, headline, summary, hide, places, claim, note, on (docs/overrides.md).
#
# Publication facts (edit under articles: in any overrides file; now 2022-04-06, override):
# articles:
#   003_x:
#     published: 2022-04-06
#     outlet: eSocialNews
#     note: ""  # needed when a value changes what the text says
#     on: 2024-06-01
entries:
  # e0000000001: 6 April 2022, day
  #   Pentagon: Russia has fully withdrawn
  # e0000000001: {date: 2022-04-06, note: "", on: 2024-06-01}
  # e0000000002: March 2022 – April 2022, month ('last month')
  #   …after weeks of fighting after weeks of fighting after weeks of fighting last month.
  # e0000000002: {date: 2022-03, end: 2022-04, note: "", on: 2024-06-01}
"""


def test_the_stub_lists_the_articles_entries_one_line_each() -> None:
    text = make_stub(GATHERED, "003_x", TODAY)
    assert text == EXPECTED
    assert stub_ids(text) == [E1, E2]
    assert load_yaml_text(text, "stub").mapping(["entries"])["entries"].value is None  # valid YAML as it is


def test_one_uncommented_line_is_a_complete_correction(tmp_path: Path) -> None:
    text = make_stub(GATHERED, "003_x", TODAY).replace(
        '  # e0000000002: {date: 2022-03, end: 2022-04, note: "", on: 2024-06-01}',
        '  e0000000002: {date: 2022-04, end: 2022-04, note: checked, on: 2024-06-01}')
    rules = merge_files([load_yaml_text(text, "a.yaml")])
    assert (rules.entries[E2].date, rules.entries[E2].note, rules.entries[E2].on) == ("2022-04", "checked", TODAY)


def test_an_uncommented_line_without_a_note_is_refused() -> None:
    text = make_stub(GATHERED, "003_x", TODAY).replace(
        '  # e0000000002: {date: 2022-03, end: 2022-04, note: "", on: 2024-06-01}',
        '  e0000000002: {date: 2022-04, end: 2022-04, note: "", on: 2024-06-01}')
    with pytest.raises(ConfigError) as err:
        merge_files([load_yaml_text(text, "a.yaml")])
    assert str(err.value).endswith(": entries.e0000000002.note: expected text, got empty text")


def test_the_day_of_a_correction_is_today_or_the_reproducible_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717200000")  # 2024-06-01 00:00 UTC
    assert correction_day() == TODAY
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert correction_day() == date.today()


def test_entries_already_corrected_are_marked_not_offered_again() -> None:
    rules = merge_files([load_yaml_text(f"entries:\n  {E2}:\n    hide: true\n    note: n\n",
                                        "content/overrides/a.yaml")])
    text = make_stub(Gathered(rules, (ARTICLE,), ENTRIES), "003_x", TODAY)
    assert "  #   already corrected at content/overrides/a.yaml:2\n" in text
    assert f"  # {E2}: {{" not in text


def test_an_unknown_article_lists_the_nearest_ids() -> None:
    with pytest.raises(SitegenError) as err:
        make_stub(GATHERED, "003_y", TODAY)
    assert str(err.value) == "no article has the id '003_y'; did you mean 003_x?"
    with pytest.raises(SitegenError) as err:
        make_stub(GATHERED, "003", TODAY)
    assert str(err.value) == "no article has the id '003'; did you mean 003_x?"
    with pytest.raises(SitegenError) as err:
        make_stub(Gathered(), "003", TODAY)
    assert str(err.value) == "no article has the id '003'; the site has no articles"


def test_write_creates_the_file_when_missing(tmp_path: Path) -> None:
    path = append_stub(tmp_path / "content", "003_x", EXPECTED)
    assert path == tmp_path / "content/overrides/003_x.yaml"
    assert path.read_text("utf-8") == EXPECTED
    assert load_overrides(tmp_path / "content") == merge_files([load_yaml_text(EXPECTED, str(path))])


@pytest.mark.parametrize(
    ("existing", "commented"),
    [
        ("articles:\n  003_x:\n    outlet: X\n", False),
        ("# my notes, no newline at the end", False),
        ("", False),
        (f"entries:\n  {E1}:\n    hide: true  # keep\n    note: n\n", True),
        (f"\ufeffentries:\n  {E1}:\n    note: |\n      a block\n      of text\n", True),
    ],
)
def test_appending_never_changes_an_existing_byte(tmp_path: Path, existing: str, commented: bool) -> None:
    path = tmp_path / "content/overrides/003_x.yaml"
    path.parent.mkdir(parents=True)
    path.write_bytes(existing.encode("utf-8"))
    before = path.read_bytes()
    append_stub(tmp_path / "content", "003_x", EXPECTED)
    after = path.read_bytes()
    assert after.startswith(before)
    added = after[len(before):].decode("utf-8")
    lines = [line for line in added.splitlines() if line.strip()]
    assert all(line.lstrip().startswith("#") for line in lines) is commented
    assert ("entries:" in lines) is not commented
    load_overrides(tmp_path / "content")  # still valid, with no duplicate key


def test_a_second_stub_for_the_same_article_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    append_stub(Path("content"), "003_x", EXPECTED)
    before = (tmp_path / "content/overrides/003_x.yaml").read_bytes()
    with pytest.raises(ConfigError) as err:
        append_stub(Path("content"), "003_x", EXPECTED)
    assert str(err.value) == ("content/overrides/003_x.yaml: already holds a stub for 003_x (line 1); edit that "
                              "one, or delete it first to get a fresh one")
    assert (tmp_path / "content/overrides/003_x.yaml").read_bytes() == before


def test_a_broken_file_is_reported_and_left_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "content/overrides/003_x.yaml"
    path.parent.mkdir(parents=True)
    path.write_text("entries:\n  a: 1\n  a: 2\n", "utf-8")
    with pytest.raises(ConfigError) as err:
        append_stub(Path("content"), "003_x", EXPECTED)
    assert str(err.value) == ("content/overrides/003_x.yaml:3: entries.a: duplicate key (first on line 2); YAML "
                              "keeps only one of them, so merge the two")
    assert path.read_text("utf-8") == "entries:\n  a: 1\n  a: 2\n"


def test_an_unsafe_file_name_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SitegenError) as err:
        append_stub(tmp_path, "../evil", EXPECTED)
    assert str(err.value) == "cannot name a file after the article id '../evil'"

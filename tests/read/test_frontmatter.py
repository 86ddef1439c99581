"""Markdown front matter: facts with their lines, strict keys, and who wins (overrides > front matter > text)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sitegen.article import process_article
from sitegen.errors import SitegenError
from sitegen.knowledge import load_knowledge
from sitegen.models import Fact, SourceFile
from sitegen.overrides.schema import merge_files
from sitegen.read.frontmatter import split_front_matter
from sitegen.yamlload import load_yaml_text

BODY = ("Grid holds after night of strikes\n\nUkraine's grid operator said on Wednesday that the network held after "
        "a night of drone strikes on substations in three regions.\n")
STAMPED = "Grid holds after night of strikes\nMay 16, 2024\n\n" + BODY.split("\n", 2)[2]


def test_facts_and_line_numbers_are_kept() -> None:
    text = ("---\ntitle: Grid holds\ndate: 2024-05-15\noutlet: Reuters\nurl: https://www.reuters.com/x\n"
            "via: Associated Press\n---\n" + BODY)
    body, facts = split_front_matter(text, "seeds/a.md")
    assert body.split("\n")[7:] == BODY.split("\n")  # the article's lines keep their numbers
    assert body.split("\n")[:7] == [""] * 7
    assert facts is not None
    assert (facts.title, facts.outlet, facts.url, facts.via) == (
        Fact("Grid holds", "front matter line 2"), Fact("Reuters", "front matter line 4"),
        Fact("https://www.reuters.com/x", "front matter line 5"), Fact("Associated Press", "front matter line 6"))
    assert (facts.published, facts.published_evidence, facts.published_origin) == (
        date(2024, 5, 15), "front matter line 3 (date:)", "front-matter")


@pytest.mark.parametrize(
    ("head", "when"),
    [
        ("published: 2024-05-15", date(2024, 5, 15)),
        ("date: 2024-05-15T23:10:00+03:00", date(2024, 5, 15)),  # a static-site generator's date and time
        ("date: '2024-05-15'", date(2024, 5, 15)),
        ("title: Only a title", None),
    ],
)
def test_date_forms(head: str, when: date | None) -> None:
    _, facts = split_front_matter(f"---\n{head}\n---\n{BODY}", "a.md")
    assert facts is not None and facts.published == when


@pytest.mark.parametrize(
    "text",
    [
        BODY,  # no front matter
        "---\ntitle: never closed\n" + BODY,  # an opening rule without a closing one: a Markdown rule, not YAML
        "Intro\n---\ntitle: x\n---\n" + BODY,  # not at the top
    ],
)
def test_text_without_front_matter_is_unchanged(text: str) -> None:
    assert split_front_matter(text, "a.md") == (text, None)


@pytest.mark.parametrize(
    ("head", "message"),
    [
        ("publishd: 2024-05-15", "a.md:2: publishd: unknown front matter key 'publishd'; did you mean published?"),
        ("date: 2024-05-15\npublished: 2024-05-15",
         "a.md:3: published: give the publication date once, as date: or published:, not both"),
        ("date: May 15", "a.md:2: date: expected a date as YYYY-MM-DD, got text 'May 15'"),
        ("date: 2024-02-30", "a.md:2: date: impossible date 2024-02-30: day is out of range for month"),
        ("url: javascript:alert(1)", "a.md:2: url: expected an http:// or https:// URL, got 'javascript:alert(1)'"),
        ("- a list", "a.md:2: front matter must be 'key: value' lines (title, date, outlet, url, via)"),
    ],
)
def test_bad_front_matter_fails_naming_file_line_and_key(head: str, message: str) -> None:
    with pytest.raises(SitegenError) as err:
        split_front_matter(f"---\n{head}\n---\n{BODY}", "a.md")
    assert err.value.render() == message


def _article(text: str, overrides: str = "") -> tuple[str, str | None, str, str]:
    body, facts = split_front_matter(text, "seeds/a.md")
    source = SourceFile(id="a", path=Path("seeds/a.md"), text=body, kind="markdown", **(
        {"stated": facts} if facts else {}))
    rules = merge_files([load_yaml_text(overrides, "content/overrides/x.yaml")]) if overrides else None
    result = process_article(source, rules.articles.get("a") if rules else None, load_knowledge(Path("/nonexistent")))
    a = result.article
    return (a.published.isoformat() if a.published else "", a.outlet.name if a.outlet else None, a.title,
            a.published_source)


@pytest.mark.parametrize(
    ("text", "overrides", "expected"),
    [
        # the text's own stamp when nothing else is said
        (STAMPED, "", ("2024-05-16", None, "Grid holds after night of strikes", "text")),
        # front matter beats the stamp and the detected title
        ("---\ndate: 2024-05-15\ntitle: Grid holds\noutlet: Reuters\n---\n" + STAMPED, "",
         ("2024-05-15", "Reuters", "Grid holds", "front-matter")),
        # the overrides beat front matter
        ("---\ndate: 2024-05-15\ntitle: Grid holds\noutlet: Reuters\n---\n" + STAMPED,
         ("articles:\n  a:\n    published: 2024-05-14\n    outlet: BBC\n    title: Editors' title\n"
          "    note: the agency's own headline and day\n"),
         ("2024-05-14", "BBC", "Editors' title", "override")),
        # a URL in front matter dates an article whose text states nothing
        ("---\nurl: https://www.reuters.com/world/grid-holds-2024-05-15/\n---\n" + BODY, "",
         ("2024-05-15", "Reuters", "Grid holds after night of strikes", "url")),
    ],
)
def test_who_wins(text: str, overrides: str, expected: tuple[str, str | None, str, str]) -> None:
    assert _article(text, overrides) == expected

"""content/site.yaml and content/pages/*.md: the seed site's settings, every mistake's exact message."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from sitegen.config import PHASE_KEYS, SITE_KEYS, SPAN_KEYS, load_site
from sitegen.errors import ConfigError
from sitegen.models import Page, Phase

ROOT = Path(__file__).resolve().parent.parent
GOOD = "title: T\ndescription: D\nlanguage: en\nspan:\n  from: 2022-04-01\n  to: 2024-08-31\n"


def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str | None,
         pages: dict[str, str] | None = None) -> object:
    content = tmp_path / "content"
    content.mkdir()
    if text is not None:
        (content / "site.yaml").write_text(text, "utf-8")
    for name, body in (pages or {}).items():
        (content / "pages").mkdir(exist_ok=True)
        (content / "pages" / name).write_text(body, "utf-8")
    monkeypatch.chdir(tmp_path)
    return load_site(Path("content"))


def test_the_seed_site_loads() -> None:
    config = load_site(ROOT / "content")
    assert (config.title, config.language, config.span_start, config.span_end, config.base_url) == (
        "Russia–Ukraine war: a sourced chronology", "en", date(2022, 4, 1), date(2024, 8, 31), None)
    assert config.phases[2] == Phase("Kursk incursion", date(2024, 8, 6), date(2024, 8, 31), "kursk-incursion")
    assert config.description.startswith("From the Russian withdrawal from Kyiv in April 2022 to the Kursk")


@pytest.mark.parametrize(("extra", "expected"), [("", 100), ("feed_entries: 20\n", 20), ("feed_entries: 1\n", 1)])
def test_feed_entries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: str, expected: int) -> None:
    assert site(tmp_path, monkeypatch, GOOD + extra).feed_entries == expected  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("extra", "base_url", "author"),
    [
        ("base_url: https://example.org/chronology\n", "https://example.org/chronology/", ""),
        ("base_url: http://example.org/\nauthor: The desk\n", "http://example.org/", "The desk"),
        ("base_url:\n", None, ""),
    ],
)
def test_optional_keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: str, base_url: str | None,
                       author: str) -> None:
    config = site(tmp_path, monkeypatch, GOOD + extra)
    assert (config.base_url, config.author, config.source_path) == (  # type: ignore[attr-defined]
        base_url, author, "content/site.yaml")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (None, ("content/site.yaml: file not found; create it with at least: title: ..., description: ..., "
               "language: en, span: {from: YYYY-MM-DD, to: YYYY-MM-DD} (see docs/overrides.md)")),
        (GOOD + "titel: X\n", "content/site.yaml:7: titel: unknown key; did you mean title?"),
        (GOOD.replace("language: en\n", ""), "content/site.yaml:1: missing key 'language'"),
        (GOOD + "base_url: ftp://example.org/\n",
         "content/site.yaml:7: base_url: expected an http:// or https:// URL, got 'ftp://example.org/'"),
        (GOOD.replace("en", "English"),
         "content/site.yaml:3: language: expected a language code such as en or pt-BR, got 'English'"),
        (GOOD.replace("2024-08-31", "2024-02-30"),
         "content/site.yaml:6: span.to: impossible date 2024-02-30: day is out of range for month"),
        (GOOD.replace("2024-08-31", "2021-01-01"),
         "content/site.yaml:6: span.to: ends (2021-01-01) before it starts (2022-04-01)"),
        (GOOD + "phases:\n  - name: A\n    from: 2022-05-01\n",
         "content/site.yaml:8: phases[0]: missing key 'to'"),
        (GOOD + "phases:\n  - {name: A, from: 2022-05-01, to: 2022-04-01}\n",
         "content/site.yaml:8: phases[0].to: ends (2022-04-01) before it starts (2022-05-01)"),
        (GOOD + "phases:\n  - {name: Kursk, from: 2022-05-01, to: 2022-06-01}\n"
                "  - {name: KURSK, from: 2022-05-01, to: 2022-06-01}\n",
         "content/site.yaml:9: phases[1].name: a second phase named 'KURSK' (the first is on line 8)"),
        (GOOD + "feed_entries: 0\n",
         ("content/site.yaml:7: feed_entries: expected a whole number of entries, at least 1 (the default is 100), "
          "got the number 0")),
        (GOOD + "feed_entries: all\n",
         ("content/site.yaml:7: feed_entries: expected a whole number of entries, at least 1 (the default is 100), "
          "got text 'all'")),
        (GOOD + "feed_entries: 2.5\n",
         ("content/site.yaml:7: feed_entries: expected a whole number of entries, at least 1 (the default is 100), "
          "got the number 2.5")),
        (GOOD + "author: 7\n",
         "content/site.yaml:7: author: expected text, got the number 7; put it in quotes if it is meant as text"),
    ],
)
def test_site_mistakes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str | None, message: str) -> None:
    with pytest.raises(ConfigError) as err:
        site(tmp_path, monkeypatch, text)
    assert str(err.value) == message


def test_pages_take_their_slug_from_the_file_and_title_from_the_heading(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = site(tmp_path, monkeypatch, GOOD, {
        "about.md": "# About this site\n\nWe collect **articles**.\n",
        "method.md": "---\ntitle: How we date things\n---\n# Not the title\n\nText.\n",
        "notes.txt": "ignored",
    })
    assert config.pages == (  # type: ignore[attr-defined]
        Page("about", "About this site", "We collect **articles**.\n", "content/pages/about.md"),
        Page("method", "How we date things", "# Not the title\n\nText.\n", "content/pages/method.md"),
    )


@pytest.mark.parametrize(
    ("name", "body", "message"),
    [
        ("About Us.md", "# A\n", ("content/pages/About Us.md: a page's file name becomes its address; rename it "
                                 "to lower-case letters, digits and hyphens, e.g. about-us.md")),
        ("a.md", "Just text.\n```\n# code\n```\n", ("content/pages/a.md: the page has no title; start it with a "
                                                  "'# Title' line or front matter (---, title: ..., ---)")),
        ("a.md", "---\ntitel: X\n---\n# A\n", "content/pages/a.md:2: titel: unknown key; did you mean title?"),
        ("a.md", "---\ntitle: [X]\n---\n", ("content/pages/a.md:2: title: expected text, got a list; put it in "
                                            "quotes if it is meant as text")),
    ],
)
def test_page_mistakes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, body: str,
                       message: str) -> None:
    with pytest.raises(ConfigError) as err:
        site(tmp_path, monkeypatch, GOOD, {name: body})
    assert str(err.value) == message


def test_the_json_schema_knows_every_key_and_accepts_the_seed_site() -> None:
    import jsonschema
    import yaml

    schema = json.loads((ROOT / "sitegen/data/site.schema.json").read_text("utf-8"))
    assert sorted(schema["properties"]) == sorted(SITE_KEYS)
    assert sorted(schema["properties"]["span"]["properties"]) == sorted(SPAN_KEYS)
    assert sorted(schema["properties"]["phases"]["items"]["properties"]) == sorted(PHASE_KEYS)
    data = json.loads(json.dumps(yaml.safe_load((ROOT / "content/site.yaml").read_text("utf-8")), default=str))
    jsonschema.validate(data, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**data, "titel": "x"}, schema)

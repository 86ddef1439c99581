"""Hostile input: every file under tests/fixtures/hostile/ with the exact message it must give.

yaml/       raw YAML through the strict loader (alias bombs, tags, duplicates, ...)
site/       content/site.yaml variants through `config.load_site`
overrides/  content/overrides/*.yaml variants through `overrides.load_overrides`
seeds/      articles and overrides carrying markup, script and template syntax, built end to end:
            whatever they say must reach the page as text, never as markup or code.
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from sitegen.cli import main
from sitegen.errors import ConfigError
from sitegen.yamlload import load_yaml

if TYPE_CHECKING:
    from tests.conftest import SiteBuilder

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile"

# ------------------------------------------------------------------------ YAML

YAML_CASES: dict[str, str] = {
    "alias_bomb.yaml": "7: too many values (more than 200000, counting each use of an alias); is this an alias bomb?",
    "alias_cycle.yaml": "1: an alias refers to the value that contains it",
    "colon_in_value.yaml": "1:16: a ': ' where a value was expected; put text containing ': ' in quotes",
    "custom_tag.yaml": "1: title: the tag !include is not allowed; only text, numbers, true/false, dates, lists "
                       "and mappings are",
    "deep_nesting.yaml": "1:70: nested too deeply (the limit is 64 levels)",
    "duplicate_key.yaml": "4: articles.a.outlet: duplicate key (first on line 3); YAML keeps only one of them, "
                          "so merge the two",
    "empty_key.yaml": "1: a key is empty",
    "impossible_date.yaml": "1: published: impossible date 2024-02-30: day is out of range for month",
    "mapping_as_key.yaml": "1: a key must be plain text, not a list, a mapping or a tagged value",
    "merge_not_mapping.yaml": "3: item: '<<' must name a mapping (<<: *anchor)",
    "not_utf8.yaml": "1: not UTF-8 text (byte 0xe9); save the file as UTF-8",
    "python_tag.yaml": "1: title: the tag !!python/object/apply:os.system is not allowed; only text, numbers, "
                       "true/false, dates, lists and mappings are",
    "set_tag.yaml": "1: tags: the tag !!set is not allowed; only text, numbers, true/false, dates, lists and "
                    "mappings are",
    "tab_indent.yaml": "2:1: a tab character; indent with spaces, not tabs",
    "two_documents.yaml": "2:1: more than one YAML document ('---') in one file; keep one document per file",
    "unclosed_quote.yaml": "3:1: the file ends inside a quoted or bracketed value; close it",
    "undefined_alias.yaml": "1:9: an alias (*name) that no anchor (&name) defines",
}
YAML_BUGS: dict[str, str] = {}  # fixture -> the exact bug, while the loader's owner fixes it


def test_every_hostile_yaml_fixture_has_an_expected_message() -> None:
    assert sorted(p.name for p in (HOSTILE / "yaml").iterdir()) == sorted(YAML_CASES)


@pytest.mark.parametrize(
    "name",
    [pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=YAML_BUGS[n])) if n in YAML_BUGS else n
     for n in sorted(YAML_CASES)],
)
def test_hostile_yaml_is_refused_with_file_line_and_fix(name: str) -> None:
    path = HOSTILE / "yaml" / name
    with pytest.raises(ConfigError) as err:
        load_yaml(path)
    assert str(err.value) == f"{path}:{YAML_CASES[name]}"


def test_a_python_tag_never_runs(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.yaml"
    path.write_text(f'title: !!python/object/apply:os.system ["touch {marker}"]\n', "utf-8")
    with pytest.raises(ConfigError):
        load_yaml(path)
    assert not marker.exists()


def test_an_oversized_yaml_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"a: " + b"x" * (2 * 1024 * 1024) + b"\n")
    with pytest.raises(ConfigError) as err:
        load_yaml(path)
    assert str(err.value) == (f"{path}: file is too large (2097156 bytes; the limit is 2097152); "
                              "split it into several files")


def test_a_utf8_byte_order_mark_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufefftitle: Київ\n".encode())
    assert load_yaml(path).mapping(["title"])["title"].as_str() == "Київ"


# ------------------------------------------------------------------ site.yaml

SITE_CASES: dict[str, str] = {
    "span_edges.yaml": "5: span.from: the date 0001-01-01 is outside the supported range 1800-01-01 to 2099-12-31",
    "base_url_data.yaml": "7: base_url: expected an http:// or https:// URL, "
                          "got 'data:text/html,<script>alert(1)</script>'",
    "base_url_javascript.yaml": "7: base_url: expected an http:// or https:// URL, got 'javascript:alert(1)//'",
    "empty.yaml": " the file is empty; create it with at least: title: ..., description: ..., language: en, "
                  "span: {from: YYYY-MM-DD, to: YYYY-MM-DD} (see docs/overrides.md)",
    "language_injection.yaml": "3: language: expected a language code such as en or pt-BR, "
                               "got 'en\" onload=\"alert(1)'",
    "phase_duplicate.yaml": "11: phases[1].name: a second phase named 'KURSK' (the first is on line 8)",
    "phases_not_list.yaml": "7: phases: expected a list, got a mapping (key: value lines)",
    "span_datetime.yaml": "5: span.from: expected a date as YYYY-MM-DD, got a date and time (2022-04-01 10:00:00)",
    "span_impossible_date.yaml": "6: span.to: impossible date 2024-02-30: day is out of range for month",
    "span_missing_to.yaml": "5: span: missing key 'to'",
    "span_reversed.yaml": "6: span.to: ends (2022-04-01) before it starts (2024-08-31)",
    "title_number.yaml": "1: title: expected text, got the number 2024; put it in quotes if it is meant as text",
    "typo_key.yaml": "1: titel: unknown key; did you mean title?",
}


def test_every_hostile_site_fixture_has_an_expected_message() -> None:
    assert sorted(p.name for p in (HOSTILE / "site").iterdir()) == sorted(SITE_CASES)


@pytest.mark.parametrize("name", sorted(SITE_CASES))
def test_hostile_site_yaml_is_refused(tmp_path: Path, name: str) -> None:
    from sitegen.config import load_site

    shutil.copy(HOSTILE / "site" / name, tmp_path / "site.yaml")
    with pytest.raises(ConfigError) as err:
        load_site(tmp_path)
    assert str(err.value) == f"{tmp_path / 'site.yaml'}:{SITE_CASES[name]}"


# ------------------------------------------------------------------ overrides

OVERRIDE_CASES: dict[str, str] = {
    "add_date_far_future.yaml": "2: add[0].date: the date 2150-05 is outside the supported range 1800-01-01 to "
                                "2099-12-31",
    "published_far_future.yaml": "3: articles.a1.published: the date 9999-12-31 is outside the supported range "
                                 "1800-01-01 to 2099-12-31",
    "published_year_one.yaml": "3: articles.a1.published: the date 0001-01-01 is outside the supported range "
                               "1800-01-01 to 2099-12-31",
    "add_date_garbage.yaml": "2: add[0].date: expected a date such as 2024-05-15, 2024-05, 2024-W19, 2022-FA or "
                             "2024, got '{{ 7*191 }}'",
    "article_id_traversal.yaml": "2: articles.../../etc/passwd: not an article id (the seed file's name without "
                                 ".txt)",
    "article_typo.yaml": "3: articles.a1.outlte: unknown key; did you mean outlet?",
    "cite_http.yaml": "4: add[0].cite: expected an https:// URL, got 'http://example.org/plain'",
    "cite_javascript.yaml": "4: add[0].cite: expected an https:// URL, got 'javascript:alert(1)'",
    "entry_bad_id.yaml": "2: entries.../../etc/passwd: not an entry id (an 'e' and 10 hex digits; "
                         "`sitegen override ARTICLE_ID` lists an article's entries)",
    "headline_too_long.yaml": "3: entries.e0123456789.headline: a headline is one line of at most 200 "
                              "characters; this one has 214 (use summary for more)",
    "published_impossible.yaml": "3: articles.a1.published: impossible date 2024-13-45: month must be in 1..12",
    "top_typo.yaml": "1: article: unknown key; did you mean articles?",
    "url_data.yaml": "3: articles.a1.url: expected an http:// or https:// URL, "
                     "got 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='",
    "url_javascript.yaml": "3: articles.a1.url: expected an http:// or https:// URL, "
                           "got 'javascript:alert(document.cookie)'",
    "url_javascript_mixed_case.yaml": "3: articles.a1.url: expected an http:// or https:// URL, "
                                      "got ' JavaScript:alert(1)'",
    "url_protocol_relative.yaml": "3: articles.a1.url: expected an http:// or https:// URL, got '//evil.example/x'",
    "url_with_quote.yaml": "3: articles.a1.url: expected an http:// or https:// URL, "
                           "got 'https://example.org/\" onmouseover=\"alert(1)'",
}


def test_every_hostile_override_fixture_has_an_expected_message() -> None:
    assert sorted(p.name for p in (HOSTILE / "overrides").iterdir()) == sorted(OVERRIDE_CASES)


@pytest.mark.parametrize("name", sorted(OVERRIDE_CASES))
def test_hostile_overrides_are_refused(tmp_path: Path, name: str) -> None:
    from sitegen.overrides.schema import load_overrides

    (tmp_path / "overrides").mkdir()
    target = tmp_path / "overrides" / name
    shutil.copy(HOSTILE / "overrides" / name, target)
    with pytest.raises(ConfigError) as err:
        load_overrides(tmp_path)
    assert str(err.value) == f"{target}:{OVERRIDE_CASES[name]}"


# ------------------------------------------------------------- the CLI refuses


@pytest.mark.parametrize(
    ("output", "message"),
    [
        ("/", ("error: /: refusing to write the site into the root folder; pick an empty or new folder such as "
              "public/\n")),
        (".", ("error: .: refusing to write the site into the current folder, which would be replaced whole; "
              "pick an empty or new folder such as public/\n")),
        ("content", ("error: refusing to build: --output content is --content content, and a build replaces its "
                    "output folder; pick an output folder outside your inputs, such as public/\n")),
    ],
)
def test_build_refuses_outputs_it_must_not_wipe(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], output: str, message: str
) -> None:
    site = _injection_site(tmp_path)
    monkeypatch.chdir(site)
    before = _files(site)
    assert main(["build", "--templates", str(ROOT / "templates"), "--output", output]) == 1
    assert capsys.readouterr().err == message
    assert _files(site) == before


# ------------------------------------------------------------------ injection

PAYLOAD_TEXTS = [  # what the hostile site says, which a reader must see as text
    "<script>alert(\"xss-body\")</script>",
    "<script>alert('xss-site-title')</script> {{ 'pwn' ~ 'ed' }}",
    "{% for x in range(3) %}LOOP{% endfor %}",
    "<img src=x onerror=alert(\"xss-img\")>",
    "<script>alert('xss-page-title')</script> {{ 'pwn' ~ 'ed' }}",
    "<script>alert('xss-override-title')</script> {{ 'pwn' ~ 'ed' }}",
    "<b onmouseover=alert('xss-outlet')>Evil</b> News",
    "<iframe src=https://evil.example></iframe> headline",
    "An added entry <script>alert('xss-added')</script> {{ 'pwn' ~ 'ed' }}",
    "<svg onload=alert('xss-phase')> {{ 'pwn' ~ 'ed' }}",
    "<script>alert('xss-note')</script> {{ 'pwn' ~ 'ed' }} the headline & the outlet",  # a correction's note
]
NEVER = ["pwned", "LOOPLOOP", "SitegenError", "jinja2", "__mro__ }}'", "<class "]


def _injection_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(HOSTILE / "injection", site)
    # A file name that is markup itself (made here: not every file system in a checkout allows it).
    (site / "seeds" / "<img src=x onerror=alert('xss-name')>.txt").write_text(
        "Shelling <b>resumed</b> on 12 May 2024 near Kharkiv, officials said.\n", "utf-8")
    return site


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _text_of(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return " ".join(" ".join(parser.parts).split())


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory, build_site_once: SiteBuilder) -> Path:
    site = _injection_site(tmp_path_factory.mktemp("hostile"))
    return build_site_once(site / "seeds", site / "content")


def _pages(out: Path, suffix: str) -> list[Path]:
    return sorted(p for p in out.rglob(f"*{suffix}") if p.is_file())


def test_nothing_hostile_is_evaluated_anywhere(hostile_build: Path) -> None:
    for path in sorted(p for p in hostile_build.rglob("*") if p.is_file()):
        data = path.read_bytes().decode("utf-8", "replace")
        for never in NEVER:
            assert never not in data, f"{path.relative_to(hostile_build)} holds {never!r}"


def test_no_html_page_can_run_article_or_override_code(hostile_build: Path) -> None:
    from test_fuzz import unsafe_bits

    pages = _pages(hostile_build, ".html")
    assert pages
    own_scripts = {p.relative_to(hostile_build).as_posix() for p in _pages(hostile_build, ".js")}
    for page in pages:
        depth = len(page.relative_to(hostile_build).parts) - 1
        allowed = {"../" * depth + js for js in own_scripts} | {"/" + js for js in own_scripts}
        found = unsafe_bits(page.read_text("utf-8"), allowed_scripts=allowed)
        assert found == [], f"{page.relative_to(hostile_build)}: {found}"


def test_hostile_words_reach_the_reader_as_text(hostile_build: Path) -> None:
    shown = " ".join(_text_of(p.read_text("utf-8")) for p in _pages(hostile_build, ".html"))
    for text in PAYLOAD_TEXTS:
        assert text in shown


def test_feeds_carry_no_runnable_html(hostile_build: Path) -> None:
    import xml.etree.ElementTree as ET

    from test_fuzz import unsafe_bits

    feeds = _pages(hostile_build, ".xml") + _pages(hostile_build, ".atom")
    assert feeds
    for feed in feeds:
        for element in ET.parse(feed).iter():
            if element.get("type") in ("html", "xhtml") and element.text:
                assert unsafe_bits(element.text) == [], f"{feed.name}: {element.tag}"
            for attr in ("href", "src"):
                value = element.get(attr, "")
                assert not re.match(r"\s*(javascript|data|vbscript):", value, re.IGNORECASE), value


def test_timeline_json_keeps_the_words_as_data(hostile_build: Path) -> None:
    import json

    data = json.loads((hostile_build / "timeline.json").read_text("utf-8"))
    texts = " ".join(e["text"] for e in data["entries"])
    assert "<script>alert(\"xss-body\")</script>" in texts
    titles = [a["title"] for a in data["articles"]]
    assert "<script>alert('xss-override-title')</script> {{ 'pwn' ~ 'ed' }}" in titles

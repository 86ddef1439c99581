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
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sitegen.cli import main
from sitegen.errors import ConfigError, SitegenError
from sitegen.yamlload import load_yaml

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
YAML_BUGS = {
    "merge_not_mapping.yaml": "yamlload: a bad '<<' merge is reported at the anchor's line (1), "
                              "not at the '<<' line (3) where the mistake is",
}


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

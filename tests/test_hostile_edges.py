"""Hostile input at the edges: line separators, far dates, every CLI command over every hostile fixture.

tests/fixtures/hostile_edges/ is a small site whose articles carry U+2028, U+2029, U+0085,
vertical tabs and form feeds, and dates outside the supported years (1800-2099).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from sitegen import temporal
from sitegen.cli import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
EDGES = FIXTURES / "hostile_edges"
BREAKS = ("\u2028", "\u2029", "\u0085", "\x0b", "\x0c")


def build_edges(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    site = tmp_path / "site"
    shutil.copytree(EDGES, site)
    out = tmp_path / "public"
    assert main(["build", "-q", "--seeds", str(site / "seeds"), "--content", str(site / "content"),
                 "--templates", str(ROOT / "templates"), "--output", str(out)]) == 0, capsys.readouterr().err
    return out


# ------------------------------------------------------------ line separators


def test_no_line_separator_reaches_any_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = build_edges(tmp_path, capsys)
    texts = {p.relative_to(out).as_posix(): p.read_text("utf-8") for p in out.rglob("*")
             if p.is_file() and p.suffix in (".html", ".json", ".csv", ".ics", ".xml", ".txt")}
    assert {"timeline.json", "timeline.csv", "timeline.ics", "index.html"} <= set(texts)
    found = {(name, f"U+{ord(c):04X}") for name, text in texts.items() for c in BREAKS if c in text}
    assert found == set()
    entries = json.loads(texts["timeline.json"])["entries"]
    assert any("Delegations met on 12 May 2024 in Odesa and agreed to meet again" in e["text"] for e in entries)
    rows = list(csv.reader(io.StringIO(texts["timeline.csv"], newline="")))
    assert len(rows) == 1 + len(entries)  # the csv module sees one row per entry
    icalendar = pytest.importorskip("icalendar")  # the real client, where installed (not a dependency)
    calendar = icalendar.Calendar.from_ical(texts["timeline.ics"])
    events = [c for c in calendar.walk("VEVENT")]
    assert events and all("\u2028" not in str(e.get("SUMMARY", "")) for e in events)


# ------------------------------------------------------------------ far dates


@pytest.mark.parametrize(("text", "found"), [
    ("The truce holds until 1 January 2101.", []),
    ("A charter signed on 5 May 1750 hangs there.", []),
    ("Talks were held in May, 2150.", []),
    ("It runs from 1 to 3 May 2101.", []),
    ("Talks were held on 12 May 2024.", [("12 May 2024", "2024-05-12")]),
    ("Talks were held on 12 May and ended.", [("12 May", "2024-05-12")]),
    ("On 5 May 300 soldiers left.", [("5 May", "2024-05-05")]),
])
def test_a_stated_year_is_never_replaced_by_an_inferred_one(text: str, found: list[tuple[str, str]]) -> None:
    mentions = temporal.find_dates(text, date(2024, 6, 1))
    assert [(m.text, m.value) for m in mentions] == found


def test_far_dates_in_articles_leave_no_invented_entry(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = build_edges(tmp_path, capsys)
    data = json.loads((out / "timeline.json").read_text("utf-8"))
    dated = {e["date"] for e in data["entries"]}
    assert not any(d.startswith(("2101", "1750")) for d in dated)
    assert "2024-01-01" not in dated and "2024-05-05" not in dated  # no year put in the place of 2101 or 1750


@pytest.mark.parametrize("published", ["9999-12-31", "0001-01-01", "1799-12-31", "2100-01-01"])
def test_dates_refuses_a_publication_date_out_of_range(
    published: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["dates", "--published", published, str(EDGES / "seeds" / "far-dates.txt")]) == 1
    assert capsys.readouterr().err == (f"error: --published {published} is outside the supported range "
                                       "1800-01-01 to 2099-12-31\n")


# -------------------------------------------- every command over every fixture


def _sites() -> list[tuple[str, Path, Path]]:
    """(label, seeds, content) of every hostile site: the fixtures' own and each YAML variant."""
    return [("injection", FIXTURES / "hostile" / "injection" / "seeds", FIXTURES / "hostile" / "injection" / "content"),
            ("edges", EDGES / "seeds", EDGES / "content"),
            ("hostile_seeds", FIXTURES / "hostile_seeds", EDGES / "content")]


def _variants(tmp_path: Path) -> list[tuple[str, Path, Path]]:
    sites = _sites()
    base = FIXTURES / "hostile" / "injection"
    for folder, target in (("overrides", "overrides/hostile.yaml"), ("site", "site.yaml")):
        for yaml in sorted((FIXTURES / "hostile" / folder).iterdir()):
            content = tmp_path / f"{folder}-{yaml.stem}"
            shutil.copytree(base / "content", content)
            shutil.copy(yaml, content / target)
            sites.append((f"{folder}/{yaml.name}", base / "seeds", content))
    for published in ("9999-12-31", "0001-01-01"):  # on an article the site has: the date reaches the stages
        content = tmp_path / f"edges-{published}"
        shutil.copytree(EDGES / "content", content)
        (content / "overrides" / "articles.yaml").write_text(f"articles:\n  separators:\n    published: {published}\n")
        sites.append((f"edges published {published}", EDGES / "seeds", content))
    return sites


def test_every_command_over_every_hostile_fixture_ends_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outcomes: dict[str, int] = {}
    for label, seeds, content in _variants(tmp_path):
        paths = ["--seeds", str(seeds), "--content", str(content), "--templates", str(ROOT / "templates")]
        runs = {
            "build": ["build", "-q", *paths, "--output", str(tmp_path / "out" / label.replace("/", "-"))],
            "check": ["check", *paths],
            "override": ["override", "injection", *paths],
        }
        for command, argv in runs.items():
            outcomes[f"{label} {command}"] = main(argv)  # anything but a SitegenError escapes and fails here
            err = capsys.readouterr().err
            assert "Traceback" not in err
            assert outcomes[f"{label} {command}"] == 0 or err.startswith("error: ") and err.count("\n") == 1, err
    for seed in sorted(p for s in _sites() for p in s[1].iterdir() if p.is_file()):
        for extra in ([], ["--published", "2024-05-14"], ["--format", "text"]):
            outcomes[f"dates {seed.name} {extra}"] = main(["dates", *extra, str(seed)])
            assert "Traceback" not in capsys.readouterr().err
    assert set(outcomes.values()) <= {0, 1}
    assert outcomes["edges build"] == 0
    assert outcomes["edges published 9999-12-31 build"] == outcomes["edges published 0001-01-01 check"] == 1


def test_the_cli_prints_no_traceback_for_a_far_publication_date(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(EDGES / "content", content)
    (content / "overrides" / "articles.yaml").write_text("articles:\n  separators:\n    published: 9999-12-31\n")
    result = subprocess.run(
        [sys.executable, "-m", "sitegen", "build", "--seeds", str(EDGES / "seeds"), "--content", str(content),
         "--templates", str(ROOT / "templates"), "--output", str(tmp_path / "public")],
        capture_output=True, text=True, check=False, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert (result.returncode, result.stderr) == (1, (
        f"error: {content / 'overrides' / 'articles.yaml'}:3: articles.separators.published: the date 9999-12-31 "
        "is outside the supported range 1800-01-01 to 2099-12-31\n"))

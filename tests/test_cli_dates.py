"""`sitegen dates`: JSON lines and the editors' text view, through sitegen.cli.main."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitegen.cli import main


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_dates_json_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "Troops withdrew on Wednesday. Aid was approved last month.\n")
    assert main(["dates", "--published", "2024-05-15", str(path)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["start"], r["end"], r["text"], r["value"], r["precision"]) for r in rows] == [
        (19, 28, "Wednesday", "2024-05-15", "day"),
        (47, 57, "last month", "2024-04", "month"),
    ]
    assert rows[0]["rule"] == "weekday" and rows[0]["anchor"] == "publication"


def test_dates_text_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "Troops withdrew on Wednesday. Nothing else.\n")
    assert main(["dates", "--published", "2024-05-15", "--format", "text", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Troops withdrew on [Wednesday]." in out
    assert "why: weekday \"Wednesday\" in past tense" in out


def test_dates_uses_the_stamp_when_no_date_is_given(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "24 Aug, 2024 08:41\nThe Post reported on Saturday.\n")
    assert main(["dates", str(path)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["text"], r["type"], r["value"]) for r in rows] == [("24 Aug, 2024 08:41", "TIME", "2024-08-24T08:41"),
                                                                  ("Saturday", "DATE", "2024-08-24")]


def test_dates_without_publication_resolves_absolute_and_lists_relative_as_unanchored(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "The strike on Monday followed the invasion of February 24, 2022.\nLast week was calm.\n")
    assert main(["dates", str(path)]) == 0
    out = capsys.readouterr()
    rows = [json.loads(line) for line in out.out.splitlines()]
    assert [r["value"] for r in rows] == ["2022-02-24"]  # the contract's lines: resolved expressions only
    assert out.err == ("note: 2 relative expressions left unanchored (no publication date): 'Monday', 'Last week'; "
                       "pass --published YYYY-MM-DD to resolve them\n")
    assert main(["dates", "--format", "text", str(path)]) == 0
    text = capsys.readouterr().out
    assert text.startswith("publication date: unknown (the text states none)\n1 temporal expression(s)\n")
    assert text.endswith("\nunanchored (2): relative expressions with no publication date; pass --published "
                         "YYYY-MM-DD to resolve them\n  [Monday] at 14-20 (line 1)\n  [Last week] at 65-74 (line 2)\n")


def test_dates_of_a_seed_use_the_sites_date_for_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds/story.txt").write_text("Talks\n\nDelegations met on Tuesday.\n", "utf-8")
    (tmp_path / "content/overrides").mkdir(parents=True)
    (tmp_path / "content/overrides/a.yaml").write_text("articles:\n  story:\n    published: 2024-05-15\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["dates", "seeds/story.txt"]) == 0
    out = capsys.readouterr()
    assert [json.loads(line)["value"] for line in out.out.splitlines()] == ["2024-05-14"]
    assert out.err == ""
    assert main(["dates", "--format", "text", "seeds/story.txt"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == (
        "publication date: 2024-05-15 (the site's date for the article story: from the editors' overrides "
        "(content/overrides/a.yaml:2))")
    (tmp_path / "elsewhere.txt").write_text("Talks\n\nDelegations met on Tuesday.\n", "utf-8")
    assert main(["dates", "elsewhere.txt"]) == 0  # not a seed of the site: no date, nothing guessed
    out = capsys.readouterr()
    assert (out.out, out.err.startswith("note: 1 relative expression left unanchored")) == ("", True)


def test_dates_bad_published_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "text\n")
    assert main(["dates", "--published", "15/05/2024", str(path)]) == 1
    assert capsys.readouterr().err == "error: --published must be a date as YYYY-MM-DD, not '15/05/2024'\n"


def test_dates_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.txt"
    assert main(["dates", "--published", "2024-05-15", str(missing)]) == 1
    assert capsys.readouterr().err == f"error: {missing}: no such file; check the path\n"

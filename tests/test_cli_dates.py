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


def test_dates_without_publication_skips_relative_forms(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "The strike on Monday followed the invasion of February 24, 2022.\n")
    assert main(["dates", str(path)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["value"] for r in rows] == ["2022-02-24"]


def test_dates_bad_published_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "text\n")
    assert main(["dates", "--published", "15/05/2024", str(path)]) == 1
    assert capsys.readouterr().err == "error: --published must be a date as YYYY-MM-DD, not '15/05/2024'\n"


def test_dates_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.txt"
    assert main(["dates", "--published", "2024-05-15", str(missing)]) == 1
    assert capsys.readouterr().err == f"error: {missing}: no such file; check the path\n"

"""The command line: usage, exit codes, one-line errors without tracebacks."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sitegen import __version__
from sitegen.cli import main

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sitegen", *args], check=False, capture_output=True, text=True,
                          cwd=cwd or ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out == f"sitegen {__version__}\n"


@pytest.mark.parametrize("command", ["build", "check", "dates", "override"])
def test_help_lists_each_command(command: str) -> None:
    result = run("--help")
    assert result.returncode == 0
    assert command in result.stdout


@pytest.mark.parametrize("args", [[], ["frobnicate"], ["build", "--no-such-flag"], ["dates"]])
def test_usage_errors_exit_2(args: list[str]) -> None:
    assert run(*args).returncode == 2


def test_missing_seeds_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    shutil_copy = (ROOT / "content" / "site.yaml").read_text("utf-8")
    (tmp_path / "content" / "site.yaml").write_text(shutil_copy, "utf-8")
    result = run("build", "--templates", str(ROOT / "templates"), cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error: ")
    assert result.stderr.count("\n") == 1
    assert "seeds" in result.stderr


def test_bad_published_flag_is_a_usage_message(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("Talks resumed on Tuesday.\n", "utf-8")
    result = run("dates", "--published", "2024-13-01", str(f))
    assert result.returncode == 1
    assert result.stderr == "error: --published must be a date as YYYY-MM-DD, not '2024-13-01'\n"


def test_build_then_check_on_the_seed_site(tmp_path: Path) -> None:
    out = tmp_path / "public"
    result = run("build", "--output", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"built {out}: 5 articles, ")
    check = run("check", "--format", "json")
    assert check.returncode == 0, check.stderr
    kinds = {finding["kind"] for finding in json.loads(check.stdout)}
    assert {"estimated-publication", "outside-span"} <= kinds  # The Gaze's date; the February 2022 background
    assert all(finding["acknowledged"] for finding in json.loads(check.stdout))  # each with its reason
    strict = run("check", "--strict")  # what CI runs: every finding of the stock site is acknowledged
    assert strict.returncode == 0, strict.stdout
    assert "001_7e86e347368b4871: published 2024-05-17 is an estimate" in strict.stdout
    assert strict.stdout.endswith("\n0 findings, 7 acknowledged\n")


def test_check_strict_fails_on_what_nobody_acknowledged(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    acks = (content / "check.yaml").read_text("utf-8")
    cut = acks.index("  - finding: outside-span")
    (content / "check.yaml").write_text(acks[:cut] + "  - finding: no-date\n    article: 004_93ccbc94cf436395\n"
                                        "    reason: gone\n", "utf-8")
    strict = run("check", "--strict", "--content", str(content))
    assert strict.returncode == 1
    assert strict.stdout.splitlines()[-1] == "2 findings (1 outside-span, 1 stale-acknowledgement), 6 acknowledged"
    assert (f"  {content / 'check.yaml'}:36: acknowledge[6]: no no-date finding for the article "
            "004_93ccbc94cf436395 any more; remove this acknowledgement") in strict.stdout.splitlines()
    assert run("check", "--content", str(content)).returncode == 0  # without --strict: a report, not a gate


def test_build_says_how_it_read_a_file_and_skips_a_bad_one(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "cafe.txt").write_bytes("Caf\xe9 talks resume\n\nDelegations met in March 2023.\n".encode("cp1252"))
    (seeds / "blank.txt").write_text("  \n\n", "utf-8")
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "site.yaml").write_bytes((ROOT / "tests/golden/content/site.yaml").read_bytes())
    result = run("build",
                 "--templates", str(ROOT / "templates"), "--output", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert any(line.startswith("note: seeds/cafe.txt: decoded as cp1252") for line in lines), lines
    assert any(line.startswith("warning: seeds/blank.txt: ") for line in lines), lines
    assert result.stdout.startswith(f"built {tmp_path / 'out'}: 1 articles, ")


def test_build_names_articles_without_date_or_entries_and_undated_corrections(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "dated.txt").write_text("Talks resume\n\nDelegations met on 9 March 2023.\n", "utf-8")
    (seeds / "undated.txt").write_text("Talks resume\n\nDelegations met again on Tuesday.\n", "utf-8")
    content = tmp_path / "content"
    (content / "overrides").mkdir(parents=True)
    (content / "site.yaml").write_bytes((ROOT / "tests/golden/content/site.yaml").read_bytes())
    (content / "overrides/a.yaml").write_text(
        "articles:\n  dated:\n    title: Talks resume in Istanbul\n    note: the outlet's own headline\n", "utf-8")
    result = run("build", "--templates", str(ROOT / "templates"), "--output", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [  # dated.txt has entries (an absolute date) but no date of its own
        ("warning: seeds/undated.txt: undated: no dated entry from its 1 paragraphs; run `sitegen extract "
         "seeds/undated.txt` to see its text"),
        ("note: seeds/dated.txt: dated has no publication date, so its relative dates stay unresolved; add "
        "articles.dated.published to a file in content/overrides/"),
        ("note: seeds/undated.txt: undated has no publication date, so its relative dates stay unresolved; add "
        "articles.undated.published to a file in content/overrides/"),
        ("note: content/overrides/a.yaml:2: articles.dated: a correction without on: (the day it was made); add "
        "on: YYYY-MM-DD so the corrections page and feed can date it"),
    ]


def test_a_correction_of_a_skipped_copy_names_the_article_kept(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    text = "Ceasefire talks resume\n\nDelegations met in Geneva on 3 March 2023.\n"
    (seeds / "a-wire.txt").write_text(text, "utf-8")
    (seeds / "b-repost.txt").write_text(text, "utf-8")
    overrides = tmp_path / "content" / "overrides"
    overrides.mkdir(parents=True)
    (tmp_path / "content" / "site.yaml").write_bytes((ROOT / "tests/golden/content/site.yaml").read_bytes())
    (overrides / "articles.yaml").write_text("articles:\n  b-repost:\n    outlet: Example Daily\n", "utf-8")
    result = run("build", "--templates", str(ROOT / "templates"), "--output", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        "error: content/overrides/articles.yaml:2: articles.b-repost: this article was skipped as a copy of "
        "article a-wire (the same text); put the correction on a-wire, or make the two files differ")
    assert not (tmp_path / "out").exists()


def test_the_command_leaves_with_its_exit_code_and_all_it_printed(tmp_path: Path) -> None:
    """`sitegen` leaves without tearing the interpreter down (cli.run): the code and every line still arrive."""
    site = tmp_path / "site"
    shutil.copytree(ROOT / "tests" / "golden", site, ignore=shutil.ignore_patterns("expected"))
    done = run("build", "--seeds", str(site / "seeds"), "--content", str(site / "content"),
               "--templates", str(ROOT / "templates"), "--output", str(tmp_path / "public"), "--timings")
    assert done.returncode == 0
    assert done.stdout.startswith("built ") and done.stderr.splitlines()[-1].startswith("total ")
    assert (tmp_path / "public" / "timeline.json").is_file()
    failed = run("build", "--seeds", str(tmp_path / "missing"), "--output", str(tmp_path / "other"))
    assert failed.returncode == 1 and failed.stderr.startswith("error: ")

"""Progress: a bar only on a terminal after a second and never with --quiet; stage timings; the summary."""

from __future__ import annotations

import io
import re
import shutil
import time
from pathlib import Path

import pytest

from sitegen import progress
from sitegen.build import MergeWork
from sitegen.cli import main
from sitegen.progress import Progress

ROOT = Path(__file__).resolve().parent.parent


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("stream", "quiet", "bar"), [
    (Terminal(), False, True),
    (Terminal(), True, False),
    (io.StringIO(), False, False),
])
def test_the_bar_is_drawn_only_on_a_terminal_and_not_when_quiet(stream: io.StringIO, quiet: bool, bar: bool,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "DELAY", 0.0)
    shown = Progress.for_terminal(quiet=quiet, stream=stream)
    with shown.stage("articles", total=4):
        shown.advance(4)
    shown.finish()
    assert ("articles 4/4" in stream.getvalue()) is bar
    assert (stream.getvalue() == "") is not bar


def test_a_quick_build_draws_no_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = Terminal()
    shown = Progress.for_terminal(quiet=False, stream=stream)
    with shown.stage("read"):
        pass
    assert stream.getvalue() == ""


def test_nested_stages_are_timed_apart() -> None:
    clock = Progress()
    with clock.stage("write"), clock.stage("render"):
        time.sleep(0.3)
    assert set(clock.wall) == {"write", "render"}
    assert clock.wall["render"] >= 0.3 > clock.wall["write"]
    assert [line.split()[0] for line in clock.timings()] == ["stage", "render", "write", "total"]  # as they end


def test_timings_show_the_peak_memory_each_stage_reached(monkeypatch: pytest.MonkeyPatch) -> None:
    readings = iter([180.4, 1210.6])
    monkeypatch.setattr(progress, "peak_mb", lambda: next(readings))
    clock = Progress()
    with clock.stage("read"):
        pass
    with clock.stage("merge"):
        pass
    lines = clock.timings()
    assert lines[0].split() == ["stage", "wall", "s", "CPU", "s", "share", "peak", "MB"]
    assert [line.split()[-1] for line in lines[1:]] == ["180", "1211", "1211"]


def test_the_peak_is_this_process_in_megabytes() -> None:
    assert 10 < progress.peak_mb() < 100_000


def test_build_prints_its_summary_and_timings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["build", "--seeds", str(ROOT / "seeds"), "--content", str(ROOT / "content"), "--templates",
            str(ROOT / "templates"), "--output", str(tmp_path / "public"), "--no-cache", "--jobs", "1"]
    assert main([*args, "--timings"]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[1] == "read 5 articles: 65 entries, 0 articles with no entries, 0 articles without a date"
    assert re.fullmatch(r"5 articles processed, 0 from the cache; merge: [\d,]+ pairs scored, 0 recalled; "
                        r"\d+ pages rendered, 0 unchanged; "
                        r"\d+ of \d+ files written; search index (rebuilt|unchanged)|.*search is off.*", lines[2])
    stages = [line.split()[0] for line in err.splitlines()]
    assert stages == ["stage", "read", "articles", "overrides", "merge", "site", "render", "write", "total"]
    assert main([*args, "--quiet"]) == 0
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize(("work", "words"), [
    (MergeWork(cached=True), "merge from the cache"),
    (MergeWork(scored=3_801_773), "merge: 3,801,773 pairs scored, 0 recalled"),
    (MergeWork(scored=175_251, recalled=12), "merge: 175,251 pairs scored, 12 recalled"),
])
def test_the_summary_says_how_the_merge_went(work: MergeWork, words: str) -> None:
    assert work.words() == words


def test_a_rebuild_takes_the_merge_from_the_cache_and_an_edit_scores_only_what_it_touches(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    args = ["build", "--seeds", str(ROOT / "seeds"), "--content", str(content), "--templates",
            str(ROOT / "templates"), "--output", str(tmp_path / "public"), "--jobs", "1"]
    said = []
    for edit in (False, False, True):
        if not edit and said:  # a page of the site deleted: the build runs though no input changed (sitegen.uptodate)
            (tmp_path / "public" / "index.html").unlink()
        if edit:  # one publication date a day later, as an editor would correct it
            articles = content / "overrides" / "articles.yaml"
            articles.write_text(articles.read_text(encoding="utf-8").replace("published: 2024-05-15",
                                                                            "published: 2024-05-16", 1),
                                encoding="utf-8")
        assert main(args) == 0
        said.append(capsys.readouterr().out.splitlines()[2])
    cold, again, edited = (re.search(r"; (merge[^;]*);", line) for line in said)
    assert cold is not None and re.fullmatch(r"merge: [\d,]+ pairs scored, 0 recalled", cold[1])
    assert again is not None and again[1] == "merge from the cache"
    assert edited is not None and re.fullmatch(r"merge: [\d,]+ pairs scored, [\d,]+ recalled", edited[1])
    assert int(edited[1].split()[1].replace(",", "")) < int(cold[1].split()[1].replace(",", ""))

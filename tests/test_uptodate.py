"""A build with nothing changed says so and writes nothing: the inputs' and output's stamps, and the command line."""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from sitegen import uptodate
from sitegen.build import Paths
from sitegen.cli import main
from sitegen.manifest import DEFAULT_KEEP, MARKER_NAME, manifest_text

ROOT = Path(__file__).resolve().parent.parent
LATER = 10 * 10**9  # "now", this far past the files' times: none of them is recent


def _inputs(tmp_path: Path) -> Paths:
    for folder, name, text in (("seeds", "a.txt", "Talks resumed on 3 May 2024.\n"),
                               ("content", "site.yaml", "title: T\n"),
                               ("templates", "base.html", "<html></html>\n")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / name).write_text(text, "utf-8")
    (tmp_path / "content" / "overrides").mkdir()
    (tmp_path / "content" / "overrides" / "a.yaml").write_text("articles: {}\n", "utf-8")
    return Paths(tmp_path / "seeds", tmp_path / "content", tmp_path / "public", tmp_path / "templates")


def _stamp(paths: Paths, earlier: uptodate.Inputs | None = None) -> uptodate.Inputs | None:
    return uptodate.inputs_stamp(paths, time.time_ns() + LATER, earlier)


def _rewrite(path: Path, text: str) -> None:
    info = os.stat(path)
    path.write_text(text, "utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))  # the same time: size or change time must tell


def _add(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


INPUT_CHANGES: dict[str, Callable[[Path, pytest.MonkeyPatch], None]] = {
    "a seed edited": lambda t, m: (t / "seeds" / "a.txt").write_text("Talks resumed on 4 May 2024.\n", "utf-8"),
    "a seed edited, same size and time": lambda t, m: _rewrite(t / "seeds" / "a.txt", "Talks resumed on 4 May 2024.\n"),
    "a seed added": lambda t, m: (t / "seeds" / "b.md").write_text("# B\n", "utf-8"),
    "a seed removed": lambda t, m: (t / "seeds" / "a.txt").unlink(),
    "a seed renamed": lambda t, m: (t / "seeds" / "a.txt").rename(t / "seeds" / "c.txt"),
    "an override edited": lambda t, m: (t / "content" / "overrides" / "a.yaml").write_text("articles: {a: {}}\n"),
    "a static file added": lambda t, m: _add(t / "content" / "static" / "logo.svg", "<svg/>\n"),
    "a template edited": lambda t, m: (t / "templates" / "base.html").write_text("<html><body></html>\n"),
    "the seeds folder gone": lambda t, m: shutil.rmtree(t / "seeds"),
    "SOURCE_DATE_EPOCH set": lambda t, m: m.setenv("SOURCE_DATE_EPOCH", "1700000000"),
    "sitegen's code changed": lambda t, m: m.setattr(uptodate, "code_digest", lambda: "other"),
    "a library upgraded": lambda t, m: m.setattr(uptodate, "_library_versions", lambda: ["jinja2=9.9"]),
}


@pytest.mark.parametrize("change", sorted(INPUT_CHANGES))
def test_every_input_change_changes_the_stamp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    paths = _inputs(tmp_path)
    before = _stamp(paths)
    assert before is not None and before == _stamp(paths)
    INPUT_CHANGES[change](tmp_path, monkeypatch)
    after = _stamp(paths, before)
    assert after is not None and not after.same(before)


SAVED_AGAIN = ("content/overrides/a.yaml", "content/site.yaml", "templates/base.html", "seeds/a.txt")


@pytest.mark.parametrize("path", SAVED_AGAIN)
@pytest.mark.parametrize("how", ["saved again", "touched"])
def test_a_file_saved_again_or_touched_with_the_same_bytes_is_the_same(tmp_path: Path, path: str, how: str) -> None:
    paths = _inputs(tmp_path)
    before = _stamp(paths)
    assert before is not None
    if how == "saved again":
        (tmp_path / path).write_bytes((tmp_path / path).read_bytes())
    os.utime(tmp_path / path, ns=(1, 1))
    after = _stamp(paths, before)
    assert after is not None and after.same(before)
    assert [status for name, status, _ in after.files if name == path.replace("/", ":", 1)] != \
        [status for name, status, _ in before.files if name == path.replace("/", ":", 1)]  # read again, by its status


def _wrong(stamp: uptodate.Inputs | None, *names: str) -> uptodate.Inputs:
    """Return the stamp with the digests of `names` (default: every file's) made wrong."""
    assert stamp is not None
    return uptodate.Inputs(stamp.head, tuple((n, st, "wrong" if d and (not names or n in names) else d)
                                             for n, st, d in stamp.files), stamp.count)


def test_a_file_is_read_again_when_its_status_changed_or_is_recent(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    paths = _inputs(tmp_path)
    wrong = _wrong(_stamp(paths))
    taken = _stamp(paths, wrong)  # the same status, not recent: the earlier digest is taken as it was
    assert taken is not None and [d for _, _, d in taken.files] == ["wrong", "", "wrong", "wrong", "wrong"]
    time.sleep(0.05)  # past the file system clock's tick of the other files
    overrides = tmp_path / "content" / "overrides" / "a.yaml"
    os.utime(overrides)
    again = _stamp(paths, wrong)  # another status: read again
    real = hashlib.sha256(overrides.read_bytes()).hexdigest()
    assert again is not None and [d for _, _, d in again.files] == ["wrong", "", real, "wrong", "wrong"]
    monkeypatch.setattr(uptodate, "RECENT_NS", 1)
    recent = uptodate.inputs_stamp(paths, os.stat(overrides).st_ctime_ns, _wrong(again, "content:overrides/a.yaml"))
    assert recent is not None and [d for _, _, d in recent.files] == ["wrong", "", real, "wrong", "wrong"]  # recent


def test_the_stamp_counts_files_and_folders(tmp_path: Path) -> None:
    stamp = _stamp(_inputs(tmp_path))
    assert stamp is not None and stamp.count == 5  # a.txt, site.yaml, overrides/, overrides/a.yaml, base.html
    assert [(name, digest) for name, _, digest in stamp.files] == [
        ("seeds:a.txt", hashlib.sha256(b"Talks resumed on 3 May 2024.\n").hexdigest()), ("content:overrides", ""),
        ("content:overrides/a.yaml", hashlib.sha256(b"articles: {}\n").hexdigest()),
        ("content:site.yaml", hashlib.sha256(b"title: T\n").hexdigest()),
        ("templates:base.html", hashlib.sha256(b"<html></html>\n").hexdigest())]


def test_a_file_changed_just_before_a_stamp_is_read_again_by_the_next_whatever_its_status(tmp_path: Path) -> None:
    paths = _inputs(tmp_path)
    seed = tmp_path / "seeds" / "a.txt"
    written = max(os.stat(seed).st_mtime_ns, os.stat(seed).st_ctime_ns)
    racy = uptodate.inputs_stamp(paths, written + uptodate.RECENT_NS - 1)  # a change in the same tick could hide
    assert racy is not None and "seeds:a.txt" in racy.racy
    old = uptodate.inputs_stamp(paths, written + uptodate.RECENT_NS)
    assert old is not None and "seeds:a.txt" not in old.racy and old.same(racy)
    hidden = uptodate.Inputs(racy.head, _wrong(racy, "seeds:a.txt").files, racy.count, racy.racy)  # other bytes,
    later = uptodate.inputs_stamp(paths, written + 10 * uptodate.RECENT_NS, hidden)  # the same status: read again
    assert later is not None and not later.same(hidden) and later.same(old)
    assert later.racy == frozenset()  # old by now: the stamp after it takes its digest by its status
    trusted = uptodate.Inputs(old.head, _wrong(old, "seeds:a.txt").files, old.count, old.racy)
    after = uptodate.inputs_stamp(paths, written + 20 * uptodate.RECENT_NS, trusted)
    assert after is not None and after.same(trusted)


def test_a_link_to_a_folder_is_not_trusted_a_link_to_a_file_is_followed(tmp_path: Path) -> None:
    paths = _inputs(tmp_path)
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "b.txt").write_text("B\n", "utf-8")
    (tmp_path / "seeds" / "b.txt").symlink_to(other / "b.txt")
    before = _stamp(paths)
    assert before is not None
    (other / "b.txt").write_text("B, longer\n", "utf-8")  # the link is as it was; what it points to is not
    after = _stamp(paths, before)
    assert after is not None and not after.same(before)
    (tmp_path / "seeds" / "more").symlink_to(other)
    assert _stamp(paths) is None


def _output(tmp_path: Path) -> Path:
    out = tmp_path / "public"
    (out / "2024").mkdir(parents=True)
    (out / "index.html").write_text("<p>index</p>\n", "utf-8")
    (out / "2024" / "index.html").write_text("<p>2024</p>\n", "utf-8")
    (out / MARKER_NAME).write_bytes(manifest_text(["index.html", "2024/index.html"]))
    return out


OUTPUT_CHANGES: dict[str, tuple[Callable[[Path], object], bool]] = {  # change -> (how, the stamp stays)
    "a page edited": (lambda o: (o / "index.html").write_text("<p>mine</p>\n", "utf-8"), False),
    "a page edited, same size and time": (lambda o: _rewrite(o / "index.html", "<p>MINE!</p>\n"), False),
    "a page deleted": (lambda o: (o / "2024" / "index.html").unlink(), False),
    "a page replaced by a copy": (lambda o: shutil.copy2(o / "index.html", o / "i.html") and
                                  os.replace(o / "i.html", o / "index.html"), False),
    "the marker gone": (lambda o: (o / MARKER_NAME).unlink(), False),
    "a file nobody claims": (lambda o: (o / "notes.txt").write_text("mine\n", "utf-8"), False),
    "a kept file added": (lambda o: (o / "CNAME").write_text("example.org\n", "utf-8"), True),
    "a kept folder changed": (lambda o: (o / ".git").mkdir(), True),
}


@pytest.mark.parametrize("change", sorted(OUTPUT_CHANGES))
def test_the_output_stamp_covers_what_the_last_build_wrote(tmp_path: Path, change: str) -> None:
    out = _output(tmp_path)
    before = uptodate.output_stamp(out, DEFAULT_KEEP)
    assert before is not None and before[1] == 3
    how, stays = OUTPUT_CHANGES[change]
    how(out)
    after = uptodate.output_stamp(out, DEFAULT_KEEP)
    assert (after == before) is stays


def test_no_output_stamp_for_a_folder_sitegen_did_not_make(tmp_path: Path) -> None:
    assert uptodate.output_stamp(tmp_path / "absent", DEFAULT_KEEP) is None
    (tmp_path / "plain").mkdir()
    assert uptodate.output_stamp(tmp_path / "plain", DEFAULT_KEEP) is None


# ------------------------------------------------------------------ the command line


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the seed articles and the site's content, whose files count as old (RECENT_NS 0)."""
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    shutil.copytree(ROOT / "content", tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(uptodate, "RECENT_NS", 0)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    return tmp_path


def _build(capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[list[str], list[str]]:
    assert main(["build", "--templates", str(ROOT / "templates"), *extra]) == 0
    said = capsys.readouterr()
    return said.out.splitlines(), said.err.splitlines()


def _tree(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_ino, p.stat().st_mtime_ns) for p in folder.rglob("*")}


def test_a_build_with_nothing_changed_says_so_and_writes_nothing(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, err = _build(capsys)
    files = int(out[0].rsplit(", ", 1)[1].split()[0])
    before = _tree(site / "public")
    again_out, again_err = _build(capsys, "--timings")
    assert again_out[:2] == out[:2]  # "built public: ...", "read 5 articles: ..."
    assert again_out[2].startswith("up to date: none of ")
    assert again_out[2].endswith(f" input and output files changed since the last build; 0 of {files} files written")
    assert again_out[3:] == out[3:]
    assert [line for line in again_err if line.startswith(("note: ", "warning: "))] == err
    assert [line.split()[0] for line in again_err[-2:]] == ["status", "total"]  # the timings: nothing but the check
    assert _tree(site / "public") == before


def test_the_overrides_saved_again_or_a_seed_touched_keep_the_site_up_to_date(site: Path,
                                                                             capsys: pytest.CaptureFixture[str]) -> None:
    _build(capsys)
    overrides = site / "content" / "overrides" / "articles.yaml"
    overrides.write_bytes(overrides.read_bytes())
    assert _build(capsys)[0][2].startswith("up to date: ")
    os.utime(min((site / "seeds").iterdir()), ns=(1, 1))  # a seed touched (or checked out again): the same bytes
    assert _build(capsys)[0][2].startswith("up to date: ")


CLI_CHANGES: dict[str, Callable[[Path], object]] = {
    "an override edited": lambda s: (s / "content" / "overrides" / "zz.yaml").write_text(
        "articles: {}\n", "utf-8"),
    "a page of the site deleted": lambda s: (s / "public" / "index.html").unlink(),
}


@pytest.mark.parametrize("change", sorted(CLI_CHANGES))
def test_a_change_builds_again(site: Path, capsys: pytest.CaptureFixture[str], change: str) -> None:
    _build(capsys)
    before = (site / "public" / "index.html").read_bytes()
    CLI_CHANGES[change](site)
    out, _ = _build(capsys)
    assert out[2].startswith("0 articles processed, 5 from the cache; ")
    assert (site / "public" / "index.html").read_bytes() == before  # restored where it was deleted
    assert _build(capsys)[0][2].startswith("up to date: ")


def test_no_cache_always_builds(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _build(capsys)
    out, _ = _build(capsys, "--no-cache")
    assert out[2].startswith("5 articles processed, 0 from the cache; ")


def test_seeds_changed_just_before_a_build_are_compared_by_their_bytes(site: Path, capsys: pytest.CaptureFixture[str],
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(uptodate, "RECENT_NS", 2_000_000_000)  # the copy was made just now: every seed is racy
    _build(capsys)
    assert _build(capsys)[0][2].startswith("up to date: ")  # their bytes are what the last build read
    seed = min((site / "seeds").iterdir())
    seed.write_text(seed.read_text(encoding="utf-8").replace("e", "E", 1), encoding="utf-8")
    assert _build(capsys)[0][2].startswith("1 articles processed, 4 from the cache; ")

"""The writing edge: path checks, refusals, atomic swap, clean failure, the lock."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from sitegen import lock, swap, writer
from sitegen.errors import OutputError, SitegenError
from sitegen.manifest import manifest_text

SITE = {
    "index.html": b"<!doctype html><title>new</title>",
    "entries/2024-05-15.html": b"<p>fifteenth</p>",
    "assets/site.css": b"body{}",
    "timeline.json": b'{"articles": [], "entries": []}',
}
OLD_SITE = {
    "index.html": b"<!doctype html><title>old</title>",
    "gone.html": b"only in the old site",
    "assets/site.css": b"old{}",
}


def snapshot(root: Path) -> dict[str, tuple[str, int, bytes]]:
    """Every path under root with its kind, permission bits and bytes."""
    result: dict[str, tuple[str, int, bytes]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath, name)
            rel = path.relative_to(root).as_posix()
            info = os.lstat(path)
            if stat.S_ISLNK(info.st_mode):
                result[rel] = ("link", 0, os.readlink(path).encode())
            elif stat.S_ISDIR(info.st_mode):
                result[rel] = ("dir", stat.S_IMODE(info.st_mode), b"")
            else:
                result[rel] = ("file", stat.S_IMODE(info.st_mode), path.read_bytes())
    return result


def siblings(out: Path) -> list[str]:
    """What lies beside the output folder apart from it (staging, old, lock leftovers)."""
    return sorted(p.name for p in out.parent.iterdir() if p.name != out.name)


@pytest.fixture
def old_site(tmp_path: Path) -> Path:
    out = tmp_path / "public"
    writer.write_site(OLD_SITE, out)
    return out


# ------------------------------------------------------------------ writing


def test_writes_every_file_with_the_marker(tmp_path: Path) -> None:
    out = tmp_path / "public"
    assert writer.write_site(SITE, out) == len(SITE)
    snap = snapshot(out)
    for name, data in SITE.items():
        assert snap[name] == ("file", 0o644, data)
    assert snap[".sitegen-output"] == ("file", 0o644, manifest_text(SITE))
    assert snap["entries"] == ("dir", 0o755, b"")
    assert stat.S_IMODE(out.stat().st_mode) == 0o755
    assert writer.MARKER_TEXT.startswith(b"sitegen output folder, format 2\n")
    assert siblings(out) == []  # no staging folder, no lock file left behind


def test_rebuild_replaces_the_previous_site_whole(old_site: Path) -> None:
    writer.write_site(SITE, old_site)
    assert sorted(snapshot(old_site)) == sorted(
        [*SITE, ".sitegen-output", "entries", "assets"]
    )
    assert (old_site / "index.html").read_bytes() == SITE["index.html"]
    assert not (old_site / "gone.html").exists()
    assert siblings(old_site) == []


def test_an_empty_existing_folder_is_fine(tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    assert writer.write_site({"a.html": b"a"}, out) == 1
    assert (out / "a.html").read_bytes() == b"a"


def test_missing_parent_folders_are_created(tmp_path: Path) -> None:
    out = tmp_path / "build" / "deep" / "site"
    writer.write_site({"a.html": b"a"}, out)
    assert (out / "a.html").read_bytes() == b"a"


def test_post_process_sees_the_staging_folder_and_its_files_count(tmp_path: Path) -> None:
    seen: list[Path] = []

    def post(staging: Path) -> None:
        seen.append(staging)
        assert staging.parent == tmp_path
        assert staging.name.startswith(".sitegen-staging-")
        assert (staging / "index.html").read_bytes() == SITE["index.html"]
        (staging / "search").mkdir()
        (staging / "search" / "index.js").write_bytes(b"// search")

    out = tmp_path / "public"
    assert writer.write_site(SITE, out, post_process=post) == len(SITE) + 1
    assert (out / "search" / "index.js").read_bytes() == b"// search"
    assert (out / ".sitegen-output").read_bytes() == manifest_text([*SITE, "search/index.js"])
    assert not seen[0].exists()


def test_insertion_order_does_not_change_the_output(tmp_path: Path) -> None:
    forward = dict(sorted(SITE.items()))
    backward = dict(sorted(SITE.items(), reverse=True))
    writer.write_site(forward, tmp_path / "a")
    writer.write_site(backward, tmp_path / "b")
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")


def test_the_build_epoch_sets_every_mtime(tmp_path: Path) -> None:
    out = tmp_path / "public"
    writer.write_site(SITE, out, epoch=1700000000)
    mtimes = {os.lstat(out / rel).st_mtime for rel in snapshot(out)} | {out.stat().st_mtime}
    assert mtimes == {1700000000}


@pytest.mark.parametrize(("raw", "expected"), [("", None), ("0", 0), ("1700000000", 1700000000)])
def test_source_date_epoch_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch, raw: str,
                                                        expected: int | None) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", raw)
    assert writer.source_date_epoch() == expected


def test_malformed_source_date_epoch_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(OutputError) as err:
        writer.source_date_epoch()
    assert str(err.value) == "SOURCE_DATE_EPOCH must be a whole number of seconds, not 'yesterday'"


# -------------------------------------------------------------- path checks


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("", "the name is empty"),
        ("../escape.html", "it has a '..' segment, which would leave the output folder"),
        ("a/../../escape.html", "it has a '..' segment, which would leave the output folder"),
        ("a/..", "it has a '..' segment, which would leave the output folder"),
        ("/etc/passwd", "it is an absolute path; name it relative to the output folder"),
        ("C:/Windows/x.html", "it is an absolute path; name it relative to the output folder"),
        ("a\\..\\b.html", "it contains a backslash; use / between folders"),
        ("a\x00b.html", "it contains a NUL character"),
        ("a\nb.html", "it contains a control character"),
        ("a//b.html", "it has an empty segment (a leading, trailing or doubled /)"),
        ("dir/", "it has an empty segment (a leading, trailing or doubled /)"),
        ("./index.html", "it has a '.' segment"),
        (".sitegen-output", ".sitegen-output is the name of sitegen's own marker file"),
        (".SITEGEN-OUTPUT", ".sitegen-output is the name of sitegen's own marker file"),
    ],
)
def test_unsafe_names_are_refused(tmp_path: Path, name: str, reason: str) -> None:
    with pytest.raises(OutputError) as err:
        writer.write_site({"ok.html": b"", name: b"x"}, tmp_path / "public")
    assert str(err.value) == f"refusing to write {name!r}: {reason}"
    assert list(tmp_path.iterdir()) == []  # refused before anything was made


@pytest.mark.parametrize(
    ("names", "message"),
    [
        (
            ["About.html", "about.html"],
            ("refusing to write 'about.html': it names the same file as 'About.html' "
            "(names are compared after Unicode normalisation and case folding)"),
        ),
        (
            ["caf\u00e9.html", "cafe\u0301.html"],
            ("refusing to write 'caf\u00e9.html': it names the same file as 'cafe\u0301.html' "
            "(names are compared after Unicode normalisation and case folding)"),
        ),
        (["a", "a/b.html"], "refusing to write 'a/b.html': its folder 'a' is also a file ('a')"),
        (["A/b.html", "a"], "refusing to write 'a': it is also a folder holding 'A/b.html'"),
    ],
)
def test_names_that_collide_after_normalising_are_refused(
    tmp_path: Path, names: list[str], message: str
) -> None:
    with pytest.raises(OutputError) as err:
        writer.write_site({n: b"x" for n in names}, tmp_path / "public")
    assert str(err.value) == message


def test_content_must_be_bytes(tmp_path: Path) -> None:
    with pytest.raises(OutputError) as err:
        writer.write_site({"index.html": "<p>text</p>"}, tmp_path / "public")  # type: ignore[dict-item]
    assert str(err.value) == "refusing to write 'index.html': its content is str, not bytes"


# ----------------------------------------------------------------- refusals

NOT_OURS = (
    "this folder was not made by sitegen (it has no .sitegen-output marker) and is not empty; "
    "pick an empty or new folder, or delete this one yourself"
)
PICK = "pick an empty or new folder such as public/"


def _unmarked(tmp: Path) -> Path:
    out = tmp / "mine"
    out.mkdir()
    (out / "thesis.txt").write_text("years of work")
    return out


def _with(marker: str, tmp: Path, *, marked: bool = False, other: bool = False) -> Path:
    out = tmp / "proj"
    out.mkdir()
    if other:
        (out / "README.md").write_text("my project\n")
    if marked:
        (out / ".sitegen-output").write_bytes(writer.MARKER_TEXT)
    target = out / marker
    if marker == "pyproject.toml":
        target.write_text("[project]\n")
    else:
        target.mkdir()
    return out


def _a_file(tmp: Path) -> Path:
    out = tmp / "notes.txt"
    out.write_text("keep me")
    return out


def _a_link(tmp: Path) -> Path:
    real = tmp / "real"
    real.mkdir()
    link = tmp / "link"
    link.symlink_to(real)
    return link


def _fake_marker(tmp: Path) -> Path:
    out = _unmarked(tmp)
    (out / ".sitegen-output").write_text("hello")
    return out


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_unmarked, NOT_OURS),
        (_fake_marker, NOT_OURS),
        (_a_file, "the output path is a file, not a folder; pick an empty or new folder"),
        (_a_link, ("the output folder is a symbolic link; give the folder it points to, "
                  "or pick an empty or new folder")),
        (lambda t: _with("pyproject.toml", t),
         f"refusing to write the site into a project folder (it holds pyproject.toml); {PICK}"),
        (lambda t: _with(".git", t, other=True),
         f"refusing to write the site into a project folder (it holds .git); {PICK}"),
        (lambda t: _with("pyproject.toml", t, marked=True),
         f"refusing to write the site into a project folder (it holds pyproject.toml); {PICK}"),
        (lambda t: _with("seeds", t), f"refusing to write the site into a project folder (it holds seeds); {PICK}"),
        (lambda t: _with("content", t),
         f"refusing to write the site into a project folder (it holds content); {PICK}"),
    ],
    ids=["unmarked", "fake-marker", "file", "symlink", "pyproject", "git-project", "marked-pyproject",
         "seeds", "content"],
)
def test_folders_sitegen_did_not_make_are_refused_untouched(
    tmp_path: Path, make: Callable[[Path], Path], message: str
) -> None:
    out = make(tmp_path)
    before = snapshot(tmp_path)
    with pytest.raises(OutputError) as err:
        writer.write_site(SITE, out)
    assert str(err.value) == f"{out}: {message}"
    assert snapshot(tmp_path) == before  # nothing changed, nothing left beside it


@pytest.mark.parametrize("page", ["content/index.html", "seeds/index.html"])
def test_a_site_with_a_page_named_like_a_project_folder_can_be_rebuilt(tmp_path: Path, page: str) -> None:
    out = tmp_path / "public"
    writer.write_site({page: b"first"}, out)
    writer.write_site({page: b"second"}, out)
    assert (out / page).read_bytes() == b"second"


def test_the_current_folder_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for shown in (Path("."), Path("public/..")):
        with pytest.raises(OutputError) as err:
            writer.write_site(SITE, shown)
        assert str(err.value) == (
            f"{shown}: refusing to write the site into the current folder, which would be replaced whole; {PICK}"
        )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("up", ["..", "../.."])
def test_ancestors_of_the_current_folder_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, up: str
) -> None:
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    with pytest.raises(OutputError) as err:
        writer.write_site(SITE, Path(up))
    assert str(err.value) == f"{up}: refusing to write the site into a folder that contains the current folder; {PICK}"


def test_the_home_folder_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    with pytest.raises(OutputError) as err:
        writer.write_site(SITE, home)
    assert str(err.value) == f"{home}: refusing to write the site into your home folder; {PICK}"
    assert list(home.iterdir()) == []


def test_the_root_folder_is_refused() -> None:
    with pytest.raises(OutputError) as err:
        writer.write_site(SITE, Path("/"))
    assert str(err.value) == f"/: refusing to write the site into the root folder; {PICK}"


def test_refusal_is_a_sitegen_error_for_the_cli(tmp_path: Path) -> None:
    with pytest.raises(SitegenError):
        writer.write_site(SITE, _unmarked(tmp_path))


# ------------------------------------------------------- failures keep the old site


def test_failing_post_process_keeps_the_previous_site(old_site: Path) -> None:
    before = snapshot(old_site)

    def boom(staging: Path) -> None:
        raise OutputError("search index failed")

    with pytest.raises(OutputError, match="search index failed"):
        writer.write_site(SITE, old_site, post_process=boom)
    assert snapshot(old_site) == before
    assert siblings(old_site) == []


def test_failing_write_keeps_the_previous_site(old_site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(old_site)
    real = writer.write_file
    calls: list[str] = []

    def flaky(root: Path, name: str, data: bytes) -> None:
        calls.append(name)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real(root, name, data)

    monkeypatch.setattr(writer, "write_file", flaky)
    with pytest.raises(OSError, match="No space left on device"):
        writer.write_site(SITE, old_site)
    assert snapshot(old_site) == before
    assert siblings(old_site) == []


def test_a_write_error_names_the_file(tmp_path: Path) -> None:
    staging = tmp_path / "staging"
    staging.mkdir()
    (staging / "a").write_text("a file where a folder must go")
    with pytest.raises(OutputError) as err:
        writer.write_file(staging, "a/b.html", b"x")
    assert str(err.value) == "cannot write 'a/b.html': File exists"


def test_ctrl_c_during_the_build_keeps_the_previous_site(old_site: Path) -> None:
    before = snapshot(old_site)

    def interrupted(staging: Path) -> None:
        assert (staging / "index.html").exists()  # half-way: files written, not swapped
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        writer.write_site(SITE, old_site, post_process=interrupted)
    assert snapshot(old_site) == before
    assert siblings(old_site) == []


def test_post_process_must_keep_the_marker(old_site: Path) -> None:
    before = snapshot(old_site)
    with pytest.raises(OutputError) as err:
        writer.write_site(SITE, old_site, post_process=lambda s: (s / ".sitegen-output").unlink())
    assert str(err.value) == f"{old_site}: post-processing removed or changed the .sitegen-output marker"
    assert snapshot(old_site) == before


def test_fallback_two_step_swap_when_exchange_is_unsupported(
    old_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(swap, "exchange", lambda a, b: False)
    writer.write_site(SITE, old_site)
    assert (old_site / "index.html").read_bytes() == SITE["index.html"]
    assert not (old_site / "gone.html").exists()
    assert siblings(old_site) == []


@pytest.mark.parametrize("exchange", [True, False])
def test_the_previous_site_deleted_in_the_background_is_gone_once_waited_for(
    old_site: Path, monkeypatch: pytest.MonkeyPatch, exchange: bool
) -> None:
    if not exchange:
        monkeypatch.setattr(swap, "exchange", lambda a, b: False)
    removal = swap.Removal()
    with writer.staged_site(old_site, removal=removal) as staging:
        for name, data in SITE.items():
            staging.put(name, data)
    assert (old_site / "index.html").read_bytes() == SITE["index.html"]  # in place before the old one is gone
    removal.wait()
    assert siblings(old_site) == []  # the old site, under its staging or .sitegen-old- name, is gone


def test_fallback_swap_puts_the_old_site_back_when_the_second_rename_fails(
    old_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(old_site)
    monkeypatch.setattr(swap, "exchange", lambda a, b: False)
    real = os.rename
    renames: list[tuple[str, str]] = []

    def second_fails(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        renames.append((os.fspath(src), os.fspath(dst)))
        if len(renames) == 2:
            raise OSError(18, "Invalid cross-device link")
        real(src, dst)

    monkeypatch.setattr(writer.os, "rename", second_fails)
    with pytest.raises(OutputError) as err:
        writer.write_site(SITE, old_site)
    assert str(err.value) == f"{old_site}: cannot move the new site into place: Invalid cross-device link"
    assert snapshot(old_site) == before
    assert siblings(old_site) == []
    assert Path(renames[0][1]).name.startswith(".sitegen-old-")


@pytest.mark.skipif(swap._renameat2() is None, reason="renameat2 is Linux/glibc only")
def test_exchange_swaps_two_folders_atomically(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x").write_text("from a")
    (tmp_path / "b").mkdir()
    if not swap.exchange(tmp_path / "a", tmp_path / "b"):
        pytest.skip("this file system does not support RENAME_EXCHANGE")
    assert (tmp_path / "b" / "x").read_text() == "from a"
    assert list((tmp_path / "a").iterdir()) == []


def test_leftovers_of_dead_builds_are_removed_and_live_ones_kept(tmp_path: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    dead_pid = int(dead.stdout)
    live_pid = os.getppid()
    for name in (f".sitegen-staging-{dead_pid}-abc", f".sitegen-old-{dead_pid}-def",
                 f".sitegen-staging-{live_pid}-ghi"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text("half")
    (tmp_path / "mine").mkdir()
    writer.write_site(SITE, tmp_path / "public")
    assert sorted(p.name for p in tmp_path.iterdir()) == [f".sitegen-staging-{live_pid}-ghi", "mine", "public"]


# ---------------------------------------------------------------------- lock


def test_a_held_lock_refuses_a_second_build(old_site: Path) -> None:
    before = snapshot(old_site)
    with lock.output_lock(old_site), pytest.raises(OutputError) as err:
        writer.write_site(SITE, old_site)
    assert str(err.value) == f"{old_site}: another sitegen build is writing {old_site}; wait for it to finish"
    assert snapshot(old_site) == before
    assert siblings(old_site) == []  # the lock file went with the lock
    writer.write_site(SITE, old_site)  # and the next build runs
    assert (old_site / "index.html").read_bytes() == SITE["index.html"]


def test_lock_file_sits_beside_the_output(tmp_path: Path) -> None:
    out = tmp_path / "public"
    with lock.output_lock(out):
        assert siblings(out) == [".public.sitegen-lock"]
    assert siblings(out) == []


def test_two_concurrent_builds_one_wins_and_the_site_is_complete(tmp_path: Path) -> None:
    out = tmp_path / "public"
    first_inside = threading.Event()
    second_done = threading.Event()
    errors: list[BaseException] = []

    def slow_post(staging: Path) -> None:
        first_inside.set()
        assert second_done.wait(30)

    def first() -> None:
        try:
            writer.write_site(SITE, out, post_process=slow_post)
        except BaseException as err:  # noqa: BLE001 - any failure is reported below
            errors.append(err)

    thread = threading.Thread(target=first)
    thread.start()
    assert first_inside.wait(30)
    try:
        with pytest.raises(OutputError) as err:
            writer.write_site({"other.html": b"second"}, out)
    finally:
        second_done.set()
        thread.join()
    assert errors == []
    assert str(err.value).endswith(f"another sitegen build is writing {out}; wait for it to finish")
    assert {k: v[2] for k, v in snapshot(out).items() if v[0] == "file"} == {
        **SITE, ".sitegen-output": manifest_text(SITE)
    }
    assert siblings(out) == []


RACER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from sitegen import writer
    from sitegen.errors import OutputError
    tag = sys.argv[2]
    files = {f"page{i:03d}.html": f"{tag} {i}".encode() * 50 for i in range(150)}
    for _ in range(8):
        try:
            writer.write_site(files, Path(sys.argv[1]))
            print("built")
        except OutputError as err:
            assert "another sitegen build is writing" in str(err), err
            print("busy")
    """
)


def test_two_processes_racing_never_leave_a_mixed_or_partial_site(tmp_path: Path) -> None:
    out = tmp_path / "public"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    procs = [
        subprocess.Popen([sys.executable, "-c", RACER, str(out), tag], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, env=env)
        for tag in ("left", "right")
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    for proc, (stdout, stderr) in zip(procs, outputs):
        assert proc.returncode == 0, stderr
        assert set(stdout.split()) <= {"built", "busy"}
    assert "built" in outputs[0][0] + outputs[1][0]
    pages = {k: v[2] for k, v in snapshot(out).items() if k.startswith("page")}
    assert len(pages) == 150
    tags = {data.split(b" ")[0] for data in pages.values()}
    assert tags in ({b"left"}, {b"right"})  # one build's site, whole
    assert (out / ".sitegen-output").read_bytes() == manifest_text(pages)
    assert siblings(out) == []


# ---------------------------------------------------------------------- writing only what changed


def inodes(root: Path) -> dict[str, tuple[int, int]]:
    """Every file under root with its inode and mtime in nanoseconds."""
    return {p.relative_to(root).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in root.rglob("*") if p.is_file()}


def test_a_rebuild_links_unchanged_files_and_writes_changed_ones(tmp_path: Path) -> None:
    out = tmp_path / "public"
    writer.write_site(SITE, out)
    before = inodes(out)
    changed = {**SITE, "index.html": b"<!doctype html><title>changed</title>", "new.html": b"new"}
    writer.write_site(changed, out)
    after = inodes(out)
    same = sorted(name for name in after if before.get(name) == after[name])
    assert same == ["assets/site.css", "entries/2024-05-15.html", "timeline.json"]  # the manifest names new.html
    assert (out / "index.html").read_bytes() == changed["index.html"]


def test_a_rebuild_with_the_same_bytes_writes_no_file(tmp_path: Path) -> None:
    out = tmp_path / "public"
    writer.write_site(SITE, out, epoch=1700000000)
    before = inodes(out)
    with writer.staged_site(out, epoch=1700000000) as staging:
        for name, data in SITE.items():
            staging.put(name, data)
    assert staging.written == []
    assert inodes(out) == before


def test_keep_links_the_live_file_and_refuses_what_is_not_there(tmp_path: Path) -> None:
    out = tmp_path / "public"
    writer.write_site(SITE, out)
    before = inodes(out)
    with writer.staged_site(out) as staging:
        assert staging.keep("index.html")
        assert not staging.keep("missing.html")
        assert not staging.keep("../outside.html")
    assert sorted(inodes(out)) == [".sitegen-output", "index.html"]
    assert inodes(out)["index.html"] == before["index.html"]


def test_post_processed_files_equal_to_the_live_ones_are_linked(tmp_path: Path) -> None:
    def post(staging: Path) -> None:
        (staging / "search").mkdir()
        (staging / "search" / "same.js").write_bytes(b"same")

    out = tmp_path / "public"
    writer.write_site(SITE, out, post_process=post)
    before = inodes(out)["search/same.js"]
    writer.write_site(SITE, out, post_process=post)
    assert inodes(out)["search/same.js"] == before


def test_keep_tree_links_a_whole_folder_of_the_live_site(tmp_path: Path) -> None:
    def post(staging: Path) -> None:
        (staging / "search" / "deep").mkdir(parents=True)
        (staging / "search" / "deep" / "a.js").write_bytes(b"a")

    out = tmp_path / "public"
    writer.write_site(SITE, out, post_process=post)
    before = inodes(out)
    with writer.staged_site(out) as staging:
        assert staging.keep_tree("search")
        assert not staging.keep_tree("nothing")
    assert inodes(out)["search/deep/a.js"] == before["search/deep/a.js"]


def test_a_changed_live_file_mode_is_rewritten_not_linked(tmp_path: Path) -> None:
    out = tmp_path / "public"
    writer.write_site(SITE, out)
    os.chmod(out / "index.html", 0o600)
    writer.write_site(SITE, out)
    assert stat.S_IMODE(os.lstat(out / "index.html").st_mode) == writer.FILE_MODE


def test_a_failed_staged_build_leaves_the_live_files_untouched(tmp_path: Path) -> None:
    out = tmp_path / "public"
    writer.write_site(SITE, out)
    before = snapshot(out)
    with pytest.raises(RuntimeError), writer.staged_site(out) as staging:
        staging.put("index.html", SITE["index.html"])
        raise RuntimeError("render failed")
    assert snapshot(out) == before
    assert siblings(out) == []

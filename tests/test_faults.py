"""Faults while writing: kill -9 mid-build, a full disk, an old site that will not delete.

Each leaves the previous site whole, and every folder left behind is named in a warning that
says how to remove it. The kill and the full disk run in a child process, as they would happen.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sitegen import swap, writer

ROOT = Path(__file__).resolve().parent.parent
OLD = {"index.html": b"old", "entries/a.html": b"old a", "CNAME": b"x"}
NEW = {"index.html": b"new", "entries/b.html": b"new b"}


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def child(code: str, *args: str, epoch: str = "1700000000") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": epoch}
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code), *args], capture_output=True, text=True,
                          check=False, env=env, timeout=120)


@pytest.fixture
def old_site(tmp_path: Path) -> Path:
    out = tmp_path / "public"
    writer.write_site({k: v for k, v in OLD.items() if k != "CNAME"}, out)
    (out / "CNAME").write_bytes(OLD["CNAME"])  # the user's, kept
    return out


KILLED = """
    import os, signal, sys
    from pathlib import Path
    from sitegen import writer
    new = {"index.html": b"new", "entries/b.html": b"new b"}
    def die(staging):
        os.kill(os.getpid(), signal.SIGKILL)  # power cut half-way: files written, not swapped
    writer.write_site(new, Path(sys.argv[1]), post_process=die)
"""


def test_kill_9_mid_build_keeps_the_previous_site_and_the_next_build_cleans_up(old_site: Path) -> None:
    before = tree(old_site)
    result = child(KILLED, str(old_site))
    assert result.returncode == -9
    assert tree(old_site) == before
    left = [p.name for p in old_site.parent.iterdir() if p.name.startswith(".sitegen-staging-")]
    assert len(left) == 1
    writer.write_site(NEW, old_site)  # the dead build's folder goes, without a word: nothing is lost
    assert sorted(p.name for p in old_site.parent.iterdir()) == ["public"]
    assert tree(old_site) == {**NEW, "CNAME": b"x", ".sitegen-output": tree(old_site)[".sitegen-output"]}


FULL_DISK = """
    import errno, os, sys
    from sitegen import cli
    real, calls = os.write, [0]
    def write(fd, data):
        calls[0] += 1
        if calls[0] == int(sys.argv[2]):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(fd, data)
    os.write = write  # every os.write of this process: the writer is the only writer of a build
    sys.exit(cli.main(["build", "-q", "--no-cache", "--seeds", sys.argv[3], "--content", sys.argv[4],
                       "--templates", sys.argv[5], "--output", sys.argv[1]]))
"""


@pytest.mark.parametrize("nth", [1, 7])
def test_a_full_disk_keeps_the_previous_site(tmp_path: Path, nth: int) -> None:
    golden = ROOT / "tests" / "golden"
    out = tmp_path / "public"
    args = (str(golden / "seeds"), str(golden / "content"), str(ROOT / "templates"))
    first = child(FULL_DISK, str(out), "0", *args)
    assert first.returncode == 0, first.stderr
    before = tree(out)
    # another build stamp: no file equals the live site's, so the second build writes every one afresh
    result = child(FULL_DISK, str(out), str(nth), *args, epoch="1700000001")
    assert result.returncode == 1
    assert result.stderr.startswith("error: cannot write '") and result.stderr.endswith(
        "': No space left on device\n")
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


@pytest.mark.parametrize("in_background", [False, True])
def test_an_old_site_that_will_not_delete_is_named_with_the_fix(
    old_site: Path, monkeypatch: pytest.MonkeyPatch, in_background: bool
) -> None:
    real = shutil.rmtree
    warnings: list[str] = []

    def stuck(path: str | os.PathLike[str], onerror: object = None) -> None:
        if Path(path).parent == old_site.parent and Path(path).name != "public":
            assert callable(onerror)
            onerror(os.unlink, str(Path(path) / "index.html"), (PermissionError, PermissionError(
                13, "Permission denied"), None))
            return
        real(path)

    monkeypatch.setattr(swap.shutil, "rmtree", stuck)
    if in_background:  # as a build deletes it: while the cache is written
        removal = swap.Removal(warnings.append)
        with writer.staged_site(old_site, removal=removal) as staging:
            for name, data in NEW.items():
                staging.put(name, data)
        removal.wait()
    else:
        writer.write_site(NEW, old_site, warn=warnings.append)
    assert tree(old_site)["index.html"] == b"new"  # the new site is in place
    left = [p for p in old_site.parent.iterdir() if p.name != "public"]
    assert len(left) == 1 and tree(left[0])["index.html"] == b"old"
    assert warnings == [(
        f"could not remove the previous site at {left[0]} ({left[0] / 'index.html'}: Permission denied); "
        f"nothing else is affected: remove it with: rm -rf {shlex.quote(str(left[0]))}")]


def test_the_cli_prints_the_leftover_warning(old_site: Path) -> None:
    code = """
        import shutil, sys
        from pathlib import Path
        from sitegen import writer
        shutil.rmtree = lambda path, onerror=None: None  # nothing can be deleted
        writer.write_site({"index.html": b"new"}, Path(sys.argv[1]))
    """
    result = child(code, str(old_site))
    assert result.returncode == 0
    left = [p for p in old_site.parent.iterdir() if p.name != "public"]
    assert len(left) == 1
    assert result.stderr == (f"warning: could not remove the previous site at {left[0]} (it is still there); "
                             f"nothing else is affected: remove it with: rm -rf {shlex.quote(str(left[0]))}\n")

"""`sitegen serve`: serves the built site with the reload script, only inside the output, rebuilds on edits."""

from __future__ import annotations

import http.client
import http.server
import io
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitegen import gcpause
from sitegen.build import Options, Paths
from sitegen.gcpause import GarbageRelease
from sitegen.progress import Progress
from sitegen.reader import RECENT_NS
from sitegen.serve import (
    SCRIPT_TAG,
    Handler,
    ServerProcess,
    ServerThread,
    State,
    build_once,
    inject,
    safe_file,
)

ROOT = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------------- pure parts


@pytest.fixture
def served(tmp_path: Path) -> Path:
    root = tmp_path / "public"
    (root / "articles" / "a").mkdir(parents=True)
    (root / "index.html").write_text("<html><body>home</body></html>")
    (root / "articles" / "a" / "index.html").write_text("article")
    (tmp_path / "secret.txt").write_text("outside")
    return root


@pytest.mark.parametrize(("url", "expected"), [
    ("/", "index.html"),
    ("/index.html", "index.html"),
    ("/articles/a/", "articles/a/index.html"),
    ("/articles/a/index.html?x=1#top", "articles/a/index.html"),
    ("/articles/%61/index.html", "articles/a/index.html"),
    ("/missing.html", None),
    ("/../secret.txt", None),
    ("/articles/../../secret.txt", None),
    ("/%2e%2e/secret.txt", None),
    ("/%2E%2E/%2e%2e/secret.txt", None),
    ("/articles/..%2f..%2fsecret.txt", None),
    ("/..%5csecret.txt", None),
    ("/index.html%00.txt", None),
])
def test_only_files_inside_the_output_are_served(served: Path, url: str, expected: str | None) -> None:
    found = safe_file(served, url)
    assert (found.relative_to(served.resolve()).as_posix() if found else None) == expected


def test_a_symbolic_link_is_never_followed_out_of_the_output(served: Path) -> None:
    (served / "link.txt").symlink_to(served.parent / "secret.txt")
    (served / "linkdir").symlink_to(served.parent)
    assert safe_file(served, "/link.txt") is None
    assert safe_file(served, "/linkdir/secret.txt") is None


@pytest.mark.parametrize(("page", "expected"), [
    (b"<html><body><p>x</p></body></html>", b"<html><body><p>x</p>" + SCRIPT_TAG + b"</body></html>"),
    (b"<p>no body tag</p>", b"<p>no body tag</p>" + SCRIPT_TAG),
])
def test_the_reload_script_goes_before_the_closing_body_tag(page: bytes, expected: bytes) -> None:
    assert inject(page) == expected


@pytest.mark.parametrize("host", [ServerThread, ServerProcess], ids=["thread", "process"])
def test_either_server_tells_the_page_each_outcome_and_stops(served: Path, host: type[ServerThread | ServerProcess]
                                                              ) -> None:
    handler = type("BoundHandler", (Handler,), {"root": served, "state": State()})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    port, threads = server.server_address[1], threading.active_count()
    serving = host(server, handler.state)
    try:
        # the process keeps this one free of other threads, so its builds may fork
        assert threading.active_count() == threads + (1 if host is ServerThread else 0)
        serving.publish(error="content/site.yaml, line 3: unknown key 'titel'; did you mean 'title'?")
        failed = json.loads(_get(port, "/__sitegen/state?since=0"))
        assert failed == {"version": 0, "serial": 1,
                          "error": "content/site.yaml, line 3: unknown key 'titel'; did you mean 'title'?"}
        serving.publish(error=None)
        assert json.loads(_get(port, "/__sitegen/state?since=1")) == {"version": 1, "serial": 2, "error": None}
        assert b"home" in _get(port, "/index.html")
    finally:
        serving.stop()
    with pytest.raises(ConnectionRefusedError):
        _get(port, "/index.html")


def test_a_server_process_that_ends_on_its_own_says_how(served: Path) -> None:
    handler = type("BoundHandler", (Handler,), {"root": served, "state": State()})
    serving = ServerProcess(http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler), handler.state)
    assert serving.stopped() is None
    os.kill(serving.pid, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while serving.stopped() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert serving.stopped() == "the server process stopped (signal 9)"
    serving.stop()  # already waited for: returns at once


def _get(port: int, path: str) -> bytes:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path)
        return conn.getresponse().read()
    finally:
        conn.close()


def test_a_build_of_a_long_lived_process_is_timed_alone(tmp_path: Path) -> None:
    golden = ROOT / "tests" / "golden"
    paths = Paths(seeds=golden / "seeds", content=golden / "content", output=tmp_path / "public",
                  templates=ROOT / "templates")
    options = Options(progress=Progress(io.StringIO()))
    options.progress.wall["read"] = 1000.0  # as if an earlier build of the process had taken that long
    assert build_once(paths, options, State(), timings=True)
    assert options.progress.wall["read"] < 1000.0


@pytest.mark.parametrize("good", [True, False])
def test_a_long_lived_process_collects_after_a_failed_build_and_now_and_then_after_good_ones(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, good: bool) -> None:
    golden = ROOT / "tests" / "golden"
    paths = Paths(seeds=golden / "seeds" if good else tmp_path / "no-seeds", content=golden / "content",
                  output=tmp_path / "public", templates=ROOT / "templates")
    released: list[bool] = []
    monkeypatch.setattr(gcpause, "release_garbage", lambda: released.append(True) or 0)
    release = GarbageRelease(every=2)
    options = Options(progress=Progress(io.StringIO()))
    assert build_once(paths, options, State(), timings=False, release=release) is good
    assert released == ([] if good else [True])
    assert build_once(paths, options, State(), timings=False, release=release) is good
    assert released == ([True] if good else [True, True])


# ---------------------------------------------------------------------- the command


class Server:
    """A running `sitegen serve` subprocess and its address."""

    def __init__(self, proc: subprocess.Popen[str], host: str, port: int, site: Path) -> None:
        self.proc, self.host, self.port, self.site = proc, host, port, site

    def get(self, path: str) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        conn.close()
        return response.status, body

    def state(self, since: int | None = None) -> dict[str, object]:
        _, body = self.get("/__sitegen/state" + (f"?since={since}" if since is not None else ""))
        result: dict[str, object] = json.loads(body)
        return result

    def wait_for(self, predicate: object, timeout: float = 120) -> dict[str, object]:
        deadline = time.monotonic() + timeout
        state = self.state()
        while time.monotonic() < deadline:
            if predicate(state):  # type: ignore[operator]
                return state
            state = self.state(int(state["serial"]))  # type: ignore[call-overload]
        raise AssertionError(f"serve never reached the expected state; last: {state}")


def start_serve(site: Path, output: Path) -> Server:
    """Start `sitegen serve` on a free port; wait for its 'serving' line."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": "1700000000", "PYTHONUNBUFFERED": "1"}
    # as from a terminal: a test run started in the background of a script inherits Ctrl-C ignored, and serve,
    # like any program, keeps an ignored Ctrl-C ignored; a handler here (not "ignore") starts the child with
    # the default (handlers are reset by exec, an ignored signal is not)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "sitegen", "serve", "--port", "0", "--jobs", "1", "--seeds", str(site / "seeds"),
             "--content", str(site / "content"), "--templates", str(site / "templates"), "--output", str(output)],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
    finally:
        signal.signal(signal.SIGINT, previous)
    assert proc.stdout is not None
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        found = re.search(r"at http://([\d.]+):(\d+)/", line)
        if found:
            return Server(proc, found.group(1), int(found.group(2)), site)
    proc.kill()
    raise AssertionError(f"serve did not start: {proc.stderr.read() if proc.stderr else ''}")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    site = tmp_path / "site"
    for name in ("seeds", "content", "templates"):
        shutil.copytree(ROOT / name, site / name)
    running = start_serve(site, tmp_path / "public")
    yield running
    if running.proc.poll() is None:
        running.proc.kill()
        running.proc.wait()


def test_serve_sends_pages_with_the_reload_script_that_public_never_holds(server: Server, tmp_path: Path) -> None:
    status, body = server.get("/index.html")
    assert status == 200
    assert SCRIPT_TAG in body
    on_disk = (tmp_path / "public" / "index.html").read_bytes()
    assert SCRIPT_TAG not in on_disk and b"__sitegen" not in on_disk
    assert server.get("/../../etc/passwd")[0] == 404
    assert server.get("/%2e%2e/%2e%2e/etc/passwd")[0] == 404
    status, script = server.get("/__sitegen/reload.js")
    assert status == 200 and b"location.reload()" in script


def test_an_edit_rebuilds_and_a_broken_edit_keeps_the_last_good_site(server: Server, tmp_path: Path) -> None:
    first = server.state()
    assert first["error"] is None
    config = server.site / "content" / "site.yaml"
    text = config.read_text(encoding="utf-8")
    assert 'title: "' in text
    config.write_text(text.replace('title: "', 'title: "Edited ', 1), encoding="utf-8")
    good = server.wait_for(lambda s: s["version"] != first["version"])
    assert good["error"] is None
    assert b"<title>Edited" in server.get("/index.html")[1]

    config.write_text(text + "\ntitel: typo\n", encoding="utf-8")
    bad = server.wait_for(lambda s: s["error"] is not None)
    assert bad["version"] == good["version"]
    assert "titel" in str(bad["error"]) and "\n" not in str(bad["error"])
    assert b"<title>Edited" in server.get("/index.html")[1]  # the last good site is still served


def test_serve_stops_with_a_clear_error_when_its_server_is_killed(server: Server) -> None:
    children = Path(f"/proc/{server.proc.pid}/task/{server.proc.pid}/children")
    if not children.exists():
        pytest.skip("no /proc children list on this system")
    (child,) = (int(pid) for pid in children.read_text().split())
    os.kill(child, signal.SIGKILL)
    out, err = server.proc.communicate(timeout=60)
    assert server.proc.returncode == 1 and "stopped" not in out
    assert err.splitlines()[-1] == ("error: the server process stopped (signal 9); nothing is served any more: "
                                    "run sitegen serve again")
    assert "Traceback" not in err


@pytest.mark.parametrize("sent", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_ctrl_c_or_sigterm_stops_serve_cleanly(server: Server, sent: signal.Signals) -> None:
    cache = server.site / ".sitegen-cache"
    later = ("markup", "fragments")  # handed on in memory, not packed and written after each build
    assert not any((cache / kind).exists() for kind in later)
    server.proc.send_signal(sent)
    out, err = server.proc.communicate(timeout=60)
    assert server.proc.returncode == 0, err
    assert out.rstrip().endswith("stopped")
    assert "Traceback" not in err
    assert [len([p for p in (cache / kind).rglob("*") if p.is_file()]) for kind in later] == [1, 1]  # as it ends
    with pytest.raises(ConnectionRefusedError):  # the server went with it
        server.get("/index.html")


def test_a_file_saved_again_without_a_change_is_not_built_again(server: Server) -> None:
    said: queue.Queue[str] = queue.Queue()
    assert server.proc.stdout is not None
    threading.Thread(target=lambda: [said.put(line) for line in server.proc.stdout or ()], daemon=True).start()
    # the seed files were copied just now: a build's stamp of them is trusted once RECENT_NS have passed
    newest = max(os.stat(p).st_ctime_ns for p in (server.site / "seeds").iterdir())
    time.sleep(max(0.0, (newest + RECENT_NS - time.time_ns()) / 1e9 + 0.1))
    config = server.site / "content" / "site.yaml"
    text = config.read_text(encoding="utf-8")
    first = server.state()
    config.write_text(text.replace('title: "', 'title: "Edited ', 1), encoding="utf-8")
    assert said.get(timeout=120).startswith("built ")
    edited = server.wait_for(lambda s: s["version"] != first["version"])
    config.write_bytes(config.read_bytes())  # an editor's save with nothing changed: a new status, the same bytes
    assert said.get(timeout=120) == "unchanged: the files saved hold what the last build read; the site stays as it is\n"
    assert server.state()["version"] == edited["version"]
    config.write_text(text, encoding="utf-8")  # a change still builds
    assert said.get(timeout=120).startswith("built ")

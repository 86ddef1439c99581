"""`sitegen serve`: build, serve the output locally, rebuild on every change and reload the browser.

The site is served from the output folder as built; HTML responses get a small script (only
in what is sent, never in the files) that asks `/__sitegen/state` whether a rebuild finished
and reloads the page when one did, or shows the one-line error of a failed rebuild at the top
of the page. A failed rebuild leaves the output folder (the last good site) in place. Only
files inside the output folder are served: a request path is decoded once, `..` segments are
refused, and the real path (symbolic links resolved) must lie inside the output folder.

Where a fork is safe, the server runs in a forked process of its own (`ServerProcess`) and this
process only watches and builds: it keeps no other thread, so its builds may fork as
`sitegen build` does, and it keeps in memory between them (`memory.Memory`) the unchanged seed
files and articles' results, and the last build's records that did not change (events, items,
their fingerprints, the merge's memo), so a rebuild neither reads nor remakes them. Should the
server process end on its own (killed, out of memory), serve stops with an error saying so,
rather than build for no one. A change that leaves every input as the last good build read it (a
file saved again without an edit: sitegen.uptodate) is said to be so, and not built.
"""

from __future__ import annotations

import gc
import http.server
import json
import os
import signal
import sys
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NoReturn, Protocol
from urllib.parse import parse_qs, unquote, urlsplit

from sitegen.build import Options, Paths, build, summary
from sitegen.cache import Store
from sitegen.errors import SitegenError
from sitegen.forking import can_fork
from sitegen.gcpause import GarbageRelease
from sitegen.memory import Memory
from sitegen.uptodate import inputs_stamp

EXIT_OK, EXIT_ERROR = 0, 1
STATE_PATH = "/__sitegen/state"
RELOAD_SCRIPT_PATH = "/__sitegen/reload.js"
POLL_SECONDS = 20.0  # how long a state request waits for a change before answering anyway
RELOAD_JS = b"""// sitegen serve: reload this page when the site is rebuilt; show a failed rebuild's error.
(function () {
  "use strict";
  var version = null, serial = null;
  function banner(text) {
    var box = document.getElementById("sitegen-serve-error");
    if (!text) { if (box) { box.remove(); } return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "sitegen-serve-error";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;top:0;left:0;right:0;z-index:2147483647;padding:.6em 1em;" +
        "background:#8b0000;color:#fff;font:14px/1.4 monospace;white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = "sitegen: rebuild failed: " + text;
  }
  function poll() {
    var url = "/__sitegen/state" + (serial === null ? "" : "?since=" + serial);
    fetch(url, {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (state) {
      if (version !== null && state.version !== version) { location.reload(); return; }
      version = state.version;
      serial = state.serial;
      banner(state.error);
      poll();
    }).catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
"""
WAKE_MS = 500  # how often the watcher wakes without a change
SCRIPT_TAG = f'<script src="{RELOAD_SCRIPT_PATH}"></script>'.encode()


@dataclass
class State:
    """What the browser is told: the number of the last good build, the error of a failed one."""

    version: int = 0  # good builds so far
    serial: int = 0  # rebuilds so far, good or failed
    error: str | None = None
    changed: threading.Condition = field(default_factory=threading.Condition)

    def publish(self, *, error: str | None) -> None:
        """Record a rebuild's outcome (a new version when it succeeded) and wake waiting pages."""
        with self.changed:
            if error is None:
                self.version += 1
            self.serial += 1
            self.error = error
            self.changed.notify_all()

    def wait(self, since: int | None, timeout: float) -> dict[str, Any]:
        """Return the state once a rebuild after `since` finished (or after `timeout` seconds)."""
        with self.changed:
            if since is not None:
                self.changed.wait_for(lambda: self.serial != since, timeout)
            return {"version": self.version, "serial": self.serial, "error": self.error}


def safe_file(root: Path, url_path: str) -> Path | None:
    """Return the file under `root` a URL path names, or None when it is missing or would leave `root`."""
    path = unquote(urlsplit(url_path).path)
    if "\x00" in path or "\\" in path:
        return None
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if ".." in parts:
        return None
    real_root = os.path.realpath(root)
    target = os.path.join(real_root, *parts)
    if os.path.isdir(target):
        target = os.path.join(target, "index.html")
    real = os.path.realpath(target)
    if real != target or not real.startswith(real_root + os.sep):  # a symbolic link on the way
        return None
    return Path(real) if os.path.isfile(real) else None


def inject(html: bytes) -> bytes:
    """Return an HTML page with the reload script before its closing body tag (or at its end)."""
    at = html.rfind(b"</body>")
    return html + SCRIPT_TAG if at < 0 else html[:at] + SCRIPT_TAG + html[at:]


_TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
          ".js": "text/javascript; charset=utf-8", ".json": "application/json", ".xml": "application/xml",
          ".svg": "image/svg+xml", ".ico": "image/x-icon", ".csv": "text/csv; charset=utf-8",
          ".ics": "text/calendar; charset=utf-8", ".wasm": "application/wasm"}


class Handler(http.server.BaseHTTPRequestHandler):
    """Serve the output folder, the reload script and the rebuild state; nothing else."""

    root: Path
    state: State
    server_version = "sitegen-serve"

    def do_GET(self) -> None:
        """Answer a GET request."""
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        """Answer a HEAD request."""
        self._answer(send_body=False)

    def _answer(self, *, send_body: bool) -> None:
        url = urlsplit(self.path)
        if url.path == STATE_PATH:
            since = parse_qs(url.query).get("since", [""])[0]
            state = self.state.wait(int(since) if since.isdigit() else None, POLL_SECONDS)
            self._send(200, "application/json", json.dumps(state).encode(), send_body)
            return
        if url.path == RELOAD_SCRIPT_PATH:
            self._send(200, _TYPES[".js"], RELOAD_JS, send_body)
            return
        found = safe_file(self.root, self.path)
        status = 200
        if found is None:
            status, found = 404, safe_file(self.root, "/404.html")
            if found is None:
                self._send(404, "text/plain; charset=utf-8", b"not found\n", send_body)
                return
        try:
            data = found.read_bytes()
        except OSError:  # swapped away between the check and the read: the next request finds it
            self._send(503, "text/plain; charset=utf-8", b"the site is being rebuilt; reload\n", send_body)
            return
        kind = _TYPES.get(found.suffix, "application/octet-stream")
        self._send(status, kind, inject(data) if found.suffix == ".html" else data, send_body)

    def _send(self, status: int, kind: str, body: bytes, send_body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the terminal for build messages."""


def build_once(paths: Paths, options: Options, state: Publishes, *, timings: bool,
               release: GarbageRelease | None = None) -> bool:
    """Build once, print the outcome (and the timings), publish it, collect what it left when `release` says
    so (the process's policy: by default after a failure only); return True when the build succeeded."""
    release = release if release is not None else GarbageRelease()
    started = time.perf_counter()
    options.progress.restart()  # --timings shows this build's stages, not the sum of every build so far
    try:
        report = build(paths, options)
    except SitegenError as err:
        message = err.render()
        print(f"error: {message}", file=sys.stderr, flush=True)
        state.publish(error=message)
        release.after(good=False)
        return False
    for problem in report.gathered.problems:
        print(f"warning: {problem.render()}", file=sys.stderr)
    print(f"built {paths.output} in {time.perf_counter() - started:.2f} s: " + "; ".join(summary(report)[1:]),
          flush=True)
    if timings:
        for line in options.progress.timings():
            print(line, file=sys.stderr)
    state.publish(error=None)
    del report
    release.after(good=True)  # while the browser reloads
    return True


def _snapshot(folders: list[Path]) -> dict[str, tuple[int, int]]:
    """Return every file under `folders` with its mtime and size."""
    found: dict[str, tuple[int, int]] = {}
    for folder in folders:
        for path in folder.rglob("*"):
            try:
                info = path.stat()
            except OSError:
                continue
            found[str(path)] = (info.st_mtime_ns, info.st_size)
    return found


class Publishes(Protocol):
    """Where a build's outcome goes: the state the server tells the browser."""

    def publish(self, *, error: str | None) -> None:
        """Record a rebuild's outcome and wake the pages waiting for one."""


class ServerThread:
    """The server in a thread of this process (where forking is not safe): builds publish straight to its state."""

    def __init__(self, server: http.server.ThreadingHTTPServer, state: State) -> None:
        self._server, self._state = server, state
        threading.Thread(target=server.serve_forever, name="sitegen-serve", daemon=True).start()

    def publish(self, *, error: str | None) -> None:
        """Record a rebuild's outcome."""
        self._state.publish(error=error)

    def stopped(self) -> str | None:
        """Return why the server stopped on its own, or None while it serves (a thread does not stop)."""
        return None

    def stop(self) -> None:
        """Stop serving."""
        self._server.shutdown()
        self._server.server_close()


class ServerProcess:
    """The server in a forked process of its own, so this process keeps no other thread and its builds may
    fork too (`sitegen.forking`: with a server thread, feeds and exports rendered on one core, and a rebuild
    at 10,000 articles took longer than `sitegen build`). Each build's outcome goes to the server as one
    JSON line through a pipe; the server ends when the pipe closes (this process stopped or died)."""

    def __init__(self, server: http.server.ThreadingHTTPServer, state: State) -> None:
        read_fd, write_fd = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            os.close(write_fd)
            _serve_in_child(server, state, read_fd)
        os.close(read_fd)
        server.server_close()  # the listening socket is the child's
        self.pid = pid  # the server process
        self._status: int | None = None  # the server's exit code, once it has ended and been waited for
        self._pipe = os.fdopen(write_fd, "w", encoding="utf-8")

    def publish(self, *, error: str | None) -> None:
        """Send a rebuild's outcome to the server."""
        try:
            self._pipe.write(json.dumps({"error": error}) + "\n")
            self._pipe.flush()
        except OSError:  # the server is gone; the builds go on
            pass

    def stopped(self) -> str | None:
        """Return why the server process ended on its own (killed, out of memory), or None while it serves."""
        if self._status is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid == 0:
                return None
            self._status = os.waitstatus_to_exitcode(status)
        code = self._status
        return f"the server process stopped ({f'signal {-code}' if code < 0 else f'exit status {code}'})"

    def stop(self) -> None:
        """Close the pipe, and wait for the server to end."""
        try:
            self._pipe.close()
        except OSError:
            pass
        if self._status is None:
            os.waitpid(self.pid, 0)


def _serve_in_child(server: http.server.ThreadingHTTPServer, state: State, read_fd: int) -> NoReturn:
    """In the forked server: serve, publish each outcome the builder sends, end when the pipe closes."""
    code = 0
    try:
        gc.freeze()  # the builder's records are not this process's to walk: a collection would copy them all
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the builder's to handle: it closes the pipe
        threading.Thread(target=server.serve_forever, name="sitegen-serve", daemon=True).start()
        with os.fdopen(read_fd, encoding="utf-8") as lines:
            for line in lines:
                state.publish(error=json.loads(line)["error"])
        server.shutdown()
        server.server_close()
    except BaseException:  # noqa: BLE001 - nothing to report to: the builder sees the server gone
        code = 1
    finally:
        os._exit(code)


def run(paths: Paths, options: Options, *, host: str, port: int, timings: bool = False) -> int:
    """Build, serve and rebuild on changes until Ctrl-C; return the exit code."""
    import watchfiles

    state = State()
    if options.cache is not None:  # the rebuilds take the unchanged articles' results from this process's memory
        options = replace(options, memory=Memory())
    watched = [p for p in (paths.seeds, paths.content, paths.templates) if p.is_dir()]
    before = _snapshot(watched)
    release = GarbageRelease()
    stamped = inputs_stamp(paths)  # the inputs as last stamped: the next stamp reads only the files changed since
    built = stamped  # what the last good build read (None: unknown, or the last build failed)
    if not build_once(paths, options, state, timings=timings, release=release):
        built = None
        if not paths.output.is_dir():
            return EXIT_ERROR  # nothing good to serve yet
    handler = type("BoundHandler", (Handler,), {"root": paths.output, "state": state})
    try:
        server = http.server.ThreadingHTTPServer((host, port), handler)
    except OSError as err:
        raise SitegenError(f"cannot listen on {host}:{port}: {err.strerror}; pick another --port") from None
    server.daemon_threads = True
    address = server.server_address[1]
    serving = ServerProcess(server, state) if can_fork() else ServerThread(server, state)
    shown_host = f"[{host}]" if ":" in host else host
    announced = False
    stop_on_term = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _interrupt) if stop_on_term else None
    try:
        # the watcher yields an empty set every WAKE_MS: the first one says it is watching, so
        # "serving" is printed only once no edit can be missed (one made during the first build
        # is caught by comparing the files with their state before it)
        for changes in watchfiles.watch(*watched, raise_interrupt=True, debounce=200,
                                        yield_on_timeout=True, rust_timeout=WAKE_MS):
            if not announced:
                announced = True
                print(f"serving {paths.output} at http://{shown_host}:{address}/ (Ctrl-C to stop)", flush=True)
                if _snapshot(watched) == before:
                    continue
            else:
                gone = serving.stopped()
                if gone is not None:  # nothing would show the builds: say so rather than build for no one
                    print(f"error: {gone}; nothing is served any more: run sitegen serve again", file=sys.stderr,
                          flush=True)
                    return EXIT_ERROR
                if not changes:
                    continue
            now = inputs_stamp(paths, earlier=stamped)  # after a failed build too: not every seed read again
            stamped = now or stamped
            if now is not None and built is not None and now.same(built):  # saved again without a change
                print("unchanged: the files saved hold what the last build read; the site stays as it is", flush=True)
                continue
            built = now if build_once(paths, options, serving, timings=timings, release=release) else None
    except KeyboardInterrupt:
        pass
    finally:
        serving.stop()
        if stop_on_term:
            signal.signal(signal.SIGTERM, previous)
        if options.memory is not None and options.cache is not None:  # what only a later build reads (the markup)
            options.memory.flush(Store(options.cache).put)
    print("stopped", flush=True)
    return EXIT_OK


def _interrupt(signum: int, frame: object) -> None:
    """Stop serving on SIGTERM as on Ctrl-C (what a service manager, a container or a task runner sends)."""
    raise KeyboardInterrupt

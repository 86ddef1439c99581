"""Helpers of the real-browser tests: built sites, a local static server, a request recorder.

The browser is Debian's /usr/bin/chromium driven by Python playwright (never
`playwright install`). Without it the browser tests are skipped with a reason, except
in CI (the CI variable set), where a missing browser is a failure.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import importlib.util
import os
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
CHROMIUM = Path("/usr/bin/chromium")
NODE_MODULES = HERE / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
CORPUS_ARTICLES = 2000
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]

# The page types every check runs over, and where the site model puts them.
PAGE_TYPES = ("index", "year", "month", "article", "source", "place", "about", "corrections", "404", "listing",
              "background", "entry")
LONG_ONLY = ("year", "month", "listing", "background", "entry")  # the pages only a long chronology has (the corpus', not the seeds')


def missing_browser() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing: install Debian's chromium (bash .ci/setup-browser.sh)"
    if importlib.util.find_spec("playwright") is None:
        return "Python playwright is missing: pip install '.[test]'"
    return None


def require(condition: bool, reason: str) -> None:
    """Skip the test for a missing tool, but fail in CI where every tool must be there."""
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so this is a failure, not a skip)")
    pytest.skip(reason)


# ------------------------------------------------------------------ built sites


@dataclass
class Site:
    """A built site on disk, served by a local server at / and at /sub/."""

    name: str
    root: Path
    port: int = 0

    def url(self, rel: str = "", *, sub: bool = False) -> str:
        """Return the http URL of a file of the site, at / or under /sub/."""
        return f"http://127.0.0.1:{self.port}/{'sub/' if sub else ''}{rel}"

    def file_url(self, rel: str = "index.html") -> str:
        """Return the file:// URL of a file of the site."""
        return (self.root / rel).as_uri()

    @functools.cached_property
    def pages(self) -> dict[str, str]:
        """Return page type -> relative path of one page of that type (the first in path order)."""
        found: dict[str, str] = {}
        patterns = {
            "index": "index.html",
            "year": "years/*/index.html",
            "month": "years/*/*/index.html",  # one month of a long year
            "article": "articles/*/index.html",
            "source": "sources/*/index.html",
            "place": "places/*/index.html",
            "listing": "sources/*/*/index.html",  # one year of a long outlet page
            "background": "background/*/index.html",
            "entry": "entries/*/index.html",  # an item with more sources than a listing shows
            "about": "about/index.html",
            "corrections": "corrections/index.html",
            "404": "404.html",
        }
        for kind, pattern in patterns.items():
            hits = sorted(self.root.glob(pattern))
            if hits:
                found[kind] = hits[0].relative_to(self.root).as_posix()
        return found

    def html_files(self) -> list[Path]:
        """Return every generated HTML file, in path order."""
        return sorted(p for p in self.root.rglob("*.html") if "pagefind" not in p.parts)


def load_corpus_module() -> Any:
    spec = importlib.util.spec_from_file_location("sitegen_bench_corpus", ROOT / "benchmarks" / "corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serve one folder at / and again at /sub/; quiet."""

    def translate_path(self, path: str) -> str:
        clean = urlsplit(path).path
        if clean == "/sub":
            clean = "/sub/"
        if clean.startswith("/sub/"):
            clean = clean[len("/sub"):]
        return super().translate_path(clean)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve(site: Site) -> Iterator[Site]:
    """Serve a site on 127.0.0.1 (a free port) in a thread for the duration of the block."""
    handler = functools.partial(_Handler, directory=str(site.root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    site.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, name=f"serve-{site.name}", daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@dataclass
class Recorder:
    """What went wrong while a page loaded: console errors, page errors, failed or foreign requests."""

    allowed_hosts: tuple[str, ...] = ("127.0.0.1",)
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    requests: list[Any] = field(default_factory=list)

    def attach(self, page: Any) -> None:
        """Listen to a page's console, errors, requests and responses."""
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.console_errors.append(f"uncaught: {exc}"))
        page.on("request", self._request)
        page.on("requestfailed", self._failed)
        page.on("response", self._response)

    def _failed(self, request: Any) -> None:
        # A request the browser itself abandoned (the page navigated on, as a favicon fetch often is
        # when a test moves fast) did not fail to load; every other failure counts.
        if request.failure != "net::ERR_ABORTED":
            self.failed.append(f"{request.url} ({request.failure})")

    def _console(self, msg: Any) -> None:
        if msg.type == "error":
            where = msg.location.get("url", "") if msg.location else ""
            self.console_errors.append(f"{msg.text} [{where}]")

    def _request(self, request: Any) -> None:
        self.requests.append(request)
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob", "file", "about"):
            return
        if parts.hostname not in self.allowed_hosts:
            self.foreign.append(request.url)

    def _response(self, response: Any) -> None:
        if response.status >= 400:
            self.failed.append(f"{response.url} (HTTP {response.status})")

    def clear(self) -> None:
        """Forget everything recorded so far."""
        self.console_errors.clear()
        self.failed.clear()
        self.foreign.clear()
        self.requests.clear()

    def problems(self) -> list[str]:
        """Return every recorded problem, one line each."""
        return ([f"console error: {e}" for e in self.console_errors]
                + [f"failed request: {f}" for f in self.failed]
                + [f"request to another host: {u}" for u in self.foreign])


SCRIPT_SETTLED = """() => document.documentElement.classList.contains('js')
    && (!document.querySelector('#search[data-search=on]')
        || document.querySelector('#search.is-ready, #search [data-search-status]') !== null)"""


def goto(pg: Any, url: str) -> Any:
    """Open a URL and wait until timeline.js has run and the search UI (if any) has loaded or given up."""
    response = pg.goto(url, wait_until="load")
    if pg.locator("script[src$='timeline.js']").count():
        with contextlib.suppress(Exception):
            pg.wait_for_function(SCRIPT_SETTLED, timeout=5000)
    return response


def path_of(url: str) -> str:
    """Return the unquoted path of a URL."""
    return unquote(urlsplit(url).path)


def pagefind_installed() -> bool:
    """Return True when the pagefind Python package (with its binary) is importable."""
    return importlib.util.find_spec("pagefind") is not None


MEASUREMENTS = ARTIFACTS / "measurements.json"


def record_measurement(key: str, value: Any) -> None:
    """Add one measured number to test-artifacts/measurements.json (for the report, not asserted on)."""
    import json

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    data = json.loads(MEASUREMENTS.read_text("utf-8")) if MEASUREMENTS.exists() else {}
    data[key] = value
    MEASUREMENTS.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", "utf-8")

"""`sitegen import` against a real HTTP server on 127.0.0.1: saved pages, sidecars and every refusal."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitegen.cli import main
from sitegen.read.fetch import FetchError, Imported, import_urls, page_slug
from sitegen.read.sidecar import read_sidecar

PAGE = (b"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Strike on Kharkiv | Example</title></head>"
        b"<body><h1>Strike on Kharkiv</h1><p>Officials said a drone struck a power plant in Kharkiv on "
        b"Tuesday, cutting power to thousands of homes.</p></body></html>")
BIG = 300_000  # bytes the /big page sends; the tests set the limit below it


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # keep the test output clean
        pass

    def _send(self, code: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.send_response(code)
        for key, value in (headers or {"Content-Type": "text/html; charset=utf-8"}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        routes = {
            "/news/2024/05/14/strike-on-kharkiv": lambda: self._send(200, PAGE),
            "/moved": lambda: self._send(301, headers={"Location": "/news/2024/05/14/strike-on-kharkiv"}),
            "/to-file": lambda: self._send(302, headers={"Location": "file:///etc/passwd"}),
            "/loop": lambda: self._send(302, headers={"Location": "/loop"}),
            "/missing": lambda: self._send(404, b"not here"),
            "/image": lambda: self._send(200, b"\x89PNG\r\n\x1a\n", {"Content-Type": "image/png"}),
            "/big": lambda: self._send(200, b"<p>" + b"x" * BIG + b"</p>"),
            "/empty": lambda: self._send(200, b""),
        }
        if self.path == "/big-undeclared":  # no Content-Length: the limit applies while it streams in
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(BIG // 1000):
                self.wfile.write(b"x" * 1000)
            return
        if self.path == "/slow":
            time.sleep(1.5)
            self._send(200, PAGE)
            return
        routes.get(self.path, lambda: self._send(404, b""))()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_a_page_is_saved_verbatim_with_its_sidecar(server: str, tmp_path: Path) -> None:
    url = f"{server}/news/2024/05/14/strike-on-kharkiv"
    [result] = import_urls([url], tmp_path)
    assert isinstance(result, Imported)
    assert result.page == tmp_path / "strike-on-kharkiv.html"
    assert result.page.read_bytes() == PAGE
    side = read_sidecar(tmp_path / "strike-on-kharkiv.source.yaml")
    assert (side.url, side.final_url, side.content_type) == (url, None, "text/html; charset=utf-8")
    assert side.fetched is not None and side.fetched.endswith("Z")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["strike-on-kharkiv.html", "strike-on-kharkiv.source.yaml"]


def test_a_redirect_is_followed_and_recorded(server: str, tmp_path: Path) -> None:
    [result] = import_urls([f"{server}/moved"], tmp_path)
    assert isinstance(result, Imported)
    assert result.page.name == "moved.html"
    side = read_sidecar(result.sidecar)
    assert side.final_url == f"{server}/news/2024/05/14/strike-on-kharkiv"


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/to-file", "redirects to an http:// or https:// address ('file:///etc/passwd'); only web pages are imported"),
        ("/loop", "more than 5 redirects; give the page's final address"),
        ("/missing", "the server answered 404 Not Found"),
        ("/image", "not a web page (Content-Type image/png); import HTML pages only"),
        ("/big", "the page is larger than the 0.190735 MB limit (0.3 MB declared); save its text as a .txt file instead"),
        ("/big-undeclared", "the page is larger than the 0.190735 MB limit; save its text as a .txt file instead"),
        ("/slow", "no answer within 0.5 seconds (time-out); try again later"),
        ("/empty", "the server sent an empty page"),
    ],
)
def test_a_failed_fetch_says_why_and_writes_nothing(server: str, tmp_path: Path, path: str, reason: str) -> None:
    assert import_urls([server + path], tmp_path, timeout=0.5, max_bytes=200_000) == [(server + path, reason)]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", ("is not an http:// or https:// address ('file:///etc/passwd'); only web pages are "
                                "imported")),
        ("ftp://127.0.0.1/x", ("is not an http:// or https:// address ('ftp://127.0.0.1/x'); only web pages are "
                               "imported")),
        ("javascript:alert(1)", ("is not an http:// or https:// address ('javascript:alert(1)'); only web pages are "
                                 "imported")),
        ("http://", "is not an http:// or https:// address ('http://'); only web pages are imported"),
    ],
)
def test_only_web_addresses_are_fetched(tmp_path: Path, url: str, reason: str) -> None:
    assert import_urls([url], tmp_path) == [(url, reason)]
    assert list(tmp_path.iterdir()) == []


def test_an_existing_file_is_never_overwritten(server: str, tmp_path: Path) -> None:
    (tmp_path / "strike-on-kharkiv.html").write_text("my own notes")
    url = f"{server}/news/2024/05/14/strike-on-kharkiv"
    [result] = import_urls([url], tmp_path)
    assert result == (url, (f"{tmp_path / 'strike-on-kharkiv.html'} already exists and is never overwritten; "
                            "delete it or rename it to import this page again"))
    assert (tmp_path / "strike-on-kharkiv.html").read_text() == "my own notes"
    assert not (tmp_path / "strike-on-kharkiv.source.yaml").exists()


def test_the_command_reports_each_url_and_fails_when_one_fails(
        server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good, bad = f"{server}/news/2024/05/14/strike-on-kharkiv", f"{server}/missing"
    assert main(["import", good, bad, "--seeds", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    assert out == (f"saved {good} as {tmp_path / 'strike-on-kharkiv.html'} ({len(PAGE)} bytes; source in "
                   "strike-on-kharkiv.source.yaml)\n")
    assert err == f"error: {bad}: the server answered 404 Not Found\n"


def test_the_imported_page_builds_as_an_article(server: str, tmp_path: Path) -> None:
    from sitegen.extract import extract

    import_urls([f"{server}/news/2024/05/14/strike-on-kharkiv"], tmp_path)
    got = extract(tmp_path / "strike-on-kharkiv.html", tmp_path / "no-content")
    assert (got["title"], got["published"], got["published_evidence"], got["url"]) == (
        "Strike on Kharkiv", "2024-05-14", 'date in the URL: "2024/05/14"',
        f"{server}/news/2024/05/14/strike-on-kharkiv")


def test_a_missing_seeds_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FetchError, match="the seeds folder does not exist"):
        import_urls(["http://127.0.0.1/x"], tmp_path / "nope")


@pytest.mark.parametrize(
    ("url", "slug"),
    [
        ("https://www.example.com/world/2024/05/14/strike-on-kharkiv", "strike-on-kharkiv"),
        ("https://www.example.com/news/603011-us-hesitant.html", "603011-us-hesitant"),
        ("https://www.example.com/2024/05/14/index.html", "05-14-index-html"),
        ("https://www.example.com/", "www-example-com"),
        ("https://example.com/статья/київ", "example-com"),
    ],
)
def test_page_slugs(url: str, slug: str) -> None:
    assert page_slug(url) == slug

"""`sitegen import URL…`: fetch web pages into the seeds folder verbatim, each with a sidecar.

Only http:// and https:// addresses are fetched, and a redirect is followed only to another
http(s) address (at most `MAX_REDIRECTS`). A page larger than `MAX_HTML_BYTES` is refused
while it streams in; connection and read time-outs apply. A page is written as
`<slug>.html` beside `<slug>.source.yaml` (the address and the fetch time), never over an
existing file; nothing is written for a fetch that fails.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from sitegen.read.html import MAX_HTML_BYTES
from sitegen.read.sidecar import SUFFIX, Sidecar, now_stamp, sidecar_text
from sitegen.text.normalize import slugify

MAX_REDIRECTS = 5
TIMEOUT_SECONDS = 20.0  # for connecting, and between two pieces of the page
TOTAL_TIMEOUTS = 3  # the whole page must arrive within this many time-outs
SLUG_MAX = 80
USER_AGENT = "sitegen-import (+a static timeline generator; fetches one page per request)"
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_REDIRECTS = (301, 302, 303, 307, 308)


class FetchError(Exception):
    """One address could not be imported; the message says why and what to do."""


@dataclass(frozen=True)
class Imported:
    """A page saved into the seeds folder."""

    url: str
    page: Path
    sidecar: Path
    size: int


def import_urls(urls: Sequence[str], seeds: Path, *, timeout: float = TIMEOUT_SECONDS,
                max_bytes: int = MAX_HTML_BYTES) -> list[Imported | tuple[str, str]]:
    """Fetch each address into `seeds`; return, in order, what was saved or (url, reason) for a failure."""
    import httpx

    if not seeds.is_dir():
        raise FetchError(f"{seeds}: the seeds folder does not exist; create it or pass --seeds DIR")
    results: list[Imported | tuple[str, str]] = []
    with httpx.Client(timeout=httpx.Timeout(timeout), follow_redirects=False,
                      headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml"}) as client:
        for url in urls:
            try:
                results.append(_import_one(client, url, seeds, timeout, max_bytes))
            except FetchError as why:
                results.append((url, str(why)))
    return results


def page_slug(url: str) -> str:
    """Return a file name stem for a page address: its last path segments, else its host, as a slug."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    stem = re.sub(r"\.(?:s?html?|php|aspx?)$", "", segments[-1], flags=re.IGNORECASE) if segments else ""
    slug = slugify(stem, empty="")
    if len(slug) < 8 and len(segments) > 1:  # "/2024/05/14/index.html": take more of the path
        slug = slugify("-".join(segments[-3:]), empty="")
    slug = slug or slugify(parts.hostname or "", empty="") or "page"
    return slug[:SLUG_MAX].rstrip("-")


def _import_one(client: object, url: str, seeds: Path, timeout: float, max_bytes: int) -> Imported:
    import httpx

    assert isinstance(client, httpx.Client)
    _check_address(url, "is not")
    stem = page_slug(url)
    page, side = seeds / f"{stem}.html", seeds / f"{stem}{SUFFIX}"
    for existing in (page, side):
        if existing.exists():
            raise FetchError(f"{existing} already exists and is never overwritten; delete it or rename it to "
                             "import this page again")
    current = url
    try:
        for _ in range(MAX_REDIRECTS + 1):
            with client.stream("GET", current) as response:
                if response.status_code in _REDIRECTS and "location" in response.headers:
                    target = urljoin(current, response.headers["location"])
                    _check_address(target, "redirects to")
                    current = target
                    continue
                if response.status_code != 200:
                    raise FetchError(f"the server answered {response.status_code} {response.reason_phrase}")
                kind = response.headers.get("content-type", "")
                if kind and not kind.split(";")[0].strip().lower() in _HTML_TYPES:
                    raise FetchError(f"not a web page (Content-Type {kind.split(';')[0].strip()}); "
                                     "import HTML pages only")
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > max_bytes:
                    raise FetchError(_too_big(max_bytes, int(declared)))
                body = bytearray()
                deadline = time.monotonic() + TOTAL_TIMEOUTS * timeout
                for chunk in response.iter_bytes():
                    body.extend(chunk)
                    if len(body) > max_bytes:
                        raise FetchError(_too_big(max_bytes))  # how much had arrived depends on chunking
                    if time.monotonic() > deadline:
                        raise httpx.ReadTimeout("the whole page took too long")
                break
        else:
            raise FetchError(f"more than {MAX_REDIRECTS} redirects; give the page's final address")
    except httpx.TimeoutException:
        raise FetchError(f"no answer within {timeout:g} seconds (time-out); try again later") from None
    except httpx.HTTPError as err:
        raise FetchError(f"cannot fetch it ({type(err).__name__}: {err})") from None
    if not body.strip():
        raise FetchError("the server sent an empty page")
    sidecar = Sidecar(url=url, final_url=current if current != url else None, fetched=now_stamp(),
                      content_type=kind or None)
    _write_new(page, bytes(body))
    try:
        _write_new(side, sidecar_text(sidecar).encode("utf-8"))
    except FetchError:
        page.unlink()
        raise
    return Imported(url, page, side, len(body))


def _check_address(url: str, verb: str) -> None:
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        shown = url if len(url) <= 80 else url[:79] + "…"
        raise FetchError(f"{verb} an http:// or https:// address ({shown!r}); only web pages are imported")


def _too_big(limit: int, declared: int | None = None) -> str:
    size = f" ({declared / 1048576:.1f} MB declared)" if declared is not None else ""
    return (f"the page is larger than the {limit / 1048576:g} MB limit{size}; "
            "save its text as a .txt file instead")


def _write_new(path: Path, data: bytes) -> None:
    """Write a new file whole or not at all, never replacing one (a hidden temporary file, then a hard link)."""
    fd, tmp = tempfile.mkstemp(prefix=".import-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.link(tmp, path)
    except FileExistsError:
        raise FetchError(f"{path} already exists and is never overwritten") from None
    except OSError as err:
        raise FetchError(f"cannot write {path} ({err.strerror or err})") from None
    finally:
        Path(tmp).unlink(missing_ok=True)

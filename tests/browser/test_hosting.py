"""The site works wherever it is put: under a sub-path, opened from file://, with a strict CSP, offline."""

from __future__ import annotations

import html.parser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from browserkit import LONG_ONLY, PAGE_TYPES, Recorder, Site, goto

pytestmark = pytest.mark.browser

URL_ATTRS = {"href", "src", "action", "poster", "data"}
RESOURCE_TAGS = {"script", "link", "img", "iframe", "source", "video", "audio", "object", "embed", "track"}


class _Links(html.parser.HTMLParser):
    """Collect URLs, ids, inline scripts and event-handler attributes of one HTML file."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.ids: set[str] = set()
        self.inline: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.ids.add(values["name"])
        for k, v in values.items():
            if k in URL_ATTRS:
                self.urls.append((tag, k, v))
            elif k == "srcset":
                self.urls.extend((tag, k, part.split()[0]) for part in v.split(",") if part.strip())
            elif k.startswith("on"):
                self.inline.append(f"<{tag} {k}=…>")
            elif k == "style":
                self.inline.append(f"<{tag} style=…>")
        if tag == "script" and "src" not in values and values.get("type", "") not in (
                "application/ld+json", "application/json"):
            self.inline.append("<script> without src")


def parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text("utf-8"))
    return parser


def link_problems(site: Site, files: list[Path]) -> list[str]:
    """Every relative URL must name an existing file (not a folder) and an existing fragment."""
    parsed = {f: parse(f) for f in files}
    ids_cache: dict[Path, set[str]] = {f: p.ids for f, p in parsed.items()}
    problems = []
    for f, p in parsed.items():
        rel = f.relative_to(site.root).as_posix()
        for tag, attr, value in p.urls:
            parts = urlsplit(value)
            if parts.scheme in ("data", "mailto", "tel", "javascript"):
                if parts.scheme == "javascript":
                    problems.append(f"{rel}: javascript: URL in <{tag} {attr}>")
                continue
            if parts.scheme or parts.netloc:
                if tag in RESOURCE_TAGS and not (tag == "link" and attr == "href" and _is_navigation_link(value, f)):
                    problems.append(f"{rel}: <{tag} {attr}={value!r}> loads from another host")
                continue
            if value.startswith("/"):
                problems.append(f"{rel}: <{tag} {attr}={value!r}> is root-absolute (breaks under a sub-path)")
                continue
            target = f if parts.path == "" else (f.parent / unquote(parts.path)).resolve()
            if parts.path and not target.is_file():
                kind = "a folder (file:// shows a listing)" if target.is_dir() else "missing"
                problems.append(f"{rel}: <{tag} {attr}={value!r}> is {kind}")
                continue
            if parts.fragment and target.suffix == ".html":
                if target not in ids_cache:
                    ids_cache[target] = parse(target).ids
                if unquote(parts.fragment) not in ids_cache[target]:
                    problems.append(f"{rel}: <{tag} {attr}={value!r}>: no id {parts.fragment!r} there")
    return problems


def _is_navigation_link(value: str, f: Path) -> bool:
    """<link rel=canonical/alternate href=https://…> names a URL; it loads nothing."""
    text = f.read_text("utf-8")
    i = text.find(value)
    tag = text[text.rfind("<", 0, i):text.find(">", i)]
    return any(f'rel="{r}"' in tag for r in ("canonical", "alternate", "license", "author", "me"))


def test_seed_site_links_work_from_file_and_sub_path(seed_site: Site) -> None:
    problems = link_problems(seed_site, seed_site.html_files())
    assert problems == [], "\n".join(problems[:40])


def test_corpus_site_links_work_from_file_and_sub_path(corpus_site: Site) -> None:
    files = corpus_site.html_files()
    sample = [f for f in files if len(f.relative_to(corpus_site.root).parts) <= 3][:400]
    problems = link_problems(corpus_site, sample)
    assert problems == [], "\n".join(problems[:40])


def test_no_inline_script_or_style_attribute(seed_site: Site) -> None:
    found = [f"{f.relative_to(seed_site.root)}: {what}" for f in seed_site.html_files() for what in parse(f).inline]
    assert found == [], "\n".join(found[:40])


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_page_opens_from_file(seed_site: Site, page: tuple[Any, Recorder], kind: str) -> None:
    pg, rec = page
    rel = seed_site.pages.get(kind)
    if rel is None and kind in LONG_ONLY:
        pytest.skip(f"the seed chronology fits on one page: no {kind} pages")
    assert rel is not None
    goto(pg, seed_site.file_url(rel))
    assert pg.locator("h1").count() == 1
    stylesheet = pg.evaluate("[...document.styleSheets].some(s => { try { return s.cssRules.length > 0 }"
                             " catch (e) { return true } })")
    assert stylesheet, "no stylesheet applied from file://"
    assert rec.problems() == []


def test_following_links_from_file_reaches_pages(seed_site: Site, page: tuple[Any, Recorder]) -> None:
    pg, rec = page
    goto(pg, seed_site.file_url("index.html"))
    first_source = pg.locator("li[data-date] a[href*='articles/']").first
    first_source.click()
    pg.wait_for_load_state("load")
    assert urlsplit(pg.url).scheme == "file" and pg.url.split("#")[0].endswith(".html")
    assert pg.locator("h1").count() == 1
    assert rec.problems() == []


def test_strict_csp_breaks_nothing(browser: Any, seed_site: Site) -> None:
    """Served with default-src 'self' (no inline script or style), pages still run without CSP errors."""
    ctx = browser.new_context()
    csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:"

    def with_csp(route: Any) -> None:
        response = route.fetch()
        headers = {**response.headers, "content-security-policy": csp}
        route.fulfill(response=response, headers=headers)

    try:
        ctx.route(f"http://127.0.0.1:{seed_site.port}/**", with_csp)
        pg = ctx.new_page()
        rec = Recorder()
        rec.attach(pg)
        for kind in ("index", "article", "about"):
            rel = seed_site.pages.get(kind)
            if rel:
                goto(pg, seed_site.url(rel))
        assert rec.problems() == []
    finally:
        ctx.close()

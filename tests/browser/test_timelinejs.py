"""The TimelineJS export loaded by the real TimelineJS 3.9 (npm @knight-lab/timelinejs) in Chromium.

Hostile strings in the site's title, description and phase names, and in an article's sentence,
must show as text: no dialog fires and no element is injected.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from browserkit import HERE, ROOT, Site, require, serve

pytestmark = pytest.mark.browser

TIMELINEJS = HERE / "node_modules" / "@knight-lab" / "timelinejs" / "dist"
EVIL = '<img src=x onerror="alert(document.domain)">'
PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>TimelineJS check</title>
<link rel="stylesheet" href="tl/css/timeline.css"><script src="tl/js/timeline.js"></script></head>
<body><div id="tl" style="width: 1000px; height: 600px"></div>
<script>window.tl = new TL.Timeline("tl", "timelinejs.json");</script></body></html>
"""


def _hostile_export() -> bytes:
    sys.path.insert(0, str(ROOT / "tests" / "site"))
    from test_sitemodel import CONFIG, make_site

    from sitegen.site.exports import timelinejs_json

    config = replace(CONFIG, title=EVIL, description=EVIL,
                     phases=tuple(replace(p, name=f"{p.name} {EVIL}") for p in CONFIG.phases))
    return timelinejs_json(make_site(config=config))


@pytest.fixture(scope="module")
def timeline_pages(tmp_path_factory: pytest.TempPathFactory, seed_site: Site) -> Iterator[Site]:
    require((TIMELINEJS / "js" / "timeline.js").is_file(),
            "TimelineJS is missing: npm ci --prefix tests/browser (bash .ci/setup-browser.sh)")
    out = tmp_path_factory.mktemp("timelinejs")
    shutil.copytree(TIMELINEJS, out / "tl")
    (out / "hostile").mkdir()
    (out / "hostile" / "index.html").write_text(PAGE.replace('"tl/', '"../tl/'), encoding="utf-8")
    (out / "hostile" / "timelinejs.json").write_bytes(_hostile_export())
    (out / "seed").mkdir()
    (out / "seed" / "index.html").write_text(PAGE.replace('"tl/', '"../tl/'), encoding="utf-8")
    shutil.copy2(seed_site.root / "timelinejs.json", out / "seed" / "timelinejs.json")
    with serve(Site("timelinejs", out)) as site:
        yield site


def _load(browser: Any, url: str) -> tuple[Any, list[str], list[str]]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    pg = context.new_page()
    dialogs: list[str] = []
    errors: list[str] = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(url)
    pg.wait_for_selector(".tl-slide", state="attached", timeout=15000)
    pg.wait_for_timeout(1500)  # onerror handlers of injected images would fire by now
    return pg, dialogs, errors


def test_hostile_strings_stay_text_in_timelinejs(browser: Any, timeline_pages: Site) -> None:
    pg, dialogs, errors = _load(browser, timeline_pages.url("hostile/index.html"))
    try:
        assert dialogs == []
        assert errors == []
        assert pg.evaluate("document.querySelectorAll('#tl img[src=\"x\"]').length") == 0
        assert EVIL in pg.inner_text(".tl-slide-titleslide")  # shown as the words it is
    finally:
        pg.context.close()


def test_seed_export_renders_headlines_and_eras(browser: Any, timeline_pages: Site) -> None:
    pg, dialogs, errors = _load(browser, timeline_pages.url("seed/index.html"))
    try:
        assert dialogs == [] and errors == []
        headlines = pg.eval_on_selector_all(".tl-slide:not(.tl-slide-titleslide) .tl-headline",
                                            "els => els.map(e => e.textContent.trim())")
        dates = pg.eval_on_selector_all(".tl-slide:not(.tl-slide-titleslide) .tl-headline-date",
                                        "els => els.map(e => e.textContent.trim())")
        assert headlines and not set(headlines) & set(dates)  # headlines, not the date again
        assert pg.evaluate("document.querySelectorAll('.tl-timeera').length") >= 1
        links = pg.eval_on_selector_all(".tl-slide a[href]", "els => els.map(e => e.getAttribute('href'))")
        assert any(h.startswith("https://") for h in links)
    finally:
        pg.context.close()

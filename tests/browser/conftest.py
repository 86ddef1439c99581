"""Fixtures of the real-browser tests: built sites, a local static server, one Chromium per session.

The browser is Debian's /usr/bin/chromium driven by Python playwright (never
`playwright install`). Without it the browser tests are skipped with a reason, except
in CI (the CI variable set), where a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from browserkit import (
    CHROMIUM,
    CORPUS_ARTICLES,
    HERE,
    LAUNCH_ARGS,
    ROOT,
    Recorder,
    Site,
    load_corpus_module,
    missing_browser,
    require,
    serve,
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip every browser test when chromium or playwright is missing, outside CI."""
    reason = missing_browser()
    if reason is None or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(reason=reason)
    for item in items:
        if item.get_closest_marker("browser") is not None:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def seed_site(built_site: Path) -> Iterator[Site]:
    """The repository's seed site (the shared `built_site`), served."""
    with serve(Site("seed", built_site)) as site:
        yield site


@pytest.fixture(scope="session")
def corpus_site(tmp_path_factory: pytest.TempPathFactory,
                build_site_once: Callable[[Path, Path], Path]) -> Iterator[Site]:
    """The 2,000-article synthetic site of benchmarks/corpus.py, built once per session and served.

    SITEGEN_CORPUS_ARTICLES changes the number of articles; SITEGEN_CORPUS_SITE names an
    already built corpus site (e.g. the benchmark's output) to test instead of building one.
    """
    prebuilt = os.environ.get("SITEGEN_CORPUS_SITE")
    if prebuilt:
        out = Path(prebuilt)
        assert (out / "index.html").is_file(), f"SITEGEN_CORPUS_SITE={prebuilt} holds no built site"
    else:
        n = int(os.environ.get("SITEGEN_CORPUS_ARTICLES", CORPUS_ARTICLES))
        corpus = load_corpus_module().write_corpus(tmp_path_factory.mktemp("corpus"), n)
        out = build_site_once(corpus.seeds, corpus.content)
    with serve(Site("corpus", out)) as site:
        yield site


@pytest.fixture(scope="session", params=["seed", "corpus"])
def any_site(request: pytest.FixtureRequest) -> Site:
    """Each built site in turn."""
    site: Site = request.getfixturevalue(f"{request.param}_site")
    return site


@pytest.fixture(scope="session")
def contract_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """A hand-written page in the markup contract, with the real timeline.js, served."""
    out = tmp_path_factory.mktemp("contract")
    shutil.copytree(HERE / "contract", out, dirs_exist_ok=True)
    (out / "static").mkdir(exist_ok=True)
    shutil.copy2(ROOT / "templates" / "static" / "timeline.js", out / "static" / "timeline.js")
    with serve(Site("contract", out)) as site:
        yield site


# ------------------------------------------------------------------ browser


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One Chromium for the whole session."""
    reason = missing_browser()
    require(reason is None, reason or "")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def shared_page(browser: Any) -> Iterator[tuple[Any, Recorder]]:
    """One page for the whole session (a new context per test costs seconds on two cores)."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    rec = Recorder()
    rec.attach(pg)
    try:
        yield pg, rec
    finally:
        ctx.close()


@pytest.fixture()
def page(shared_page: tuple[Any, Recorder]) -> tuple[Any, Recorder]:
    """The shared page, reset: blank, 1280 px wide, light colour scheme, nothing recorded yet."""
    pg, rec = shared_page
    pg.goto("about:blank")
    pg.set_viewport_size({"width": 1280, "height": 900})
    pg.emulate_media(color_scheme="light", media="screen")
    rec.clear()
    return pg, rec

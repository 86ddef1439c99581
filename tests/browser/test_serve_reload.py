"""`sitegen serve` in real Chromium: an edit reloads the open page; a failed rebuild shows its error there."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browserkit import ROOT

pytestmark = pytest.mark.browser


@pytest.fixture()
def serving(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A copy of the seed site under `sitegen serve` on a free port: (base URL, site folder)."""
    site = tmp_path / "site"
    for name in ("seeds", "content", "templates"):
        shutil.copytree(ROOT / name, site / name)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "sitegen", "serve", "--port", "0", "--seeds", str(site / "seeds"),
         "--content", str(site / "content"), "--templates", str(site / "templates"),
         "--output", str(tmp_path / "public")],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    assert proc.stdout is not None
    url = None
    deadline = time.monotonic() + 180
    while url is None and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        found = re.search(r"at (http://[\d.]+:\d+/)", line)
        url = found.group(1) if found else None
    try:
        assert url is not None, "sitegen serve did not start"
        yield url, site
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_an_edit_reloads_the_open_page_and_a_failed_rebuild_says_why(browser: Any,
                                                                     serving: tuple[str, Path]) -> None:
    url, site = serving
    ctx = browser.new_context()
    try:
        pg = ctx.new_page()
        pg.goto(url + "index.html", wait_until="load")
        assert not pg.title().startswith("Edited")
        pg.evaluate("window.sitegenBeforeReload = true")
        config = site / "content" / "site.yaml"
        text = config.read_text(encoding="utf-8")
        config.write_text(text.replace('title: "', 'title: "Edited ', 1), encoding="utf-8")
        pg.wait_for_function("document.title.startsWith('Edited')", timeout=120_000)
        assert pg.evaluate("window.sitegenBeforeReload === undefined")  # a real reload, not a patch

        config.write_text(text + "\ntitel: typo\n", encoding="utf-8")
        banner = pg.locator("#sitegen-serve-error")
        banner.wait_for(timeout=120_000)
        assert "titel" in banner.inner_text()
        assert pg.title().startswith("Edited")  # the last good page stays
    finally:
        ctx.close()

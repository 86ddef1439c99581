"""Rendering in two processes (sitegen.site.fork): the same files as one process, and the child's failures raised here."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from test_sitemodel import make_site

from sitegen.errors import ConfigError, SitegenError
from sitegen.site import fork
from sitegen.site.records import Site
from sitegen.site.render import iter_site, render_site

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")


def with_make(site: Site, path: str, make: Any) -> Site:
    return replace(site, pages=tuple(replace(s, make=make) if s.path == path else s for s in site.pages))


def test_two_processes_render_the_files_of_one(tmp_path: Path) -> None:
    site = make_site()
    assert any(s.make is not None for s in site.pages) and any(s.make is None for s in site.pages)
    assert dict(iter_site(site, TEMPLATES, None, fork.split_render(tmp_path))) == render_site(site, TEMPLATES)
    assert list(tmp_path.iterdir()) == []  # the child's spool leaves nothing behind


def test_a_failure_in_the_child_is_the_same_error_here(tmp_path: Path) -> None:
    def broken(*args: object) -> bytes:
        raise ConfigError("the export's template is missing a field", path="content/site.yaml", line=3, key="exports")

    site = with_make(make_site(), "timeline.json", broken)
    with pytest.raises(ConfigError) as err:
        dict(iter_site(site, TEMPLATES, None, fork.split_render(tmp_path)))
    assert str(err.value) == "content/site.yaml:3: exports: the export's template is missing a field"


def test_an_unexpected_failure_in_the_child_names_it(tmp_path: Path) -> None:
    def broken(*args: object) -> bytes:
        raise ZeroDivisionError("a bug in an export")

    site = with_make(make_site(), "timeline.json", broken)
    with pytest.raises(RuntimeError, match=r"(?s)the render worker failed:.*ZeroDivisionError: a bug in an export"):
        dict(iter_site(site, TEMPLATES, None, fork.split_render(tmp_path)))


def test_a_child_that_dies_is_a_clear_error(tmp_path: Path) -> None:
    def dies(*args: object) -> bytes:
        os._exit(3)

    site = with_make(make_site(), "timeline.json", dies)
    with pytest.raises(SitegenError) as err:
        dict(iter_site(site, TEMPLATES, None, fork.split_render(tmp_path)))
    assert str(err.value) == ("the render worker stopped (exit status 3); run the build again with --jobs 1 to "
                              "render in one process")

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


class RecordingPlan:
    """A page plan that says which process found, rendered and logged each page."""

    def __init__(self, unchanged: frozenset[str] = frozenset(), placeable: bool = True) -> None:
        self.unchanged, self.placeable = unchanged, placeable
        self.logged: dict[str, tuple[object, int]] = {}  # path -> (record, pid that logged it)
        self.remembered: dict[str, int] = {}  # path -> pid that noted its record's inputs

    def check(self, spec: Any, context: object) -> object | None:
        return ("unchanged", os.getpid()) if spec.path in self.unchanged else None

    def keep(self, spec: Any, record: Any) -> bool:
        if self.placeable:
            self.logged[spec.path] = (record, os.getpid())
        return self.placeable

    def record(self, spec: Any, context: object, fields: frozenset[str]) -> object:
        return ("made", os.getpid())

    def note(self, path: str, record: Any) -> None:
        self.logged[path] = (record, os.getpid())

    def remember(self, spec: Any, context: Any, record: Any) -> None:
        assert context(spec) is not None  # a template page's context, made where it is remembered
        self.remembered[spec.path] = os.getpid()

    def markup_memory(self) -> None:
        return None

    def item_fragments(self) -> None:
        return None


def test_the_pages_that_list_no_items_are_made_in_either_process_and_logged_here(tmp_path: Path) -> None:
    site = make_site()
    plan = RecordingPlan()
    here = os.getpid()
    assert dict(iter_site(site, TEMPLATES, plan, fork.split_render(tmp_path))) == render_site(site, TEMPLATES)
    apart = {s.path for s in site.pages if s.apart}
    assert apart == {f"articles/{a.article.id}/index.html" for a in site.articles} and apart
    templated = {s.path for s in site.pages if s.make is None}
    assert set(plan.logged) == templated  # the Python-made pages are made on every build, unlogged
    for path, ((what, made_by), logged_by) in plan.logged.items():
        assert (what, logged_by) == ("made", here), path
        assert made_by == here or path in apart, path  # the pages that list items are made here
    assert plan.remembered == {path: here for path in templated}  # what a page was made from is noted here


@pytest.mark.parametrize("placeable", [True, False])
def test_a_page_the_child_finds_unchanged_is_kept_here_or_rendered_when_there_is_no_copy(
        tmp_path: Path, placeable: bool) -> None:
    site = make_site()
    article = next(s.path for s in site.pages if s.apart)
    plan = RecordingPlan(frozenset({article, "index.html"}), placeable)
    here = os.getpid()
    files = dict(iter_site(site, TEMPLATES, plan, fork.split_render(tmp_path)))
    whole = render_site(site, TEMPLATES)
    if placeable:
        assert files == {p: data for p, data in whole.items() if p not in (article, "index.html")}
        assert plan.logged[article][0][0] == "unchanged"
        assert plan.logged[article][1] == here  # kept and logged here, wherever it was found unchanged
    else:
        assert files == whole
        assert plan.logged[article] == (("made", here), here)  # no live copy: made here after all

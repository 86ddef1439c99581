"""Render in two processes: a forked child makes the pages made in Python (feeds, exports) while
this process renders the template pages; same bytes, about half the wall time on two cores.

The child (`sitegen.forking.forked`) is taken after the site model is built, so it shares the
model without pickling it. It only renders and asks the page plan its pure questions; its pages
come back one at a time, and this process does everything that touches the staging folder and
the plan's log. A failure in the child is raised here; the build's output is then never swapped
in (the writer's rules).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast

from sitegen.forking import forked
from sitegen.site.records import PageSpec
from sitegen.site.render import PagePlan, PageRenderer

Split = Callable[[PageRenderer], Iterator[tuple[str, bytes]]]


def split_render(scratch: Path) -> Split:
    """Return the `split` for `render.iter_site`: Python-made pages in a forked child, templates here.

    `scratch`: a folder on the output's file system for the child's temporary file.
    """
    def split(renderer: PageRenderer) -> Iterator[tuple[str, bytes]]:
        plan = renderer.plan
        in_child = [spec for spec in renderer.site.pages if spec.make is not None]
        by_path = {spec.path: spec for spec in in_child}
        with forked(lambda emit: _render(renderer, plan, in_child, emit), scratch=scratch,
                    who="the render worker", fix="run the build again with --jobs 1 to render in one process") \
                as results:
            yield from renderer.pages(spec for spec in renderer.site.pages if spec.make is None)
            for record in results():
                kind, path, *rest = cast(tuple[Any, ...], record)  # as _render emits them
                spec = by_path[path]
                if kind == "keep":
                    assert plan is not None
                    if plan.keep(spec, rest[0]):
                        continue
                    yield from renderer.pages([spec])  # no live copy after all: make it here
                    continue
                data, made = rest
                if plan is not None:
                    plan.note(path, made)
                yield path, data

    return split


def _render(renderer: PageRenderer, plan: PagePlan | None, specs: list[PageSpec],
            emit: Callable[[object], None]) -> None:
    """In the child: ("keep", path, record) for a page whose live copy may stay, else ("made", path, bytes, record)."""
    for spec in specs:
        kept = plan.check(spec, None) if plan is not None else None
        if kept is not None:
            emit(("keep", spec.path, kept))
            continue
        data, fields = renderer.render(spec, None)
        emit(("made", spec.path, data, plan.record(spec, None, fields) if plan is not None else None))

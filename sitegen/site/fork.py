"""Render in two processes: a forked child makes the pages made in Python (feeds, exports) while
this process renders the template pages; same bytes, about half the wall time on two cores.

The child (`sitegen.forking.forked`) is taken after the site model is built, so it shares the
model without pickling it. It only renders; its pages come back one at a time, and this process
does everything that touches the staging folder and the plan's log. A failure in the child is
raised here; the build's output is then never swapped in (the writer's rules).

The child makes its pages on every build, without asking the page plan whether their inputs
changed: a page made in Python reads the whole site, and digesting the whole site cost the child
as much as making the pages. It takes each unchanged item's text in them from the last build
(sitegen.site.fragments), by the fingerprints this process works out before forking. The writer
still writes only files whose bytes changed (an equal page is linked from the live site), so a
rebuild rewrites nothing it need not.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import cast

from sitegen.forking import forked
from sitegen.site.records import PageSpec
from sitegen.site.render import PageRenderer

Split = Callable[[PageRenderer], Iterator[tuple[str, bytes]]]


def split_render(scratch: Path) -> Split:
    """Return the `split` for `render.iter_site`: Python-made pages in a forked child, templates here.

    `scratch`: a folder on the output's file system for the child's temporary file.
    """
    def split(renderer: PageRenderer) -> Iterator[tuple[str, bytes]]:
        in_child = [spec for spec in renderer.site.pages if spec.make is not None]
        renderer.fragments.prepare(renderer.site.all_items)  # the items' fingerprints, for the child to share
        with forked(lambda emit: _render(renderer, in_child, emit), scratch=scratch,
                    who="the render worker", fix="run the build again with --jobs 1 to render in one process") \
                as results:
            yield from renderer.pages(spec for spec in renderer.site.pages if spec.make is None)
            for record in results():
                path, data = cast(tuple[str, bytes], record)  # as _render emits them
                yield path, data

    return split


def _render(renderer: PageRenderer, specs: list[PageSpec], emit: Callable[[object], None]) -> None:
    """In the child: (path, bytes) of each page."""
    for spec in specs:
        data, _ = renderer.render(spec, None)
        emit((spec.path, data))
    renderer.fragments.finish()

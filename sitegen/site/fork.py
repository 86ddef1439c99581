"""Render in two processes: a forked child makes the pages made in Python (feeds, exports) and the
template pages that list no items (an article's page: `PageSpec.apart`), while this process renders
the other template pages; same bytes, about half the wall time on two cores.

The child (`sitegen.forking.forked`) is taken after the site model is built, so it shares the
model without pickling it. It only renders, or finds a page unchanged; its outcomes come back one
at a time, and this process does everything that touches the staging folder and the plan's log
(`PageRenderer.settle`). A failure in the child is raised here; the build's output is then never
swapped in (the writer's rules). The pages that list no items are the child's because no item's
markup is made for them: split otherwise, both processes would make the markup of the same items.

The child makes its Python pages on every build, without asking the page plan whether their inputs
changed: a page made in Python reads the whole site, and digesting the whole site cost the child
as much as making the pages. It takes each unchanged item's text in them from the last build
(sitegen.site.fragments), by the fingerprints this process works out before forking. The writer
still writes only files whose bytes changed (an equal page is linked from the live site), so a
rebuild rewrites nothing it need not. In a long-lived process (`sitegen serve`) the child sends the
item text it made back with its pages: this process hands it on to its next build in memory, and
its next child shares it, so neither unpacks nor packs the whole of it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import cast

from sitegen.forking import SharedQueue, forked
from sitegen.site.fragments import FragmentPayload
from sitegen.site.pageplan import Outcome
from sitegen.site.records import PageSpec
from sitegen.site.render import PageRenderer

Split = Callable[[PageRenderer], Iterator[tuple[str, bytes]]]


@dataclass(frozen=True)
class Fresh:
    """What the child sends besides pages: the exports' per-item text it made (sitegen.site.fragments)."""

    fragments: dict[tuple[str, str], bytes] | FragmentPayload


def split_render(scratch: Path) -> Split:
    """Return the `split` for `render.iter_site`: the Python-made pages in a forked child, the template pages
    that list items here, and those that list none in whichever process is free.

    `scratch`: a folder on the output's file system for the child's temporary file.
    """
    def split(renderer: PageRenderer) -> Iterator[tuple[str, bytes]]:
        pages = renderer.site.pages
        made = [spec for spec in pages if spec.make is not None]
        apart = [spec for spec in pages if spec.make is None and spec.apart]
        # the items' fingerprints (in two processes), for the child to share
        renderer.fragments.prepare(renderer.site.all_items, fork=True)
        with closing(SharedQueue(len(apart))) as queue, \
                forked(lambda emit: _render(renderer, made, (apart[n] for n in queue), emit), scratch=scratch,
                       who="the render worker", fix="run the build again with --jobs 1 to render in one process") \
                as results:
            here = (spec for spec in pages if spec.make is None and not spec.apart)
            yield from renderer.pages(chain(here, (apart[n] for n in queue)))
            for record in results():
                if isinstance(record, Fresh):  # the exports' text it made, for this process to hand on
                    renderer.fragments.take(record.fragments)
                    continue
                spec, outcome = cast(tuple[int, Outcome], record)  # as _render emits them
                data = renderer.settle(pages[spec], outcome)
                if data is not None:
                    yield pages[spec].path, data

    return split


def _render(renderer: PageRenderer, made: list[PageSpec], apart: Iterable[PageSpec],
            emit: Callable[[object], None]) -> None:
    """In the child: (position in the site's pages, Outcome) of each page; the Python-made ones are made without
    asking the plan, and those that list no items are taken from the shared queue (`apart`) as it hands them out."""
    position = {id(spec): n for n, spec in enumerate(renderer.site.pages)}
    for spec in made:
        data, _ = renderer.render(spec, None)
        emit((position[id(spec)], Outcome(data)))
    # the exports' memory is packed for the next build now, not last (or, in a long-lived process, sent to the
    # parent): meanwhile the parent takes the queue's pages, and it never waits for the packing once every page is made
    renderer.fragments.finish()
    sent = renderer.fragments.sent()
    if sent is not None:  # handed on in memory (a long-lived process): this process's fragments go to the parent
        emit(Fresh(sent))
    for spec in apart:
        emit((position[id(spec)], renderer.attempt(spec)))

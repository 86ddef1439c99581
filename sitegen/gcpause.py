"""Pausing Python's cyclic garbage collector around stages that make many objects and no garbage."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

_apart = [0]  # how many `long_lived_kept_apart` blocks are open


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the block (if it was on), then switch it back on.

    Within `long_lived_kept_apart`, what the block made is put out of the collector's sight first: the
    first allocation after the collector is back would otherwise start a full collection over the
    millions of records the block made (~0.6 s each time at 10,000 articles).
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if _apart[0]:
            gc.freeze()
        if was_on:
            gc.enable()


@contextmanager
def long_lived_kept_apart() -> Iterator[Callable[[], None]]:
    """Yield `settle`: calling it moves every object alive now out of the collector's sight until the block ends.

    A build holds millions of long-lived records (articles, entries, events, the site model); each
    full collection would walk all of them again while later stages make short-lived objects.
    `settle()` after a stage (gc.freeze) spares those walks; reference counting still frees what
    becomes unused. On exit the objects are handed back (gc.unfreeze), so a long-running process
    (`sitegen serve`) collects what an earlier build left.
    """
    _apart[0] += 1
    try:
        yield gc.freeze
    finally:
        _apart[0] -= 1
        gc.unfreeze()


def release_garbage() -> int:
    """Collect, after a build in a long-lived process (`sitegen serve`), the reference cycles its records left.

    The stages hid what they made from the collector (`long_lived_kept_apart`); what of it became
    garbage is handed back when the build ends, but the next build would hide it again before any
    collection ran, and what each build left in cycles would stay for good. Return how many objects were freed.
    """
    return gc.collect()


class GarbageRelease:
    """When a long-lived process collects after its builds (a full collection walks every record it keeps:
    ~2 s at 10,000 articles, and an edit saved meanwhile waits for it).

    A build that ends well leaves no cycle holding its records (the renderer and the page plan let the site
    go; reference counting frees it): only the template engine's own small cycles, a few hundred objects, so
    those are collected after every `every`th good build. A failed build is collected after at once: an
    error may have stopped a stage before it let its records go.
    """

    def __init__(self, every: int = 32) -> None:
        self._every = every
        self._since = 0  # good builds since the last collection

    def after(self, good: bool) -> int:
        """Collect after a build when it is time to (see the class); return how many objects were freed."""
        self._since += 1
        if good and self._since < self._every:
            return 0
        self._since = 0
        return release_garbage()

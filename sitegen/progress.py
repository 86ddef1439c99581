"""Progress of a build: stage timings, and a bar on a terminal for builds that take a while.

The bar goes to stderr, only when stderr is a terminal, not with `--quiet`, and only once the
build has run for `DELAY` seconds (a quick build prints nothing but its summary).
"""

from __future__ import annotations

import resource
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

DELAY = 1.0  # seconds before a bar appears
WIDTH = 28


class Progress:
    """Wall and CPU seconds per stage, and an optional progress bar of the current stage."""

    def __init__(self, stream: TextIO | None = None, *, bar: bool = False) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.bar = bar
        self.started = time.perf_counter()
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self.peak: dict[str, float] = {}  # MB: this process's peak resident memory when the stage ended
        self._stage = ""
        self._done = 0
        self._total = 0
        self._shown = False
        self._last = 0.0
        self._nested: list[list[float]] = []

    def restart(self) -> None:
        """Forget the stages timed so far: the next build of a long-lived process (`sitegen serve`) is timed alone."""
        self.started = time.perf_counter()
        self.wall.clear()
        self.cpu.clear()
        self.peak.clear()

    @classmethod
    def for_terminal(cls, *, quiet: bool, stream: TextIO | None = None) -> Progress:
        """Return a Progress drawing a bar when `stream` (default stderr) is a terminal and not quiet."""
        out = stream if stream is not None else sys.stderr
        return cls(out, bar=not quiet and out.isatty())

    @contextmanager
    def stage(self, name: str, total: int = 0) -> Iterator[None]:
        """Time a stage (`total` units of work when it counts them with `advance`); nested stages count apart."""
        self._stage, self._done, self._total = name, 0, total
        wall, cpu = time.perf_counter(), time.process_time()
        self._nested.append([0.0, 0.0])
        self._draw()
        try:
            yield
        finally:
            inner_wall, inner_cpu = self._nested.pop()
            spent_wall, spent_cpu = time.perf_counter() - wall, time.process_time() - cpu
            self.wall[name] = self.wall.get(name, 0.0) + spent_wall - inner_wall
            self.cpu[name] = self.cpu.get(name, 0.0) + spent_cpu - inner_cpu
            self.peak[name] = peak_mb()
            if self._nested:  # a stage inside another: its time is not the outer stage's own
                self._nested[-1][0] += spent_wall
                self._nested[-1][1] += spent_cpu

    def advance(self, count: int = 1) -> None:
        """Count `count` units of the current stage as done."""
        self._done += count
        self._draw()

    def finish(self) -> None:
        """Erase the bar, if one was drawn."""
        if self._shown:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
            self._shown = False

    def timings(self) -> list[str]:
        """Return one line per stage: wall s, CPU s of this process, share of the wall time, peak memory so far.

        The peak is this process's (workers and Pagefind have their own): the stage whose row raises it
        is the one that needed the memory.
        """
        total = sum(self.wall.values()) or 1.0
        lines = [f"{'stage':14} {'wall s':>8} {'CPU s':>8} {'share':>6} {'peak MB':>8}"]
        for name, wall in self.wall.items():
            lines.append(f"{name:14} {wall:8.2f} {self.cpu[name]:8.2f} {100 * wall / total:5.1f}% "
                         f"{self.peak[name]:8.0f}")
        lines.append(f"{'total':14} {sum(self.wall.values()):8.2f} {sum(self.cpu.values()):8.2f} {'':6} "
                     f"{max(self.peak.values(), default=0.0):8.0f}")
        return lines

    def _draw(self) -> None:
        if not self.bar:
            return
        now = time.perf_counter()
        if now - self.started < DELAY or (self._shown and now - self._last < 0.1 and self._done < self._total):
            return
        self._last = now
        if self._total:
            filled = int(WIDTH * min(self._done, self._total) / self._total)
            line = f"[{'#' * filled}{'.' * (WIDTH - filled)}] {self._stage} {self._done}/{self._total}"
        else:
            line = f"[{'.' * WIDTH}] {self._stage}"
        self.stream.write("\r\x1b[2K" + line)
        self.stream.flush()
        self._shown = True


def peak_mb() -> float:
    """Return this process's peak resident memory so far, in MB (Linux reports KiB)."""
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kib / 1024 if sys.platform != "darwin" else kib / 1024 / 1024

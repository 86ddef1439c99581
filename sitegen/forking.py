"""Two cores for one pure step: a forked child computes one half while this process computes the other.

A fork shares everything this process has built (no pickling of the inputs); only the child's
result comes back, pickled through an unlinked temporary file. It is used only where a fork is
safe (POSIX, no other thread) and worth it; everywhere else the two halves run here, one after
the other, with the same result.
"""

from __future__ import annotations

import os
import pickle
import signal
import struct
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TypeVar, cast

from sitegen.errors import SitegenError

T = TypeVar("T")
U = TypeVar("U")


def can_fork() -> bool:
    """Return True where a forked child is safe: a POSIX fork, and no other thread in this process."""
    return hasattr(os, "fork") and sys.platform != "darwin" and threading.active_count() == 1


@contextmanager
def forked(work: Callable[[Callable[[object], None]], None], *, scratch: Path | None = None,
           who: str = "a worker process",
           fix: str = "run the build again with --jobs 1") -> Iterator[Callable[[], Iterator[object]]]:
    """Run `work(emit)` in a forked child while the block runs here; the block's `results()` then
    yields, in order, every value the child emitted.

    The values go through an unlinked temporary file (in `scratch`, else the system's temporary
    folder), so the child never waits for this process. An error in the child is raised by
    `results()`: a SitegenError as itself, anything else as a RuntimeError with its traceback;
    a child that dies is a SitegenError naming `who` and the `fix`. The child is always waited for.
    """
    with tempfile.TemporaryFile(dir=scratch, prefix=".sitegen-fork-") as spool:
        pid = os.fork()
        if pid == 0:
            _child(work, spool)
        waited = False

        def results() -> Iterator[object]:
            nonlocal waited
            _, status = os.waitpid(pid, 0)
            waited = True
            code = os.waitstatus_to_exitcode(status)
            if code != 0:
                raise SitegenError(f"{who} stopped (exit status {code}); {fix}")
            spool.seek(0)
            while True:
                kind, value = pickle.load(spool)
                if kind == "done":
                    return
                if kind == "failed":
                    raise value if isinstance(value, SitegenError) else RuntimeError(f"{who} failed:\n{value}")
                yield value

        try:
            yield results
        finally:
            if not waited:
                os.waitpid(pid, 0)


def _child(work: Callable[[Callable[[object], None]], None], spool: IO[bytes]) -> None:
    """Run in the forked child: emit what `work` makes, then its end or its error; never return."""
    code = 0
    try:
        def emit(value: object) -> None:
            pickle.dump(("value", value), spool, protocol=pickle.HIGHEST_PROTOCOL)

        try:
            work(emit)
            end: tuple[str, object] = ("done", None)
        except SitegenError as err:
            end = ("failed", err)
        except BaseException:  # noqa: BLE001 - reported to the parent, which raises it
            end = ("failed", traceback.format_exc())
        pickle.dump(end, spool, protocol=pickle.HIGHEST_PROTOCOL)
        spool.flush()
    except BaseException:  # noqa: BLE001 - cannot report (a full disk): the exit status says it
        code = 1
    finally:
        os._exit(code)


def both(child: Callable[[], T], parent: Callable[[], U], *, fork: bool = True) -> tuple[T, U]:
    """Return (child(), parent()), the first computed in a forked child while this process computes the second.

    Without `fork`, or where `can_fork()` says no, both run here in that order. Errors as `forked`.
    """
    if not (fork and can_fork()):
        first = child()
        return first, parent()
    with forked(lambda emit: emit(child())) as results:
        second = parent()
        (made,) = list(results())
    return cast(T, made), second


class SharedQueue:
    """The numbers 0..count-1 in chunks, taken by this process and a forked child alike, each once, until none
    is left: whichever process is free takes the next chunk, so neither waits while the other has work.

    The chunks' starts are written to a pipe before the fork and its write end is closed; a process takes one
    by reading 4 bytes (reads from a pipe are atomic; GNU make's jobserver hands out its tokens the same way),
    and an empty pipe reads as its end. At most MOST_CHUNKS chunks, so the pipe's buffer holds them all.
    """

    MOST_CHUNKS = 1024  # 4 KB of starts: any pipe holds one page (Linux gives 64 KB, but a single page past a limit)

    def __init__(self, count: int) -> None:
        self.count = count
        self.size = max(1, -(-count // self.MOST_CHUNKS))
        self._read, write = os.pipe()
        with open(write, "wb") as out:
            out.write(b"".join(struct.pack("<I", start) for start in range(0, count, self.size)))

    def take(self) -> range:
        """Return the next chunk of numbers, or an empty range when every chunk was taken."""
        data = os.read(self._read, 4)
        if len(data) < 4:
            return range(0)
        (start,) = struct.unpack("<I", data)
        return range(start, min(start + self.size, self.count))

    def __iter__(self) -> Iterator[int]:
        """Yield the numbers of each chunk this process takes, until none is left."""
        while chunk := self.take():
            yield from chunk

    def close(self) -> None:
        """Close this process's end of the pipe."""
        os.close(self._read)


class Apart:
    """Work whose only outcome is its side effects (cache files), run in forked children while this process goes
    on; `wait` returns once every child is done. Where a fork is not safe, or not `wanted`, the work runs here.

    A child's error is reported on stderr with its traceback and costs only its side effects (a cache entry
    not written: the next build is slower, not wrong), as a write that fails here would.
    """

    def __init__(self, wanted: bool = True) -> None:
        self._wanted = wanted
        self._children: list[int] = []
        self.failed = 0  # children that stopped with an error (see wait)

    def run(self, work: Callable[[], None]) -> None:
        """Run `work()` in a forked child, else here."""
        if not (self._wanted and can_fork()):
            work()
            return
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: the work is short
                signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler (sitegen serve's)
                work()
            except BaseException:  # noqa: BLE001 - the parent goes on; what went wrong is said here
                traceback.print_exc()
                code = 1
            finally:
                sys.stderr.flush()
                os._exit(code)
        self._children.append(pid)

    def wait(self) -> None:
        """Return once every child has finished, counting those that failed."""
        while self._children:
            _, status = os.waitpid(self._children.pop(), 0)
            if os.waitstatus_to_exitcode(status) != 0:
                self.failed += 1

    close = wait  # for contextlib.closing: a block that forks work apart waits for it as it ends

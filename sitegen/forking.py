"""Two cores for one pure step: a forked child computes one half while this process computes the other.

A fork shares everything this process has built (no pickling of the inputs); only the child's
result comes back, pickled through an unlinked temporary file. It is used only where a fork is
safe (POSIX, no other thread) and worth it; everywhere else the two halves run here, one after
the other, with the same result.
"""

from __future__ import annotations

import os
import pickle
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable
from typing import TypeVar

from sitegen.errors import SitegenError

T = TypeVar("T")
U = TypeVar("U")


def can_fork() -> bool:
    """Return True where a forked child is safe: a POSIX fork, and no other thread in this process."""
    return hasattr(os, "fork") and sys.platform != "darwin" and threading.active_count() == 1


def both(child: Callable[[], T], parent: Callable[[], U], *, fork: bool = True) -> tuple[T, U]:
    """Return (child(), parent()), the first computed in a forked child while this process computes the second.

    Without `fork`, or where `can_fork()` says no, both run here in that order. An exception in
    the child is raised here: a SitegenError as itself, anything else as a RuntimeError with its traceback.
    """
    if not (fork and can_fork()):
        first = child()
        return first, parent()
    with tempfile.TemporaryFile(prefix=".sitegen-fork-") as spool:
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                try:
                    outcome: tuple[str, object] = ("ok", child())
                except SitegenError as err:
                    outcome = ("sitegen", err)
                except BaseException:  # noqa: BLE001 - reported to the parent, which raises it
                    outcome = ("error", traceback.format_exc())
                pickle.dump(outcome, spool, protocol=pickle.HIGHEST_PROTOCOL)
                spool.flush()
            except BaseException:  # noqa: BLE001 - cannot report (a full disk): the exit status says it
                code = 1
            finally:
                os._exit(code)
        try:
            second = parent()
        finally:
            _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            raise SitegenError(f"a worker process stopped (exit status {code}); run the build again with --jobs 1")
        spool.seek(0)
        kind, value = pickle.load(spool)
    if kind == "sitegen":
        assert isinstance(value, SitegenError)
        raise value
    if kind == "error":
        raise RuntimeError(f"a worker process failed:\n{value}")
    return value, second

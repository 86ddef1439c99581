"""Swapping a finished site into place, and cleaning up what builds leave behind.

* On Linux with ``renameat2(RENAME_EXCHANGE)`` the swap is one atomic step: at every
  instant the output path names either the whole old site or the whole new one.
* Elsewhere (or on a file system that refuses the exchange) it is two renames: old output
  to ``.sitegen-old-*``, staging to the output. Between the two there is a window of a few
  microseconds in which the output path does not exist; it never names a half-written
  site, and if the second rename fails the first is undone.

Ctrl-C (SIGINT) is held back during the swap itself, so a swap once begun completes.
Folders left by a build killed outright are removed by the next build once their process
is gone; what cannot be removed is named in a warning with the command that removes it.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import secrets
import shlex
import shutil
import signal
import stat
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sitegen.errors import OutputError

STAGING_PREFIX = ".sitegen-staging-"
OLD_PREFIX = ".sitegen-old-"
_LEFTOVER = re.compile(r"^\.sitegen-(?:staging|old)-(\d+)-")
Warn = Callable[[str], None]


def warn_stderr(message: str) -> None:
    """Print a warning the build cannot act on (the default `warn`)."""
    print(f"warning: {message}", file=sys.stderr)


class Removal:
    """Deletes folders in background threads while the build goes on; `wait` returns once they are gone.

    A folder left by a process that died meanwhile is a leftover the next build removes.
    """

    def __init__(self, warn: Warn = warn_stderr) -> None:
        self._warn = warn
        self._threads: list[threading.Thread] = []

    def start(self, path: Path, what: str) -> None:
        """Begin deleting `path` (warning, as `remove_or_warn` does, when it stays)."""
        thread = threading.Thread(target=remove_or_warn, args=(path, self._warn, what), daemon=True)
        thread.start()
        self._threads.append(thread)

    def wait(self) -> None:
        """Return once every folder begun is deleted (or warned about)."""
        while self._threads:
            self._threads.pop().join()


def commit(staging: Path, target: Path, *, warn: Warn = warn_stderr, removal: Removal | None = None,
           keep: Callable[[Path], bool] | None = None) -> None:
    """Swap the finished staging folder into place as `target`, then delete the old site (or warn);
    with `removal`, the old site is deleted in the background; `keep(old)` may take it instead (True)."""
    with _interrupts_held():
        old: Path | None = None
        if not os.path.lexists(target):
            _rename(staging, target)
        elif exchange(staging, target):
            old = staging  # the exchange left the previous site under the staging name
        else:
            old = target.parent / f"{OLD_PREFIX}{os.getpid()}-{secrets.token_hex(6)}"
            _rename(target, old)
            try:
                _rename(staging, target)
            except BaseException:
                os.rename(old, target)
                raise
        if old is None or (keep is not None and keep(old)):
            return
        if removal is not None:
            removal.start(old, "the previous site")
        else:
            remove_or_warn(old, warn, "the previous site")


def exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths with renameat2(RENAME_EXCHANGE); False where unsupported."""
    func = _renameat2()
    if func is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = func(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EPERM):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:  # pragma: no cover - no C library to load
        return None
    func = getattr(libc, "renameat2", None)
    if func is None:  # glibc before 2.28, or musl
        return None
    func.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    func.restype = ctypes.c_int
    return func  # type: ignore[no-any-return]


def _rename(src: Path, dst: Path) -> None:
    try:
        os.rename(src, dst)
    except OSError as err:
        raise OutputError(f"cannot move the new site into place: {err.strerror}", path=dst) from None


@contextmanager
def _interrupts_held() -> Iterator[None]:
    """Defer SIGINT for the block, so a swap once begun always completes (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGINT)
    if previous is None:  # a handler installed from C: leave it alone
        yield
        return
    held: list[int] = []

    def hold(signum: int, frame: object) -> None:
        held.append(signum)

    signal.signal(signal.SIGINT, hold)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    # A Ctrl-C that arrived during the swap is dropped: the new site is complete
    # and in place, which is what the user would find after the build anyway.


def remove_leftovers(parent: Path, *, warn: Warn = warn_stderr) -> None:
    """Delete staging/old folders beside the output that belong to processes no longer running."""
    try:
        names = sorted(os.listdir(parent))
    except OSError:
        return
    for name in names:
        match = _LEFTOVER.match(name)
        if match is None:
            continue
        pid = int(match.group(1))
        path = parent / name
        if pid == os.getpid() or _alive(pid) or not stat.S_ISDIR(os.lstat(path).st_mode):
            continue
        remove_or_warn(path, warn, "a folder left by an interrupted build")


def _alive(pid: int) -> bool:
    if sys.platform == "win32":  # os.kill(pid, 0) would terminate it there: never guess
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's live process (or we cannot tell): leave its folder alone
    return True


def remove_tree(path: Path) -> str | None:
    """Delete `path` (a folder, or a link); return why it is still there, None when it is gone."""
    errors: list[str] = []

    def failed(func: object, name: str, exc_info: tuple[type[BaseException], BaseException, object]) -> None:
        err = exc_info[1]
        errors.append(f"{name}: {err.strerror}" if isinstance(err, OSError) and err.strerror else f"{name}: {err}")

    try:
        if os.path.islink(path):
            os.unlink(path)
            return None
        shutil.rmtree(path, onerror=failed)
    except OSError as err:
        errors.append(f"{path}: {err.strerror or err}")
    if not os.path.lexists(path):
        return None
    return errors[0] if errors else "it is still there"


def remove_or_warn(path: Path, warn: Warn, what: str) -> None:
    """Delete `path`; when that fails, warn naming it and the command that removes it."""
    why = remove_tree(path)
    if why is not None:
        warn(f"could not remove {what} at {path} ({why}); nothing else is affected: "
             f"remove it with: rm -rf {shlex.quote(str(path))}")

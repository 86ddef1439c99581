"""The output lock: one sitegen build at a time may write a given output folder.

The lock is an exclusive, non-blocking ``flock`` on ``.<name>.sitegen-lock``
beside the output folder. A second build fails at once with a clear message
instead of waiting: waiting would only rebuild the same site again.

The holder deletes the lock file before it lets go, so no lock file is left
lying around. A build that opened the file just before it was deleted may then
lock a file that no longer has a name; it notices (the inode behind the name
differs from the one it holds) and starts again with a fresh file.

Platforms without ``fcntl`` (Windows) lock the first byte of the file with
``msvcrt.locking`` instead. Where neither exists, the build runs unlocked and
only the staging-and-swap protects the previous site; that is documented
rather than faked.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sitegen.errors import OutputError

LOCK_SUFFIX = ".sitegen-lock"
_ATTEMPTS = 20  # a lock file can only vanish under us when another build just finished


def lock_path(output_dir: Path) -> Path:
    """Return the lock file's path for an output folder: `.<name>.sitegen-lock` beside it."""
    return output_dir.parent / f".{output_dir.name}{LOCK_SUFFIX}"


def busy_message(output_dir: Path) -> str:
    """Return the message a build gets when another one holds the lock."""
    return f"another sitegen build is writing {output_dir}; wait for it to finish"


@contextmanager
def output_lock(output_dir: Path) -> Iterator[None]:
    """Hold the exclusive build lock of `output_dir` (whose parent must exist) for the block."""
    path = lock_path(output_dir)
    fd = _acquire(path, output_dir)
    try:
        yield
    finally:
        _release(path, fd)


def _acquire(path: Path, output_dir: Path) -> int:
    for _ in range(_ATTEMPTS):
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
        except OSError as err:
            raise OutputError(f"cannot create the lock file {path}: {err.strerror}", path=output_dir) from None
        try:
            if not _try_lock(fd):
                raise OutputError(busy_message(output_dir), path=output_dir)
            if _same_file(fd, path):
                return fd
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)  # locked a file another build had already deleted: start again
    raise OutputError(busy_message(output_dir), path=output_dir)


def _release(path: Path, fd: int) -> None:
    try:
        if _same_file(fd, path):
            os.unlink(path)
    except OSError:
        pass  # a left-over lock file is harmless: the lock is the flock, not the file
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _same_file(fd: int, path: Path) -> bool:
    try:
        on_disk = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (on_disk.st_dev, on_disk.st_ino) == (held.st_dev, held.st_ino)


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

else:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - no POSIX locks on this platform: run unlocked
        fcntl = None  # type: ignore[assignment]

    def _try_lock(fd: int) -> bool:
        if fcntl is None:  # pragma: no cover
            return True
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

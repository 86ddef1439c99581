"""The writing edge: put a rendered site on disk safely, atomically and reproducibly.

A build never writes into the live output folder. It writes every file into a
staging folder beside it (same file system) as the file is rendered (`staged_site`
and `Staging.put`; `write_site` for a finished mapping), marks it as sitegen's with
`.sitegen-output`, runs the post-processing step on it, and then swaps it into
place. A file whose bytes equal the live site's copy is hard-linked from it rather
than written, so after the swap unchanged files keep their inode and mtime and a
rebuild writes only what changed (rsync and static hosts see the true change); a
post-processing step must therefore only add files, never rewrite one in place.
The swap:

* on Linux with ``renameat2(RENAME_EXCHANGE)`` the swap is one atomic step:
  at every instant the output path names either the whole old site or the
  whole new one;
* elsewhere (or on a file system that refuses the exchange) it is two renames:
  old output to ``.sitegen-old-*``, staging to the output. Between the two
  there is a window of a few microseconds in which the output path does not
  exist; it never names a half-written site, and if the second rename fails the
  first is undone.

Ctrl-C (SIGINT) is held back during the swap itself, so the swap always
completes once begun; anywhere before it, any exception, KeyboardInterrupt
included, removes the staging folder and leaves the previous site untouched.
A build killed outright (SIGKILL, power cut) can leave a hidden
``.sitegen-staging-<pid>-*`` folder; the next build of that folder's parent
removes it once that process is gone.

The writer refuses any output folder it did not make (no marker), the root
folder, the home folder, the current folder and its ancestors, project folders,
files and symbolic links; one build at a time holds `sitegen.lock`.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import secrets
import shutil
import signal
import stat
import sys
import tempfile
import threading
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from pathlib import Path

from sitegen.errors import OutputError
from sitegen.lock import output_lock

MARKER_NAME = ".sitegen-output"
MARKER_FORMAT = 1
MARKER_TEXT = (
    f"sitegen output folder, format {MARKER_FORMAT}\n"
    "sitegen made this folder and replaces it whole on every build:\n"
    "do not keep files of your own in it.\n"
).encode()
# A folder holding any of these is a project, not a build output. A folder sitegen marked as its own
# may hold `seeds/` or `content/` (a page can be named so), never a repository or a package.
PROJECT_MARKERS = ("pyproject.toml", ".git", "seeds", "content")
NEVER_IN_OUTPUT = ("pyproject.toml", ".git")
FILE_MODE = 0o644
DIR_MODE = 0o755
STAGING_PREFIX = ".sitegen-staging-"
OLD_PREFIX = ".sitegen-old-"
_LEFTOVER = re.compile(r"^\.sitegen-(?:staging|old)-(\d+)-")
PICK = "pick an empty or new folder such as public/"


# ------------------------------------------------------------------ public API


def write_site(
    files: Mapping[str, bytes],
    output_dir: Path,
    *,
    post_process: Callable[[Path], None] | None = None,
    epoch: int | None = None,
) -> int:
    """Write `files` (relative POSIX path -> bytes) as the new `output_dir`; return the file count."""
    names = check_names(files)
    with staged_site(output_dir, epoch=epoch, post_process=post_process) as staging:
        for name in names:
            staging.put(name, files[name])
    return staging.count


class Staging:
    """The staging folder of one build, filled file by file as pages are rendered.

    A file whose bytes equal the live site's file of the same name is hard-linked from it
    instead of written (same inode, same mtime), so a rebuild writes only what changed.
    """

    def __init__(self, root: Path, live: Path | None, epoch: int | None) -> None:
        self.root, self.live, self.epoch = root, live, epoch
        self.names = _NameClaims()
        self.written: list[str] = []  # names written fresh, in order
        self.linked: set[str] = set()  # names hard-linked from the live site
        self.count = 0  # files in the finished site, set when it is committed
        self.changed = 0  # of which written afresh (not linked from the live site), set then too

    def put(self, name: str, data: bytes) -> None:
        """Place one file: link the live copy when its bytes are equal, else write it."""
        reason = path_problem(name)
        if reason is None and not isinstance(data, (bytes, bytearray)):
            reason = f"its content is {type(data).__name__}, not bytes"
        if reason is not None:
            raise OutputError(f"refusing to write {name!r}: {reason}")
        self.names.claim(name)
        if self._same_as_live(name, data) and self._link(name):
            return
        write_file(self.root, name, data)
        self.written.append(name)

    def keep(self, name: str) -> bool:
        """Place the live site's file `name` unchanged (not re-rendered); False when there is none to keep."""
        if path_problem(name) is not None or self._live_file(name) is None:
            return False
        self.names.claim(name)
        return self._link(name)

    def has_live(self, name: str) -> bool:
        """Return True when the live site holds `name` as a file this build can keep."""
        return path_problem(name) is None and self._live_file(name) is not None

    def keep_tree(self, folder: str) -> bool:
        """Link every file under the live site's `folder` into the staging folder; False when absent."""
        if self.live is None or not (self.live / folder).is_dir() or (self.live / folder).is_symlink():
            return False
        names: list[str] = []
        for path in sorted((self.live / folder).rglob("*")):
            if path.is_symlink() or not (path.is_file() or path.is_dir()):
                return False
            if path.is_file():
                names.append(path.relative_to(self.live).as_posix())
        if any(self._live_file(n) is None for n in names):
            return False
        for name in names:
            if not self._link(name):  # all or nothing: never leave a half-kept folder to be written into
                _remove_tree(self.root / folder)
                self.linked.difference_update(n for n in names)
                return False
        return True

    def relink_unchanged(self) -> None:
        """Replace files a post-processing step wrote that equal the live site's by links to them."""
        if self.live is None:
            return
        for dirpath, _dirs, filenames in os.walk(self.root):
            for filename in filenames:
                path = Path(dirpath) / filename
                rel = path.relative_to(self.root).as_posix()
                if rel in self.linked or path.is_symlink():
                    continue
                live = self._live_file(rel)
                if live is None or live.stat().st_size != path.stat().st_size or live.read_bytes() != path.read_bytes():
                    continue
                spare = path.with_name(f".{filename}.sitegen-link")
                try:
                    os.link(live, spare)
                    os.replace(spare, path)
                except OSError:
                    continue
                self.linked.add(rel)

    def _live_file(self, name: str) -> Path | None:
        if self.live is None:
            return None
        path = self.live.joinpath(*name.split("/"))
        try:
            info = os.lstat(path)
        except OSError:
            return None
        if not stat.S_ISREG(info.st_mode) or stat.S_IMODE(info.st_mode) != FILE_MODE:
            return None
        if self.epoch is not None and int(info.st_mtime) != self.epoch:
            return None
        return path

    def _same_as_live(self, name: str, data: bytes) -> bool:
        live = self._live_file(name)
        if live is None:
            return False
        try:
            if live.stat().st_size != len(data):
                return False
            return live.read_bytes() == data
        except OSError:
            return False

    def _link(self, name: str) -> bool:
        live = self._live_file(name)
        if live is None:
            return False
        path = self.root.joinpath(*name.split("/"))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            os.link(live, path, follow_symlinks=False)
        except OSError:  # no hard links on this file system: the caller writes a copy
            return False
        self.linked.add(name)
        return True


def check_output(output_dir: Path) -> None:
    """Refuse an output folder the writer would refuse, before a build spends time on it (checked again when written)."""
    refuse_foreign(resolve_output(output_dir), shown=output_dir)


@contextmanager
def staged_site(
    output_dir: Path,
    *,
    epoch: int | None = None,
    post_process: Callable[[Path], None] | None = None,
) -> Iterator[Staging]:
    """Lock `output_dir`, give a staging folder to fill, then post-process and swap it in atomically."""
    target = resolve_output(output_dir)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"cannot create the folder {target.parent}: {err.strerror}", path=output_dir) from None
    with output_lock(target):
        refuse_foreign(target, shown=output_dir)
        remove_leftovers(target.parent)
        try:
            root = Path(tempfile.mkdtemp(dir=target.parent, prefix=f"{STAGING_PREFIX}{os.getpid()}-"))
        except OSError as err:
            raise OutputError(f"cannot create a staging folder in {target.parent}: {err.strerror}",
                              path=output_dir) from None
        committed = False
        try:
            staging = Staging(root, target if is_marked(target) else None, epoch)
            yield staging
            staging.names.claim(MARKER_NAME)
            if not (staging._same_as_live(MARKER_NAME, MARKER_TEXT) and staging._link(MARKER_NAME)):
                write_file(root, MARKER_NAME, MARKER_TEXT)
            if post_process is not None:
                post_process(root)
            _check_marker_kept(root, output_dir)
            staging.relink_unchanged()
            staging.count = normalise_tree(root, epoch, skip=staging.linked)
            staging.changed = staging.count - len(staging.linked - {MARKER_NAME})
            commit(root, target)
            committed = True
        finally:
            if not committed:
                _remove_tree(root)


class _NameClaims:
    """Output names seen so far, refusing one that names the same file or folder as an earlier one."""

    def __init__(self) -> None:
        self.files: dict[str, str] = {}  # normalised name -> name as given
        self.dirs: dict[str, str] = {}  # normalised folder -> the first name inside it

    def claim(self, name: str) -> None:
        """Record `name`, or raise OutputError when it collides with a name recorded before."""
        key = normalise_name(name)
        if key in self.files:
            raise OutputError(
                f"refusing to write {name!r}: it names the same file as {self.files[key]!r} "
                "(names are compared after Unicode normalisation and case folding)"
            )
        if key in self.dirs:
            raise OutputError(f"refusing to write {name!r}: it is also a folder holding {self.dirs[key]!r}")
        parts = key.split("/")
        for depth in range(1, len(parts)):
            folder = "/".join(parts[:depth])
            if folder in self.files:
                raise OutputError(
                    f"refusing to write {name!r}: its folder {folder!r} is also a file ({self.files[folder]!r})"
                )
        for depth in range(1, len(parts)):
            self.dirs.setdefault("/".join(parts[:depth]), name)
        self.files[key] = name


def check_names(files: Mapping[str, bytes]) -> list[str]:
    """Validate every output path and its content; return the names in sorted order."""
    for name in files:
        reason = path_problem(name)
        if reason is None and not isinstance(files[name], (bytes, bytearray)):
            reason = f"its content is {type(files[name]).__name__}, not bytes"
        if reason is not None:
            raise OutputError(f"refusing to write {name!r}: {reason}")
    names = sorted(files)
    claims = _NameClaims()
    for name in names:
        claims.claim(name)
    return names


def path_problem(name: object) -> str | None:
    """Return why `name` is not a safe relative POSIX output path, or None when it is."""
    if not isinstance(name, str):
        return f"the name is a {type(name).__name__}, not a string"
    if name == "":
        return "the name is empty"
    if "\x00" in name:
        return "it contains a NUL character"
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        return "it contains a control character"
    if "\\" in name:
        return "it contains a backslash; use / between folders"
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return "it is an absolute path; name it relative to the output folder"
    parts = name.split("/")
    if "" in parts:
        return "it has an empty segment (a leading, trailing or doubled /)"
    if ".." in parts:
        return "it has a '..' segment, which would leave the output folder"
    if "." in parts:
        return "it has a '.' segment"
    if normalise_name(parts[0]) == MARKER_NAME:
        return f"{MARKER_NAME} is the name of sitegen's own marker file"
    return None


def normalise_name(name: str) -> str:
    """Return the form two names share when a file system would treat them as one file."""
    return unicodedata.normalize("NFC", name).casefold()


def resolve_output(output_dir: Path) -> Path:
    """Return the absolute output path (parent resolved), refusing /, home, the cwd and its ancestors."""
    absolute = Path(os.path.abspath(output_dir))
    if absolute == Path(absolute.anchor):
        raise OutputError(f"refusing to write the site into the root folder; {PICK}", path=output_dir)
    target = Path(os.path.realpath(absolute.parent)) / absolute.name
    if target == Path(target.anchor):
        raise OutputError(f"refusing to write the site into the root folder; {PICK}", path=output_dir)
    home = _home()
    if home is not None and target == home:
        raise OutputError(f"refusing to write the site into your home folder; {PICK}", path=output_dir)
    cwd = Path(os.path.realpath(os.getcwd()))
    if target == cwd:
        raise OutputError(
            f"refusing to write the site into the current folder, which would be replaced whole; {PICK}",
            path=output_dir,
        )
    if target in cwd.parents:
        raise OutputError(
            f"refusing to write the site into a folder that contains the current folder; {PICK}",
            path=output_dir,
        )
    return target


def _home() -> Path | None:
    try:
        return Path(os.path.realpath(Path.home()))
    except (RuntimeError, KeyError):  # no HOME and no passwd entry
        return None


def refuse_foreign(target: Path, *, shown: Path | None = None) -> None:
    """Raise OutputError unless `target` is absent, an empty folder, or a folder sitegen made."""
    where = shown if shown is not None else target
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        return
    except OSError as err:
        raise OutputError(f"cannot inspect the output folder: {err.strerror}", path=where) from None
    if stat.S_ISLNK(info.st_mode):
        raise OutputError(
            "the output folder is a symbolic link; give the folder it points to, "
            "or pick an empty or new folder", path=where,
        )
    if not stat.S_ISDIR(info.st_mode):
        raise OutputError("the output path is a file, not a folder; pick an empty or new folder", path=where)
    try:
        entries = sorted(os.listdir(target))
    except OSError as err:
        raise OutputError(f"cannot list the output folder: {err.strerror}", path=where) from None
    marked = is_marked(target)
    for marker in NEVER_IN_OUTPUT if marked else PROJECT_MARKERS:
        if marker in entries:
            raise OutputError(
                f"refusing to write the site into a project folder (it holds {marker}); {PICK}", path=where
            )
    if entries and not marked:
        raise OutputError(
            f"this folder was not made by sitegen (it has no {MARKER_NAME} marker) and is not empty; "
            "pick an empty or new folder, or delete this one yourself",
            path=where,
        )


def is_marked(folder: Path) -> bool:
    """Return True when `folder` holds sitegen's marker file (a regular file naming sitegen)."""
    marker = folder / MARKER_NAME
    try:
        if not stat.S_ISREG(os.lstat(marker).st_mode):
            return False
        with open(marker, "rb") as handle:
            head = handle.read(64)
    except OSError:
        return False
    return head.startswith(b"sitegen output folder")


def source_date_epoch() -> int | None:
    """Return SOURCE_DATE_EPOCH as seconds, None when unset; OutputError when malformed."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "")
    if raw == "":
        return None
    if not raw.isdigit():
        raise OutputError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, not {raw!r}")
    return int(raw)


# ------------------------------------------------------------------- writing


def write_file(root: Path, name: str, data: bytes) -> None:
    """Create `root/name` (never overwriting, never following a link) holding `data`."""
    path = root.joinpath(*name.split("/"))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), FILE_MODE)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
    except OSError as err:
        raise OutputError(f"cannot write {name!r}: {err.strerror}") from None


def normalise_tree(root: Path, epoch: int | None, *, skip: AbstractSet[str] = frozenset()) -> int:
    """Give every file and folder under `root` fixed permissions (and mtimes); return the file count.

    Files named in `skip` (relative POSIX paths: links to the live site's files, already
    normalised) are counted but not touched, so their metadata stays as it was.
    """
    count = 0
    for dirpath, dirnames, filenames in os.walk(root, topdown=False):
        dirnames.sort()
        for filename in sorted(filenames):
            path = os.path.join(dirpath, filename)
            if os.path.islink(path):
                continue
            if os.path.relpath(path, root).replace(os.sep, "/") not in skip:
                os.chmod(path, FILE_MODE)
                if epoch is not None:
                    os.utime(path, (epoch, epoch))
            if not (dirpath == str(root) and filename == MARKER_NAME):
                count += 1
        os.chmod(dirpath, DIR_MODE)
        if epoch is not None:
            os.utime(dirpath, (epoch, epoch))
    return count


def _check_marker_kept(staging: Path, shown: Path) -> None:
    marker = staging / MARKER_NAME
    try:
        kept = stat.S_ISREG(os.lstat(marker).st_mode) and marker.read_bytes() == MARKER_TEXT
    except OSError:
        kept = False
    if not kept:
        raise OutputError(f"post-processing removed or changed the {MARKER_NAME} marker", path=shown)


# ------------------------------------------------------------------ swapping


def commit(staging: Path, target: Path) -> None:
    """Swap the finished staging folder into place as `target`, then delete the old site."""
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
        if old is not None:
            _remove_tree(old)


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


# ------------------------------------------------------------------ cleaning


def remove_leftovers(parent: Path) -> None:
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
        _remove_tree(path)


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


def _remove_tree(path: Path) -> None:
    if os.path.islink(path):
        os.unlink(path)
        return
    shutil.rmtree(path, ignore_errors=True)

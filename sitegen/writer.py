"""The writing edge: put a rendered site on disk safely, atomically and reproducibly.

A build never writes into the live output folder. It writes every file into a
staging folder beside it (same file system), marks it as sitegen's with
`.sitegen-output`, runs the post-processing step on it, and then swaps it into
place:

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

The marker is also the manifest of the files the build wrote (`sitegen.manifest`):
the next build replaces exactly those. Entries on the keep list (a ``.git``
checkout, ``CNAME``, ``.htaccess``, ... and the site's ``keep:``) are carried into
the new site (hard links, so nothing is copied twice or lost if the build dies);
any other file sitegen did not write stops the build before anything changes.

The writer refuses any output folder it did not make (no marker) unless it
holds only kept entries, the root folder, the home folder, the current folder
and its ancestors, project folders, files and symbolic links; one build at a
time holds `sitegen.lock`. What cannot be cleaned up (an old site that will not
delete) is named in a warning with the command that removes it.
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
import tempfile
import threading
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from sitegen import manifest
from sitegen.errors import OutputError
from sitegen.lock import output_lock
from sitegen.manifest import DEFAULT_KEEP, MARKER_FORMAT, MARKER_HEAD, MARKER_NAME

__all__ = ["DEFAULT_KEEP", "MARKER_FORMAT", "MARKER_NAME", "MARKER_TEXT", "write_site"]
MARKER_TEXT = MARKER_HEAD  # what the marker holds while the build runs; the manifest is added at the end
# A folder holding any of these is a project, not a build output. A folder sitegen marked as its own
# may hold `seeds/` or `content/` (a page can be named so), never a package; a git checkout (`.git`,
# kept by default) is fine once the folder is sitegen's or holds nothing but kept entries.
PROJECT_MARKERS = ("pyproject.toml", ".git", "seeds", "content")
NEVER_IN_OUTPUT = ("pyproject.toml",)
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
    keep: Sequence[str] = (),
    content_dir: Path = Path("content"),
    warn: Callable[[str], None] | None = None,
) -> int:
    """Write `files` (relative POSIX path -> bytes) as the new `output_dir`; return the file count.

    `keep` adds to `DEFAULT_KEEP` the user's entries carried over from the previous site;
    `content_dir` is named in messages; `warn` receives what could not be cleaned up
    (default: printed to stderr).
    """
    say = warn if warn is not None else _warn_stderr
    names = check_names(files)
    kept_names = manifest.check_keep([*DEFAULT_KEEP, *keep])
    target = resolve_output(output_dir)
    epoch = source_date_epoch()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"cannot create the folder {target.parent}: {err.strerror}", path=output_dir) from None
    with output_lock(target):
        previous = survey_output(target, kept_names, shown=output_dir, content_dir=content_dir)
        manifest.check_kept_against(previous.kept, names)
        remove_leftovers(target.parent, warn=say)
        try:
            staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f"{STAGING_PREFIX}{os.getpid()}-"))
        except OSError as err:
            raise OutputError(f"cannot create a staging folder in {target.parent}: {err.strerror}",
                              path=output_dir) from None
        committed = False
        try:
            for name in names:
                write_file(staging, name, files[name])
            write_file(staging, MARKER_NAME, MARKER_TEXT)
            if post_process is not None:
                post_process(staging)
            _check_marker_kept(staging, output_dir)
            os.unlink(staging / MARKER_NAME)
            write_file(staging, MARKER_NAME, manifest.manifest_text(listing(staging)))
            count = normalise_tree(staging, epoch)
            _carry_kept(target, staging, previous.kept, epoch)
            commit(staging, target, warn=say)
            committed = True
        finally:
            if not committed:
                _remove_or_warn(staging, say, "the unfinished new site")
    return count


def survey_output(target: Path, keep: Sequence[str], *, shown: Path, content_dir: Path) -> manifest.Survey:
    """Refuse an output folder that is not sitegen's or holds files it did not write; return what to keep."""
    refuse_foreign(target, shown=shown, keep=keep)
    if not os.path.isdir(target):
        return manifest.Survey((), ())
    written = manifest.read_manifest(target) if is_marked(target) else None
    found = manifest.survey(target, keep, written)
    if found.unknown:
        raise OutputError(manifest.unknown_message(found.unknown, content_dir), path=shown)
    return found


def listing(root: Path) -> list[str]:
    """Return every file and link under `root` as a relative POSIX path (the marker excepted), sorted."""
    names: list[str] = []
    for dirpath, dirnames, filenames in os.walk(root):
        rel = os.path.relpath(dirpath, root)
        prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        names.extend(prefix + f for f in filenames if prefix + f != MARKER_NAME)
        names.extend(prefix + d for d in dirnames if os.path.islink(os.path.join(dirpath, d)))
    return sorted(names)


def _carry_kept(old: Path, new: Path, kept: Sequence[str], epoch: int | None) -> None:
    for rel in kept:
        try:
            manifest.carry(old, new, rel)
        except OSError as err:
            raise OutputError(f"cannot carry the kept {rel} into the new site: {err.strerror or err}",
                              path=old) from None
    if kept and epoch is not None:  # adding entries touched the folders that hold them
        folders = {new}
        for rel in kept:
            parent = (new / rel).parent
            while parent != new:
                folders.add(parent)
                parent = parent.parent
        for folder in folders:
            os.utime(folder, (epoch, epoch))


def _warn_stderr(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def check_names(files: Mapping[str, bytes]) -> list[str]:
    """Validate every output path and its content; return the names in sorted order."""
    seen_files: dict[str, str] = {}  # normalised name -> name as given
    seen_dirs: dict[str, str] = {}  # normalised folder -> the first name inside it
    for name in files:
        reason = path_problem(name)
        if reason is None and not isinstance(files[name], (bytes, bytearray)):
            reason = f"its content is {type(files[name]).__name__}, not bytes"
        if reason is not None:
            raise OutputError(f"refusing to write {name!r}: {reason}")
    names = sorted(files)
    for name in names:
        key = normalise_name(name)
        if key in seen_files:
            raise OutputError(
                f"refusing to write {name!r}: it names the same file as {seen_files[key]!r} "
                "(names are compared after Unicode normalisation and case folding)"
            )
        if key in seen_dirs:
            raise OutputError(f"refusing to write {name!r}: it is also a folder holding {seen_dirs[key]!r}")
        parts = key.split("/")
        for depth in range(1, len(parts)):
            folder = "/".join(parts[:depth])
            if folder in seen_files:
                raise OutputError(
                    f"refusing to write {name!r}: its folder {folder!r} is also a file ({seen_files[folder]!r})"
                )
            seen_dirs.setdefault(folder, name)
        seen_files[key] = name
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


def refuse_foreign(target: Path, *, shown: Path | None = None, keep: Sequence[str] = DEFAULT_KEEP) -> None:
    """Raise OutputError unless `target` is absent, empty, sitegen's, or holds only kept entries."""
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
    if not marked and all(manifest.is_kept(e, keep) for e in entries):
        return  # nothing but the user's kept entries (a fresh git checkout, a CNAME): nothing to lose
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


def normalise_tree(root: Path, epoch: int | None) -> int:
    """Give every file and folder under `root` fixed permissions (and mtimes); return the file count."""
    count = 0
    for dirpath, dirnames, filenames in os.walk(root, topdown=False):
        dirnames.sort()
        for filename in sorted(filenames):
            path = os.path.join(dirpath, filename)
            if os.path.islink(path):
                continue
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


def commit(staging: Path, target: Path, *, warn: Callable[[str], None] | None = None) -> None:
    """Swap the finished staging folder into place as `target`, then delete the old site (or warn)."""
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
            _remove_or_warn(old, warn if warn is not None else _warn_stderr, "the previous site")


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


def remove_leftovers(parent: Path, *, warn: Callable[[str], None] | None = None) -> None:
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
        _remove_or_warn(path, warn if warn is not None else _warn_stderr, "a folder left by an interrupted build")


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


def _remove_tree(path: Path) -> str | None:
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


def _remove_or_warn(path: Path, warn: Callable[[str], None], what: str) -> None:
    """Delete `path`; when that fails, warn naming it and the command that removes it."""
    why = _remove_tree(path)
    if why is not None:
        warn(f"could not remove {what} at {path} ({why}); nothing else is affected: "
             f"remove it with: rm -rf {shlex.quote(str(path))}")

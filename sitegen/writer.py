"""The writing edge: put a rendered site on disk safely, atomically and reproducibly.

A build never writes into the live output folder. It writes every file into a staging
folder beside it (same file system) as the file is rendered (`staged_site` and
`Staging.put`; `write_site` for a finished mapping), runs the post-processing step on it,
writes the marker ``.sitegen-output`` (the manifest of every file it wrote,
`sitegen.manifest`), carries the user's kept entries over from the previous site, and
swaps it into place (`sitegen.swap`). A file whose bytes equal the live site's copy is
hard-linked from it rather than written, so after the swap unchanged files keep their
inode and mtime and a rebuild writes only what changed (rsync and static hosts see the
true change); a post-processing step must therefore only add files, never rewrite one in
place. With a build cache the previous site is not deleted after the swap but kept there, and
the next build fills it again as its staging folder (`sitegen.recycle`): the same site comes
out, without making and deleting a folder of links per page on every build.

Which folder may be replaced and which names may be written is `sitegen.outdir`: the
folder must be sitegen's (or hold only kept entries: a ``.git`` checkout, ``CNAME``,
``.htaccess``... and the site's ``keep:``), and a file there that the last build did not
write stops the build before anything changes. Any exception before the swap, Ctrl-C
included, removes the staging folder and leaves the previous site untouched; one build at
a time holds `sitegen.lock`.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from sitegen import manifest
from sitegen.errors import OutputError
from sitegen.lock import output_lock
from sitegen.manifest import DEFAULT_KEEP, MARKER_HEAD, MARKER_NAME
from sitegen.outdir import (
    NameClaims,
    check_names,
    is_marked,
    path_problem,
    refuse_foreign,
    resolve_output,
    survey_output,
)
from sitegen.recycle import Leftovers, keep_as_spare, sweep_spares, take_spare
from sitegen.swap import (
    STAGING_PREFIX,
    Removal,
    Warn,
    commit,
    remove_leftovers,
    remove_or_warn,
    warn_stderr,
)
from sitegen.tree import FILE_MODE, Tree, normalise_tree, survey_tree

MARKER_TEXT = MARKER_HEAD  # what the marker holds while the build runs; the manifest replaces it at the end


# ------------------------------------------------------------------ public API


def write_site(
    files: Mapping[str, bytes],
    output_dir: Path,
    *,
    post_process: Callable[[Path], None] | None = None,
    epoch: int | None = None,
    keep: Sequence[str] = (),
    content_dir: Path = Path("content"),
    warn: Warn = warn_stderr,
) -> int:
    """Write `files` (relative POSIX path -> bytes) as the new `output_dir`; return the file count.

    `keep` adds to `DEFAULT_KEEP` the user's entries carried over from the previous site;
    `content_dir` is named in messages; `warn` receives what could not be cleaned up.
    """
    names = check_names(files)
    with staged_site(output_dir, epoch=epoch, post_process=post_process, keep=keep, content_dir=content_dir,
                     warn=warn) as staging:
        for name in names:
            staging.put(name, files[name])
    return staging.count


class Staging:
    """The staging folder of one build, filled file by file as pages are rendered.

    A file whose bytes equal the live site's file of the same name is hard-linked from it
    instead of written (same inode, same mtime), so a rebuild writes only what changed.
    """

    def __init__(self, root: Path, live: Path | None, epoch: int | None, recycled: bool = False) -> None:
        """`recycled`: `root` is the site before the live one (sitegen.recycle), not an empty folder."""
        self.root, self.live, self.epoch = root, live, epoch
        # the folders as strings: a build looks up tens of thousands of names (no Path objects made for them)
        self._root, self._live = os.fspath(root), os.fspath(live) if live is not None else None
        self.leftovers = Leftovers(root) if recycled else None
        self.names = NameClaims()
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
        if self.leftovers is not None:
            self.leftovers.make_room(name)
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

    def keep_tree(self, folder: str, skip: Sequence[str] = ()) -> bool:
        """Link every file under the live site's `folder` into the staging folder; False when absent.

        Names in `skip` (relative paths of files or folders under `folder`) are left out.
        """
        if self.live is None or not (self.live / folder).is_dir() or (self.live / folder).is_symlink():
            return False
        names: list[str] = []
        for path in sorted((self.live / folder).rglob("*")):
            if path.is_symlink() or not (path.is_file() or path.is_dir()):
                return False
            name = path.relative_to(self.live).as_posix()
            if path.is_file() and not any(name == s or name.startswith(s + "/") for s in skip):
                names.append(name)
        if any(self._live_file(n) is None for n in names):
            return False
        for name in names:
            if not self._link(name):  # all or nothing: never leave a half-kept folder to be written into
                for placed in names:
                    if placed in self.linked:
                        os.unlink(self.root.joinpath(*placed.split("/")))
                self.linked.difference_update(names)
                return False
        return True

    def relink_unchanged(self, tree: Tree) -> None:
        """Replace files a post-processing step wrote that equal the live site's by links to them
        (`tree`: what the staging folder holds)."""
        if self.live is None:
            return
        for rel, is_link in tree.files:
            if is_link or rel in self.linked:
                continue
            path = self.root.joinpath(*rel.split("/"))
            found = self._live_info(rel)
            if found is None or found[1].st_size != path.stat().st_size or _read(found[0]) != path.read_bytes():
                continue
            live = found[0]
            aside = path.with_name(f".{path.name}.sitegen-link")
            try:
                os.link(live, aside)
                os.replace(aside, path)
            except OSError:
                continue
            self.linked.add(rel)

    def finish(self) -> None:
        """Remove what a recycled folder still holds that this build did not place (see sitegen.recycle)."""
        if self.leftovers is not None:
            self.leftovers.clear(set(self.names.files.values()))

    def _live_file(self, name: str) -> str | None:
        found = self._live_info(name)
        return found[0] if found is not None else None

    def _live_info(self, name: str) -> tuple[str, os.stat_result] | None:
        if self._live is None:
            return None
        path = os.path.join(self._live, *name.split("/"))
        try:
            info = os.lstat(path)
        except OSError:
            return None
        if not stat.S_ISREG(info.st_mode) or stat.S_IMODE(info.st_mode) != FILE_MODE:
            return None
        if self.epoch is not None and int(info.st_mtime) != self.epoch:
            return None
        return path, info

    def _same_as_live(self, name: str, data: bytes) -> bool:
        found = self._live_info(name)
        if found is None or found[1].st_size != len(data):
            return False
        try:
            return _read(found[0]) == data
        except OSError:
            return False

    def _link(self, name: str) -> bool:
        found = self._live_info(name)
        if found is None:
            return False
        live, info = found
        path = os.path.join(self._root, *name.split("/"))
        leftovers = self.leftovers
        try:
            if leftovers is not None:
                if leftovers.holds(name, (info.st_dev, info.st_ino)):  # already this very file
                    self.linked.add(name)
                    return True
                leftovers.make_room(name)
            if leftovers is None or not leftovers.has_dir(name.rpartition("/")[0]):
                os.makedirs(os.path.dirname(path), exist_ok=True)
            os.link(live, path, follow_symlinks=False)
        except OSError:  # no hard links on this file system: the caller writes a copy
            return False
        self.linked.add(name)
        return True


def check_output(output_dir: Path, keep: Sequence[str] = ()) -> None:
    """Refuse an output folder the writer would refuse, before a build spends time on it (checked again when written)."""
    refuse_foreign(resolve_output(output_dir), shown=output_dir, keep=manifest.check_keep([*DEFAULT_KEEP, *keep]))


@contextmanager
def staged_site(
    output_dir: Path,
    *,
    epoch: int | None = None,
    post_process: Callable[[Path], None] | None = None,
    keep: Sequence[str] = (),
    content_dir: Path = Path("content"),
    warn: Warn = warn_stderr,
    removal: Removal | None = None,
    spare: Path | None = None,
) -> Iterator[Staging]:
    """Lock `output_dir`, give a staging folder to fill, then post-process and swap it in atomically
    (`removal`: delete the previous site in the background, see `swap.Removal`; `spare`: where the
    previous site is kept for the next build to fill again, see `sitegen.recycle`)."""
    kept_names = manifest.check_keep([*DEFAULT_KEEP, *keep])
    target = resolve_output(output_dir)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"cannot create the folder {target.parent}: {err.strerror}", path=output_dir) from None
    with output_lock(target):
        previous = survey_output(target, kept_names, shown=output_dir, content_dir=content_dir)
        remove_leftovers(target.parent, warn=warn)
        live = target if is_marked(target) else None
        sweep_spares(spare)
        recycled = take_spare(spare, target.parent) if live is not None else None
        try:
            root = recycled or Path(tempfile.mkdtemp(dir=target.parent, prefix=f"{STAGING_PREFIX}{os.getpid()}-"))
        except OSError as err:
            raise OutputError(f"cannot create a staging folder in {target.parent}: {err.strerror}",
                              path=output_dir) from None
        committed = False
        try:
            staging = Staging(root, live, epoch, recycled=recycled is not None)
            yield staging
            manifest.check_kept_against(previous.kept, staging.names.files.values())
            staging.finish()
            staging.names.claim(MARKER_NAME)
            write_file(root, MARKER_NAME, MARKER_TEXT)
            if post_process is not None:
                post_process(root)
            _check_marker_kept(root, output_dir)
            os.unlink(root / MARKER_NAME)
            tree = survey_tree(root)  # one walk serves the relinking, the manifest and the metadata
            staging.relink_unchanged(tree)
            written = manifest.manifest_text(tree.names())
            if not (staging._same_as_live(MARKER_NAME, written) and staging._link(MARKER_NAME)):
                write_file(root, MARKER_NAME, written)
            staging.count = normalise_tree(root, epoch, skip=staging.linked, tree=tree.with_file(MARKER_NAME))
            staging.changed = staging.count - len(staging.linked - {MARKER_NAME})
            _carry_kept(target, root, previous.kept, epoch)
            commit(root, target, warn=warn, removal=removal,
                   keep=(lambda old: keep_as_spare(old, spare)) if spare is not None else None)
            committed = True
        finally:
            if not committed:
                remove_or_warn(root, warn, "the unfinished new site")


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


def _read(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


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


def _check_marker_kept(staging: Path, shown: Path) -> None:
    marker = staging / MARKER_NAME
    try:
        kept = stat.S_ISREG(os.lstat(marker).st_mode) and marker.read_bytes() == MARKER_TEXT
    except OSError:
        kept = False
    if not kept:
        raise OutputError(f"post-processing removed or changed the {MARKER_NAME} marker", path=shown)

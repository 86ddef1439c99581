"""The previous site kept as the next build's staging folder: the site that comes out is the one a fresh
staging folder gives, file for file, folder for folder, with unchanged files kept as they were."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from sitegen import recycle, writer
from sitegen.cache import SPARES, Store

EPOCH = 1_700_000_000
Site = dict[str, bytes]

FIRST: Site = {
    "index.html": b"<p>home</p>",
    "assets/site.css": b"body{}",
    "years/2024/index.html": b"<p>2024</p>",
    "entries/a/index.html": b"<p>a</p>",
    "entries/b/index.html": b"<p>b</p>",
    "feed.xml": b"<feed/>",
    "notes": b"a file that becomes a folder",
    "pagefind/parts/2024/index.pf": b"part",
}


def _without(site: Site, *names: str) -> Site:
    return {k: v for k, v in site.items() if k not in names}


EDITS: dict[str, Callable[[Site], Site]] = {
    "nothing": lambda s: dict(s),
    "one-page-changed": lambda s: {**s, "years/2024/index.html": b"<p>2024, edited</p>"},
    "one-page-gone": lambda s: _without(s, "entries/b/index.html"),
    "one-page-added": lambda s: {**s, "entries/c/index.html": b"<p>c</p>"},
    "a-file-becomes-a-folder": lambda s: {**_without(s, "notes"), "notes/index.html": b"<p>notes</p>"},
    "a-folder-becomes-a-file": lambda s: {**_without(s, "entries/a/index.html", "entries/b/index.html"),
                                          "entries": b"a file now"},
    "a-whole-folder-gone": lambda s: _without(s, "pagefind/parts/2024/index.pf"),
}


def tree(root: Path) -> dict[str, tuple[str, int, int, bytes]]:
    """Every file and folder under root: kind, permission bits, mtime and bytes."""
    out: dict[str, tuple[str, int, int, bytes]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath, name)
            info = os.lstat(path)
            kind = "dir" if stat.S_ISDIR(info.st_mode) else "link" if stat.S_ISLNK(info.st_mode) else "file"
            data = path.read_bytes() if kind == "file" else b""
            out[path.relative_to(root).as_posix()] = (kind, stat.S_IMODE(info.st_mode), int(info.st_mtime), data)
    return out


def write(site: Site, out: Path, spare: Path | None) -> writer.Staging:
    with writer.staged_site(out, epoch=EPOCH, spare=spare) as staging:
        for name in sorted(site):
            staging.put(name, site[name])
    return staging


def inode(path: Path) -> int:
    return os.lstat(path).st_ino


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_a_build_on_the_spare_gives_the_site_a_fresh_folder_gives(tmp_path: Path, edit: str) -> None:
    fresh, reused, spare = tmp_path / "fresh" / "public", tmp_path / "reused" / "public", tmp_path / "cache" / "spare"
    live = {**FIRST, "index.html": b"<p>home, second</p>"}
    for site in (FIRST, live):  # two builds: the second leaves a spare
        write(site, fresh, None)
        write(site, reused, spare)
    assert spare.is_dir()
    before = {name: inode(reused / name) for name in FIRST}
    edited = EDITS[edit](FIRST)
    write(edited, fresh, None)
    staging = write(edited, reused, spare)
    assert tree(reused) == tree(fresh)
    assert [p.name for p in reused.parent.iterdir()] == ["public"]  # nothing left beside the site
    for name in edited:
        if name in FIRST and edited[name] == FIRST[name] and name != "index.html":
            assert inode(reused / name) == before[name], name  # unchanged: the very same file
    assert staging.changed == sum(1 for n in edited if edited[n] != live.get(n))  # written: what differs from live


def test_the_spare_holds_the_previous_site_after_a_swap(tmp_path: Path) -> None:
    out, spare = tmp_path / "public", tmp_path / "cache" / "spare"
    write(FIRST, out, spare)
    assert not spare.exists()  # the first build replaced no site
    write(EDITS["one-page-changed"](FIRST), out, spare)
    assert (spare / "years/2024/index.html").read_bytes() == b"<p>2024</p>"
    assert inode(spare / "index.html") == inode(out / "index.html")  # links, not copies


@pytest.mark.parametrize("plant", ["foreign-file", "link-out", "same-name-other-bytes", "folder-for-a-file"])
def test_nothing_planted_in_the_spare_reaches_the_site(tmp_path: Path, plant: str) -> None:
    fresh, reused, spare = tmp_path / "fresh" / "public", tmp_path / "reused" / "public", tmp_path / "cache" / "spare"
    for site in (FIRST, FIRST):
        write(site, fresh, None)
        write(site, reused, spare)
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the site", encoding="utf-8")
    if plant == "foreign-file":
        (spare / "entries" / "a" / "extra.html").write_bytes(b"<script>alert(1)</script>")
    elif plant == "link-out":
        os.symlink(secret, spare / "assets" / "leak.txt")
    elif plant == "same-name-other-bytes":
        os.unlink(spare / "feed.xml")
        (spare / "feed.xml").write_bytes(b"<feed>tampered</feed>")
        os.utime(spare / "feed.xml", (EPOCH, EPOCH))
        os.chmod(spare / "feed.xml", 0o644)
    else:
        os.unlink(spare / "feed.xml")
        (spare / "feed.xml").mkdir()
        (spare / "feed.xml" / "inside").write_bytes(b"x")
    write(FIRST, fresh, None)
    write(FIRST, reused, spare)
    assert tree(reused) == tree(fresh)


def test_a_file_system_that_aliases_names_never_uses_the_spare(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    out, spare = tmp_path / "public", tmp_path / "cache" / "spare"
    write(FIRST, out, spare)
    write(FIRST, out, spare)
    monkeypatch.setattr(recycle, "_names_exact", lambda root: False)
    staging = write(EDITS["one-page-changed"](FIRST), out, spare)
    assert staging.leftovers is None  # a fresh folder
    assert not spare.exists()  # and the previous site is not kept for a next build that could not use it
    assert (out / "years/2024/index.html").read_bytes() == b"<p>2024, edited</p>"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "public"]


def test_a_failed_build_on_the_spare_leaves_the_site_and_no_folder_behind(tmp_path: Path) -> None:
    out, spare = tmp_path / "public", tmp_path / "cache" / "spare"
    write(FIRST, out, spare)
    write(FIRST, out, spare)
    before = tree(out)
    with pytest.raises(RuntimeError), writer.staged_site(out, epoch=EPOCH, spare=spare) as staging:
        staging.put("index.html", b"<p>half</p>")
        raise RuntimeError("a render failed")
    assert tree(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["cache", "public"] and not spare.exists()


def test_the_spare_is_where_the_store_keeps_it_and_pruning_never_touches_it(tmp_path: Path) -> None:
    store = Store(tmp_path / "cache")
    spare = store.spare(tmp_path / "public")
    assert spare.parent == tmp_path / "cache" / SPARES
    assert store.spare(tmp_path / "public") == spare != store.spare(tmp_path / "other")
    write(FIRST, tmp_path / "public", spare)
    write(FIRST, tmp_path / "public", spare)
    store.put("pages", "k" * 64, "something")
    os.utime(spare / "index.html", (0, 0))  # older than anything
    store.prune(since=EPOCH * 2, keep=0.0)  # every entry is older than the build: all may go
    assert (spare / "index.html").is_file() and (spare / "years/2024/index.html").is_file()


def test_a_cache_keeps_the_spare_of_one_output_folder_only(tmp_path: Path) -> None:
    store = Store(tmp_path / "cache")
    first, second = tmp_path / "public", tmp_path / "preview"
    for _ in range(2):
        write(FIRST, first, store.spare(first))
    assert store.spare(first).is_dir()
    write(FIRST, second, store.spare(second))  # another output folder: the first one's spare goes
    assert not store.spare(first).exists()
    write(FIRST, second, store.spare(second))
    assert [p.name for p in (tmp_path / "cache" / SPARES).iterdir()] == [store.spare(second).name]

"""Builds at scale: any --jobs, a Dask cluster and the cache give the bytes of a cache-less single-process build.

A rebuild with nothing changed writes no file (inodes and mtimes stay); an edit re-runs only the
articles it touches; damaged cache entries are ignored and rebuilt.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

import sitegen.cache
from sitegen import reader
from sitegen.build import BuildReport, MergeWork, Options, Paths, build
from sitegen.cache import CACHE_DIR_NAME, MAGIC, PageLog, Store, default_cache_dir
from sitegen.site import chronology
from sitegen.site.fragments import ItemFragments
from sitegen.site.markup import MarkupMemory
from sitegen.site.records import PageSpec
from sitegen.site.render import PageRenderer

ROOT = Path(__file__).resolve().parent.parent
EPOCH = 1_700_000_000
from tests.conftest import WIRE_ARTICLES as ARTICLES


@pytest.fixture
def site(corpus: Path, tmp_path: Path) -> Path:
    """A private copy of the corpus, free to edit."""
    shutil.copytree(corpus, tmp_path / "site")
    return tmp_path / "site"


def paths(site: Path, output: Path) -> Paths:
    return Paths(seeds=site / "seeds", content=site / "content", output=output, templates=ROOT / "templates")


def run(site: Path, output: Path, **options: Any) -> BuildReport:
    return build(paths(site, output), Options(**options), build_epoch=EPOCH)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def identities(root: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(root).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in root.rglob("*") if p.is_file()}


def reference(site: Path, tmp_path: Path, name: str = "reference") -> dict[str, bytes]:
    """The site as a cache-less, single-process build makes it."""
    out = tmp_path / name
    run(site, out, jobs=1)
    return tree(out)


@pytest.fixture(scope="module")
def expected(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    return reference(corpus, tmp_path_factory.mktemp("expected"))


def test_two_workers_build_the_bytes_of_one(corpus: Path, tmp_path: Path, expected: dict[str, bytes]) -> None:
    report = run(corpus, tmp_path / "public", jobs=2)
    assert report.gathered.stats.processed == ARTICLES
    assert tree(tmp_path / "public") == expected


def test_a_dask_cluster_builds_the_bytes_of_one_process(corpus: Path, tmp_path: Path,
                                                        expected: dict[str, bytes]) -> None:
    import distributed  # the test extra installs dask[distributed]: never skipped

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        run(corpus, tmp_path / "public", jobs=2, dask=cluster.scheduler_address)
    assert tree(tmp_path / "public") == expected


def test_an_unreachable_dask_scheduler_is_one_clear_error(corpus: Path, tmp_path: Path) -> None:
    from sitegen.errors import SitegenError

    with pytest.raises(SitegenError, match=r"^cannot reach the Dask scheduler at tcp://127\.0\.0\.1:9: "):
        run(corpus, tmp_path / "public", dask="tcp://127.0.0.1:9")
    assert not (tmp_path / "public").exists()


def test_a_rebuild_with_nothing_changed_writes_no_file(site: Path, tmp_path: Path,
                                                       expected: dict[str, bytes]) -> None:
    out, cache = tmp_path / "public", tmp_path / "cache"
    first = run(site, out, jobs=2, cache=cache)
    assert first.gathered.stats.processed == ARTICLES
    assert tree(out) == expected
    before = identities(out)
    again = run(site, out, jobs=2, cache=cache)
    assert (again.gathered.stats.processed, again.gathered.stats.cached) == (0, ARTICLES)
    assert again.gathered.merge == MergeWork(cached=True)  # written by a forked child of the first build, if it forks
    assert again.files_changed == 0
    assert again.search == "search index unchanged"  # pagefind is in the default install
    assert identities(out) == before
    # two workers make the pages made in Python anew in a forked child when this process may fork
    # (sitegen.site.fork: equal bytes are linked, as above, and no page log is kept for them); one
    # process logs them, and then renders no page at all
    run(site, out, jobs=1, cache=cache)
    assert (run(site, out, jobs=1, cache=cache).pages_rendered, identities(out)) == (0, before)
    assert tree(out) == expected


def test_a_rebuild_reads_only_the_seed_files_whose_status_changed(site: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "RECENT_NS", 0)  # the test's files are a moment old: trust their status
    loaded: list[str] = []
    load = reader._load
    monkeypatch.setattr(reader, "_load", lambda path, *rest: loaded.append(path.name) or load(path, *rest))
    out, cache = tmp_path / "public", tmp_path / "cache"
    run(site, out, cache=cache)
    assert len(loaded) == ARTICLES
    loaded.clear()
    run(site, out, cache=cache)
    assert loaded == []
    seed = sorted((site / "seeds").iterdir())[3]
    seed.write_text(seed.read_text(encoding="utf-8") + "\nKyiv said on 3 May 2023 that talks had resumed.\n",
                    encoding="utf-8")
    report = run(site, out, cache=cache)
    assert loaded == [seed.name] and report.gathered.stats.processed == 1
    assert tree(out) == reference(site, tmp_path)


def test_an_override_edit_reruns_its_article_and_matches_a_fresh_build(site: Path, tmp_path: Path) -> None:
    out, cache = tmp_path / "public", tmp_path / "cache"
    run(site, out, cache=cache)
    before = identities(out)
    overrides = site / "content" / "overrides" / "articles.yaml"
    text = overrides.read_text(encoding="utf-8")
    first_outlet = next(line for line in text.splitlines() if line.strip().startswith("outlet:"))
    overrides.write_text(text.replace(first_outlet, '    outlet: "Al Jazeera"', 1), encoding="utf-8")
    report = run(site, out, cache=cache)
    assert report.gathered.stats.processed == 1
    assert 0 < report.pages_rendered < len(before) // 2
    assert report.search.startswith("search index rebuilt")
    assert tree(out) == reference(site, tmp_path)
    after = identities(out)
    assert any(after[name] == before[name] for name in after if name.startswith("articles/"))


def test_lines_added_above_the_overrides_rerun_no_article_and_no_merge(site: Path, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    out, cache = tmp_path / "public", tmp_path / "cache"
    run(site, out, cache=cache)
    overrides = site / "content" / "overrides" / "articles.yaml"
    overrides.write_text("# checked against the wire on Monday\n\n" + overrides.read_text(encoding="utf-8"),
                         encoding="utf-8")

    def no_merge(*args: object) -> None:
        raise AssertionError("the merge ran again, though only lines moved")

    with monkeypatch.context() as patch:
        patch.setattr("sitegen.build.group_events", no_merge)
        report = run(site, out, cache=cache)
    assert (report.gathered.stats.processed, report.gathered.stats.cached) == (0, ARTICLES)
    assert tree(out) == reference(site, tmp_path)


def test_a_moved_publication_date_recalls_the_last_merge_and_matches_a_fresh_build(
        site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sitegen import build as build_mod
    from sitegen.merge.recall import Recall

    out, cache = tmp_path / "public", tmp_path / "cache"
    run(site, out, cache=cache)
    made: list[Recall] = []

    class Watched(Recall):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            made.append(self)

    monkeypatch.setattr(build_mod, "Recall", Watched)
    recalled: list[str] = []
    remembered = MarkupMemory.get

    def get(self: MarkupMemory, item: Any, level: int) -> str | None:
        found = remembered(self, item, level)
        if found is not None:
            recalled.append(item.id)
        return found

    monkeypatch.setattr(MarkupMemory, "get", get)
    overrides = site / "content" / "overrides" / "articles.yaml"
    text = overrides.read_text(encoding="utf-8")
    day = next(line for line in text.splitlines() if line.strip().startswith("published: 20"))
    moved = day[:-2] + ("11" if not day.endswith("11") else "12")
    overrides.write_text(text.replace(day, moved, 1), encoding="utf-8")
    report = run(site, out, cache=cache)
    assert report.gathered.stats.processed == 1
    (recall,) = made
    assert recall.previous is not None and recall.recalled > 0
    assert recalled  # the pages listing the moved entries reuse the markup of the items that did not move
    # the year pages the entries did not move on keep their search parts; the index is the fresh build's
    assert report.search.startswith("search index rebuilt in ") and report.search.endswith(" of its 4 parts")
    assert tree(out) == reference(site, tmp_path)


def test_after_an_edit_a_rebuild_with_nothing_changed_renders_nothing(site: Path, tmp_path: Path) -> None:
    """Records named by their cache keys (Fingerprints.seed) are named alike whether the merge ran or was kept."""
    out, cache = tmp_path / "public", tmp_path / "cache"
    first = run(site, out, cache=cache)
    assert len(first.gathered.seeds) == len(first.gathered.articles) + len(first.gathered.entries)
    overrides = site / "content" / "overrides" / "articles.yaml"
    text = overrides.read_text(encoding="utf-8")
    day = next(line for line in text.splitlines() if line.strip().startswith("published: 20"))
    overrides.write_text(text.replace(day, day[:-2] + ("11" if not day.endswith("11") else "12"), 1), encoding="utf-8")
    assert run(site, out, cache=cache).pages_rendered > 0
    again = run(site, out, cache=cache)
    assert (again.pages_rendered, again.files_changed) == (0, 0)
    assert tree(out) == reference(site, tmp_path)


def test_a_rebuild_reads_no_page_to_learn_which_are_searchable(site: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Rendered pages are looked at as they pass; kept pages carry the flag their last build logged."""
    from sitegen.site import search

    given: list[dict[str, bool]] = []
    real = search.marked_pages

    def marked_pages(root: Path, known: Any = None, pages: Any = None) -> dict[str, bool]:
        given.append(dict(known or {}))
        return real(root, known, pages)

    monkeypatch.setattr(search, "marked_pages", marked_pages)
    out, cache = tmp_path / "public", tmp_path / "cache"
    overrides = site / "content" / "overrides" / "articles.yaml"
    text = overrides.read_text(encoding="utf-8")
    day = next(line for line in text.splitlines() if line.strip().startswith("published: 20"))
    for edit in (None, None, day[:-2] + ("11" if not day.endswith("11") else "12")):
        if edit is not None:
            overrides.write_text(text.replace(day, edit, 1), encoding="utf-8")
        run(site, out, cache=cache)
        pages = {p.relative_to(out).as_posix(): search.MARKER in p.read_bytes() for p in out.rglob("*.html")
                 if not p.relative_to(out).as_posix().startswith("pagefind/")}
        assert given.pop() == pages
    assert sum(pages.values()) == 4  # the chronology and the three year pages


def test_an_added_article_matches_a_fresh_build(site: Path, tmp_path: Path) -> None:
    out, cache = tmp_path / "public", tmp_path / "cache"
    run(site, out, cache=cache)
    first = min((site / "seeds").iterdir())
    (site / "seeds" / "zz-added.txt").write_text(first.read_text(encoding="utf-8")
                                                 + "\nOfficials met in Kyiv on 3 May 2024.\n", encoding="utf-8")
    report = run(site, out, cache=cache)
    assert (report.gathered.stats.processed, report.gathered.stats.cached) == (1, ARTICLES)
    assert tree(out) == reference(site, tmp_path)


@pytest.mark.parametrize("damage", ["truncated", "garbage", "flipped byte", "empty", "valid pickle of junk"])
def test_damaged_cache_entries_are_ignored_and_rebuilt(site: Path, tmp_path: Path, expected: dict[str, bytes],
                                                       damage: str) -> None:
    out, cache = tmp_path / "public", tmp_path / "cache"
    run(site, out, cache=cache)
    entries = sorted((cache / "articles").rglob("*"))
    entries = [p for p in entries if p.is_file()]
    assert len(entries) == ARTICLES
    victims = entries[:3]
    for path in victims:
        blob = path.read_bytes()
        if damage == "truncated":
            path.write_bytes(blob[: len(blob) // 2])
        elif damage == "garbage":
            path.write_bytes(os.urandom(200))
        elif damage == "flipped byte":
            path.write_bytes(blob[:-1] + bytes([blob[-1] ^ 1]))
        elif damage == "empty":
            path.write_bytes(b"")
        else:  # a well-formed entry holding something that is not an article result
            import hashlib
            import pickle

            payload = pickle.dumps({"not": "an article"})
            path.write_bytes(MAGIC + hashlib.sha256(payload).digest() + payload)
    shutil.rmtree(out)
    report = run(site, out, cache=cache)
    assert report.gathered.stats.processed == len(victims)
    assert tree(out) == expected
    assert run(site, out, cache=cache).gathered.stats.processed == 0  # rebuilt entries are good again


def test_a_build_without_the_cache_in_between_is_not_mistaken_for_the_last_cached_one(
        site: Path, tmp_path: Path) -> None:
    out, cache = tmp_path / "public", tmp_path / "cache"
    run(site, out, cache=cache)
    config = site / "content" / "site.yaml"
    original = config.read_text(encoding="utf-8")
    config.write_text(original.replace("title:", "title: Edited", 1) if "title:" in original else original,
                      encoding="utf-8")
    run(site, out)  # no cache: the page log of the cached build is now stale
    config.write_text(original, encoding="utf-8")
    run(site, out, cache=cache)
    assert tree(out) == reference(site, tmp_path)


def test_concurrent_builds_can_share_one_cache(site: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": str(EPOCH)}
    command = [sys.executable, "-m", "sitegen", "build", "--quiet", "--seeds", str(site / "seeds"),
               "--content", str(site / "content"), "--templates", str(ROOT / "templates")]
    runs = [subprocess.Popen([*command, "--output", str(tmp_path / f"out{i}"), "--jobs", str(1 + i)], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in range(2)]
    for proc in runs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    assert tree(tmp_path / "out0") == tree(tmp_path / "out1")
    assert (site / CACHE_DIR_NAME / ".gitignore").read_text(encoding="utf-8").endswith("*\n")
    for leftover in (site / CACHE_DIR_NAME).rglob(".tmp-*"):
        pytest.fail(f"a temporary cache file was left behind: {leftover}")


def test_edit_after_edit_the_cache_stays_within_what_a_build_keeps(site: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # (2 by default) so that the edits outgrow it: each leaves its merge behind (~40 KB here), and a build uses
    # ~1.4 MB, of which the exports' memory is ~400 KB; at 1.1 the six merges only just outgrew it
    monkeypatch.setattr(sitegen.cache, "KEEP", 1.02)
    out, cache = tmp_path / "public", tmp_path / "cache"
    overrides = site / "content" / "overrides" / "articles.yaml"
    text = overrides.read_text(encoding="utf-8")
    first_outlet = next(line for line in text.splitlines() if line.strip().startswith("outlet:"))
    sizes = []
    for n, outlet in enumerate(("Al Jazeera", "BBC", "CNN", "TASS", "Reuters", "Bloomberg")):
        overrides.write_text(text.replace(first_outlet, f'    outlet: "{outlet}"', 1), encoding="utf-8")
        started = time.time()
        run(site, out, cache=cache)
        # the spare site is the previous site's links, not cache entries (sitegen.recycle)
        files = [p for p in cache.rglob("*") if p.is_file() and p.name != ".gitignore"
                 and sitegen.cache.SPARES not in p.relative_to(cache).parts]
        used = sum(p.stat().st_size for p in files if p.stat().st_mtime >= started - 2)
        sizes.append(sum(p.stat().st_size for p in files))
        assert sizes[-1] <= 1.1 * used, f"edit {n}"
        for p in files:  # the next edit comes a while later: its build must not take these for its own
            # (entries used within the clock slack of a build's start count as used by it: cache._CLOCK_SLACK_S)
            if p.exists():
                stamp = p.stat().st_mtime - 10
                os.utime(p, (stamp, stamp))
    assert len([p for p in (cache / "merge").rglob("*") if p.is_file()]) < 6, sizes  # six merges: the oldest gone
    assert tree(out) == reference(site, tmp_path)


def test_the_content_folder_spelled_another_way_keeps_every_page(site: Path, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    out, cache = tmp_path / "public", tmp_path / "cache"
    run(site, out, cache=cache)
    monkeypatch.chdir(site)
    respelled = build(Paths(seeds=Path("seeds"), content=Path("content"), output=out, templates=ROOT / "templates"),
                      Options(cache=cache), build_epoch=EPOCH)
    assert (respelled.pages_rendered, respelled.files_changed) == (0, 0)


def test_the_cache_lives_beside_the_content_folder(tmp_path: Path) -> None:
    assert default_cache_dir(tmp_path / "site" / "content") == tmp_path / "site" / CACHE_DIR_NAME


def test_a_store_that_cannot_be_written_is_skipped(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    store = Store(blocked)
    store.put("articles", "ab" * 32, [1, 2])
    assert store.get("articles", "ab" * 32) is None


def test_a_store_keeps_what_it_was_given(tmp_path: Path) -> None:
    store = Store(tmp_path / "cache")
    store.put("pages", "cd" * 32, {"a": (1, 2)})
    assert store.get("pages", "cd" * 32) == {"a": (1, 2)}
    assert (store.hits, store.misses) == (1, 0)


@pytest.mark.parametrize("kind", ["merge", "merge-facts", "merge-memo", "pages", "markup"])
def test_damaged_merge_and_page_entries_are_ignored(site: Path, tmp_path: Path, expected: dict[str, bytes],
                                                    kind: str) -> None:
    out, cache = tmp_path / "public", tmp_path / "cache"
    run(site, out, cache=cache)
    damaged = [p for p in (cache / kind).rglob("*") if p.is_file()]
    assert damaged
    for path in damaged:
        path.write_bytes(path.read_bytes()[:-7])
    report = run(site, out, cache=cache)
    assert tree(out) == expected
    if kind == "pages":
        assert report.pages_kept == 0


def test_the_merge_result_is_reused_when_no_article_and_no_override_changed(
        site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sitegen import build as build_mod

    out, cache = tmp_path / "public", tmp_path / "cache"
    run(site, out, cache=cache)
    calls: list[int] = []
    real = build_mod.group_events
    monkeypatch.setattr(build_mod, "group_events", lambda *a: calls.append(1) or real(*a))
    run(site, out, cache=cache)
    assert calls == []
    (site / "content" / "overrides" / "more.yaml").write_text("# nothing yet\narticles: {}\n", encoding="utf-8")
    run(site, out, cache=cache)
    assert calls == []  # a file that says nothing changes nothing
    first = json.loads((out / "timeline.json").read_text(encoding="utf-8"))["entries"][0]["id"]
    (site / "content" / "overrides" / "more.yaml").write_text(
        f"entries:\n  {first}:\n    hide: true\n    note: a duplicate of another report\n", encoding="utf-8")
    run(site, out, cache=cache)
    assert calls == [1]


def test_an_edit_renders_only_the_month_pages_it_reaches(site: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A month page shows the jump list from its small records, not from the years' items: an edit that moves
    one article's entries renders the month pages they leave or reach, and keeps every other."""
    monkeypatch.setattr(chronology, "YEAR_PAGES_THRESHOLD", 20)
    out, cache = tmp_path / "public", tmp_path / "cache"
    run(site, out, cache=cache)
    months = [p for p in sorted(identities(out)) if re.fullmatch(r"years/\d{4}/\d\d/index\.html", p)]
    assert len(months) > 12
    rendered: list[str] = []
    render_page = PageRenderer.render

    def render(self: PageRenderer, spec: PageSpec, context: dict[str, Any] | None) -> tuple[bytes, frozenset[str]]:
        rendered.append(spec.path)
        return render_page(self, spec, context)

    monkeypatch.setattr(PageRenderer, "render", render)
    overrides = site / "content" / "overrides" / "articles.yaml"
    text = overrides.read_text(encoding="utf-8")
    day = next(line for line in text.splitlines() if line.strip().startswith("published: 20"))
    overrides.write_text(text.replace(day, day[:-2] + ("11" if not day.endswith("11") else "12"), 1), encoding="utf-8")
    run(site, out, cache=cache)
    assert 0 < len(set(rendered) & set(months)) <= 4
    assert tree(out) == reference(site, tmp_path)
    # nor from the background's items: the jump list asks only whether there are any
    log = Store(cache).get("pages", PageLog.key_of(out))
    assert isinstance(log, PageLog)
    read = {name for page in months for name in log.records[page].fields}
    assert "has_background" in read and "background" not in read and "years" not in read


def test_an_edit_takes_the_exports_text_of_unchanged_items_from_the_last_build(
        site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out, cache = tmp_path / "public", tmp_path / "cache"
    run(site, out, cache=cache, jobs=1)
    finished: list[tuple[int, int]] = []
    finish = ItemFragments.finish

    def watched(self: ItemFragments) -> None:
        finished.append((self.recalled, self.made))
        finish(self)

    monkeypatch.setattr(ItemFragments, "finish", watched)
    overrides = site / "content" / "overrides" / "articles.yaml"
    text = overrides.read_text(encoding="utf-8")
    day = next(line for line in text.splitlines() if line.strip().startswith("published: 20"))
    overrides.write_text(text.replace(day, day[:-2] + ("11" if not day.endswith("11") else "12"), 1), encoding="utf-8")
    run(site, out, cache=cache, jobs=1)
    ((recalled, fresh),) = finished
    assert recalled > 10 * fresh > 0
    assert tree(out) == reference(site, tmp_path)

"""The builds of one process (`sitegen serve`): what the last build read and made is taken from memory, same bytes."""

from __future__ import annotations

import gc
import re
import shutil
import weakref
from pathlib import Path
from typing import Any

import pytest

from sitegen import build as build_module
from sitegen import reader
from sitegen.cache import PageLog, Store
from sitegen.memory import Memory
from sitegen.read.status import folder_status
from sitegen.site.pagekeys import PageKeys
from sitegen.site.render import PageRenderer
from sitegen.site.reuse import Reuse
from tests.conftest import WIRE_ARTICLES as ARTICLES
from tests.test_build_incremental import reference, run, tree


@pytest.fixture
def site(corpus: Path, tmp_path: Path) -> Path:
    """A private copy of the synthetic corpus, free to edit."""
    shutil.copytree(corpus, tmp_path / "site")
    return tmp_path / "site"


def test_the_builds_of_one_process_take_unchanged_articles_from_its_memory(site: Path, tmp_path: Path) -> None:
    out, cache, memory = tmp_path / "public", tmp_path / "cache", Memory()
    run(site, out, cache=cache, memory=memory)
    assert not memory.recalled
    again = run(site, out, cache=cache, memory=memory)  # as `sitegen serve` rebuilds
    assert (again.gathered.stats.cached, memory.recalled["articles"], again.files_changed) == (ARTICLES, ARTICLES, 0)
    seed = min((site / "seeds").iterdir())
    seed.write_text(seed.read_text(encoding="utf-8") + "\n\nOfficials said on 3 May 2023 that talks resumed.\n",
                    encoding="utf-8")
    edited = run(site, out, cache=cache, memory=memory)
    assert (edited.gathered.stats.processed, memory.recalled["articles"]) == (1, 2 * ARTICLES - 1)
    assert tree(out) == reference(site, tmp_path)


def move_a_publication_date(site: Path) -> None:
    """Move the first article's publication date in the overrides by a day."""
    overrides = site / "content" / "overrides" / "articles.yaml"
    text = overrides.read_text(encoding="utf-8")
    day = re.search(r"published: (\d{4}-\d\d)-(\d\d)", text)
    assert day is not None
    moved = f"published: {day[1]}-{int(day[2]) % 28 + 1:02d}"
    overrides.write_text(text[:day.start()] + moved + text[day.end():], encoding="utf-8")


def test_after_an_override_edit_the_unchanged_records_are_the_last_builds(site: Path, tmp_path: Path) -> None:
    out, cache, memory = tmp_path / "public", tmp_path / "cache", Memory()
    first = run(site, out, cache=cache, memory=memory)
    move_a_publication_date(site)
    edited = run(site, out, cache=cache, memory=memory)
    assert tree(out) == reference(site, tmp_path)
    before = {a.id: a for a in first.gathered.articles}
    kept = [a for a in edited.gathered.articles if before[a.id] is a]
    assert len(kept) == ARTICLES - 1  # the edited article is a new record; the others, located afresh, are not
    events = {e.id: e for e in first.gathered.events}
    assert sum(1 for e in edited.gathered.events if events.get(e.id) is e) > len(events) // 2
    reuse = memory.carried("items")
    assert isinstance(reuse, Reuse) and reuse.reused > len(events) // 2


def test_a_rebuild_takes_the_keys_of_pages_made_from_the_very_same_records_from_memory(site: Path,
                                                                                     tmp_path: Path) -> None:
    out, cache, memory = tmp_path / "public", tmp_path / "cache", Memory()
    first = run(site, out, cache=cache, memory=memory, jobs=1)
    keys = memory.carried(build_module.PAGE_KEYS, PageLog.key_of(out))
    assert isinstance(keys, PageKeys) and keys.reused == 0
    move_a_publication_date(site)
    edited = run(site, out, cache=cache, memory=memory, jobs=1)
    assert tree(out) == reference(site, tmp_path)
    # the article pages and the pages of unchanged outlets, places and years show the very records of the last
    # build; listings are made anew (their keys are digested again, as are those of the pages that changed)
    assert edited.pages_kept > first.pages_kept
    assert edited.pages_kept > keys.reused > ARTICLES
    assert memory.carried(build_module.PAGE_KEYS, "elsewhere") is None  # kept for its output only


def test_a_rebuild_makes_each_pages_context_once(site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The page keys kept for the next build are noted where they are worked out, not from a second context."""
    out, cache, memory = tmp_path / "public", tmp_path / "cache", Memory()
    run(site, out, cache=cache, memory=memory, jobs=1)
    made: list[str] = []
    real = PageRenderer.context

    def context(self: PageRenderer, spec: Any) -> Any:
        made.append(spec.path)
        return real(self, spec)

    monkeypatch.setattr(PageRenderer, "context", context)
    move_a_publication_date(site)
    edited = run(site, out, cache=cache, memory=memory, jobs=1)
    assert len(made) == len(set(made)) == edited.pages_rendered + edited.pages_kept
    keys, log = (memory.carried(kind, PageLog.key_of(out)) for kind in (build_module.PAGE_KEYS, "pages"))
    assert isinstance(keys, PageKeys) and isinstance(log, PageLog)
    assert log.records and all(keys.has(path, record.key) for path, record in log.records.items())


def test_a_rebuild_takes_the_last_merge_page_log_and_markup_from_memory(site: Path, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    out, cache, memory = tmp_path / "public", tmp_path / "cache", Memory()
    run(site, out, cache=cache, memory=memory)
    asked: list[str] = []
    real = Store.get

    def get(self: Store, kind: str, key: str) -> object:
        asked.append(kind)
        return real(self, kind, key)

    monkeypatch.setattr(Store, "get", get)
    move_a_publication_date(site)  # the same sentences: the same word weights
    run(site, out, cache=cache, memory=memory)
    assert "merge" in asked and not {"merge-memo", "merge-facts", "pages", "markup"} & set(asked)
    assert tree(out) == reference(site, tmp_path)
    asked.clear()
    move_a_publication_date(site)
    run(site, out, cache=cache)  # another process: from the disk
    assert {"merge-facts", "pages", "markup"} <= set(asked)


def test_after_the_sites_span_or_phases_change_no_item_is_reused(site: Path, tmp_path: Path) -> None:
    out, cache, memory = tmp_path / "public", tmp_path / "cache", Memory()
    run(site, out, cache=cache, memory=memory)
    config = site / "content" / "site.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("    to: 2022-04-30", "    to: 2022-05-15", 1), encoding="utf-8")
    run(site, out, cache=cache, memory=memory)
    reuse = memory.carried("items")
    assert isinstance(reuse, Reuse) and reuse.reused == 0  # an item's phase comes from the configuration
    assert tree(out) == reference(site, tmp_path)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_build_leaves_no_reference_cycle_holding_its_site(site: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch, jobs: int) -> None:
    """`sitegen serve` frees what a build made by reference counting, without a full collection (GarbageRelease)."""
    made: list[weakref.ref[object]] = []
    real = build_module.build_site

    def build_site(*args: Any, **kwargs: Any) -> Any:
        found = real(*args, **kwargs)
        made.append(weakref.ref(found))
        return found

    monkeypatch.setattr(build_module, "build_site", build_site)
    out, cache, memory = tmp_path / "public", tmp_path / "cache", Memory()
    gc.collect()
    gc.disable()
    try:
        run(site, out, cache=cache, memory=memory, jobs=jobs)
        carried = memory.carried("prints")
        assert carried is not None
        prints = weakref.ref(carried)
        del carried
        move_a_publication_date(site)
        run(site, out, cache=cache, memory=memory, jobs=jobs)
        assert [site() for site in made] == [None, None]
        assert prints() is None  # the next build's fingerprints took what they needed of it
    finally:
        gc.enable()
    assert tree(out) == reference(site, tmp_path)


def test_with_no_seed_file_changed_a_rebuild_takes_the_last_read_whole(site: Path, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "RECENT_NS", 0)  # the copied files count as old
    out, cache, memory = tmp_path / "public", tmp_path / "cache", Memory()
    first = run(site, out, cache=cache, memory=memory)
    status = folder_status(site / "seeds")
    read = memory.carried(build_module.SEEDS_READ, status or "")
    assert isinstance(read, reader.ReadResult) and len(read.files) == len(first.gathered.articles)
    move_a_publication_date(site)
    run(site, out, cache=cache, memory=memory)
    assert memory.carried(build_module.SEEDS_READ, status or "") is read  # taken whole, not read again
    assert memory.recalled["files"] == 0
    seed = min((site / "seeds").iterdir())
    seed.write_text(seed.read_text(encoding="utf-8") + "\n\nOfficials said on 3 May 2023 that talks resumed.\n",
                    encoding="utf-8")
    run(site, out, cache=cache, memory=memory)  # a seed changed: read again, the others from memory still
    assert memory.recalled["files"] == ARTICLES - 1
    assert tree(out) == reference(site, tmp_path)

"""The orchestrator: every stage of a build, top to bottom.

read -> clean/article (cached, in parallel) -> overrides -> merge -> site model -> render -> write.
Everything is gathered before anything is written; rendered pages stream into the writer's
staging folder, and the swap of that folder into place is the write.
"""

from __future__ import annotations

import os
import time
from contextlib import closing
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from sitegen import cache as build_cache
from sitegen import config as site_config
from sitegen import reader, writer
from sitegen.article import ArticleResult
from sitegen.digest import Fingerprints
from sitegen.errors import OutputError
from sitegen.forking import Apart, can_fork
from sitegen.gcpause import cyclic_gc_paused, long_lived_kept_apart
from sitegen.knowledge import Knowledge, load_knowledge
from sitegen.memory import FILES, Memory
from sitegen.merge.corroborate import corroborate
from sitegen.merge.event import pack_events, unpack_events
from sitegen.merge.group import group_events
from sitegen.merge.recall import MergeMemo, Recall
from sitegen.models import Article, Entry, Event, Problem
from sitegen.outdir import resolve_output
from sitegen.overrides.apply import apply_entries, check_article_ids
from sitegen.overrides.records import Overrides
from sitegen.overrides.schema import load_overrides
from sitegen.parallel import StageStats, run_articles
from sitegen.progress import Progress
from sitegen.read.status import SeedReads, folder_status
from sitegen.site import fork, render
from sitegen.site import search as site_search
from sitegen.site.incremental import IncrementalPages
from sitegen.site.model import build_site
from sitegen.site.pagekeys import PageKeys
from sitegen.site.reuse import Reuse
from sitegen.static import check_static, read_static
from sitegen.swap import Removal, Warn, warn_stderr

T = TypeVar("T")
PAGE_KEYS = "page keys"  # what a long-lived process carries of its last render, by output: sitegen.site.pagekeys
SEEDS_READ = "seeds read"  # what a long-lived process carries of its last read, by the seeds folder's status
MERGE_MEMO = "merge memo"  # what a long-lived process carries of its last merge, by knowledge key: its MergeMemo


@dataclass(frozen=True)
class Paths:
    """Where a site's inputs and output live."""

    seeds: Path
    content: Path
    output: Path
    templates: Path


@dataclass(frozen=True)
class Options:
    """How to run a build: workers, the cache, progress; none of it changes the output."""

    jobs: int = 1  # worker processes of the per-article stage
    dask: str | None = None  # a Dask scheduler address: run the per-article stage there instead
    cache: Path | None = None  # the build cache folder; None builds everything from scratch
    memory: Memory | None = None  # what the builds of one process keep between them (sitegen serve)
    progress: Progress = field(default_factory=Progress)


@dataclass(frozen=True)
class MergeWork:
    """How the merge went: taken whole from the cache, else its candidate pairs scored and outcomes recalled."""

    cached: bool = False
    scored: int = 0  # candidate pairs scored (sitegen.merge.recall: the pairs an edit may have changed)
    recalled: int = 0  # outcomes taken from the last merge's memo

    def words(self) -> str:
        """Return the merge's part of the build summary."""
        if self.cached:
            return "merge from the cache"
        return f"merge: {self.scored:,} pairs scored, {self.recalled:,} recalled"


@dataclass(frozen=True)
class Gathered:
    """Everything a build knows before it renders: the input of render and of `sitegen check`."""

    config: site_config.SiteConfig
    knowledge: Knowledge
    overrides: Overrides
    articles: tuple[Article, ...]
    entries: tuple[Entry, ...]  # after overrides, before merging
    events: tuple[Event, ...]
    problems: tuple[Problem, ...]
    notes: tuple[Problem, ...] = ()  # things said about files that were read (e.g. "decoded as cp1252")
    stats: StageStats = field(default_factory=lambda: StageStats(cached=0, processed=0))
    seeds: build_cache.Seeds = ()  # stand-in digests of records taken whole from the cache (Fingerprints.seed)
    knowledge_key: str = ""  # the digest of the knowledge the records were made with (build_cache.knowledge_digest)
    merge: MergeWork = MergeWork()


@dataclass(frozen=True)
class BuildReport:
    """What a build did, for the CLI to print."""

    gathered: Gathered
    files_written: int  # files in the new site
    output: Path
    files_changed: int = 0  # files written afresh (the rest are the previous site's, unchanged)
    pages_rendered: int = 0
    pages_kept: int = 0
    search: str = ""  # what became of the search index, in words


def gather(paths: Paths, options: Options | None = None, *, config: site_config.SiteConfig | None = None,
           apart: Apart | None = None) -> Gathered:
    """Read, clean, date, attribute, correct and merge everything, touching no output; `apart` writes the merge's
    cache entries (in a forked child: the caller waits for it), else they are written here."""
    opts = options if options is not None else Options()
    progress = opts.progress
    with progress.stage("read"):
        config = config if config is not None else site_config.load_site(paths.content)
        knowledge = load_knowledge(paths.content)
        store = build_cache.Store(opts.cache, opts.memory) if opts.cache is not None else None
        # files whose status is unchanged are taken as this process (serve), else the last build, read them
        known = opts.memory.files() if opts.memory is not None else \
            SeedReads(store, paths.seeds) if store is not None else None
        # a long-lived process takes its last build's read whole when no seed file changed status since
        status = folder_status(paths.seeds) if opts.memory is not None else None
        read = _carried(opts.memory, SEEDS_READ, reader.ReadResult, status) if status is not None else None
        if read is not None and opts.memory is not None:
            opts.memory.keep_on(FILES)  # what each file was read as stays for the next build that reads one
        else:
            read = reader.read_seeds(paths.seeds, build_cache.PageReads(store) if store is not None else None, known)
        if opts.memory is not None and status is not None:
            opts.memory.carry(SEEDS_READ, read, key=status)
        if isinstance(known, SeedReads):
            known.save()
        del known  # what the files were read as lives on only in `read`, dropped below
        overrides = load_overrides(paths.content)
        check_article_ids(overrides, [s.id for s in read.files], read.copies)
        tasks = [(s, overrides.articles.get(s.id)) for s in read.files]
        tasks = [(s, rule) for s, rule in tasks if rule is None or not rule.exclude]
        notes = tuple(Problem(str(s.path), note) for s in read.files for note in s.notes)
        problems = read.problems
        del read  # the sources live on only in `tasks`, dropped after the per-article stage

    with progress.stage("articles", total=len(tasks)):
        knowledge_key = build_cache.knowledge_digest(paths.content)
        with cyclic_gc_paused():  # millions of unpickled records, none of them garbage
            results, stats = run_articles(tasks, knowledge, jobs=opts.jobs, dask=opts.dask, store=store,
                                          knowledge_key=knowledge_key, advance=progress.advance)
            if opts.memory is not None:  # an article located afresh (its override's place) is the last build's record
                results = _same_articles_as_before(opts.memory, results)
            # records that came whole from the cache are named by their keys when pages are fingerprinted
            seeds = build_cache.result_seeds(results, stats.keys,
                                             [r.source if r is not None else "" for _, r in tasks]) \
                if store is not None else ()
        del tasks
        articles = tuple(r.article for r in results)
        entries = tuple(e for r in results for e in r.entries)
        del results

    with progress.stage("overrides"):
        corrected = apply_entries(entries, articles, overrides, knowledge.places)
    with progress.stage("merge"), cyclic_gc_paused():  # the cached events unpickle into many records
        key = build_cache.merge_key(knowledge_key, stats.keys, overrides) if store is not None else ""
        events = unpack_events(store.get("merge", key), corrected) if store is not None else None
        work = MergeWork(cached=True)
        if events is None:
            # what the last merge read and scored: an edit re-scores only the pairs it can change (same events)
            recall = Recall(None, knowledge.merge, **_merge_memory(store, knowledge_key, opts.memory))
            events = group_events(corrected, articles, overrides.merge_rules, knowledge.merge, opts.jobs, recall)
            # undated sentences join a dated event of another article (never giving it a date); they depend
            # on the articles and knowledge only, which the key holds, and are packed whole (not by index)
            events = corroborate(events, articles, knowledge.places, knowledge.merge, opts.jobs, recall.left.facts,
                                 recall.read, (recall.figures, recall.left.figures) if opts.memory is not None else None)
            work = MergeWork(scored=recall.rescored, recalled=recall.recalled)
            if store is not None:
                (apart if apart is not None else Apart(wanted=False)).run(
                    partial(_put_merge, store, key, knowledge_key, events, corrected, recall))
                if opts.memory is not None:  # the next build of this process takes the memo and facts from here
                    opts.memory.carry(MERGE_MEMO, recall.left, key=knowledge_key)
        elif opts.memory is not None:
            opts.memory.carry_on(MERGE_MEMO)  # still the last merge's
    if opts.memory is not None:  # unchanged events stay the very records of the last build (its items follow them)
        events = opts.memory.same_as_before("events", events, lambda e: e.id)
    return Gathered(config=config, knowledge=knowledge, overrides=overrides, articles=articles,
                    entries=corrected, events=events, problems=problems, notes=notes, stats=stats, seeds=seeds,
                    knowledge_key=knowledge_key, merge=work)


def _put_merge(store: build_cache.Store, key: str, knowledge_key: str, events: tuple[Event, ...],
               entries: tuple[Entry, ...], recall: Recall) -> None:
    """Write a merge's events, facts (when they are not the last merge's) and memo into the cache."""
    store.put("merge", key, pack_events(events, entries))
    if not recall.facts_unchanged:  # ~30 MB at 10,000 articles, the same after most edits
        store.put("merge-facts", build_cache.memo_key(knowledge_key), recall.left.facts)
    store.put("merge-memo", build_cache.memo_key(knowledge_key), recall.outcomes())


def _same_articles_as_before(memory: Memory, results: list[ArticleResult]) -> list[ArticleResult]:
    """Return the results with each article equal to one the last build of this process handed on replaced by
    that very record (its item, its page and their fingerprints then follow it unchanged)."""
    articles = memory.same_as_before("article records", tuple(r.article for r in results), lambda a: a.id)
    return [r if r.article is a else ArticleResult(a, r.entries) for r, a in zip(results, articles)]


def _merge_memory(store: build_cache.Store | None, knowledge_key: str, memory: Memory | None) -> dict[str, Any]:
    """Return what a Recall takes from the cache: the last merge's facts, and how to fetch its memo (loaded
    only when the facts are read). A long-lived process takes both from the last merge it ran, when that
    merge had the same knowledge, and its events."""
    if store is None:
        return {}
    kept = _carried(memory, MERGE_MEMO, MergeMemo, knowledge_key)

    def fetch() -> object:
        return kept if kept is not None else store.get("merge-memo", build_cache.memo_key(knowledge_key))

    facts = kept.facts if kept is not None else store.get("merge-facts", build_cache.memo_key(knowledge_key))
    return {"facts": facts, "fetch": fetch, "earlier": kept}


def _carried(memory: Memory | None, kind: str, of: type[T], key: str = "") -> T | None:
    """Return what the last build of this process handed on under `kind` (and `key`), when it is an `of`."""
    found = memory.carried(kind, key) if memory is not None else None
    return found if isinstance(found, of) else None


class _FromEnvironment:
    """The default build epoch: SOURCE_DATE_EPOCH, read once per build."""


FROM_ENVIRONMENT = _FromEnvironment()


def check_output_apart(paths: Paths) -> None:
    """Refuse an output folder that is, contains or sits inside an input folder (a build replaces it)."""
    output = Path(os.path.realpath(resolve_output(paths.output)))  # the root, home, cwd refusals first
    for flag, folder in (("--seeds", paths.seeds), ("--content", paths.content), ("--templates", paths.templates)):
        real = Path(os.path.realpath(folder))
        if output == real:
            relation = "is"
        elif output in real.parents:
            relation = "contains"
        elif real in output.parents:
            relation = "sits inside"
        else:
            continue
        raise OutputError(f"refusing to build: --output {paths.output} {relation} {flag} {folder}, and a build "
                          "replaces its output folder; pick an output folder outside your inputs, such as public/")


def build(paths: Paths, options: Options | None = None, *,
          build_epoch: int | None | _FromEnvironment = FROM_ENVIRONMENT, warn: Warn = warn_stderr) -> BuildReport:
    """Gather, build the site model, stream every page into a staging folder, then swap it into place."""
    started = time.time()  # cache entries used since are this build's (see Store.prune)
    opts = options if options is not None else Options()
    progress = opts.progress
    epoch = writer.source_date_epoch() if isinstance(build_epoch, _FromEnvironment) else build_epoch
    # refuse a wrong --output or --templates before minutes of work, and before any cache write
    check_output_apart(paths)
    render.check_templates(paths.templates)
    config = site_config.load_site(paths.content)
    writer.check_output(paths.output, keep=config.keep)
    # cache entries are written by forked children meanwhile (two or more jobs); all are waited for before pruning
    with closing(Apart(wanted=opts.jobs > 1)) as apart, \
            long_lived_kept_apart() as settle:  # each stage's records live to the end of the build
        gathered = gather(paths, opts, config=config, apart=apart)
        settle()  # no collection walks the gathered records again
        static = read_static(paths.content)

        with progress.stage("site model"), cyclic_gc_paused():  # half a million new records, none of them garbage
            # a long-lived process reuses the items of events its last build handed on unchanged
            reuse = Reuse((gathered.config, gathered.knowledge_key), _carried(opts.memory, "items", Reuse)) \
                if opts.memory is not None else None
            site = build_site(gathered.config, gathered.articles, gathered.events, gathered.knowledge.places,
                              build_epoch=epoch, headlines=gathered.knowledge.headlines, reuse=reuse)
            if opts.memory is not None:
                opts.memory.carry("items", reuse)
        settle()
        store = build_cache.Store(opts.cache, opts.memory) if opts.cache is not None else None
        log_key = build_cache.PageLog.key_of(paths.output)
        search = site_search.SearchStep(site.search_enabled)
        removal = Removal(warn)  # the previous site is deleted while the cache is written (waited for below)
        with progress.stage("write"), \
                writer.staged_site(paths.output, epoch=epoch, post_process=search.index, keep=config.keep,
                                   content_dir=paths.content, warn=warn, removal=removal,
                                   spare=store.spare(paths.output) if store is not None else None) as staging:
            # the last build's page log and item markup: a long-lived process's own, else the cache's
            kept = _Kept(opts.memory, store, log_key)
            previous = kept.get("pages")
            plan = IncrementalPages(site, paths.templates, staging,
                                    previous if isinstance(previous, build_cache.PageLog) else None,
                                    markup=lambda: kept.get("markup"),
                                    seeds=gathered.seeds,
                                    # the exports' per-item text: a long-lived process hands it on in memory
                                    fragments=(lambda: kept.get("fragments"), None if opts.memory is not None else
                                               lambda payload: store.put("fragments", log_key, payload)
                                               if store is not None else None),
                                    earlier=_carried(opts.memory, "prints", Fingerprints),
                                    # a long-lived process's page keys (a one-off build would keep them for nothing)
                                    keys=(_carried(opts.memory, PAGE_KEYS, PageKeys, log_key) or PageKeys())
                                    if opts.memory is not None else None) \
                if store is not None else None
            # two or more workers: the pages made in Python render in a forked child meanwhile (same bytes)
            split = fork.split_render(staging.root.parent) if opts.jobs > 1 and can_fork() else None
            with progress.stage("render", total=len(site.pages)):
                for path, data in render.iter_site(site, paths.templates, plan, split):
                    staging.put(path, data)
                    search.note(path, data)
                    progress.advance()
            check_static(static, staging.names.taken, paths.content)
            for rel in sorted(static):
                staging.put(rel, static[rel])
            search.staging = staging  # the search index and the swap run as this block ends
            if plan is not None:
                search.known = plan.searchable
        try:
            if store is not None and plan is not None:
                plan.log.stamp(paths.output)
                store.put("pages", log_key, plan.log)
                kept.carry("pages", plan.log)
                markup = plan.markup_memory().payload(site.all_items)
                if markup is not None:
                    kept.hand_on("markup", markup)
                else:
                    kept.carry("markup", kept.found.get("markup"))
                fragments = plan.item_fragments()
                handed = fragments.handed() if fragments is not None else None  # a long-lived process's only
                if handed is not None:
                    kept.hand_on("fragments", handed)
                apart.wait()
                store.prune(since=started, keep=build_cache.KEEP)  # what was used longest ago, past twice this build's
        finally:
            removal.wait()
        progress.finish()
        if opts.memory is not None:
            if plan is not None:
                plan.prints.settle()
                opts.memory.carry("prints", plan.prints)
                opts.memory.carry(PAGE_KEYS, plan.keys, key=log_key)
            opts.memory.settle()  # the next build of this process takes what this one used from memory
        unchanged = plan.kept if plan is not None else 0
        return BuildReport(gathered=gathered, files_written=staging.count, output=paths.output,
                           files_changed=staging.changed, pages_rendered=len(site.pages) - unchanged,
                           pages_kept=unchanged, search=search.outcome)


class _Kept:
    """What the last build left under one output's key: from this process's memory when it made it, else the cache."""

    def __init__(self, memory: Memory | None, store: build_cache.Store | None, key: str) -> None:
        self._memory, self._store, self._key = memory, store, key
        self.found: dict[str, object] = {}  # kind -> what `get` returned

    def get(self, kind: str) -> object:
        """Return the value of `kind` the last build left, else None."""
        found = self._memory.carried(kind, self._key) if self._memory is not None else None
        if found is None and self._store is not None:
            found = self._store.get(kind, self._key)
        self.found[kind] = found
        return found

    def carry(self, kind: str, value: object) -> None:
        """Hand `value` on to the next build of this process (when it is long-lived)."""
        if self._memory is not None and value is not None:
            self._memory.carry(kind, value, key=self._key)

    def hand_on(self, kind: str, value: object) -> None:
        """Keep `value` for later builds: a long-lived process carries it to its next build and writes it into the
        cache only as it ends (packing it after every build would cost every build); else into the cache now."""
        if self._memory is not None:
            self.carry(kind, value)
            self._memory.write_later(kind, self._key, value)
        elif self._store is not None:
            self._store.put(kind, self._key, value)


def summary(report: BuildReport) -> list[str]:
    """Return the build's summary lines: what was read and found, and what the rebuild changed."""
    g = report.gathered
    with_entries = {e.article for e in g.entries if e.article is not None}
    no_entries = sum(1 for a in g.articles if a.id not in with_entries)
    undated = sum(1 for a in g.articles if a.published is None)
    read = (f"read {len(g.articles)} articles: {len(g.entries)} entries, {no_entries} articles with no entries, "
            f"{undated} articles without a date")
    work = (f"{g.stats.processed} articles processed, {g.stats.cached} from the cache; {g.merge.words()}; "
            f"{report.pages_rendered} pages rendered, {report.pages_kept} unchanged; "
            f"{report.files_changed} of {report.files_written} files written; {report.search}")
    return [read, work]

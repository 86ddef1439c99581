"""Whole-build speed on synthetic corpora: articles per second, and where the time goes.

    python benchmarks/bench_build.py [--articles 100 1000 2000] [--rounds 3] [--keep DIR]

For each N, writes N synthetic articles with benchmarks/corpus.py (seeds/ + content/), then

1. builds them end to end with `sitegen.build.build` into a temporary folder: the headline
   articles/second (wall time, with CPU time of this process beside it);
2. builds them again stage by stage, calling the stage functions the way `sitegen/build.py`
   (`gather`, `build`) and `sitegen/entries.py` (`process_article`) call them, with
   `time.perf_counter` around each stage: knowledge (site.yaml + junk, outlets, institutions,
   places), read, per-article work (`process_article`), overrides, merge, site model, render,
   write, search index (Pagefind, when installed). Inside the per-article work, the parts are
   timed on their own beside it, each called as `process_article` calls it: read+clean (`clean`,
   `split_sentences`), dates (`resolve_publication`, `find_dates`), badges (`detect`, `tag` of the
   title, `attribute` of every sentence, and `tag` of every sentence once, where `process_article`
   tags each dated sentence once per date). No timing code lives in sitegen/.

The machine matters (the numbers in benchmarks/README.md were taken on 2 shared cores); compare
runs made on the same machine at the same time.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import corpus

from sitegen import config as site_config
from sitegen import reader, temporal, writer
from sitegen.article import process_article, resolve_publication
from sitegen.badges.attribution import attribute
from sitegen.build import Options, Paths, build
from sitegen.clean.page import clean
from sitegen.knowledge import load_knowledge
from sitegen.merge.group import group_events
from sitegen.models import Article, Entry
from sitegen.overrides.apply import apply_entries, check_article_ids
from sitegen.overrides.schema import load_overrides
from sitegen.site import render
from sitegen.site.model import build_site
from sitegen.text.sentences import split_sentences

EPOCH = 1_700_000_000  # a fixed build stamp, as SOURCE_DATE_EPOCH would give


class Clock:
    """Wall and CPU seconds per named stage, in the order first seen."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Add the time the `with` block takes to `name`."""
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.wall[name] = self.wall.get(name, 0.0) + time.perf_counter() - wall
            self.cpu[name] = self.cpu.get(name, 0.0) + time.process_time() - cpu

    def keep_best(self, other: Clock) -> None:
        """Keep, per stage timed in both, the round with the lower CPU time."""
        for name, cpu in other.cpu.items():
            if name in self.cpu and cpu < self.cpu[name]:
                self.cpu[name], self.wall[name] = cpu, other.wall[name]


def staged_build(paths: Paths, clock: Clock, rounds: int = 1) -> int:
    """Run every stage of `build` with a clock around each; return the number of articles built.

    With rounds > 1, merge, site model and render (pure, in memory) run that many times and each
    keeps its best CPU time (and the wall time of that round).
    """
    with clock.stage("knowledge"):
        config = site_config.load_site(paths.content)
        knowledge = load_knowledge(paths.content)
    with clock.stage("read"):
        read = reader.read_seeds(paths.seeds)
    with clock.stage("overrides"):
        overrides = load_overrides(paths.content)
        check_article_ids(overrides, [s.id for s in read.files])

    articles: list[Article] = []
    entries: list[Entry] = []
    for source in read.files:
        rule = overrides.articles.get(source.id)
        if rule is not None and rule.exclude:
            continue
        # the parts of process_article, each called the way it calls them
        with clock.stage("  read+clean"):
            cleaned = clean(source, knowledge.junk)
            sentences = split_sentences(cleaned.paragraphs)
        with clock.stage("  dates"):
            publication = resolve_publication(source, rule)
            temporal.find_dates(cleaned.body, publication.date)
        with clock.stage("  badges"):
            knowledge.outlets.detect(source.text, rule.url if rule is not None else None)
            knowledge.places.tag(rule.title if rule is not None and rule.title else cleaned.title)
            cited: list[str] = []
            for sentence in sentences:
                cites, _ = attribute(sentence.text, knowledge.outlets, knowledge.institutions, context=tuple(cited))
                cited.extend(c.name for c in cites if c.name not in cited)
                knowledge.places.tag(sentence.text)
        with clock.stage("per-article work (process_article)"):
            result = process_article(source, rule, knowledge)
        articles.append(result.article)
        entries.extend(result.entries)

    with clock.stage("overrides"):
        corrected = apply_entries(tuple(entries), tuple(articles), overrides, knowledge)
    with clock.stage("merge"):
        events = group_events(corrected, tuple(articles), overrides.merge_rules, knowledge.merge)
    with clock.stage("site model"):
        site = build_site(config, tuple(articles), events, knowledge.places, build_epoch=EPOCH,
                          headlines=knowledge.headlines)
    with clock.stage("render"):
        files = render.render_site(site, paths.templates)

    for _ in range(rounds - 1):  # the in-memory stages again: the clock keeps the best CPU of each
        again = Clock()
        with again.stage("merge"):
            events = group_events(corrected, tuple(articles), overrides.merge_rules, knowledge.merge)
        with again.stage("site model"):
            site = build_site(config, tuple(articles), events, knowledge.places, build_epoch=EPOCH,
                              headlines=knowledge.headlines)
        with again.stage("render"):
            files = render.render_site(site, paths.templates)
        clock.keep_best(again)

    def search_index(staging: Path) -> None:
        with clock.stage("search index"):
            render.post_process(staging)

    with clock.stage("write (with search index)"):
        writer.write_site(files, paths.output, post_process=search_index, epoch=EPOCH)
    clock.wall["write"] = clock.wall.pop("write (with search index)") - clock.wall.get("search index", 0.0)
    clock.cpu["write"] = clock.cpu.pop("write (with search index)") - clock.cpu.get("search index", 0.0)
    return len(articles)


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    """Return (wall, CPU) seconds of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def bench(n: int, work: Path, rounds: int = 1) -> None:
    """Generate n articles, build them whole and stage by stage, and print the numbers."""
    made = corpus.write_corpus(work / f"corpus-{n}", n)
    templates = ROOT / "templates"
    whole = Paths(seeds=made.seeds, content=made.content, output=work / f"site-{n}", templates=templates)
    wall, cpu = timed(lambda: build(whole, Options(jobs=1), build_epoch=EPOCH))
    print(f"\n{n} articles: whole build {wall:.1f} s wall ({cpu:.1f} s CPU of this process): "
          f"{n / wall:.1f} articles/s")

    clock = Clock()
    staged = Paths(seeds=made.seeds, content=made.content, output=work / f"site-{n}-staged", templates=templates)
    built = staged_build(staged, clock, rounds)
    order = ["knowledge", "read", "  read+clean", "  dates", "  badges", "per-article work (process_article)",
             "overrides", "merge", "site model", "render", "write", "search index"]
    total = sum(v for k, v in clock.wall.items() if not k.startswith("  "))
    print(f"  stage by stage ({built} articles; rows indented two spaces are parts of the per-article work):")
    print(f"  {'stage':38} {'wall s':>8} {'CPU s':>8} {'share':>6} {'ms/article':>11}")
    for name in order:
        if name not in clock.wall:
            continue
        wall_s, cpu_s = clock.wall[name], clock.cpu[name]
        share = "" if name.startswith("  ") else f"{100 * wall_s / total:5.1f}%"
        print(f"  {name:38} {wall_s:8.2f} {cpu_s:8.2f} {share:>6} {1000 * wall_s / max(built, 1):11.2f}")
    print(f"  {'total':38} {total:8.2f}")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark for each --articles N."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, nargs="+", default=[100, 1000], help="corpus sizes (default 100 1000)")
    parser.add_argument("--rounds", type=int, default=1,
                        help="run merge, site model and render this many times, keep each one's best CPU (default 1)")
    parser.add_argument("--keep", type=Path, help="write corpora and sites here and keep them (default: a temp dir)")
    args = parser.parse_args(argv)
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
        for n in args.articles:
            bench(n, args.keep, args.rounds)
        return 0
    with tempfile.TemporaryDirectory(prefix="sitegen-bench-") as tmp:
        for n in args.articles:
            bench(n, Path(tmp), args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())

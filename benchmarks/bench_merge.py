"""Benchmark cross-source merging on synthetic articles with realistic date clustering.

    python benchmarks/bench_merge.py [--articles 10000] [--per-article 8] [--seed 1]
    python benchmarks/bench_merge.py --corpus [--wire 0.6] [--articles 1000] [--cache DIR]

Without --corpus: generates a pool of "true" events (bursty dates over 2022-04..2024-08, a
place, actors, numbers), then articles that each report ~8 of them around their publication
day, mostly at day precision, some at week/month/year precision, with paraphrased wording,
plus filler sentences. Since the truth is known, it prints the precision and recall of the
merged pairs.

With --corpus: the entries come from real pages, the articles of benchmarks/corpus.py (with
--wire, that share of them reposts wire stories verbatim or nearly: the repetition of real
syndication) run through the per-article stage and the overrides as `sitegen build` runs
them. That stage is slow, so its output is pickled under --cache (default: the system's temp
folder) and reused; merging then runs in a fresh process on the unpickled entries.

Both print the time of `group_events` (CPU and wall) and of each of its stages, the pairs
scored against n^2/2, how many entries collapsed into repeated-text groups, and the peak
RSS of the process (`ru_maxrss`) beside the RSS before merging.
"""

from __future__ import annotations

import argparse
import gc
import json
import pickle
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from sitegen.merge.group import group_events_with_stats
from sitegen.merge.settings import MergeSettings
from sitegen.merge.stats import MergeStats
from sitegen.models import Article, Entry, Event, MergeRules, OutletRef, PlaceTag

START, END = date(2022, 4, 1), date(2024, 8, 31)
VERBS = [
    ("struck", "hit"),
    ("captured", "seized"),
    ("killed", "left dead"),
    ("announced", "unveiled"),
    ("shot down", "downed"),
    ("shelled", "bombarded"),
    ("pledged", "promised"),
    ("evacuated", "moved"),
]
OBJECTS = [
    "apartment block",
    "power station",
    "rail depot",
    "village",
    "fuel depot",
    "bridge",
    "aid package",
    "drones",
    "missiles",
    "hospital",
    "school",
    "grain terminal",
    "air base",
    "convoy",
]
FILLER = [
    "officials",
    "residents",
    "analysts",
    "front",
    "line",
    "pressure",
    "situation",
    "weapons",
    "support",
    "talks",
    "border",
    "offensive",
    "defences",
    "shortage",
    "allies",
    "sanctions",
    "ammunition",
]


def make_words(rng: random.Random, n: int) -> list[str]:
    """Return n distinct pronounceable words (synthetic names and places)."""
    syll = ["ka", "ro", "vi", "sha", "len", "dor", "mi", "tov", "pol", "ne", "zar", "ev", "ko", "ly", "an"]
    out: set[str] = set()
    while len(out) < n:
        out.add("".join(rng.choice(syll) for _ in range(rng.randint(2, 4))).capitalize())
    return sorted(out)


def bursty_day(rng: random.Random, bursts: list[date]) -> date:
    """Return a day near one of the news bursts (most news clusters around big events)."""
    if rng.random() < 0.7:
        centre = rng.choice(bursts)
        day = centre + timedelta(days=int(rng.gauss(0, 6)))
    else:
        day = START + timedelta(days=rng.randrange((END - START).days))
    return min(max(day, START), END)


def generate(
    n_articles: int, per_article: int, seed: int
) -> tuple[tuple[Entry, ...], tuple[Article, ...], dict[str, int]]:
    """Return synthetic entries, articles and each entry's true event number (-1: filler)."""
    rng = random.Random(seed)
    places = make_words(rng, 400)
    people = make_words(rng, 600)
    bursts = [START + timedelta(days=rng.randrange((END - START).days)) for _ in range(60)]
    n_events = max(1, n_articles * per_article // 4)
    events = []
    for _ in range(n_events):
        events.append(
            {
                "day": bursty_day(rng, bursts),
                "place": rng.choice(places),
                "actor": rng.choice(people),
                "verb": rng.choice(VERBS),
                "object": rng.choice(OBJECTS),
                "number": rng.choice([rng.randint(2, 60), rng.randint(100, 5000), None]),
                "money": rng.choice([None, None, f"${rng.randint(1, 90) * 10} million"]),
            }
        )
    by_day: dict[date, list[int]] = {}
    for k, ev in enumerate(events):
        by_day.setdefault(ev["day"], []).append(k)  # type: ignore[arg-type]
    wires = [OutletRef(f"Wire {w}", f"W{w}", "wire", f"wire-{w}") for w in range(6)]
    outlets = [OutletRef(f"Paper {o}", f"P{o}", "newspaper", f"paper-{o}") for o in range(60)]
    articles, entries, truth = [], [], {}
    for a in range(n_articles):
        published = bursty_day(rng, bursts)
        via = rng.choice(wires) if rng.random() < 0.2 else None
        aid = f"{a:05d}_synthetic"
        articles.append(
            Article(
                id=aid,
                title=aid,
                paragraphs=(),
                sentences=(),
                published=published,
                published_source="text",
                published_evidence="",
                outlet=rng.choice(outlets),
                via=via,
            )
        )
        for s in range(per_article):
            eid = f"e{rng.getrandbits(40):010x}"
            if rng.random() < 0.25:  # background sentence, no event of its own
                words = rng.sample(FILLER, 6)
                text = f"{rng.choice(people)} said the {' '.join(words)} remained a concern."
                day, k = published - timedelta(days=rng.randint(0, 30)), -1
                place_tags: tuple[PlaceTag, ...] = ()
            else:
                near = [k for d in range(8) for k in by_day.get(published - timedelta(days=d), ())]
                k = rng.choice(near) if near else rng.randrange(n_events)
                ev = events[k]
                verb = rng.choice(ev["verb"])  # type: ignore[arg-type]
                parts = [f"{ev['actor']} said forces {verb} the {ev['object']} in {ev['place']}"]
                if ev["number"] is not None and rng.random() < 0.85:
                    parts.append(f"affecting {ev['number']:,} people")
                if ev["money"] is not None:
                    parts.append(f"worth {ev['money']}")
                parts.append(" ".join(rng.sample(FILLER, 2)))
                text = ", ".join(parts) + "."
                day = ev["day"]  # type: ignore[assignment]
                place_tags = (
                    PlaceTag(slug=str(ev["place"]).lower(), name=str(ev["place"]), matched=str(ev["place"])),
                )
            r = rng.random()
            if r < 0.75:
                value, precision = day.isoformat(), "day"
            elif r < 0.82:
                iso = day.isocalendar()
                value, precision = f"{iso[0]}-W{iso[1]:02d}", "week"
            elif r < 0.96:
                value, precision = f"{day.year}-{day.month:02d}", "month"
            else:
                value, precision = f"{day.year}", "year"
            entries.append(
                Entry(
                    id=eid,
                    article=aid,
                    value=value,
                    precision=precision,
                    text=text,
                    sentence_index=s,
                    places=place_tags,
                )
            )
            truth[eid] = k
    return tuple(entries), tuple(articles), truth


def peak_rss_mb() -> float:
    """Return the peak resident set size of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    """Return the resident set size of this process now, in MB."""
    with open("/proc/self/statm", encoding="ascii") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


def corpus_entries(n: int, wire: float, seed: int, cache: Path) -> Path:
    """Return the pickle of (entries, articles, merge rules) of a corpus, made once and kept."""
    import corpus as corpus_module

    from sitegen import reader
    from sitegen.article import process_article
    from sitegen.knowledge import load_knowledge
    from sitegen.overrides.apply import apply_entries
    from sitegen.overrides.schema import load_overrides

    out = cache / f"sitegen-merge-inputs-{n}-w{wire:g}-s{seed}.pickle"
    if out.is_file():
        return out
    with tempfile.TemporaryDirectory(prefix="sitegen-bench-merge-") as tmp:
        made = corpus_module.write_corpus(Path(tmp), n, seed, wire)
        started = time.perf_counter()
        knowledge = load_knowledge(made.content)
        overrides = load_overrides(made.content)
        articles: list[Article] = []
        entries: list[Entry] = []
        for source in reader.read_seeds(made.seeds).files:
            result = process_article(source, overrides.articles.get(source.id), knowledge)
            articles.append(result.article)
            entries.extend(result.entries)
        corrected = apply_entries(tuple(entries), tuple(articles), overrides, knowledge.places)
        print(f"(per-article stage for the merge inputs: {time.perf_counter() - started:.1f} s, kept in {out})")
    # The corpus has no content/merge.yaml: the merge runs on the packaged settings, read afresh.
    data = (corrected, tuple(articles), overrides.merge_rules)
    out.write_bytes(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
    return out


def dump_events(events: tuple[Event, ...], out: Path) -> None:
    """Write one line per event (id, date, members in order, conflicts, sources): for diffing two versions."""
    lines = []
    for ev in events:
        conflicts = [[c.field, list(c.values), list(c.entries)] for c in ev.conflicts]
        lines.append(json.dumps([ev.id, ev.value, ev.end_value, [e.id for e in ev.entries], ev.merged_by,
                                 ev.independent_sources, conflicts], ensure_ascii=False))
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def timed_merge(
    entries: tuple[Entry, ...], articles: tuple[Article, ...], rules: MergeRules, settings: MergeSettings | None
) -> tuple[tuple[Event, ...], MergeStats]:
    """Run group_events_with_stats once and print its time, stages, pairs and memory."""
    n = len(entries)
    rss_before = current_rss_mb()
    started, cpu_started = time.perf_counter(), time.process_time()
    events, stats = group_events_with_stats(entries, articles, rules, settings)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    all_pairs = max(n * (n - 1) // 2, 1)
    print(f"entries:            {n:,} from {len(articles):,} articles")
    print(
        f"time:               {cpu:.2f} s CPU, {elapsed:.2f} s wall  ({n / max(cpu, 1e-9):,.0f} entries per CPU second)"
    )
    for stage, seconds in getattr(stats, "seconds", {}).items():
        print(f"  {stage:18}{seconds:8.2f} s")
    collapsed = getattr(stats, "collapse", None)
    if collapsed is not None:
        print(
            f"repeated text:      {collapsed.exact_units:,} units of identical facts and days, "
            f"{collapsed.near_copies:,} near copies, {collapsed.slots:,} slots; {collapsed.dead:,} entries "
            f"can match nothing; {collapsed.leaders:,} go to blocking"
        )
    print(f"pair visits:        {stats.blocking.visits:,} (blocking sweeps)")
    print(
        f"pairs scored:       {stats.compared:,} of n^2/2 = {all_pairs:,} ({stats.compared / all_pairs:.5%})"
    )
    print(
        f"events:             {len(events):,}; merged: {stats.merged_groups:,}; conflicts: {stats.conflicts:,}; "
        f"largest event: {max((len(e.entries) for e in events), default=0):,} entries"
    )
    print(f"memory:             {rss_before:,.0f} MB before merging, peak RSS {peak_rss_mb():,.0f} MB")
    return events, stats


def synthetic(args: argparse.Namespace) -> tuple[Event, ...]:
    """Merge the in-memory synthetic entries and score the result against the known truth."""
    entries, articles, truth = generate(args.articles, args.per_article, args.seed)
    events, _ = timed_merge(entries, articles, MergeRules(), None)
    true_pairs = found_pairs = right_pairs = 0
    sizes: dict[int, int] = {}
    for k in truth.values():
        if k >= 0:
            sizes[k] = sizes.get(k, 0) + 1
    true_pairs = sum(
        c * (c - 1) // 2 for c in sizes.values()
    )  # upper bound: includes same-article/date-apart
    for ev in events:
        ids = [e.id for e in ev.entries]
        for i in range(len(ids)):
            for j in range(i + 1, len(ids)):
                found_pairs += 1
                right_pairs += truth[ids[i]] == truth[ids[j]] and truth[ids[i]] >= 0
    same_event_conflicts = sum(
        1
        for ev in events
        for c in ev.conflicts
        if len({truth[e] for e in c.entries}) == 1 and truth[c.entries[0]] >= 0
    )
    all_conflicts = sum(len(ev.conflicts) for ev in events)
    print(
        f"conflict flags:     {all_conflicts:,}, of which between reports of one true event: "
        f"{same_event_conflicts:,} (the generator gives an event one date, so the rest are look-alikes)"
    )
    print(
        f"merged pairs:       {found_pairs:,}; precision {right_pairs / max(found_pairs, 1):.3f}; "
        f"recall vs all same-event pairs {right_pairs / max(true_pairs, 1):.3f}"
    )
    return events


def main() -> None:
    """Run the benchmark and print its numbers."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--per-article", type=int, default=8)
    parser.add_argument("--seed", type=int, default=None, help="default: 1 (synthetic), 2022 (--corpus)")
    parser.add_argument("--corpus", action="store_true", help="merge the entries of benchmarks/corpus.py pages")
    parser.add_argument("--wire", type=float, default=0.0, help="with --corpus: share of wire reposts (0 to 1)")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()),
                        help="with --corpus: where the per-article stage's output is kept")
    parser.add_argument("--dump", type=Path, help="write the events, one JSON line each, to this file")
    parser.add_argument("--inputs", type=Path, help=argparse.SUPPRESS)  # the fresh process merging a pickle
    args = parser.parse_args()
    if args.inputs is not None:
        data: Any = pickle.loads(args.inputs.read_bytes())
        gc.collect()
        events, _ = timed_merge(data[0], data[1], data[2], None)
        if args.dump is not None:
            dump_events(events, args.dump)
        return
    if not args.corpus:
        args.seed = 1 if args.seed is None else args.seed
        events = synthetic(args)
        if args.dump is not None:
            dump_events(events, args.dump)
        return
    seed = 2022 if args.seed is None else args.seed
    args.cache.mkdir(parents=True, exist_ok=True)
    inputs = corpus_entries(args.articles, args.wire, seed, args.cache)
    print(f"corpus: {args.articles:,} articles of benchmarks/corpus.py, wire share {args.wire:g}, seed {seed}")
    sys.stdout.flush()
    dump = ["--dump", str(args.dump)] if args.dump is not None else []
    subprocess.run([sys.executable, __file__, "--inputs", str(inputs), *dump], check=True)


if __name__ == "__main__":
    main()

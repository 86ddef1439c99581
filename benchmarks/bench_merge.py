"""Benchmark cross-source merging on synthetic articles with realistic date clustering.

    python benchmarks/bench_merge.py [--articles 10000] [--per-article 8] [--seed 1]

Generates a pool of "true" events (bursty dates over 2022-04..2024-08, a place, actors,
numbers), then articles that each report ~8 of them around their publication day, mostly
at day precision, some at week/month/year precision, with paraphrased wording, plus
filler sentences. Prints entries/second, the pairs compared against n^2/2, and, since the
truth is known, the precision and recall of the merged pairs.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sitegen.merge.group import group_events_with_stats
from sitegen.models import Article, Entry, MergeRules, OutletRef, PlaceTag

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


def main() -> None:
    """Run the benchmark and print its numbers."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--per-article", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    entries, articles, truth = generate(args.articles, args.per_article, args.seed)
    n = len(entries)
    started, cpu_started = time.perf_counter(), time.process_time()
    events, stats = group_events_with_stats(entries, articles, MergeRules())
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    all_pairs = n * (n - 1) // 2
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
    print(f"entries:            {n:,} from {len(articles):,} articles")
    print(
        f"time:               {cpu:.2f} s CPU, {elapsed:.2f} s wall  ({n / cpu:,.0f} entries per CPU second)"
    )
    print(f"pair visits:        {stats.blocking.visits:,} (blocking sweeps)")
    print(
        f"pairs compared:     {stats.compared:,} of n^2/2 = {all_pairs:,} ({stats.compared / all_pairs:.5%})"
    )
    print(
        f"events:             {len(events):,}; merged: {stats.merged_groups:,}; conflicts: {stats.conflicts:,}"
    )
    print(
        f"conflict flags:     {all_conflicts:,}, of which between reports of one true event: "
        f"{same_event_conflicts:,} (the generator gives an event one date, so the rest are look-alikes)"
    )
    print(
        f"merged pairs:       {found_pairs:,}; precision {right_pairs / max(found_pairs, 1):.3f}; "
        f"recall vs all same-event pairs {right_pairs / max(true_pairs, 1):.3f}"
    )


if __name__ == "__main__":
    main()

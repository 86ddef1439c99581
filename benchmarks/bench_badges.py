"""Speed of knowledge loading and badge detection: YAML, registries, outlet detection, attribution, places.

    python benchmarks/bench_badges.py [--seconds 2] [--skip-yaml]

Prints, each as the best of several rounds in CPU time of this process (a busy shared machine
distorts CPU time far less than wall time; wall time is shown beside it):

* strict YAML loading (`sitegen.yamlload.load_yaml`) of a generated 5,000-entry overrides file and
  of one just under the 2 MiB limit, with libyaml and with PyYAML's pure-Python parser;
* loading the badge knowledge (outlets, institutions, places, and compiling the attribution
  matchers, which happens on the first `attribute` call);
* `OutletRegistry.detect` per ~4 KB article and per synthetic article;
* `attribute` and `Gazetteer.tag` per sentence, on real news sentences (seeds and the Wikinews
  trial set under eval/) and on synthetic ones (benchmarks/corpus.py), which attribute far more.

Targets: knowledge loaded well under 200 ms; detect well under 1 ms per 4 KB article;
attribute + tag under 0.1 ms per typical sentence.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import corpus

from sitegen import yamlload
from sitegen.badges.attribution import attribute, load_institutions
from sitegen.badges.outlet_load import load_outlets
from sitegen.badges.places import load_places
from sitegen.text.sentences import split_sentences

ARTICLE_CHARS = 4096
LIMIT = yamlload.MAX_BYTES


def timed(fn: Callable[[], object], rounds: int) -> tuple[float, float]:
    """Return (best CPU seconds, median wall seconds) of `rounds` calls."""
    cpu: list[float] = []
    wall: list[float] = []
    for _ in range(rounds):
        c, w = time.process_time(), time.perf_counter()
        fn()
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - w)
    return min(cpu), statistics.median(wall)


def per_item(fn: Callable[[str], object], items: Sequence[str], seconds: float) -> tuple[float, float]:
    """Return (best CPU seconds, median wall seconds) per item over rounds lasting about `seconds`."""
    cpu: list[float] = []
    wall: list[float] = []
    began = time.process_time()
    while not cpu or time.process_time() - began < seconds:
        c, w = time.process_time(), time.perf_counter()
        for item in items:
            fn(item)
        cpu.append((time.process_time() - c) / len(items))
        wall.append((time.perf_counter() - w) / len(items))
    return min(cpu), statistics.median(wall)


def overrides_text(max_bytes: int | None, entries: int | None) -> str:
    """Return a generated overrides file: `entries` articles, or as many as fit under `max_bytes`."""
    _, _, text = corpus.generate(entries or 20_000, seed=2022)
    if entries is not None:
        return text
    assert max_bytes is not None
    cut = text.encode("utf-8")[:max_bytes].decode("utf-8", "ignore")
    last_entry = max(m.start() for m in re.finditer(r"\n  \S", cut))  # an article id line, indented once
    return cut[:last_entry] + "\n"  # end before the first entry that does not fit whole


def bench_yaml(out: Path) -> None:
    """Print load_yaml times on the two generated overrides files, with both parsers."""
    print("strict YAML (load_yaml), CPU best / wall median:")
    for label, text in (("5,000 entries", overrides_text(None, 5000)), ("2 MiB", overrides_text(LIMIT, None))):
        path = out / "overrides.yaml"
        path.write_text(text, encoding="utf-8")
        row = []
        parsers = (True, False) if yamlload.libyaml_available() else (False,)
        for use_libyaml in parsers:
            yamlload.USE_LIBYAML = use_libyaml
            cpu, wall = timed(lambda p=path: yamlload.load_yaml(p), 3 if use_libyaml else 1)  # type: ignore[misc]
            row.append(f"{'libyaml' if use_libyaml else 'pure-Python'} {cpu * 1000:7.0f} ms ({wall * 1000:.0f} ms wall)")
        yamlload.USE_LIBYAML = yamlload.libyaml_available()
        print(f"  {label:14} {len(text.encode('utf-8')) / 1024:6.0f} KB   " + "   ".join(row))


def news_texts() -> list[str]:
    """Return the real news texts in the repo: the seeds and the Wikinews trial articles."""
    files = sorted((ROOT / "seeds").glob("*.txt")) + sorted(
        (ROOT / "eval" / "wikinews-timeline-trial" / "articles").glob("*.txt"))
    return [p.read_text(encoding="utf-8") for p in files]


def cut(texts: list[str], size: int) -> list[str]:
    """Return the texts joined and cut into pieces of about `size` characters (at line ends)."""
    whole = "\n\n".join(texts)
    out, start = [], 0
    while start + size <= len(whole):
        end = whole.rfind("\n", start, start + size)
        end = end if end > start else start + size
        out.append(whole[start:end])
        start = end + 1
    return out


def sentences_of(texts: list[str]) -> list[str]:
    """Return every sentence of the texts, split the way the build splits paragraphs."""
    return [s.text for t in texts for s in split_sentences(tuple(p for p in t.split("\n\n") if p.strip()))]


def main(argv: list[str] | None = None) -> int:
    """Run every measurement and print one table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=2.0, help="time per per-item measurement (default 2)")
    parser.add_argument("--skip-yaml", action="store_true", help="leave out the YAML file measurements")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        if not args.skip_yaml:
            bench_yaml(out)
        content = out / "content"  # an empty content folder: the packaged knowledge only
        content.mkdir()

        def knowledge() -> None:
            outlets, institutions = load_outlets(content), load_institutions(content)
            load_places(content)
            institutions.matchers(outlets)

        print("badge knowledge, CPU best / wall median:")
        loads: tuple[tuple[str, Callable[[], object]], ...] = (
            ("load_outlets", lambda: load_outlets(content)),
            ("load_institutions", lambda: load_institutions(content)),
            ("load_places", lambda: load_places(content)),
            ("all + attribution matchers", knowledge),
        )
        for name, load in loads:
            cpu, wall = timed(load, 5)
            print(f"  {name:27} {cpu * 1000:7.1f} ms ({wall * 1000:.1f} ms wall)")

    outlets, institutions, places = load_outlets(content), load_institutions(content), load_places(content)
    institutions.matchers(outlets)
    news = news_texts()
    synthetic = list(corpus.generate(300, seed=7)[0].values())
    news_4k = cut(news, ARTICLE_CHARS)
    news_sentences, synthetic_sentences = sentences_of(news), sentences_of(synthetic)

    print("per item, CPU best / wall median:")
    rows: list[tuple[str, Callable[[str], object], list[str], str]] = [
        ("detect", lambda t: outlets.detect(t, None), news_4k, f"{len(news_4k)} news articles of ~4 KB"),
        ("detect", lambda t: outlets.detect(t, "https://news.example/a"), synthetic,
         f"{len(synthetic)} synthetic articles of ~{sum(map(len, synthetic)) // len(synthetic)} chars, with url"),
    ]
    for label, sentences in (("news", news_sentences), ("synthetic", synthetic_sentences)):
        rows += [
            ("attribute", lambda s: attribute(s, outlets, institutions), sentences, f"{len(sentences)} {label} sentences"),
            ("tag", places.tag, sentences, f"{len(sentences)} {label} sentences"),
            ("attribute + tag", lambda s: (attribute(s, outlets, institutions), places.tag(s)), sentences,
             f"{len(sentences)} {label} sentences"),
        ]
    for label, call, items, what in rows:
        cpu, wall = per_item(call, items, args.seconds)
        print(f"  {label:16} {cpu * 1000:8.4f} ms ({wall * 1000:.4f} ms wall)  per item of {what}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

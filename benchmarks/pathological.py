"""Pathological input: no article may cost more than an ordinary article of its size.

    python benchmarks/pathological.py [--size 60000] [--rounds 3] [--only CLASS] [--where POSITION]

Builds one-article sites in memory, every stage a build runs on article text: read (decode and
normalise the bytes), the per-article stage (`process_article`: clean, sentences, dates,
badges), overrides, merge, site model and render (every page, feed and export; nothing is
written and no search index is made). Knowledge (junk, outlets, places, ...) is loaded once.

Each hostile article is an ordinary synthetic article (`benchmarks/corpus.py`) into which one
long run of one character class is put, in one position:

* first line: inside the headline, before its last word (a title-suffix pattern sees it);
* body: inside a body paragraph, between two of its sentences;
* last line: inside the last line, before its last word;
* keyword lines, each a line of its own under the headline: a byline (``By<run>,``), a support
  prompt (``Support<run>!x``) and a breadcrumb (``Home<run>x``), where line patterns start
  (a byline over 500 spaces and a comma took 12 s before those patterns saw bounded lines).

Character classes: spaces, tabs, no-break spaces, punctuation, digits, capitals, brackets,
quotes, each as one unbroken run and as single characters separated by a space (``A A A``;
many patterns take words one at a time). The ordinary article of the same size is the same
corpus text grown with more of its own paragraphs. Each row prints CPU seconds (best of
`--rounds`) and the ratio to the ordinary article; the bar is 2.0. Exit status 1 when a row is
over the bar, so the script can gate a change.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import corpus

from sitegen import config as site_config
from sitegen import reader
from sitegen.article import process_article
from sitegen.knowledge import Knowledge, load_knowledge
from sitegen.merge.corroborate import corroborate
from sitegen.merge.group import group_events
from sitegen.overrides.apply import apply_entries
from sitegen.overrides.schema import load_overrides
from sitegen.site import render
from sitegen.site.model import build_site

BAR = 2.0
EPOCH = 1_700_000_000

# name -> the characters a run cycles through
CLASSES: dict[str, str] = {
    "spaces": " ",
    "tabs": "\t",
    "no-break spaces": "\u00a0",
    "punctuation": ".,;:!?-–—/|*#",
    "digits": "0123456789",
    "capitals": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "brackets": "([{<>}])",
    "quotes": "\"'“”‘’«»",
}
POSITIONS = ("first line", "body", "last line", "byline", "prompt", "breadcrumb")
KEYWORD_LINES = {"byline": ("By", ","), "prompt": ("Support", "!x"), "breadcrumb": ("Home", "x")}


def run_of(chars: str, length: int, *, spaced: bool) -> str:
    """Return `length` characters cycling through `chars`, each followed by a space when `spaced`."""
    unit = "".join(c + " " for c in chars) if spaced else chars
    return (unit * (length // len(unit) + 1))[:length]


def base_article(seed: int = 7) -> str:
    """Return an ordinary synthetic news page that opens with its headline (the longest such of a few)."""
    files, _, _ = corpus.generate(12, seed)
    texts = [t for t in files.values() if len(t.split("\n")[0].split()) >= 5 and not re.search(r"\d", t[:80])]
    return max(texts, key=len)


def ordinary(size: int) -> str:
    """Return an ordinary article of about `size` characters: one page grown with more pages' paragraphs."""
    head = base_article()
    files, _, _ = corpus.generate(max(4, size // 600), 11)
    extra = [ln for text in files.values() for ln in text.split("\n")[3:] if len(ln) > 80]
    body, n = [head.rstrip("\n")], len(head)
    for ln in extra:
        if n >= size:
            break
        body.append(ln)
        n += len(ln) + 1
    text = "\n".join(body) + "\n"
    return text[:size]


def hostile(run: str, where: str) -> str:
    """Put `run` into an ordinary article at `where` (first line, body, last line)."""
    lines = base_article().rstrip("\n").split("\n")
    if where == "first line":  # the headline
        first, _, last = lines[0].rpartition(" ")
        lines[0] = f"{first} {run} {last}"
    elif where == "body":
        mid = max(range(len(lines)), key=lambda i: len(lines[i]))
        sentence_end = lines[mid].find(". ") + 1 or len(lines[mid])
        lines[mid] = lines[mid][:sentence_end] + " " + run + " " + lines[mid][sentence_end:].lstrip()
    elif where == "last line":
        first, _, last = lines[-1].rpartition(" ")
        lines[-1] = f"{first} {run} {last}"
    else:
        opening, closing = KEYWORD_LINES[where]
        lines.insert(1, f"{opening}{run}{closing}")
    return "\n".join(lines) + "\n"


class Site:
    """A one-article site in a temporary folder, built in memory stage by stage."""

    def __init__(self, folder: Path) -> None:
        self.seeds = folder / "seeds"
        self.content = folder / "content"
        self.seeds.mkdir()
        self.content.mkdir()
        (self.content / "site.yaml").write_text(corpus.site_yaml(1), encoding="utf-8")
        self.config = site_config.load_site(self.content)
        self.knowledge: Knowledge = load_knowledge(self.content)
        self.overrides = load_overrides(self.content)

    def build(self, text: str) -> int:
        """Build a site of one article holding `text`; return the number of output files."""
        path = self.seeds / "article.txt"
        path.write_text(text, encoding="utf-8")
        read = reader.read_seeds(self.seeds)
        results = [process_article(s, None, self.knowledge) for s in read.files]
        articles = tuple(r.article for r in results)
        entries = apply_entries(tuple(e for r in results for e in r.entries), articles, self.overrides,
                                self.knowledge.places)
        events = group_events(entries, articles, self.overrides.merge_rules, self.knowledge.merge)
        events = corroborate(events, articles, self.knowledge.places, self.knowledge.merge)
        site = build_site(self.config, articles, events, self.knowledge.places, build_epoch=EPOCH,
                          headlines=self.knowledge.headlines)
        return len(render.render_site(site, ROOT / "templates"))


def best_cpu(action: Callable[[], object], rounds: int) -> float:
    """Return the lowest CPU time of `rounds` runs of `action`."""
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        action()
        best = min(best, time.process_time() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=60_000, help="characters of every article (default 60000)")
    parser.add_argument("--rounds", type=int, default=3, help="runs per article, best CPU kept (default 3)")
    parser.add_argument("--only", choices=sorted(CLASSES), action="append", help="character classes to run")
    parser.add_argument("--where", choices=POSITIONS, action="append", help="positions to run")
    args = parser.parse_args(argv)
    random.seed(0)
    with tempfile.TemporaryDirectory() as tmp:
        site = Site(Path(tmp))
        site.build(base_article())  # warm every cache (compiled patterns, templates)
        normal = ordinary(args.size)
        reference = best_cpu(lambda: site.build(normal), args.rounds)
        print(f"ordinary article, {len(normal):,} characters: {reference:.3f} s CPU (the 1.0 of the ratios)")
        print(f"{'class':<18} {'run':<8} {'position':<11} {'seconds':>8} {'ratio':>6}")
        worst, over = 0.0, 0
        base = len(base_article())
        for name in args.only or list(CLASSES):
            for spaced in (False, True):
                run = run_of(CLASSES[name], max(1, args.size - base - 2), spaced=spaced)
                for where in args.where or POSITIONS:
                    text = hostile(run, where)
                    seconds = best_cpu(lambda text=text: site.build(text), args.rounds)
                    ratio = seconds / reference
                    worst = max(worst, ratio)
                    flag = "  OVER" if ratio > BAR else ""
                    over += ratio > BAR
                    label = "spaced" if spaced else "solid"
                    print(f"{name:<18} {label:<8} {where:<11} {seconds:8.3f} {ratio:6.2f}{flag}", flush=True)
        print(f"worst ratio {worst:.2f} (bar {BAR}); {over} over the bar")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())

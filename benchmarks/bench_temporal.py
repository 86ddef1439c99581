"""Speed of the temporal tagger: 4 KB news articles per second, and the ratio to dateparser.search_dates.

Articles are real news text (the seed articles and the Wikinews trial set) cut into 4 KB pieces.
Run: python benchmarks/bench_temporal.py [--seconds N]
Targets: at least 1,000 articles/s on one core and at least 20x faster than search_dates.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitegen.temporal import find_dates, find_expressions

ARTICLE_BYTES = 4096
PUBLISHED = date(2024, 5, 15)


def articles() -> list[str]:
    """Return real news texts cut into ~4 KB articles (whole words)."""
    sources = sorted((ROOT / "seeds").glob("*.txt")) + sorted(
        (ROOT / "eval" / "wikinews-timeline-trial" / "articles").glob("*.txt"))
    corpus = "\n\n".join(p.read_text(encoding="utf-8") for p in sources)
    out, start = [], 0
    while start + ARTICLE_BYTES <= len(corpus):
        end = corpus.rfind(" ", start, start + ARTICLE_BYTES)
        out.append(corpus[start:end])
        start = end + 1
    return out


def rate(fn: object, texts: list[str], seconds: float) -> tuple[float, int]:
    """Return (articles per CPU second, articles processed) running fn over texts for about `seconds`.

    CPU time of this process (one core), best round of many, so a busy machine distorts it little.
    """
    call = fn  # type: ignore[assignment]
    done, best, began = 0, float("inf"), time.process_time()
    while time.process_time() - began < seconds or done == 0:
        start = time.process_time()
        for text in texts:
            call(text)  # type: ignore[operator]
        best = min(best, time.process_time() - start)
        done += len(texts)
    return len(texts) / best, done


def main() -> int:
    """Print both rates and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    texts = articles()
    find_dates(texts[0], PUBLISHED)  # warm the pattern cache

    ours, n_ours = rate(lambda t: find_dates(t, PUBLISHED), texts, args.seconds)
    found = sum(len(find_dates(t, PUBLISHED)) for t in texts)
    timex, n_timex = rate(lambda t: find_expressions(t, PUBLISHED), texts, args.seconds)
    expressions = sum(len(find_expressions(t, PUBLISHED)) for t in texts)

    warnings.simplefilter("ignore")
    from dateparser.search import search_dates

    settings = {"RELATIVE_BASE": datetime(PUBLISHED.year, PUBLISHED.month, PUBLISHED.day),
                "PREFER_DATES_FROM": "past"}
    search_dates(texts[0], languages=["en"], settings=settings)  # warm dateparser's caches
    theirs, n_theirs = rate(lambda t: search_dates(t, languages=["en"], settings=settings), texts,
                            args.seconds)
    print(f"{len(texts)} real news articles of ~{ARTICLE_BYTES} bytes; {found} calendar dates, "
          f"{expressions} TIMEX3 expressions found")
    print(f"sitegen.temporal.find_dates : {ours:10.1f} articles/s ({n_ours} tagged)")
    print(f"  find_expressions (TIMEX3) : {timex:10.1f} articles/s ({n_timex} tagged)")
    print(f"dateparser.search_dates     : {theirs:10.1f} articles/s ({n_theirs} tagged)")
    print(f"speed-up                    : {ours / theirs:10.1f}x  (target: >= 20x, and >= 1000 articles/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

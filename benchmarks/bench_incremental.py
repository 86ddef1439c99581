"""The edit loop at scale: cold build, no-change rebuilds, one-override edit, one article added; Hugo beside it.

    python benchmarks/bench_incremental.py [--articles 1000 10000] [--wire 0.6] [--jobs N] [--keep DIR] [--no-hugo]

For each N, writes N synthetic articles with benchmarks/corpus.py, then runs `sitegen build`
(the command line, in a child process, with its default cache) six times on them:

1. cold: empty cache, no output folder;
2. no change: the same input again (must write no file; the build finds every file's status unchanged
   and says the site is up to date: sitegen.uptodate);
3. one seed touched: a seed file given a new modification time, its bytes unchanged (its status
   changed, so it is read again: the same bytes, still up to date, no file written);
4. no change, the last build's stamp removed: nothing to do, but nothing says so, so the whole
   incremental path runs (every article's result, the merge, the pages from the cache), and must
   write no file;
5. override edit: one line of content/overrides/articles.yaml changed (one article's date);
6. article added: one new seed file;

then starts `sitegen serve` on the same input and output and times two more override edits as
the editor sees them: from the file written to the rebuilt site (the serve process keeps the
unchanged articles' results in memory between its builds).

Each case prints wall seconds, CPU seconds (the build and every process it started: workers,
Pagefind), peak RSS (the largest of those processes), files written, and the build's own
`--timings` per stage. After the six cases the output is compared with a cache-less
`--jobs 1` build of the final input (it must be byte-identical). When `hugo` is on PATH
(Debian package `hugo`), the same articles are built by Hugo (single pages and one list,
without RSS, sitemap and taxonomies) and the ratio sitegen cold / Hugo is printed.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import corpus

from sitegen import uptodate
from sitegen.cache import default_cache_dir

EPOCH = "1700000000"


@dataclass(frozen=True)
class Run:
    """One measured child process."""

    wall: float
    cpu: float
    peak_mb: float
    stdout: str
    stderr: str


def measure(command: list[str], env: dict[str, str] | None = None) -> Run:
    """Run a command; return its wall time, CPU (with its waited-for children) and peak RSS."""
    started = time.perf_counter()
    # stderr goes to a file: a build's warnings can outgrow a pipe's buffer while stdout is being read
    with tempfile.TemporaryFile("w+", encoding="utf-8") as err_file:
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=err_file, text=True, env=env)
        assert proc.stdout is not None
        out = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
        err_file.seek(0)
        err = err_file.read()
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({proc.returncode}):\n{err}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out, err)


def sitegen(made: corpus.CorpusPaths, output: Path, *extra: str) -> Run:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": EPOCH}
    return measure([sys.executable, "-m", "sitegen", "build", "--seeds", str(made.seeds), "--content",
                    str(made.content), "--templates", str(ROOT / "templates"), "--output", str(output),
                    "--timings", *extra], env)


def written(run: Run) -> str:
    found = re.search(r"(\d+) of (\d+) files written", run.stdout)
    return f"{found.group(1)}/{found.group(2)}" if found else "?"


def merged(run: Run) -> str:
    """Return how the build's merge went, as its summary says (pairs scored and recalled, or the cache)."""
    found = re.search(r"; (merge[^;]*);", run.stdout)
    return found.group(1) if found else "?"


def edit_one_override(content: Path) -> None:
    """Move the first article's override date one day later (a one-line edit).

    Always later, never back: an edit that returned to a date an earlier edit used would find that
    build's merge in the cache and time the cache, not the edit.
    """
    path = content / "overrides" / "articles.yaml"
    text = path.read_text(encoding="utf-8")
    found = re.search(r"published: (\d{4})-(\d{2})-(\d{2})", text)
    assert found is not None
    moved = date(int(found.group(1)), int(found.group(2)), int(found.group(3))) + timedelta(days=1)
    line = f"published: {moved.isoformat()}"
    path.write_text(text[:found.start()] + line + text[found.end():], encoding="utf-8")


def touch_seed(seeds: Path) -> None:
    """Give the first seed file a new modification time, its bytes unchanged (its status changes)."""
    os.utime(min(seeds.iterdir()))


def forget_stamp(content: Path) -> None:
    """Remove the last build's up-to-date stamp from the default cache (sitegen.uptodate): the next build runs."""
    shutil.rmtree(default_cache_dir(content) / uptodate.KIND, ignore_errors=True)


def add_article(seeds: Path) -> None:
    """Add one article: a copy of the first with a sentence of its own."""
    first = min(seeds.iterdir())
    (seeds / "zz-added-article.txt").write_text(
        first.read_text(encoding="utf-8") + "\nOfficials in Kharkiv said on 3 May 2024 that the repairs had begun.\n",
        encoding="utf-8")


def serve_edits(made: corpus.CorpusPaths, output: Path, jobs: list[str], edits: int = 2) -> list[tuple[float, str]]:
    """Start `sitegen serve`, make `edits` override edits one after the other; return, for each, the seconds from
    the file written to serve's "built" line, and that line's own build time."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": EPOCH, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "sitegen", "serve", "--port", "0", "--seeds", str(made.seeds),
                             "--content", str(made.content), "--templates", str(ROOT / "templates"), "--output",
                             str(output), *jobs], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    assert proc.stdout is not None
    out: list[tuple[float, str]] = []
    try:
        for line in proc.stdout:
            if line.startswith("serving "):
                break
        for _ in range(edits):
            edit_one_override(made.content)
            started = time.perf_counter()
            for line in proc.stdout:
                if line.startswith(("built ", "error: ")):
                    found = re.search(r" in ([\d.]+ s)", line)
                    out.append((time.perf_counter() - started, found.group(1) if found else line.strip()))
                    break
    finally:
        # SIGTERM, which serve takes as Ctrl-C: a process started from a shell's background job inherits SIGINT
        # ignored (POSIX), so Ctrl-C's signal would leave it serving
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=120)
    return out


def hugo_site(made: corpus.CorpusPaths, where: Path) -> Path:
    """Write the corpus as a minimal Hugo site (front matter: title; body: the text)."""
    site = where / "hugo-site"
    posts = site / "content" / "posts"
    layouts = site / "layouts" / "_default"
    posts.mkdir(parents=True)
    layouts.mkdir(parents=True)
    (site / "hugo.toml").write_text(
        'baseURL = "https://example.org/"\ntitle = "bench"\n'
        'disableKinds = ["RSS", "sitemap", "taxonomy", "term"]\n', encoding="utf-8")
    (layouts / "baseof.html").write_text(
        "<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body>{{ block \"main\" . }}{{ end }}"
        "</body></html>\n", encoding="utf-8")
    (layouts / "single.html").write_text(
        '{{ define "main" }}<article><h1>{{ .Title }}</h1>{{ .Content }}</article>{{ end }}\n', encoding="utf-8")
    (layouts / "list.html").write_text(
        '{{ define "main" }}<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>'
        "{{ end }}</ul>{{ end }}\n", encoding="utf-8")
    for path in sorted(made.seeds.iterdir()):
        text = path.read_text(encoding="utf-8")
        title = text.strip().splitlines()[0].replace('"', "'")
        (posts / f"{path.stem}.md").write_text(f'---\ntitle: "{title}"\n---\n\n{text}', encoding="utf-8")
    return site


def same_tree(a: Path, b: Path) -> bool:
    """Return True when two folders hold the same files with the same bytes."""
    cmp = filecmp.dircmp(a, b)
    stack = [cmp]
    while stack:
        d = stack.pop()
        if d.left_only or d.right_only or d.funny_files:
            return False
        _, mismatch, errors = filecmp.cmpfiles(d.left, d.right, d.common_files, shallow=False)
        if mismatch or errors:
            return False
        stack.extend(d.subdirs.values())
    return True


def bench(n: int, work: Path, jobs: list[str], hugo: bool, wire: float = 0.0) -> None:
    """Run the six cases (and Hugo) on n articles and print the table."""
    made = corpus.write_corpus(work / f"corpus-{n}", n, wire=wire)
    out = work / f"site-{n}"
    rows: list[tuple[str, Run]] = [("cold build", sitegen(made, out, *jobs))]
    rows.append(("no-change rebuild", sitegen(made, out, *jobs)))
    touch_seed(made.seeds)  # the same bytes, a new status: read again, still up to date
    rows.append(("one seed touched", sitegen(made, out, *jobs)))
    forget_stamp(made.content)  # nothing to do, and nothing to say so: the incremental path with nothing to change
    rows.append(("no change, stamp removed", sitegen(made, out, *jobs)))
    edit_one_override(made.content)
    rows.append(("one-override-edit rebuild", sitegen(made, out, *jobs)))
    add_article(made.seeds)
    rows.append(("one-article-added rebuild", sitegen(made, out, *jobs)))
    served = serve_edits(made, out, jobs)
    reference = sitegen(made, work / f"site-{n}-reference", "--no-cache", "--jobs", "1")
    identical = same_tree(out, work / f"site-{n}-reference")

    print(f"\n{n} articles ({os.cpu_count()} cores; CPU counts every process of the build)")
    print(f"  {'case':28} {'wall s':>8} {'CPU s':>8} {'peak RSS MB':>12} {'files written':>14}")
    for name, run in rows:
        print(f"  {name:28} {run.wall:8.2f} {run.cpu:8.2f} {run.peak_mb:12.0f} {written(run):>14}")
    for k, (seen, own) in enumerate(served, 1):
        print(f"  {f'sitegen serve, edit {k}':28} {seen:8.2f}   (from the edit to the rebuilt site; the build: {own})")
    print(f"  {'no cache, --jobs 1':28} {reference.wall:8.2f} {reference.cpu:8.2f} {reference.peak_mb:12.0f}")
    print(f"  incremental output byte-identical to the cache-less single-process build: {identical}")
    for name, run in rows:
        print(f"  stages of the {name} ({merged(run)}):")
        for line in run.stderr.splitlines():
            if re.match(r"^(stage|read|articles|overrides|merge|site model|render|write|total)\s", line):
                print("    " + line)
    if hugo and shutil.which("hugo"):
        site = hugo_site(made, work / f"hugo-{n}")
        h = measure(["hugo", "--quiet", "-s", str(site), "-d", str(work / f"hugo-{n}" / "public")])
        cold = rows[0][1]
        print(f"  hugo (same articles, no RSS/sitemap/taxonomies): {h.wall:.2f} s wall, {h.cpu:.2f} s CPU, "
              f"{h.peak_mb:.0f} MB peak; sitegen cold / hugo = {cold.wall / h.wall:.1f}x wall, "
              f"{cold.cpu / max(h.cpu, 1e-9):.1f}x CPU")
    elif hugo:
        print("  hugo is not installed (apt-get install hugo): no side-by-side numbers")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark for each --articles N."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--jobs", help="pass --jobs N to sitegen build (default: its own, the cores)")
    parser.add_argument("--keep", type=Path, help="work here and keep everything (default: a temp dir)")
    parser.add_argument("--no-hugo", action="store_true", help="skip the Hugo side-by-side build")
    parser.add_argument("--wire", type=float, default=0.0,
                        help="share of articles reposting wire copy (corpus.py --wire; 0.6 for the #12 numbers)")
    args = parser.parse_args(argv)
    jobs = ["--jobs", args.jobs] if args.jobs else []
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
        for n in args.articles:
            bench(n, args.keep, jobs, not args.no_hugo, args.wire)
        return 0
    with tempfile.TemporaryDirectory(prefix="sitegen-bench-") as tmp:
        for n in args.articles:
            bench(n, Path(tmp), jobs, not args.no_hugo, args.wire)
    return 0


if __name__ == "__main__":
    sys.exit(main())

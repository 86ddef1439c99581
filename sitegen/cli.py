"""The `sitegen` command line: build, check, dates, override, extract, import."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from sitegen import __version__
from sitegen.errors import SitegenError

if TYPE_CHECKING:
    from datetime import date

    from sitegen import build as build_mod
    from sitegen.build import Options, Paths
    from sitegen.uptodate import Said

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


def _add_site_paths(p: argparse.ArgumentParser, *, output: bool) -> None:
    p.add_argument("--seeds", type=Path, default=Path("seeds"), help="folder of article text files (default: seeds/)")
    p.add_argument("--content", type=Path, default=Path("content"),
                   help="folder of site.yaml, overrides/ and pages/ (default: content/)")
    p.add_argument("--templates", type=Path, default=Path("templates"),
                   help="folder of Jinja2 templates and static assets (default: templates/)")
    if output:
        p.add_argument("--output", type=Path, default=Path("public"), help="where the site is written (default: public/)")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, not {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def _add_build_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--jobs", "-j", type=_positive, metavar="N",
                   help="worker processes for the per-article stage (default: the machine's cores)")
    p.add_argument("--dask", metavar="ADDRESS",
                   help="run the per-article stage on the Dask cluster at ADDRESS (needs sitegen[dask])")
    p.add_argument("--no-cache", action="store_true",
                   help="build everything from scratch, without reading or writing .sitegen-cache/")
    p.add_argument("--timings", action="store_true", help="print the time each stage took")


def make_parser() -> argparse.ArgumentParser:
    """Return the argument parser of every sub-command."""
    parser = argparse.ArgumentParser(
        prog="sitegen",
        description="Turn collected news articles into a dated, sourced, correctable static chronology.",
    )
    parser.add_argument("--version", action="version", version=f"sitegen {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p_build = sub.add_parser("build", help="build the static site into public/")
    _add_site_paths(p_build, output=True)
    p_build.add_argument("--quiet", "-q", action="store_true", help="print only warnings and errors")
    _add_build_options(p_build)

    p_serve = sub.add_parser("serve", help="build, serve the site locally and rebuild it when a file changes")
    _add_site_paths(p_serve, output=True)
    p_serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p_serve.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    p_serve.add_argument("--quiet", "-q", action="store_true", help="print only warnings and errors")
    _add_build_options(p_serve)

    p_check = sub.add_parser("check", help="list what needs an editor's eye")
    _add_site_paths(p_check, output=False)
    p_check.add_argument("--format", choices=("text", "json"), default="text")
    p_check.add_argument("--strict", action="store_true", help="exit 1 when anything not acknowledged in content/check.yaml is found (for CI)")

    p_dates = sub.add_parser("dates", help="print the temporal expressions found in a text file")
    p_dates.add_argument("file", type=Path, metavar="FILE")
    p_dates.add_argument("--published", metavar="YYYY-MM-DD",
                         help="publication date that relative expressions resolve against "
                              "(default: the site's date for a seed, else the date the text states, if any)")
    p_dates.add_argument("--format", choices=("json", "text"), default="json",
                         help="json: one object per line (default); text: each hit in its sentence")
    p_dates.add_argument("--seeds", type=Path, default=Path("seeds"),
                         help="the site's seeds: a FILE there takes its article's date (default: seeds/)")
    p_dates.add_argument("--content", type=Path, default=Path("content"),
                         help="where the site's overrides are (default: content/)")

    p_over = sub.add_parser("override", help="print a YAML stub for correcting one article's entries")
    p_over.add_argument("article", metavar="ARTICLE_ID")
    _add_site_paths(p_over, output=False)
    p_over.add_argument("--write", action="store_true",
                        help="append the stub to content/overrides/<ARTICLE_ID>.yaml (never overwrites)")

    p_extract = sub.add_parser("extract", help="print what a build makes of one input file, as one JSON object")
    p_extract.add_argument("file", type=Path, metavar="FILE")
    p_extract.add_argument("--content", type=Path, default=Path("content"),
                           help="folder of the site's knowledge and overrides (default: content/)")

    p_import = sub.add_parser("import", help="fetch web pages into the seeds folder as .html with a sidecar")
    p_import.add_argument("urls", nargs="+", metavar="URL")
    p_import.add_argument("--seeds", type=Path, default=Path("seeds"), help="where pages are saved (default: seeds/)")
    return parser


def run() -> NoReturn:
    """The `sitegen` command: `main`, then leave without tearing down the interpreter's objects.

    A build of 10,000 articles holds about a gigabyte of records, and freeing them one by one at
    exit took ~3 s after the work was done (mypy leaves the same way). Every file and the cache
    are written and closed by then; the output streams are flushed here. An exception (argparse's
    SystemExit for usage and --help among them) leaves the ordinary way.
    """
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except OSError:  # a closed pipe: nothing more can be said
            pass
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = make_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        handler = {"build": _build, "check": _check, "dates": _dates, "override": _override,
                   "extract": _extract, "import": _import, "serve": _serve}[args.command]
        return handler(args)
    except SitegenError as err:
        print(f"error: {err.render()}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("error: interrupted; the previous site was left as it was", file=sys.stderr)
        return 130


def _paths(args: argparse.Namespace) -> Paths:
    from sitegen import build as build_mod

    return build_mod.Paths(
        seeds=args.seeds,
        content=args.content,
        output=getattr(args, "output", Path("public")),
        templates=args.templates,
    )


def _options(args: argparse.Namespace) -> Options:
    from sitegen import build as build_mod
    from sitegen.cache import default_cache_dir
    from sitegen.parallel import default_jobs
    from sitegen.progress import Progress

    return build_mod.Options(
        jobs=args.jobs or default_jobs(),
        dask=args.dask,
        cache=None if args.no_cache else default_cache_dir(args.content),
        progress=Progress.for_terminal(quiet=args.quiet),
    )


def _warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def _build(args: argparse.Namespace) -> int:
    from sitegen import build as build_mod
    from sitegen.cache import Store
    from sitegen.manifest import DEFAULT_KEEP, check_keep
    from sitegen.uptodate import UpToDate

    options = _options(args)
    paths = _paths(args)
    status = UpToDate(Store(options.cache), paths) if options.cache is not None else None
    last = None
    if status is not None:
        with options.progress.stage("status"):  # nothing changed since the last build: it says so, writes nothing
            last = status.check()
    if status is not None and last is not None:
        said = last.replayed(status.checked)
    else:
        report = build_mod.build(paths, options, warn=_warn)
        said = _said(report)
        if status is not None:
            status.record(check_keep([*DEFAULT_KEEP, *report.gathered.config.keep]), report.files_written, said)
    for line in said.notes:
        print(line, file=sys.stderr)
    if not args.quiet:
        for line in (*said.head, said.work, *said.tail):
            print(line)
    if args.timings:
        for line in options.progress.timings():
            print(line, file=sys.stderr)
    return EXIT_OK


def _said(report: build_mod.BuildReport) -> Said:
    """Return what a build says: its notes and warnings, and its summary."""
    from sitegen import build as build_mod
    from sitegen.editor import summary
    from sitegen.editor.check import losses
    from sitegen.uptodate import Said

    g = report.gathered
    notes = [f"note: {note.render()}" for note in g.notes]
    notes += [f"warning: {problem.render()}" for problem in g.problems]
    lost = losses(g.articles, g.entries)
    notes += [f"warning: {finding.where()}: {finding.message}" for finding in lost]
    notes += [f"note: {line}" for line in summary.build_notes(g)]
    read, work = build_mod.summary(report)
    built = (f"built {report.output}: {len(g.articles)} articles, {len(g.events)} timeline entries, "
             f"{report.files_written} files")
    head = (built, read)
    tail: tuple[str, ...] = ()
    if lost:
        names = ", ".join(dict.fromkeys(f"{f.id} ({f.kind})" for f in lost))
        tail = (f"look at: {names} (sitegen check lists them)",)
    return Said(tuple(notes), head, work, tail)


def _serve(args: argparse.Namespace) -> int:
    from sitegen import serve

    return serve.run(_paths(args), _options(args), host=args.host, port=args.port, timings=args.timings)


def _check(args: argparse.Namespace) -> int:
    from sitegen import build as build_mod
    from sitegen.editor import acknowledge, check

    acks = acknowledge.load_acknowledgements(args.content)
    findings = acknowledge.acknowledge(check.run_check(build_mod.gather(_paths(args))), acks)
    if args.format == "json":
        print(json.dumps([f.as_dict() for f in findings], indent=2, ensure_ascii=False))
    else:
        print(check.format_findings(findings))
    return EXIT_ERROR if (args.strict and acknowledge.failing(findings)) else EXIT_OK


def _dates(args: argparse.Namespace) -> int:
    from sitegen import temporal
    from sitegen.editor import dates
    from sitegen.reader import read_text_file

    source = read_text_file(args.file)
    published: date | None
    if args.published:
        published, basis = dates.parse_published(args.published), "given with --published"
    else:
        published, basis = dates.find_publication(source, args.seeds, args.content)
    report = dates.run_dates(source, published, basis)
    if args.format == "json":
        for m in report.mentions:
            print(json.dumps(temporal.mention_json(m), ensure_ascii=False))
        note = dates.unanchored_note(report)
        if note:
            print(f"note: {note}", file=sys.stderr)
    else:
        print(dates.format_report(source.text, report))
    return EXIT_OK


def _override(args: argparse.Namespace) -> int:
    from sitegen import build as build_mod
    from sitegen.editor import stub

    gathered = build_mod.gather(_paths(args))
    text = stub.make_stub(gathered, args.article, stub.correction_day())
    if args.write:
        path = stub.append_stub(args.content, args.article, text)
        print(f"appended a stub for {args.article} to {path}")
    else:
        print(text, end="")
    return EXIT_OK


def _extract(args: argparse.Namespace) -> int:
    from sitegen.extract import extract

    print(json.dumps(extract(args.file, args.content), indent=2, ensure_ascii=False))
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    from sitegen.read.fetch import FetchError, Imported, import_urls

    try:
        results = import_urls(args.urls, args.seeds)
    except FetchError as why:
        print(f"error: {why}", file=sys.stderr)
        return EXIT_ERROR
    failed = 0
    for result in results:
        if isinstance(result, Imported):
            print(f"saved {result.url} as {result.page} ({result.size} bytes; source in {result.sidecar.name})")
        else:
            failed += 1
            print(f"error: {result[0]}: {result[1]}", file=sys.stderr)
    return EXIT_ERROR if failed else EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

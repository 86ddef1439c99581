"""The `sitegen` command line: build, check, dates, override."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sitegen import __version__
from sitegen.errors import SitegenError

if TYPE_CHECKING:
    from sitegen.build import Paths

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


def _add_site_paths(p: argparse.ArgumentParser, *, output: bool) -> None:
    p.add_argument("--seeds", type=Path, default=Path("seeds"), help="folder of article text files (default: seeds/)")
    p.add_argument("--content", type=Path, default=Path("content"),
                   help="folder of site.yaml, overrides/ and pages/ (default: content/)")
    p.add_argument("--templates", type=Path, default=Path("templates"),
                   help="folder of Jinja2 templates and static assets (default: templates/)")
    if output:
        p.add_argument("--output", type=Path, default=Path("public"), help="where the site is written (default: public/)")


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

    p_check = sub.add_parser("check", help="list what needs an editor's eye")
    _add_site_paths(p_check, output=False)
    p_check.add_argument("--format", choices=("text", "json"), default="text")
    p_check.add_argument("--strict", action="store_true", help="exit 1 when anything is found (for CI)")

    p_dates = sub.add_parser("dates", help="print the temporal expressions found in a text file")
    p_dates.add_argument("file", type=Path, metavar="FILE")
    p_dates.add_argument("--published", metavar="YYYY-MM-DD",
                         help="publication date that relative expressions resolve against "
                              "(default: the date the text states, if any)")
    p_dates.add_argument("--format", choices=("json", "text"), default="json",
                         help="json: one object per line (default); text: each hit in its sentence")

    p_over = sub.add_parser("override", help="print a YAML stub for correcting one article's entries")
    p_over.add_argument("article", metavar="ARTICLE_ID")
    _add_site_paths(p_over, output=False)
    p_over.add_argument("--write", action="store_true",
                        help="append the stub to content/overrides/<ARTICLE_ID>.yaml (never overwrites)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = make_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        handler = {"build": _build, "check": _check, "dates": _dates, "override": _override}[args.command]
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


def _build_epoch() -> int | None:
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if raw is None or raw == "":
        return None
    if not raw.isdigit():
        raise SitegenError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, not {raw!r}")
    return int(raw)


def _build(args: argparse.Namespace) -> int:
    from sitegen import build as build_mod

    def warn(message: str) -> None:
        print(f"warning: {message}", file=sys.stderr)

    report = build_mod.build(_paths(args), build_epoch=_build_epoch(), warn=warn)
    for note in report.gathered.notes:
        print(f"note: {note.render()}", file=sys.stderr)
    for problem in report.gathered.problems:
        print(f"warning: {problem.render()}", file=sys.stderr)
    if not args.quiet:
        g = report.gathered
        print(
            f"built {report.output}: {len(g.articles)} articles, {len(g.events)} timeline entries, "
            f"{report.files_written} files"
        )
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from sitegen import build as build_mod
    from sitegen.editor import check

    gathered = build_mod.gather(_paths(args))
    findings = check.run_check(gathered)
    if args.format == "json":
        print(json.dumps([f.as_dict() for f in findings], indent=2, ensure_ascii=False))
    else:
        print(check.format_text(findings))
    return EXIT_ERROR if (args.strict and findings) else EXIT_OK


def _dates(args: argparse.Namespace) -> int:
    from sitegen import temporal
    from sitegen.reader import read_text_file
    from sitegen.yamlload import date_range_problem

    text = read_text_file(args.file).text
    published: date | None
    if args.published:
        try:
            published = date.fromisoformat(args.published)
        except ValueError:
            raise SitegenError(f"--published must be a date as YYYY-MM-DD, not {args.published!r}") from None
        problem = date_range_problem(published)
        if problem is not None:
            raise SitegenError(f"--published {args.published} is {problem}")
    else:
        stamp = temporal.detect_published(text)
        published = stamp.date if stamp else None
    mentions = temporal.find_dates(text, published)
    if args.format == "json":
        for m in mentions:
            print(json.dumps(temporal.mention_json(m), ensure_ascii=False))
    else:
        print(temporal.format_text(text, mentions, published))
    return EXIT_OK


def _override(args: argparse.Namespace) -> int:
    from sitegen import build as build_mod
    from sitegen.editor import stub

    gathered = build_mod.gather(_paths(args))
    text = stub.make_stub(gathered, args.article)
    if args.write:
        path = stub.append_stub(args.content, args.article, text)
        print(f"appended a stub for {args.article} to {path}")
    else:
        print(text, end="")
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

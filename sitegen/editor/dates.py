"""`sitegen dates FILE`: which publication date anchors the file, and what stays unanchored without one.

With `--published` that date anchors everything. Without it, a file that is a seed of
the site takes the date the build gives its article (the editors' override, else the
text's own stamp); any other file takes its own stamp. With no date at all, absolute
expressions still resolve, and relative ones ("on Monday", "last week") are listed as
unanchored rather than guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sitegen import temporal
from sitegen.article import resolve_publication
from sitegen.errors import SitegenError
from sitegen.models import Mention, SourceFile
from sitegen.overrides.schema import load_overrides
from sitegen.reader import SEED_SUFFIXES
from sitegen.ynode import date_range_problem

PROBE = date(2000, 1, 1)  # any day: tagging against it only finds where relative expressions are
PASS_PUBLISHED = "pass --published YYYY-MM-DD to resolve them"


@dataclass(frozen=True)
class DatesReport:
    """What `sitegen dates` found: the anchor, where it came from, and the resolved and unanchored hits."""

    published: date | None
    basis: str  # in words: 'given with --published', 'stated in the text: ...', 'from the editors' overrides ...'
    mentions: tuple[Mention, ...]
    unanchored: tuple[Mention, ...]  # relative expressions with no date to resolve them (their values are not used)


def parse_published(raw: str) -> date:
    """Return the --published date or raise a message that says the format."""
    try:
        published = date.fromisoformat(raw)
    except ValueError:
        raise SitegenError(f"--published must be a date as YYYY-MM-DD, not {raw!r}") from None
    problem = date_range_problem(published)
    if problem is not None:
        raise SitegenError(f"--published {raw} is {problem}")
    return published


def find_publication(source: SourceFile, seeds: Path, content: Path) -> tuple[date | None, str]:
    """Return the date that anchors a file and why: the build's date for a seed of the site, else its stamp."""
    if source.path.suffix.lower() in SEED_SUFFIXES and _inside(source.path, seeds):
        rule = load_overrides(content).articles.get(source.id)
        publication = resolve_publication(source, rule)
        if publication.date is not None:
            return publication.date, f"the site's date for the article {source.id}: {publication.evidence}"
        return None, f"the site has no date for the article {source.id}"
    stamp = temporal.detect_published(source.text)
    if stamp is not None:
        return stamp.date, f"stated in the text: {stamp.text!r} on line {stamp.line}"
    return None, "the text states none"


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().parent == folder.resolve()
    except OSError:
        return False


def run_dates(source: SourceFile, published: date | None, basis: str) -> DatesReport:
    """Tag the file; without a date, also find the relative expressions that stay unanchored."""
    mentions = tuple(temporal.find_expressions(source.text, published))
    unanchored: tuple[Mention, ...] = ()
    if published is None:
        taken = [(m.start, m.end) for m in mentions]
        unanchored = tuple(m for m in temporal.find_expressions(source.text, PROBE)
                           if not any(s < m.end and m.start < e for s, e in taken))
    return DatesReport(published, basis, mentions, unanchored)


def unanchored_note(report: DatesReport) -> str | None:
    """Return the one-line note about unanchored expressions (for stderr), or None when there are none."""
    if not report.unanchored:
        return None
    listed = ", ".join(repr(m.text) for m in report.unanchored[:5]) + (", …" if len(report.unanchored) > 5 else "")
    count = len(report.unanchored)
    return (f"{count} relative expression{'s' if count != 1 else ''} left unanchored (no publication date): "
            f"{listed}; {PASS_PUBLISHED}")


def format_report(text: str, report: DatesReport) -> str:
    """Return the editors' text view: the anchor and why, each hit in its sentence, then the unanchored ones."""
    view = temporal.format_mentions(text, list(report.mentions), report.published)
    _, _, rest = view.partition("\n")
    head = f"publication date: {report.published.isoformat() if report.published else 'unknown'} ({report.basis})"
    return "\n".join([head, rest, *_unanchored_lines(text, report)])


def _unanchored_lines(text: str, report: DatesReport) -> list[str]:
    if not report.unanchored:
        return []
    lines = ["", (f"unanchored ({len(report.unanchored)}): relative expressions with no publication date; "
                  f"{PASS_PUBLISHED}")]
    for m in report.unanchored:
        line = text.count("\n", 0, m.start) + 1
        lines.append(f"  [{m.text}] at {m.start}-{m.end} (line {line})")
    return lines

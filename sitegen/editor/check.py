"""`sitegen check`: what needs an editor's eye, as findings for people (text) and tools (JSON)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sitegen.editor.gathered import GatheredSite
from sitegen.models import Article, Entry, Event, Problem, SiteConfig
from sitegen.overrides.apply import CORRECTABLE
from sitegen.overrides.records import Overrides
from sitegen.temporal import timex

# Finding kinds in the order the text output lists them, with their group headings.
KINDS: tuple[tuple[str, str], ...] = (
    ("skipped-input", "Input files that were skipped"),
    ("no-date", "Articles without a publication date"),
    ("estimated-publication", "Articles whose publication date is only estimated"),
    ("no-outlet", "Articles without an outlet"),
    ("no-entries", "Articles that yielded no dated entries"),
    ("heavy-cleaning", "Articles the cleaner removed more than half of"),
    ("conflicting-date", "Sources that disagree on a date"),
    ("conflicting-number", "Sources that disagree on a number"),
    ("weak-date", "Entries with a weak date"),
    ("outside-span", "Entries outside the site's span"),
    ("stale-override", "Overrides that no longer change anything"),
    ("dangling-link", "Overrides that point at something missing"),
    ("stale-acknowledgement", "Acknowledgements in content/check.yaml that match no finding"),
)
WEAK_PRECISIONS = ("season", "quarter", "year")
EXCERPT = 80


GatheredLike = GatheredSite  # the parts of `sitegen.build.Gathered` a check reads


@dataclass(frozen=True)
class Finding:
    """One thing to look at: its kind, what is wrong in words, and where (file:line and/or an id)."""

    kind: str
    message: str
    path: str | None = None
    line: int | None = None
    id: str | None = None
    acknowledged: str | None = None  # the reason given in content/check.yaml, when acknowledged

    def as_dict(self) -> dict[str, object]:
        """Return the JSON form: kind, message, path, line, id, acknowledged (null when unknown or not)."""
        return {"kind": self.kind, "message": self.message, "path": self.path, "line": self.line, "id": self.id,
                "acknowledged": self.acknowledged}

    def where(self) -> str:
        """Return 'path:line', 'path' or the id, whichever is known, for the text output."""
        if self.path:
            return f"{self.path}:{self.line}" if self.line is not None else self.path
        return self.id or ""


def run_check(gathered: GatheredLike) -> list[Finding]:
    """Return every finding about a gathered site, grouped by kind in KINDS order."""
    sources = {a.id: a.source_path for a in gathered.articles if a.source_path}
    findings = [
        *_skipped(gathered.problems),
        *_articles(gathered.articles),
        *losses(gathered.articles, gathered.entries),
        *_conflicts(gathered.events),
        *_weak_dates(gathered.entries, sources),
        *_outside_span(gathered.entries, gathered.config, sources),
        *_stale_overrides(gathered.entries, gathered.overrides),
        *_dangling(gathered.entries, gathered.articles, gathered.overrides),
    ]
    order = {kind: i for i, (kind, _) in enumerate(KINDS)}
    return sorted(findings, key=lambda f: order[f.kind])  # stable: each kind keeps its input order


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1].rstrip() + "…"


def _source(entry: Entry, sources: dict[str, str]) -> str | None:
    return sources.get(entry.article) if entry.article else None


def _skipped(problems: Iterable[Problem]) -> list[Finding]:
    return [Finding("skipped-input", f"skipped: {p.message}", p.path, p.line) for p in problems]


def _articles(articles: Iterable[Article]) -> list[Finding]:
    out: list[Finding] = []
    for a in articles:
        path = a.source_path or None
        if a.published is None:
            hint = f" (suggestion only: {a.published_hint})" if a.published_hint else ""
            out.append(Finding("no-date", f"{a.id}: no publication date; add articles.{a.id}.published "
                                          f"to a file in content/overrides/{hint}", path, id=a.id))
        elif a.published_source == "estimated":
            out.append(Finding("estimated-publication", f"{a.id}: published {a.published.isoformat()} is an "
                                                 f"estimate ({a.published_evidence})", path, id=a.id))
        if a.outlet is None:
            out.append(Finding("no-outlet", f"{a.id}: no known outlet; add articles.{a.id}.outlet "
                                            "to a file in content/overrides/", path, id=a.id))
        elif a.outlet.kind == "unknown":
            out.append(Finding("no-outlet", f"{a.id}: the outlet {a.outlet.name!r} is not in the outlet registry; "
                                            "add it to content/sources.yaml (name, kind, domains)", path, id=a.id))
    return out


def losses(articles: Iterable[Article], entries: Iterable[Entry]) -> list[Finding]:
    """Articles whose body yielded no dated entry, and those the cleaner removed more than half of."""
    dated = {e.article for e in entries if e.kind != "publication" and not e.hidden}
    out: list[Finding] = []
    for a in articles:
        path = a.source_path or None
        if a.id not in dated:
            out.append(Finding("no-entries", f"{a.id}: no dated entry from its {len(a.paragraphs)} paragraphs; "
                                             f"run `sitegen extract {a.source_path or a.id}` to see its text",
                               path, id=a.id))
        removed = sum(len(r.text.split()) for r in a.removed)
        kept = sum(len(p.split()) for p in (a.title, a.standfirst or "", *a.paragraphs))
        if removed * 2 > removed + kept:
            share = round(100 * removed / (removed + kept))
            out.append(Finding("heavy-cleaning", f"{a.id}: the cleaner removed {share}% of its words ({removed} of "
                                                 f"{removed + kept}); check its removed lines with `sitegen extract`",
                               path, id=a.id))
    return out


def _conflicts(events: Iterable[Event]) -> list[Finding]:
    out: list[Finding] = []
    for event in events:
        for conflict in event.conflicts:
            values = ", ".join(conflict.values)
            ids = ", ".join(conflict.entries)
            out.append(Finding("conflicting-date" if conflict.field == "date" else "conflicting-number",
                               f"sources disagree on the {conflict.field}: {values} (entries {ids})",
                               id=event.id))
    return out


def _weak_dates(entries: Iterable[Entry], sources: dict[str, str]) -> list[Finding]:
    out: list[Finding] = []
    for e in entries:
        if e.hidden or "date" in e.corrected or "precision" in e.corrected or e.kind == "added":
            continue  # an editor has already decided about this one
        reason = None
        if e.precision in WEAK_PRECISIONS:
            reason = f"dated only to the {e.precision} ({timex.label(e.value)})"
        elif e.mention is not None and e.mention.anchor == "previous":
            reason = (f"dated from an earlier date in the article ({e.mention.text!r} -> "
                      f"{timex.label(e.value)})")
        if reason:
            out.append(Finding("weak-date", f"{e.id}: {reason}: {_excerpt(e.text)!r}", _source(e, sources),
                               id=e.id))
    return out


def _outside_span(entries: Iterable[Entry], config: SiteConfig, sources: dict[str, str]) -> list[Finding]:
    out: list[Finding] = []
    for e in entries:
        if e.hidden:
            continue
        span = timex.span(e.value)
        last = timex.span(e.end_value).last if e.end_value else span.last
        if last < config.span_start or span.first > config.span_end:
            out.append(Finding(
                "outside-span",
                f"{e.id}: {timex.range_label(e.value, e.end_value)} is outside the site's span "
                f"({config.span_start.isoformat()} to {config.span_end.isoformat()}); correct its date or "
                f"hide it: {_excerpt(e.text)!r}",
                _source(e, sources),
                id=e.id,
            ))
    return out


def _stale_overrides(entries: Iterable[Entry], overrides: Overrides) -> list[Finding]:
    out: list[Finding] = []
    by_id = {e.id: e for e in entries}
    keys = {key for key, _ in CORRECTABLE}
    for entry_id, rule in overrides.entries.items():
        entry = by_id.get(entry_id)
        if entry is None:
            continue  # apply_entries refuses these before a check can run
        asked = [k for k in keys if k in rule.lines]
        if asked and not any(k in entry.corrected for k in asked):
            out.append(Finding(
                "stale-override",
                f"entries.{entry_id}: changes nothing any more (the extracted entry already says this); "
                "remove it",
                rule.path, rule.line, entry_id,
            ))
    return out


def _dangling(entries: Sequence[Entry], articles: Sequence[Article], overrides: Overrides) -> list[Finding]:
    out: list[Finding] = []
    entry_ids = {e.id for e in entries}
    article_ids = {a.id for a in articles}
    for group in overrides.merge_sources + overrides.split_sources:
        missing = [ref for ref in group.ids if ref not in entry_ids]
        if missing:
            out.append(Finding("dangling-link", f"{group.key}: no entry has the id {', '.join(missing)}",
                               group.path, group.line, missing[0]))
    for i, added in enumerate(overrides.added):
        if added.article is not None and added.article not in article_ids:
            out.append(Finding("dangling-link", f"add[{i}].cite: the article {added.article} is not on the "
                                                "site (excluded?)", added.path,
                               added.lines.get("cite", added.line), added.id))
    return out


def format_findings(findings: Sequence[Finding]) -> str:
    """Return the human report of findings: one group per kind, the acknowledged ones last, a count line."""
    open_ = [f for f in findings if f.acknowledged is None]
    known = [f for f in findings if f.acknowledged is not None]
    if not findings:
        return "no problems found"
    lines: list[str] = []
    counts: list[str] = []
    for kind, heading in KINDS:
        group = [f for f in open_ if f.kind == kind]
        if not group:
            continue
        lines.append(f"{heading} ({len(group)}):")
        lines.extend(_finding_line(f) for f in group)
        lines.append("")
        counts.append(f"{len(group)} {kind}")
    if known:
        lines.append(f"Acknowledged in content/check.yaml ({len(known)}):")
        for f in known:
            lines.append(_finding_line(f))
            lines.append(f"    acknowledged: {f.acknowledged}")
        lines.append("")
    total = len(open_)
    summary = f"{total} finding{'s' if total != 1 else ''}" + (f" ({', '.join(counts)})" if counts else "")
    lines.append(summary + (f", {len(known)} acknowledged" if known else ""))
    return "\n".join(lines)


def _finding_line(f: Finding) -> str:
    return f"  {f.where()}: {f.message}" if f.path else f"  {f.message}"

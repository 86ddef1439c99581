"""Score sitegen.temporal.find_expressions (the TIMEX3 view of `sitegen dates`) against TimeML gold (TimeBank 1.2, AQUAINT, TBAQ-cleaned .tml files).

Run: python eval/timeml_eval.py FOLDER [-v] [--misses]

Each .tml file gives a document creation time (the TIMEX3 with functionInDocument="CREATION_TIME",
inside <DCT> or not), a text (inside <TEXT>, else everything after the creation time) and gold
TIMEX3 tags. The tagger reads the text with the creation date as publication date. Printed, by
gold TIMEX3 type, TempEval-3 style:

- extent strict: the mention's span equals the gold span (outer spaces ignored);
- extent relaxed: the spans overlap (one-to-one, greatest overlap first);
- value: a relaxed match whose value equals the gold value.

Every mention has its TIMEX3 type (DATE or TIME; the tagger returns no DURATION or SET), so a
mention on a gold DURATION is a false hit of its own type and a DURATION miss. Rows: all types
together (type ignored), "DATE+TIME" (the two types the tagger outputs, the TempEval-3 measure of
issue 15), each type, and "DATE, product forms": gold DATEs whose value is a form the tagger
returns (calendar spans, times of day, PRESENT_REF/PAST_REF/FUTURE_REF, FY2024, decades 199,
centuries 19); mentions on other gold timexes are left out of that row.
-v lists misses, false hits and wrong values with their context; --misses prints only those lists.
The .tml files are not part of this repository (TimeBank's licence does not allow it).
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sitegen.models import Mention
from sitegen.temporal import find_expressions
from sitegen.temporal.timex import span, timex_type

_TAG = re.compile(r"<(/?)([A-Za-z_][\w.-]*)([^>]*?)(/?)>", re.DOTALL)
_ATTR = re.compile(r'([\w:.-]+)\s*=\s*"([^"]*)"')
_SKIP = frozenset({"MAKEINSTANCE", "TLINK", "SLINK", "ALINK"})
ALL, PRODUCT, BOTH = "all types", "DATE, product forms", "DATE+TIME"
_OTHER_FORMS = re.compile(r"\d{4}-\d{2}-\d{2}T(?:\d{2}:\d{2}|MO|AF|EV|NI)|(?:PRESENT|PAST|FUTURE)_REF|FY\d{4}|\d{2,3}")


@dataclass(frozen=True)
class Timex:
    """A gold TIMEX3 in the plain text: offsets, text, type and value."""

    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True)
class Document:
    """One .tml file read: name, creation date, plain text and gold timexes."""

    name: str
    dct: date
    text: str
    gold: tuple[Timex, ...]


def _attrs(raw: str) -> dict[str, str]:
    return {k: html.unescape(v) for k, v in _ATTR.findall(raw)}


def read_tml(path: Path) -> Document:
    """Read a TimeML file into plain text, creation date and gold timexes (ValueError without a DCT)."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    body_from = 0
    text_tag = re.search(r"<TEXT>", raw)
    dct_value = None
    for m in _TAG.finditer(raw):
        if m[2] == "TIMEX3" and not m[1]:
            attrs = _attrs(m[3])
            if attrs.get("functionInDocument") == "CREATION_TIME":
                dct_value = attrs.get("value", "")
                close = raw.find("</TIMEX3>", m.end())
                body_from = close + len("</TIMEX3>") if close >= 0 else m.end()
                break
    if dct_value is None or not re.match(r"\d{4}-\d\d-\d\d", dct_value):
        raise ValueError(f"{path}: no creation time")
    end_at = len(raw)
    if text_tag is not None:
        body_from = text_tag.end()
        end_at = raw.find("</TEXT>", body_from)
        end_at = len(raw) if end_at < 0 else end_at
    out: list[str] = []
    size = 0
    gold: list[Timex] = []
    open_timex: tuple[int, dict[str, str]] | None = None
    pos = body_from
    for m in _TAG.finditer(raw, body_from, end_at):
        piece = html.unescape(raw[pos:m.start()])
        out.append(piece)
        size += len(piece)
        pos = m.end()
        name = m[2]
        if name in _SKIP or name == "TimeML":
            continue
        if name == "TIMEX3" and not m[1] and not m[4]:
            open_timex = (size, _attrs(m[3]))
        elif name == "TIMEX3" and m[1] and open_timex is not None:
            start, attrs = open_timex
            open_timex = None
            if attrs.get("functionInDocument", "NONE") not in ("NONE", ""):
                continue
            gold.append(Timex(start, size, "", attrs.get("type", "?"), attrs.get("value", "")))
    piece = html.unescape(raw[pos:end_at])
    out.append(piece)
    text = "".join(out)
    gold = [Timex(g.start, g.end, text[g.start:g.end], g.type, g.value) for g in gold]
    return Document(path.stem, date.fromisoformat(dct_value[:10]), text, tuple(gold))


def product_form(value: str) -> bool:
    """Tell whether a gold value is one of the forms find_expressions may return."""
    if _OTHER_FORMS.fullmatch(value):
        return True
    try:
        span(value)
    except ValueError:
        return False
    return True


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


@dataclass
class Counts:
    """Counts for one row: gold, system, strict, relaxed and value matches."""

    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0

    def prf(self, hits: int) -> tuple[float, float, float]:
        """Return precision, recall and F1 for a number of matches."""
        p = hits / self.system if self.system else 0.0
        r = hits / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class Report:
    """Rows of counts by type plus the listed errors."""

    rows: dict[str, Counts] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)
    false_hits: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    documents: int = 0
    miss_kinds: Counter[str] = field(default_factory=Counter)

    def row(self, name: str) -> Counts:
        """Return the row of a type, created empty on first use."""
        return self.rows.setdefault(name, Counts())


def _match(gold: list[Timex], mentions: list[Mention], text: str) -> list[tuple[Timex, Mention]]:
    """Pair gold and mentions one to one by greatest character overlap."""
    pairs = []
    for g in gold:
        for m in mentions:
            overlap = min(g.end, m.end) - max(g.start, m.start)
            if overlap > 0:
                pairs.append((overlap, g, m))
    pairs.sort(key=lambda p: -p[0])
    used_g: set[int] = set()
    used_m: set[int] = set()
    out = []
    for _, g, m in pairs:
        if id(g) in used_g or id(m) in used_m:
            continue
        used_g.add(id(g))
        used_m.add(id(m))
        out.append((g, m))
    return out


def _context(text: str, start: int, end: int) -> str:
    left = " ".join(text[max(0, start - 50):start].split())
    right = " ".join(text[end:end + 40].split())
    return f"{left} [{' '.join(text[start:end].split())}] {right}"


def _score(report: Report, name: str, gold: list[Timex], mentions: list[Mention], text: str,
           listing: bool) -> None:
    row = report.row(name)
    row.gold += len(gold)
    row.system += len(mentions)
    pairs = _match(gold, mentions, text)
    for g, m in pairs:
        row.relaxed += 1
        if _trim(text, g.start, g.end) == _trim(text, m.start, m.end):
            row.strict += 1
        if m.value == g.value:
            row.value += 1
        elif listing:
            report.wrong.append(f"{g.type:<8} gold {g.value:<12} ours {m.value:<10} ({m.rule}) "
                                f"{_context(text, m.start, m.end)}")
    if listing:
        matched_g = {id(g) for g, _ in pairs}
        matched_m = {id(m) for _, m in pairs}
        for g in gold:
            if id(g) not in matched_g:
                report.misses.append(f"{g.type:<8} {g.value:<12} {_context(text, g.start, g.end)}")
                report.miss_kinds[f"{g.type} {'product' if product_form(g.value) else 'other'}"] += 1
        for m in mentions:
            if id(m) not in matched_m:
                report.false_hits.append(f"{m.value:<12} ({m.rule}) {_context(text, m.start, m.end)}")


def evaluate(documents: list[Document]) -> Report:
    """Tag every document and count matches for all types, each type and the product's DATE forms."""
    report = Report(documents=len(documents))
    for doc in documents:
        mentions = find_expressions(doc.text, doc.dct)
        gold = list(doc.gold)
        _score(report, ALL, gold, mentions, doc.text, listing=False)
        _score(report, BOTH, [g for g in gold if g.type in ("DATE", "TIME")], mentions, doc.text, listing=False)
        for kind in sorted({g.type for g in gold} | {"DATE", "TIME"}):
            typed = [g for g in gold if g.type == kind]
            _score(report, kind, typed, [m for m in mentions if timex_type(m.value) == kind], doc.text,
                   listing=False)
        inside = [g for g in gold if g.type == "DATE" and product_form(g.value)]
        outside = [g for g in gold if not (g.type == "DATE" and product_form(g.value))]
        kept = [m for m in mentions if not any(g.start < m.end and m.start < g.end for g in outside)
                or any(g.start < m.end and m.start < g.end for g in inside)]
        _score(report, PRODUCT, inside, kept, doc.text, listing=False)
        sub = Report()  # listed errors: every gold timex against every mention, type ignored
        _score(sub, ALL, gold, mentions, doc.text, listing=True)
        report.misses += [f"{doc.name}: {e}" for e in sub.misses]
        report.false_hits += [f"{doc.name}: {e}" for e in sub.false_hits]
        report.wrong += [f"{doc.name}: {e}" for e in sub.wrong]
        report.miss_kinds.update(sub.miss_kinds)
    return report


def format_report(report: Report) -> str:
    """Return the table: per row gold/system counts and P/R/F1 for strict, relaxed and value."""
    lines = [f"{report.documents} documents, {report.rows[ALL].gold} gold TIMEX3",
             f"{'':<20}{'gold':>6}{'sys':>6}   {'strict P/R/F1':<20}{'relaxed P/R/F1':<20}{'value P/R/F1':<20}"]
    order = [ALL, BOTH, "DATE", "TIME", PRODUCT] + sorted(k for k in report.rows
                                                          if k not in (ALL, BOTH, "DATE", "TIME", PRODUCT))
    for name in order:
        row = report.rows[name]
        cells = []
        for hits in (row.strict, row.relaxed, row.value):
            p, r, f = row.prf(hits)
            cells.append(f"{p:.3f} {r:.3f} {f:.3f}  ")
        lines.append(f"{name:<20}{row.gold:>6}{row.system:>6}   " + "".join(cells))
    return "\n".join(lines)


def load_folder(folder: Path) -> list[Document]:
    """Read every .tml file of a folder, sorted by name."""
    paths = sorted(folder.glob("*.tml"))
    if not paths:
        raise SystemExit(f"no .tml files in {folder}")
    return [read_tml(p) for p in paths]


def main(argv: list[str] | None = None) -> int:
    """Print the score table (and the errors with -v)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses, false hits, wrong values")
    parser.add_argument("--misses", action="store_true", help="print only the error lists")
    args = parser.parse_args(argv)
    report = evaluate(load_folder(args.folder))
    if not args.misses:
        print(format_report(report))
    if args.verbose or args.misses:
        print("\nmissed gold by type (value in product forms or not):")
        for kind, n in report.miss_kinds.most_common():
            print(f"  {n:4d}  {kind}")
        for title, items in (("MISSED", report.misses), ("FALSE HITS", report.false_hits),
                             ("WRONG VALUE", report.wrong)):
            print(f"\n{title} ({len(items)})")
            print("\n".join("  " + i for i in items))
    return 0


if __name__ == "__main__":
    sys.exit(main())

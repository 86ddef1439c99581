"""Evaluation harness of the temporal tagger: precision, recall and value accuracy.

Two sets: (a) the Wikinews timeline trial set (eval/wikinews-timeline-trial/, SemEval-2015
Task 4, CC-BY 3.0), scored per gold event sentence; (b) the labelled expressions in
tests/data/temporal_cases.yaml. Run: python eval/temporal_eval.py
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sitegen.models import Mention
from sitegen.temporal import find_dates, find_expressions, reported_dates
from sitegen.temporal.timex import span, timex_type

WIKINEWS = ROOT / "eval" / "wikinews-timeline-trial"
CASES = ROOT / "tests" / "data" / "temporal_cases.yaml"
LEVELS = ("day", "week", "month", "season", "quarter", "year", "decade", "century", "fiscal", "ref", "time")
TYPES = ("DATE", "TIME")


@dataclass(frozen=True)
class Expected:
    """One labelled expression: the phrase that holds it and its value (and range end)."""

    phrase: str
    value: str
    end_value: str | None = None


@dataclass(frozen=True)
class Case:
    """A labelled sentence: publication date, text, expected dates and phrases that are never dates."""

    published: date | None
    text: str
    dates: tuple[Expected, ...]
    never: tuple[str, ...]
    timex: tuple[Expected, ...] = ()  # TIMEX3 values that differ from the calendar ones, or have none


@dataclass
class Score:
    """Counts of a run and the confusion table by precision level."""

    name: str
    expected: int = 0  # gold items with a date
    predicted: int = 0  # items the tagger dated
    correct: int = 0  # dated with the gold value
    found: int = 0  # gold items the tagger dated at all (right or wrong value)
    spurious: int = 0  # tagger dates where gold has none
    never_violations: int = 0  # "never a date" phrases the tagger dated
    never_total: int = 0
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    by_type: dict[str, list[int]] = field(default_factory=dict)  # TIMEX3 type -> [gold, predicted, correct]

    def count(self, kind: str, gold: int = 0, predicted: int = 0, correct: int = 0) -> None:
        """Add to the per-type counts."""
        row = self.by_type.setdefault(kind, [0, 0, 0])
        row[0] += gold
        row[1] += predicted
        row[2] += correct

    @property
    def precision(self) -> float:
        """Correct / predicted."""
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        """Correct / expected."""
        return self.correct / self.expected if self.expected else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall (value F1)."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def value_accuracy(self) -> float:
        """Correct / found: how often a detected expression gets the right value."""
        return self.correct / self.found if self.found else 0.0


def _value(raw: Any) -> str:
    if isinstance(raw, date):
        return raw.isoformat()
    if isinstance(raw, int):
        return f"{raw:04d}"
    return str(raw)


def load_cases(path: Path = CASES) -> list[Case]:
    """Read the labelled cases YAML."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    out = []
    for raw in data["cases"]:
        dates = []
        for phrase, value in (raw.get("dates") or {}).items():
            text = _value(value)
            start, _, end = text.partition("..")
            dates.append(Expected(str(phrase), start, end or None))
        timex = [Expected(str(phrase), _value(value)) for phrase, value in (raw.get("timex") or {}).items()]
        pub = raw.get("published")
        out.append(Case(pub if isinstance(pub, date) else None, str(raw["text"]), tuple(dates),
                        tuple(str(n) for n in raw.get("not") or ()), tuple(timex)))
    return out


def _level(value: str | None) -> str:
    """Return the precision level of a value: a calendar span's, else decade|century|fiscal|ref|time."""
    if value is None:
        return "none"
    if value.endswith("_REF"):
        return "ref"
    if value.startswith("FY"):
        return "fiscal"
    if "T" in value:
        return "time"
    if value.isdigit() and len(value) in (2, 3):
        return "century" if len(value) == 2 else "decade"
    try:
        return span(value).precision
    except ValueError:
        return "none"


def _timex_gold(case: Case) -> list[Expected]:
    """Return a case's TIMEX3 gold: its calendar dates (a range as its two halves) with the `timex` labels over them."""
    labelled = {e.phrase for e in case.timex}
    gold: list[Expected] = []
    for e in case.dates:
        if any(e.phrase in t or t in e.phrase for t in labelled):
            continue
        gold.append(Expected(e.phrase, e.value))
        if e.end_value is not None:
            gold.append(Expected(e.phrase, e.end_value))
    gold.extend(case.timex)
    return sorted(gold, key=lambda e: case.text.find(e.phrase))


def _claim(score: Score, mentions: list[Mention], claimed: set[int], exp: Expected, at: int,
           text: str) -> Mention | None:
    """Return the first unclaimed mention overlapping the gold phrase at `at` (now claimed), or count it missed."""
    score.expected += 1
    end = at + len(exp.phrase)
    hits = [i for i, m in enumerate(mentions) if m.start < end and at < m.end and i not in claimed]
    if not hits:
        score.confusion[(_level(exp.value), "missed")] += 1
        score.errors.append(f"missed {exp.phrase!r} ({exp.value}) in {text!r}")
        return None
    claimed.add(hits[0])
    score.found += 1
    return mentions[hits[0]]


def score_timex(cases: list[Case]) -> Score:
    """Score `find_expressions` (every TIMEX3 DATE and TIME) on the labelled set: value F1 by type."""
    score = Score("labelled expressions, TIMEX3 view")
    for case in cases:
        mentions = find_expressions(case.text, case.published)
        claimed: set[int] = set()
        for exp in _timex_gold(case):
            kind = timex_type(exp.value)
            score.count(kind, gold=1)
            m = _claim(score, mentions, claimed, exp, case.text.find(exp.phrase), case.text)
            if m is None:
                continue
            score.confusion[(_level(exp.value), _level(m.value))] += 1
            if m.value == exp.value:
                score.correct += 1
                score.count(kind, correct=1)
            else:
                score.errors.append(f"wrong {exp.phrase!r}: got {m.value} want {exp.value} ({m.evidence})")
        score.predicted += len(mentions)
        for i, m in enumerate(mentions):
            score.count(timex_type(m.value), predicted=1)
            if i not in claimed:
                score.spurious += 1
                score.confusion[("none", _level(m.value))] += 1
                score.errors.append(f"spurious {m.text!r} -> {m.value} ({m.rule}) in {case.text!r}")
    return score


def score_cases(cases: list[Case]) -> Score:
    """Score the tagger on labelled expressions (a mention matches a phrase it overlaps)."""
    score = Score("labelled expressions")
    for case in cases:
        mentions = find_dates(case.text, case.published)
        claimed: set[int] = set()
        cursor = 0
        for exp in case.dates:
            at = case.text.find(exp.phrase, cursor)
            if at < 0:
                at = case.text.find(exp.phrase)
            if at < 0:
                raise ValueError(f"phrase {exp.phrase!r} not in case text {case.text!r}")
            cursor = at + 1
            m = _claim(score, mentions, claimed, exp, at, case.text)
            if m is None:
                continue
            score.confusion[(_level(exp.value), m.precision)] += 1
            if m.value == exp.value and (exp.end_value is None or m.end_value == exp.end_value):
                score.correct += 1
            else:
                score.errors.append(f"wrong {exp.phrase!r}: got {m.value}"
                                    f"{'..' + m.end_value if m.end_value else ''} want {exp.value}"
                                    f"{'..' + exp.end_value if exp.end_value else ''} ({m.evidence})")
        for phrase in case.never:
            at = case.text.find(phrase)
            if at < 0:
                raise ValueError(f"phrase {phrase!r} not in case text {case.text!r}")
            score.never_total += 1
            if any(m.start < at + len(phrase) and at < m.end for m in mentions):
                score.never_violations += 1
        score.predicted += len(mentions)
        for i, m in enumerate(mentions):
            if i not in claimed:
                score.spurious += 1
                score.confusion[("none", m.precision)] += 1
                score.errors.append(f"spurious {m.text!r} -> {m.value} ({m.rule}) in {case.text!r}")
    return score


def _timeml(value: str) -> str | None:
    """Turn a TimeML gold date (2008-06-XX) into our value form (2008-06), None when unknown."""
    parts = [p for p in value.split("-") if p and "X" not in p]
    if not parts or len(parts[0]) != 4:
        return None
    return "-".join(parts)


def _nearest(mentions: list[Mention], start: int, end: int, anchor: int) -> Mention | None:
    inside = [m for m in mentions if m.start >= start and m.end <= end]
    if not inside:
        return None
    return min(inside, key=lambda m: abs(m.start - anchor))


def score_wikinews(folder: Path = WIKINEWS, clauses: bool = False) -> tuple[Score, Score]:
    """Score gold event sentences: (dates from the sentence's own expressions, with publication fallback).

    With clauses, the sentence's dates are `reported_dates`: the timeline's (a date in a
    subordinate clause gives way to the reporting date of a main clause in the past) plus the
    reporting date (the last dated report, else publication) of dateless past-tense reports.
    """
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    how = ", clauses and reporting dates" if clauses else ""
    own, fallback = Score(f"wikinews: sentence expressions{how}"), Score(f"wikinews: with publication fallback{how}")
    tagged: dict[str, tuple[str, list[Mention]]] = {}
    for event in gold["events"]:
        art = event["article"]
        published = date.fromisoformat(gold["published"][art])
        if art not in tagged:
            text = (folder / "articles" / f"{art}.txt").read_text(encoding="utf-8")
            found = reported_dates(text, published) if clauses else find_dates(text, published)
            tagged[art] = (text, found)
        text, mentions = tagged[art]
        start = text.find(event["sentence"])
        end = start + len(event["sentence"])
        word_at = text.find(event["word"], start, end)
        m = _nearest(mentions, start, end, word_at if word_at >= 0 else start)
        want = _timeml(event["date"])
        for score, value in ((own, m.value if m else None),
                             (fallback, m.value if m else published.isoformat())):
            predicted_level = _level(value) if value else "missed"
            if value is not None:
                score.predicted += 1
            if want is None:
                if value is not None:
                    score.spurious += 1
                score.confusion[("none", predicted_level if value else "none")] += 1
                continue
            score.expected += 1
            score.confusion[(_level(want), predicted_level)] += 1
            if value is None:
                continue
            score.found += 1
            if value == want:
                score.correct += 1
            elif score is own:
                score.errors.append(f"{art}: {event['sentence'][:90]!r}: got {value} "
                                    f"({m.text if m else ''!r}) want {want}")
    return own, fallback


def format_score(score: Score) -> str:
    """Return the counts, P/R/F1, value accuracy and the confusion table by precision level."""
    lines = [
        f"== {score.name}",
        (f"expected {score.expected}  predicted {score.predicted}  found {score.found}  "
         f"correct {score.correct}  spurious {score.spurious}"),
        (f"precision {score.precision:.3f}  recall {score.recall:.3f}  value F1 {score.f1:.3f}  "
         f"value accuracy {score.value_accuracy:.3f}"),
    ]
    if score.never_total:
        lines.append(f"never-a-date phrases dated: {score.never_violations} of {score.never_total}")
    for kind in sorted(score.by_type):
        gold, predicted, correct = score.by_type[kind]
        p = correct / predicted if predicted else 0.0
        rec = correct / gold if gold else 0.0
        f1 = 2 * p * rec / (p + rec) if p + rec else 0.0
        lines.append(f"{kind:<5} gold {gold:>4}  predicted {predicted:>4}  correct {correct:>4}  "
                     f"precision {p:.3f}  recall {rec:.3f}  value F1 {f1:.3f}")
    rows = [r for r in (*LEVELS, "none") if any(k[0] == r for k in score.confusion)]
    cols = [c for c in (*LEVELS, "none", "missed") if any(k[1] == c for k in score.confusion)]
    lines.append("gold \\ tagged " + "".join(f"{c:>9}" for c in cols))
    for r in rows:
        lines.append(f"{r:<14}" + "".join(f"{score.confusion[(r, c)]:>9}" for c in cols))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print both evaluations (and the errors with -v)."""
    verbose = "-v" in (argv if argv is not None else sys.argv[1:])
    cases = load_cases()
    labelled = score_cases(cases)
    print(f"{sum(len(c.dates) + len(c.never) for c in cases)} labelled expressions in {len(cases)} cases")
    for score in (labelled, score_timex(cases), *score_wikinews(), *score_wikinews(clauses=True)):
        print(format_score(score))
        if verbose:
            print("\n".join("  " + e for e in score.errors))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The evaluation harness (eval/temporal_eval.py) run with floors: accuracy must not regress."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _harness() -> ModuleType:
    spec = importlib.util.spec_from_file_location("temporal_eval", ROOT / "eval" / "temporal_eval.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["temporal_eval"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def harness() -> ModuleType:
    return _harness()


def test_labelled_set_is_large_and_covers_every_level(harness: ModuleType) -> None:
    cases = harness.load_cases()
    assert sum(len(c.dates) + len(c.never) for c in cases) >= 300
    levels = {harness._level(e.value) for c in cases for e in c.dates}
    assert levels == {"day", "week", "month", "season", "quarter", "year"}


def test_labelled_expressions_floor(harness: ModuleType) -> None:
    score = harness.score_cases(harness.load_cases())
    report = harness.format_score(score)
    print(report)
    assert score.precision >= 0.97, report
    assert score.recall >= 0.97, report
    assert score.value_accuracy >= 0.98, report
    assert score.never_violations <= 1, report


def test_timex_view_floor_by_type(harness: ModuleType) -> None:
    score = harness.score_timex(harness.load_cases())
    report = harness.format_score(score)
    print(report)
    assert set(score.by_type) == {"DATE", "TIME"}, report
    for kind, (gold, predicted, correct) in score.by_type.items():
        assert gold >= 20 and correct / gold >= 0.95 and correct / predicted >= 0.95, (kind, report)
    levels = {harness._level(e.value) for c in harness.load_cases() for e in harness._timex_gold(c)}
    assert {"ref", "decade", "century", "fiscal", "time"} <= levels


def test_timex_gold_splits_ranges_and_takes_labels_over_dates(harness: ModuleType) -> None:
    from datetime import date

    case = harness.Case(date(2024, 5, 15), "Built in 1957-58 on Friday afternoon.",
                        (harness.Expected("1957-58", "1957", "1958"), harness.Expected("Friday afternoon", "2024-05-10")),
                        (), (harness.Expected("Friday afternoon", "2024-05-10TAF"),))
    assert [(e.phrase, e.value) for e in harness._timex_gold(case)] == [
        ("1957-58", "1957"), ("1957-58", "1958"), ("Friday afternoon", "2024-05-10TAF")]
    score = harness.score_timex([case])
    assert score.by_type == {"DATE": [2, 2, 2], "TIME": [1, 1, 1]}


def test_wikinews_trial_floor(harness: ModuleType) -> None:
    own, fallback = harness.score_wikinews()
    print(harness.format_score(own))
    print(harness.format_score(fallback))
    assert own.expected == 122
    assert own.precision >= 0.50, harness.format_score(own)
    assert own.value_accuracy >= 0.55, harness.format_score(own)
    assert fallback.recall >= 0.53, harness.format_score(fallback)


def test_wikinews_clauses_and_reporting_dates_gain(harness: ModuleType) -> None:
    plain = harness.score_wikinews()[1]
    own, fallback = harness.score_wikinews(clauses=True)
    print(harness.format_score(own))
    print(harness.format_score(fallback))
    assert fallback.correct > plain.correct, harness.format_score(fallback)
    assert fallback.f1 >= 0.55, harness.format_score(fallback)
    assert own.precision >= 0.50, harness.format_score(own)


def test_confusion_table_has_a_row_per_level(harness: ModuleType) -> None:
    score = harness.Score("t", expected=2, predicted=2, correct=1, found=2)
    score.confusion[("day", "day")] += 1
    score.confusion[("month", "year")] += 1
    table = harness.format_score(score).splitlines()
    assert table[-3:] == [
        "gold \\ tagged       day     year",
        "day                   1        0",
        "month                 0        1",
    ]


def test_scoring_counts_a_wrong_value_and_a_spurious_hit(harness: ModuleType) -> None:
    from datetime import date

    case = harness.Case(date(2024, 5, 15), "Troops left on Wednesday and in 2022.",
                        (harness.Expected("on Wednesday", "2024-05-08"),), ())
    score = harness.score_cases([case])
    assert (score.expected, score.found, score.correct, score.spurious, score.predicted) == (1, 1, 0, 1, 2)


def _timeml_harness() -> ModuleType:
    spec = importlib.util.spec_from_file_location("timeml_eval", ROOT / "eval" / "timeml_eval.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["timeml_eval"] = module
    spec.loader.exec_module(module)
    return module


# A TimeML document of our own writing, TBAQ style (<DCT>, <TEXT>, EVENT tags to strip).
_TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>TEST1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2024-05-15" temporalFunction="false" functionInDocument="CREATION_TIME">2024-05-15</TIMEX3></DCT>
<TEXT>
Troops <EVENT eid="e1" class="OCCURRENCE">crossed</EVENT> the river on <TIMEX3 tid="t1" type="DATE" value="2024-05-14">Tuesday</TIMEX3> &amp; held it
for <TIMEX3 tid="t2" type="DURATION" value="P3D">three days</TIMEX3>. The <TIMEX3 tid="t3" type="DATE" value="2022">2022</TIMEX3> offensive
failed <TIMEX3 tid="t4" type="DATE" value="PAST_REF">recently</TIMEX3>, and talks resume on June 3 2023.
</TEXT>
</TimeML>
"""


def test_timeml_reader_and_scores(tmp_path: Path) -> None:
    tml = _timeml_harness()
    (tmp_path / "TEST1.tml").write_text(_TML, encoding="utf-8")
    (doc,) = tml.load_folder(tmp_path)
    assert doc.dct.isoformat() == "2024-05-15"
    assert [(g.text, g.type, g.value) for g in doc.gold] == [
        ("Tuesday", "DATE", "2024-05-14"), ("three days", "DURATION", "P3D"), ("2022", "DATE", "2022"),
        ("recently", "DATE", "PAST_REF")]
    assert "& held" in doc.text and "<EVENT" not in doc.text
    report = tml.evaluate([doc])
    rows = report.rows
    # mentions: "Tuesday", "2022", "recently" (PAST_REF; all strict), "June 3 2023" (a false hit: not in gold)
    assert (rows[tml.ALL].gold, rows[tml.ALL].system) == (4, 4)
    assert (rows[tml.ALL].strict, rows[tml.ALL].relaxed, rows[tml.ALL].value) == (3, 3, 3)
    assert (rows[tml.BOTH].gold, rows[tml.BOTH].system, rows[tml.BOTH].value) == (3, 4, 3)
    assert (rows["DATE"].gold, rows["DURATION"].gold, rows["DURATION"].relaxed) == (3, 1, 0)
    assert (rows[tml.PRODUCT].gold, rows[tml.PRODUCT].value) == (3, 3)
    assert any("June 3 2023" in line for line in report.false_hits)
    assert "all types" in tml.format_report(report)

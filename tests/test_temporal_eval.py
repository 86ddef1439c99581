"""The evaluation harness (eval/temporal_eval.py) run with floors: accuracy must not regress."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


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


def test_wikinews_trial_floor(harness: ModuleType) -> None:
    own, fallback = harness.score_wikinews()
    print(harness.format_score(own))
    print(harness.format_score(fallback))
    assert own.expected == 122
    assert own.precision >= 0.50, harness.format_score(own)
    assert own.value_accuracy >= 0.55, harness.format_score(own)
    assert fallback.recall >= 0.53, harness.format_score(fallback)


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

"""Tests for sitegen.temporal.timex: TIMEX values as calendar spans, contract fields and reader labels."""

from __future__ import annotations

from datetime import date

import pytest

from sitegen.temporal import timex


@pytest.mark.parametrize(
    ("value", "first", "last", "precision"),
    [
        ("2024-05-15", date(2024, 5, 15), date(2024, 5, 15), "day"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "month"),  # a leap February
        ("2023-02", date(2023, 2, 1), date(2023, 2, 28), "month"),
        ("2024-W19", date(2024, 5, 6), date(2024, 5, 12), "week"),  # ISO weeks start on Monday
        ("2020-W53", date(2020, 12, 28), date(2021, 1, 3), "week"),  # a week that ends in the next year
        ("2022-SP", date(2022, 3, 1), date(2022, 5, 31), "season"),
        ("2022-SU", date(2022, 6, 1), date(2022, 8, 31), "season"),
        ("2022-FA", date(2022, 9, 1), date(2022, 11, 30), "season"),
        ("2022-WI", date(2022, 12, 1), date(2023, 2, 28), "season"),  # winter runs into the next year
        ("2023-WI", date(2023, 12, 1), date(2024, 2, 29), "season"),
        ("2024-Q1", date(2024, 1, 1), date(2024, 3, 31), "quarter"),
        ("2024-Q4", date(2024, 10, 1), date(2024, 12, 31), "quarter"),
        ("2024", date(2024, 1, 1), date(2024, 12, 31), "year"),
    ],
)
def test_span(value: str, first: date, last: date, precision: str) -> None:
    assert timex.span(value) == timex.Span(first, last, precision)  # type: ignore[arg-type]
    assert timex.precision_of(value) == precision


@pytest.mark.parametrize("value", ["", "24", "2024-5", "2024-13", "2024-02-30", "2024-W54", "2024-Q5", "2024-AU",
                                   "2024-05-15T10:00", "PRESENT_REF", " 2024"])
def test_malformed_values_are_refused(value: str) -> None:
    with pytest.raises(ValueError):
        timex.span(value)


@pytest.mark.parametrize(
    ("value", "contract_date", "contract_precision", "label"),
    [
        ("2022-04-06", "2022-04-06", "day", "6 April 2022"),
        ("2024-W19", "2024-05-06", "week", "week of 6 May 2024"),
        ("2024-05", "2024-05", "month", "May 2024"),
        ("2022-FA", "2022-09", "season", "autumn 2022"),
        ("2022-WI", "2022-12", "season", "winter 2022"),
        ("2024-Q1", "2024-01", "season", "first quarter 2024"),  # the contract has no quarter: a season
        ("2024", "2024", "year", "2024"),
    ],
)
def test_contract_fields_and_labels(value: str, contract_date: str, contract_precision: str, label: str) -> None:
    assert timex.contract_date(value) == contract_date
    assert timex.contract_precision(value) == contract_precision
    assert timex.label(value) == label


@pytest.mark.parametrize(
    ("value", "end", "label"),
    [
        ("2024-05-10", None, "10 May 2024"),
        ("2024-05-10", "2024-05-10", "10 May 2024"),
        ("2024-05-10", "2024-05-12", "10 May 2024 – 12 May 2024"),
        ("2022-03", "2022-04", "March 2022 – April 2022"),
    ],
)
def test_range_label(value: str, end: str | None, label: str) -> None:
    assert timex.range_label(value, end) == label


def test_sort_key_orders_by_start_then_finer_first_then_end() -> None:
    values = ["2024", "2024-05", "2024-05-01", "2024-W18", "2024-Q2", "2024-SP", "2024-04-30", "2023-WI"]
    assert sorted(values, key=timex.sort_key) == [
        "2023-WI", "2024", "2024-SP", "2024-Q2", "2024-W18", "2024-04-30", "2024-05-01", "2024-05",
    ]

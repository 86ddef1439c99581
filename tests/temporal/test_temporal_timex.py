"""TIMEX3 forms of `sitegen dates` (issue 15), the calendar view entries use, clause attachment,
anaphora safety and the rule registry, table-driven."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sitegen.errors import ConfigError
from sitegen.models import Sentence
from sitegen.temporal import (
    entry_dates,
    find_dates,
    find_expressions,
    load_lexicon,
    mention_json,
    reported_dates,
)
from sitegen.temporal.context import split_text
from sitegen.temporal.lexicon import default_lexicon
from sitegen.temporal.patterns import compile_patterns
from sitegen.temporal.rules import RULES
from sitegen.temporal.sentence_map import SentenceMap
from sitegen.text.sentences import default_abbreviations

D = date.fromisoformat


@pytest.mark.parametrize(("text", "published", "phrase", "kind", "value"), [
    # times of day and parts of day (TIME)
    ("Sirens sounded at 15:00 GMT Saturday.", "2024-05-15", "15:00 GMT Saturday", "TIME", "2024-05-11T15:00"),
    ("The alert ended at 9 a.m. on Friday.", "2024-08-24", "9 a.m. on Friday", "TIME", "2024-08-23T09:00"),
    ("Talks resume on Monday at 3 p.m.", "2024-05-15", "Monday at 3 p.m.", "TIME", "2024-05-13T15:00"),
    ("The port was hit on Friday afternoon.", "2024-05-15", "Friday afternoon", "TIME", "2024-05-10TAF"),
    ("Shelling resumed on Sunday night.", "2024-05-13", "Sunday night", "TIME", "2024-05-12TNI"),
    ("He will speak tonight.", "2024-05-17", "tonight", "TIME", "2024-05-17TNI"),
    ("A drone hit a depot this morning.", "2024-05-17", "this morning", "TIME", "2024-05-17TMO"),
    ("Updated 24 Aug, 2024 08:41 by the desk.", "2024-08-24", "24 Aug, 2024 08:41", "TIME", "2024-08-24T08:41"),
    ("Troops crossed on the night of May 10.", "2024-05-17", "the night of May 10", "TIME", "2024-05-10TNI"),
    # references to the present, past and future (DATE)
    ("Ukraine is now fighting on two fronts.", "2024-05-15", "now", "DATE", "PRESENT_REF"),
    ("The ministry currently lists 40 villages.", "2024-05-15", "currently", "DATE", "PRESENT_REF"),
    ("Relations were tense in the past.", "2024-05-15", "the past", "DATE", "PAST_REF"),
    ("At the time, officials denied it.", "2024-05-15", "the time", "DATE", "PAST_REF"),
    ("Kyiv hopes to join in the future.", "2024-05-15", "the future", "DATE", "FUTURE_REF"),
    ("Attacks have increased recently.", "2024-05-15", "recently", "DATE", "PAST_REF"),
    # weeks, years, decades, centuries, fiscal years, ranges
    ("The past week was the deadliest.", "2024-05-15", "The past week", "DATE", "2024-W19"),
    ("The aid must be spent by the end of year.", "2024-05-15", "the end of year", "DATE", "2024"),
    ("Dams built in the 1950s are failing.", "2024-05-15", "1950s", "DATE", "195"),
    ("In the late 1980s, troops left.", "2024-05-15", "late 1980s", "DATE", "198"),
    ("It has stood since the 17th century.", "2024-05-15", "17th century", "DATE", "16"),
    ("It was built in the nineteenth century.", "2024-05-15", "nineteenth century", "DATE", "18"),
    ("Spending will rise in fiscal 2025.", "2024-05-15", "fiscal 2025", "DATE", "FY2025"),
    ("The budget for this fiscal year was cut.", "2024-05-15", "this fiscal year", "DATE", "FY2024"),
    ("The farm was founded in 1957-58.", "2024-05-15", "1957", "DATE", "1957"),
    ("The farm was founded in 1957-58.", "2024-05-15", "58", "DATE", "1958"),
    ("Fighting raged from May 10-12.", "2024-05-13", "12", "DATE", "2024-05-12"),
])
def test_timex_forms(text: str, published: str, phrase: str, kind: str, value: str) -> None:
    found = {m.text: m for m in find_expressions(text, D(published))}
    assert phrase in found, sorted(found)
    row = mention_json(found[phrase])
    assert (row["type"], row["value"]) == (kind, value)
    assert text[row["start"]:row["end"]] == phrase


@pytest.mark.parametrize(("text", "phrase"), [
    ("Prices rose over the past week.", "past week"),  # a duration
    ("In the past few years, exports fell.", "the past"),  # a duration
    ("The 21st-century army needs drones.", "century"),  # an adjective
    ("The score was 15:00 in the end.", "15:00"),  # a clock time with no day: its day is unknown
    ("Russia may have moved the missiles in 1990.", "may"),
])
def test_timex_non_expressions(text: str, phrase: str) -> None:
    assert not [m for m in find_expressions(text, D("2024-05-15")) if phrase in m.text]


@pytest.mark.parametrize(("text", "value"), [
    ("The gas contract is not due until October.", "2024-10"),
    ("The summit may take place as early as March.", "2025-03"),
    ("The new bridge will open in June.", "2024-06"),
    ("Russia may have moved the missiles in March.", "2024-03"),
    ("The talks might resume on Monday.", "2024-05-20"),
    ("The Kremlin may announce more names after Putin on Sunday nominated Belousov.", "2024-05-12"),
])
def test_tense_and_modality(text: str, value: str) -> None:
    (m,) = find_dates(text, D("2024-05-15"))
    assert m.value == value, m.evidence


def test_calendar_view_keeps_days_and_drops_references() -> None:
    text = "Now, at 15:00 GMT Saturday, the 1990s and fiscal 2025 and Friday afternoon."
    assert [(m.text, m.value, m.precision) for m in find_dates(text, D("2024-05-15"))] == [
        ("Saturday", "2024-05-11", "day"), ("fiscal 2025", "2025", "year"),
        ("Friday afternoon", "2024-05-10", "day")]


BLINKEN = ("In the midst of these developments, U.S. Secretary of State Antony Blinken visited Ukraine to offer "
           "reassurance of continued American support, announcing a $2 billion arms deal, the majority of which "
           "comes from a package approved last month.")


@pytest.mark.parametrize(("text", "expected"), [
    # every date subordinate, main clause a past report: the reporting date over the main verb
    (BLINKEN, [("visited", "2024-05-15", "reporting-date")]),
    ("Kyiv welcomed the aid, which was approved last month.", [("welcomed", "2024-05-15", "reporting-date")]),
    ("The minister has signed a deal, which was drafted in March.", [("signed", "2024-05-15", "reporting-date")]),
    ("Troops advanced with weapons from a package approved last month.",
     [("advanced", "2024-05-15", "reporting-date")]),
    # a main-clause date dates the sentence; the subordinate one may stay as its own entry
    ("On May 20, 2023, Russia took Bakhmut, which Wagner had stormed since the summer of 2022.",
     [("May 20, 2023", "2023-05-20", "month-day"), ("the summer of 2022", "2022-SU", "season-year")]),
    # no past main verb: nothing to date the main event by, the dates stay
    ("Kyiv will receive the aid, which was approved last month.", [("last month", "2024-04", "relative-period")]),
    # no subordinate clause
    ("The package was approved last month.", [("last month", "2024-04", "relative-period")]),
    ("Officials said the troops attacked last month.", [("last month", "2024-04", "relative-period")]),
])
def test_clause_attachment(text: str, expected: list[tuple[str, str, str]]) -> None:
    found = entry_dates(text, D("2024-05-15"), None, split_text(text))
    assert [(m.text, m.value, m.rule) for m in found] == expected


def test_reporting_date_needs_a_publication_date() -> None:
    found = entry_dates(BLINKEN, None, None, split_text(BLINKEN))
    assert found == []  # "last month" cannot be resolved and no reporting date is invented


@pytest.mark.parametrize(("text", "phrase", "value"), [
    ("The ministry claimed the capture on Tuesday. The strike comes a day after the claim.", "a day after",
     "2024-05-15"),
    ('Troops left on Monday. "We will return on Friday," he said. Two days later, the bridge fell.',
     "Two days later", "2024-05-15"),  # not from the quoted Friday
    ("Officials met the envoys on Monday, who had arrived on Saturday. The next day, talks collapsed.",
     "The next day", "2024-05-14"),  # not from the subordinate Saturday
    ("Missiles hit Kyiv on Monday, two days after a blast hit the bridge.", "two days after", None),
])
def test_anaphora_antecedents(text: str, phrase: str, value: str | None) -> None:
    found = {m.text: m.value for m in find_dates(text, D("2024-05-15"))}
    assert found.get(phrase) == value, found


def test_every_rule_is_one_record_and_compiles() -> None:
    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names))
    pats = compile_patterns(default_lexicon())
    assert set(pats.families) == set(names)
    for rule in RULES:  # each family is reachable from at least one of its anchor words
        assert any(pats.families[rule.name] in pats.dispatch.get(w, ()) for w in rule.anchors(
            __import__("sitegen.temporal.rules", fromlist=["Vocab"]).Vocab(default_lexicon())))


def test_sentence_map_agrees_with_the_article_sentences() -> None:
    text = "Gov. Kiper spoke on Monday. The U.S. Embassy said so.\nA new line. And another."
    given = split_text(text)
    lazy = SentenceMap(text, default_abbreviations())
    eager = SentenceMap(text, default_abbreviations(), given)
    offsets = [s.start for s in given] + [s.end - 1 for s in given]
    for a in offsets:
        assert lazy.of(a) is not None and eager.of(a) is not None
        assert (lazy.of(a).start, lazy.of(a).end) == (eager.of(a).start, eager.of(a).end)  # type: ignore[union-attr]
        for b in offsets:
            if a <= b:
                assert lazy.distance(a, b) == eager.distance(a, b)
    assert [s.text for s in given] == ["Gov. Kiper spoke on Monday.", "The U.S. Embassy said so.", "A new line.",
                                       "And another."]


def test_article_sentences_are_used_as_given() -> None:
    text = "Troops left. Talks ended on Monday."
    one = (Sentence(index=0, paragraph=0, start=0, end=len(text), text=text),)
    # one sentence as the caller split it: "Troops left" is in the sentence of "Monday"
    assert [m.value for m in entry_dates(text, D("2024-05-15"), None, one)] == ["2024-05-13"]


def test_reference_values_are_checked_at_load(tmp_path: Path) -> None:
    path = tmp_path / "temporal.yaml"
    path.write_text("references:\n  nowadays: NOW_REF\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_lexicon(tmp_path)
    assert err.value.render() == (f"{path}:2: references.nowadays: must be one of PRESENT_REF, PAST_REF, "
                                  "FUTURE_REF, not 'NOW_REF'")


@pytest.mark.parametrize(("text", "value"), [
    ("Posted 13-May-2024 by the desk.", "2024-05-13"),  # "May" has no abbreviation of its own
    ("Posted 2-Sept-2023 by the desk.", "2023-09-02"),
])
def test_loose_day_month_year_forms(text: str, value: str) -> None:
    assert [m.value for m in find_dates(text, None)] == [value]


@pytest.mark.parametrize(("text", "expected"), [
    # the reporting date is the day of the last dated report before the sentence, else publication
    ("Jobs said on Friday that refunds were ready. He admitted the deal, which was signed last month, hurt.",
     [("Friday", "2024-05-10"), ("admitted", "2024-05-10")]),
    ("Apple Corps claims that Apple violates an agreement reached in 1991.", [("claims", "2024-05-15")]),
    ("The ministry said the troops attacked last month.", [("last month", "2024-04")]),
])
def test_reporting_date_of_a_main_clause(text: str, expected: list[tuple[str, str]]) -> None:
    found = entry_dates(text, D("2024-05-15"), None, split_text(text))
    assert [(m.text, m.value) for m in found] == expected


def test_reported_dates_date_dateless_past_reports() -> None:
    text = "Jobs said on Friday that refunds were ready. He showed videos of rival phones. Phones are popular."
    assert [(m.text, m.value, m.rule) for m in reported_dates(text, D("2024-05-15"))] == [
        ("Friday", "2024-05-10", "weekday"), ("showed", "2024-05-10", "reporting-date")]

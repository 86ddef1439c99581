"""Table-driven tests of sitegen.temporal.find_dates: every form of the issue, tense, anaphora, negatives."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sitegen.errors import ConfigError
from sitegen.models import Mention
from sitegen.temporal import find_dates, format_mentions, mention_json
from sitegen.temporal.context import split_text
from sitegen.temporal.lexicon import load_lexicon
from sitegen.temporal.tagger import tag

D = date.fromisoformat


def _hit(text: str, published: date | None, phrase: str) -> Mention | None:
    """Return the mention overlapping the phrase, or None."""
    at = text.index(phrase)
    hits = [m for m in find_dates(text, published) if m.start < at + len(phrase) and at < m.end]
    assert len(hits) <= 1, hits
    return hits[0] if hits else None


# (text, published, phrase, value, precision)
ABSOLUTE = [
    ("24 Aug, 2024 08:41 US hesitant over aid", "2024-08-24", "24 Aug, 2024 08:41", "2024-08-24", "day"),
    ("Kiev launched its incursion on August 6.", "2024-08-24", "August 6", "2024-08-06", "day"),
    ("Troops crossed the border on Aug. 6 at dawn.", "2024-08-24", "Aug. 6", "2024-08-06", "day"),
    ("The operation began on 6 August 2024.", "2024-08-24", "6 August 2024", "2024-08-06", "day"),
    ("The operation began on August 6, 2024, officials said.", "2024-08-24", "August 6, 2024", "2024-08-06", "day"),
    ("The summit is scheduled for 2024-08-06.", "2024-08-01", "2024-08-06", "2024-08-06", "day"),
    ("12:12 15.05.2024 Strikes on Kharkiv", "2024-05-15", "15.05.2024", "2024-05-15", "day"),
    ("It began in February 2022.", "2024-05-17", "February 2022", "2022-02", "month"),
    ("Invaded on the 24th of February 2022.", "2024-05-17", "24th of February 2022", "2022-02-24", "day"),
    ("Heavy fighting since mid-October.", "2023-11-01", "mid-October", "2023-10", "month"),
    ("The jets arrive in early May.", "2024-04-20", "early May", "2024-05", "month"),
    ("It will be done by the end of the year.", "2024-11-20", "the end of the year", "2024", "year"),
    ("Gazprom reported a loss in the first quarter.", "2024-04-30", "the first quarter", "2024-Q1", "quarter"),
    ("Growth was 4 percent in Q2 2024.", "2024-08-01", "Q2 2024", "2024-Q2", "quarter"),
    ("The counteroffensive in the autumn of 2022 succeeded.", "2024-05-17", "the autumn of 2022", "2022-FA",
     "season"),
    ("Prices have risen since late 2021.", "2024-03-01", "late 2021", "2021", "year"),
    ("Russia annexed Crimea in 2014.", "2024-03-01", "in 2014", "2014", "year"),
    ("The 2022 invasion changed Europe.", "2024-03-01", "2022", "2022", "year"),
    ("It was signed on Monday, December 5.", "2022-12-06", "Monday, December 5", "2022-12-05", "day"),
    ("Dated 24-Aug-2024 in the registry.", "2024-08-30", "24-Aug-2024", "2024-08-24", "day"),
    ("Its third-quarter earnings rose.", "2024-11-05", "third-quarter", "2024-Q3", "quarter"),
    ("The June 2022's offensive stalled.", "2024-05-15", "June 2022", "2022-06", "month"),
    ("By mid-2025 the plant will be rebuilt.", "2024-05-15", "mid-2025", "2025", "year"),
]


@pytest.mark.parametrize(("text", "published", "value"), [
    ("Dated 24-Aug-2024 in the registry.", "2024-08-30", "2024-08-24"),
    ("It began on August the 6th, 2024.", "2024-08-30", "2024-08-06"),
    ("It began on August the 6th.", "2024-08-30", "2024-08-06"),
    ("Talks will start on September the 2nd.", "2024-08-30", "2024-09-02"),
])
def test_loose_forms_go_through_dateparser(text: str, published: str, value: str) -> None:
    (m,) = find_dates(text, D(published))
    assert (m.value, m.rule) == (value, "dateparser")
    assert m.evidence.startswith("dateparser read")


def test_a_full_stop_is_not_part_of_a_month() -> None:
    assert [m.text for m in find_dates("It happened on 13th May. Then it rained.", D("2024-05-15"))] == ["13th May"]


@pytest.mark.parametrize(("text", "published", "phrase", "value", "precision"), ABSOLUTE)
def test_absolute_forms(text: str, published: str, phrase: str, value: str, precision: str) -> None:
    m = _hit(text, D(published), phrase)
    assert m is not None, f"no date in {phrase!r}"
    assert (m.value, m.precision) == (value, precision)
    assert m.text == text[m.start:m.end]


# (text, published, phrase, value, end_value)
RANGES = [
    ("Fighting raged from May 10-12.", "2024-05-13", "May 10-12", "2024-05-10", "2024-05-12"),
    ("Bodies were found between March 29 and April 2.", "2022-04-04", "March 29 and April 2", "2022-03-29",
     "2022-04-02"),
    ("From 2022 to 2024, six million fled.", "2024-05-01", "2022 to 2024", "2022", "2024"),
    ("The plan covers the 2024-2027 period.", "2024-05-01", "2024-2027", "2024", "2027"),
    ("Voting ran from September 23 to 27.", "2022-09-21", "September 23 to 27", "2022-09-23", "2022-09-27"),
    ("Between March 29 and April 2, 2022, Bucha was occupied.", "2024-01-01", "March 29 and April 2, 2022",
     "2022-03-29", "2022-04-02"),
    ("Shelling lasted from November to March 2024.", "2024-05-15", "November to March 2024", "2023-11", "2024-03"),
    ("In March-April 2022 the siege went on.", "2024-05-15", "March-April 2022", "2022-03", "2022-04"),
]


@pytest.mark.parametrize(("text", "published", "phrase", "value", "end_value"), RANGES)
def test_ranges(text: str, published: str, phrase: str, value: str, end_value: str) -> None:
    m = _hit(text, D(published), phrase)
    assert m is not None
    assert (m.value, m.end_value) == (value, end_value)


# (text, published, phrase, value, anchor)
RELATIVE = [
    ("Sirens sounded today.", "2024-05-17", "today", "2024-05-17", "publication"),
    ("Officials said yesterday that 8,000 had left.", "2024-05-17", "yesterday", "2024-05-16", "publication"),
    ("He will speak tonight.", "2024-05-17", "tonight", "2024-05-17", "publication"),
    ("A drone hit a depot this morning.", "2024-05-17", "this morning", "2024-05-17", "publication"),
    ("Talks continue tomorrow.", "2024-07-09", "tomorrow", "2024-07-10", "publication"),
    ("Explosions were heard last night.", "2024-07-09", "last night", "2024-07-08", "publication"),
    ("They clashed on Wednesday.", "2024-05-15", "Wednesday", "2024-05-15", "publication"),
    ("The Senate passed it late Tuesday.", "2024-04-24", "late Tuesday", "2024-04-23", "publication"),
    ("The US announced Tuesday night new aid.", "2022-04-06", "Tuesday night", "2022-04-05", "publication"),
    ("Villages fell since last Friday.", "2024-05-13", "last Friday", "2024-05-10", "publication"),
    ("It was attacked last Friday.", "2024-05-10", "last Friday", "2024-05-03", "publication"),
    ("Sullivan spoke earlier this week.", "2022-04-06", "earlier this week", "2022-W14", "publication"),
    ("The offensive began last week.", "2024-05-15", "last week", "2024-W19", "publication"),
    ("A package approved last month.", "2024-05-15", "last month", "2024-04", "publication"),
    ("The economy grew last year.", "2024-01-10", "last year", "2023", "publication"),
    ("The invasion began two years ago.", "2024-02-24", "two years ago", "2022", "publication"),
    ("It was hit three days ago.", "2024-05-20", "three days ago", "2024-05-17", "publication"),
    ("Trump spoke in June.", "2024-08-24", "June", "2024-06", "publication"),
    ("Strikes intensified last summer.", "2024-06-02", "last summer", "2023-SU", "publication"),
    ("Strikes intensified last summer.", "2024-09-02", "last summer", "2024-SU", "publication"),
    ("Troops are needed by this summer.", "2024-03-02", "this summer", "2024-SU", "publication"),
    ("It ended on the night of May 10.", "2024-05-17", "the night of May 10", "2024-05-10", "publication"),
    ("Putin claimed victory in Sunday's election.", "2024-03-18", "Sunday's", "2024-03-17", "publication"),
]


@pytest.mark.parametrize(("text", "published", "phrase", "value", "anchor"), RELATIVE)
def test_relative_to_publication(text: str, published: str, phrase: str, value: str, anchor: str) -> None:
    m = _hit(text, D(published), phrase)
    assert m is not None
    assert (m.value, m.anchor) == (value, anchor)
    assert published in m.evidence


# Tense decides the direction: (text, published, phrase, value)
TENSE = [
    ("Leaders will meet on Thursday.", "2024-07-08", "Thursday", "2024-07-11"),
    ("Leaders met on Thursday.", "2024-07-08", "Thursday", "2024-07-04"),
    ("Leaders will meet on Monday.", "2024-07-08", "Monday", "2024-07-08"),
    ("Zelensky is to address the summit on Thursday.", "2024-07-08", "Thursday", "2024-07-11"),
    ("The Senate is expected to vote on Tuesday.", "2024-04-21", "Tuesday", "2024-04-23"),
    ("Ministers meet again next Friday.", "2024-07-19", "next Friday", "2024-07-26"),
    ("A new cabinet comes next week.", "2024-05-08", "next week", "2024-W20"),
    ("He travels to Europe later this month.", "2024-05-15", "later this month", "2024-05"),
    ("The jets will arrive in June.", "2024-04-10", "June", "2024-06"),
    ("The jets arrived in June.", "2024-04-10", "June", "2023-06"),
    ("Elections will be held in March.", "2024-11-01", "March", "2025-03"),
    ("The pact comes into force on July 1, the Kremlin said.", "2024-06-20", "July 1", "2024-07-01"),
    ("On Thursday, the ministers will meet in Brussels.", "2024-07-08", "Thursday", "2024-07-11"),
    ("Christmas falls on January 7 this time.", "2023-01-05", "January 7", "2023-01-07"),
    ("He was arrested on December 28.", "2023-01-05", "December 28", "2022-12-28"),
    ("Talks are set for Friday 23 August.", "2024-05-15", "Friday 23 August", "2024-08-23"),
    ("Talks were held on Friday 23 August.", "2025-01-10", "Friday 23 August", "2024-08-23"),
    ("Leaders gather this weekend.", "2024-05-15", "this weekend", "2024-W20"),
    ("Officials said on Monday they would hold talks on Thursday.", "2024-05-14", "Monday", "2024-05-13"),
    ("Officials said on Monday they would hold talks on Thursday.", "2024-05-14", "Thursday", "2024-05-16"),
    ("Officials said on Monday it will hold talks.", "2024-05-15", "Monday", "2024-05-13"),
    ("President Biden on Thursday will announce new aid.", "2024-05-14", "Thursday", "2024-05-16"),
    ("The talks, which would have taken place on Thursday, were cancelled.", "2024-05-14", "Thursday",
     "2024-05-09"),
    ("In June, Trump also made it clear that he would stop donating.", "2024-08-24", "June", "2024-06"),
    # an abbreviation's period does not end the clause: the future verb before it still counts
    ("The envoy, who landed in Tokyo on Friday, will meet U.K. Prime Minister Rishi Sunak on Monday.",
     "2023-05-20", "Monday", "2023-05-22"),
    ("Residents said Gov. Ivan Fedorov will visit the plant on Thursday.", "2024-05-14", "Thursday", "2024-05-16"),
    ("On Sunday, U.S. envoys will arrive in Kyiv.", "2024-05-15", "Sunday", "2024-05-19"),
    # keep: "U.S." before a usual sentence starter still ends the sentence, and its "will" with it
    ("Zelensky will fly to the U.S. The delegates met on Thursday.", "2024-05-15", "Thursday", "2024-05-09"),
]


@pytest.mark.parametrize(("text", "published", "phrase", "value"), TENSE)
def test_tense(text: str, published: str, phrase: str, value: str) -> None:
    m = _hit(text, D(published), phrase)
    assert m is not None
    assert m.value == value


# (text, published, phrase, value or None when it must stay undated)
ANAPHORA = [
    ("The ministry reported on Friday. The US announced the same day new aid.", "2024-08-24", "the same day",
     "2024-08-23"),
    ("They entered in February 2022. They were pushed out later that year.", "2024-05-17", "later that year",
     "2022"),
    ("Troops crossed on the night of May 10. They advanced. Vovchansk came under attack at the same time.",
     "2024-05-17", "the same time", "2024-05-10"),
    ("Rostov was seized on June 24. The mutiny ended a day later.", "2023-06-26", "a day later", "2023-06-25"),
    ("The bridge was hit on October 8. Russia retaliated two days later.", "2022-10-12", "two days later",
     "2022-10-10"),
    ("The hospital was struck on Monday. That evening, rescuers searched.", "2024-07-09", "That evening",
     "2024-07-08"),
    ("Nobody knows what the same day will bring.", "2024-05-17", "the same day", None),
    ("He was appointed in March 2022. The next day he visited the front.", "2023-03-01", "The next day", None),
    ("Kherson was freed on 11 November 2022. The following day, crowds gathered.", "2022-12-01",
     "The following day", "2022-11-12"),
    ("It was hit on May 3. Ten days later, troops left.", "2024-05-15", "Ten days later", "2024-05-13"),
    ("It began in March 2022. Three months later, it ended.", "2024-05-15", "Three months later", "2022-06"),
    ("He arrived on Monday. The previous week he was in Kyiv.", "2024-05-15", "The previous week", "2024-W19"),
    ("Ten days later, troops left.", "2024-05-15", "Ten days later", None),
    # abbreviation periods ("p.m.", "Gov.", "U.S.") are no sentence ends when counting the reach back
    (("The depot was hit on Tuesday at 9 p.m. local time. Gov. Oleh Kiper said the fire spread. Rescuers came by "
      "11 p.m. Police sealed off the area. The U.S. Embassy condemned the attack. The same day, drones hit Odesa."),
     "2024-05-16", "The same day", "2024-05-14"),
    # keep: real sentences still count, five of them are beyond the reach of four
    (("The depot was hit on Tuesday. Fire spread. Police came. Crowds gathered. Rescuers left. The same day, "
      "drones hit Odesa."), "2024-05-16", "The same day", None),
]


@pytest.mark.parametrize(("text", "published", "phrase", "value"), ANAPHORA)
def test_anaphora(text: str, published: str, phrase: str, value: str | None) -> None:
    m = _hit(text, D(published), phrase)
    if value is None:
        assert m is None
    else:
        assert m is not None and (m.value, m.anchor, m.rule) == (value, "previous", "anaphora")


# (text, published, phrase, value, anchor or None when it must stay undated): "earlier/later in the day"
# said of a report is the reporting day: the last dated report before it, else the publication day
REPORTING_DAY = [
    (("Kyiv's army chief said on Tuesday that troops held 40 villages. The offensive began on Aug. 6. The regional "
      "governor said earlier in the day that 20 villages were lost."), "2024-08-14", "the day", "2024-08-13",
     "previous"),
    (("Troops entered Sudzha on Aug. 6, the deepest incursion yet. The governor said earlier in the day that 20 "
      "villages were lost."), "2024-08-12", "the day", "2024-08-12", "publication"),
    ("The ministry said on Monday that troops advanced. Later in the day, the governor said 20 villages were lost.",
     "2024-08-13", "the day", "2024-08-12", "previous"),
    ("Troops entered Sudzha on Aug. 6. The governor said earlier in the day that villages were lost.", None,
     "the day", None, None),
    # keep: said of an event, the day just narrated
    ("Rescuers reached the village on Aug. 6. Later in the day, they found two more survivors.", "2024-08-12",
     "the day", "2024-08-06", "previous"),
    ("Rescuers reached the village on Aug. 6 and found two more survivors later in the day.", "2024-08-12",
     "the day", "2024-08-06", "previous"),
]


@pytest.mark.parametrize(("text", "published", "phrase", "value", "anchor"), REPORTING_DAY)
def test_reporting_day(text: str, published: str | None, phrase: str, value: str | None, anchor: str | None) -> None:
    m = _hit(text, D(published) if published else None, phrase)
    if value is None:
        assert m is None
    else:
        assert m is not None and (m.value, m.anchor, m.rule) == (value, anchor, "anaphora"), m


NEVER = [
    ("Russian forces may have left mines.", "may"),
    ("We are assessing that all of the Russians have left.", "We"),
    ("The crew sat in the cockpit for hours.", "sat"),
    ("US will provide an additional $2 billion to Ukraine.", "$2 billion"),
    ("The shells cost a $2 each.", "a $2"),
    ("A city with a population of one and a half million.", "one and a half million"),
    ("Confirmed only in the last 24 hours.", "24 hours"),
    ("The ceasefire should hold for two years.", "for two years"),
    ("The front has been stagnant for almost a year and a half.", "a year and a half"),
    ("Podcasts 0:00 29:39 0:00 28:21", "29:39"),
    ("Protesters plan to march on parliament.", "march"),
    ("The army may March into the capital.", "March"),
    ("Vovchansk is located just 5 kilometers (3 miles) from the border.", "5 kilometers"),
    ("More than 80 of the approximately 130 groups remain.", "80 of the approximately 130"),
    ("Each group holds between 800 to 1,000 troops.", "800 to 1,000"),
    ("The Sunday Times reported the advance.", "Sunday Times"),
    ("Russia has deployed 2000 troops to the area.", "2000 troops"),
    ("Security Council Resolution 2022 was adopted.", "Resolution 2022"),
    ("In the late 1980s, Soviet troops left.", "1980s"),
    ("May God protect our soldiers.", "May"),
    ("After two years and hundreds of thousands of casualties, little changed.", "two years"),
    ("Heating is needed during the cold season from mid-October onwards.", "mid-October"),
    ("Kishida said today's Ukraine could be tomorrow's East Asia.", "today's Ukraine"),
    ("Battles continue there to this day.", "this day"),
    ("In recent months, plants have been destroyed.", "recent months"),
    ("It seems that in the coming weeks an announcement will be made.", "the coming weeks"),
    ("Black Friday sales were down.", "Black Friday"),
    ("The EU pledged money within the next year.", "the next year"),
    ("Over the last year, prices doubled.", "the last year"),
    ("The first quarter of the match was goalless.", "first quarter"),
    ("Windows 2000 is old software.", "2000"),
    ("The strike came at 1900 GMT near the border.", "1900"),
    ("Sirens sounded from 2000 hours local time.", "2000"),
    ("Trump hosted the meeting at Mar-a-Lago.", "Mar"),
    ("Sales rose in the fiscal first quarter.", "first quarter"),
]


@pytest.mark.parametrize(("text", "phrase"), NEVER)
def test_never_a_date(text: str, phrase: str) -> None:
    assert _hit(text, D("2024-05-17"), phrase) is None


NEEDS_PUBLICATION = [
    "The offensive began on Wednesday.",
    "The package was approved last month.",
    "The jets arrive in June.",
    "Sirens sounded today.",
    "It began two years ago.",
    "Crossed the border on August 6.",
    "Strikes intensified last summer.",
]


@pytest.mark.parametrize("text", NEEDS_PUBLICATION)
def test_relative_forms_are_dropped_without_publication(text: str) -> None:
    assert find_dates(text, None) == []


def test_absolute_forms_survive_without_publication() -> None:
    text = "Russia invaded on February 24, 2022 after annexing Crimea in 2014, and struck on Monday."
    assert [(m.text, m.value) for m in find_dates(text, None)] == [
        ("February 24, 2022", "2022-02-24"), ("2014", "2014")]


def test_numeric_dates_follow_the_texts_own_stamps() -> None:
    day_first = "Posted 15.05.2024. The deal of 03/04/2024 was signed."
    month_first = "Posted 05/15/2024. The deal of 03/04/2024 was signed."
    assert [m.value for m in find_dates(day_first, None)] == ["2024-05-15", "2024-04-03"]
    assert [m.value for m in find_dates(month_first, None)] == ["2024-05-15", "2024-03-04"]
    assert find_dates("The deal of 03/04/2024 was signed.", None) == []  # no evidence: skip, never guess


def test_mentions_are_sorted_and_spans_are_exact() -> None:
    text = "On Monday, officials said the strike of May 10 and another last week killed 12 people."
    found = find_dates(text, D("2024-05-13"))
    assert [m.start for m in found] == sorted(m.start for m in found)
    assert [m.text for m in found] == ["Monday", "May 10", "last week"]
    assert all(text[m.start:m.end] == m.text for m in found)


def test_evidence_explains_a_weekday() -> None:
    m = _hit("They clashed on Wednesday.", D("2024-05-15"), "Wednesday")
    assert m is not None
    assert m.evidence == ('weekday "Wednesday" in past tense: the most recent Wednesday on or before '
                          'publication 2024-05-15')


def test_mention_json_contract() -> None:
    m = find_dates("Fighting raged from May 10-12.", D("2024-05-13"))[0]
    assert mention_json(m) == {
        "start": 20, "end": 29, "text": "May 10-12", "type": "DATE", "value": "2024-05-10", "precision": "day",
        "rule": "month-day", "evidence": m.evidence, "anchor": "publication", "end_value": "2024-05-12"}


def test_format_text_shows_hits_in_their_sentence() -> None:
    text = "Troops withdrew on Wednesday. Nothing else happened. Aid came last month."
    found = find_dates(text, D("2024-05-15"))
    out = format_mentions(text, found, D("2024-05-15"))
    assert out.splitlines()[:4] == [
        "publication date: 2024-05-15", "2 temporal expression(s)", "", "Troops withdrew on [Wednesday]."]
    assert "  [Wednesday] -> 2024-05-15 (day; weekday, anchor publication)" in out
    assert "Aid came [last month]." in out
    assert "Nothing else happened" not in out
    assert "publication date: unknown" in format_mentions(text, [], None)


def test_lexicon_extension_from_content(tmp_path: Path) -> None:
    (tmp_path / "temporal.yaml").write_text("name_phrases: [Monday Report]\n", encoding="utf-8")
    lex = load_lexicon(tmp_path)
    text = "The Monday Report said troops left on Monday."
    assert [m.start for m in tag(text, D("2024-05-15"), lex)] == [text.rindex("Monday")]
    assert len(tag(text, D("2024-05-15"))) == 2


def test_site_abbreviations_reach_the_tense_rules(tmp_path: Path) -> None:
    text = "The envoy will meet Lieut. Ivan Petrenko on Thursday."
    (m,) = find_dates(text, D("2024-05-14"))
    assert m.value == "2024-05-09"  # "Lieut." unknown: a sentence end, "will meet" is cut off
    (tmp_path / "abbreviations.yaml").write_text("never_end: [Lieut]\n", encoding="utf-8")
    (m,) = find_dates(text, D("2024-05-14"), load_lexicon(tmp_path))
    assert m.value == "2024-05-16"


@pytest.mark.parametrize(("text", "sentences"), [
    ("Gov. Oleh Kiper spoke at 9 p.m. on Monday. The U.S. Embassy said so. Troops left the U.S. The talks ended.",
     ["Gov. Oleh Kiper spoke at 9 p.m. on Monday. ", "The U.S. Embassy said so. ", "Troops left the U.S. ",
      "The talks ended."]),
    ("Talks resume on Aug. 6 in Geneva. No. 5 Brigade left. He said no. Five soldiers stayed.",
     ["Talks resume on Aug. 6 in Geneva. ", "No. 5 Brigade left. ", "He said no. ", "Five soldiers stayed."]),
    ("J. R. Smith and Maj. Gen. Ivan Popov met.\nA new line.", ["J. R. Smith and Maj. Gen. Ivan Popov met.\n",
                                                                  "A new line."]),
])
def test_the_tagger_splits_with_the_one_splitter(text: str, sentences: list[str]) -> None:
    split = split_text(text)
    assert [s.text for s in split] == [s.strip() for s in sentences]
    assert all(text[s.start:s.end] == s.text for s in split)


def test_lexicon_unknown_key_names_file_and_hint(tmp_path: Path) -> None:
    path = tmp_path / "temporal.yaml"
    path.write_text("name_phrase: [X]\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_lexicon(tmp_path)
    assert err.value.render() == f"{path}:1: name_phrase: unknown key; did you mean name_phrases?"


def test_lexicon_bad_anaphor_spec(tmp_path: Path) -> None:
    path = tmp_path / "temporal.yaml"
    path.write_text("anaphora:\n  that hour: [hour, day, 0]\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_lexicon(tmp_path)
    assert err.value.render() == f"{path}:2: anaphora.that hour: must be [needs, unit, step], e.g. [day, day, 1]"


@pytest.mark.parametrize(("text", "message"), [
    ("months:\n  Sept: nine\n", "2: months.Sept: expected a whole number, got text 'nine'"),
    ("anaphora_reach: 2.5\n", "1: anaphora_reach: expected a whole number, got the number 2.5"),
    ("# words\nname_phrases: Monday Report\n", "2: name_phrases: expected a list, got text 'Monday Report'"),
    ("name_phrases:\n  - [a, b]\n", "2: name_phrases[0]: expected a name or an id, got a list"),
    ("anaphora:\n  that week: [week, week]\n", "2: anaphora.that week: must be [needs, unit, step], e.g. [day, day, 1]"),
    ("- months\n", "1: expected a mapping (key: value lines), got a list"),
])
def test_lexicon_errors_name_line_and_key(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "temporal.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_lexicon(tmp_path)
    assert err.value.render() == f"{path}:{message}"


def test_lexicon_words_stay_as_written(tmp_path: Path) -> None:
    (tmp_path / "temporal.yaml").write_text("month_cues: [on, yes]\nseasons: {monsoon: 'SU'}\n", encoding="utf-8")
    lex = load_lexicon(tmp_path)
    assert {"on", "yes"} <= lex.month_cues and "True" not in lex.month_cues
    assert lex.seasons["monsoon"] == "SU" and lex.seasons["summer"] == "SU"


# (text, published, phrase, value): general news rules found by scoring on TimeML training files
# (TimeBank/AQUAINT); the sentences are our own.
TIMEML_RULES = [
    # hard-wrapped wire copy: a line break inside a sentence is a space for the rules
    ("Border guards detained the two men who ran the fuel smuggling ring in\nDecember for lack of papers.",
     "2024-03-10", "December", "2023-12"),
    ("The talks, officials said on Monday,\nwill resume in Geneva on Thursday with both delegations.",
     "2024-05-13", "Thursday", "2024-05-16"),
    # a colon after a day ends the date ("Saturday, April 25:"), a clock time does not
    ("The regional governor said on Saturday, May 18: the convoy left Kharkiv.", "2024-05-17",
     "Saturday, May 18", "2024-05-18"),
    # a month with this/last/next year
    ("Ukraine's parliament passed the mobilisation law in January this year.", "2024-05-15",
     "January this year", "2024-01"),
    ("The brigade withdrew from Avdiivka in February of last year.", "2025-03-01", "February of last year",
     "2024-02"),
    ("Kyiv hopes to open accession talks in March next year.", "2024-11-02", "March next year", "2025-03"),
    # "this <month>" is the month of publication's year, before or after publication
    ("The grain corridor agreement expires this September.", "2024-06-20", "this September", "2024-09"),
    ("Prices rose sharply this January, the statistics office said.", "2024-06-20", "this January", "2024-01"),
    # expectation and payment words look forward
    ("The first reconstruction tranche is expected in December.", "2024-05-15", "December", "2024-12"),
    ("The final instalment of the loan is payable Jan. 2 to bondholders.", "2024-11-20", "Jan. 2", "2025-01-02"),
    ("The talks are supposed to conclude by May.", "2024-03-01", "May", "2024-05"),
    ("The memorial service is this coming Sunday, organisers said.", "2024-05-15", "Sunday", "2024-05-19"),
    # a year before a noun it dates, after a determiner or a possessive
    ("His unsuccessful 2019 campaign for re-election split the party.", "2024-05-15", "2019", "2019"),
    ("That 2015 agreement, signed in Minsk, never held.", "2024-05-15", "2015", "2015"),
    ("Moscow's 2014 annexation of Crimea was never recognised.", "2024-05-15", "2014", "2014"),
    ("Through 2023, the front line barely moved.", "2024-05-15", "2023", "2023"),
    # years and days spelled out, as broadcast transcripts write them
    ("The plant was closed in nineteen ninety-six after the first strike.", "2024-05-15",
     "nineteen ninety-six", "1996"),
    ("Fighting in the east has gone on since twenty fourteen.", "2024-05-15", "twenty fourteen", "2014"),
    ("The border treaty was signed in two thousand and three.", "2024-05-15", "two thousand and three", "2003"),
    ("The ceasefire talks resume on March eighth in Istanbul, the mediators said.", "2024-03-01",
     "March eighth", "2024-03-08"),
    # a fiscal year is named by its year
    ("The ministry's fiscal 2023 spending on drones doubled.", "2024-05-15", "fiscal 2023", "2023"),
    # company results: "the quarter", "the latest quarter", "a year earlier" and "year-earlier"
    # refer to the quarter the report named, or to that quarter a year before
    ("Ukrainian steel output rose in the second quarter. The mill had reported a loss a year earlier.",
     "2024-08-01", "a year earlier", "2023-Q2"),
    ("Naftogaz said gas transit fell in the third quarter. Revenue in the quarter was flat.", "2024-11-01",
     "the quarter", "2024-Q3"),
    (("Grain exports grew in the first quarter. Ports handled fewer ships a year ago.\n\n"
      "In the latest quarter, insurance costs fell."), "2024-05-10", "the latest quarter", "2024-Q1"),
    ("Defence revenue doubled in the third quarter, compared with year-earlier sales of $2 billion.",
     "2024-11-01", "year-earlier", "2023-Q3"),
    (("Output fell in the third quarter and will fall in the fourth quarter. Exports in the latest quarter"
     " were flat."), "2024-11-01", "the latest quarter", "2024-Q3"),  # the latest quarter is already over
    ("The mill lost money in the 2023 second quarter.", "2024-11-01", "the 2023 second quarter", "2023-Q2"),
    ("Arms exports rose in the fourth quarter. In the year-ago quarter, they had fallen.", "2025-02-01",
     "the year-ago quarter", "2023-Q4"),
    ("Exports fell sharply in March 2024. A year earlier, they had grown.", "2024-05-15", "A year earlier",
     "2023-03"),
    # "later in the day" is the day the report was just speaking of (TimeML extent: "the day")
    ("The president spoke in Kyiv on Tuesday. He flew to Warsaw later in the day.", "2024-05-15",
     "the day", "2024-05-14"),
    # a start date ("from November 15") is future when the sentence is, however far the verb
    ("Trains would run twice a week from September 1, with a third service departing from November 15.",
     "2024-02-10", "November 15", "2024-11-15"),
    # "last February" written in March: the month just gone would have been "last month"
    ("The brigade was pulled back from the front last February.", "2024-03-05", "last February", "2023-02"),
]


@pytest.mark.parametrize(("text", "published", "phrase", "value"), TIMEML_RULES)
def test_timeml_news_rules(text: str, published: str, phrase: str, value: str) -> None:
    m = _hit(text, D(published), phrase)
    assert m is not None, f"no date in {phrase!r}"
    assert m.value == value, m.evidence
    assert m.text == text[m.start:m.end]


@pytest.mark.parametrize(("text", "phrase"), [
    ("Two engineers founded Skyline 2010, a drone maker, in Lviv.", "Skyline 2010"),  # a name with a year
    ("Fans flocked to Berlin for Euro 2024 in June.", "Euro 2024"),
    ("In today's world, no army fights without drones.", "today's world"),  # generic "today's"
    ("The brigade carried out 2000 raids along the front.", "2000 raids"),  # a count, not a year
    ("The headline read\nDecember Weather Warnings Issued", "December"),  # a short line is not wrapped
    ("Convoys leave the depot each Thursday at dawn.", "Thursday"),  # a recurring day
    ("Veterans gather in the square each June.", "June"),  # a recurring month
    ("The interview ran in USA Today on the eve of the vote.", "Today"),  # a title
    ("Doctors treated burns in two thousand cases.", "two thousand"),  # a count
    ("Thirty shells fell, nineteen twenty-one metres from the school.", "nineteen"),  # no year cue
])
def test_timeml_news_non_dates(text: str, phrase: str) -> None:
    assert _hit(text, D("2024-05-15"), phrase) is None


def test_wrapped_line_keeps_its_line_break_in_the_mention_text() -> None:
    text = "Armed men seized the village council building on April 6,\n1994, witnesses said."
    (m,) = find_dates(text, D("2024-05-15"))
    assert (m.text, m.value) == ("April 6,\n1994", "1994-04-06")

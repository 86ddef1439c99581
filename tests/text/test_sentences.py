"""Tests for sitegen.text.sentences: abbreviations, decimals, ellipses, quotes and offsets."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitegen.clean.load import load_junk
from sitegen.clean.page import clean
from sitegen.errors import ConfigError
from sitegen.reader import read_seeds
from sitegen.text import sentences

ROOT = Path(__file__).resolve().parents[2]


def split(text: str) -> list[str]:
    return [s.text for s in sentences.split_sentences((text,))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("U.S. Secretary of State Antony Blinken visited Kyiv. He met Zelensky.",
         ["U.S. Secretary of State Antony Blinken visited Kyiv.", "He met Zelensky."]),
        ("Aid arrived from the U.S. The shipment was large.",
         ["Aid arrived from the U.S.", "The shipment was large."]),
        ("U.K. and U.N. officials met. Talks went on.", ["U.K. and U.N. officials met.", "Talks went on."]),
        ("Gen. Mark Milley, Lt. Col. Smith and Sgt. Jones spoke. Mr. and Mrs. Doe listened.",
         ["Gen. Mark Milley, Lt. Col. Smith and Sgt. Jones spoke.", "Mr. and Mrs. Doe listened."]),
        ("Dr. Lee of St. Petersburg spoke. Gov. Ray and Sen. Ko agreed.",
         ["Dr. Lee of St. Petersburg spoke.", "Gov. Ray and Sen. Ko agreed."]),
        ("It began on Aug. 6 and ended Sept. 3. No. 5 was next.",
         ["It began on Aug. 6 and ended Sept. 3.", "No. 5 was next."]),
        ("The strike came at 5 a.m. on Monday. A second came at 9 p.m. Tuesday.",
         ["The strike came at 5 a.m. on Monday.", "A second came at 9 p.m. Tuesday."]),
        ("Sirens sounded at 5 p.m. The strike followed.", ["Sirens sounded at 5 p.m.", "The strike followed."]),
        ("Arms, e.g. tanks, i.e. heavy ones, etc. were sent.", ["Arms, e.g. tanks, i.e. heavy ones, etc. were sent."]),
        ("Tanks, drones, etc. The list is long.", ["Tanks, drones, etc.", "The list is long."]),
        ("Ukraine vs. Russia. Smith Corp. and Jones Inc. signed.",
         ["Ukraine vs. Russia.", "Smith Corp. and Jones Inc. signed."]),
        ("J. R. R. Tolkien wrote it. Martin Luther King Jr. spoke.",
         ["J. R. R. Tolkien wrote it.", "Martin Luther King Jr. spoke."]),
        ("Prices rose 2.5 percent to $3.75. Growth was 0.3%.", ["Prices rose 2.5 percent to $3.75.", "Growth was 0.3%."]),
        ("All they need... is our help.", ["All they need... is our help."]),
        ("\"There is nothing they cannot do. All they need... is our help.\"",
         ["\"There is nothing they cannot do.", "All they need... is our help.\""]),
        ("He waited… Then he left.", ["He waited…", "Then he left."]),
        ("Singh said on Thursday. “We’re still working,” she added.",
         ["Singh said on Thursday.", "“We’re still working,” she added."]),
        ("He said “it is over.” Then he left.", ["He said “it is over.”", "Then he left."]),
        ("He said \"it is over.\" Then he left.", ["He said \"it is over.\"", "Then he left."]),
        ("Is it over? Yes! It is.", ["Is it over?", "Yes!", "It is."]),
        ("“Is it over?” he asked.", ["“Is it over?” he asked."]),
        ("It rained (heavily.) Then it stopped.", ["It rained (heavily.)", "Then it stopped."]),
        ("The iPhone was shown on July 1. iOS followed.", ["The iPhone was shown on July 1.", "iOS followed."]),
        ("In 2022. 32 chiefs met.", ["In 2022.", "32 chiefs met."]),
        ("No final punctuation", ["No final punctuation"]),
        ("   ", []),
        ("", []),
        ("...", ["..."]),
        ("Москва заявила об этом. Киев ответил.", ["Москва заявила об этом.", "Киев ответил."]),
    ],
)
def test_split(text: str, expected: list[str]) -> None:
    assert split(text) == expected


def test_offsets_index_and_paragraphs() -> None:
    paragraphs = ("First one. Second one.", "Third one.")
    got = sentences.split_sentences(paragraphs)
    body = "\n\n".join(paragraphs)
    assert [(s.index, s.paragraph, s.start, s.end) for s in got] == [(0, 0, 0, 10), (1, 0, 11, 22), (2, 1, 24, 34)]
    assert all(body[s.start:s.end] == s.text for s in got)


def test_seed_sentences() -> None:
    junk = load_junk(ROOT / "content")
    texts: list[str] = []
    for source in read_seeds(ROOT / "seeds").files:
        article = clean(source, junk)
        got = sentences.split_sentences(article.paragraphs)
        assert all(article.body[s.start:s.end] == s.text for s in got)
        texts.extend(s.text for s in got)
    assert any(t.startswith("In the midst of these developments, U.S. Secretary of State Antony Blinken visited")
               for t in texts)
    assert not any(t.endswith("U.S.") for t in texts)
    assert any(t.endswith("Pentagon deputy spokesperson Sabrina Singh said on Thursday.") for t in texts)
    assert "All they need... is our help.\"" in texts


@given(st.lists(st.text(alphabet=st.sampled_from(list("ab .!?…\"”“'()\nU.S3 ")), max_size=60), max_size=4))
def test_never_empty_and_offsets_hold(paragraphs: list[str]) -> None:
    body = "\n\n".join(paragraphs)
    got = sentences.split_sentences(tuple(paragraphs))
    for s in got:
        assert s.text and s.text == s.text.strip() and body[s.start:s.end] == s.text
    assert [s.index for s in got] == list(range(len(got)))
    # the sentences cover every non-space character of the body, in order
    assert "".join(s.text for s in got).replace(" ", "").replace("\n", "") == \
        "".join(p.strip() for p in paragraphs).replace(" ", "").replace("\n", "")


def test_site_abbreviations_extend_the_packaged_ones(tmp_path: Path) -> None:
    (tmp_path / "abbreviations.yaml").write_text("never_end: [Oblast]\n", encoding="utf-8")
    abbr = sentences.load_abbreviations(tmp_path)
    text = ("Fighting in Kharkiv Oblast. Kupiansk was hit.",)
    assert [s.text for s in sentences.split_sentences(text)] == ["Fighting in Kharkiv Oblast.", "Kupiansk was hit."]
    assert [s.text for s in sentences.split_sentences(text, abbr)] == list(text)
    assert "gen" in abbr.never_end


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("never_ends: [x]\n", "abbreviations.yaml:1: never_ends: unknown key; did you mean never_end?"),
        ("may_end: [two words]\n", ("abbreviations.yaml:1: may_end[0]: expected one word (an abbreviation without "
                                   "its final period)")),
        ("before_number: [No]\n", ("abbreviations.yaml:1: before_number[0]: expected text, got false; put it in "
                                  "quotes if it is meant as text")),
    ],
)
def test_bad_site_abbreviations(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "abbreviations.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        sentences.load_abbreviations(tmp_path)
    assert err.value.render() == f"{tmp_path}/{message}"


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("." * 50_000, 1),  # a punctuation run is scanned once, not once per character
        ("Mr. " * 20_000, 1),
        ("It rained. " * 20_000, 20_000),
        ("“" + "a" * 50_000 + "”", 1),
    ],
)
def test_pathological_paragraphs_stay_linear(text: str, count: int) -> None:
    got = sentences.split_sentences((text,))
    assert len(got) == count
    assert got[0].start == 0 and got[-1].end == len(text.rstrip())

"""The facts the merge reads from a sentence: quantities, names, parties; a date is not a number."""

from __future__ import annotations

from dataclasses import replace

import pytest
from merge_cases import entry

from sitegen.merge.facts import facts_key
from sitegen.merge.features import MergeVocabulary, extract
from sitegen.merge.settings import default_settings
from sitegen.models import Cite, Claim, Mention, PlaceTag


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("announcing a $2 billion arms deal", [("2000000000", "USD", "$2 billion")]),
        ("will send $2bn in aid", [("2000000000", "USD", "$2bn")]),
        ("an additional 2 billion dollars", [("2000000000", "USD", "2 billion")]),
        ("2,000 million euros for Kyiv", [("2000000000", "EUR", "2,000 million")]),
        ("approved $100m for Javelins", [("100000000", "USD", "$100m")]),
        (
            "lost over 5,000 soldiers and 69 tanks",
            [("5000", "soldier", "5,000 soldiers"), ("69", "tank", "69 tanks")],
        ),
        ("killing seven people", [("7", "people", "seven people")]),
        ("inflation rose 12% in April", [("pct:12", "percent", "12%")]),
        ("since the invasion began in 2022", []),
        ("on the night of May 10 and on 6 August", []),
        ("5 kilometers (3 miles) from the border", []),
        ("one of the sides", []),
        ("the two sides clashed", [("2", "side", "two sides")]),
        ("24 Aug, 2024 08:41", []),
        ("the 10th brigade", []),
    ],
)
def test_quantities(text: str, expected: list[tuple[str, str, str]]) -> None:
    features = extract(entry("e1", "ap", "2024", text), MergeVocabulary(default_settings()))
    assert [(q.key, q.unit, q.text) for q in features.quantities] == expected


@pytest.mark.parametrize(
    ("text", "places", "names"),
    [
        (
            "In Kyiv, U.S. Secretary of State Antony Blinken's visit was brief.",
            ("kyiv",),
            {"antony", "blinken"},
        ),
        ("Blinken visited NATO headquarters in Brussels.", ("brussels",), {"nato"}),
        ("Admiral Rob Bauer said the Ukraine-NATO Council met.", (), {"rob", "bauer", "nato"}),
    ],
)
def test_names(text: str, places: tuple[str, ...], names: set[str]) -> None:
    features = extract(entry("e1", "ap", "2024", text, places), MergeVocabulary(default_settings()))
    assert features.names == names


def test_date_expression_is_not_a_number() -> None:
    text = "The package of 300 shells arrived on the 15th, officials said."
    mention = Mention(
        start=text.index("the 15th"),
        end=text.index("the 15th") + 8,
        text="the 15th",
        value="2024-05-15",
        precision="day",
        rule="r",
        evidence="",
    )
    features = extract(entry("e1", "ap", "2024-05-15", text, mention=mention, sentence_span=(0, len(text))),
                       MergeVocabulary(default_settings()))
    assert features.numbers == {"300"}


def test_parties_come_from_cites_and_claims() -> None:
    e = entry(
        "e1",
        "rt",
        "2024",
        "x",
        cites=(
            Cite("Bloomberg", "outlet", "According to Bloomberg"),
            Cite("a source", "anonymous", "a source"),
        ),
        claim=Claim("attributed", by="TASS"),
    )
    assert extract(e, MergeVocabulary(default_settings())).parties == {"bloomberg", "tass"}


BASE_ENTRY = entry("e1", "rt", "2024-05-15", "Bloomberg said 300 shells reached Kyiv.", places=("kyiv",),
                   cites=(Cite("Bloomberg", "outlet", "Bloomberg said"),), claim=Claim("attributed", by="TASS"))


@pytest.mark.parametrize(("change", "same"), [
    ({"value": "2024-05-16", "id": "e2", "article": "ap"}, True),  # what the sentence means, not what it says
    ({"places": (PlaceTag("kyiv", "Kyiv", "Kiev"),)}, False),  # spelled otherwise: other place words
    ({"places": (PlaceTag("kyiv-oblast", "Kyiv", "Kyiv"),)}, False),
    ({"places": ()}, False),
    ({"cites": (Cite("Bloomberg", "person", "Bloomberg said"),)}, False),
    ({"cites": (Cite("Bloomberg", "outlet", "Bloomberg reported"),)}, False),
    ({"cites": (Cite("Bloomberg", "outlet", "Bloomberg said", slug="bloomberg"),)}, True),  # extract never reads it
    ({"claim": Claim("attributed", by="RIA")}, False),
    ({"text": "Bloomberg said 301 shells reached Kyiv."}, False),
])
def test_equal_facts_keys_are_entries_whose_facts_are_equal(change: dict[str, object], same: bool) -> None:
    other = replace(BASE_ENTRY, **change)  # type: ignore[arg-type]
    vocabulary = MergeVocabulary(default_settings())
    assert (facts_key(other) == facts_key(BASE_ENTRY)) is same
    if same:
        assert extract(other, vocabulary) == extract(BASE_ENTRY, vocabulary)
    assert all(isinstance(part, (str, tuple, type(None))) for part in facts_key(other))
    assert all(isinstance(word, (str, int)) for part in facts_key(other) if isinstance(part, tuple) for word in part)

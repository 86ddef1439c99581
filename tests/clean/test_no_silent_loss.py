"""No silent loss: a tail marker above most of the body does not end the article."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.clean.load import load_junk
from sitegen.clean.page import clean
from sitegen.models import SourceFile

P = [
    "Russian forces struck a power plant in Kharkiv overnight, the regional governor said on Tuesday morning.",
    "Repair crews were working to restore electricity to the districts that lost power after the attack.",
    "The energy ministry said attacks on the grid had grown more frequent since the spring, straining reserves.",
    "Officials asked residents to limit their use of heavy appliances during the evening hours this week.",
    "The operator said it expected to bring the damaged units back into service by the end of the month.",
]


def _clean(lines: list[str]) -> tuple[tuple[str, ...], list[tuple[str, str]]]:
    source = SourceFile(id="a", path=Path("a.txt"), text="\n".join(lines) + "\n")
    cleaned = clean(source, load_junk(Path("/nonexistent")))
    return cleaned.paragraphs, [(r.text, r.pattern) for r in cleaned.removed]


@pytest.mark.parametrize(
    ("lines", "kept", "dropped"),
    [
        # "Trending Now" after the lede, above most of the body: only its promo lines go
        (["Kharkiv plant hit", P[0], "Trending Now", "Markets fall on rate fears", "Storm closes airport", *P[1:]],
         P, [("Trending Now", "promo-tail"), ("Markets fall on rate fears", "promo-tail"),
             ("Storm closes airport", "promo-tail")]),
        # after the body it is the page's tail: everything under it goes
        (["Kharkiv plant hit", *P, "Trending Now", "Markets fall on rate fears",
          "Analysts said the market fell sharply on Tuesday after the central bank spoke."],
         P, [("Trending Now", "promo-tail"), ("Markets fall on rate fears", "promo-tail"),
             ("Analysts said the market fell sharply on Tuesday after the central bank spoke.", "promo-tail")]),
    ],
)
def test_a_tail_marker_above_the_body_is_not_a_tail(lines: list[str], kept: list[str],
                                                     dropped: list[tuple[str, str]]) -> None:
    paragraphs, removed = _clean(lines)
    assert list(paragraphs) == kept
    assert removed == dropped

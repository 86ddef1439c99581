"""An item's fingerprint: what stands for it in sitegen.digest tells every item that renders differently apart."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date
from typing import Any

import pytest
from test_sitemodel import A2, AP, KYIV, WAPO, make_site

from sitegen.digest import Fingerprints
from sitegen.models import Phase, PlaceTag
from sitegen.site.records import Item, Source

ITEM = next(i for i in make_site().items if len(i.sources) == 2)  # the merged event: two sources


def other(name: str) -> Any:
    """Return a value of one field of ITEM that differs from its own."""
    changed: dict[str, Any] = {
        "event": replace(ITEM.event, value="2024-05-11"),
        "sources": (ITEM.sources[0], replace(ITEM.sources[1], article=A2 if ITEM.sources[1].article is not A2
                                                 else None)),
        "in_span": not ITEM.in_span, "page": "years/2024/05/index.html",
        "phase": Phase("Another phase", date(2024, 5, 1), date(2024, 5, 31), "another"),
        "outlets": (AP, WAPO) if ITEM.outlets != (AP, WAPO) else (AP,),
        "places": (KYIV, PlaceTag("lviv", "Lviv", "Lviv")), "claim": "unverified", "claim_by": "the army",
        "independent_sources": ITEM.independent_sources + 1, "estimated": not ITEM.estimated,
        "title": "Another headline", "section": "2024-W19", "sources_page": "entries/x/index.html",
    }
    return changed[name]


@pytest.mark.parametrize("name", [f.name for f in fields(Item)])
def test_a_change_to_any_field_changes_the_fingerprint(name: str) -> None:
    assert Fingerprints().of(replace(ITEM, **{name: other(name)})) != Fingerprints().of(ITEM)


def test_equal_items_have_equal_fingerprints() -> None:
    assert Fingerprints().of(replace(ITEM)) == Fingerprints().of(ITEM)
    again = next(i for i in make_site().items if i.id == ITEM.id)
    assert again is not ITEM and Fingerprints().of(again) == Fingerprints().of(ITEM)


def test_sources_whose_entries_are_not_the_events_are_digested_whole() -> None:
    swapped = replace(ITEM, sources=(Source(ITEM.sources[1].entry, ITEM.sources[0].article),
                                     Source(ITEM.sources[0].entry, ITEM.sources[1].article)))
    assert swapped.digest_values()[1] == swapped.sources
    assert ITEM.digest_values()[1] == ("articles", tuple(s.article for s in ITEM.sources))
    assert Fingerprints().of(swapped) != Fingerprints().of(ITEM)

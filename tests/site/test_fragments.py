"""Per-item text of the exports, made once per build and kept between builds under the item's fingerprint."""

from __future__ import annotations

from dataclasses import replace

import pytest
from test_sitemodel import CONFIG, make_site

from sitegen.site import exports, feeds
from sitegen.site.fragments import FragmentMemory, FragmentPayload, ItemFragments
from sitegen.site.records import Item, Site


class Cache:
    """A build cache of one payload, and the fingerprints of items by their text (equal text, equal print)."""

    def __init__(self) -> None:
        self.payload: object = None
        self.kept = 0

    def memory(self, environment: str = "env", config: str = "cfg") -> FragmentMemory:
        def keep(payload: FragmentPayload) -> None:
            self.payload, self.kept = payload, self.kept + 1
        return FragmentMemory(lambda item: repr(item), environment, config, lambda: self.payload, keep)


def made(site: Site, fragments: ItemFragments) -> dict[str, bytes]:
    """Return the four exports and the site feed of `site`, made through `fragments`."""
    out = {"timeline.json": exports.timeline_json(site, fragments), "timeline.csv": exports.timeline_csv(site, fragments),
           "timelinejs.json": exports.timelinejs_json(site, fragments),
           "timeline.ics": exports.timeline_ics(site, fragments), "feed.xml": feeds.site_feed(site, fragments)}
    fragments.finish()
    return out


def renamed(site: Site, index: int) -> Site:
    """Return the site with one item's headline changed."""
    year = site.years[-1]
    month = year.months[-1]
    items = list(month.items)
    items[index] = replace(items[index], title="A headline the editors changed")
    months = (*year.months[:-1], replace(month, items=tuple(items)))
    return replace(site, years=(*site.years[:-1], replace(year, months=months)))


def test_the_exports_are_the_same_bytes_made_afresh_or_recalled() -> None:
    site = make_site()
    fresh = made(site, ItemFragments())
    assert fresh == {"timeline.json": exports.timeline_json(site), "timeline.csv": exports.timeline_csv(site),
                     "timelinejs.json": exports.timelinejs_json(site), "timeline.ics": exports.timeline_ics(site),
                     "feed.xml": feeds.site_feed(site)}
    cache = Cache()
    assert made(site, ItemFragments(cache.memory())) == fresh and cache.kept == 1
    again = ItemFragments(cache.memory())
    assert made(site, again) == fresh
    assert again.recalled == 5 * len(site.all_items) and cache.kept == 1  # all recalled: nothing to keep anew


def test_an_edited_item_is_made_again_and_the_others_recalled() -> None:
    site, cache = make_site(), Cache()
    made(site, ItemFragments(cache.memory()))
    edited = renamed(site, 0)
    fragments = ItemFragments(cache.memory())
    out = made(edited, fragments)
    assert out == made(edited, ItemFragments())
    assert b"A headline the editors changed" in out["timeline.csv"]
    assert fragments.recalled == 5 * (len(site.all_items) - 1) and cache.kept == 2


@pytest.mark.parametrize(("environment", "config"), [("other code", "cfg"), ("env", "another base URL")])
def test_fragments_of_other_code_or_configuration_are_not_taken(environment: str, config: str) -> None:
    site, cache = make_site(), Cache()
    made(site, ItemFragments(cache.memory()))
    fragments = ItemFragments(cache.memory(environment, config))
    made(site, fragments)
    assert fragments.recalled == 0 and cache.kept == 2


def test_a_memory_that_is_not_a_payload_is_ignored() -> None:
    site, cache = make_site(), Cache()
    cache.payload = {"not": "a payload"}
    fragments = ItemFragments(cache.memory())
    assert made(site, fragments) == made(site, ItemFragments()) and fragments.recalled == 0


def test_the_next_build_keeps_only_the_items_it_has() -> None:
    site, cache = make_site(), Cache()
    made(site, ItemFragments(cache.memory()))
    assert isinstance(cache.payload, FragmentPayload)
    before = cache.payload.fragments()
    smaller = replace(site, years=site.years[:1])
    made(smaller, ItemFragments(cache.memory()))
    after = cache.payload.fragments()
    assert cache.kept == 2 and set(after) < set(before)
    assert {fp for _, fp in after} == {repr(i) for i in smaller.all_items}


def test_a_feed_entry_is_made_once_for_every_feed_that_lists_it() -> None:
    site = make_site(config=replace(CONFIG, base_url="https://example.org/war/"))
    calls: list[Item] = []
    fragments = ItemFragments()

    def entry(item: Item) -> str:
        calls.append(item)
        return f"<entry>{item.id}</entry>"

    for _ in range(3):
        assert fragments.text("atom ", site.all_items[0], entry, shared=True) == f"<entry>{site.all_items[0].id}</entry>"
    assert len(calls) == 1

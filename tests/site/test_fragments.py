"""Per-item text of the exports, made once per build and kept between builds under the item's fingerprint."""

from __future__ import annotations

import pickle
from dataclasses import replace

import pytest
from test_sitemodel import CONFIG, make_site

from sitegen import packed
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
            self.payload, self.kept = pickle.loads(pickle.dumps(payload)), self.kept + 1  # as the cache gives it back
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


def test_an_edit_keeps_the_last_payload_packed_as_it_was_with_the_fragments_made_since() -> None:
    site, cache = make_site(), Cache()
    made(site, ItemFragments(cache.memory()))
    stored = cache.payload
    edited = ItemFragments(cache.memory())
    made(renamed(site, 0), edited)
    kept = cache.payload
    assert isinstance(kept, FragmentPayload) and cache.kept == 2 and edited.made == 5
    assert kept.packed == stored.packed and len(kept.added) == 5  # not packed anew
    back = pickle.loads(pickle.dumps(kept))
    assert (back.packed, back.added) == (stored.packed, kept.added)  # pickled as it is: the few beside the packed
    assert back.fragments() == {**stored.fragments(), **kept.added}


def test_the_items_gone_stay_until_they_are_many_then_the_next_build_keeps_only_the_items_it_has(
        monkeypatch: pytest.MonkeyPatch) -> None:
    site, cache = make_site(), Cache()
    made(site, ItemFragments(cache.memory()))
    assert isinstance(cache.payload, FragmentPayload)
    before = cache.payload.fragments()
    smaller = replace(site, years=site.years[:1])
    gone = len(before) - 5 * len(smaller.all_items)
    assert gone > 5
    made(smaller, ItemFragments(cache.memory()))
    assert cache.kept == 1 and cache.payload.fragments() == before  # a few gone, nothing new: nothing to keep
    monkeypatch.setattr(packed, "PACK_FROM", gone - 1)
    made(smaller, ItemFragments(cache.memory()))
    after = cache.payload.fragments()
    assert cache.kept == 2 and set(after) < set(before)
    assert {fp for _, fp in after} == {repr(i) for i in smaller.all_items}


def test_many_fragments_made_since_the_last_packing_are_packed_with_those_used(monkeypatch: pytest.MonkeyPatch) -> None:
    site, cache = make_site(), Cache()
    made(site, ItemFragments(cache.memory()))
    monkeypatch.setattr(packed, "PACK_FROM", 4)
    made(renamed(site, 0), ItemFragments(cache.memory()))  # five made: more than PACK_FROM
    kept = cache.payload
    assert isinstance(kept, FragmentPayload) and kept.packed and not kept.added  # all packed anew
    assert len(kept.fragments()) == 5 * len(site.all_items)


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


def handed_on(payload: object) -> FragmentMemory:
    """The memory of a long-lived process: the last build's payload given, nothing kept into the cache."""
    return FragmentMemory(lambda item: repr(item), "env", "cfg", lambda: payload, None)


def test_a_long_lived_process_hands_on_the_last_payload_with_the_fragments_made_since() -> None:
    site, cache = make_site(), Cache()
    made(site, ItemFragments(cache.memory()))
    stored = pickle.loads(pickle.dumps(cache.payload))  # as the cache gives it back: packed
    assert isinstance(stored, FragmentPayload) and stored.packed and not stored.added
    first = ItemFragments(handed_on(stored))
    made(renamed(site, 0), first)  # finish keeps nothing into the cache
    fresh = first.sent()
    assert isinstance(fresh, dict) and len(fresh) == 5 and first.made == 5 and cache.kept == 1
    handed = first.handed()
    assert handed is not None and handed.packed == stored.packed and handed.added == fresh  # the packed ones as they were
    assert handed.fragments() == {**stored.fragments(), **fresh}
    later = ItemFragments(handed_on(handed))  # the next build takes the edited item's text from what was handed on
    assert made(renamed(site, 0), later) == made(renamed(site, 0), ItemFragments())
    assert later.made == 0 and later.handed() is handed  # nothing new: the same payload


def test_a_forked_childs_fragments_are_taken_by_the_parent_and_many_are_packed(
        monkeypatch: pytest.MonkeyPatch) -> None:
    site = make_site()
    child = ItemFragments(handed_on(None))
    made(site, child)
    parent = ItemFragments(handed_on(None))
    fresh = child.sent()
    assert isinstance(fresh, dict) and parent.sent() is None
    parent.take(fresh)
    handed = parent.handed()
    assert handed is not None and handed.fragments() == fresh
    assert (handed.packed, handed.added) == (b"", fresh)  # few: kept beside the packed ones
    monkeypatch.setattr(packed, "PACK_FROM", 3)  # many: the child packs all it has, and sends that
    whole = child.sent()
    assert isinstance(whole, FragmentPayload) and whole.packed and not whole.added and whole.fragments() == fresh
    parent.take(whole)
    assert parent.handed() is whole
    many = FragmentPayload("env", "cfg").adding({("csv", str(n)): b"row" for n in range(4)})
    assert many.added == {} and len(many.fragments()) == 4  # packed at once
    assert ItemFragments(handed_on(None)).handed() is None  # nothing known, nothing made
    assert ItemFragments(Cache().memory()).sent() is None  # a one-off build keeps its fragments in the cache


def test_a_payload_is_packed_when_pickled_and_read_back_whole() -> None:
    payload = FragmentPayload("env", "cfg").adding({("csv", "a"): b"1"}).adding({("csv", "b"): b"2"})
    assert payload.packed == b""
    back = pickle.loads(pickle.dumps(payload))
    assert back.added == {} and back.packed and back.fragments() == {("csv", "a"): b"1", ("csv", "b"): b"2"}

"""Atom feeds: RFC 4287 required elements, stable ids, dates derived from the entries only."""

from __future__ import annotations

import re
from dataclasses import replace
from xml.etree import ElementTree as ET

import pytest
from test_sitemodel import CONFIG, E_ADDED, MERGED, make_site

from sitegen.site.feeds import entry_uri, outlet_feed, place_feed, site_feed

A = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


def feeds() -> list[bytes]:
    site = make_site()
    return [site_feed(site), outlet_feed(site, "Associated Press"), place_feed(site, "kharkiv")]


@pytest.mark.parametrize("index", [0, 1, 2])
def test_feed_has_rfc4287_required_elements(index: int) -> None:
    root = ET.fromstring(feeds()[index])
    assert root.tag == f"{A}feed"
    for name in ("id", "title", "updated", "author"):
        assert root.find(f"{A}{name}") is not None, name
    assert root.find(f"{A}author/{A}name") is not None
    assert [link.get("rel") for link in root.findall(f"{A}link")] == ["self", "alternate"]
    assert RFC3339.match(root.findtext(f"{A}updated", ""))
    entries = root.findall(f"{A}entry")
    assert entries
    for e in entries:
        for name in ("id", "title", "updated", "content"):
            assert e.find(f"{A}{name}") is not None, name
        assert e.find(f"{A}link").get("href")  # type: ignore[union-attr]
        assert RFC3339.match(e.findtext(f"{A}updated", ""))
    ids = [e.findtext(f"{A}id") for e in entries]
    assert len(ids) == len(set(ids))


def test_feed_updated_is_latest_entry_day_not_the_clock() -> None:
    root = ET.fromstring(site_feed(make_site()))
    # The latest source publication among the entries is the 15 May 2024 article, and the
    # added 6 August 2024 entry has no article, so its own date counts.
    assert root.findtext(f"{A}updated") == "2024-08-06T00:00:00Z"
    assert site_feed(make_site()) == site_feed(make_site(build_epoch=1_900_000_000))


def test_entry_ids_are_stable_and_base_url_aware() -> None:
    site = make_site()
    assert entry_uri(site, MERGED.id) == entry_uri(make_site(events=()), MERGED.id)
    assert entry_uri(site, MERGED.id).startswith("urn:uuid:")
    based = make_site(config=replace(CONFIG, base_url="https://example.org/war/"))
    assert entry_uri(based, MERGED.id) == f"tag:example.org,2022-04-01:war/entry/{MERGED.id}"


def test_links_relative_without_base_url_absolute_with() -> None:
    root = ET.fromstring(outlet_feed(make_site(), "Associated Press"))
    assert root.find(f"{A}link[@rel='self']").get("href") == "../../sources/ap/feed.xml"  # type: ignore[union-attr]
    based = make_site(config=replace(CONFIG, base_url="https://example.org/war"))
    root = ET.fromstring(site_feed(based))
    hrefs = [link.get("href") for link in root.iter(f"{A}link")]
    assert all(h and h.startswith("https://example.org/war/") for h in hrefs)
    assert f"https://example.org/war/index.html#{E_ADDED.id}" in hrefs


def test_content_is_escaped_html() -> None:
    data = site_feed(make_site()).decode("utf-8")
    assert "<script>" not in data
    root = ET.fromstring(data)
    contents = [e.findtext(f"{A}content", "") for e in root.iter(f"{A}entry")]
    assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in c for c in contents)
    assert all(e.get("type") == "html" for e in root.iter(f"{A}content"))


@pytest.mark.parametrize("limit", [1, 2, 100])
def test_a_feed_holds_the_newest_entries_up_to_the_sites_feed_entries(limit: int) -> None:
    every = make_site()
    site = make_site(config=replace(CONFIG, feed_entries=limit))
    newest = sorted(every.all_items, key=lambda i: (i.updated, i.id), reverse=True)
    root = ET.fromstring(site_feed(site))
    assert [e.findtext(f"{A}id") for e in root.findall(f"{A}entry")] == \
        [entry_uri(site, i.id) for i in newest[:limit]]
    assert root.findtext(f"{A}updated") == ET.fromstring(site_feed(every)).findtext(f"{A}updated")

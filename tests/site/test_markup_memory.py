"""Item markup kept between builds: reused for equal items only, dropped with the templates or site fields it came from."""

from __future__ import annotations

import pickle
from pathlib import Path

import jinja2
import pytest
from markupsafe import Markup
from test_sitemodel import make_site

from sitegen import packed
from sitegen.digest import Fingerprints
from sitegen.site.markup import ROOT_MARK, ItemMarkup, MarkupMemory, MarkupPayload, SiteRecorder
from sitegen.site.records import Item
from sitegen.site.render import make_environment

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def memory(previous: object = None, environment: str = "env-1", values: dict[str, str] | None = None) -> MarkupMemory:
    """A memory whose site fields have the given values (name -> value), fingerprinting as a build does."""
    prints = Fingerprints(shared=(Item,))
    shown = values if values is not None else {"kind_labels": "labels-1"}
    return MarkupMemory(environment, prints.of, lambda names: prints.of([(n, shown.get(n)) for n in names]),
                        lambda: previous)


def made_once() -> tuple[MarkupPayload, Item]:
    """The payload a first build leaves after rendering one item, as the cache gives it back (pickled)."""
    first = memory()
    item = make_site().items[0]
    first.read = {"kind_labels"}
    first.put(item, 4, "<li>first</li>")
    payload = first.payload(make_site().items)
    assert payload is not None
    back: MarkupPayload = pickle.loads(pickle.dumps(payload))
    return back, item


def test_an_equal_item_gets_the_markup_an_earlier_build_made() -> None:
    payload, _ = made_once()
    later = memory(payload)
    again = make_site().items[0]  # another object, an equal value
    assert later.get(again, 4) == "<li>first</li>"
    assert (later.recalled, later.fields) == (1, frozenset({"kind_labels"}))
    assert later.get(again, 3) is None
    assert later.get(make_site().items[1], 4) is None


def test_markup_of_other_templates_or_other_site_fields_is_dropped() -> None:
    payload, item = made_once()
    assert memory(payload, environment="env-2").get(item, 4) is None
    assert memory(payload, values={"kind_labels": "labels-2"}).get(item, 4) is None
    assert memory(["not", "a", "payload"]).get(item, 4) is None


def test_the_payload_keeps_the_markup_of_the_sites_items_only() -> None:
    payload, _ = made_once()
    later = memory(payload)
    assert later.payload(make_site().items) is None  # nothing made: nothing to store again
    later.put(make_site().items[1], 4, "<li>second</li>")
    kept = later.payload([make_site().items[1]])
    assert kept is not None and sorted(kept.markup.values()) == [b"<li>second</li>"]
    both = later.payload(make_site().items)
    assert both is not None and sorted(both.markup.values()) == [b"<li>first</li>", b"<li>second</li>"]


def test_a_payload_keeps_its_markup_unpacked_in_memory_and_is_stored_packed_only() -> None:
    first = memory()
    item = make_site().items[0]
    first.put(item, 4, "<li>first</li>")
    payload = first.payload(make_site().items)
    assert payload is not None and payload.unpacked == {(first._fingerprint(item), 4): b"<li>first</li>"}
    assert payload.packed == b""  # packed only when stored: a long-lived process may never store it
    stored: MarkupPayload = pickle.loads(pickle.dumps(payload))
    assert stored.unpacked is None and stored.markup == payload.unpacked and stored == payload
    assert stored.markup is stored.markup  # unpacked once, then kept with the payload


def test_markup_from_memory_counts_as_reading_the_fields_it_was_made_from() -> None:
    payload, _ = made_once()
    site = make_site()
    recorder = SiteRecorder(site)
    env: jinja2.Environment = make_environment(TEMPLATES)
    markup = ItemMarkup(env, recorder, memory=memory(payload))
    shown = markup(site.items[0], "../", 4)
    assert shown == "<li>first</li>" and isinstance(shown, Markup)  # not escaped again where a template shows it
    assert recorder._recorded == {"kind_labels"}


def test_markup_made_now_is_remembered_with_the_fields_the_macros_read() -> None:
    site = make_site()
    recorder = SiteRecorder(site)
    mem = memory()
    markup = ItemMarkup(make_environment(TEMPLATES), recorder, memory=mem)
    html = markup(site.items[0], "../", 4)
    made = mem.made[(mem._fingerprint(site.items[0]), 4)]  # once for every root: the mark stands for it
    assert html.startswith("<li") and ROOT_MARK in made and made.replace(ROOT_MARK, "../") == html
    assert markup(site.items[0], "../../", 4) == made.replace(ROOT_MARK, "../../") and len(mem.made) == 1
    assert 'href="../../places/' in markup(site.items[0], "../../", 4)
    payload = mem.payload(site.items)
    assert payload is not None and payload.fields == frozenset(recorder._recorded)


def test_many_items_are_the_markup_of_each_followed_by_a_newline() -> None:
    site = make_site()
    markup = ItemMarkup(make_environment(TEMPLATES), site)
    items = site.items[:3]
    many = markup.many(items, "../<x>/", 3)
    assert isinstance(many, Markup) and "&lt;x&gt;" in many  # the root is escaped, as item_html escapes it
    assert many == "".join(markup(item, "../<x>/", 3) + "\n" for item in items)
    assert markup.many((), "../", 3) == ""


def test_the_item_list_macro_writes_what_a_loop_over_item_html_wrote() -> None:
    site = make_site()
    env = make_environment(TEMPLATES)
    markup = ItemMarkup(env, site)
    env.globals.update(item_html=markup, items_html=markup.many, site=site)
    loop = env.from_string('<ol class="items">\n{% for item in items %}\n{{ item_html(item, root, level) }}\n'
                           '{% endfor %}\n</ol>')
    macro = env.from_string('{% import "_macros.html" as m %}{{ m.item_list(items, root, level) }}')
    for items in (site.items, site.items[:1], ()):
        assert macro.render(items=items, root="../", level=3) == loop.render(items=items, root="../", level=3)


def test_an_edit_keeps_the_last_payload_packed_as_it_was_with_the_markup_made_beside_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    stored, _ = made_once()
    later = memory(stored)
    assert later.get(make_site().items[0], 4) == "<li>first</li>"
    later.put(make_site().items[1], 4, "<li>second</li>")
    kept = later.payload(make_site().items)
    assert kept is not None and kept.packed == stored.packed and list(kept.added.values()) == [b"<li>second</li>"]
    back: MarkupPayload = pickle.loads(pickle.dumps(kept))  # stored as it is: the packed bytes, the new beside them
    assert (back.packed, back.added) == (kept.packed, kept.added)
    assert sorted(back.markup.values()) == [b"<li>first</li>", b"<li>second</li>"] == sorted(kept.markup.values())
    monkeypatch.setattr(packed, "PACK_FROM", 0)  # the one item gone is many: the site's items' markup, packed anew
    again = memory(back)
    assert again.get(make_site().items[0], 4) == "<li>first</li>"
    again.put(make_site().items[2], 4, "<li>third</li>")
    fresh = again.payload(make_site().items[1:])
    assert fresh is not None and fresh.packed == b"" and not fresh.added
    assert sorted(fresh.markup.values()) == [b"<li>second</li>", b"<li>third</li>"]

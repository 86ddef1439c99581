"""The records a long-lived process hands from one site model to the next: the same model, its unchanged records reused."""

from __future__ import annotations

from dataclasses import replace

from sitegen.models import Article, Event
from sitegen.site.model import Item, Site, build_site
from sitegen.site.reuse import Reuse
from tests.site.test_sitemodel import A1, ARTICLES, CONFIG, E_DAY, EVENTS, MERGED, PLACES

CONTEXT = (CONFIG, "knowledge-digest")


def model(events: tuple[Event, ...] = EVENTS, articles: tuple[Article, ...] = ARTICLES,
          reuse: Reuse | None = None) -> Site:
    """Return the model of the shared test site, reusing what `reuse` holds."""
    return build_site(CONFIG, articles, events, PLACES, build_epoch=None, reuse=reuse)


def items(site: Site) -> dict[str, Item]:
    """Return the site's items by event id."""
    return {i.id: i for i in site.all_items}


def test_an_unchanged_model_is_made_of_the_last_builds_very_records() -> None:
    first = Reuse(CONTEXT)
    before = model(reuse=first)
    again = Reuse(CONTEXT, first)
    after = model(reuse=again)
    assert after == before == model()  # the same model as one made without reuse
    assert all(items(after)[k] is v for k, v in items(before).items())
    assert all(a is b for a, b in zip(after.articles, before.articles))
    assert all(a is b for a, b in zip(after.outlets, before.outlets)) and after.outlets
    assert all(a is b for a, b in zip(after.places, before.places)) and after.places
    assert all(a is b for a, b in zip(after.years, before.years)) and after.years
    assert again.reused == len(items(before)) + len(before.articles) + len(before.outlets) + len(before.places) + \
        len(before.years)


def test_a_changed_event_or_article_gets_a_new_item_and_the_rest_are_reused() -> None:
    first = Reuse(CONTEXT)
    before = items(model(reuse=first))
    retitled = replace(MERGED, headline="Russia opens a front near Kharkiv")
    events = tuple(retitled if e is MERGED else e for e in EVENTS)
    renamed = replace(A1, title="A new title")
    articles = tuple(renamed if a is A1 else a for a in ARTICLES)
    site = model(events, articles, Reuse(CONTEXT, first))
    assert site == model(events, articles)
    after = items(site)
    from_a1 = {k for k, v in before.items() if any(s.article is A1 for s in v.sources)}
    assert MERGED.id in from_a1 and E_DAY.id == MERGED.id
    assert {k for k in after if after[k] is not before.get(k)} == from_a1  # A1's items (the merged one among them)
    assert after[MERGED.id].title == "Russia opens a front near Kharkiv"


def test_nothing_is_reused_in_another_context() -> None:
    first = Reuse(CONTEXT)
    before = items(model(reuse=first))
    other = Reuse((CONFIG, "other knowledge"), first)
    after = items(model(reuse=other))
    assert other.reused == 0 and all(after[k] is not v and after[k] == v for k, v in before.items())

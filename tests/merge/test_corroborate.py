"""Corroboration: an undated sentence joins a dated event of another article that it clearly reports."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from sitegen.badges.places import load_places
from sitegen.merge.corroborate import corroborate
from sitegen.merge.settings import default_settings
from sitegen.models import CORROBORATION, Article, Entry, Event, OutletRef, Sentence

AP = OutletRef("Associated Press", "AP", "wire", "ap")
GAZE = OutletRef("The Gaze", "The Gaze", "online", "the-gaze")
DATED = "Blinken announced $2 billion in foreign military financing for Ukraine on Wednesday."


def article(aid: str, text: str, published: date | None, outlet: OutletRef) -> Article:
    return Article(id=aid, title=aid, paragraphs=(text,), sentences=(Sentence(0, 0, 0, len(text), text),),
                   published=published, published_source="override", published_evidence="", outlet=outlet)


def event(value: str = "2024-05-15") -> Event:
    e = Entry(id="e-dated", article="a-dated", value=value, precision="day", text=DATED, sentence_index=0)
    return Event(id=e.id, value=value, precision="day", entries=(e,))


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return load_places(tmp_path_factory.mktemp("content"))


@pytest.mark.parametrize(
    ("text", "published", "joins"),
    [
        # a shared figure and a shared name: the same announcement
        ("Blinken also announced a new fund, with an additional $2 billion in military financing.",
         date(2024, 5, 17), True),
        # the figure alone is not enough
        ("The city budget grew by $2 billion.", date(2024, 5, 17), False),
        # another figure: not the same thing
        ("Blinken also announced a new fund of $3 billion in military financing.", date(2024, 5, 17), False),
        # outside the article's reporting window (the event is months before it)
        ("Blinken also announced a new fund, with an additional $2 billion in military financing.",
         date(2024, 9, 30), False),
        # published before the event: it cannot report it
        ("Blinken also announced a new fund, with an additional $2 billion in military financing.",
         date(2024, 5, 1), False),
        # no publication date: no window
        ("Blinken also announced a new fund, with an additional $2 billion in military financing.", None, False),
    ],
)
def test_corroboration(places, text: str, published: date | None, joins: bool) -> None:  # type: ignore[no-untyped-def]
    arts = (article("a-dated", DATED, date(2024, 5, 15), AP), article("a-undated", text, published, GAZE))
    (got,) = corroborate((event(),), arts, places, default_settings())
    assert got.value == "2024-05-15"  # never a new date
    if not joins:
        assert got == event()
        return
    assert [e.kind for e in got.entries] == ["statement", CORROBORATION]
    assert got.entries[1].article == "a-undated" and got.entries[1].value == "2024-05-15"
    assert got.independent_sources == 2


def test_a_sentence_of_the_events_own_article_never_corroborates_it(places) -> None:  # type: ignore[no-untyped-def]
    text = DATED + " Blinken also announced $2 billion more in military financing."
    art = Article(id="a-dated", title="t", paragraphs=(text,),
                  sentences=(Sentence(0, 0, 0, len(DATED), DATED), Sentence(1, 0, len(DATED) + 1, len(text),
                                                                            text[len(DATED) + 1:])),
                  published=date(2024, 5, 15), published_source="override", published_evidence="", outlet=AP)
    assert corroborate((event(),), (art,), places, default_settings()) == (event(),)


def test_seed_site_shows_the_two_billion_announcement_once_with_both_articles() -> None:
    from sitegen.build import Paths, gather

    root = Path(__file__).resolve().parents[2]
    gathered = gather(Paths(root / "seeds", root / "content", root / "public-unused", root / "templates"))
    hits = [ev for ev in gathered.events if any("foreign military financing" in e.text for e in ev.entries)]
    assert len(hits) == 1  # the announcement once, from the dated headline and The Gaze's undated sentence
    assert [(e.article, e.kind) for e in hits[0].entries] == [("000_78a07b355fdcaa3e", "publication"),
                                                              ("001_7e86e347368b4871", CORROBORATION)]
    assert hits[0].value == "2024-05-15" and hits[0].independent_sources == 2


def test_the_facts_the_merge_read_of_the_very_entry_are_taken(places, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from sitegen.merge import corroborate as module
    from sitegen.merge.facts import read_facts
    from sitegen.merge.features import MergeVocabulary

    text = "Blinken also announced a new fund, with an additional $2 billion in military financing."
    arts = (article("a-dated", DATED, date(2024, 5, 15), AP), article("a-undated", text, date(2024, 5, 17), GAZE))
    dated = event()
    fresh = corroborate((dated,), arts, places, default_settings())
    read = {id(e): (e, f) for e, f in zip(dated.entries, read_facts(dated.entries, MergeVocabulary(default_settings())))}
    asked: list[int] = []
    real = module.read_facts
    monkeypatch.setattr(module, "read_facts", lambda entries, *a: asked.append(len(entries)) or real(entries, *a))
    assert corroborate((dated,), arts, places, default_settings(), read=read) == fresh
    assert asked == [0]  # the event's entry was the merge's: nothing read again
    equal = {id(e): (replace(e), f) for e, f in read.values()}  # an equal entry, not the same record
    assert corroborate((dated,), arts, places, default_settings(), read=equal) == fresh
    assert asked == [0, 1]


def test_the_sentences_with_a_figure_are_taken_for_the_very_same_article(places) -> None:  # type: ignore[no-untyped-def]
    text = "Blinken also announced a new fund, with an additional $2 billion in military financing."
    arts = (article("a-dated", DATED, date(2024, 5, 15), AP), article("a-undated", text, date(2024, 5, 17), GAZE))
    fresh = corroborate((event(),), arts, places, default_settings())
    first: dict[int, Any] = {}
    assert corroborate((event(),), arts, places, default_settings(), figures=({}, first)) == fresh
    assert {a.id: first[id(a)][1] for a in arts} == {"a-dated": (0,), "a-undated": (0,)}
    again: dict[int, Any] = {}
    assert corroborate((event(),), arts, places, default_settings(), figures=(first, again)) == fresh
    assert all(again[id(a)][1] is first[id(a)][1] for a in arts)  # taken, not searched again
    other = tuple(replace(a) for a in arts)  # equal records, not the same: searched again
    later: dict[int, Any] = {}
    assert corroborate((event(),), other, places, default_settings(), figures=(again, later)) == fresh
    assert all(later[id(a)][1] is not again[id(b)][1] for a, b in zip(other, arts))

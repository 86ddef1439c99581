"""The per-article stage: publication facts, entries, ids, estimated dates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sitegen.article import (
    entry_id,
    locate,
    process_article,
    publication_entry_id,
    resolve_publication,
    without_location,
)
from sitegen.errors import ConfigError
from sitegen.knowledge import Knowledge, load_knowledge
from sitegen.models import Correction, SourceFile
from sitegen.overrides.records import ArticleOverride, unplaced
from sitegen.text.normalize import id_key, slugify


@pytest.fixture(scope="module")
def knowledge(tmp_path_factory: pytest.TempPathFactory) -> Knowledge:
    return load_knowledge(tmp_path_factory.mktemp("content"))


def source(text: str, sid: str = "story") -> SourceFile:
    return SourceFile(id=sid, path=Path(f"seeds/{sid}.txt"), text=text)


def override(**fields: object) -> ArticleOverride:
    base: dict[str, object] = {"id": "story", "published": None, "published_estimated": False, "published_reason": None,
                                   "outlet": None, "via": None, "title": None, "url": None, "exclude": False,
                                   "source": "content/overrides/a.yaml:2", "path": "content/overrides/a.yaml",
                                   "line": 2}
    base.update(fields)
    return ArticleOverride(**base)  # type: ignore[arg-type]


STORY = """Talks resume in Istanbul

ISTANBUL, March 9, 2023 — Delegations met again on Tuesday, a month after talks stalled in February.

Negotiators said they may meet once more, but no date was set.

The first round was held in 2022 and a second round on Tuesday."""


def test_entries_of_a_dated_story(knowledge: Knowledge) -> None:
    result = process_article(source(STORY), None, knowledge)
    got = [(e.kind, e.value, e.precision, e.mention.text if e.mention else None) for e in result.entries]
    assert got == [
        ("publication", "2023-03-09", "day", None),
        ("statement", "2023-03-07", "day", "Tuesday"),
        ("statement", "2023-02", "month", "February"),
        ("statement", "2022", "year", "2022"),
        ("statement", "2023-03-07", "day", "Tuesday"),
    ]
    assert result.article.published == date(2023, 3, 9)
    assert result.article.published_source == "text"


def test_mention_and_sentence_offsets_point_into_the_body(knowledge: Knowledge) -> None:
    result = process_article(source(STORY), None, knowledge)
    body = result.article.body
    checked = 0
    for e in result.entries:
        if e.mention is not None:
            assert e.sentence_span is not None and body[slice(*e.sentence_span)] == e.text
            assert body[e.mention.start:e.mention.end] == e.mention.text
            assert e.mention_span is not None and e.text[slice(*e.mention_span)] == e.mention.text
            checked += 1
    assert checked > 0


def test_undated_article_yields_no_relative_entries(knowledge: Knowledge) -> None:
    text = "Talks resume\n\nDelegations met on Tuesday. The first round was held in March 2022."
    result = process_article(source(text), None, knowledge)
    assert result.article.published is None
    assert result.article.published_source == "unknown"
    assert [(e.kind, e.value) for e in result.entries] == [("statement", "2022-03")]


@pytest.mark.parametrize(("rule", "stated", "want_date", "want_source", "evidence_starts"), [
    (None, True, date(2023, 3, 9), "text", "stated in the text: 'ISTANBUL, March 9, 2023 —' on line 3"),
    (override(published=date(2023, 3, 9)), True, date(2023, 3, 9), "text", "stated in the text"),
    (override(published=date(2023, 3, 10)), True, date(2023, 3, 10), "override", "from the editors' overrides"),
    (override(published=date(2023, 3, 10), published_estimated=True, published_reason="the wire copy's date"), False,
     date(2023, 3, 10), "estimated", "estimated by the editors: the wire copy's date"),
    (None, False, None, "unknown", "the text states no date"),
])
def test_publication_precedence(rule: ArticleOverride | None, stated: bool, want_date: date | None,
                                want_source: str, evidence_starts: str) -> None:
    text = STORY if stated else STORY.replace("ISTANBUL, March 9, 2023 — ", "")
    pub = resolve_publication(source(text), rule)
    assert (pub.date, pub.source) == (want_date, want_source)
    assert pub.evidence.startswith(evidence_starts)


def test_estimated_marks_only_dates_that_lean_on_publication(knowledge: Knowledge) -> None:
    text = ("Talks resume\n\nThe first round was held in March 2022. Later that year the sides met again. "
            "Delegations met on Tuesday. At the same time, shelling continued.")
    rule = override(published=date(2023, 3, 9), published_estimated=True, published_reason="guess")
    result = process_article(source(text), rule, knowledge)
    marked = {e.mention.text: e.estimated for e in result.entries if e.mention}
    assert marked == {"March 2022": False, "Later that year": False, "Tuesday": True, "the same time": True}
    assert [e.estimated for e in result.entries if e.kind == "publication"] == [True]


def test_override_outlet_resolves_through_the_registry(knowledge: Knowledge) -> None:
    result = process_article(source(STORY), override(outlet="Reuters", via="AP"), knowledge)
    assert result.article.outlet is not None and result.article.outlet.kind == "wire"
    assert result.article.via is not None and result.article.via.name == "Associated Press"
    unknown = process_article(source(STORY), override(outlet="The Daily Example"), knowledge)
    assert unknown.article.outlet is not None
    assert (unknown.article.outlet.kind, unknown.article.outlet.slug) == ("unknown", "the-daily-example")


@pytest.mark.parametrize(("a", "b"), [
    ("Delegations met on Tuesday.", "Delegations  met on\nTuesday."),
    ("He said “yes” on Tuesday.", 'He said "yes" on Tuesday.'),
    ("Talks – again – on Tuesday.", "Talks - again - on Tuesday."),
])
def test_ids_survive_spacing_and_typography(a: str, b: str) -> None:
    assert id_key(a) == id_key(b)
    assert entry_id("story", a, "Tuesday") == entry_id("story", b, "Tuesday")


def test_ids_differ_by_article_sentence_and_expression() -> None:
    ids = {entry_id("a", "Met on Tuesday.", "Tuesday"), entry_id("b", "Met on Tuesday.", "Tuesday"),
           entry_id("a", "Met on Monday.", "Monday"), entry_id("a", "Met on Tuesday.", "on Tuesday")}
    assert len(ids) == 4
    assert all(len(i) == 11 and i.startswith("e") for i in ids)


def test_ids_do_not_depend_on_other_articles(knowledge: Knowledge) -> None:
    alone = process_article(source(STORY), None, knowledge)
    again = process_article(source(STORY), None, knowledge)
    assert [e.id for e in alone.entries] == [e.id for e in again.entries]


@pytest.mark.parametrize(("name", "slug"), [("The Gaze", "the-gaze"), ("Ukrainska Pravda", "ukrainska-pravda"),
                                            ("Łódź News", "odz-news"), ("!!!", "unnamed")])
def test_slugify(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_a_repeated_sentence_is_one_statement(knowledge: Knowledge) -> None:
    text = ("Talks resume\n\nDelegations met in March 2023.\n\n“Nothing was agreed,” an envoy said.\n\n"
            "Delegations met in March 2023.")
    entries = process_article(source(text), None, knowledge).entries
    assert [e.text for e in entries] == ["Delegations met in March 2023."]
    assert len({e.id for e in entries}) == len(entries)


# ------------------------------------------------------------------ ids that hold

SAID = ("Reuters Talks resume in Istanbul\n\nDelegations met again on Tuesday, 7 March 2023, a month after talks "
        "stalled in February.\n\nThe Kremlin said on Wednesday it welcomed the talks.")


@pytest.mark.parametrize(
    "fields",
    [
        {"title": "Delegations return to the table", "note": "the outlet changed its headline"},
        {"published": date(2023, 3, 10)},
        {"published": date(2023, 3, 8), "published_estimated": True, "published_reason": "r"},
        {"outlet": "Associated Press", "note": "the wire story, not the repost"},
        {"via": "Reuters"},
        {"url": "https://example.org/talks"},
        {"title": "T", "published": date(2024, 1, 1), "outlet": "BBC News", "via": "Reuters",
         "url": "https://example.org/t", "note": "all of it at once"},
    ],
)
def test_no_overridable_field_moves_an_id(knowledge: Knowledge, fields: dict[str, object]) -> None:
    base = process_article(source(SAID), override(published=date(2023, 3, 9)), knowledge)
    edited = process_article(source(SAID), override(**{"published": date(2023, 3, 9), **fields}), knowledge)
    assert len(base.entries) >= 3
    assert [e.id for e in edited.entries] == [e.id for e in base.entries]
    assert base.entries[0].kind == "publication" and base.entries[0].id == publication_entry_id("story")


def test_the_publication_entry_id_comes_from_the_article_id_alone() -> None:
    assert publication_entry_id("story") == publication_entry_id("story")
    assert publication_entry_id("story") != publication_entry_id("story-2")
    assert publication_entry_id("story") != entry_id("story", "Talks resume in Istanbul", "published")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": "Delegations return"},
         ("content/overrides/a.yaml:2: articles.story.title: changes what the article's text says (Talks resume in "
         "Istanbul -> Delegations return); say why in articles.story.note (it is shown publicly on the corrections "
         "page)")),
        ({"published": date(2023, 3, 10)},
         ("content/overrides/a.yaml:2: articles.story.published: changes what the article's text says (9 March 2023 "
         "-> 10 March 2023); say why in articles.story.note (it is shown publicly on the corrections page)")),
    ],
)
def test_changing_what_the_text_says_needs_a_note(knowledge: Knowledge, fields: dict[str, object],
                                                  message: str) -> None:
    with pytest.raises(ConfigError) as err:
        process_article(source(STORY), override(**fields), knowledge)
    assert str(err.value) == message


def test_an_outlet_replaces_a_guess_and_is_a_correction_only_with_a_note(knowledge: Knowledge) -> None:
    page = "Talks resume\n\nDelegations met again on Tuesday."
    facts: dict[str, object] = {"published": date(2023, 3, 9), "url": "https://www.reuters.com/world/talks"}
    guessed = process_article(source(page), override(**facts), knowledge).article.outlet
    assert guessed is not None and guessed.name == "Reuters"  # from the address
    plain = process_article(source(page), override(**facts, outlet="BBC News"), knowledge)
    assert (plain.article.outlet.name if plain.article.outlet else None, plain.article.corrections) == ("BBC", ())
    noted = process_article(source(page), override(**facts, outlet="BBC News",
                                                   note="a BBC story the wire republished"), knowledge)
    assert noted.article.corrections == (Correction("outlet", "Reuters", "BBC", "a BBC story the wire republished",
                                                    None, "content/overrides/a.yaml:2"),)


def test_supplying_what_the_text_leaves_out_is_not_a_correction(knowledge: Knowledge) -> None:
    undated = "Talks resume\n\nDelegations met again on Tuesday."
    result = process_article(source(undated), override(published=date(2023, 3, 9), outlet="Reuters",
                                                       url="https://example.org/t"), knowledge)
    assert result.article.corrections == ()
    noted = process_article(source(STORY), override(title="Delegations return", published=date(2023, 3, 10),
                                                    note="the page was updated", on=date(2023, 3, 11)), knowledge)
    assert noted.article.corrections == (
        Correction("title", "Talks resume in Istanbul", "Delegations return", "the page was updated",
                   date(2023, 3, 11), "content/overrides/a.yaml:2"),
        Correction("published", "9 March 2023", "10 March 2023", "the page was updated", date(2023, 3, 11),
                   "content/overrides/a.yaml:2"),
    )


FRONT = "---\ntitle: Talks resume in Istanbul\nurl: https://www.reuters.com/world/talks\n---\n\n" + STORY.split("\n", 2)[2]


@pytest.mark.parametrize(("text", "fields"), [
    (STORY, {"title": "Delegations return", "published": date(2023, 3, 10), "note": "the page was updated"}),
    (STORY, {"published": date(2023, 3, 10), "published_estimated": True, "published_reason": "the wire's timestamp",
             "note": "the stamp was a day early"}),
    (FRONT, {"outlet": "BBC News", "url": "https://www.bbc.co.uk/news/x", "note": "a BBC story"}),
    (STORY, {}),
])
def test_a_result_made_without_the_overrides_lines_and_located_after_is_the_same(
        knowledge: Knowledge, text: str, fields: dict[str, object]) -> None:
    for line in (2, 40):
        rule = override(**fields, line=line, source=f"content/overrides/a.yaml:{line}", lines={"published": line + 1})
        made = process_article(source(text), without_location(rule), knowledge)
        assert locate(made, rule) == process_article(source(text), rule, knowledge)
        assert "content/overrides/a.yaml" not in repr(made)  # what the cache keeps names no place
    moved = override(**fields, line=40, source="content/overrides/a.yaml:40", lines={"published": 41})
    assert unplaced(override(**fields)) == unplaced(moved)  # so the cache key stays when lines move
    assert unplaced(override(**{**fields, "on": date(2024, 1, 2)})) != unplaced(moved)  # what it says counts

"""Site model: grouping, sorting, background, hidden entries, pages; plus the records other render tests share."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from sitegen.badges.places import Gazetteer
from sitegen.models import (
    Article,
    Cite,
    Claim,
    Conflict,
    Correction,
    Entry,
    Event,
    Mention,
    OutletRef,
    Page,
    Phase,
    Place,
    PlaceTag,
    Removal,
    Sentence,
    SiteConfig,
)
from sitegen.site.model import Item, Site, _event_sort_key, build_site, split_mention, time_attr
from sitegen.site.records import Month, Year
from sitegen.site.values import period_of

HOSTILE = "<script>alert(1)</script> {{ 7*7 }}"
AP = OutletRef("Associated Press", "AP", "wire", "ap", "US")
ESOCIAL = OutletRef("eSocialNews", "eSocialNews", "aggregator", "esocialnews")
WAPO = OutletRef("The Washington Post", "The Washington Post", "newspaper", "the-washington-post", "US")
KHARKIV = PlaceTag("kharkiv", "Kharkiv", "Kharkov")
KYIV = PlaceTag("kyiv", "Kyiv", "Kiev")


def article(aid: str, paragraphs: tuple[str, ...], **kw: object) -> Article:
    """Return an article whose sentences are its paragraphs, with correct body offsets."""
    sentences, offset = [], 0
    for i, p in enumerate(paragraphs):
        sentences.append(Sentence(i, i, offset, offset + len(p), p))
        offset += len(p) + 2
    fields: dict[str, object] = {"title": f"Title of {aid}", "published": None, "published_source": "unknown",
                                     "published_evidence": "", "outlet": None}
    fields.update(kw)
    return Article(id=aid, paragraphs=paragraphs, sentences=tuple(sentences), **fields)  # type: ignore[arg-type]


def entry(eid: str, art: Article | None, index: int, words: str, value: str, **kw: object) -> Entry:
    """Return an entry for sentence `index` of `art`, its mention found by the words it quotes."""
    text = art.sentences[index].text if art else str(kw.pop("text"))
    mention = None
    if art is not None and words:
        at = art.body.index(words, art.sentences[index].start)
        mention = Mention(at, at + len(words), words, value, "day", "test-rule", "because")
    return Entry(id=eid, article=art.id if art else None, value=value, precision="day", text=text,
                 sentence_index=index if art else None, mention=mention,
                 sentence_span=(art.sentences[index].start, art.sentences[index].end) if art else None, **kw)  # type: ignore[arg-type]


def single(e: Entry) -> Event:
    """Return a one-entry event."""
    return Event(id=e.id, value=e.value, precision=e.precision, entries=(e,), end_value=e.end_value)


A1 = article(
    "a1-wire",
    ("Russian forces crossed the border near Kharkiv on 10 May 2024, officials said.",
     "In the week of 6 May 2024 the shelling grew.",
     "Kyiv said in May 2024 that reserves were sent.",
     "Ukraine said it will get more aid in autumn 2022, according to Bloomberg.",
     "Troops first entered in February 2022."),
    published=date(2024, 5, 15), published_source="override", published_evidence="content/overrides/articles.yaml",
    outlet=AP, url="https://example.org/a1?x=1&y=2",
    removed=(Removal(3, "Subscribe to our newsletter", "newsletter"),),
)
A2 = article(
    "a2-repost",
    ("Russia has fully withdrawn from Kyiv, the Pentagon said on 6 April 2022.",
     "Border clashes began on 10 May 2024, officials said.",
     "In 2023 the front barely moved."),
    title=HOSTILE, published=date(2022, 4, 6), published_source="text",
    published_evidence='stamp "6 Apr, 2022 10:00" on line 2', outlet=ESOCIAL, via=WAPO,
    url="javascript:alert(1)",
)
A3 = article(
    "a3-undated",
    ("A <script>alert(1)</script> {{ 7*7 }} event happened on 1 July 2023.",
     "Moscow claimed the village fell on 3 June 2024 — javascript:alert(2)."),
    outlet=OutletRef("Unknown Blog", "Unknown Blog", "online", "unknown-blog"),
    published_source="estimated", published=date(2024, 6, 4), published_evidence="reports the fall as past",
    url="ftp://example.org/x",
)
A3_UNDATED = replace(A3, published=None, published_source="unknown", published_evidence="")

E_DAY = entry("a1-wire-s0-d1", A1, 0, "10 May 2024", "2024-05-10", places=(KHARKIV,))
E_DAY_2 = entry("a2-repost-s1-d1", A2, 1, "10 May 2024", "2024-05-10")
E_WEEK = entry("a1-wire-s1-d1", A1, 1, "week of 6 May 2024", "2024-W19")
E_MONTH = entry("a1-wire-s2-d1", A1, 2, "May 2024", "2024-05", places=(KYIV,),
                claim=Claim("attributed", "Kyiv", "Kyiv said"))
E_SEASON = entry("a1-wire-s3-d1", A1, 3, "autumn 2022", "2022-FA",
                 cites=(Cite("Bloomberg", "outlet", "according to Bloomberg"),))
E_BACKGROUND = entry("a1-wire-s4-d1", A1, 4, "February 2022", "2022-02")
E_WITHDRAWN = entry("a2-repost-s0-d1", A2, 0, "6 April 2022", "2022-04-06", places=(KYIV,),
                    corrected=("date",), note="The Pentagon spoke on 6 April, not 5 April.",
                    corrections=(Correction("date", "5 April 2022", "6 April 2022",
                                            "The Pentagon spoke on 6 April, not 5 April.", date(2022, 4, 8),
                                            "content/overrides/a.yaml:3"),))
E_YEAR = entry("a2-repost-s2-d1", A2, 2, "2023", "2023")
E_HOSTILE = entry("a3-undated-s0-d1", A3_UNDATED, 0, "1 July 2023", "2023-07-01")
E_UNVERIFIED = entry("a3-undated-s1-d1", A3_UNDATED, 1, "3 June 2024", "2024-06-03",
                     claim=Claim("unverified", "Moscow", "claimed"), estimated=True)
E_HIDDEN = replace(entry("a3-undated-s1-d2", A3_UNDATED, 1, "", "2024-06-04"), hidden=True, corrected=("hide",),
                   note="A rumour, withdrawn by its source.",
                   corrections=(Correction("hide", "shown", "hidden", "A rumour, withdrawn by its source.", None,
                                           "content/overrides/a.yaml:9"),))
E_ADDED = Entry(id="added-1", article=None, value="2024-08-06", precision="day", kind="added",
                text="Ukraine launched its incursion into Kursk Region.", headline="Kursk incursion begins",
                summary_html="<p>Editors' summary <script>alert(3)</script><a href=\"javascript:x()\">x</a></p>",
                citation_url="https://example.org/kursk")

MERGED = Event(id=E_DAY.id, value="2024-05-10", precision="day", entries=(E_DAY, E_DAY_2),
               headline="Russia opens a new front near Kharkiv", independent_sources=2,
               conflicts=(Conflict("number", ("20 km", "30 km"), (E_DAY.id, E_DAY_2.id)),), merged_by="auto")

CONFIG = SiteConfig(
    title="Test chronology", description="A chronology for tests.", language="en",
    span_start=date(2022, 4, 1), span_end=date(2024, 8, 31),
    phases=(Phase("Withdrawal from Kyiv", date(2022, 3, 29), date(2022, 4, 30)),
            Phase("Kursk incursion", date(2024, 8, 6), date(2024, 8, 31), "kursk")),
    pages=(Page("about", "About", "Hello {{ 7*7 }} <script>alert(1)</script>\n", "content/pages/about.md"),),
    author="The editors",
)
ARTICLES = (A2, A1, A3_UNDATED)
EVENTS = (single(E_YEAR), MERGED, single(E_WEEK), single(E_MONTH), single(E_SEASON), single(E_BACKGROUND),
          single(E_WITHDRAWN), single(E_HOSTILE), single(E_UNVERIFIED), single(E_HIDDEN), single(E_ADDED))
PLACES = Gazetteer([Place("kharkiv", "Kharkiv", (), 49.9935, 36.2304, "city", "UA")])


def make_site(*, config: SiteConfig = CONFIG, events: tuple[Event, ...] = EVENTS,
              articles: tuple[Article, ...] = ARTICLES, build_epoch: int | None = None) -> Site:
    """Return the model of the shared test site."""
    return build_site(config, articles, events, PLACES, build_epoch=build_epoch)


# ------------------------------------------------------------------ tests


def test_chronology_sorted_and_grouped_by_year_and_month() -> None:
    site = make_site()
    assert [y.year for y in site.years] == [2022, 2023, 2024]
    assert [m.key for m in site.years[0].months] == ["2022-04", "2022-FA"]  # a season under its own heading
    assert [m.key for m in site.years[1].months] == ["2023-07", "2023"]  # a year after its months
    assert [m.key for m in site.years[2].months] == ["2024-05", "2024-W19", "2024-06", "2024-08"]
    assert [i.id for i in site.items] == [
        E_WITHDRAWN.id, E_SEASON.id, E_HOSTILE.id, E_YEAR.id, E_MONTH.id, MERGED.id, E_WEEK.id,
        E_UNVERIFIED.id, E_ADDED.id,
    ]


def test_events_outside_the_span_go_to_background_not_dropped() -> None:
    site = make_site()
    assert [i.id for i in site.background] == [E_BACKGROUND.id]
    assert not site.background[0].in_span


def test_hidden_entries_removed() -> None:
    ids = [i.id for i in make_site().all_items]
    assert E_HIDDEN.id not in ids
    partly = replace(MERGED, entries=(E_DAY, replace(E_DAY_2, hidden=True)))
    item = next(i for i in make_site(events=(partly,)).items if i.id == MERGED.id)
    assert [s.entry.id for s in item.sources] == [E_DAY.id]
    assert item.independent_sources == 1 and not item.corroborated


@pytest.mark.parametrize(
    ("event_id", "attr", "expected"),
    [
        (MERGED.id, "claim", "stated"),
        (E_MONTH.id, "claim", "attributed"),
        (E_UNVERIFIED.id, "claim", "unverified"),
        (MERGED.id, "corroborated", True),
        (E_WEEK.id, "corroborated", False),
        (E_WITHDRAWN.id, "phase_slug", "withdrawal-from-kyiv"),
        (E_ADDED.id, "phase_slug", "kursk"),
        (E_MONTH.id, "phase_slug", None),
        (E_UNVERIFIED.id, "estimated", True),
        (E_DAY.id, "estimated", False),
        (MERGED.id, "kinds", ("aggregator", "newspaper", "wire")),  # the repost's "via" counts
        (MERGED.id, "anchors", (E_DAY_2.id,)),
        (E_SEASON.id, "contract_date", "2022-09"),
        (E_SEASON.id, "precision", "season"),
        (E_WEEK.id, "time_value", "2024-W19"),
        (E_WEEK.id, "label", "week of 6 May 2024"),
    ],
)
def test_item_facts(event_id: str, attr: str, expected: object) -> None:
    item = next(i for i in make_site().all_items if i.id == event_id)
    got = (item.phase.slug if item.phase else None) if attr == "phase_slug" else getattr(item, attr)
    assert got == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2024-05-10", "2024-05-10"), ("2024-W19", "2024-W19"), ("2024-05", "2024-05"),
     ("2022-FA", "2022-09"), ("2024-Q2", "2024-04"), ("2024", "2024")],
)
def test_time_attr(value: str, expected: str) -> None:
    assert time_attr(value) == expected


def test_mention_split_uses_the_carried_offsets() -> None:
    assert split_mention(E_DAY, A1) == ("Russian forces crossed the border near Kharkiv on ", "10 May 2024",
                                        ", officials said.")
    assert split_mention(replace(E_DAY, mention=None), A1) == (E_DAY.text, "", "")
    assert split_mention(replace(E_DAY, sentence_span=None), A1) == (E_DAY.text, "", "")  # nothing re-found


def test_a_mention_repeated_in_its_sentence_highlights_the_one_that_dated_it() -> None:
    text = "On Friday talks were called off; on Friday night the strikes began."
    second = text.index("Friday", 10)
    e = Entry(id="e1", article="a", value="2024-05-10", precision="day", text=text, sentence_span=(40, 40 + len(text)),
              mention=Mention(40 + second, 46 + second, "Friday", "2024-05-10", "day", "r", ""))
    assert split_mention(e, None) == (text[:second], "Friday", text[second + 6:])


def test_outlets_places_corrections_and_pages() -> None:
    site = make_site()
    assert [o.outlet.slug for o in site.outlets] == ["ap", "esocialnews", "unknown-blog"]
    assert [p.slug for p in site.places] == ["kharkiv", "kyiv"]
    assert site.places[0].lat == 49.9935 and site.places[1].lat is None
    assert [(n.kind, n.id, n.on, n.href) for n in site.notices] == [  # newest first, the undated last
        ("entry", E_WITHDRAWN.id, date(2022, 4, 8), f"index.html#{E_WITHDRAWN.id}"),
        ("removed", E_HIDDEN.id, None, "articles/a3-undated/index.html"),
        ("added", E_ADDED.id, None, f"index.html#{E_ADDED.id}"),
    ]
    assert site.notices[0].shown_changes == ("date: 5 April 2022 → 6 April 2022",)
    assert "corrections/feed.xml" in [p.path for p in site.pages]
    paths = [p.path for p in site.pages]
    assert len(paths) == len(set(paths))
    for want in ("index.html", "articles/a1-wire/index.html", "sources/ap/index.html", "places/kyiv/index.html",
                 "about/index.html", "corrections/index.html", "404.html", "feed.xml", "timeline.json",
                 "sources/ap/feed.xml", "places/kharkiv/feed.xml", "timeline.ics"):
        assert want in paths
    assert "sitemap.xml" not in paths
    with_base = make_site(config=replace(CONFIG, base_url="https://example.org/war/"))
    assert "sitemap.xml" in [p.path for p in with_base.pages]


def test_months_cover_the_whole_span_with_counts() -> None:
    months = make_site().months
    assert months[0].key == "2022-04" and months[-1].key == "2024-08" and len(months) == 29
    counts = {m.key: m.count for m in months}
    assert counts["2024-05"] == 3 and counts["2023-01"] == 0  # the year-only 2023 entry is not counted
    assert counts["2022-09"] == 0  # a season is not counted either


@pytest.mark.parametrize(("epoch", "stamp"), [(None, None), (1724492460, "2024-08-24 09:41 UTC")])
def test_build_stamp_only_from_epoch(epoch: int | None, stamp: str | None) -> None:
    assert make_site(build_epoch=epoch).build_stamp == stamp


def test_long_chronologies_get_year_pages() -> None:
    many = tuple(single(Entry(id=f"x{i:04d}", article=None, value=f"{2023 + i % 2}-0{1 + i % 8}-1{i % 9}",
                              precision="day", text=f"Event {i}.", kind="added")) for i in range(420))
    site = make_site(events=many)
    assert site.year_pages
    assert [y.page for y in site.years] == ["years/2023/index.html", "years/2024/index.html"]
    assert {i.page for i in site.items} == {"years/2023/index.html", "years/2024/index.html"}
    assert not make_site().year_pages


def long_listing(n: int, years: tuple[int, ...], *, with_site_events: bool = False) -> Site:
    """Return a site whose one article (outlet AP, every sentence about Kyiv) gives n items over `years`."""
    big = article("big", tuple(f"Event {i} happened." for i in range(n)), outlet=AP)
    # the later sentences carry the earlier dates, so time order is not input order
    events = tuple(single(entry(f"big-{i:04d}", big, i, "", f"{years[i % len(years)]}-{12 - i % 12:02d}-01",
                                places=(KYIV,))) for i in range(n))
    return make_site(articles=(big, *ARTICLES) if with_site_events else (big,),
                     events=events + EVENTS if with_site_events else events)


def test_long_outlet_and_place_pages_list_their_items_by_year() -> None:
    site = long_listing(420, (2023, 2024))
    for owner, home in ((site.outlets[0], "sources/ap/index.html"), (site.places[0], "places/kyiv/index.html")):
        assert [(y.year, y.path, y.home, y.years, len(y.items)) for y in owner.years] == [
            (2023, home.replace("index.html", "2023/index.html"), home, (2023, 2024), 210),
            (2024, home.replace("index.html", "2024/index.html"), home, (2023, 2024), 210)]
        values = [i.event.value for i in owner.years[0].items]
        assert values == sorted(values) and len(owner.items) == 420
    paths = [p.path for p in site.pages]
    for want in ("sources/ap/2023/index.html", "sources/ap/2024/index.html", "places/kyiv/2024/index.html"):
        assert want in paths
    assert [p.producer for p in site.pages if p.path.endswith("/2024/index.html")] == [
        "outlet 'Associated Press' in 2024", "place 'Kyiv' in 2024"]


def test_the_listings_by_year_are_those_each_listing_would_sort_by_itself() -> None:
    """The site model places every item in time once for all listings: the same years, items and order."""
    site = long_listing(420, (2023, 2024, 2022), with_site_events=True)
    for owner in (next(o for o in site.outlets if o.years), next(p for p in site.places if p.years)):
        alone: dict[int, list[Item]] = {}
        for item in owner.items:
            alone.setdefault(period_of(item.event.value, item.event.end_value)[0].year, []).append(item)
        expected = [(y, tuple(sorted(alone[y], key=lambda i: _event_sort_key(i.event)))) for y in sorted(alone)]
        assert [(y.year, y.items) for y in owner.years] == expected and len(expected) == 3
        assert sum(len(y.items) for y in owner.years) == len(owner.items)


def test_a_long_background_gets_a_page_per_year_and_its_items_link_there() -> None:
    site = long_listing(420, (2019, 2020), with_site_events=True)  # before the span (April 2022)
    assert [(y.year, y.path, y.kind, len(y.items)) for y in site.background_years] == [
        (2019, "background/2019/index.html", "background", 210), (2020, "background/2020/index.html", "background", 210),
        (2022, "background/2022/index.html", "background", 1)]  # E_BACKGROUND: February 2022
    assert {i.page for i in site.background} == {f"background/{y}/index.html" for y in (2019, 2020, 2022)}
    assert {i.page for i in site.background_years[0].items} == {"background/2019/index.html"}
    assert [p.producer for p in site.pages if p.path.startswith("background/")] == [
        "the background of 2019", "the background of 2020", "the background of 2022"]
    assert not make_site().background_years


@pytest.mark.parametrize(("n", "years"), [(400, (2023, 2024)), (420, (2024,))], ids=["short", "one-year"])
def test_short_or_one_year_listings_stay_on_their_page(n: int, years: tuple[int, ...]) -> None:
    site = long_listing(n, years)
    assert site.outlets[0].years == () and site.places[0].years == ()
    assert not [p.path for p in site.pages if p.template == "listing.html"]


def test_sorting_is_independent_of_input_order() -> None:
    assert make_site(events=tuple(reversed(EVENTS))) == make_site()


def test_an_absolute_date_in_an_estimated_article_is_not_estimated() -> None:
    stated = entry("a3-undated-s0-d1", A3, 0, "1 July 2023", "2023-07-01")  # the article's date is an estimate
    leaning = entry("a3-undated-s1-d1", A3, 1, "3 June 2024", "2024-06-03", estimated=True)
    site = make_site(articles=(A3,), events=(single(stated), single(leaning)))
    by_id = {item.id: item for item in site.items}
    assert (by_id[stated.id].estimated, by_id[leaning.id].estimated) == (False, True)


@pytest.mark.parametrize(("keys", "linked"), [
    # A week follows the month it starts in: that month's heading reaches it.
    (("2024-05", "2024-W19", "2024-W20", "2024-06"), ("2024-05", "2024-06")),
    # ... or the season starting in that month (week 13 of 2022 starts on 28 March).
    (("2022-SP", "2022-W13", "2022-04", "2022-W14"), ("2022-SP", "2022-04")),
    # A month with weeks but no heading of its own is reached by its first week.
    (("2024-W19", "2024-W20", "2024-06"), ("2024-W19", "2024-06")),
    # Week 1 of 2025 starts on 30 December 2024: no heading of that month precedes it.
    (("2025-W01", "2025-01", "2025-W02"), ("2025-W01", "2025-01")),
    (("2023-07", "2023"), ("2023-07", "2023")),
])
def test_jump_list_links_months_not_every_week(keys: tuple[str, ...], linked: tuple[str, ...]) -> None:
    year = Year(int(keys[0][:4]), tuple(Month(k, k, ()) for k in keys), "index.html")
    assert tuple(m.key for m in year.jump) == linked

"""Realistic copy-pasted war reporting through the whole pipeline, read as a careful editor would.

The fourteen articles in tests/fixtures/realistic/ are our own text, laid out the way
pages of Reuters, AP, TASS, Ukrinform, the Kyiv Independent, Ukrainska Pravda, the BBC,
Al Jazeera, the Guardian, CNN, Meduza, ISW and an aggregator (Yahoo News reposting AP)
come out when copied from a browser: menus, cookie banners, captions, share strips,
newsletter prompts, author boxes, credits. The fixture's content/ gives no publication
date and no outlet: both must come from the text.

Every expectation below is a human editor's reading. A case the pipeline gets wrong is
kept and marked xfail(strict=True) with the stage and the bug, so that a fix shows up
as an XPASS that must be un-marked.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from sitegen.temporal import timex

if TYPE_CHECKING:
    from tests.conftest import SiteBuilder

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "realistic"

R_KHARKIV = "reuters_kharkiv_reserves"
R_BAKHMUT = "reuters_bakhmut_2023"
AP = "ap_kharkiv_hardware_store"
TASS = "tass_kharkov_villages"
UKRINFORM = "ukrinform_avdiivka_withdrawal"
KI = "kyivindependent_kursk_1000km"
UP = "ukrpravda_kursk_commandant"
BBC = "bbc_bucha"
AJ = "aljazeera_kursk_incursion"
GUARDIAN = "guardian_blinken_kyiv"
CNN = "cnn_zelensky_trips"
MEDUZA = "meduza_shoigu_belousov"
ISW = "isw_assessment_may13"
YAHOO = "yahoo_ap_kharkiv_offensive"


def case(*values: Any, xfail: str | None = None) -> Any:
    """One parametrized case; with `xfail` the known bug ('<stage>: <bug>') it fails on."""
    if xfail is None:
        return pytest.param(*values)
    return pytest.param(*values, marks=pytest.mark.xfail(strict=True, reason=xfail))


def marked(cases: list[Any], known: dict[tuple[str, str], str]) -> list[Any]:
    """Re-mark a table's cases keyed (article, words) with the bug each is known to fail on."""
    out = []
    for c in cases:
        reason = known.get((c.values[0], c.values[1]))
        out.append(case(*c.values, xfail=reason) if reason else c)
    unused = set(known) - {(c.values[0], c.values[1]) for c in cases}
    assert not unused, f"xfail reasons for cases not in the table: {unused}"
    return out


# Root causes that many cases below share.
PUB_REUTERS = ("temporal/published: the Reuters stamp 'May 14, 20241:05 PM GMT+1Updated 2 hours ago' (year glued to "
               "the time, 'Updated …' glued on, line 17 of a page whose menu fills the first 12) is not read, and the "
               "dateline 'KYIV, May 14 (Reuters) -' has no year, so published is null")
PUB_GUARDIAN = ("temporal/published: the bare stamp 'Tue 14 May 2024 12.15 BST' is on line 28, below the Guardian's "
                "menu; unlabelled stamps are only looked for in the first 12 lines (TOP_LINES), so published is null")
PUB_UP = ("temporal/published: the byline stamp 'Kateryna Tyshchenko — Thursday, 15 August 2024, 20:54' (author, "
          "dash, date, no 'By') is not read as a stamp, so published is null")
NO_PUB = "entries: no entry because the article has no publication date to resolve against; "
NO_ENTRY = "no entry to carry it: "


# ----------------------------------------------------------------------------- site


@pytest.fixture(scope="module")
def site(build_site_once: SiteBuilder) -> Path:
    return build_site_once(FIXTURE, FIXTURE / "content")


@pytest.fixture(scope="module")
def timeline(site: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((site / "timeline.json").read_text("utf-8"))
    return data


def _article(timeline: dict[str, Any], article_id: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [a for a in timeline["articles"] if a["id"] == article_id]
    assert len(found) == 1, f"article {article_id} not in timeline.json"
    return found[0]


def _hits(timeline: dict[str, Any], article: str, words: str) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Every (entry, source) whose source sentence from `article` contains `words`."""
    return [(entry, source) for entry in timeline["entries"] for source in entry["sources"]
            if source["article"] == article and words in source["text"]]


def _source_date(entry: dict[str, Any], source: dict[str, Any]) -> tuple[str, str]:
    """The date this source's own sentence gave (a merged entry shows its representative's)."""
    mention = source.get("mention")
    if mention and mention.get("value"):
        return timex.contract_date(mention["value"]), timex.contract_precision(mention["value"])
    return entry["date"], entry["precision"]


# ------------------------------------------------------------ articles: date, outlet, title

# id: (published, outlet, via, title) as the page itself states them
ARTICLES: dict[str, tuple[str | None, str, str | None, str]] = {
    R_KHARKIV: ("2024-05-14", "Reuters", None,
                "Russia says it captured more villages in Kharkiv region as Ukraine rushes in reserves"),
    R_BAKHMUT: ("2023-05-20", "Reuters", None, "Wagner chief says Bakhmut captured, Kyiv says fighting continues"),
    AP: ("2024-05-26", "Associated Press", None,
         "Russian bombs hit a crowded hardware store in Kharkiv, killing at least 12"),
    TASS: ("2024-05-13", "TASS", None, "Russian troops liberate four communities in Kharkov Region — top brass"),
    UKRINFORM: ("2024-02-17", "Ukrinform", None, "Syrskyi orders withdrawal from Avdiivka to avoid encirclement"),
    KI: ("2024-08-12", "The Kyiv Independent", None,
         "Ukraine controls 1,000 square kilometers of Kursk Oblast, Syrskyi says"),
    UP: ("2024-08-15", "Ukrainska Pravda", None,
         "Ukraine establishes military commandant's office in Russia's Kursk Oblast"),
    BBC: ("2022-04-03", "BBC", None, "Ukraine war: Bodies line streets of Bucha after Russian retreat"),
    AJ: ("2024-08-06", "Al Jazeera", None, "Ukrainian troops cross into Russia’s Kursk region, Moscow says"),
    GUARDIAN: ("2024-05-14", "The Guardian", None,
               "Blinken arrives in Kyiv as Russian offensive in north-east intensifies"),
    CNN: ("2024-05-15", "CNN", None,
          "Zelensky cancels all upcoming foreign trips as Russia presses Kharkiv offensive"),
    MEDUZA: ("2024-05-12", "Meduza", None,
             "Putin replaces Shoigu with economist Andrey Belousov as defense minister"),
    ISW: ("2024-05-13", "Institute for the Study of War", None, "Russian Offensive Campaign Assessment, May 13, 2024"),
    YAHOO: ("2024-05-11", "Yahoo News", "Associated Press",
            "Russia launches ground assault on Ukraine's Kharkiv region, forcing thousands to flee"),
}

PUBLISHED_XFAIL: dict[str, str] = {}
OUTLET_XFAIL: dict[str, str] = {}
TITLE_XFAIL: dict[str, str] = {}


def test_every_fixture_article_is_described() -> None:
    assert sorted(p.stem for p in FIXTURE.glob("*.txt")) == sorted(ARTICLES)


@pytest.mark.parametrize("article_id", [case(a, xfail=PUBLISHED_XFAIL.get(a)) for a in ARTICLES])
def test_publication_date(timeline: dict[str, Any], article_id: str) -> None:
    assert _article(timeline, article_id)["published"] == ARTICLES[article_id][0]


@pytest.mark.parametrize("article_id", [case(a, xfail=OUTLET_XFAIL.get(a)) for a in ARTICLES])
def test_outlet(timeline: dict[str, Any], article_id: str) -> None:
    art = _article(timeline, article_id)
    assert (art["outlet"], art["via"]) == ARTICLES[article_id][1:3]


@pytest.mark.parametrize("article_id", [case(a, xfail=TITLE_XFAIL.get(a)) for a in ARTICLES])
def test_title(timeline: dict[str, Any], article_id: str) -> None:
    assert _article(timeline, article_id)["title"] == ARTICLES[article_id][3]


# ------------------------------------------------------------------------- entry dates

D = tuple[str, str]
# (article, words of the sentence, every date a careful editor reads in it, exact?)
# exact=False: the listed dates must be there, others may be defensible too.
ENTRY_DATES: list[Any] = [
    # Reuters, Tuesday 2024-05-14
    case(R_KHARKIV, "Russia said on Tuesday its forces had captured", {("2024-05-14", "day")}, True),
    case(R_KHARKIV, "punched across the border on May 10",
         {("2024-05-10", "day"), ("2022-02", "month"), ("2022-09", "season")}, True),
    case(R_KHARKIV, "had taken nine villages in the area between May 10 and 13", {("2024-05-10", "day")}, True),
    case(R_KHARKIV, "Reuters could not independently verify", set(), True),
    case(R_KHARKIV, "Ukraine's General Staff said on Tuesday", {("2024-05-14", "day")}, True),
    case(R_KHARKIV, "The situation is difficult", set(), True),
    case(R_KHARKIV, "killed on Monday when a Russian drone", {("2024-05-13", "day"), ("2024-05-10", "day")}, True),
    case(R_KHARKIV, "Congress approved a $61 billion aid package only last month", {("2024-04", "month")}, True),
    case(R_KHARKIV, "arrived in Kyiv by train on Tuesday", {("2024-05-14", "day")}, True),
    case(R_KHARKIV, "told reporters on Monday on condition of anonymity", {("2024-05-13", "day")}, True),
    case(R_KHARKIV, "sworn in for a fifth term last week", {("2024-05-06", "week"), ("2024-05-16", "day")}, True),
    case(R_KHARKIV, "which Ukrainian troops abandoned in February", {("2024-02", "month")}, True),
    case(R_KHARKIV, "Military analysts say Moscow", set(), True),
    case(R_KHARKIV, "92nd Separate Assault Brigade", set(), True),  # photo caption
    # Reuters, Saturday 2023-05-20
    case(R_BAKHMUT, "his forces had taken full control of Bakhmut", {("2023-05-20", "day")}, True),
    case(R_BAKHMUT, "which Russia calls Artemovsk, at midday", set(), True),
    case(R_BAKHMUT, "hand the city over to the Russian army on May 25", {("2023-05-25", "day")}, True),
    case(R_BAKHMUT, "Hanna Maliar, said on Telegram", set(), True),
    case(R_BAKHMUT, "began last summer", {("2022-06", "season")}, False),
    case(R_BAKHMUT, "arrived in Japan on Saturday", {("2023-05-20", "day"), ("2023-05-21", "day")}, True),
    case(R_BAKHMUT, "Earlier this month, Prigozhin threatened", {("2023-05", "month")}, True),
    case(R_BAKHMUT, "In his video on Saturday", {("2023-05-20", "day")}, True),
    # AP, updated Sunday 2024-05-26 about Saturday's strike
    case(AP, "on Saturday afternoon, killing at least 12", {("2024-05-25", "day")}, True),
    case(AP, "another manifestation of Russian madness", set(), True),
    case(AP, "The same day, a Russian missile strike", {("2024-05-25", "day")}, True),
    case(AP, "On Thursday, Russian missiles hit", {("2024-05-23", "day")}, True),
    case(AP, "unaccounted for on Sunday, and the death toll may rise", {("2024-05-26", "day")}, True),
    case(AP, "cross-border offensive in the region on May 10", {("2024-05-10", "day")}, True),
    case(AP, "It said Saturday that its forces had taken", {("2024-05-25", "day")}, True),
    case(AP, "due to travel to Belgium on Monday", {("2024-05-27", "day"), ("2024-06", "month")}, True),
    case(AP, "General Staff said on Sunday that Russian forces had launched 107", {("2024-05-26", "day")}, True),
    case(AP, "Firefighters work to put out a blaze", set(), True),  # photo caption
    # TASS, Monday 2024-05-13
    case(TASS, "liberated the communities of Bugrovatka", {("2024-05-13", "day")}, True),
    case(TASS, "Ukrainian army losses in that area amounted", set(), True),
    case(TASS, "Since May 10, Battlegroup North units", {("2024-05-10", "day")}, True),
    case(TASS, "Fighting in Volchansk itself began on Saturday", {("2024-05-11", "day")}, True),
    case(TASS, "which Russian forces liberated in February", {("2024-02", "month")}, True),
    case(TASS, "over the Belgorod Region on May 12", {("2024-05-12", "day")}, True),
    case(TASS, "completed the liberation of Artemovsk", {("2023-05-20", "day"), ("2022-06", "season")}, True),
    case(TASS, "Putin said on Friday that the special military operation", {("2024-05-10", "day")}, True),
    case(TASS, "in Beijing on May 16", {("2024-05-16", "day")}, True),
    # Ukrinform, Saturday 2024-02-17
    case(UKRINFORM, "has decided to withdraw units from Avdiivka", set(), True),
    case(UKRINFORM, "appointed commander-in-chief on February 8",
         {("2024-02-08", "day"), ("2024-02-15", "day")}, True),
    case(UKRINFORM, "encircle Avdiivka since October 10, 2023", {("2023-10-10", "day")}, True),
    case(UKRINFORM, "Last autumn, the town was defended", {("2023-09", "season"), ("2024-02", "month")}, True),
    case(UKRINFORM, "on February 15, Russian missiles hit Lviv", {("2024-02-15", "day")}, True),
    # Kyiv Independent, Monday 2024-08-12
    case(KI, "Oleksandr Syrskyi said on Aug. 12", {("2024-08-12", "day")}, True),
    case(KI, "into Kursk Oblast on Aug. 6", {("2024-08-06", "day")}, True),
    case(KI, "Smirnov said earlier in the day", {("2024-08-12", "day")}, True),
    case(KI, "federal state of emergency in the region on Aug. 9", {("2024-08-09", "day")}, True),
    case(KI, "Zelensky said on Aug. 10", {("2024-08-10", "day")}, True),
    case(KI, "focal point of the fighting since last week", {("2024-08-05", "week")}, True),
    case(KI, "reports to President Volodymyr Zelensky on the situation", set(), True),  # photo caption
    # Ukrainska Pravda, Thursday 2024-08-15
    case(UP, "has announced the establishment of a military commandant's office", set(), True),
    case(UP, "head of the commandant's office on 15 August", {("2024-08-15", "day")}, True),
    case(UP, "On 6 August, Ukrainian forces launched", {("2024-08-06", "day")}, True),
    case(UP, "On 13 August, Syrskyi reported", {("2024-08-13", "day")}, True),
    case(UP, "had advanced 1-2 km in some areas", {("2024-08-14", "day")}, True),
    case(UP, "near the village of Martynovka on 14-15 August", {("2024-08-14", "day")}, True),
    # BBC, Sunday 2022-04-03
    case(BBC, "found lying in the streets on Saturday", {("2022-04-02", "day")}, True),
    case(BBC, "withdrew from the town at the end of March", {("2022-03", "month")}, True),
    case(BBC, "the entire Kyiv region had been retaken", {("2022-04-02", "day"), ("2022-02", "month")}, True),
    case(BBC, "280 people had been buried", set(), True),
    case(BBC, "May God forgive them", set(), True),
    case(BBC, "denied the accusations on Sunday", {("2022-04-03", "day")}, True),
    case(BBC, "At talks in Istanbul on Tuesday", {("2022-03-29", "day")}, True),
    case(BBC, "pulled out of Irpin and Hostomel between 29 March and 2 April", {("2022-03-29", "day")}, True),
    case(BBC, "told the Sunday Times", set(), True),
    case(BBC, "Soldiers now march through streets", set(), True),
    case(BBC, "will address the UN Security Council on Tuesday", {("2022-04-05", "day")}, True),
    case(BBC, "A street in Bucha after Russian troops withdrew", set(), True),  # photo caption
    # Al Jazeera, Tuesday 2024-08-06
    case(AJ, "launched its full-scale invasion of Ukraine in February 2022", {("2022-02", "month")}, True),
    case(AJ, "at 05:30 Moscow time (02:30 GMT) on Tuesday", {("2024-08-06", "day")}, True),
    case(AJ, "its troops and border guards had repelled", set(), True),
    case(AJ, "In May, Russia opened a new front", {("2024-05", "month"), ("2024-02", "month")}, True),
    case(AJ, "meeting with security officials on Wednesday", {("2024-08-07", "day")}, True),
    case(AJ, "is operating normally, its press service said on Tuesday", {("2024-08-06", "day")}, True),
    case(AJ, "A view shows a damaged building", set(), True),  # photo caption
    # Guardian, Tuesday 2024-05-14
    case(GUARDIAN, "long-delayed $61bn US military aid package", set(), True),
    case(GUARDIAN, "arrived on Tuesday morning", {("2024-05-14", "day"), ("2022-02", "month")}, True),
    case(GUARDIAN, "Congress finally passed the aid package last month", {("2024-04", "month")}, True),
    case(GUARDIAN, "general staff said on Tuesday", {("2024-05-14", "day")}, True),
    case(GUARDIAN, "Vovchansk, a town of 17,000 people", set(), True),
    case(GUARDIAN, "Moscow launched the offensive on Friday", {("2024-05-10", "day")}, True),
    case(GUARDIAN, "will meet in Prague later this month", {("2024-05", "month"), ("2024-07", "month")}, True),
    case(GUARDIAN, "In an interview with the Sunday Times", set(), True),
    case(GUARDIAN, "Putin on Sunday nominated the economist", {("2024-05-12", "day")}, True),
    case(GUARDIAN, "Antony Blinken at Kyiv railway station", set(), True),  # photo caption
    # CNN, Wednesday 2024-05-15
    case(CNN, "his spokesman said on Wednesday", {("2024-05-15", "day")}, True),
    case(CNN, "Spain and Portugal later this week", {("2024-05-13", "week")}, True),
    case(CNN, "assault across the border on Friday", {("2024-05-10", "day")}, True),
    case(CNN, "Last week, Russian President Vladimir Putin was inaugurated",
         {("2024-05-06", "week"), ("2024-05-12", "day")}, True),
    case(CNN, "Ukraine’s military said Tuesday", {("2024-05-14", "day")}, True),
    case(CNN, "CNN could not independently verify", set(), True),
    case(CNN, "Earlier this month, Ukrainian officials warned", {("2024-05", "month")}, True),
    case(CNN, "which Zelensky signed in April, will come into force on Saturday",
         {("2024-04", "month"), ("2024-05-18", "day")}, True),
    # Meduza, Sunday 2024-05-12
    case(MEDUZA, "On Sunday evening, Vladimir Putin submitted", {("2024-05-12", "day")}, True),
    case(MEDUZA, "headed the Defense Ministry since November 2012", {("2012-11", "month")}, True),
    case(MEDUZA, "fifth presidential term on May 7", {("2024-05-07", "day")}, True),
    case(MEDUZA, "interior ministers next week", {("2024-05-13", "week")}, True),
    case(MEDUZA, "In April, Deputy Defense Minister Timur Ivanov", {("2024-04", "month")}, True),
    case(MEDUZA, "economic adviser from 2013 to 2020", {("2013", "year")}, True),
    # ISW, Monday 2024-05-13
    case(ISW, "of Kharkiv City on May 12 and 13", {("2024-05-12", "day")}, False),
    case(ISW, "Geolocated footage published on May 12", {("2024-05-12", "day")}, True),
    case(ISW, "claimed on May 13 that Russian forces seized Lukyantsi", {("2024-05-13", "day")}, True),
    case(ISW, "marginal gains near Lyptsi on May 10-12", {("2024-05-10", "day")}, True),
    case(ISW, "as defense minister on May 12", {("2024-05-12", "day")}, True),
    case(ISW, "ISW assessed in late April", {("2024-04", "month")}, False),
    case(ISW, "recently made advances near Chasiv Yar", set(), True),
    case(ISW, "will likely be able to stabilize the front", set(), True),
    case(ISW, "The data cut-off for this product", set(), True),  # boilerplate note
    # Yahoo News repost of AP, Saturday 2024-05-11
    case(YAHOO, "launched a ground offensive on Friday", {("2024-05-10", "day")}, True),
    case(YAHOO, "heavy battles were raging near Vovchansk", set(), True),
    case(YAHOO, "evacuated from the area since Friday", {("2024-05-10", "day"), ("2024-05-11", "day")}, True),
    case(YAHOO, "said on Wednesday that its forces had captured two more villages", {("2024-05-08", "day")}, True),
    case(YAHOO, "Zelenskyy said Friday that Ukraine had expected", {("2024-05-10", "day")}, True),
    case(YAHOO, "signed into law by President Joe Biden on April 24", {("2024-04-24", "day")}, True),
    case(YAHOO, "in a counteroffensive in September 2022", {("2022-09", "month")}, True),
    case(YAHOO, "Putin will visit China next week", {("2024-05-13", "week"), ("2024-05-10", "day")}, True),
]


_R = NO_PUB + PUB_REUTERS
_G = NO_PUB + PUB_GUARDIAN
_U = NO_PUB + PUB_UP
DATES_XFAIL: dict[tuple[str, str], str] = {
}
ENTRY_DATES = marked(ENTRY_DATES, DATES_XFAIL)


@pytest.mark.parametrize(("article", "words", "expected", "exact"), ENTRY_DATES)
def test_entry_dates(timeline: dict[str, Any], article: str, words: str, expected: set[D], exact: bool) -> None:
    found = {_source_date(entry, source) for entry, source in _hits(timeline, article, words)}
    if exact:
        assert found == expected
    else:
        assert expected <= found


# (article, words, start, end): a range keeps its end
RANGES: list[Any] = [
    case(R_KHARKIV, "between May 10 and 13", "2024-05-10", "2024-05-13"),
    case(UP, "on 14-15 August", "2024-08-14", "2024-08-15"),
    case(BBC, "between 29 March and 2 April", "2022-03-29", "2022-04-02"),
    case(ISW, "on May 10-12", "2024-05-10", "2024-05-12"),
    case(MEDUZA, "from 2013 to 2020", "2013", "2020"),
]


@pytest.mark.parametrize(("article", "words", "start", "end"), RANGES)
def test_range(timeline: dict[str, Any], article: str, words: str, start: str, end: str) -> None:
    found = {(entry["value"], entry["end"]) for entry, _ in _hits(timeline, article, words)}
    assert (start, end) in found


def test_no_date_outside_what_the_articles_talk_about(timeline: dict[str, Any]) -> None:
    """Numbers ($61 billion, 1,775 residents, 4:30 p.m., 1-2 km) never become years."""
    bad = [(s["article"], e["value"], s["text"][:60]) for e in timeline["entries"] for s in e["sources"]
           if s["article"] in ARTICLES and not ("2012" <= e["value"][:4] <= "2024")]
    assert bad == []


# ------------------------------------------------------------------- claims and cites

# (article, words, claim statuses a careful editor accepts, the party it is attributed to or None)
CLAIMS: list[Any] = [
    case(R_KHARKIV, "The Russian Defence Ministry said its forces had taken nine villages",
         {"attributed"}, "Russian Defence Ministry"),
    case(R_KHARKIV, "Ukraine's General Staff said on Tuesday", {"attributed"},
         "General Staff of the Armed Forces of Ukraine"),
    case(R_KHARKIV, "will travel to China on Thursday", {"attributed"}, "Kremlin"),
    case(R_BAKHMUT, "hand the city over to the Russian army", {"attributed"}, None),
    case(AP, "The same day, a Russian missile strike", {"attributed"}, None),
    case(AP, "General Staff said on Sunday", {"attributed"}, "General Staff of the Armed Forces of Ukraine"),
    case(AP, "It said Saturday that its forces had taken", {"attributed", "unverified"}, "Russian Defence Ministry"),
    case(AP, "On Thursday, Russian missiles hit", {"stated"}, None),
    case(TASS, "liberated the communities of Bugrovatka", {"attributed"}, "Russian Defence Ministry"),
    case(TASS, "Fighting in Volchansk itself began on Saturday", {"attributed"}, None),
    case(TASS, "completed the liberation of Artemovsk", {"stated"}, None),
    case(UKRINFORM, "on February 15, Russian missiles hit Lviv", {"stated"}, None),
    case(KI, "Oleksandr Syrskyi said on Aug. 12", {"attributed"}, None),
    case(KI, "into Kursk Oblast on Aug. 6", {"stated"}, None),
    case(UP, "near the village of Martynovka", {"attributed"}, "Russian Defence Ministry"),
    case(BBC, "the entire Kyiv region had been retaken", {"attributed"}, "Ministry of Defence of Ukraine"),
    case(BBC, "denied the accusations on Sunday", {"attributed"}, "Russian Defence Ministry"),
    case(BBC, "withdrew from the town at the end of March", {"stated"}, None),
    case(BBC, "pulled out of Irpin and Hostomel", {"attributed"}, None),
    case(AJ, "at 05:30 Moscow time", {"attributed"}, "Russian Defence Ministry"),
    case(AJ, "meeting with security officials on Wednesday", {"attributed"}, "Kremlin"),
    case(AJ, "In May, Russia opened a new front", {"stated"}, None),
    case(GUARDIAN, "general staff said on Tuesday", {"attributed"}, "General Staff of the Armed Forces of Ukraine"),
    case(GUARDIAN, "Moscow launched the offensive on Friday", {"attributed"}, "Russian Defence Ministry"),
    case(GUARDIAN, "arrived on Tuesday morning", {"stated"}, None),
    case(CNN, "Ukraine’s military said Tuesday", {"attributed"}, "Armed Forces of Ukraine"),
    case(CNN, "Spain and Portugal later this week", {"attributed"}, None),
    case(CNN, "his spokesman said on Wednesday", {"attributed"}, None),
    case(MEDUZA, "On Sunday evening, Vladimir Putin submitted", {"attributed"}, None),
    case(ISW, "claimed on May 13 that Russian forces seized Lukyantsi", {"attributed", "unverified"},
         "Russian Defence Ministry"),
    case(YAHOO, "captured two more villages", {"unverified"}, "Russian Defence Ministry"),
    case(YAHOO, "Putin will visit China next week", {"attributed"}, "Kremlin"),
]


CLAIMS_XFAIL: dict[tuple[str, str], str] = {}
CLAIMS = marked(CLAIMS, CLAIMS_XFAIL)


@pytest.mark.parametrize(("article", "words", "statuses", "by"), CLAIMS)
def test_claim(timeline: dict[str, Any], article: str, words: str, statuses: set[str], by: str | None) -> None:
    hits = _hits(timeline, article, words)
    assert hits, f"no entry from {words!r}"
    for entry, _ in hits:
        assert entry["claim"]["status"] in statuses
        if by is not None:
            assert entry["claim"]["by"] == by


# (article, words, cite name or None, accepted kinds)
CITES: list[Any] = [
    case(R_KHARKIV, "told reporters on Monday on condition of anonymity", None, {"official", "anonymous"}),
    case(R_KHARKIV, "The Russian Defence Ministry said its forces", "Russian Defence Ministry", {"institution"}),
    case(TASS, "Fighting in Volchansk itself began on Saturday", None, {"anonymous", "official"}),
    case(BBC, "pulled out of Irpin and Hostomel", None, {"official"}),
    case(ISW, "claimed on May 13", "Russian Defence Ministry", {"institution"}),
    case(AJ, "at 05:30 Moscow time", "Russian Defence Ministry", {"institution"}),
    case(GUARDIAN, "general staff said on Tuesday", "General Staff of the Armed Forces of Ukraine", {"institution"}),
]


CITES = marked(CITES, {
})


@pytest.mark.parametrize(("article", "words", "name", "kinds"), CITES)
def test_cites(timeline: dict[str, Any], article: str, words: str, name: str | None, kinds: set[str]) -> None:
    hits = _hits(timeline, article, words)
    assert hits, f"no entry from {words!r}"
    for entry, _ in hits:
        matching = [c for c in entry["cites"] if c["kind"] in kinds and (name is None or c["name"] == name)]
        assert matching, entry["cites"]


# ------------------------------------------------------------------------------ places

# (article, words, place slugs the sentence names, whatever the spelling)
PLACES: list[Any] = [
    case(R_KHARKIV, "Russia said on Tuesday its forces had captured", {"kharkiv"}),
    case(R_KHARKIV, "Ukraine's General Staff said on Tuesday", {"vovchansk"}),
    case(R_KHARKIV, "killed on Monday when a Russian drone", {"lyptsi"}),
    case(R_KHARKIV, "arrived in Kyiv by train", {"kyiv"}),
    case(R_KHARKIV, "which Ukrainian troops abandoned in February", {"avdiivka", "donetsk"}),
    case(R_BAKHMUT, "his forces had taken full control of Bakhmut", {"bakhmut"}),
    case(R_BAKHMUT, "Earlier this month, Prigozhin threatened", {"bakhmut"}),
    case(AP, "on Saturday afternoon, killing at least 12", {"kharkiv"}),
    case(AP, "General Staff said on Sunday", {"pokrovsk"}),
    case(TASS, "liberated the communities of Bugrovatka", {"kharkiv", "lukyantsi"}),
    case(TASS, "Fighting in Volchansk itself began", {"vovchansk"}),
    case(TASS, "west of Avdeyevka", {"avdiivka"}),
    case(TASS, "over the Belgorod Region on May 12", {"belgorod"}),
    case(TASS, "completed the liberation of Artemovsk", {"bakhmut"}),
    case(UKRINFORM, "encircle Avdiivka since October 10, 2023", {"avdiivka"}),
    case(UKRINFORM, "Russian missiles hit Lviv", {"lviv"}),
    case(KI, "Oleksandr Syrskyi said on Aug. 12", {"kursk"}),
    case(KI, "focal point of the fighting since last week", {"sudzha"}),
    case(UP, "On 13 August, Syrskyi reported", {"kursk", "sudzha"}),
    case(BBC, "found lying in the streets on Saturday", {"bucha", "kyiv"}),
    case(BBC, "At talks in Istanbul on Tuesday", {"kyiv", "chernihiv"}),
    case(BBC, "pulled out of Irpin and Hostomel", {"irpin", "hostomel"}),
    case(AJ, "In May, Russia opened a new front", {"kharkiv", "avdiivka"}),
    case(AJ, "fighting off a cross-border incursion", {"kursk"}),
    case(GUARDIAN, "general staff said on Tuesday", {"lukyantsi", "vovchansk"}),
    case(CNN, "assault across the border on Friday", {"vovchansk"}),
    case(CNN, "Ukraine’s military said Tuesday", {"lukyantsi", "vovchansk"}),
    case(ISW, "Geolocated footage published on May 12", {"vovchansk"}),
    case(ISW, "claimed on May 13 that Russian forces seized Lukyantsi", {"lukyantsi"}),
    case(ISW, "near Lyptsi on May 10-12", {"lyptsi"}),
    case(ISW, "of Kharkiv City on May 12 and 13", {"kharkiv"}),
    case(YAHOO, "launched a ground offensive on Friday", {"kharkiv"}),
]


PLACES = marked(PLACES, {
})


@pytest.mark.parametrize(("article", "words", "slugs"), PLACES)
def test_places(timeline: dict[str, Any], article: str, words: str, slugs: set[str]) -> None:
    hits = _hits(timeline, article, words)
    assert hits, f"no entry from {words!r}"
    for entry, _ in hits:
        assert slugs <= {p["slug"] for p in entry["places"]}


# ---------------------------------------------------------------------------- cleaning


class _BodyParagraphs(HTMLParser):
    """The text of each <p> inside the article page's <section class="body">, backlinks left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._in_body = False
        self._in_p = False
        self._skip = 0
        self._buf: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        cls = dict(attrs).get("class") or ""
        if tag == "section" and "body" in cls.split():
            self._in_body = True
        elif self._in_body and tag == "p":
            self._in_p, self._buf = True, []
        elif self._in_p and tag == "a" and "backlink" in cls.split():
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "section" and self._in_body:
            self._in_body = False
        elif tag == "p" and self._in_p:
            self._in_p = False
            self.paragraphs.append(_norm("".join(self._buf)))
        elif tag == "a" and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if self._in_p and not self._skip:
            self._buf.append(data)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def bodies(site: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for article_id in ARTICLES:
        parser = _BodyParagraphs()
        parser.feed((site / "articles" / article_id / "index.html").read_text("utf-8"))
        out[article_id] = parser.paragraphs
    return out


# id: (first words of the first body line, first words of the last body line,
#      body lines between them that are junk, lines that are neither junk nor body text:
#      the standfirst and a site's own paragraph labels)
LAYOUT: dict[str, tuple[str, str, tuple[str, ...], tuple[str, ...]]] = {
    R_KHARKIV: ("KYIV, May 14 (Reuters)", "Military analysts say", (), ()),
    R_BAKHMUT: ("MOSCOW/KYIV, May 20 (Reuters)", "In his video on Saturday", (), ()),
    AP: ("KHARKIV, Ukraine (AP)", "Ukraine’s General Staff said on Sunday", (), ()),
    TASS: ("MOSCOW, May 13. /TASS/.", "Russian President Vladimir Putin said on Friday", (),
           ("Battlegroup North units inflicted losses",)),
    UKRINFORM: ("Commander-in-Chief of the Armed Forces of Ukraine Oleksandr Syrskyi has decided",
                "As Ukrinform reported", (), ()),
    KI: ("Ukrainian forces control around", "The town of Sudzha", (), ()),
    UP: ("Commander-in-Chief of the Armed Forces of Ukraine Oleksandr Syrskyi has announced",
         "The Russian Defence Ministry claimed", (), ("Source: Syrskyi on Telegram", "Background:")),
    BBC: ("Ukraine has accused Russian forces", "President Volodymyr Zelensky will address", (), ()),
    AJ: ("Russia says its forces are fighting off", "The Kursk nuclear power plant", (),
         ("Russia says it is fighting off an incursion",)),
    GUARDIAN: ("The US secretary of state, Antony Blinken, has arrived", "Separately, the Kremlin may", (),
               ("US secretary of state’s visit comes",)),
    CNN: ("Ukrainian President Volodymyr Zelensky has postponed", "A new mobilization law", (), ()),
    MEDUZA: ("On Sunday evening, Vladimir Putin", "Belousov, 65, served", (),
             ("Shoigu will become Security Council secretary",)),
    ISW: ("Russian forces continued offensive operations north", "Ukrainian forces will likely be able", (), ()),
    YAHOO: ("KYIV, Ukraine (AP) — Russian forces launched", "Putin will visit China next week", (), ()),
}


def _classify(article_id: str) -> tuple[list[str], list[str]]:
    """Split a fixture's lines into (body paragraphs, junk lines) by its LAYOUT."""
    first, last, inner_junk, neutral = LAYOUT[article_id]
    lines = [_norm(line) for line in (FIXTURE / f"{article_id}.txt").read_text("utf-8").splitlines()]
    lines = [line for line in lines if line]
    start = next(i for i, line in enumerate(lines) if line.startswith(first))
    end = next(i for i, line in enumerate(lines) if line.startswith(last))
    body, junk = [], []
    for i, line in enumerate(lines):
        if any(line.startswith(n) for n in neutral):
            continue
        if start <= i <= end and not any(line.startswith(j) for j in inner_junk):
            body.append(line)
        elif line not in body and line not in junk:
            junk.append(line)
    return body, junk


def _short(line: str) -> str:
    return line[:50]


_JUNK: dict[str, list[tuple[str, str]]] = {}
KEEP_XFAIL: dict[tuple[str, str], str] = {}
JUNK_XFAIL: dict[tuple[str, str], str] = {(a, _short(line)): why for a, rows in _JUNK.items() for line, why in rows}


KEEP_CASES = [case(a, p, xfail=KEEP_XFAIL.get((a, _short(p)))) for a in ARTICLES for p in _classify(a)[0]]
JUNK_CASES = [case(a, j, xfail=JUNK_XFAIL.get((a, _short(j)))) for a in ARTICLES for j in _classify(a)[1]]

_LABEL = re.compile(r"^(?:Details|Quote|Background): ")


@pytest.mark.parametrize(("article_id", "paragraph"), KEEP_CASES)
def test_body_paragraph_kept(bodies: dict[str, list[str]], article_id: str, paragraph: str) -> None:
    text = " ".join(bodies[article_id])
    assert paragraph in text or _LABEL.sub("", paragraph) in text


@pytest.mark.parametrize(("article_id", "line"), JUNK_CASES)
def test_junk_line_removed(bodies: dict[str, list[str]], article_id: str, line: str) -> None:
    paragraphs = bodies[article_id]
    assert line not in paragraphs
    if len(line.split()) >= 5:  # long enough not to occur inside a real sentence
        assert not any(line in p for p in paragraphs)

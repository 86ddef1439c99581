"""The merge tests' builders and sentences: articles, entries, and reports of the same events in other words."""

from __future__ import annotations

from sitegen.models import Article, Entry, Event, OutletRef, PlaceTag


def outlet(name: str, kind: str = "newspaper") -> OutletRef:
    return OutletRef(name=name, label=name, kind=kind, slug=name.lower().replace(" ", "-"))


def article(aid: str, outlet_name: str | None, via: str | None = None) -> Article:
    return Article(
        id=aid,
        title=aid,
        paragraphs=(),
        sentences=(),
        published=None,
        published_source="unknown",
        published_evidence="",
        outlet=outlet(outlet_name) if outlet_name else None,
        via=outlet(via, "wire") if via else None,
    )


def entry(
    eid: str, aid: str | None, value: str, text: str, places: tuple[str, ...] = (), **kw: object
) -> Entry:
    precision = {10: "day", 7: "month", 4: "year"}.get(len(value), "week")
    tags = tuple(PlaceTag(slug=p, name=p.title(), matched=p.title()) for p in places)
    return Entry(id=eid, article=aid, value=value, precision=precision, text=text, places=tags, **kw)  # type: ignore[arg-type]


ARTICLES = (
    article("reuters", "Reuters"),
    article("ap", "Associated Press"),
    article("whales", "Unusual Whales", via="Associated Press"),  # an aggregator reposting AP
    article("gaze", "The Gaze"),
    article("tass", "TASS"),
    article("kyivind", "Kyiv Independent"),
    article("rt", "RT"),
    article("nameless", None),
    article("nameless2", None),
)

STRIKE_REUTERS = (
    "A Russian missile strike on the city of Kharkiv killed 7 people and wounded 21 on Saturday, "
    "regional governor Oleh Syniehubov said."
)
STRIKE_AP = "Russian missiles struck Kharkiv on Saturday, killing seven people and wounding 21, Governor Oleh Syniehubov said."
DRONES = "Ukraine's air force said it shot down 12 Russian drones over the Kharkiv region on Saturday."
VILLAGE_TASS = (
    "Russian forces have liberated the village of Ocheretyne in the Donetsk People's Republic, "
    "the Russian Defense Ministry said on Sunday."
)
VILLAGE_KI = "Russian troops captured the village of Ocheretyne in Donetsk Oblast, Ukraine's General Staff confirmed on Sunday."
REPELLED = "Ukrainian forces repelled 26 Russian attacks near Avdiivka on Sunday, the General Staff said."
BLINKEN_DAY = "Secretary of State Antony Blinken pledged $2 billion in foreign military financing during a visit to Kyiv."
BLINKEN_MONTH = "Blinken announced a $2 billion fund for Ukraine's defense industry in Kyiv in May."
# The seed sentences about Blinken's $2 billion: the AP rewrite dates it "last month".
SEED_AP = (
    "In the midst of these developments, U.S. Secretary of State Antony Blinken visited Ukraine to offer "
    "reassurance of continued American support, announcing a $2 billion arms deal, the majority of which "
    "comes from a package approved last month."
)
SEED_GAZE = (
    "Blinken also announced a new fund to support Ukraine's defense and defense industry: \"The United "
    'States will provide Ukraine with an additional $2 billion in foreign military financing."'
)
EU_2023 = "The EU pledged $2 billion for Ukraine's reconstruction."
WEDNESDAY_1 = (
    "Ukrainian forces retreated from some parts of the country's northeast and engaged in battle with "
    "Russian troops in other areas on Wednesday."
)
WEDNESDAY_2 = "Ukrainian and Russian troops clashed in its streets on Wednesday."
WEDNESDAY_3 = (
    "Vovchansk has been a focal point of recent fighting, and troops clashed in its streets on Wednesday."
)


def groups_of(events: tuple[Event, ...]) -> list[list[str]]:
    """Return each event's member ids (representative first), in timeline order."""
    return [[e.id for e in ev.entries] for ev in events]

"""Outlet registry: loading, strict errors, lookups and detection on varied real-style text."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.badges import badge_kinds
from sitegen.badges.outlet_load import load_outlets
from sitegen.badges.outlets import KINDS
from sitegen.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return load_outlets(tmp_path_factory.mktemp("empty-content"))


def test_registry_covers_the_war(registry) -> None:  # type: ignore[no-untyped-def]
    refs = registry.all()
    assert len(refs) >= 60
    assert {r.kind for r in refs} == set(KINDS)
    assert len({r.slug for r in refs}) == len(refs)
    assert all(r.slug.replace("-", "").isalnum() and r.slug == r.slug.lower() for r in refs)


@pytest.mark.parametrize(
    ("name", "canonical", "kind"),
    [
        ("RT", "RT", "state-media"),
        ("Russia Today", "RT", "state-media"),
        ("rt.com", "RT", "state-media"),
        ("https://www.rt.com/news/1-x/", "RT", "state-media"),
        ("The Washington Post", "The Washington Post", "newspaper"),
        ("Washington Post", "The Washington Post", "newspaper"),
        ("wapo", "The Washington Post", "newspaper"),
        ("AP", "Associated Press", "wire"),
        ("Associated Press", "Associated Press", "wire"),
        ("the associated press", "Associated Press", "wire"),
        ("TASS", "TASS", "state-media"),
        ("Kyiv Independent", "The Kyiv Independent", "online"),
        ("eSocialNews", "eSocialNews", "aggregator"),
        ("Unusual Whales", "Unusual Whales", "online"),
        ("The Gaze", "The Gaze", "online"),
        ("Al Jazeera", "Al Jazeera", "broadcaster"),
        ("news.yahoo.com", "Yahoo News", "aggregator"),
    ],
)
def test_by_name(registry, name: str, canonical: str, kind: str) -> None:  # type: ignore[no-untyped-def]
    ref = registry.by_name(name)
    assert ref is not None
    assert (ref.name, ref.kind) == (canonical, kind)


@pytest.mark.parametrize("name", ["Nobody Times", "", "example.com", "Pentagon"])
def test_by_name_unknown(registry, name: str) -> None:  # type: ignore[no-untyped-def]
    assert registry.by_name(name) is None


def test_full_record(registry) -> None:  # type: ignore[no-untyped-def]
    rt = registry.outlet("rt")
    assert (rt.name, rt.kind, rt.country) == ("RT", "state-media", "RU")
    assert "rt.com" in rt.domains and rt.signatures


# text, url, expected outlet name (None: unknown), expected via, an expected evidence line
DETECT = [
    ("KYIV, Ukraine (AP) — Russian forces pressed their offensive on Wednesday.", None,
     "Associated Press", None, 'dateline "(AP) —" on line 1'),
    ("KYIV, May 15 (Reuters) - Russian troops advanced near Vovchansk.\nReporting by Tom Balmforth; Editing by X",
     None, "Reuters", None, 'dateline "(Reuters) -" on line 1'),
    ("MOSCOW, May 13. /TASS/. Russian troops liberated the settlement of Lukyantsy.", None, "TASS", None,
     'dateline "/TASS/" on line 1'),
    ("KYIV, May 15 (Xinhua) -- Ukraine said on Wednesday ...", None, "Xinhua", None, None),
    ("Kyiv, Ukraine (CNN) — Ukraine's military said ...", None, "CNN", None, None),
    ("Zelensky in Kharkiv: the front is holding | Ukrainska Pravda\nBody.", None, "Ukrainska Pravda", None,
     'title suffix "| Ukrainska Pravda" on line 1'),
    (("Russia-Ukraine war: List of key events, day 812 | Russia-Ukraine war News | Al Jazeera\nHere is the "
     "situation.\nSource: Al Jazeera and news agencies"), None, "Al Jazeera", None, None),
    ("Ukraine war: Russia opens new front - BBC News\nBy Staff", None, "BBC", None, None),
    ("Russia says it took two villages – DW – 05/12/2024\nText.", None, "Deutsche Welle", None, None),
    ("Kharkiv under fire, an Ukrinform correspondent reports.", None, "Ukrinform", None, None),
    # reposts: the host and the original reporter
    ("Russia presses on Kharkiv | eSocialNews\n\nKYIV, Ukraine (AP) — Russian forces pressed ...\nSource link",
     None, "eSocialNews", "Associated Press", 'title suffix "| eSocialNews" on line 1'),
    ("Some headline\nMOSCOW, May 13 /TASS/. The ministry said ...", "https://www.rt.com/russia/1-x/", "RT", "TASS",
     "domain rt.com in url"),
    # an unknown host with a wire dateline: the reporter is named as via, the outlet is never guessed
    ("KYIV, Ukraine (AP) — Text.", "https://example-news.net/story", None, "Associated Press",
     "domain example-news.net in url is not in the outlet registry"),
    # no signature at all
    ("US will provide an additional $2 billion\nUkrainian forces retreated on Wednesday.", None, None, None, None),
    # an outlet named in a headline is not the outlet of the page
    ("US hesitant over Kursk incursion aid – WaPo\nText about the Washington Post report.", None, None, None, None),
    # a WordPress auto-reposter without a known name stays unknown, with a hint
    ("Pentagon: Russia has left Kyiv\nText.\nSource link\nWorld News\n%d bloggers like this:", None, None, None,
     ('looks like a WordPress auto-reposter (line "Source link" on line 3, '
     'line "%d bloggers like this:" on line 5)')),
    # one weak signature is not enough
    ("Headline\nText.\nPodcasts", None, None, None, None),
    # --- mastheads: the outlet's name alone on one of the first lines
    ("Skip to content\nPolitico\nNewsletters\nEU weighs new sanctions on Moscow\nBrussels officials met on Monday.",
     None, "Politico", None, 'masthead line "Politico" on line 2'),
    ("Menu\nThe Moscow Times\nNews\nKremlin names new governor\nText.", None, "The Moscow Times", None, None),
    ("Institute for the Study of War\nHome\nIran Update, June 3, 2024\nText.", None,
     "Institute for the Study of War", None, 'masthead line "Institute for the Study of War" on line 1'),
    # keep: a wire's bare name is a photo credit, a government's a menu line; a name far down is no masthead
    ("Drone strike hits Odesa port\nA crane burns in the port of Odesa on Monday.\nReuters\nText.", None,
     None, None, None),
    ("Menu\nWhite House\nCongress\nSenate passes aid bill\nText.", None, None, None, None),
    ("\n".join(["Menu"] + [f"Section {i}" for i in range(16)] + ["Politico", "Text."]), None, None, None, None),
    # a masthead line and a wire dateline below it: the host and the original reporter
    ("Yahoo News\nSign in\nHeadline\nThe Associated Press\nLVIV, Ukraine (AP) — Text.", None,
     "Yahoo News", "Associated Press", None),
    # --- bylines that end with the outlet
    ("Headline\nBy Anna Koval and Peter Grant, Al Jazeera\nText.", None, "Al Jazeera", None,
     'byline "By Anna Koval and Peter Grant, Al Jazeera" on line 2'),
    ("Headline\nBy Maria Petrova | Reuters\nText.", None, "Reuters", None, None),
    ("Headline\nStory by Novaya Gazeta Europe\nText.", None, "Novaya Gazeta Europe", None, None),
    ("Headline\nBy Maria Petrova, CNN\nText.", "https://example-news.net/a", None, "CNN", None),
    # keep: a byline naming only people, and a sentence that starts with "By"
    ("Headline\nBy Maria Petrova and Ivan Sirko\nText.", None, None, None, None),
    ("Headline\nBy Tuesday, the army had reached the river, officials told Reuters\nText.", None, None, None, None),
    # --- support prompts
    ("Headline\nText.\nSupport Novaya Gazeta Europe\nMore.", None, "Novaya Gazeta Europe", None,
     'support prompt "Support Novaya Gazeta Europe" on line 3'),
    ("Headline\nText.\nSupport UP or become our patron!", None, "Ukrainska Pravda", None, None),
    ("Headline\nText.\nSupport us\nSupport Ukraine\nSupport independent journalism", None, None, None, None),
    # --- weak signs: a self-reference and the outlet's domain in the text together, never one alone
    ("Headline\nA drone hit Lviv on Monday, Ukrinform reports.\nLinks to ukrinform.net are obligatory.", None,
     "Ukrinform", None, 'domain in text "ukrinform.net" on line 3'),
    ("Headline\nA drone hit Lviv on Monday, Ukrinform reports.\nText.", None, None, None, None),
    ("Headline\nKyiv was hit, Ukrinform reports.\nOdesa was hit, Ukrinform reports.", None, None, None, None),
    ("Headline\nSee https://www.bbc.com/news/1 and www.bbc.co.uk/news/2 for more.", None, None, None, None),
    ("Headline\nWrite to tips@microsoft.com or visit newsft.com today.", None, None, None, None),
]


@pytest.mark.parametrize(("text", "url", "outlet", "via", "evidence"), DETECT)
def test_detect(registry, text: str, url: str | None, outlet: str | None, via: str | None,  # type: ignore[no-untyped-def]
                evidence: str | None) -> None:
    found = registry.detect(text, url)
    assert (found.outlet.name if found.outlet else None) == outlet
    assert (found.via.name if found.via else None) == via
    if evidence is not None:
        assert evidence in found.evidence


@pytest.mark.parametrize(
    ("seed", "url", "outlet", "kind", "evidence"),
    [
        ("004_93ccbc94cf436395.txt", None, "RT", "state-media",
         'icon strip "icon bookmark-bicon bookmarkicon camera" on line 1'),
        ("004_93ccbc94cf436395.txt", "https://www.rt.com/news/603011-us-hesitant-over-kursk-incursion-aid/", "RT",
         "state-media", "domain rt.com in url"),
        ("002_cb167d76c2003ad8.txt", None, "RT", "state-media",
         'section label "Russia & Former Soviet Union" on line 1'),
        ("003_e5ce4aec9f18bd2d.txt", None, "eSocialNews", "aggregator", 'title suffix "| eSocialNews" on line 1'),
        ("000_78a07b355fdcaa3e.txt", None, None, None, None),
        ("001_7e86e347368b4871.txt", None, None, None, None),
    ],
)
def test_detect_seeds(registry, seed: str, url: str | None, outlet: str | None, kind: str | None,  # type: ignore[no-untyped-def]
                      evidence: str | None) -> None:
    found = registry.detect((SEEDS / seed).read_text(encoding="utf-8"), url)
    assert (found.outlet.name if found.outlet else None) == outlet
    assert (found.outlet.kind if found.outlet else None) == kind
    assert found.via is None
    if evidence:
        assert evidence in found.evidence


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "sources.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_site_file_adds_and_amends(tmp_path: Path) -> None:
    registry = load_outlets(write(tmp_path, (
        "outlets:\n"
        "  - name: Frontline Digest\n"
        "    kind: aggregator\n"
        "    domains: [frontline-digest.example.org]\n"
        "    signatures:\n"
        "      - {type: title-suffix, text: '~ Frontline Digest'}\n"
        "  - name: RT\n"
        "    description: Corrected by the editors.\n")))
    new = registry.by_name("frontline-digest.example.org")
    assert new is not None and (new.name, new.kind, new.slug) == ("Frontline Digest", "aggregator", "frontline-digest")
    assert registry.detect("War news ~ Frontline Digest\nText", None).outlet == new
    rt = registry.outlet("rt")
    assert rt.description == "Corrected by the editors."
    assert rt.kind == "state-media" and "rt.com" in rt.domains


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("outlets:\n  - name: X News\n    kind: online\n    domian: [x.example]\n",
         "sources.yaml:4: outlets[0].domian: unknown key; did you mean domains?"),
        ("outlets:\n  - name: X News\n    kind: onlin\n",
         "sources.yaml:3: outlets[0].kind: unknown value 'onlin'; did you mean online?"),
        ("outlets:\n  - name: X News\n",
         ("sources.yaml:2: outlets[0]: a new outlet needs the key 'kind' (wire, newspaper, broadcaster, online, "
         "aggregator, government, state-media, research)")),
        ("outlets:\n  - name: X News\n    kind: online\n    domains: [https://x.example/]\n",
         ("sources.yaml:4: outlets[0].domains[0]: 'https://x.example/' is not a bare domain such as rt.com "
         "(no scheme, path or www. needed)")),
        ("outlets:\n  - name: X News\n    kind: online\n    slug: X News\n",
         "sources.yaml:4: outlets[0].slug: must be lower-case letters, digits and single hyphens (URL-safe)"),
        ("outlets:\n  - name: X News\n    kind: online\n    signatures:\n      - {type: regex, text: '(unclosed'}\n",
         ("sources.yaml:5: outlets[0].signatures[0].text: not a valid regular expression: missing ), unterminated "
          "subpattern at position 0")),
        ("outlet:\n  - name: X\n", "sources.yaml:1: outlet: unknown key; did you mean outlets?"),
        ("outlets:\n  - name: X\n    kind: online\n  name: Y\n",
         "sources.yaml:4:3: this line's indentation does not match the lines above"),
    ],
)
def test_strict_errors(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError) as err:
        load_outlets(write(tmp_path, text))
    assert str(err.value) == f"{tmp_path}/{message}"


def test_duplicate_alias_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        load_outlets(write(tmp_path, "outlets:\n  - name: Fake RT\n    kind: online\n    aliases: [Russia Today]\n"))
    assert "'russia today' names both RT" in str(err.value)


def test_badge_kinds_cover_every_kind() -> None:
    kinds = badge_kinds()
    assert set(kinds) == {*KINDS, "unknown"}
    assert kinds["state-media"].label == "State-controlled media"
    assert kinds["wire"].label == "Wire service"
    assert all(k.explanation and k.short for k in kinds.values())
    assert set(badge_kinds("claim")) == {"stated", "attributed", "unverified"}
    assert set(badge_kinds("cite")) == {"outlet", "institution", "official", "anonymous", "person", "unknown"}
    with pytest.raises(KeyError):
        badge_kinds("colour")


def test_signature_scan_matches_the_full_alternation(registry) -> None:  # type: ignore[no-untyped-def]
    """Scanning with only the signatures whose literal occurs gives the full alternation's matches."""
    import random
    import re

    families = ((registry._anywhere, 0), (registry._suffix, re.MULTILINE))
    full = [re.compile("|".join(a.pattern for a in family._alternatives), flags) for family, flags in families]
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts += [text for text, *_ in DETECT]
    signatures = [sig.text for outlet in registry._outlets.values() for sig in outlet.signatures]
    rng = random.Random(7)
    for _ in range(200):
        lines = rng.choice(texts).split("\n")
        for text in rng.sample(signatures, 3):
            variant = rng.choice((text, text.replace("-", "\u2014"), text.replace(" ", "  "), "Headline " + text))
            lines.insert(rng.randrange(len(lines) + 1), variant)
        texts.append("\n".join(lines))
    for text in texts:
        for (family, _), pattern in zip(families, full, strict=True):
            fast = [(m.span(), m.lastgroup) for m in family.finditer(text)]
            assert fast == [(m.span(), m.lastgroup) for m in pattern.finditer(text)], text

"""Gazetteer: variant spellings, whole-word matching, order, site additions, strict errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.badges.places import load_places
from sitegen.errors import ConfigError


@pytest.fixture(scope="module")
def gazetteer(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return load_places(tmp_path_factory.mktemp("empty-content"))


REQUIRED = {
    "kyiv": ["Kyiv", "Kiev"], "kharkiv": ["Kharkiv", "Kharkov"], "vovchansk": ["Vovchansk", "Volchansk"],
    "chernihiv": ["Chernihiv", "Chernigov"], "pokrovsk": ["Pokrovsk", "Krasnoarmeysk"],
    "kostiantynivka": ["Kostiantynivka", "Konstantinovka"], "luhansk": ["Luhansk", "Lugansk"],
    "odesa": ["Odesa", "Odessa"], "bakhmut": ["Bakhmut", "Artemovsk", "Artyomovsk"],
    "mykolaiv": ["Mykolaiv", "Nikolaev", "Nikolayev"], "zaporizhzhia": ["Zaporizhzhia", "Zaporozhye"],
    "kherson": ["Kherson"], "donetsk": ["Donetsk"], "donbas": ["Donbas", "Donbass"], "crimea": ["Crimea"],
    "kursk": ["Kursk"], "belgorod": ["Belgorod"], "bucha": ["Bucha"], "irpin": ["Irpin"], "mariupol": ["Mariupol"],
    "avdiivka": ["Avdiivka", "Avdeevka"], "izium": ["Izium", "Izyum"], "lyman": ["Lyman", "Krasny Liman"],
    "sumy": ["Sumy"], "dnipro": ["Dnipro", "Dnepr", "Dnipropetrovsk"], "lviv": ["Lviv", "Lvov"],
    "zhytomyr": ["Zhytomyr"], "sievierodonetsk": ["Sievierodonetsk", "Severodonetsk"],
    "lysychansk": ["Lysychansk", "Lisichansk"], "melitopol": ["Melitopol"], "berdiansk": ["Berdiansk"],
    "kupiansk": ["Kupiansk", "Kupyansk"], "lukyantsi": ["Lukyantsi"], "lyptsi": ["Liptsi", "Lyptsi"],
    "vesele": ["Vesele", "Vesyoloe"], "neskuchne": ["Neskuchne", "Neskuchnoye"], "sudzha": ["Sudzha"],
    "moscow": ["Moscow"], "beijing": ["Beijing"], "brussels": ["Brussels"], "belarus": ["Belarus"],
    "russia": ["Russia"], "ukraine": ["Ukraine"], "taiwan": ["Taiwan"], "washington-dc": ["Washington, D.C."],
}


@pytest.mark.parametrize(("slug", "spellings"), sorted(REQUIRED.items()))
def test_required_places_and_spellings(gazetteer, slug: str, spellings: list[str]) -> None:  # type: ignore[no-untyped-def]
    place = gazetteer.place(slug)
    assert -90 <= place.lat <= 90 and -180 <= place.lon <= 180 and (place.lat, place.lon) != (0.0, 0.0)
    for spelling in spellings:
        assert [(t.slug, t.matched) for t in gazetteer.tag(f"Fighting near {spelling} went on.")] == [
            (slug, spelling)]


def test_coordinates_are_real(gazetteer) -> None:  # type: ignore[no-untyped-def]
    kyiv, kharkiv = gazetteer.place("kyiv"), gazetteer.place("kharkiv")
    assert (round(kyiv.lat), round(kyiv.lon)) == (50, 31)
    assert (round(kharkiv.lat), round(kharkiv.lon)) == (50, 36)
    assert len(gazetteer.all()) >= 50
    ukrainian = [p for p in gazetteer.all() if p.country == "UA"]
    assert all(44 <= p.lat <= 53 and 22 <= p.lon <= 41 for p in ukrainian)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (("According to statements by Russia’s Defense Ministry and reports on the ground, its forces have secured "
         "several villages in Kharkov Region since last Friday, and have made advancements near the settlements "
         "of Volchansk, Neskuchnoye, Liptsi, and Vesyoloe."),
         [("russia", "Russia"), ("kharkiv", "Kharkov"), ("vovchansk", "Volchansk"), ("neskuchne", "Neskuchnoye"),
          ("lyptsi", "Liptsi"), ("vesele", "Vesyoloe")]),
        # a surname that starts like a city is not the city
        ("Oleksii Kharkivskyi, head of the city’s patrol police, reported that Russian troops were in Vovchansk.",
         [("vovchansk", "Vovchansk")]),
        # possessives, repeats, order of first mention
        ("Ukraine’s army left Kharkiv's suburbs; Ukraine's allies and Kyiv's partners met in Kyiv.",
         [("ukraine", "Ukraine"), ("kharkiv", "Kharkiv"), ("kyiv", "Kyiv")]),
        # a capital named for its government is an actor, not a place
        ("Kiev sends reserves to Kharkov", [("kharkiv", "Kharkov")]),
        ("Kiev launched its largest incursion into Russian territory", [("russia", "Russian territory")]),
        ("Moscow, however, ruled out negotiations with Kiev", []),
        ("Russian forces left the Ukrainian capital, Kyiv, as Moscow prepares", [("kyiv", "Kyiv")]),
        ("the Kursk Region and Kursk Oblast", [("kursk", "Kursk")]),
        # bare Washington is the US government, and outlet names are not places
        ("Washington said, the Washington Post and the Kyiv Independent reported.", []),
        ("The summit in Washington, D.C. ended.", [("washington-dc", "Washington, D.C.")]),
        ("the Russia-Ukraine war", [("russia", "Russia"), ("ukraine", "Ukraine")]),
        ("Kharkivska oblast, Odessan, Crimean, Russian, Ukrainians", []),
        ("", []),
    ],
)
def test_tag(gazetteer, text: str, expected: list[tuple[str, str]]) -> None:  # type: ignore[no-untyped-def]
    """Places are tagged once each in order of mention; capitals used for their government are not places."""
    tags = gazetteer.tag(text)
    assert [(t.slug, t.matched) for t in tags] == expected
    for tag in tags:
        assert tag.matched in text and tag.name == gazetteer.place(tag.slug).name


def test_site_file_adds_and_amends(tmp_path: Path) -> None:
    (tmp_path / "places.yaml").write_text(
        "places:\n"
        "  - {name: Hlyboke, variants: [Glubokoye], lat: 50.2, lon: 36.3, kind: village, country: UA}\n"
        "  - {name: Kharkiv, variants: [Kharkov, Charkow]}\n"
        "ignore: [Kharkov Tractor Plant]\n", encoding="utf-8")
    gazetteer = load_places(tmp_path)
    assert [(t.slug, t.matched) for t in gazetteer.tag("Glubokoye and Charkow, not the Kharkov Tractor Plant")] == [
        ("hlyboke", "Glubokoye"), ("kharkiv", "Charkow")]
    assert gazetteer.place("kharkiv").lat == pytest.approx(49.9935)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("places:\n  - {name: X, lat: 50, lon: 36, variant: [Y]}\n",
         ":2: places[0].variant: unknown key; did you mean variants?"),
        ("places:\n  - {name: X, lat: 95, lon: 36}\n", ":2: places[0].lat: must be between -90 and 90, not 95"),
        ("places:\n  - {name: X, lat: north, lon: 36}\n", ":2: places[0].lat: expected a number, got text 'north'"),
        ("places:\n  - {name: X, lon: 36}\n", ":2: places[0]: a new place needs the key 'lat'"),
        # the shared strict loader's checks apply to the gazetteer too
        ("places:\n  - {name: X, lat: 1, lon: 2}\nignore: [a]\nplaces: []\n",
         ":4: places: duplicate key (first on line 1); YAML keeps only one of them, so merge the two"),
        ("places:\n  - name: X\n    kind: !!python/name:os.system ''\n",
         (":3: places[0].kind: the tag !!python/name:os.system is not allowed; only text, numbers, true/false, "
         "dates, lists and mappings are")),
        ("places:\n\t- {name: X}\n", ":2:1: a tab character; indent with spaces, not tabs"),
        ("places:\n  - {name: X, lat: true, lon: 2}\n", ":2: places[0].lat: expected a number, got true"),
        ("places:\n  - {name: X, lat: 1, lon: 2, variants: [Kiev]}\n",
         ":2: places[0].variants: the spelling 'Kiev' names both Kyiv and X; a spelling must name one place"),
    ],
)
def test_strict_errors(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "places.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_places(tmp_path)
    assert str(err.value) == f"{tmp_path / 'places.yaml'}{message}"


def test_tagging_matches_one_named_group_per_spelling(gazetteer) -> None:  # type: ignore[no-untyped-def]
    """One alternation without groups, keyed back by the matched text, finds what a group per spelling finds."""
    import re

    from sitegen.badges.places import Gazetteer

    bare = Gazetteer(gazetteer.all())  # no actor rules: every spelling is a place

    from sitegen.badges._text import first_char_guard, literal_pattern

    spellings: dict[str, str] = {}
    for place in gazetteer.all():
        for spelling in (place.name, *place.variants):
            spellings.setdefault(spelling, place.slug)
    ordered = sorted(spellings, key=lambda s: (-len(s), s))
    body = "|".join(f"(?P<p{i}>{literal_pattern(s)})" for i, s in enumerate(ordered))
    plain = re.compile(rf"(?<![\w]){first_char_guard(ordered)}(?:{body})(?![\w])")
    root = Path(__file__).resolve().parents[2]
    files = sorted((root / "seeds").glob("*.txt")) + sorted(
        (root / "eval" / "wikinews-timeline-trial" / "articles").glob("*.txt"))
    texts = [f.read_text(encoding="utf-8") for f in files]
    for spelling in ordered:
        for variant in (spelling, spelling.replace(" ", "\n"), spelling.replace("'", "\u2019"),
                        spelling.replace("-", "\u2013"), spelling.upper()):
            texts.append(f"From {variant}'s outskirts to {variant}-based units near {variant}x and ({variant}).")
    for text in texts:
        expected: list[tuple[str, str]] = []
        for m in plain.finditer(text):
            slug = spellings[ordered[int((m.lastgroup or "p")[1:])]]
            if slug not in {s for s, _ in expected}:
                expected.append((slug, m.group(0)))
        assert [(t.slug, t.matched) for t in bare.tag(text)] == expected, text


@pytest.mark.parametrize(
    ("text", "actors"),
    [
        ("Kiev launched its largest incursion to date.", ("Ukrainian government",)),
        ("Washington is still assessing how Kiev’s offensive fits.", ("US government", "Ukrainian government")),
        ("as Moscow prepares to concentrate its forces", ("Russian government",)),
        ("fears a possible escalation with Moscow, the paper reported", ("Russian government",)),
        ("The summit in Washington, D.C. ended.", ()),
        ("Sirens sounded over Kyiv’s suburbs and in Moscow.", ()),
        ("Russian forces have fully withdrawn from Kyiv, and Chernihiv.", ()),
    ],
)
def test_actors(gazetteer, text: str, actors: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    """A capital followed by a verb or a possessive, or after "with", names its government."""
    assert gazetteer.actors(text) == actors


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("actors:\n  examples:\n    - {text: 'Kyiv is calm tonight in the rain.', place: kyiv}\n",
         (":3: actors.examples[0]: the example tags the places [] and the actors ['Ukrainian government']; "
          "it should tag the place 'kyiv' and no actor")),
        ("actors:\n  governments:\n    - {government: X, place: atlantis}\n",
         ":3: actors.governments[0].place: no place has the slug 'atlantis'"),
    ],
)
def test_actor_rules_checked_at_load(tmp_path: Path, text: str, message: str) -> None:
    """The site's actor examples are checked when places load, naming file, line and key."""
    (tmp_path / "places.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_places(tmp_path)
    assert str(err.value) == f"{tmp_path / 'places.yaml'}{message}"

"""Cited parties and claim status: table-driven on real-style news sentences, plus the seed expectations."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.badges.attribution import attribute, load_institutions
from sitegen.badges.outlet_load import load_outlets
from sitegen.errors import ConfigError


@pytest.fixture(scope="module")
def registries(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    content = tmp_path_factory.mktemp("empty-content")
    return load_outlets(content), load_institutions(content)


# sentence, context, expected cites [(name, kind)], expected claim (status, by)
CASES = [
    # --- the seeds' sentences
    (("According to statements by Russia’s Defense Ministry and reports on the ground, its forces have secured "
     "several villages in Kharkov Region since last Friday, and have made advancements near the settlements of "
     "Volchansk, Neskuchnoye, Liptsi, and Vesyoloe."), (),
     [("Russian Defence Ministry", "institution")], ("attributed", "Russian Defence Ministry")),
    (("The Ukrainian Armed Forces has lost over 5,000 soldiers since the start of the incursion, the Defense "
     "Ministry reported in an update on Friday."), ("The Washington Post", "Russian Defence Ministry"),
     [("Russian Defence Ministry", "institution")], ("attributed", "Russian Defence Ministry")),
    ("The Ukrainian Armed Forces has lost over 5,000 soldiers, the Defense Ministry reported in an update on Friday.",
     (), [("Defence ministry (unspecified)", "unknown")], ("attributed", "Defence ministry (unspecified)")),
    (("Russia claimed to have captured Lukyantsi, but the claims from both sides could not be independently "
     "verified."), (), [("Russia", "institution")], ("unverified", "Russia")),
    ("According to Bloomberg, Kiev has started to deploy more troops to stabilize the northeastern front line.", (),
     [("Bloomberg", "outlet")], ("attributed", "Bloomberg")),
    (("President Joe Biden’s administration is not convinced by Ukraine’s strategy in Kursk Region, the Washington "
     "Post reported on Saturday, citing sources."), (),
     [("The Washington Post", "outlet"), ("anonymous sources", "anonymous")], ("attributed", "The Washington Post")),
    (("TASS news agency has also reported, citing a source within the Russian military, that a number of Ukrainian "
     "units appear to have been transferred north to Kharkov."), (),
     [("TASS", "outlet"), ("Russian military source (anonymous)", "anonymous")], ("attributed", "TASS")),
    ("The Russian Defense Ministry said the advance into Kursk Region had been halted.", (),
     [("Russian Defence Ministry", "institution")], ("attributed", "Russian Defence Ministry")),
    (("Washington is still assessing how Kiev’s offensive “fits into their strategic objectives,” Pentagon deputy "
     "spokesperson Sabrina Singh said on Thursday."), (),
     [("US Department of Defense", "institution")], ("attributed", "US Department of Defense")),
    ("Pentagon deputy spokesperson Sabrina Singh said on Thursday that talks continue.", (),
     [("US Department of Defense", "institution")], ("attributed", "US Department of Defense")),
    ("According to Ukraine’s General Staff, troops withdrew from two areas in Kharkiv.", (),
     [("General Staff of the Armed Forces of Ukraine", "institution")],
     ("attributed", "General Staff of the Armed Forces of Ukraine")),
    (("Russian troops were occupying positions in the city, while the Ukrainian General Staff stated that their "
     "forces were attempting to drive them out."), (),
     [("General Staff of the Armed Forces of Ukraine", "institution")],
     ("attributed", "General Staff of the Armed Forces of Ukraine")),
    (("“We are assessing that all of the Russians have left,” said a senior U.S. defense official, speaking on "
     "condition of anonymity."), (),
     [("US defense official (anonymous)", "official")], ("attributed", "US defense official (anonymous)")),
    ("“It’s not like Kyiv is somehow immune from further attack,” the official said.",
     ("US Department of Defense", "US defense official (anonymous)"),
     [("US defense official (anonymous)", "official")], ("attributed", "US defense official (anonymous)")),
    ("The US remains unsure whether to help Kiev hold the land, an unnamed diplomat told the Washington Post.", (),
     [("diplomat (anonymous)", "official"), ("The Washington Post", "outlet")],
     ("attributed", "diplomat (anonymous)")),
    ("As noted by the New York Times on Sunday, the capture of Kharkov could “demoralize Ukrainians.”", (),
     [("The New York Times", "outlet")], ("attributed", "The New York Times")),
    ("The Pentagon has asked the Ukrainians what they need, US officials have claimed.", (),
     [("US officials (anonymous)", "official")], ("attributed", "US officials (anonymous)")),
    ("“They may have a plan, but they’re not sharing it with us,” the paper wrote, citing an anonymous US official.",
     ("The Washington Post", "Russian Defence Ministry"),
     [("The Washington Post", "outlet"), ("US official (anonymous)", "official")],
     ("attributed", "The Washington Post")),
    ("Russian forces have fully withdrawn from Kyiv and Chernihiv, the Pentagon said Wednesday.", (),
     [("US Department of Defense", "institution")], ("attributed", "US Department of Defense")),
    ("This was also confirmed by the army’s general staff on Monday.", (),
     [("General Staff of the Armed Forces of Ukraine", "institution")],
     ("attributed", "General Staff of the Armed Forces of Ukraine")),
    ("The Ukrainian presidential office announced that reinforcements were being deployed.", (),
     [("Ukrainian Presidential Office", "institution")], ("attributed", "Ukrainian Presidential Office")),
    ("US Republican presidential nominee Donald Trump said earlier this week that stockpiles are “empty.”", (),
     [("Donald Trump", "person")], ("attributed", "Donald Trump")),
    ("Russian Ambassador to the US Anatoly Antonov claimed earlier this week that Washington could end it.", (),
     [("Anatoly Antonov", "person")], ("attributed", "Anatoly Antonov")),
    ("“We’re still working and still have some questions,” she added.", ("US Department of Defense",),
     [("US Department of Defense", "institution")], ("attributed", "US Department of Defense")),
    # --- other outlets' styles
    ("KYIV, Ukraine (AP) — Russian forces pressed their offensive in the Kharkiv region on Wednesday.", (), [],
     ("stated", None)),
    ("Ukraine's military said on Sunday it had shot down 31 of 37 drones launched by Russia overnight.", (),
     [("Armed Forces of Ukraine", "institution")], ("attributed", "Armed Forces of Ukraine")),
    ("Reuters could not independently verify the battlefield reports.", (), [], ("unverified", None)),
    ("Kremlin spokesman Dmitry Peskov told reporters that Moscow saw no basis for talks.", (),
     [("Kremlin", "institution")], ("attributed", "Kremlin")),
    (("Russia's defence ministry said its forces had taken the village, a claim that Al Jazeera could not "
     "independently verify."), (), [("Russian Defence Ministry", "institution")],
     ("unverified", "Russian Defence Ministry")),
    ("The ISW said in its latest assessment that Russian forces were likely to intensify attacks near Pokrovsk.",
     (), [("Institute for the Study of War", "institution")], ("attributed", "Institute for the Study of War")),
    ("Ukrainska Pravda reported, citing sources in the Presidential Office, that the decree was signed.", (),
     [("Ukrainska Pravda", "outlet"), ("anonymous sources", "anonymous")], ("attributed", "Ukrainska Pravda")),
    ("Two people were killed in the strike, regional governor Oleh Syniehubov said on Telegram.", (),
     [("Oleh Syniehubov", "person")], ("attributed", "Oleh Syniehubov")),
    ("The claim is unconfirmed.", (), [], ("unverified", None)),
    ("Similar reports were published on Sunday claiming that Kiev had been redeploying its reserves.", (), [],
     ("stated", None)),
    ("Kiev launched its largest incursion to date into Russian territory on August 6.", (), [], ("stated", None)),
    ("The General Staff said 20 attacks were repelled.", ("General Staff of the Armed Forces of Ukraine",),
     [("General Staff of the Armed Forces of Ukraine", "institution")],
     ("attributed", "General Staff of the Armed Forces of Ukraine")),
    ("The General Staff said 20 attacks were repelled.", (),
     [("General Staff (unspecified)", "unknown")], ("attributed", "General Staff (unspecified)")),
    ("NATO Secretary General Jens Stoltenberg said allies must deliver more air defence.", (),
     [("NATO", "institution")], ("attributed", "NATO")),
    ("Ukrainian President Volodymyr Zelensky said on Sunday that the front was holding.", (),
     [("Volodymyr Zelensky", "person")], ("attributed", "Volodymyr Zelensky")),
    # --- "it" points back to a body, never to a person
    ("It said on Monday that air defences had downed 12 drones.", ("Russian Defence Ministry", "Vyacheslav Gladkov"),
     [("Russian Defence Ministry", "institution")], ("attributed", "Russian Defence Ministry")),
    ("It said on Monday that air defences had downed 12 drones.", ("Vyacheslav Gladkov",), [], ("attributed", None)),
    ("He said on Monday that 12 drones were downed.", ("Russian Defence Ministry", "Vyacheslav Gladkov"),
     [("Vyacheslav Gladkov", "person")], ("attributed", "Vyacheslav Gladkov")),
    # keep: a "did not comment" party is named (so a later "It said" finds it) but the sentence stays stated
    ("The Kremlin did not immediately respond to a request for comment on Tuesday.", (),
     [("Kremlin", "institution")], ("stated", None)),
    ("Ukraine's Defence Ministry declined to comment, but the regional governor said on Monday that a depot burned.",
     (), [("Ministry of Defence of Ukraine", "institution")], ("attributed", None)),
    # --- "according to X" attributes even when no registry knows X
    ("Four people were wounded on Friday, according to the Polish foreign ministry.", (),
     [("Polish foreign ministry", "unknown")], ("attributed", "Polish foreign ministry")),
    ("The bridge was hit twice on Sunday, according to local residents in Zatoka.", (),
     [("local residents", "unknown")], ("attributed", "local residents")),
    ("Two villages were shelled overnight, according to Serhiy Lysak.", (),
     [("Serhiy Lysak", "person")], ("attributed", "Serhiy Lysak")),
    ("Exports fell on Monday, according to The Odesa Herald.", (),
     [("The Odesa Herald", "unknown")], ("attributed", "The Odesa Herald")),
    ("Prices doubled in May, according to a survey by KIIS, a Kyiv pollster.", (),
     [("KIIS", "unknown")], ("attributed", "KIIS")),
    ("Ten towns lost power on Friday, according to data released June 3 by the grid operator.", (),
     [("data released", "unknown")], ("attributed", "data released")),
    # keep: "according to plan" names no source; a registry name still wins
    ("The withdrawal went according to plan on Thursday.", (), [], ("stated", None)),
    ("Troops rotated according to schedule in March.", (), [], ("stated", None)),
    ("Grain exports rose in June, according to the UN.", (), [("United Nations", "institution")],
     ("attributed", "United Nations")),
    # --- a bracketed abbreviation between the name and the verb
    ("The Ukrainian Ministry of Defense (MoD) reported on Friday that 30 tanks were destroyed.", (),
     [("Ministry of Defence of Ukraine", "institution")], ("attributed", "Ministry of Defence of Ukraine")),
    ("The International Atomic Energy Agency [IAEA] said on Monday that the plant lost power.", (),
     [("International Atomic Energy Agency", "institution")], ("attributed", "International Atomic Energy Agency")),
    # keep: a bracketed word that is no abbreviation still ends the subject
    ("Two towns (both near the border) reported outages on Monday.", (), [], ("stated", None)),
]


@pytest.mark.parametrize(("sentence", "context", "cites", "claim"), CASES)
def test_attribute(registries, sentence: str, context: tuple[str, ...], cites: list[tuple[str, str]],  # type: ignore[no-untyped-def]
                   claim: tuple[str, str | None]) -> None:
    outlets, institutions = registries
    found, status = attribute(sentence, outlets, institutions, context=context)
    assert [(c.name, c.kind) for c in found] == cites
    assert (status.status, status.by) == claim
    for cite in found:
        assert cite.phrase and cite.phrase in sentence
    if status.status != "stated":
        assert status.phrase and status.phrase in sentence


# sentence, the article's own outlet, expected cites, expected claim: an outlet citing itself states the fact
OWN_OUTLET = [
    ("As Interfax-Ukraine reported earlier, on March 3 a drone hit a school in Sumy.", "Interfax-Ukraine",
     [], ("stated", None)),
    ("As Interfax-Ukraine reported earlier, on March 3 a drone hit a school in Sumy.", "Reuters",
     [("Interfax-Ukraine", "outlet")], ("attributed", "Interfax-Ukraine")),
    ("As Interfax-Ukraine reported earlier, on March 3 a drone hit a school in Sumy.", None,
     [("Interfax-Ukraine", "outlet")], ("attributed", "Interfax-Ukraine")),
    # the article's outlet by any of its names; other parties in the sentence are still cited
    ("A source in the General Staff told Reuters on Monday that the brigade was pulled back.", "Thomson Reuters",
     [("anonymous source", "anonymous")], ("attributed", "anonymous source")),
]


@pytest.mark.parametrize(("sentence", "own", "cites", "claim"), OWN_OUTLET)
def test_own_outlet_is_a_statement(registries, sentence: str, own: str | None,  # type: ignore[no-untyped-def]
                                   cites: list[tuple[str, str]], claim: tuple[str, str | None]) -> None:
    outlets, institutions = registries
    found, status = attribute(sentence, outlets, institutions, own_outlet=own)
    assert [(c.name, c.kind) for c in found] == cites
    assert (status.status, status.by) == claim


def test_phrase_keeps_the_article_words(registries) -> None:  # type: ignore[no-untyped-def]
    outlets, institutions = registries
    cites, claim = attribute("Pentagon deputy spokesperson Sabrina Singh said on Thursday that talks continue.",
                             outlets, institutions)
    assert cites[0].phrase == "Pentagon deputy spokesperson Sabrina Singh said"
    assert cites[0].slug == "us-department-of-defense"
    assert claim.phrase == "Pentagon deputy spokesperson Sabrina Singh said"
    _, unverified = attribute("Russia claimed it, but this could not be independently verified.", outlets,
                              institutions)
    assert unverified.phrase == "could not be independently verified"


def test_site_file_extends_institutions_and_phrases(tmp_path: Path) -> None:
    (tmp_path / "institutions.yaml").write_text(
        "institutions:\n"
        "  - name: Kharkiv Regional Military Administration\n"
        "    aliases: [Kharkiv regional administration, the regional administration]\n"
        "phrases:\n"
        "  verbs: [posted]\n"
        "  unverified: [remains to be confirmed]\n", encoding="utf-8")
    outlets, institutions = load_outlets(tmp_path), load_institutions(tmp_path)
    cites, claim = attribute("The regional administration posted that two drones were shot down, which remains "
                             "to be confirmed.", outlets, institutions)
    assert [c.name for c in cites] == ["Kharkiv Regional Military Administration"]
    assert (claim.status, claim.by) == ("unverified", "Kharkiv Regional Military Administration")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("institutions:\n  - name: X\n    alias: [Y]\n",
         ":3: institutions[0].alias: unknown key; did you mean aliases?"),
        ("phrases:\n  verb: [posted]\n", ":2: phrases.verb: unknown key; did you mean verbs?"),
        ("ambiguous:\n  - aliases: [the office]\n    unspecified: Office (unspecified)\n",
         ":2: ambiguous[0]: an ambiguous alias needs 'may_mean' (institution names) or 'outlets: true'"),
        ("anonymous:\n  nouns:\n    spokesperson: named\n",
         ":3: anonymous.nouns.spokesperson: unknown value 'named'; expected one of: official, anonymous"),
    ],
)
def test_strict_errors(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "institutions.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_institutions(tmp_path)
    assert str(err.value) == f"{tmp_path / 'institutions.yaml'}{message}"


def test_words_are_read_as_written(tmp_path: Path) -> None:
    """YAML 1.1 reads a bare `on` or `no` as true/false; in a word list it is the word."""
    (tmp_path / "institutions.yaml").write_text("phrases:\n  prepositions: [on, no, 1984]\n", encoding="utf-8")
    registry = load_institutions(tmp_path)
    assert registry.phrases.prepositions[-3:] == ("on", "no", "1984")
    assert "on" in load_institutions(tmp_path / "missing").phrases.prepositions  # the packaged list has it too


def test_ambiguous_alias_must_name_an_institution(tmp_path: Path) -> None:
    (tmp_path / "institutions.yaml").write_text(
        "ambiguous:\n  - aliases: [the office]\n    may_mean: [Nobody]\n    unspecified: Office (unspecified)\n",
        encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_institutions(tmp_path)
    assert str(err.value) == (f"{tmp_path / 'institutions.yaml'}:3: ambiguous[0].may_mean: 'Nobody' is not an "
                              "institution's canonical name")


def test_registry_lookups(registries) -> None:  # type: ignore[no-untyped-def]
    _, institutions = registries
    for alias in ("the Pentagon", "Pentagon", "U.S. Defense Department"):
        found = institutions.by_name(alias)
        assert found is not None and found.name == "US Department of Defense"
    for alias in ("Russia's Defense Ministry", "the Russian Defense Ministry", "Russian MoD"):
        found = institutions.by_name(alias)
        assert found is not None and found.name == "Russian Defence Ministry"
    assert institutions.by_name("nobody at all") is None
    assert all(i.slug == i.slug.lower() and " " not in i.slug for i in institutions.all())


# ------------------------------------------------- the fast name scan is the plain alternation

ROOT = Path(__file__).resolve().parents[2]


def _news_sentences() -> list[str]:
    files = sorted((ROOT / "seeds").glob("*.txt")) + sorted(
        (ROOT / "eval" / "wikinews-timeline-trial" / "articles").glob("*.txt"))
    return [line for f in files for line in f.read_text(encoding="utf-8").split("\n") if line.strip()]


def test_party_names_are_found_exactly_as_one_alternation_finds_them(registries) -> None:  # type: ignore[no-untyped-def]
    """The scan by first character (and by the word after "the ") gives the plain alternation's matches."""
    import re

    from sitegen.badges._text import first_char_guard

    outlets, institutions = registries
    names = institutions.matchers(outlets).party
    spellings = [spelling for spelling, _, _ in names._names]
    alternation = "|".join(f"(?P<n{i}>{pattern})" for i, (_, pattern, _) in enumerate(names._names))
    plain = re.compile(r"(?<![\w])" + first_char_guard(spellings, any_case=True) + f"(?:{alternation})" + r"(?!\w)")
    texts = _news_sentences()
    for spelling in spellings:
        for variant in (spelling, spelling.lower(), spelling.upper(), f"the {spelling}", f"The  {spelling}'s"):
            texts.append(f"{variant} said, according to the {variant}-linked {variant}x, that the\n{variant}")
    assert len(texts) > 2000
    for text in texts:
        fast = [(m.span(), names.meaning(m)) for m in names.finditer(text)]
        slow = [(m.span(), names._names[int((m.lastgroup or "n")[1:])][2]) for m in plain.finditer(text)]
        assert fast == slow, text

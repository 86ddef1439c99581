"""Tests for sitegen.clean.page: junk patterns as data, headline/standfirst/body by shape."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.clean import page as cleaning
from sitegen.clean.load import load_junk
from sitegen.errors import ConfigError
from sitegen.models import CleanArticle, SourceFile
from sitegen.reader import read_seeds

ROOT = Path(__file__).resolve().parents[2]
JUNK = load_junk(ROOT / "content")
PACKAGED = load_junk(Path("/nonexistent-content-dir"))
HEAD = "Officials meet in Brussels to discuss aid"
P1 = "Defence ministers from 32 countries met in Brussels on Monday to discuss new aid for Ukraine."
P2 = "The talks ended late in the evening without a joint statement, a spokesperson said."


def article(*lines: str, file_id: str = "a") -> CleanArticle:
    return cleaning.clean(SourceFile(file_id, Path(f"seeds/{file_id}.txt"), "\n".join(lines)), JUNK)


def removed(a: CleanArticle) -> list[tuple[int, str]]:
    return [(r.line, r.pattern) for r in a.removed]


# ------------------------------------------------------------------ every pattern is tested


@pytest.mark.parametrize(
    ("name", "example"),
    [(p.name, e) for p in PACKAGED.patterns for e in p.examples],
)
def test_every_packaged_example_is_dropped_by_its_pattern(name: str, example: str) -> None:
    a = article(HEAD, "", P1, "", example, "", P2)
    if PACKAGED.tail(example):
        assert removed(a) == [(5, name), (7, name)]  # a tail drops everything after it
        assert a.paragraphs == (P1,)
    else:
        assert removed(a) == [(5, name)]
        assert a.paragraphs == (P1, P2)


@pytest.mark.parametrize(
    ("name", "keep"),
    [(p.name, k) for p in PACKAGED.patterns for k in p.keeps],
)
def test_every_packaged_keep_survives(name: str, keep: str) -> None:
    a = article(HEAD, "", P1, "", keep, "", P2)
    assert a.paragraphs == (P1, keep, P2), name
    assert a.removed == ()


def test_every_pattern_has_an_example_and_a_description() -> None:
    assert len(PACKAGED.patterns) >= 15
    for p in PACKAGED.patterns:
        assert p.examples and p.description, p.name


# ------------------------------------------------------------------ the seed articles


@pytest.fixture(scope="module")
def seeds() -> dict[str, CleanArticle]:
    return {f.id[:3]: cleaning.clean(f, JUNK) for f in read_seeds(ROOT / "seeds").files}


@pytest.mark.parametrize(
    ("seed", "title", "standfirst"),
    [
        ("000", "US will provide an additional $2 billion in foreign military financing to Ukraine", None),
        ("001", "Russian Advance on Kharkiv Strengthens Coalition in Support of Ukraine", None),
        ("002", "Kiev sends reserves to Kharkov",
         "Russian forces have continued to gain ground near Ukraine’s second-largest city"),
        ("003", "Pentagon: Russia has fully withdrawn from Kyiv, Chernihiv", None),
        ("004", "US hesitant over Kursk incursion aid – WaPo",
         "Washington reportedly has no clear sense of Kiev’s goals in seizing land inside Russia"),
    ],
)
def test_seed_headline_and_standfirst(
    seeds: dict[str, CleanArticle], seed: str, title: str, standfirst: str | None
) -> None:
    assert (seeds[seed].title, seeds[seed].standfirst) == (title, standfirst)


@pytest.mark.parametrize(
    ("seed", "junk"),
    [
        ("000", "US will provide an additional $2 billion in foreign military financing to Ukraine."),
        ("002", "Russia & Former Soviet Union"),
        ("002", "FILE PHOTO"),
        ("002", "READ MORE"),
        ("002", "Leave a Reply"),
        ("002", "Your email address"),
        ("002", "Back to top button"),
        ("003", "Home World"),
        ("003", "eSocialNews"),
        ("003", "As Russia retreats from Kyiv, U.S. sees uglier fights to come"),
        ("003", "U.S. to send Ukraine $100 million worth of antitank Javelins"),
        ("003", "Source link"),
        ("003", "World News"),
        ("003", "%d bloggers like this:"),
        ("004", "icon bookmark"),
        ("004", "24 Aug, 2024 08:41"),
        ("004", "US hesitant over Kursk incursion aid"),
        ("004", "Podcasts"),
        ("004", "0:00"),
        ("004", "29:39"),
        ("004", "28:21"),
    ],
)
def test_seed_junk_is_gone_from_the_body(seeds: dict[str, CleanArticle], seed: str, junk: str) -> None:
    a = seeds[seed]
    assert junk not in a.body
    assert junk not in (a.standfirst or "")


@pytest.mark.parametrize(
    ("seed", "patterns"),
    [
        ("000", [(2, "repeated-headline")]),
        ("001", []),
        ("002", [(1, "section-label"), (7, "photo-credit"), (19, "read-more"), (30, "comment-tail"),
                 (32, "comment-prompt"), (34, "comment-prompt")]),
        ("003", [(1, "breadcrumb"), (13, "related-headline"), (19, "related-headline"), (27, "source-link"),
                 (30, "section-label"), (33, "share-prompt")]),
        ("004", [(1, "icon-strip"), (2, "date-stamp"), (7, "repeated-headline"), (31, "media-player"),
                 (32, "player-clock"), (33, "player-clock"), (34, "player-clock"), (35, "player-clock")]),
    ],
)
def test_seed_removals_name_line_and_pattern(
    seeds: dict[str, CleanArticle], seed: str, patterns: list[tuple[int, str]]
) -> None:
    assert removed(seeds[seed]) == patterns


def test_seed_paragraphs_are_verbatim_source_lines() -> None:
    for source in read_seeds(ROOT / "seeds").files:
        a = cleaning.clean(source, JUNK)
        lines = [line.strip() for line in source.text.split("\n") if line.strip()]
        assert a.paragraphs and all(p in lines for p in a.paragraphs)
        # every non-blank line is the headline, the standfirst, a paragraph or a recorded removal
        assert 1 + (a.standfirst is not None) + len(a.paragraphs) + len(a.removed) == len(lines), source.id


# ------------------------------------------------------------------ structure by shape


@pytest.mark.parametrize(
    ("lines", "title", "standfirst", "paragraphs"),
    [
        # repeat with site suffix and a period, after the standfirst
        ((HEAD, "Ministers weigh a new package of air defences", f"{HEAD} | Example News.", P1, P2),
         HEAD, "Ministers weigh a new package of air defences", (P1, P2)),
        # site suffix removed from the title; the repeat is plain
        ((f"{HEAD} | Example News", HEAD, P1), HEAD, None, (P1,)),
        # a dash is part of a headline, not a site suffix
        (("Talks stall – report", P1), "Talks stall – report", None, (P1,)),
        # a lede that ends like a sentence is not a standfirst
        ((HEAD, P2, P1), HEAD, None, (P2, P1)),
        # a standfirst needs a body after it
        ((HEAD, "Ministers weigh a new package of air defences"), HEAD, None,
         ("Ministers weigh a new package of air defences",)),
        # a first line that reads as a body sentence stays in the body too (a page without a headline)
        ((P1, P2), P1, None, (P1, P2)),
        (("June 9, 2008", "The company today launched a new version of its phone.", P2),
         "The company today launched a new version of its phone.", None,
         ("The company today launched a new version of its phone.", P2)),
        # a crosshead (short line between paragraphs) is kept; a related headline is not
        ((HEAD, P1, "Air defence", P2), HEAD, None, (P1, "Air defence", P2)),
        ((HEAD, P1, "Germany pledges new Patriot battery for Kyiv after talks", P2), HEAD, None, (P1, P2)),
        # a short unpunctuated line at the end is not between paragraphs: kept
        ((HEAD, P1, P2, "Germany pledges new Patriot battery for Kyiv"), HEAD, None,
         (P1, P2, "Germany pledges new Patriot battery for Kyiv")),
        # everything junk: the id stands in for the title
        (("Advertisement", "Share", "0:00"), "a", None, ()),
        ((), "a", None, ()),
    ],
)
def test_structure(lines: tuple[str, ...], title: str, standfirst: str | None, paragraphs: tuple[str, ...]) -> None:
    a = article(*lines)
    assert (a.title, a.standfirst, a.paragraphs) == (title, standfirst, paragraphs)


@pytest.mark.parametrize(
    ("lines", "title", "menu"),
    [
        # a menu above the headline goes; junk lines count towards the run
        (("Home", "Markets", "Sport", "Opinion", HEAD, P1), HEAD, [(2, "menu-run")]),
        (("Markets", "Podcasts", "Gadgets", HEAD, P1), HEAD, [(1, "menu-run"), (3, "menu-run")]),
        # an author box between headline and body goes
        ((HEAD, "Jane Doe", "Kyiv correspondent", "Reporting fromKyiv", P1), HEAD,
         [(2, "menu-run"), (3, "menu-run"), (4, "menu-run")]),
        # a short headline right above the body is kept
        (("Home", "Markets", "Kyiv under fire", P1), "Kyiv under fire", [(2, "menu-run")]),
        # two short lines are not a run
        (("Kyiv under fire", "Gadgets", P1), "Kyiv under fire", []),
        # short lines inside the body are not touched
        ((HEAD, P1, "Air defence", "Artillery", "Drones", P2), HEAD, []),
    ],
)
def test_menu_runs(lines: tuple[str, ...], title: str, menu: list[tuple[int, str]]) -> None:
    a = article(*lines)
    assert a.title == title
    assert [r for r in removed(a) if r[1] == "menu-run"] == menu


REUTERS_LIKE = """Skip to main content
Exclusive news, data and analytics for financial market professionals
World
Europe
Ukraine says it repelled Russian attacks near Kharkiv
By Pavel Polityuk and Max Hunder
May 14, 2024 5:32 PM GMT+3 Updated 2 hours ago
Ukrainian servicemen ride a tank near Kharkiv. REUTERS/Vyacheslav Madiyevskyy Purchase Licensing Rights, opens new tab
Summary
KYIV, May 14 (Reuters) - Ukrainian forces repelled Russian attacks near Kharkiv on Tuesday, the military said.
Advertisement · Scroll to continue
The general staff said 14 Russian assaults had been beaten back in the area overnight.
Sign up here.
Reporting by Pavel Polityuk; Editing by Mark Heinrich
Our Standards: The Thomson Reuters Trust Principles., opens new tab
Share
X
Facebook
Email
Purchase Licensing Rights
Read Next"""

BBC_LIKE = """Skip to content
BBC News
Home
News
Sport
Ukraine war: Russian strikes hit Kharkiv power plant
22 March 2024
Share
Save
James Waterhouse
Ukraine correspondent
Reporting fromKyiv
Image source, Reuters
Image caption,
Russia has launched one of its biggest attacks on Ukraine's energy infrastructure, officials say.
More than 60 drones and 90 missiles were fired overnight, the Ukrainian air force said.
Related topics
Russia-Ukraine war
More on this story
Ukraine war in maps
Published 2 hours ago"""


@pytest.mark.parametrize(
    ("text", "title", "paragraphs"),
    [
        (REUTERS_LIKE, "Ukraine says it repelled Russian attacks near Kharkiv",
         (("KYIV, May 14 (Reuters) - Ukrainian forces repelled Russian attacks near Kharkiv on Tuesday, the military "
          "said."), "The general staff said 14 Russian assaults had been beaten back in the area overnight.")),
        (BBC_LIKE, "Ukraine war: Russian strikes hit Kharkiv power plant",
         ("Russia has launched one of its biggest attacks on Ukraine's energy infrastructure, officials say.",
          "More than 60 drones and 90 missiles were fired overnight, the Ukrainian air force said.")),
    ],
)
def test_other_outlets_page_furniture(text: str, title: str, paragraphs: tuple[str, ...]) -> None:
    a = cleaning.clean(SourceFile("x", Path("x.txt"), text), JUNK)
    assert (a.title, a.standfirst, a.paragraphs) == (title, None, paragraphs)
    assert len(a.removed) == text.count("\n") + 1 - 1 - len(paragraphs)


def test_long_first_sentence_gives_a_shortened_title() -> None:
    first = ("Defence ministers from thirty-two countries met in Brussels on Monday to discuss a new package "
             "of air defences, artillery shells and long-range drones for Ukraine's army.")
    a = article(first, P2)
    assert a.paragraphs == (first, P2)
    assert len(a.title) <= cleaning.TITLE_MAX_CHARS + 1 and a.title.endswith("…")
    assert first.startswith(a.title[:-1])


def test_tail_only_after_the_body_starts() -> None:
    a = article("Comments are closed", HEAD, P1, "Leave a comment", P2, "Name *")
    assert a.title == HEAD
    assert a.paragraphs == (P1,)
    assert removed(a) == [(1, "comment-tail"), (4, "comment-tail"), (5, "comment-tail"), (6, "comment-prompt")]


def test_hard_wrapped_text_is_joined_per_block() -> None:
    text = (
        "Ministers agree on air defence plan\n\n"
        "Defence ministers from 32 countries met in Brussels on Monday to\n"
        "discuss new aid for Ukraine, including air defence systems and\n"
        "artillery shells, officials said after the meeting ended.\n\n"
        "The talks ended late in the evening without a joint statement, a\n"
        "spokesperson for the alliance said on Tuesday morning in Brussels.\n"
        "Advertisement\n"
    )
    a = cleaning.clean(SourceFile("w", Path("w.txt"), text), JUNK)
    assert a.paragraphs == (
        ("Defence ministers from 32 countries met in Brussels on Monday to discuss new aid for Ukraine, including "
        "air defence systems and artillery shells, officials said after the meeting ended."),
        ("The talks ended late in the evening without a joint statement, a spokesperson for the alliance said "
        "on Tuesday morning in Brussels."),
    )
    assert removed(a) == [(9, "advertisement")]


def test_clean_is_pure_and_deterministic() -> None:
    source = SourceFile("x", Path("x.txt"), f"{HEAD}\nAdvertisement\n{P1}\n{P2}")
    assert cleaning.clean(source, JUNK) == cleaning.clean(source, JUNK)


# ------------------------------------------------------------------ loading content/junk.yaml


def write_site(tmp_path: Path, text: str) -> Path:
    (tmp_path / "junk.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_site_patterns_are_added_and_disabled(tmp_path: Path) -> None:
    junk = load_junk(write_site(tmp_path, """
disable: [byline]
patterns:
  - name: newsroom-signoff
    kind: prefix
    texts: ["— Our Kyiv bureau"]
    description: the paper's sign-off
    examples: ["— Our Kyiv bureau, with agencies"]
"""))
    assert "byline" not in junk.names() and junk.names()[-1] == "newsroom-signoff"
    assert junk.match("— Our Kyiv bureau, with agencies") == "newsroom-signoff"
    assert junk.match("By Jane Doe, Reuters") is None
    assert PACKAGED.match("By Jane Doe, Reuters") == "byline"


def test_empty_site_file_is_fine(tmp_path: Path) -> None:
    assert load_junk(write_site(tmp_path, "# nothing yet\n")).names() == PACKAGED.names()


PATTERN = "patterns:\n  - name: x\n    kind: exact\n    texts: [Foo]\n    description: d\n    examples: [Foo]\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("patern: []\n", "junk.yaml:1: patern: unknown key; did you mean patterns?"),
        (PATTERN + "    exmples: [a]\n", "junk.yaml:7: patterns[0].exmples: unknown key; did you mean examples?"),
        (PATTERN.replace("kind: exact", "kind: exakt"),
         "junk.yaml:3: patterns[0].kind: unknown kind 'exakt'; did you mean exact?"),
        (PATTERN.replace("name: x", "name: Bad Name"),
         "junk.yaml:2: patterns[0].name: 'Bad Name' is not a pattern name; use lowercase letters, digits and dashes"),
        (PATTERN.replace("kind: exact\n    texts: [Foo]", "kind: line\n    regex: '(unclosed'"),
         ("junk.yaml:4: patterns[0].regex: not a valid regular expression: missing ), unterminated subpattern "
         "at position 0")),
        (PATTERN.replace("kind: exact\n    texts: [Foo]", "kind: line"),
         "junk.yaml:2: patterns[0]: missing key 'regex' (a 'line' pattern needs one)"),
        (PATTERN.replace("texts: [Foo]", "regex: Foo"),
         "junk.yaml:4: patterns[0].regex: a 'exact' pattern takes texts, not a regex (use kind: line for a regex)"),
        (PATTERN.replace("examples: [Foo]", "examples: [Bar]"),
         ("junk.yaml:6: patterns[0].examples[0]: this example is not matched by the pattern; "
         "fix the pattern or the example")),
        (PATTERN + "    keeps: [foo]\n",
         "junk.yaml:7: patterns[0].keeps[0]: this line must be kept but the pattern drops it; narrow the pattern"),
        (PATTERN.replace("examples: [Foo]", "examples: []"),
         "junk.yaml:6: patterns[0].examples: expected a list with at least one item"),
        (PATTERN + "    max_words: many\n",
         "junk.yaml:7: patterns[0].max_words: expected a whole number of at least 1, got text 'many'"),
        (PATTERN.replace("texts: [Foo]", "texts: Foo"),
         "junk.yaml:4: patterns[0].texts: expected a list, got text 'Foo'"),
        (PATTERN.replace("description: d", "description: 12"),
         ("junk.yaml:5: patterns[0].description: expected text, got the number 12; put it in quotes if it is "
         "meant as text")),
        (PATTERN + PATTERN.replace("patterns:\n", ""),
         "junk.yaml:7: patterns[1].name: a junk pattern named 'x' is already defined on line 2; names must be unique"),
        ("disable: [bylin]\n", "junk.yaml:1: disable[0]: no packaged junk pattern is called 'bylin'; did you mean byline?"),
        (PATTERN.replace("name: x", "name: byline"),
         ("junk.yaml:2: name: a packaged junk pattern ({src}) already has this name; choose another name, "
         "or list 'byline' under disable: to replace it")),
        ("patterns:\n  - name: x\n    name: y\n", ("junk.yaml:3: patterns[0].name: duplicate key (first on line 2); "
                                                 "YAML keeps only one of them, so merge the two")),
    ],
)
def test_bad_site_junk_file(tmp_path: Path, text: str, message: str) -> None:
    write_site(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_junk(tmp_path)
    byline = next(p for p in PACKAGED.patterns if p.name == "byline")
    assert err.value.render() == f"{tmp_path}/" + message.replace("{src}", byline.source)


# ------------------------------------------------------------------ the headline beside the byline/stamp

B1 = "Rescue teams in Odesa worked through the night to reach people trapped under the rubble, officials said."
B2 = "The regional governor said on Wednesday that at least nine people had been killed in the strike."
HEADLINE = "Drone strike on Odesa apartment block kills nine"
STANDFIRST = "Rescuers search the rubble as the city mourns its dead"


@pytest.mark.parametrize(
    ("lines", "title", "standfirst", "paragraphs", "furniture"),
    [
        # a masthead, its tagline and a newsletter name above the headline are not the title
        (("Odesa Daily", "Independent news from the Black Sea coast", "Morning Briefing. Every day.", HEADLINE,
          "By Iryna Koval", B1, B2), HEADLINE, None, (B1, B2), [(1, "masthead"), (2, "masthead"), (3, "masthead")]),
        # a consent banner heading first, the headline above the stamp
        (("We value your privacy", "Accept All", "Manage preferences", HEADLINE, "Updated 9:40 PM EEST, Wed June 7, 2023",
          B1, B2), HEADLINE, None, (B1, B2), []),
        # headline and standfirst above the byline: the first is the headline
        (("Skip to content", "Opinion", HEADLINE, STANDFIRST, "Iryna Koval in Odesa", "Wed 7 Jun 2023 21.40 BST",
          B1, B2), HEADLINE, STANDFIRST, (B1, B2), []),
        # the stamp is printed above the headline, a rubric above the stamp
        (("Regional news", "War in the south", "7 JUN 2023, 21:40", HEADLINE, STANDFIRST, B1, B2),
         HEADLINE, STANDFIRST, (B1, B2), [(1, "masthead"), (2, "masthead")]),
        # between the byline and the body: a caption with its credit, a counter, a share label go
        ((HEADLINE, "Iryna Koval — Wednesday, 7 June 2023, 21:40", "Firefighters at the site (State Emergency Service)",
          "Views 2 310", "share3", B1, B2), HEADLINE, None, (B1, B2),
         [(3, "header-furniture")]),
        # a lede that ends like a sentence is the body, even right under the byline
        ((HEADLINE, "By Iryna Koval", "Nine killed in Odesa.", B1), HEADLINE, None, ("Nine killed in Odesa.", B1), []),
        # no byline or stamp: the first surviving line is still the headline
        (("Odesa Daily", HEADLINE, B1), "Odesa Daily", HEADLINE, (B1,), []),
    ],
)
def test_headline_beside_byline_or_stamp(lines: tuple[str, ...], title: str, standfirst: str | None,
                                         paragraphs: tuple[str, ...], furniture: list[tuple[int, str]]) -> None:
    a = article(*lines)
    assert (a.title, a.standfirst, a.paragraphs) == (title, standfirst, paragraphs)
    assert [r for r in removed(a) if r[1] in ("masthead", "header-furniture")] == furniture


# ------------------------------------------------------------------ after the body: promos, author boxes, footers


@pytest.mark.parametrize(
    ("lines", "paragraphs", "patterns"),
    [
        # a promo block mid-body ends at the next paragraph
        ((HEAD, P1, "Read more", "Ukraine says it downed 30 drones overnight", P2), (P1, P2),
         [(3, "read-more"), (4, "read-more")]),
        # at the end it takes everything after it
        ((HEAD, P1, P2, "Related article", "Kyiv hit by largest drone attack", "See all topics", "Facebook Tweet"),
         (P1, P2), [(4, "promo-block"), (5, "promo-block"), (6, "footer-link"), (7, "share-strip")]),
        # a tail marker ends the page, but only once the body has begun
        (("Read next", HEAD, P1, "Read next", "Ukraine says it downed 30 drones overnight", P2), (P1,),
         [(1, "promo-tail"), (4, "promo-tail"), (5, "promo-tail"), (6, "promo-tail")]),
        # an author box: name, job, a bio opening with the surname or the full name
        ((HEAD, P1, P2, "IRYNA KOVAL", "Koval covers the war in southern Ukraine for the agency."), (P1, P2),
         [(4, "byline"), (5, "author-box")]),
        ((HEAD, P1, P2, "Iryna Koval", "Correspondent", "Iryna Koval is a correspondent for Odesa Daily."), (P1, P2),
         [(4, "author-box"), (5, "author-box"), (6, "author-box")]),
        # keep: a name-like line not followed by its bio stays
        ((HEAD, P1, "Black Sea Fleet", "Russia moved most of its ships out of Sevastopol last year, officials said."),
         (P1, "Black Sea Fleet", "Russia moved most of its ships out of Sevastopol last year, officials said."), []),
        # the short lines in the furniture after the body go; junk starts the furniture
        ((HEAD, P1, P2, "Advertisement", "Week in Europe", "Privacy Dashboard"), (P1, P2),
         [(4, "advertisement"), (5, "trailing-furniture"), (6, "footer-link")]),
        # wire credits, separators and follow links
        ((HEAD, P1, P2, "___", "Koval reported from Odesa. Associated Press writer Jan Nowak in Warsaw contributed.",
          "Follow AP’s coverage of the war at https://apnews.com/hub/russia-ukraine"), (P1, P2),
         [(4, "rule-line"), (5, "contributor-credit"), (6, "follow-link")]),
    ],
)
def test_after_the_body(lines: tuple[str, ...], paragraphs: tuple[str, ...], patterns: list[tuple[int, str]]) -> None:
    a = article(*lines)
    assert a.title == HEAD
    assert a.paragraphs == paragraphs
    assert removed(a) == patterns


@pytest.mark.parametrize(
    "line",
    [
        "10:41 pm, May 12, 2024",
        "Updated 3:32 AM EDT, Wed May 15, 2024",
        "May 13, 2024, 8:25pm ET",
        "Sat, May 11, 2024, 4:14 AM GMT+3·4 min read",
        "2:48 PM GMT+1",
        "May 14, 20241:05 PM GMT+1Updated 2 hours ago",
        "17.02.2024 01:53",
    ],
)
def test_stamp_only_lines_are_dropped(line: str) -> None:
    assert PACKAGED.match(line) == "date-stamp"


@pytest.mark.parametrize(
    "line",
    [
        "On May 12, 2024, Russian forces entered Vovchansk.",
        "At 2:48 PM GMT+1 the sirens sounded across Kyiv.",
        "Kyiv Independent reporters saw the damage on May 12, 2024.",
        "The Associated Press reported the strike on Saturday.",
        "Sources: the ministry said 12 villages were captured.",
        "Russia and its partners said the talks would continue in June.",
    ],
)
def test_article_sentences_are_not_junk(line: str) -> None:
    assert PACKAGED.match(line) is None and PACKAGED.tail(line) is None and PACKAGED.block(line) is None


def test_site_pattern_may_be_an_anchor_block_or_tail(tmp_path: Path) -> None:
    junk = load_junk(write_site(tmp_path, """
patterns:
  - name: desk-stamp
    kind: line
    anchor: true
    regex: 'Odesa desk, \\d{1,2} \\w+'
    description: the paper's desk stamp
    examples: ["Odesa desk, 7 June"]
  - name: more-from-us
    kind: block
    texts: ["More from Odesa Daily"]
    description: the paper's promo block
    examples: ["More from Odesa Daily"]
"""))
    assert "desk-stamp" in junk.anchors and "date-stamp" in junk.anchors
    assert junk.block("More from Odesa Daily") == "more-from-us"
    page = ["Odesa Daily", "Morning Briefing", "Top stories", HEADLINE, "Odesa desk, 7 June", B1,
            "More from Odesa Daily", "Port reopens after strike", B2]
    a = cleaning.clean(SourceFile("o", Path("o.txt"), "\n".join(page)), junk)
    assert (a.title, a.paragraphs) == (HEADLINE, (B1, B2))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (PATTERN + "    anchor: yes please\n",
         "junk.yaml:7: patterns[0].anchor: expected true or false, got text 'yes please'"),
        (PATTERN.replace("kind: exact\n    texts: [Foo]", "kind: block\n    regex: Foo"),
         "junk.yaml:4: patterns[0].regex: a 'block' pattern takes texts, not a regex (use kind: line for a regex)"),
    ],
)
def test_bad_anchor_or_block(tmp_path: Path, text: str, message: str) -> None:
    write_site(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_junk(tmp_path)
    assert err.value.render() == f"{tmp_path}/" + message

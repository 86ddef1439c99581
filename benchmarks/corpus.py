"""A deterministic generator of synthetic news articles for fixture sites and benchmarks.

`write_corpus(out_dir, n)` writes ``out_dir/seeds/*.txt`` (copy-pasted-looking news
pages: headline, site junk, sometimes a date stamp, body sentences with real-style
temporal expressions, places in several spellings and attributions) and
``out_dir/content/`` (``site.yaml`` and ``overrides/articles.yaml`` giving the
publication facts a page does not state, as editors would). The same ``n`` and
``seed`` always give byte-identical files.

With ``wire`` (a share of the articles, 0 to 1), that share of the articles are reposts of
wire stories, as syndication does: a pool of Reuters/AP stories, a few popular ones reaching
hundreds of sites, each repost published on the story's day or a few days later by another
outlet (``via`` the wire in the overrides), carrying the story's sentences verbatim or with
small edits (a word changed, a clause added or dropped, other quotes and dashes). Without
``wire`` the output is byte-identical to what it was before the option existed.

    python benchmarks/corpus.py --articles 2000 --out /tmp/corpus
    python benchmarks/corpus.py --articles 10000 --wire 0.6 --out /tmp/wire-corpus
    sitegen build --seeds /tmp/corpus/seeds --content /tmp/corpus/content --output /tmp/site
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

SPAN_START = date(2022, 4, 1)
SPAN_END = date(2024, 8, 31)

# (canonical outlet name, how its pages are stamped; None: the page states no date)
OUTLETS: tuple[tuple[str, str | None], ...] = (
    ("Reuters", "%B %d, %Y %I:%M %p GMT"),
    ("Associated Press", "Updated %I:%M %p GMT, %B %d, %Y"),
    ("BBC News", "%d %B %Y"),
    ("The Guardian", "%a %d %b %Y %H.%M BST"),
    ("The Washington Post", "%B %d, %Y at %I:%M p.m. EDT"),
    ("The New York Times", "%B %d, %Y"),
    ("Al Jazeera", "Published On %d %b %Y"),
    ("The Kyiv Independent", "%B %d, %Y %I:%M %p"),
    ("RT", "%d %b, %Y %H:%M"),
    ("TASS", "%d %b %Y, %H:%M"),
    ("CNN", "Updated %I:%M %p EDT, %a %B %d, %Y"),
    ("Bloomberg", "%B %d, %Y at %I:%M %p EDT"),
    ("Unusual Whales", None),
    ("The Gaze", None),
    ("eSocialNews", None),
)

# Canonical place and the spellings articles use for it.
PLACES: tuple[tuple[str, ...], ...] = (
    ("Kyiv", "Kiev"),
    ("Kharkiv", "Kharkov"),
    ("Vovchansk", "Volchansk"),
    ("Donetsk",),
    ("Bakhmut", "Artyomovsk"),
    ("Avdiivka", "Avdeevka"),
    ("Zaporizhzhia", "Zaporozhye"),
    ("Kherson",),
    ("Odesa", "Odessa"),
    ("Mariupol",),
    ("Kursk",),
    ("Belgorod",),
    ("Chernihiv", "Chernigov"),
    ("Sumy",),
    ("Lviv", "Lvov"),
    ("Crimea",),
    ("Pokrovsk", "Krasnoarmeysk"),
    ("Sevastopol",),
    ("Mykolaiv", "Nikolaev"),
    ("Dnipro",),
)

SOURCES_SAID = (
    "Ukraine's General Staff said",
    "the Russian Defense Ministry said",
    "the Pentagon said",
    "a senior U.S. defense official said, speaking on condition of anonymity",
    "the regional governor said on Telegram",
    "Ukraine's presidential office announced",
    "the Kremlin said",
    "NATO Secretary General Jens Stoltenberg said",
    "the Institute for the Study of War said in its daily assessment",
    "local officials said",
)
SOURCES_ACCORDING = (
    "According to Ukraine's General Staff,",
    "According to the Russian Defense Ministry,",
    "According to Bloomberg,",
    "According to Reuters,",
    "According to local authorities,",
    "Citing a source within the military, TASS reported that",
    "As noted by the New York Times,",
)

EVENTS = (
    "Russian forces shelled residential areas of {place}, killing {n} civilians and wounding {m}",
    "Ukrainian troops withdrew from positions near {place} to avoid encirclement",
    "a drone attack damaged an energy facility in {place}, leaving {n},000 homes without power",
    "air defences shot down {n} missiles over {place}",
    "the authorities ordered the evacuation of children from villages around {place}",
    "Russian units advanced {n} kilometers toward {place}",
    "Ukrainian forces retook {n} settlements south of {place}",
    "a missile strike hit a railway station in {place}",
    "the United States announced a ${n}00 million military aid package that includes air defence for {place}",
    "a prisoner exchange returned {n} soldiers, some of them captured near {place}",
    "a grain ship left the port of {place} under the export corridor",
    "fighting continued in the streets of {place}",
    "the bridge near {place} was damaged by a strike and closed to traffic",
    "engineers began clearing mines from the outskirts of {place}",
)
UNVERIFIED = (
    " The claim could not be independently verified.",
    " Neither side's account could be independently verified.",
    "",
    "",
    "",
)

HEADLINES = (
    "{place} under fire as fighting intensifies",
    "What we know about the strikes on {place}",
    "Ukraine war: latest from {place}",
    "Officials warn of new offensive near {place}",
    "Aid arrives as {place} counts the cost",
    "Live updates: attacks reported in {place}",
    "{place}: residents describe night of explosions",
    "Analysis: why {place} matters",
)

JUNK_TOP = (
    "Skip to main content",
    "Menu Search Sign in",
    "Advertisement",
    "Home World Europe",
    "Russia & Former Soviet Union",
    "Subscribe to our newsletter",
    "icon bookmark-bicon bookmarkicon cameraicon checkicon chevron downicon closeicon",
)
JUNK_MIDDLE = (
    "READ MORE: {headline}",
    "Advertisement",
    "Related: {headline}",
    "Share this article",
    "FILE PHOTO. Ukrainian soldiers © Getty Images",
)
JUNK_BOTTOM = (
    "Leave a Reply\n\nYour email address will not be published.",
    "Back to top button",
    "Source link",
    "%d bloggers like this:",
    "Share on Facebook Share on X Share via Email",
    "We use cookies to improve your experience. Accept all cookies",
    "Podcasts\n0:00\n29:39",
    "© 2024 All rights reserved.",
)

ABOUT = """# About this fixture

A synthetic chronology generated by `benchmarks/corpus.py`: the articles, outlets'
date stamps, places and attributions are made up in the style of real news pages,
so that the site generator can be tested and timed at scale.
"""

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class CorpusPaths:
    """Where a generated corpus was written."""

    root: Path
    seeds: Path
    content: Path
    articles: int


def _date_phrase(rng: random.Random, published: date) -> str:
    """A real-style temporal expression for a day at or before `published`."""
    back = rng.choice((0, 1, 1, 2, 3, 4, 6, 9, 13, 20))
    day = published - timedelta(days=back)
    style = rng.randrange(9)
    if style == 0 and back < 7:
        return "on " + WEEKDAYS[day.weekday()] if back else "today"
    if style == 1:
        return f"on {day:%B} {day.day}"
    if style == 2:
        return f"on {day.day} {day:%B} {day.year}"
    if style == 3:
        return "last week" if 7 <= back < 14 else "earlier this week"
    if style == 4:
        return f"in {day:%B}"
    if style == 5:
        return f"on the night of {day:%B} {day.day}"
    if style == 6 and day.day > 3:
        first = day - timedelta(days=2)
        return f"between {first:%B} {first.day} and {day.day}"
    if style == 7:
        return "yesterday" if back == 1 else f"on {WEEKDAYS[day.weekday()]}, {day:%B} {day.day}"
    return f"on {day:%B} {day.day}, {day.year}"


def _background_phrase(rng: random.Random, published: date) -> str:
    """A sentence about the longer past: years, seasons, months."""
    year = rng.randint(2022, published.year)
    return rng.choice((
        "The area has been contested since February 2022, when the full-scale invasion began.",
        f"Ukrainian forces pushed Russian troops back from the region in the autumn of {year}.",
        f"Similar attacks were reported in the spring of {year}.",
        f"Officials said the front line had barely moved since late {year}.",
        f"The city was last hit this hard in {SPAN_START:%B} {SPAN_START.year}.",
    ))


def _sentence(rng: random.Random, published: date, place: str) -> str:
    when = _date_phrase(rng, published)
    what = rng.choice(EVENTS).format(place=place, n=rng.randint(2, 40), m=rng.randint(3, 90))
    form = rng.randrange(4)
    if form == 0:
        text = f"{rng.choice(SOURCES_ACCORDING)} {what} {when}."
    elif form == 1:
        text = f"{what[0].upper()}{what[1:]} {when}, {rng.choice(SOURCES_SAID)}."
    elif form == 2:
        text = f"{when[0].upper()}{when[1:]}, {what}."
    else:
        text = f"{what[0].upper()}{what[1:]} {when}."
    return text + rng.choice(UNVERIFIED)


def _article(rng: random.Random, index: int) -> tuple[str, str, dict[str, str | bool]]:
    """Return (file stem, page text, override facts) for one synthetic article."""
    published = SPAN_START + timedelta(days=rng.randrange((SPAN_END - SPAN_START).days + 1))
    outlet, stamp = rng.choice(OUTLETS)
    places = rng.sample(PLACES, k=rng.randint(1, 3))
    spell = [rng.choice(p) for p in places]
    headline = rng.choice(HEADLINES).format(place=spell[0])
    lines: list[str] = []
    lines.extend(rng.sample(JUNK_TOP, k=rng.randint(0, 2)))
    stated = stamp is not None and rng.random() < 0.5
    if stated and stamp is not None:
        lines.append(published.strftime(stamp))
    lines.append(headline)
    if rng.random() < 0.4:
        lines.append(f"Officials in {spell[-1]} say the situation remains tense")
    body: list[str] = []
    for p in range(rng.randint(3, 8)):
        sentences = [_sentence(rng, published, rng.choice(spell)) for _ in range(rng.randint(1, 3))]
        if p == 2:
            sentences.append(_background_phrase(rng, published))
        body.append(" ".join(sentences))
        if rng.random() < 0.15:
            body.append(rng.choice(JUNK_MIDDLE).format(headline=rng.choice(HEADLINES).format(
                place=rng.choice(rng.choice(PLACES)))))
    lines.extend(body)
    lines.extend(rng.sample(JUNK_BOTTOM, k=rng.randint(0, 3)))
    separator = "\n\n" if rng.random() < 0.6 else "\n"
    stem = f"{index:05d}_{rng.getrandbits(64):016x}"
    facts: dict[str, str | bool] = {"outlet": outlet}
    if not stated and rng.random() < 0.9:  # editors supplied the date for most undated pages
        facts["published"] = published.isoformat()
    if rng.random() < 0.5:
        slug = "-".join(headline.lower().replace(":", "").split())
        facts["url"] = f"https://news.example/{published:%Y/%m/%d}/{slug}"
    return stem, separator.join(lines) + "\n", facts


WIRES = ("Reuters", "Associated Press")
# Small edits a reposting site makes: (what the wire wrote, what the site prints).
REWORDINGS = (
    (" said", " stated"),
    ("Russian forces", "Russia's forces"),
    ("Ukrainian forces", "Ukraine's forces"),
    ("the authorities", "authorities"),
    ("killing", "leaving dead"),
    ("damaged", "hit"),
    ("kilometers", "km"),
    ("continued", "went on"),
)
ADDED_CLAUSES = (
    ", officials said",
    ", according to the report",
    ", the agency reported",
    " amid continued fighting",
)
REPOST_DELAYS = (0, 0, 0, 0, 1, 1, 1, 2, 2, 3, 5, 8)  # days between the wire story and a repost


@dataclass(frozen=True)
class WireStory:
    """One wire agency story that many sites repost."""

    wire: str
    day: date
    place: tuple[str, ...]  # the place's spellings
    headline: str
    sentences: tuple[str, ...]


def _wire_stories(rng: random.Random, count: int) -> list[WireStory]:
    """Return `count` wire stories spread over the span, each of 4 to 9 sentences."""
    stories = []
    for _ in range(count):
        day = SPAN_START + timedelta(days=rng.randrange((SPAN_END - SPAN_START).days - 8))
        place = rng.choice(PLACES)
        spell = place[0]
        sentences = [_sentence(rng, day, spell) for _ in range(rng.randint(4, 9))]
        if rng.random() < 0.5:
            sentences.insert(2, _background_phrase(rng, day))
        stories.append(WireStory(rng.choice(WIRES), day, place, rng.choice(HEADLINES).format(place=spell),
                                 tuple(sentences)))
    return stories


def _edited(rng: random.Random, sentence: str) -> str:
    """Return a wire sentence as one reposting site prints it: mostly verbatim, sometimes edited."""
    r = rng.random()
    if r < 0.55:
        return sentence
    if r < 0.70:  # the site's typography: curly apostrophes and quotes, dashes
        return sentence.replace("'", "\u2019").replace(" - ", " \u2013 ").replace(", ", " \u2014 ", 1)
    if r < 0.85:  # a word changed
        found = [(a, b) for a, b in REWORDINGS if a in sentence]
        if found:
            a, b = rng.choice(found)
            return sentence.replace(a, b, 1)
        return sentence
    if r < 0.95:  # a clause added before the full stop of the first sentence
        stop = sentence.find(". ")
        stop = stop if stop > 0 else len(sentence) - 1
        return sentence[:stop] + rng.choice(ADDED_CLAUSES) + sentence[stop:]
    # the "could not be verified" tail dropped
    first = sentence.find(". ")
    return sentence[: first + 1] if first > 0 else sentence


def _repost(rng: random.Random, index: int, story: WireStory) -> tuple[str, str, dict[str, str | bool]]:
    """Return (file stem, page text, override facts) for one site's repost of a wire story."""
    published = min(story.day + timedelta(days=rng.choice(REPOST_DELAYS)), SPAN_END)
    outlet, stamp = rng.choice([o for o in OUTLETS if o[0] not in WIRES])
    lines: list[str] = []
    lines.extend(rng.sample(JUNK_TOP, k=rng.randint(0, 2)))
    stated = stamp is not None and rng.random() < 0.5
    if stated and stamp is not None:
        lines.append(published.strftime(stamp))
    lines.append(story.headline if rng.random() < 0.7 else f"{story.headline} ({story.wire})")
    # Most reposts carry the whole story; some cut it short, some add a paragraph of their own.
    keep = len(story.sentences) if rng.random() < 0.6 else rng.randint(3, len(story.sentences))
    body = [_edited(rng, s) for s in story.sentences[:keep]]
    if rng.random() < 0.3:
        body.append(_sentence(rng, published, rng.choice(story.place)))
    paragraphs: list[str] = []
    while body:
        take = rng.randint(1, 2)
        paragraphs.append(" ".join(body[:take]))
        body = body[take:]
    lines.extend(paragraphs)
    lines.extend(rng.sample(JUNK_BOTTOM, k=rng.randint(0, 3)))
    separator = "\n\n" if rng.random() < 0.6 else "\n"
    stem = f"{index:05d}_{rng.getrandbits(64):016x}"
    facts: dict[str, str | bool] = {"outlet": outlet}
    if not stated and rng.random() < 0.9:
        facts["published"] = published.isoformat()
    if rng.random() < 0.8:  # most reposts credit the wire
        facts["via"] = story.wire
    return stem, separator.join(lines) + "\n", facts


def _yaml_str(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def site_yaml(n: int) -> str:
    """The synthetic site's content/site.yaml."""
    return "\n".join((
        f"title: {_yaml_str(f'Synthetic chronology ({n} articles)')}",
        "description: >-",
        "  A generated fixture site: synthetic news articles with real-style dates,",
        "  outlets, places, attributions and site junk.",
        "language: en",
        "span:",
        f"  from: {SPAN_START.isoformat()}",
        f"  to: {SPAN_END.isoformat()}",
        "phases:",
        "  - name: Withdrawal from Kyiv",
        "    from: 2022-03-29",
        "    to: 2022-04-30",
        "  - name: Kharkiv counteroffensive",
        "    from: 2022-09-06",
        "    to: 2022-10-02",
        "  - name: Kharkiv offensive",
        "    from: 2024-05-10",
        "    to: 2024-06-30",
        "  - name: Kursk incursion",
        "    from: 2024-08-06",
        "    to: 2024-08-31",
        "",
    ))


def generate(n: int, seed: int = 2022, wire: float = 0.0) -> tuple[dict[str, str], str, str]:
    """Return ({file name: page text}, site.yaml text, overrides/articles.yaml text) for n articles.

    `wire` is the share of articles that repost a wire story (0: none, the original corpus).
    """
    rng = random.Random(seed)
    # Reposts draw from their own generator, so the other articles are the same with or without.
    wrng = random.Random(seed * 7919 + 1)
    stories = _wire_stories(wrng, max(3, n // 50)) if wire > 0 else []
    # A few stories are everywhere, most reach a handful of sites (Zipf-like popularity).
    weights = [1.0 / (rank + 1) for rank in range(len(stories))]
    files: dict[str, str] = {}
    texts: set[str] = set()
    overrides = ["# Publication facts the synthetic pages do not state.", "articles:"]
    for i in range(n):
        if stories and wrng.random() < wire:
            stem, text, facts = _repost(wrng, i, wrng.choices(stories, weights)[0])
            if " ".join(text.split()) in texts:  # sitegen skips a byte-for-byte copy: give it its page's footer
                text += f"\nReposted by {facts['outlet']} (item {i}).\n"
        else:
            stem, text, facts = _article(rng, i)
        texts.add(" ".join(text.split()))
        files[f"{stem}.txt"] = text
        overrides.append(f"  {stem}:")
        for key in ("published", "outlet", "via", "url"):
            if key in facts:
                value = facts[key]
                overrides.append(f"    {key}: {value if key == 'published' else _yaml_str(str(value))}")
    return files, site_yaml(n), "\n".join(overrides) + "\n"


def write_corpus(out_dir: Path, n: int, seed: int = 2022, wire: float = 0.0) -> CorpusPaths:
    """Write n synthetic articles as out_dir/seeds and out_dir/content; return the paths."""
    files, site, overrides = generate(n, seed, wire)
    seeds = out_dir / "seeds"
    content = out_dir / "content"
    seeds.mkdir(parents=True, exist_ok=True)
    (content / "overrides").mkdir(parents=True, exist_ok=True)
    (content / "pages").mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (seeds / name).write_text(text, encoding="utf-8")
    (content / "site.yaml").write_text(site, encoding="utf-8")
    (content / "overrides" / "articles.yaml").write_text(overrides, encoding="utf-8")
    (content / "pages" / "about.md").write_text(ABOUT, encoding="utf-8")
    return CorpusPaths(root=out_dir, seeds=seeds, content=content, articles=n)


def main(argv: list[str] | None = None) -> int:
    """Command line: write a corpus of --articles N into --out DIR."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--articles", "-n", type=int, default=2000, help="number of articles (default 2000)")
    parser.add_argument("--seed", type=int, default=2022, help="random seed (default 2022)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write seeds/ and content/ into")
    parser.add_argument("--wire", type=float, default=0.0,
                        help="share of articles that repost wire stories, 0 to 1 (default 0: none)")
    args = parser.parse_args(argv)
    if args.articles < 1:
        parser.error("--articles must be at least 1")
    if not 0.0 <= args.wire <= 1.0:
        parser.error("--wire must be between 0 and 1")
    paths = write_corpus(args.out, args.articles, args.seed, args.wire)
    print(f"wrote {paths.articles} articles to {paths.seeds} and site facts to {paths.content}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Property tests: the reader, cleaner, tagger, YAML loader and HTML paths never crash on any input,
never produce a date outside a sane window, and never let markup or code through."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen.models import SourceFile
from sitegen.temporal import timex

# database=None: no .hypothesis/ folder in the checkout; a failure prints its falsifying example.
FUZZ = settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
FEW = settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces that news text, copy-pasted junk and attackers put in articles.
HOSTILE = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '<a href="javascript:alert(1)">x</a>',
    "<svg onload=alert(1)>", "javascript:alert(1)", "data:text/html;base64,PHNjcmlwdD4=",
    "{{ 7*191 }}", "{% include '/etc/passwd' %}", "{# c #}", "${7*7}", "<!--", "-->", "]]>",
    "&amp;", "&#x3C;script&#x3E;", "\u202e", "\u200b", "\ufeff", "\u0000", "\x0b", "\r\n", "\r",
]
DATEISH = [
    "May 15", "15 May 2024", "May 10-12", "on Tuesday", "last week", "next month", "yesterday",
    "2022", "in 2022", "since 2014", "from 2022 to 2024", "2022-2024", "the following year", "a year later",
    "that year", "the previous year", "Q3", "the third quarter", "summer of 2022", "last summer",
    "24 Aug, 2024 08:41", "Aug. 6", "Sept 2022", "2024-02-30", "31/02/2024", "02/03/2024", "9999",
    "1799", "2099", "2100", "February 29", "29 February 2023", "week 53", "the 1990s", "'90s",
    "a decade ago", "10 years ago", "in 100 years", "the past 24 hours", "earlier this year",
]
TEXTY = [
    "Russian forces", " ", "  ", "\n", "\n\n", ". ", ", ", "said ", "Kyiv", "Mr. ", "U.S. ", "—", "–",
    "\u00a0", "\t", "2,000 troops", "$2 billion", "5 kilometers", "“quoted”", "’s ", "Київ", "Ⅻ", "١٢",
]

pieces = st.one_of(
    st.sampled_from(HOSTILE), st.sampled_from(DATEISH), st.sampled_from(TEXTY), st.text(max_size=12)
)
articles = st.lists(pieces, max_size=60).map("".join)
published_dates = st.one_of(st.none(), st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)))

# No tagged date may fall outside this window: the tagger's own year range is 1800-2099, and nothing
# relative to a publication date in 2000-2030 may drift further than a century from it.
SANE_FIRST, SANE_LAST = date(1800, 1, 1), date(2130, 12, 31)


# --------------------------------------------------------------------- reader


@FUZZ
@given(st.one_of(st.binary(max_size=400), articles.map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_reader_decodes_any_bytes_to_clean_text_or_says_why_not(data: bytes) -> None:
    from sitegen.reader import decode_bytes

    try:
        text, encoding, notes = decode_bytes(data)
    except ValueError as why:
        assert str(why)  # a reason the user can read
        return
    assert "\r" not in text
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text)
    assert unicodedata.is_normalized("NFC", text)
    if data.startswith(b"\xef\xbb\xbf") and not data[3:].lstrip(b"\x00").startswith(b"\xef\xbb\xbf"):
        assert not text.startswith("\ufeff")  # the byte-order mark is gone (a second one is content)
    assert encoding in {"utf-8", "cp1252", "latin-1", "utf-16", "utf-32"}
    assert all(isinstance(n, str) and n for n in notes)


@FUZZ
@given(st.lists(st.text(min_size=1, max_size=8), min_size=1, max_size=8))
def test_reader_ids_are_unique_url_slugs(stems: list[str]) -> None:
    from sitegen.reader import assign_ids

    ids = assign_ids(stems)
    assert set(ids) == set(stems)
    assert len({i.casefold() for i in ids.values()}) == len(ids)
    assert all(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*", i) for i in ids.values())


# ---------------------------------------------------------------------- YAML

YAML_CHARS = list("ab: -[]{}&*!|>'\"#%@`,?0129.<\\\n\n\n  \t") + ["<<", "---", "...", "!!python/object:os", "\ufeff"]
yaml_texts = st.one_of(
    st.lists(st.sampled_from(YAML_CHARS), max_size=80).map("".join),
    st.lists(
        st.tuples(st.integers(0, 3), st.sampled_from(["a", "b", "title", "<<", "- x", "? k"]),
                  st.sampled_from(["", " 1", " 2024-02-30", " &x [1]", " *x", " 'q", ' "\\q"', " {a: [", " !!set {}"])),
        max_size=12,
    ).map(lambda lines: "".join(f"{'  ' * i}{k}:{v}\n" for i, k, v in lines)),
)


@FUZZ
@given(yaml_texts)
def test_yaml_loader_gives_a_tree_or_a_located_config_error(text: str) -> None:
    from sitegen.errors import ConfigError
    from sitegen.yamlload import YNode, load_yaml_text

    try:
        node = load_yaml_text(text, "fuzz.yaml")
    except ConfigError as err:
        assert err.path == "fuzz.yaml"
        assert err.message
        assert err.line is None or 1 <= err.line <= text.count("\n") + 2
        return
    stack = [node]
    while stack:  # every value in the tree is a plain type, nothing constructed
        n = stack.pop()
        assert isinstance(n, YNode)
        assert n.line >= 1
        if isinstance(n.value, dict):
            assert all(isinstance(k, str) for k in n.value)
            stack.extend(n.value.values())
        elif isinstance(n.value, list):
            stack.extend(n.value)
        else:
            assert n.value is None or isinstance(n.value, (str, int, float, bool, date))


# ---------------------------------------------------------------- HTML safety


class Tags(HTMLParser):
    """Collect every start tag with its attributes, and every comment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


def parse(html: str) -> Tags:
    parser = Tags()
    parser.feed(html)
    parser.close()
    return parser


URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "poster", "srcset", "data"}


def _harmless_meta(tag: str, attrs: list[tuple[str, str | None]]) -> bool:
    """A <meta> is harmless unless it refreshes or redirects the page."""
    return tag == "meta" and (dict(attrs).get("http-equiv") or "").lower() != "refresh"


def unsafe_bits(html: str, *, allowed_scripts: set[str] = frozenset()) -> list[str]:  # type: ignore[assignment]
    """Everything in `html` that could run code in a reader's browser."""
    found: list[str] = []
    for tag, attrs in parse(html).tags:
        if tag in {"script", "iframe", "frame", "object", "embed", "base", "meta"} and not _harmless_meta(tag, attrs):
            src = dict(attrs).get("src") or ""
            if not (tag == "script" and src in allowed_scripts):
                found.append(f"<{tag} {attrs}>")
        for name, value in attrs:
            if name.startswith("on"):
                found.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRS and value:
                scheme = re.match(r"\s*([a-zA-Z][a-zA-Z0-9+.-]*):", value.replace("\x00", ""))
                if scheme and scheme.group(1).lower() not in {"http", "https", "mailto"}:
                    found.append(f"<{tag} {name}={value!r}>")
            if name == "style" and value and re.search(r"expression|url\(", value, re.IGNORECASE):
                found.append(f"<{tag} style={value!r}>")
    return found


@FUZZ
@given(articles)
def test_markdown_output_is_sanitized(text: str) -> None:
    from sitegen.text.markup import inline_markdown_to_html, markdown_to_html

    for html in (markdown_to_html(text), inline_markdown_to_html(text)):
        assert unsafe_bits(html) == []
        assert "1337" not in html or "1337" in text  # {{ 7*191 }} stays text, never evaluated


@pytest.mark.parametrize(
    "markdown",
    [
        "[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))", "[x](data:text/html,<script>)",
        "<a href='jav&#x09;ascript:alert(1)'>x</a>", "![x](javascript:alert(1))", "<img src=x onerror=alert(1)>",
        "<script>alert(1)</script>", "<iframe src=https://evil.example></iframe>", "<svg><script>1</script></svg>",
        "<math><mi xlink:href='javascript:1'>x</mi></math>", "[x](vbscript:msgbox)", "<p style='x:expression(1)'>",
    ],
)
def test_known_markdown_attacks_are_neutralised(markdown: str) -> None:
    from sitegen.text.markup import markdown_to_html

    html = markdown_to_html(markdown)
    assert unsafe_bits(html) == [], html
    assert "alert(1)</script>" not in html


# ---------------------------------------------------------------------- timex


@FUZZ
@given(st.text(alphabet="0123456789-WQSPUFAI", max_size=12))
def test_timex_span_parses_or_raises_value_error(value: str) -> None:
    try:
        s = timex.span(value)
    except ValueError:
        return
    assert s.first <= s.last
    assert timex.contract_precision(value) in {"day", "week", "month", "season", "year"}
    assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", timex.contract_date(value))
    assert timex.label(value)


# --------------------------------------------------------------------- tagger


def _check_mentions(text: str, published: date | None) -> None:
    from sitegen.temporal import find_dates

    mentions = find_dates(text, published)
    last_start = -1
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text), m
        assert text[m.start:m.end] == m.text, m
        assert m.start >= last_start, "mentions come in text order"
        last_start = m.start
        s = timex.span(m.value)  # a well-formed TIMEX value
        assert m.precision == s.precision, m
        assert SANE_FIRST <= s.first <= s.last <= SANE_LAST, m
        if m.end_value is not None:
            e = timex.span(m.end_value)
            assert SANE_FIRST <= e.first <= SANE_LAST, m
            assert s.first <= e.last, m
        assert m.evidence and m.rule


@FUZZ
@given(articles, published_dates)
def test_tagger_finds_only_well_formed_dates_in_a_sane_window(text: str, published: date | None) -> None:
    _check_mentions(text, published)


@FEW
@given(st.integers(1, 70), st.sampled_from(["A year later", "The following year", "The next month",
                                             "A week later", "The previous year"]), published_dates)
def test_chained_relative_dates_stay_well_formed(times: int, phrase: str, published: date | None) -> None:
    text = "It began in May 2022. " + " ".join(f"{phrase}, it went on." for _ in range(times))
    _check_mentions(text, published)


# The tagger reads absolute years 1800-2099 only; what it resolves from them must stay there too.
TAGGER_FIRST, TAGGER_LAST = date(1800, 1, 1), date(2099, 12, 31)


@pytest.mark.parametrize(
    ("start", "phrase", "times", "dated"),
    [
        ("It began in May 2022.", "A year later, it went on.", 80, 78),  # 2022, then 2023 … 2099; no further
        ("It began in 1800.", "The previous year, it went on.", 1801, 1),  # 1799 is outside: left undated
        ("It began in May 2022.", "A year later, it went on.", 3, 4),
    ],
)
def test_anaphora_chains_stay_in_the_taggers_year_window(start: str, phrase: str, times: int, dated: int) -> None:
    from sitegen.temporal import find_dates

    mentions = find_dates(start + " " + " ".join(phrase for _ in range(times)), date(2024, 5, 15))
    assert len(mentions) == dated
    for m in mentions:
        s = timex.span(m.value)
        assert TAGGER_FIRST <= s.first <= s.last <= TAGGER_LAST, m


@FEW
@given(published_dates)
def test_detect_published_returns_a_stamp_from_the_text_or_none(published: date | None) -> None:
    from sitegen.temporal import detect_published

    day = published or date(2024, 8, 24)
    text = f"Home\n{day.day} {day.strftime('%b')}, {day.year} 08:41\n\nTitle\n\nBody text."
    stamp = detect_published(text)
    assert stamp is not None and stamp.date == day
    assert stamp.text in text
    assert text.split("\n")[stamp.line - 1].find(stamp.text) >= 0


@FUZZ
@given(articles)
def test_detect_published_never_crashes_and_stays_in_the_window(text: str) -> None:
    from sitegen.temporal import detect_published

    stamp = detect_published(text)
    if stamp is not None:
        assert SANE_FIRST <= stamp.date <= SANE_LAST
        assert stamp.text in text.split("\n")[stamp.line - 1]


# -------------------------------------------------------------------- cleaner

_JUNK_CACHE: dict[str, object] = {}


def _junk() -> object:
    if "junk" not in _JUNK_CACHE:
        from sitegen.clean.load import load_junk

        _JUNK_CACHE["junk"] = load_junk(Path(__file__).resolve().parent.parent / "content")
    return _JUNK_CACHE["junk"]


@FUZZ
@given(st.lists(st.one_of(articles, st.sampled_from(["", "Share this", "READ MORE: x", "Advertisement",
                                                     "© Getty Images", "icon bookmark-bicon"])), max_size=12))
def test_cleaner_keeps_only_text_that_was_there(lines: list[str]) -> None:
    from sitegen.clean.page import clean

    text = "\n".join(lines)
    result = clean(SourceFile(id="fuzz", path=Path("seeds/fuzz.txt"), text=text), _junk())  # type: ignore[arg-type]
    assert result.id == "fuzz"
    squashed = " ".join(text.split())
    for paragraph in result.paragraphs:
        assert paragraph.strip() == paragraph and paragraph
        assert "\n\n" not in paragraph
        for word in paragraph.split():
            assert word in squashed  # the cleaner removes; it never invents words
    for removal in result.removed:
        assert 1 <= removal.line <= text.count("\n") + 1



# ------------------------------------------------------------------- renderer

words = articles.filter(lambda t: bool(t.strip()))


@settings(max_examples=20, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(words, min_size=12, max_size=12))
def test_renderer_shows_any_text_as_text(t: list[str]) -> None:
    from sitegen.models import (
        Article,
        Cite,
        Claim,
        Entry,
        Event,
        OutletRef,
        Phase,
        PlaceTag,
        Sentence,
        SiteConfig,
    )
    from sitegen.site.model import build_site
    from sitegen.site.render import render_site

    sentence = t[4].strip()
    config = SiteConfig(title=t[0], description=t[1], language="en", span_start=date(2024, 1, 1),
                        span_end=date(2024, 12, 31), author=t[2],
                        phases=(Phase(name=t[3], start=date(2024, 5, 1), end=date(2024, 5, 31)),))
    article = Article(
        id="a1", title=t[5], paragraphs=(sentence, t[6].strip() or "x"),
        sentences=(Sentence(index=0, paragraph=0, start=0, end=len(sentence), text=sentence),),
        published=date(2024, 5, 15), published_source="override", published_evidence=t[7],
        outlet=OutletRef(name=t[8], label=t[8][:20], kind="online", slug="outlet"), standfirst=t[9],
    )
    entry = Entry(id="e0123456789", article="a1", value="2024-05-10", precision="day", text=sentence,
                  headline=t[10], note=t[11], corrected=("date",),
                  cites=(Cite(name=t[8], kind="outlet", phrase=t[11]),),
                  claim=Claim("attributed", by=t[8], phrase=t[11]),
                  places=(PlaceTag(slug="kyiv", name="Kyiv", matched="Kyiv"),))
    event = Event(id="e0123456789", value="2024-05-10", precision="day", entries=(entry,), headline=t[10])
    site = build_site(config, (article,), (event,), None, build_epoch=None)
    files = render_site(site, Path(__file__).resolve().parent.parent / "templates")

    scripts = {name for name in files if name.endswith(".js")}
    said = "".join(t)
    for name, data in files.items():
        text = data.decode("utf-8")
        if "1337" not in said:
            assert "1337" not in text, name  # {{ 7*191 }} is never evaluated
        if name.endswith(".html"):
            depth = name.count("/")
            allowed = {"../" * depth + js for js in scripts} | {"/" + js for js in scripts}  # 404: any depth
            assert unsafe_bits(text, allowed_scripts=allowed) == [], name
    page = _shown_text(files["articles/a1/index.html"].decode("utf-8"))
    for said_here in (t[5], sentence):  # the title and the sentence reach the reader as written
        assert " ".join(said_here.split()) in page


def _shown_text(html: str) -> str:
    """The text a reader sees (character references decoded), whitespace collapsed."""

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []

        def handle_data(self, data: str) -> None:
            self.parts.append(data)

    parser = Text()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.parts).split())

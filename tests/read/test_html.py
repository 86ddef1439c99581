"""Saved web pages: main text, facts with their evidence, and the publication date weighed (never invented)."""

from __future__ import annotations

from datetime import date

import htmldate
import pytest

from sitegen.models import Fact
from sitegen.read.html import PageError, read_html

LEDE = ("A drone strike damaged a thermal power plant in Kharkiv early on Tuesday, regional officials said, "
        "leaving parts of the city without electricity for several hours.")
SECOND = "The regional governor said repair crews had begun work on Tuesday morning and that no one was hurt."
HEADLINE = "Drone strike hits Kharkiv power plant, officials say"


def page(head: str = "", header: str = "", aside: str = "", canonical: str | None = None) -> str:
    """A news page in the shape the big outlets use: menu, headline, byline block, body, sidebar, footer."""
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{HEADLINE} | The Daily Ledger</title>{link}{head}</head>
<body><header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li></ul></nav></header>
<main><article><h1>{HEADLINE}</h1><div class="meta"><span class="author">By Maria Example</span>{header}</div>
<p>{LEDE}</p><p>{SECOND}</p>
<p>Ukraine's energy ministry said on Monday that attacks on the grid had intensified since March.</p>
</article>{aside}</main>
<footer><p>© 2025 The Daily Ledger. All rights reserved.</p></footer></body></html>"""


def jsonld(**fields: str) -> str:
    body = ", ".join(f'"{k}": "{v}"' for k, v in fields.items())
    return f'<script type="application/ld+json">{{"@context": "https://schema.org", {body}}}</script>'


def meta(prop: str, content: str) -> str:
    return f'<meta property="{prop}" content="{content}">'


SIDEBAR = ('<aside><h3>Most read</h3><ul><li><div class="date">12 March 2023</div><a href="/x">Old story about '
           'the port</a></li></ul></aside>')

# (page, expected date or None, expected evidence)
DATES = [
    (page(head=jsonld(**{"@type": "NewsArticle", "datePublished": "2024-05-14T07:12:00+03:00"})),
     "2024-05-14", 'published: JSON-LD datePublished "2024-05-14T07:12:00+03:00"'),
    (page(head=meta("article:published_time", "2024-05-14T07:12:00+03:00")
          + meta("article:modified_time", "2024-05-20T10:00:00+03:00")),
     "2024-05-14", 'published: meta article:published_time "2024-05-14T07:12:00+03:00"'),
    (page(head='<meta itemprop="datePublished" content="2024-05-14">'),
     "2024-05-14", 'published: meta datepublished "2024-05-14"'),
    (page(header='<span itemprop="datePublished" content="2024-05-14">14 May</span>'),
     "2024-05-14", 'published: itemprop datePublished "2024-05-14"'),
    # no metadata: the stamp by the headline, then a <time> element beside it, then the address
    (page(header="<span>Published</span> <span>14 May 2024, 07:12</span>"),
     "2024-05-14", 'stamp by the headline: "By Maria Example Published 14 May 2024, 07:12"'),
    (page(header='<time datetime="2024-05-14T07:12">14 May, 07:12</time>'),
     "2024-05-14", 'a <time> element by the headline "2024-05-14T07:12"'),
    (page(canonical="https://dailyledger.example/world/2024/05/14/kharkiv-plant"),
     "2024-05-14", 'date in the URL: "2024/05/14"'),
    # metadata confirmed by witnesses
    (page(head=meta("article:published_time", "2024-05-14T07:12:00+03:00"), header="<p>May 14, 2024</p>",
          canonical="https://dailyledger.example/2024/05/14/kharkiv-plant"),
     "2024-05-14", ('published: meta article:published_time "2024-05-14T07:12:00+03:00"; agrees with stamp by the '
                   'headline: "May 14, 2024"; agrees with date in the URL: "2024/05/14"')),
    # a UTC time just past midnight: the outlet's own calendar day (stamp and URL) wins
    (page(head=meta("article:published_time", "2024-05-14T22:30:00Z"), header="<p>May 15, 2024</p>"),
     "2024-05-15", ('stamp by the headline: "May 15, 2024" (the metadata\'s UTC time published: meta '
                   'article:published_time "2024-05-14T22:30:00Z" falls on the day before or after)')),
    # a local time one day off a stamp: the metadata's own zone is the outlet's
    (page(head=meta("article:published_time", "2024-05-14T23:30:00+03:00"), header="<p>May 15, 2024</p>"),
     "2024-05-14", 'published: meta article:published_time "2024-05-14T23:30:00+03:00"'),
    # metadata and address far apart, nothing to settle it: unknown
    (page(head=meta("article:published_time", "2024-06-30T07:00:00+03:00"),
          canonical="https://dailyledger.example/2024/05/14/kharkiv-plant"),
     None, ('the page\'s statements disagree (published: meta article:published_time "2024-06-30T07:00:00+03:00"; '
           'date in the URL: "2024/05/14"); left unknown')),
    # two witnesses outvote the metadata
    (page(head=meta("article:published_time", "2024-06-30T07:00:00+03:00"), header="<p>May 14, 2024</p>",
          canonical="https://dailyledger.example/2024/05/14/kharkiv-plant"),
     "2024-05-14", ('stamp by the headline: "May 14, 2024"; agrees with date in the URL: "2024/05/14"; '
                   'disagreeing: published: meta article:published_time "2024-06-30T07:00:00+03:00"')),
    # JSON-LD describing several articles with different dates is no evidence
    (page(head='<script type="application/ld+json">[{"@type": "NewsArticle", "datePublished": "2024-05-14"}, '
               '{"@type": "NewsArticle", "datePublished": "2023-01-02"}]</script>'), None, ""),
    # what htmldate takes, and must not be taken: a modified date, a sidebar's date, an update note, a copyright
    (page(head=meta("article:modified_time", "2024-05-16T10:00:00Z")), None, ""),
    (page(aside=SIDEBAR), None, ""),
    (page(header='<span class="updated">Updated 16 May 2024</span>'), None, ""),
    (page(header='<time datetime="2024-05-16">Updated 16 May</time>'), None, ""),
    (page(), None, ""),
    (page(head='<script type="application/ld+json">{not json</script>'), None, ""),
]


@pytest.mark.parametrize(("html", "when", "evidence"), DATES)
def test_publication_dates_are_weighed(html: str, when: str | None, evidence: str) -> None:
    _, stated = read_html(html)
    assert (stated.published, stated.published_evidence) == (date.fromisoformat(when) if when else None, evidence)


@pytest.mark.parametrize("html", [page(head=meta("article:modified_time", "2024-05-16T10:00:00Z")),
                                  page(aside=SIDEBAR),
                                  page(header='<span class="updated">Updated 16 May 2024</span>')])
def test_where_htmldate_guesses_we_refuse(html: str) -> None:
    assert htmldate.find_date(html, extensive_search=False, original_date=True) is not None  # it would date it
    assert read_html(html)[1].published is None


def test_text_and_facts_with_their_evidence() -> None:
    html = page(head=meta("og:title", HEADLINE) + meta("og:site_name", "The Daily Ledger")
               + meta("og:url", "https://dailyledger.example/a"), aside=SIDEBAR)
    text, stated = read_html(html, fetched_url="https://dailyledger.example/a?utm=x")
    assert text == f"{HEADLINE}\n\n{LEDE}\n{SECOND}\nUkraine's energy ministry said on Monday that attacks on " \
                   "the grid had intensified since March.\n"
    assert (stated.title, stated.outlet, stated.url) == (
        Fact(HEADLINE, "meta og:title"), Fact("The Daily Ledger", "meta og:site_name"),
        Fact("https://dailyledger.example/a?utm=x", "the address it was fetched from (sidecar)"))


@pytest.mark.parametrize(
    ("head", "title", "site"),
    [
        ("", (HEADLINE, "the page's <h1>"), None),
        (jsonld(**{"@type": "NewsArticle", "headline": "Plant hit"}), ("Plant hit", "JSON-LD headline"), None),
        (('<script type="application/ld+json">{"@type": "NewsArticle", "publisher": {"@type": "Organization", '
         '"name": "Ledger Media"}}</script>'), (HEADLINE, "the page's <h1>"), ("Ledger Media", "JSON-LD publisher")),
    ],
)
def test_title_and_site_fallbacks(head: str, title: tuple[str, str], site: tuple[str, str] | None) -> None:
    _, stated = read_html(page(head=head))
    assert stated.title == Fact(*title)
    assert stated.outlet == (Fact(*site) if site else None)


@pytest.mark.parametrize(
    ("html", "message"),
    [
        ("<html><body><nav><a href='/'>Home</a></nav></body></html>", "no article text found in the page"),
        ("just some words, no markup at all", "the file is not an HTML page"),
    ],
)
def test_pages_without_an_article(html: str, message: str) -> None:
    with pytest.raises(PageError, match=message):
        read_html(html)

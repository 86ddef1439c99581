"""Saved web pages (.html, .htm): the main text by trafilatura, the facts and the date from the page's markup.

The article text is the headline and trafilatura's main text, one paragraph a line, which
then goes through the same cleaning, dating and badges as pasted text. The publication
date is weighed by `pagefacts.decide_published`: structured metadata first, the stamp by
the headline (its text, or a <time datetime> element beside it) and a date in the address
as witnesses. Nothing else: a search of the whole page (htmldate's) finds modified dates
and the dates of other stories as readily as the article's own, and a wrong date is worse
than none.
"""

from __future__ import annotations

import logging
import re
from datetime import date

from sitegen.models import Fact, StatedFacts
from sitegen.read.pagefacts import (
    DateClaim,
    decide_published,
    headline_window,
    read_page_facts,
    time_by_headline,
    visible_text,
)
from sitegen.temporal.published import date_in_url, detect_published

MAX_HTML_BYTES = 10 * 1024 * 1024  # a saved page larger than this is skipped (a news page is a few MB at most)
MIN_WORDS = 10  # a page whose main text is shorter holds no article (a menu, an error page)
WITNESS_RULES = frozenset({"stamp", "byline", "published-line", "posted-line", "glued-stamp", "dateline"})
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_LOGGERS = ("trafilatura", "htmldate", "courlan", "justext")


class PageError(Exception):
    """A page that yields no article: the message says why."""


def declared_charset(data: bytes) -> str | None:
    """Return the charset a page declares in a <meta> tag within its first 4 KB, or None."""
    m = _CHARSET.search(data[:4096])
    return m.group(1).decode("ascii", "replace").lower() if m else None


def read_html(html: str, *, fetched_url: str | None = None) -> tuple[str, StatedFacts]:
    """Return the article text of a saved page (headline, blank line, one paragraph a line) and its facts.

    `fetched_url` is the address the page was fetched from (a sidecar's), if known.
    Raises `PageError` when the page has no article text.
    """
    for name in _LOGGERS:  # the libraries log every odd page; our own messages say what matters
        logging.getLogger(name).setLevel(logging.CRITICAL)
    import trafilatura
    from trafilatura.utils import load_html

    try:
        tree = load_html(html)
    except (ValueError, RecursionError) as err:
        raise PageError(f"the page cannot be parsed as HTML ({err})") from None
    if tree is None:
        raise PageError("the file is not an HTML page")
    facts = read_page_facts(tree)
    visible = visible_text(tree)
    h1 = next((str(e.text_content()) for e in tree.iterfind(".//h1")), None)
    window = headline_window(visible, h1) or headline_window(visible, facts.title.value if facts.title else None)
    witnesses: list[DateClaim] = []
    stamp = detect_published("\n".join(line for _, line in window)) if window else None
    if stamp is not None and stamp.rule in WITNESS_RULES:
        witnesses.append(DateClaim(stamp.date, f'stamp by the headline: "{stamp.text}"'))
    elif window:
        timed = time_by_headline(visible, window)
        if timed is not None:
            witnesses.append(timed)
    url_fact = Fact(fetched_url, "the address it was fetched from (sidecar)") if fetched_url else facts.url
    url_claims: dict[date, str] = {}
    for address in (fetched_url, facts.url.value if facts.url else None):
        stated_day = date_in_url(address) if address else None
        if stated_day is not None:
            url_claims.setdefault(*stated_day)
    if len(url_claims) == 1:
        day, words = next(iter(url_claims.items()))
        witnesses.append(DateClaim(day, f'date in the URL: "{words}"'))
    published, evidence = decide_published(facts.structured, witnesses)
    try:
        text = trafilatura.extract(tree, url=url_fact.value if url_fact else None, include_comments=False,
                                   output_format="txt")
    except RecursionError:
        raise PageError("the page is nested too deeply to read") from None
    body = [line.strip() for line in (text or "").split("\n") if line.strip()]
    count = sum(len(line.split()) for line in body)
    if count < MIN_WORDS:
        raise PageError("no article text found in the page" + (f" (only {count} words)" if count else ""))
    title = facts.title.value if facts.title else None
    if title and body[0].casefold() != title.casefold():
        body = [title, "", *body]
    else:
        body = [body[0], "", *body[1:]]
    origin = "url" if evidence.startswith("date in the URL") else "page"
    stated = StatedFacts(
        title=facts.title, outlet=facts.site_name, url=url_fact,
        published=published, published_evidence=evidence, published_origin=origin if evidence else "",
    )
    return "\n".join(body) + "\n", stated

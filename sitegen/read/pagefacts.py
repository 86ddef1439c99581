"""What a saved web page's markup states about its article: title, site name, address and publication date.

Everything here reads an lxml tree and nothing else; each fact comes with the words of its
evidence ("meta og:site_name", "JSON-LD datePublished"). Structured metadata is preferred;
the visible stamp by the headline and a date in the address are witnesses that can confirm
or contradict it, and a date nobody can support is refused (`decide_published`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from lxml import etree
from lxml.html import HtmlElement

from sitegen.models import Fact
from sitegen.temporal.resolve import safe_date
from sitegen.temporal.stamps import default_forms

# Meta tags (property, name or itemprop, any case) stating the publication date, most trusted first.
PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "og:published_time", "datepublished",
    "article.published", "article_date_original", "publish-date", "publish_date", "publishdate",
    "published_date", "published-date", "pubdate", "parsely-pub-date", "sailthru.date", "dc.date.issued",
    "dcterms.issued", "dcterms.created", "dc.date", "dcterms.date", "citation_publication_date",
    "cxenseparse:recs:publishtime", "date",
)
ARTICLE_TYPES = frozenset({
    "newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "backgroundnewsarticle", "reviewnewsarticle", "askpublicnewsarticle", "blogposting", "liveblogposting",
    "report", "socialmediaposting", "scholarlyarticle", "techarticle", "webpage", "creativework",
})
MAX_JSON_CHARS = 2_000_000  # a structured-data script larger than this is not read
MAX_JSON_NODES = 20_000
BODY_WORDS = 12  # a sentence this long under the headline is the body: the stamp stands above it  # objects and lists walked in one page's structured data
_ISO = re.compile(r"\s*(?P<y>(?:19|20)\d\d)-?(?P<m>[01]\d)-?(?P<d>[0-3]\d)(?:[T\s](?P<time>[\d:.]+)\s*"
                  r"(?P<tz>Z|[+-]\d\d:?\d\d)?)?", re.IGNORECASE)
_SITE_SUFFIX = re.compile(r"\s+[|–—-]\s+[^|–—-]{1,60}$")
_UPDATE = re.compile(r"\b(?:updated?|modified|edited)\b", re.IGNORECASE)
_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "head", "iframe", "object", "select", "button"})
_INLINE = frozenset({"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd", "mark", "q",
                     "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr", "font"})


@dataclass(frozen=True)
class DateClaim:
    """A publication date some part of a page states, with the words of its evidence."""

    date: date
    evidence: str
    utc: bool = False  # stated as a UTC time (its calendar day may differ from the outlet's own)


@dataclass(frozen=True)
class PageFacts:
    """The facts a page's markup states, each with its evidence; dates as claims still to be weighed."""

    title: Fact | None
    site_name: Fact | None
    url: Fact | None
    structured: tuple[DateClaim, ...]  # published dates in structured metadata, most trusted first
    conflicts: tuple[str, ...] = ()  # notes on structured dates that were refused


def read_page_facts(tree: HtmlElement) -> PageFacts:
    """Read title, site name, canonical address and structured publication dates from a parsed page."""
    metas = _metas(tree)
    articles, jsonld_notes = _jsonld_articles(tree)
    title = _first_fact([
        (metas.get("og:title"), "meta og:title"),
        (metas.get("twitter:title"), "meta twitter:title"),
        (_first_str(a.get("headline") for a in articles), "JSON-LD headline"),
        (_text_of(tree, "//h1"), "the page's <h1>"),
        (_SITE_SUFFIX.sub("", _text_of(tree, "//title") or "") or None, "the page's <title>"),
    ])
    site = _first_fact([
        (metas.get("og:site_name"), "meta og:site_name"),
        (_first_str(_name_of(a.get("publisher")) for a in articles), "JSON-LD publisher"),
        (metas.get("application-name"), "meta application-name"),
    ])
    canonical = next((str(e.get("href")) for e in tree.iterfind(".//link") if e.get("href")
                      and "canonical" in str(e.get("rel", "")).lower().split()), None)
    url = _first_fact([(canonical if _is_web(canonical) else None, "link rel=canonical"),
                       (metas.get("og:url") if _is_web(metas.get("og:url")) else None, "meta og:url")])
    claims: list[DateClaim] = []
    dates = {_parse_date(str(a.get("datePublished", ""))) for a in articles if a.get("datePublished")}
    days = {c.date for c in dates if c is not None}
    notes = list(jsonld_notes)
    if len(days) == 1:
        first = next(c for c in (_parse_date(str(a.get("datePublished", ""))) for a in articles) if c is not None)
        claims.append(DateClaim(first.date, f"published: JSON-LD datePublished {first.evidence}", first.utc))
    elif len(days) > 1:
        notes.append("the page's JSON-LD gives several publication dates ("
                     + ", ".join(sorted(d.isoformat() for d in days)) + ")")
    for key in PUBLISHED_META:
        value = metas.get(key)
        parsed = _parse_date(value) if value else None
        if parsed is not None:
            claims.append(DateClaim(parsed.date, f"published: meta {key} {parsed.evidence}", parsed.utc))
    for element in tree.iterfind(".//*[@itemprop]"):
        if str(element.get("itemprop", "")).lower() == "datepublished":
            value = element.get("datetime") or element.get("content")
            parsed = _parse_date(str(value)) if value else None
            if parsed is not None:
                claims.append(DateClaim(parsed.date, f"published: itemprop datePublished {parsed.evidence}", parsed.utc))
    for element in tree.iterfind(".//time[@pubdate]"):
        parsed = _parse_date(str(element.get("datetime", "")))
        if parsed is not None:
            claims.append(DateClaim(parsed.date, f"published: <time pubdate> {parsed.evidence}", parsed.utc))
    return PageFacts(title, site, url, tuple(claims), tuple(notes))


@dataclass(frozen=True)
class VisibleText:
    """A page's visible text, one line per block element, and the <time datetime> elements among the lines."""

    lines: tuple[str, ...]
    times: tuple[tuple[int, str, str], ...]  # (line index, datetime attribute, the element's own text)


def visible_text(tree: HtmlElement) -> VisibleText:
    """Return the page's visible text as lines, without scripts, styles or the head (iteratively: deep trees are fine)."""
    lines: list[str] = []
    times: list[tuple[int, str, str]] = []
    current: list[str] = []
    skipping = 0

    def flush() -> None:
        text = " ".join(" ".join(current).split())
        if text:
            lines.append(text)
        current.clear()

    for event, element in etree.iterwalk(tree, events=("start", "end")):
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _SKIP:
                skipping += 1
            elif not skipping:
                if tag not in _INLINE:
                    flush()
                if tag == "time" and element.get("datetime"):
                    times.append((len(lines), str(element.get("datetime")), " ".join(element.text_content().split())))
                if element.text:
                    current.append(element.text)
        else:
            if tag in _SKIP:
                skipping -= 1
            elif not skipping and tag not in _INLINE:
                flush()
            if not skipping and element.tail and element is not tree:
                current.append(element.tail)
    flush()
    return VisibleText(tuple(lines), tuple(times))


def headline_window(text: VisibleText, title: str | None, *, before: int = 4,
                    after: int = 40) -> list[tuple[int, str]]:
    """Return the (index, line) pairs around the page's headline, where its stamp is printed; [] when not found."""
    if not title:
        return []
    key = " ".join(title.split()).casefold()
    lines = text.lines
    at = next((i for i, line in enumerate(lines) if line.casefold() == key), None)
    if at is None:
        at = next((i for i, line in enumerate(lines) if key and key in line.casefold() and len(line) < 2 * len(key)),
                  None)
    if at is None:
        return []
    end = next((i for i in range(at + 1, min(len(lines), at + after)) if _is_body(lines[i])),
               min(len(lines), at + after))
    return [(i, lines[i]) for i in range(max(0, at - before), end)]  # the stamp stands above the body


def time_by_headline(text: VisibleText, window: list[tuple[int, str]]) -> DateClaim | None:
    """The date of the <time datetime> elements by the headline, when they agree and none is an update."""
    if not window:
        return None
    first, last = window[0][0], window[-1][0]
    claims = []
    for index, value, words in text.times:
        if not first <= index <= last or _UPDATE.search(words):
            continue
        parsed = _parse_date(value)
        if parsed is not None:
            claims.append(parsed)
    if len({c.date for c in claims}) != 1:
        return None
    return DateClaim(claims[0].date, f"a <time> element by the headline {claims[0].evidence}", claims[0].utc)


# ------------------------------------------------------------------ internals


def _is_body(line: str) -> bool:
    """A line of the article's body: a sentence of at least BODY_WORDS words."""
    return len(line.split()) >= BODY_WORDS and line.rstrip("\"'”’)»").endswith((".", "!", "?", "…"))



def _metas(tree: HtmlElement) -> dict[str, str]:
    """Meta tags by lower-cased property/name/itemprop; the first of each name wins."""
    out: dict[str, str] = {}
    for meta in tree.iterfind(".//meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop")
        content = meta.get("content")
        if key and content and content.strip():
            out.setdefault(str(key).strip().lower(), " ".join(str(content).split()))
    return out


def _jsonld_articles(tree: HtmlElement) -> tuple[list[dict[str, object]], list[str]]:
    """The article-like objects of the page's JSON-LD, and notes on scripts that could not be read."""
    found: list[dict[str, object]] = []
    notes: list[str] = []
    for script in tree.iterfind(".//script"):
        if str(script.get("type", "")).strip().lower() != "application/ld+json":
            continue
        text = script.text or ""
        if len(text) > MAX_JSON_CHARS:
            notes.append("a JSON-LD script over 2 MB was not read")
            continue
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            notes.append("a JSON-LD script is not valid JSON and was not read")
            continue
        found.extend(o for o in _walk_json(data) if _is_article(o))
    return found, notes


def _walk_json(data: object) -> Iterator[dict[str, object]]:
    """Every JSON object in `data` (breadth first, at most MAX_JSON_NODES), without recursion."""
    queue: list[object] = [data]
    seen = 0
    while queue and seen < MAX_JSON_NODES:
        item = queue.pop(0)
        seen += 1
        if isinstance(item, dict):
            yield item
            queue.extend(v for v in item.values() if isinstance(v, (dict, list)))
        elif isinstance(item, list):
            queue.extend(v for v in item if isinstance(v, (dict, list)))


def _is_article(obj: dict[str, object]) -> bool:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and k.lower() in ARTICLE_TYPES for k in kinds)


def _name_of(value: object) -> str | None:
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict):
        name = value.get("name")
        return name if isinstance(name, str) else None
    return value if isinstance(value, str) else None


def _first_str(values: Iterator[object] | object) -> str | None:
    for value in values if isinstance(values, Iterator) else [values]:
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return None


def _first_fact(options: list[tuple[str | None, str]]) -> Fact | None:
    for value, evidence in options:
        if value and value.strip():
            return Fact(" ".join(value.split()), evidence)
    return None


def _text_of(tree: HtmlElement, xpath: str) -> str | None:
    found = tree.xpath(xpath)
    if isinstance(found, list) and found and isinstance(found[0], HtmlElement):
        text = " ".join(found[0].text_content().split())
        return text or None
    return None


def _is_web(url: str | None) -> bool:
    return bool(url) and re.match(r"https?://[^\s/]+", str(url), re.IGNORECASE) is not None


def _parse_date(value: str) -> DateClaim | None:
    """Read a metadata date ("2024-05-14T07:12:00+03:00", "20240514", "Tue, 14 May 2024 07:12 GMT")."""
    value = " ".join(value.split())[:80]
    m = _ISO.match(value)
    if m is not None:
        day = safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
        if day is None:
            return None
        tz = (m["tz"] or "").upper().replace(":", "")
        utc = bool(m["time"]) and tz in ("Z", "+0000", "-0000", "")
        return DateClaim(day, f'"{value}"', utc)
    hits = default_forms().find(value)
    if len(hits) == 1:
        utc = bool(re.search(r"\b(?:GMT|UTC|Z)\b|[+-]00:?00\b", value))
        return DateClaim(hits[0].date, f'"{value}"', utc)
    return None


def decide_published(structured: tuple[DateClaim, ...], witnesses: list[DateClaim],
                     fallback: DateClaim | None = None) -> tuple[date | None, str]:
    """Weigh a page's date claims: structured metadata first, checked against the stamp and the URL.

    A witness one day off a UTC metadata time is the outlet's own calendar day and wins; a
    contradiction nothing settles leaves the date unknown (a wrong date is worse than none).
    Returns (date or None, evidence in words).
    """
    primary = structured[0] if structured else None
    if primary is None:
        if not witnesses:
            return (fallback.date, fallback.evidence) if fallback is not None else (None, "")
        first = witnesses[0]
        if all(abs((w.date - first.date).days) <= 1 for w in witnesses):
            return first.date, _joined(first, witnesses[1:])
        return None, "the page's statements disagree (" + "; ".join(w.evidence for w in witnesses) + \
            "); left unknown"
    agree = [w for w in witnesses if w.date == primary.date]
    off = [w for w in witnesses if w.date != primary.date]
    if not off:
        return primary.date, _joined(primary, agree)
    if all(abs((w.date - primary.date).days) == 1 for w in off) and len({w.date for w in off}) == 1:
        if primary.utc and not agree:
            return off[0].date, _joined(off[0], off[1:]) + f" (the metadata's UTC time {primary.evidence} " \
                "falls on the day before or after)"
        return primary.date, _joined(primary, agree)
    if agree:
        return primary.date, _joined(primary, agree) + "; " + "; ".join(f"disagreeing: {w.evidence}" for w in off)
    if len(off) > 1 and len({w.date for w in off}) == 1:
        return off[0].date, _joined(off[0], off[1:]) + f"; disagreeing: {primary.evidence}"
    return None, ("the page's statements disagree (" + "; ".join(c.evidence for c in [primary, *off])
                  + "); left unknown")


def _joined(main: DateClaim, others: list[DateClaim]) -> str:
    return main.evidence + "".join(f"; agrees with {o.evidence}" for o in others)

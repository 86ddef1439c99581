"""Per-article work: one source file in, one resolved article and its dated entries out.

`process_article` is a pure function of (source, override, knowledge), so it can be
cached on its inputs and run in parallel.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from sitegen import temporal
from sitegen.badges.attribution import attribute
from sitegen.clean.page import clean
from sitegen.models import (
    Article,
    Entry,
    Mention,
    OutletRef,
    PublishedSource,
    PublishedStamp,
    Sentence,
    SourceFile,
    as_precision,
)
from sitegen.overrides.corrections import TextFacts, article_corrections
from sitegen.temporal.published import date_in_url, yearless_dateline
from sitegen.temporal.resolve import safe_date
from sitegen.text.normalize import id_key, slugify
from sitegen.text.sentences import split_sentences

if TYPE_CHECKING:
    from sitegen.knowledge import Knowledge
    from sitegen.overrides.records import ArticleOverride

_YEARS = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


@dataclass(frozen=True)
class ArticleResult:
    """An article with its publication facts, and the entries its sentences yield."""

    article: Article
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Publication:
    """When an article was published, where that knowledge came from, and how sure it is."""

    date: date | None
    source: PublishedSource
    evidence: str
    stamp: PublishedStamp | None = None  # the text's own stamp or dateline, if it has one


def entry_id(article_id: str, sentence_text: str, mention_text: str) -> str:
    """Return the stable id of an entry: 'e' and 10 hex digits of its article, sentence and expression."""
    key = "\x1f".join((article_id, id_key(sentence_text), id_key(mention_text)))
    return "e" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:10]


def publication_entry_id(article_id: str) -> str:
    """Return the id of an article's own 'published' entry: from the article id alone, so no override moves it."""
    key = f"publication\x1f{article_id}"
    return "e" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:10]


OVERRIDE_HERE = "\x00override\x00"  # stands for an override's "file:line" in a result made without it


def without_location(rule: ArticleOverride) -> ArticleOverride:
    """Return the override as the per-article stage sees it: its facts, with `OVERRIDE_HERE` for where it is written.

    The file and lines stay for error messages (an error is raised, never cached); a result names
    the place only through the marker, which `locate` fills in after the stage. So an article's
    cache key and result do not change when lines are added above its override.
    """
    return replace(rule, source=OVERRIDE_HERE)


def locate(result: ArticleResult, rule: ArticleOverride | None) -> ArticleResult:
    """Return a result of the per-article stage with `OVERRIDE_HERE` replaced by where the override is written."""
    if rule is None:
        return result
    a = result.article

    def here(text: str) -> str:
        return text.replace(OVERRIDE_HERE, rule.source)

    article = replace(
        a, published_evidence=here(a.published_evidence),
        facts=tuple((name, here(where)) for name, where in a.facts),
        corrections=tuple(replace(c, source=here(c.source)) for c in a.corrections),
    )
    return ArticleResult(article, result.entries)


def resolve_publication(source: SourceFile, override: ArticleOverride | None) -> Publication:
    """Choose the publication date: an editor's override, else what the file states, else unknown.

    What the file states, in order: its front matter; for a saved page, the weighing of its
    metadata, stamp and address; for text, the stamp or dateline, checked against a date in
    the article's URL (a URL date alone counts too). Nothing falls back to today.
    """
    found = _stated_publication(source, override)
    stamp = found.stamp
    if found.date is not None and override is not None and override.published == found.date:
        return replace(found, evidence=f"{found.evidence} (the editors' overrides agree)")
    if override is not None and override.published is not None:
        kind: PublishedSource = "estimated" if override.published_estimated else "override"
        evidence = f"from the editors' overrides ({override.source})"
        if override.published_estimated and override.published_reason:
            evidence = f"estimated by the editors: {override.published_reason} ({override.source})"
        if found.date is not None:
            evidence += f"; the {_WHERE[found.source]} disagrees: {found.evidence}"
        return Publication(override.published, kind, evidence, stamp)
    return found


_STATED_ORIGINS: dict[str, PublishedSource] = {"front-matter": "front-matter", "page": "page", "url": "url"}
_WHERE = {"text": "text", "front-matter": "front matter", "page": "page", "url": "URL"}


def _stated_publication(source: SourceFile, override: ArticleOverride | None) -> Publication:
    """The publication date the file itself states, with its evidence (source 'unknown' when none)."""
    stated = source.stated
    origin = _STATED_ORIGINS.get(stated.published_origin)
    if stated.published is not None and origin is not None:
        return Publication(stated.published, origin, stated.published_evidence)
    if source.kind == "html":
        return Publication(None, "unknown", stated.published_evidence or "the page states no publication date")
    url = override.url if override is not None and override.url else (stated.url.value if stated.url else None)
    stamp = temporal.detect_published(source.text, url)
    in_url = date_in_url(url) if url else None
    if stamp is not None:
        stated_text = f"stated in the text: {stamp.text!r} on line {stamp.line}"
        if in_url is not None and abs((in_url[0] - stamp.date).days) > 1:
            return Publication(None, "unknown", f"{stated_text}, but the URL says {in_url[1]!r}; left unknown",
                               stamp)
        return Publication(stamp.date, "text", stated_text, stamp)
    if in_url is not None:
        return Publication(in_url[0], "url", f'date in the URL: "{in_url[1]}"')
    return Publication(None, "unknown", "the text states no date and no override gives one")


def article_facts(source: SourceFile, override: ArticleOverride | None) -> tuple[tuple[str, str], ...]:
    """Say where the article's title, outlet and address come from, when the file itself states them."""
    out: list[tuple[str, str]] = []
    for name, fact in (("title", source.stated.title), ("outlet", source.stated.outlet),
                       ("url", source.stated.url), ("via", source.stated.via)):
        if fact is None:
            continue
        if override is not None and getattr(override, name, None):
            out.append((name, (f"from the editors' overrides ({override.source}); the file says {fact.value!r} "
                               f"({fact.evidence})")))
        else:
            out.append((name, fact.evidence))
    return tuple(out)


def publication_hint(text: str, url: str | None) -> str:
    """For an undated article opening with a year-less dateline: the likely year, as a suggestion only."""
    found = yearless_dateline(text)
    if found is None:
        return ""
    words, line, month, day = found
    years = sorted({int(y) for y in _YEARS.findall(text)})
    if not years:
        return f"the dateline {words!r} on line {line} gives no year, and neither does the text"
    year = years[-1]
    day_text = date(year, month, day).isoformat() if safe_date(year, month, day) else f"{year}-{month:02}-{day:02}"
    return (f"the dateline {words!r} on line {line} gives no year; the latest year the text mentions is "
            f"{year}, so perhaps {day_text} (check it before you write it as published)")


def _outlet_ref(name: str | None, knowledge: Knowledge) -> OutletRef | None:
    if not name:
        return None
    known = knowledge.outlets.by_name(name)
    return known if known is not None else OutletRef(name=name, label=name, kind="unknown", slug=slugify(name))


def process_article(source: SourceFile, override: ArticleOverride | None, knowledge: Knowledge) -> ArticleResult:
    """Clean one article, resolve its publication facts and turn its dated sentences into entries."""
    cleaned = clean(source, knowledge.junk)
    sentences = split_sentences(cleaned.paragraphs, knowledge.abbreviations)
    stated = source.stated
    title = override.title if override is not None and override.title else (
        stated.title.value if stated.title else cleaned.title)
    url = override.url if override is not None and override.url else (stated.url.value if stated.url else None)
    publication = resolve_publication(source, override)

    detected = knowledge.outlets.detect(source.text, url)
    outlet = detected.outlet
    if override is not None and override.outlet:
        outlet = _outlet_ref(override.outlet, knowledge)
    elif stated.outlet is not None:
        named = knowledge.outlets.by_name(stated.outlet.value)
        front = stated.outlet.evidence.startswith("front matter")  # the editor's word beats detection
        outlet = named or (_outlet_ref(stated.outlet.value, knowledge) if front or detected.outlet is None
                           else detected.outlet)
    via = detected.via
    if override is not None and override.via:
        via = _outlet_ref(override.via, knowledge)
    elif stated.via is not None:
        via = _outlet_ref(stated.via.value, knowledge)
    hint = publication_hint(source.text, url) if publication.date is None else ""
    said = TextFacts(title=cleaned.title, published=publication.stamp.date if publication.stamp else None,
                     outlet=detected.outlet.name if detected.outlet else None,
                     via=detected.via.name if detected.via else None)
    shown = TextFacts(title=title, published=publication.date, outlet=outlet.name if outlet else None,
                      via=via.name if via else None, url=url)
    corrections = article_corrections(override, said, shown)

    dates = temporal.entry_dates(cleaned.body, publication.date, knowledge.lexicon, sentences)
    mentions = _without_dateline(cleaned.body, dates, publication.stamp)
    article = Article(
        id=source.id,
        title=title,
        paragraphs=cleaned.paragraphs,
        sentences=sentences,
        published=publication.date,
        published_source=publication.source,
        published_evidence=publication.evidence,
        outlet=outlet,
        via=via,
        url=url,
        standfirst=cleaned.standfirst,
        source_path=str(source.path),
        removed=cleaned.removed,
        mentions=mentions,
        facts=article_facts(source, override),
        published_hint=hint,
        corrections=corrections,
    )
    return ArticleResult(article, _entries(article, sentences, mentions, publication, knowledge))


def _entries(
    article: Article,
    sentences: tuple[Sentence, ...],
    mentions: tuple[Mention, ...],
    publication: Publication,
    knowledge: Knowledge,
) -> tuple[Entry, ...]:
    """One entry per distinct date a sentence carries, plus the article's own publication entry."""
    estimated = publication.source == "estimated"
    entries: list[Entry] = []
    if publication.date is not None:
        entries.append(
            Entry(
                id=publication_entry_id(article.id),
                article=article.id,
                value=publication.date.isoformat(),
                precision="day",
                text=article.title,
                kind="publication",
                places=knowledge.places.tag(article.title),
                estimated=estimated,
                actors=knowledge.places.actors(article.title),
            )
        )
    own_outlet = article.outlet.name if article.outlet is not None else None
    cited: list[str] = []
    ids: set[str] = {e.id for e in entries}
    by_sentence = _mentions_by_sentence(sentences, mentions)
    leans = _leans_on_publication(mentions) if estimated else set()
    for sentence in sentences:
        cites, claim = attribute(sentence.text, knowledge.outlets, knowledge.institutions, context=tuple(cited),
                                 own_outlet=own_outlet)
        cited.extend(c.name for c in cites if c.name not in cited)
        dated = by_sentence.get(sentence.index, ())
        places = knowledge.places.tag(sentence.text) if dated else ()
        actors = knowledge.places.actors(sentence.text) if dated else ()
        seen: set[tuple[str, str | None]] = set()
        for mention in dated:
            precision = as_precision(mention.precision)
            if precision is None:
                continue  # a time of day or a reference to the present dates no entry
            key = entry_id(article.id, sentence.text, mention.text)
            if (mention.value, mention.end_value) in seen or key in ids:
                continue  # a repeated sentence (a pull quote, a recap) is one statement
            seen.add((mention.value, mention.end_value))
            ids.add(key)
            entries.append(
                Entry(
                    id=key,
                    article=article.id,
                    value=mention.value,
                    precision=precision,
                    text=sentence.text,
                    end_value=mention.end_value,
                    sentence_index=sentence.index,
                    mention=mention,
                    cites=cites,
                    claim=claim,
                    places=places,
                    estimated=mention.start in leans,
                    sentence_span=(sentence.start, sentence.end),
                    actors=actors,
                )
            )
    return tuple(entries)


def _without_dateline(body: str, mentions: list[Mention], stamp: PublishedStamp | None) -> tuple[Mention, ...]:
    """Drop the date of a dateline that opens a paragraph ("KYIV, May 13 —"): it dates the article, not an event."""
    if stamp is None:
        return tuple(mentions)
    at = body.find(stamp.text)
    if at < 0 or (at > 0 and body[at - 1] != "\n"):
        return tuple(mentions)
    end = at + len(stamp.text)
    return tuple(m for m in mentions if not (at <= m.start and m.end <= end))


def _leans_on_publication(mentions: tuple[Mention, ...]) -> set[int]:
    """Start offsets of mentions resolved from the publication date, directly or through anaphora."""
    leaning: set[int] = set()
    previous_leans = False
    for mention in mentions:
        leans = mention.anchor == "publication" or (mention.anchor == "previous" and previous_leans)
        if leans:
            leaning.add(mention.start)
        previous_leans = leans
    return leaning


def _mentions_by_sentence(
    sentences: tuple[Sentence, ...], mentions: tuple[Mention, ...]
) -> dict[int, list[Mention]]:
    """Assign each mention to the sentence that contains its start (both lists are in text order)."""
    out: dict[int, list[Mention]] = {}
    i = 0
    for mention in mentions:
        while i < len(sentences) and sentences[i].end <= mention.start:
            i += 1
        if i < len(sentences) and sentences[i].start <= mention.start:
            out.setdefault(sentences[i].index, []).append(mention)
    return out

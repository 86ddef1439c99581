"""Per-article work: one source file in, one resolved article and its dated entries out.

`process_article` is a pure function of (source, override, knowledge), so it can be
cached on its inputs and run in parallel.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sitegen import temporal
from sitegen.badges.attribution import attribute
from sitegen.clean.page import clean
from sitegen.models import Article, Entry, Mention, OutletRef, PublishedStamp, Sentence, SourceFile
from sitegen.text.normalize import id_key, slugify
from sitegen.text.sentences import split_sentences

if TYPE_CHECKING:
    from sitegen.knowledge import Knowledge
    from sitegen.overrides.schema import ArticleOverride



@dataclass(frozen=True)
class ArticleResult:
    """An article with its publication facts, and the entries its sentences yield."""

    article: Article
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Publication:
    """When an article was published, where that knowledge came from, and how sure it is."""

    date: date | None
    source: str  # text | override | estimated | unknown
    evidence: str
    stamp: PublishedStamp | None = None  # the text's own stamp or dateline, if it has one


def entry_id(article_id: str, sentence_text: str, mention_text: str) -> str:
    """Return the stable id of an entry: 'e' and 10 hex digits of its article, sentence and expression."""
    key = "\x1f".join((article_id, id_key(sentence_text), id_key(mention_text)))
    return "e" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:10]


def resolve_publication(source: SourceFile, override: ArticleOverride | None) -> Publication:
    """Choose the publication date: an editor's override, else the text's own stamp, else unknown."""
    stamp = temporal.detect_published(source.text)
    stated = f"stated in the text: {stamp.text!r} on line {stamp.line}" if stamp is not None else ""
    if stamp is not None and override is not None and override.published == stamp.date:
        return Publication(stamp.date, "text", f"{stated} (the editors' overrides agree)", stamp)
    if override is not None and override.published is not None:
        kind = "estimated" if override.published_estimated else "override"
        evidence = f"from the editors' overrides ({override.source})"
        if override.published_estimated and override.published_reason:
            evidence = f"estimated by the editors: {override.published_reason} ({override.source})"
        if stamp is not None:
            evidence += f"; the text disagrees: {stated}"
        return Publication(override.published, kind, evidence, stamp)
    if stamp is not None:
        return Publication(stamp.date, "text", stated, stamp)
    return Publication(None, "unknown", "the text states no date and no override gives one")


def _outlet_ref(name: str | None, knowledge: Knowledge) -> OutletRef | None:
    if not name:
        return None
    known = knowledge.outlets.by_name(name)
    return known if known is not None else OutletRef(name=name, label=name, kind="unknown", slug=slugify(name))


def process_article(source: SourceFile, override: ArticleOverride | None, knowledge: Knowledge) -> ArticleResult:
    """Clean one article, resolve its publication facts and turn its dated sentences into entries."""
    cleaned = clean(source, knowledge.junk)
    sentences = split_sentences(cleaned.paragraphs, knowledge.abbreviations)
    title = override.title if override is not None and override.title else cleaned.title
    url = override.url if override is not None else None
    publication = resolve_publication(source, override)

    detected = knowledge.outlets.detect(source.text, url)
    outlet = _outlet_ref(override.outlet, knowledge) if override is not None and override.outlet else detected.outlet
    via = _outlet_ref(override.via, knowledge) if override is not None and override.via else detected.via

    mentions = _without_dateline(cleaned.body, temporal.find_dates(cleaned.body, publication.date, knowledge.lexicon), publication.stamp)
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
                id=entry_id(article.id, article.title, "published"),
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
                    precision=mention.precision,
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

"""Corroboration across articles: an undated sentence joins a dated event of another article that it reports.

Runs after `group_events`, on its output. A sentence that yielded no entry (it carries no date of
its own) is a candidate when it gives a salient figure ("$2 billion"); it joins the one dated
event that shares that figure plus a name, a party or enough wording, has no veto (places or
numbers that differ), comes from other articles, and lies inside the candidate article's reporting
window (the `window_days` before its publication, through the publication day). It is added to
the event's sources as kind "corroboration", after the dated ones: it counts as one more
independent source when its reporter is new, and never changes the event's date.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import timedelta

from sitegen.article import entry_id
from sitegen.badges.places import Gazetteer
from sitegen.memory import kept_for
from sitegen.merge.event import day_span
from sitegen.merge.facts import FactsKey, read_facts
from sitegen.merge.features import Features, Idf, MergeVocabulary, compare, extract
from sitegen.merge.settings import MergeSettings
from sitegen.models import CORROBORATION, Article, Entry, Event

WINDOW_DAYS = 31  # how far back an article's undated sentences may report (about a month of news)


def _reporter(entry: Entry, by_article: dict[str, Article]) -> str:
    """Return who originally reported an entry: the article's via, else its outlet, else the article."""
    article = by_article.get(entry.article) if entry.article is not None else None
    if article is None:
        return f"entry:{entry.id}"
    source = article.via or article.outlet
    return f"outlet:{source.slug}" if source is not None else f"article:{article.id}"


Figures = dict[int, tuple[Article, tuple[int, ...]]]  # by an article's id(): the article, its sentences with a figure


def candidates(articles: tuple[Article, ...], events: tuple[Event, ...], places: Gazetteer,
               lexicon: MergeVocabulary, earlier: Figures | None = None,
               keep: Figures | None = None) -> list[tuple[Entry, Features, Article]]:
    """Return each article's undated sentences that give a salient figure, as entries with their facts.

    `earlier`: which sentences of each article gave a figure, as a merge of this process with the same settings
    found them (taken for the very same article record); `keep` receives this merge's."""
    dated = {(e.article, e.sentence_index) for ev in events for e in ev.entries if e.article is not None}
    out: list[tuple[Entry, Features, Article]] = []
    for article in articles:
        if article.published is None:
            continue
        if keep is None:  # a one-off merge searches the undated sentences only
            figures: Iterable[int] = (n for n, sentence in enumerate(article.sentences)
                                      if (article.id, sentence.index) not in dated
                                      and lexicon.number.search(sentence.text))
        else:
            figures = keep.setdefault(id(article), (article, _figures(article, lexicon, earlier or {})))[1]
        for n in figures:
            sentence = article.sentences[n]
            if (article.id, sentence.index) in dated:
                continue
            entry = Entry(id=entry_id(article.id, sentence.text, CORROBORATION), article=article.id,
                          value=article.published.isoformat(), precision="day", text=sentence.text,
                          kind=CORROBORATION, sentence_index=sentence.index, places=places.tag(sentence.text),
                          sentence_span=(sentence.start, sentence.end), actors=places.actors(sentence.text))
            features = extract(entry, lexicon)
            if features.numbers:
                out.append((entry, features, article))
    return out


def _figures(article: Article, lexicon: MergeVocabulary, earlier: Figures) -> tuple[int, ...]:
    """Return the positions of the article's sentences that give a figure (nothing to anchor a corroboration on
    in the others)."""
    found = kept_for(earlier, article)
    if found is not None:
        return found
    return tuple(n for n, sentence in enumerate(article.sentences) if lexicon.number.search(sentence.text))


def _facts(entries: list[Entry], lexicon: MergeVocabulary, workers: int, known: Mapping[FactsKey, Features] | None,
           read: Mapping[int, tuple[Entry, Features]]) -> list[Features]:
    """Return each entry's facts: those the merge read of the very entry, else `read_facts` (a repeated sentence is
    read once)."""
    out = [kept_for(read, e) for e in entries]
    missing = [k for k, f in enumerate(out) if f is None]
    for k, f in zip(missing, read_facts([entries[k] for k in missing], lexicon, workers, known)):
        out[k] = f
    facts = [f for f in out if f is not None]
    assert len(facts) == len(entries), "every entry has its facts"
    return facts


def corroborate(events: tuple[Event, ...], articles: tuple[Article, ...], places: Gazetteer,
                settings: MergeSettings, workers: int = 1,
                known: Mapping[FactsKey, Features] | None = None,
                read: Mapping[int, tuple[Entry, Features]] | None = None,
                figures: tuple[Figures, Figures] | None = None) -> tuple[Event, ...]:
    """Return the events with undated sentences of other articles that clearly report them added as corroboration.

    `workers` >= 2 lets the events' facts be read in two processes (same result); `known`: facts
    read already (by the merge), not read again; `read`: the facts the merge read of its entries, by the
    entry's id (with the entry), taken first; `figures`: the sentences with a figure an earlier merge of this
    process found (see candidates), and where this one leaves its own.
    """
    lexicon = MergeVocabulary(settings)
    found = candidates(articles, events, places, lexicon, *(figures or (None, None)))
    if not found:
        return events
    by_article = {a.id: a for a in articles}
    kept = [(i, ev) for i, ev in enumerate(events)
            if ev.entries and ev.entries[0].kind in settings.mergeable_kinds | {"publication"}]
    facts = _facts([ev.entries[0] for _, ev in kept], lexicon, workers, known, read or {})
    dated = [(i, ev, f) for (i, ev), f in zip(kept, facts)]
    by_number: dict[str, list[int]] = {}
    for k, (_, _, f) in enumerate(dated):
        for n in f.numbers:
            by_number.setdefault(n, []).append(k)
    idf = Idf.over([f for _, _, f in dated] + [f for _, f, _ in found])
    joins: dict[int, list[Entry]] = {}
    for entry, features, article in found:
        assert article.published is not None
        first, last = article.published - timedelta(days=WINDOW_DAYS), article.published
        norm = idf.mass(features.tokens)
        best: tuple[float, str, int] | None = None
        for k in sorted({k for n in features.numbers for k in by_number.get(n, ())}):
            index, event, ev_features = dated[k]
            if any(e.article == article.id for e in event.entries):
                continue
            span = day_span(event.entries[0])
            if not (first.toordinal() <= span.first and span.last <= last.toordinal()):
                continue
            verdict = compare(features, ev_features, norm, idf.mass(ev_features.tokens), idf, settings)
            others = set(verdict.signals) - {"number"}
            if verdict.veto or "number" not in verdict.signals or not others & {"name", "party", "wording"}:
                continue
            key = (-verdict.score, event.id, index)
            if best is None or key < best:
                best = key
        if best is not None:
            joins.setdefault(best[2], []).append(entry)
    out = list(events)
    for index, extra in joins.items():
        event = out[index]
        members = tuple(replace(e, value=event.value, precision=event.precision, end_value=event.end_value)
                        for e in sorted(extra, key=lambda e: (e.article or "", e.id)))
        reporters = {_reporter(e, by_article) for e in event.entries}
        new = {_reporter(e, by_article) for e in members} - reporters
        out[index] = replace(event, entries=event.entries + members,
                             independent_sources=event.independent_sources + len(new),
                             merged_by=event.merged_by or "auto")
    return tuple(out)

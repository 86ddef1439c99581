"""Cited parties and claim status of a sentence, from phrase patterns and the institution registry.

The registry and its compiled patterns are `sitegen.badges.institutions`; finding party names is
`sitegen.badges.parties`. The registry's names are re-exported here.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from sitegen.badges.institutions import (
    PACKAGED,
    WORD,
    AnonymousWords,
    Institution,
    InstitutionRegistry,
    Matchers,
    Phrases,
    load_institutions,
    may_occur,
)
from sitegen.badges.outlets import OutletRegistry
from sitegen.badges.parties import Ambiguous
from sitegen.models import Cite, Claim
from sitegen.text.normalize import fold

__all__ = [
    "PACKAGED",
    "Ambiguous",
    "AnonymousWords",
    "Institution",
    "InstitutionRegistry",
    "Phrases",
    "attribute",
    "load_institutions",
]

MAX_SUBJECT_WORDS = 9


@dataclass(frozen=True)
class _Party:
    name: str
    kind: str
    slug: str
    start: int  # offsets into the sentence of the words naming the party
    end: int


@dataclass(frozen=True)
class _Found:
    party: _Party | None
    phrase: str
    start: int
    main: bool  # may be the main claimant
    claims: bool = True  # False: the party is named but makes no claim ("did not comment")


# A bracketed abbreviation between a name and its verb: "The Russian Ministry of Defense (MoD) claimed".
_ABBREVIATION = re.compile(r"\s*[(\[]\s*[A-Z][A-Za-z.&/-]{0,11}\s*[)\]]\s*$")
# What an unregistered source after "according to" may hold: words, no digits, no sentence punctuation.
_UNKNOWN_SOURCE = re.compile(r"[A-Za-z][\w'’.&-]*(?:\s+[\w'’.&-]+){0,7}")
_DETERMINER = re.compile(r"^(?:the|a|an)\s+")  # lower case: "The Register" keeps its "The"
_CALENDAR_WORDS = frozenset((*calendar.month_name[1:], *calendar.day_name))
_NUMBER_WORD = re.compile(r"\s+\S*\d")
# After a document noun: "by"/"in"/"from" and a capitalised name ("a review by PC World").
_AUTHOR = re.compile(r"\s+(?P<prep>by|in|from)\s+(?P<name>(?:[A-Z][\w'’.&-]*)(?:\s+[A-Z][\w'’.&-]*){0,4})\s*[.,;:]?$")


# A person's name: up to four capitalised words ("Admiral Rob Bauer", "Anatoly Antonov"); all-caps
# words (US, NATO) are not names.
_PERSON = re.compile(r"(?<![\w])(?:[A-Z][a-z][\w'’.-]*\s+){0,3}[A-Z][a-z][\w'’-]*")


# ------------------------------------------------------------------ attribute


def attribute(sentence: str, outlets: OutletRegistry, institutions: InstitutionRegistry,
              *, context: tuple[str, ...] = (), own_outlet: str | None = None) -> tuple[tuple[Cite, ...], Claim]:
    """Return the parties a sentence cites and whose claim it is (stated, attributed or unverified).

    `context` names the parties the article cited before, oldest first; `own_outlet` is the article's
    outlet: an outlet citing itself ("As Ukrinform reported" in Ukrinform) states the fact itself.
    """
    m = institutions.matchers(outlets)
    words = {w.casefold() for w in WORD.findall(sentence)}
    found: list[_Found] = []
    for hit in m.after.finditer(sentence) if may_occur(m.after_words, words) else ():
        end = _span_end(sentence, hit.end(), m)
        party = _party_in(sentence, hit.end(), end, m, outlets, institutions, context, before=False)
        if party is None and hit["according"] is not None:
            party = _unknown_source(sentence, hit.end(), end, m)
        if party is not None:
            found.append(_Found(party, sentence[hit.start():party.end], hit.start(), hit["according"] is not None))
    for hit in m.verb.finditer(sentence) if may_occur(m.verb_words, words) else ():
        if hit["by"]:
            party = _party_in(sentence, hit.end(), _span_end(sentence, hit.end(), m), m, outlets, institutions,
                              context, before=False)
            if party is not None:
                found.append(_Found(party, sentence[hit.start():party.end], hit.start(), True))
            continue
        party, start, end = _subject(sentence, hit.start(), m, outlets, institutions, context)
        subject = sentence[start:end].strip()
        if subject and len(subject.split()) <= MAX_SUBJECT_WORDS:
            bare_verb = hit.start() == hit.start("verb")
            if bare_verb and hit["verb"].lower() in m.noun_like and (
                    party is None or party.kind == "person" or not _subject_ends_with(sentence, party, hit.start())):
                continue  # "Similar reports were published", "verify the reports": a noun, not a verb
            begin = party.start if party is not None else start + (len(sentence[start:hit.start()])
                                                                   - len(sentence[start:hit.start()].lstrip()))
            found.append(_Found(party, sentence[begin:hit.end()], begin, True))
        elif not subject and _after_quote(sentence, hit.start()):
            party = _party_in(sentence, hit.end(), _span_end(sentence, hit.end(), m), m, outlets, institutions,
                              context, before=False, inverted=True)
            end = party.end if party is not None else hit.end()
            found.append(_Found(party, sentence[hit.start():end], hit.start(), True))
    if m.no_comment is not None and may_occur(m.no_comment_words, words):
        for hit in m.no_comment.finditer(sentence):
            party, _, _ = _subject(sentence, hit.start(), m, outlets, institutions, context)
            if party is not None and party.kind in ("institution", "outlet"):
                found.append(_Found(party, sentence[party.start:hit.end()], party.start, False, claims=False))
    if own_outlet:
        own = outlets.by_name(own_outlet)
        own_key = fold(own.name if own is not None else own_outlet)
        found = [f for f in found if f.party is None or f.party.kind != "outlet" or fold(f.party.name) != own_key]
    found.sort(key=lambda f: f.start)

    cites: list[Cite] = []
    for f in found:
        if f.party is not None and all(c.name != f.party.name for c in cites):
            cites.append(Cite(name=f.party.name, kind=f.party.kind, phrase=f.phrase, slug=f.party.slug))
    claiming = [f for f in found if f.claims]
    main = next((f for f in claiming if f.main and f.party is not None), None) or next(
        (f for f in claiming if f.party is not None), None) or next(iter(claiming), None)
    by = main.party.name if main is not None and main.party is not None else None
    unverified = m.unverified.search(sentence) if may_occur(m.unverified_words, words) else None
    if unverified is not None:
        return tuple(cites), Claim("unverified", by=by, phrase=unverified.group(0))
    if main is not None:
        return tuple(cites), Claim("attributed", by=by, phrase=main.phrase)
    return tuple(cites), Claim("stated")


def _subject(sentence: str, verb_start: int, m: Matchers, outlets: OutletRegistry,
             institutions: InstitutionRegistry, context: tuple[str, ...]) -> tuple[_Party | None, int, int]:
    """Return the party named as the subject before a verb (None if none) and where the subject starts and ends.

    A bracketed abbreviation right before the verb belongs to the name: "The Russian Ministry of
    Defense (MoD) claimed".
    """
    end = verb_start
    abbreviation = _ABBREVIATION.search(sentence, 0, verb_start)
    if abbreviation is not None and abbreviation.end() == verb_start:
        end = abbreviation.start()
    start = _span_start(sentence, end, m)
    subject = sentence[start:end].strip()
    if not subject or len(subject.split()) > MAX_SUBJECT_WORDS:
        return None, start, end
    return _party_in(sentence, start, end, m, outlets, institutions, context, before=True), start, end


def _subject_ends_with(sentence: str, party: _Party, verb_start: int) -> bool:
    """True when only the party's name (and perhaps its bracketed abbreviation) stands before the verb."""
    between = sentence[party.end:verb_start]
    return not between.strip() or _ABBREVIATION.fullmatch(between) is not None


def _unknown_source(sentence: str, start: int, end: int, m: Matchers) -> _Party | None:
    """Return the party after "according to" that no registry knows ("the Spanish government"), if any.

    The words run to the clause's end, stopping at a preposition other than "of" ("… on Tuesday");
    a person's name is a person, anything else a party of unknown kind. "According to plan" and
    other `not_sources` name no source.
    """
    span = sentence[start:end]
    lead = len(span) - len(span.lstrip())
    words = _UNKNOWN_SOURCE.match(span, lead)
    if words is None:
        return None
    text = words.group(0)
    begin = start + lead
    if m.not_source is not None and m.not_source.match(text):
        return None
    cut = m.source_stop.search(text) if m.source_stop is not None else None
    if cut is not None:
        author = _AUTHOR.match(text, cut.start())
        head = text[:cut.start()].split()[-1].casefold() if text[:cut.start()].split() else ""
        if author is not None and head in m.documents and author["name"].rstrip(".,;:") not in _CALENDAR_WORDS:
            # "a review by PC World", "a report in Ars Technica": the author or publication is the source
            name = author["name"].rstrip(".,;:")
            kind = _looks_like(name) if author["prep"] == "by" else "unknown"
            return _Party(name, kind, "", begin + author.start("name"), begin + author.start("name") + len(name))
        text = text[:cut.start()]
    number = _NUMBER_WORD.search(text)
    if number is not None:
        text = text[:number.start()]  # "figures released April 3": a date or figure ends the name
        while text.split() and text.split()[-1] in _CALENDAR_WORDS:
            text = text[:text.rindex(text.split()[-1])].rstrip()
    text = text.rstrip(".,;:")
    if not text or (m.not_source is not None and m.not_source.match(text)):
        return None
    person = _PERSON.fullmatch(text)
    if person is not None and _looks_like(text) == "person":
        return _person(person, begin, m)
    name = _DETERMINER.sub("", text)
    if not name or not any(c.isalpha() for c in name):
        return None
    return _Party(name, "unknown", "", begin, begin + len(text))


def _after_quote(sentence: str, verb_start: int) -> bool:
    """True when the verb follows a quotation and its comma ('"…," said X')."""
    return bool(re.search(r"[,.!?]?\s*[\"”’]\s*$|[\"”’][,.!?]?\s*$", sentence[:verb_start]))


def _span_start(sentence: str, end: int, m: Matchers) -> int:
    """Return where the subject before a verb starts: after the last clause boundary."""
    start = 0
    for b in m.boundary.finditer(sentence, 0, end):
        start = b.end()
    return start


def _span_end(sentence: str, start: int, m: Matchers) -> int:
    """Return where the words after an attribution phrase end: at the next clause boundary."""
    b = m.boundary.search(sentence, start)
    return b.start() if b is not None else len(sentence)


def _party_in(sentence: str, start: int, end: int, m: Matchers, outlets: OutletRegistry,
              institutions: InstitutionRegistry, context: tuple[str, ...], *, before: bool,
              inverted: bool = False) -> _Party | None:
    """Find the party named in sentence[start:end]: unnamed official, registry name, pronoun or person."""
    span = sentence[start:end]
    anon = m.anonymous.search(span)
    named = None
    for hit in m.party.finditer(span):
        if (before or inverted) and m.preposition.search(span[:hit.start()]):
            continue
        named = hit
        break
    stripped = span.strip()
    if anon is not None and (named is None or anon.start() <= named.start()):
        whole = anon.group(0).strip()
        if m.anaphor.match(whole) or (anon["det"] or "").lower() in ("the", "this") and not anon["affil"]:
            earlier = _recent(context, lambda n: n.endswith("(anonymous)")
                              and _noun_stem(anon["noun"]) in n, reverse=True)
            if earlier is not None:
                return _Party(earlier, _kind_of(earlier, outlets, institutions), _slug_of(earlier, outlets,
                              institutions), start + anon.start(), start + anon.end())
        name, kind = _anonymous_name(anon, institutions)
        return _Party(name, kind, "", start + anon.start(), start + anon.end())
    if named is not None and before:
        tail = span[named.end():]
        people = list(_PERSON.finditer(tail))
        if people and not tail[people[-1].end():].strip() and not m.role.search(tail):
            # "US Republican presidential nominee Donald Trump": the person speaks, not the US
            return _person(people[-1], start + named.end(), m)
    if named is not None:
        meaning = m.party.meaning(named)
        if isinstance(meaning, Ambiguous):
            name = _resolve_ambiguous(meaning, context, outlets)
            return _Party(name, _kind_of(name, outlets, institutions), _slug_of(name, outlets, institutions),
                          start + named.start(), start + named.end())
        return _Party(meaning[0], meaning[1], meaning[2], start + named.start(), start + named.end())
    if before and m.pronoun.match(stripped):
        earlier = context[-1] if context else None
        if stripped.casefold() in m.impersonal:  # "It said": a body cited before, never a person
            earlier = _recent(context, lambda n: _kind_of(n, outlets, institutions) not in _PEOPLE, reverse=True)
        if earlier is None:
            return None
        offset = start + span.index(stripped)
        return _Party(earlier, _kind_of(earlier, outlets, institutions), _slug_of(earlier, outlets, institutions),
                      offset, offset + len(stripped))
    if before:
        names = list(_PERSON.finditer(span))
        if names:
            hit = names[-1]
            if span[hit.end():].strip():
                return None  # the subject does not end with the name: not a simple "Name said"
            return _person(hit, start, m)
    return None


_PEOPLE = frozenset(("person", "official", "anonymous"))


def _looks_like(name: str) -> str:
    """Return 'person' for a name like "Serhiy Lysak", 'unknown' for anything else ("The Register")."""
    article = re.match(r"(?i:the|a|an)\s", name)
    return "person" if " " in name and _PERSON.fullmatch(name) and article is None else "unknown"


def _person(hit: re.Match[str], offset: int, m: Matchers) -> _Party:
    """Return a named person, without the titles in front ("Ukrainian President Volodymyr Zelensky")."""
    words = hit.group(0).split()
    skip = 0
    while skip < len(words) - 1 and fold(words[skip]).rstrip(".") in m.titles:
        skip += 1
    name = " ".join(words[skip:])
    begin = offset + hit.end() - len(name) if skip else offset + hit.start()
    return _Party(name, "person", "", begin, offset + hit.end())


def _noun_stem(noun: str) -> str:
    noun = noun.lower()
    return noun.removesuffix("s")


def _anonymous_name(anon: re.Match[str], institutions: InstitutionRegistry) -> tuple[str, str]:
    words = institutions.anonymous
    labels = dict(words.affiliations)
    kinds = {n.lower(): k for n, k in words.nouns}
    noun = anon["noun"].lower()
    affil = anon["affil"] or anon["affil2"]
    field_words = (anon["field"] or anon["field2"] or "").lower()
    parts = [labels.get(affil, affil) if affil else "", field_words, noun]
    kind = kinds.get(noun, "anonymous")
    if not affil and not field_words and kind == "anonymous":
        return f"anonymous {noun}", kind
    return " ".join(p for p in parts if p) + " (anonymous)", kind


def _resolve_ambiguous(amb: Ambiguous, context: tuple[str, ...], outlets: OutletRegistry) -> str:
    if amb.outlets:
        found = _recent(context, lambda n: _is_news_outlet(n, outlets), reverse=True)
        ref = outlets.by_name(found) if found else None
        return ref.name if ref is not None else amb.unspecified
    allowed = {fold(n) for n in amb.may_mean}
    found = _recent(context, lambda n: fold(n) in allowed, reverse=True)
    return found or amb.unspecified


def _is_news_outlet(name: str, outlets: OutletRegistry) -> bool:
    ref = outlets.by_name(name)
    return ref is not None and ref.kind != "government"


def _recent(names: tuple[str, ...], test: object, *, reverse: bool) -> str | None:
    check = test if callable(test) else (lambda n: False)
    for name in (reversed(names) if reverse else names):
        if check(name):
            return name
    return None


def _kind_of(name: str, outlets: OutletRegistry, institutions: InstitutionRegistry) -> str:
    if institutions.by_name(name) is not None:
        return "institution"
    if outlets.by_name(name) is not None:
        return "outlet"
    if name.endswith("(anonymous)"):
        return "official" if "official" in name or "diplomat" in name or "officer" in name else "anonymous"
    if name.endswith("(unspecified)"):
        return "unknown"
    return "person" if _PERSON.fullmatch(name) else "unknown"


def _slug_of(name: str, outlets: OutletRegistry, institutions: InstitutionRegistry) -> str:
    inst = institutions.by_name(name)
    if inst is not None:
        return inst.slug
    ref = outlets.by_name(name)
    return ref.slug if ref is not None else ""

"""Cited parties and claim status of a sentence, from phrase patterns and the institution registry."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from sitegen.badges._registry import find_record, name_and_slug, registry_sections
from sitegen.badges._text import (
    APOSTROPHE,
    DASH,
    QUOTE,
    first_char_guard,
    fold,
    literal_key,
    literal_pattern,
    slugify,
)
from sitegen.badges.outlets import OutletRegistry
from sitegen.models import Cite, Claim
from sitegen.yamlload import YNode

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

PACKAGED = Path(__file__).resolve().parent.parent / "data" / "institutions.yaml"
SITE_FILE = "institutions.yaml"
_INSTITUTION_KEYS = ("name", "slug", "aliases", "country", "description")
_AMBIGUOUS_KEYS = ("aliases", "may_mean", "outlets", "unspecified")
_ANON_LISTS = ("determiners", "qualifiers", "fields", "within", "anaphors")
_ANON_KEYS = (*_ANON_LISTS, "affiliations", "nouns")
_PHRASE_KEYS = ("according", "citing", "verbs", "noun_like_verbs", "auxiliaries", "clause_words", "pronouns",
                "prepositions", "speaker_roles", "titles", "unverified", "impersonal_pronouns", "no_comment",
                "not_sources", "documents")
_CITE_KINDS = ("official", "anonymous")
MAX_SUBJECT_WORDS = 9


@dataclass(frozen=True)
class Institution:
    """A body an article can cite: canonical name, URL-safe slug, aliases."""

    slug: str
    name: str
    aliases: tuple[str, ...] = ()
    country: str = ""
    description: str = ""


@dataclass(frozen=True)
class Ambiguous:
    """Aliases that can mean several parties; resolved through the article's earlier citations."""

    aliases: tuple[str, ...]
    may_mean: tuple[str, ...]
    outlets: bool
    unspecified: str


@dataclass(frozen=True)
class AnonymousWords:
    """The words that describe an unnamed official or source."""

    determiners: tuple[str, ...] = ()
    qualifiers: tuple[str, ...] = ()
    affiliations: tuple[tuple[str, str], ...] = ()  # (spelling, label)
    fields: tuple[str, ...] = ()
    nouns: tuple[tuple[str, str], ...] = ()  # (noun, cite kind)
    within: tuple[str, ...] = ()
    anaphors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Phrases:
    """The attribution phrase lists (reporting verbs, "according to", unverified markers, ...)."""

    according: tuple[str, ...] = ()
    citing: tuple[str, ...] = ()
    verbs: tuple[str, ...] = ()
    noun_like_verbs: tuple[str, ...] = ()
    auxiliaries: tuple[str, ...] = ()
    clause_words: tuple[str, ...] = ()
    pronouns: tuple[str, ...] = ()
    prepositions: tuple[str, ...] = ()
    speaker_roles: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    unverified: tuple[str, ...] = ()
    impersonal_pronouns: tuple[str, ...] = ()  # "it": points back to a body, never to a person
    no_comment: tuple[str, ...] = ()  # "did not comment": the party is named, but claims nothing
    not_sources: tuple[str, ...] = ()  # "according to plan": words after "according to" that name no source
    documents: tuple[str, ...] = ()  # "according to a report by X": X is the source


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


class _PartyNames:
    """Every party name (longest first, as one alternation would try them), found by where they can start.

    A single alternation of hundreds of names is slow twice over: `re` tries every name at every
    word (and named groups, one per name, keep it from optimising at all), and compiling it takes
    most of the knowledge's load time. Here one small pattern finds the positions where some name
    can start; each position tries only the names that can start the way the text does there: with
    its first character, or, at "the" and white space, with the first character after it (most
    names may follow an optional "the"). Those names keep their alternation order and are compiled
    together the first time that start occurs, so the match at a position is the one the whole
    alternation would give, and the scan (leftmost, non-overlapping) is `finditer`'s.
    """

    def __init__(self, names: list[tuple[str, str, tuple[str, str, str] | Ambiguous]], guard: str) -> None:
        self._names = names  # (spelling, pattern, meaning) in alternation order
        self._by_key: dict[str, list[int]] = {}
        self._direct: dict[str, list[int]] = {}  # first character -> names that start with it
        self._after_the: dict[str, list[int]] = {}  # first character after "the " -> names
        tees = _case_variants("t")
        self._tees = frozenset(tees)
        t_names: set[int] = set()
        for i, (spelling, _, meaning) in enumerate(names):
            self._by_key.setdefault(_party_key(spelling), []).append(i)
            optional_the = not isinstance(meaning, Ambiguous) and meaning[1] == "institution"
            after_the, direct = _name_starts(spelling, optional_the=optional_the)
            for char in direct:
                self._direct.setdefault(char, []).append(i)
            for char in after_the:
                self._after_the.setdefault(char, []).append(i)
            if direct & tees:
                t_names.add(i)  # may match at "the " itself, without taking it as the optional article
        self._t_names = sorted(t_names)
        starts = set(self._direct) | (tees if self._after_the else set())
        chars = "".join(re.escape(c) for c in sorted(starts))
        self._starts = re.compile(r"(?<![\w])" + guard + (f"(?=[{chars}])" if chars else r"(?!x)x"))
        self._compiled: dict[tuple[int, ...], re.Pattern[str]] = {}
        self._single: dict[int, re.Pattern[str]] = {}

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """Yield the non-overlapping party names in `text`, left to right."""
        end = 0
        for start in self._starts.finditer(text):
            at = start.start()
            if at < end:
                continue
            candidates = self._candidates(text, at)
            if not candidates:
                continue
            pattern = self._compiled.get(candidates)
            if pattern is None:
                body = "|".join(self._names[i][1] for i in candidates)
                pattern = self._compiled[candidates] = re.compile(f"(?:{body})(?!\\w)")
            hit = pattern.match(text, at)
            if hit is not None:
                end = hit.end()
                yield hit

    def _candidates(self, text: str, at: int) -> tuple[int, ...]:
        """Return the names that can match at `at`, in alternation order."""
        if text[at] in self._tees and self._after_the:
            the = _THE_AND_SPACE.match(text, at)
            if the is not None:
                following = self._after_the.get(text[the.end()], []) if the.end() < len(text) else []
                return tuple(sorted({*following, *self._t_names}))
        return tuple(self._direct.get(text[at], ()))

    def meaning(self, hit: re.Match[str]) -> tuple[str, str, str] | Ambiguous:
        """Return (name, kind, slug) or the Ambiguous alias that a match of `finditer` is."""
        text, start, end = hit.string, hit.start(), hit.end()
        for candidates in (self._by_key.get(_party_key(hit.group(0)), ()), range(len(self._names))):
            for i in candidates:
                single = self._single.get(i)
                if single is None:
                    single = self._single[i] = re.compile(f"(?:{self._names[i][1]})(?!\\w)")
                m = single.match(text, start)
                if m is not None and m.end() == end:
                    return self._names[i][2]
        raise AssertionError(f"no party name matches {hit.group(0)!r}")  # pragma: no cover - see above


_THE_AND_SPACE = re.compile(r"(?i:the)\s+")


def _name_starts(spelling: str, *, optional_the: bool) -> tuple[set[str], set[str]]:
    """Say how a match of `_name_pattern(spelling, optional_the=...)` can start.

    Return (the characters it can go on with after "the" and white space, when it can start with
    them; the characters it can start with otherwise).
    """
    words = spelling.split()
    has_the = len(words) > 1 and words[0].lower() == "the"
    rest = words[1:] if has_the else words
    if optional_the:
        first = rest[0]
        chars = _literal_starts(first, any_case=not (first.isupper() and len(first) > 1))
        return chars, chars
    text = " ".join(rest)
    chars = _literal_starts(text, any_case=not any(c.isupper() for c in text))
    return (chars, set()) if has_the else (set(), chars)


def _literal_starts(literal: str, *, any_case: bool) -> set[str]:
    """Return the characters a `literal_pattern(literal)` match starts with (in any case if `any_case`)."""
    first = literal.strip()[:1]
    for group in (DASH, APOSTROPHE, QUOTE):
        if re.fullmatch(group, first):
            return set(group[1:-1].replace("\\", ""))
    return _case_variants(first) if any_case else {first}


def _case_variants(char: str) -> set[str]:
    """Return a character and its other cases (single characters only)."""
    return {v for v in (char, char.lower(), char.upper(), char.swapcase(), char.casefold()) if len(v) == 1}


def _party_key(text: str) -> str:
    """Return a name's lookup key: case-folded, dashes/quotes/spaces uniform, without a leading 'the '."""
    key = literal_key(text).casefold()
    return key.removeprefix("the ")


@dataclass
class _Matchers:
    party: _PartyNames
    anonymous: re.Pattern[str]
    verb: re.Pattern[str]
    after: re.Pattern[str]
    unverified: re.Pattern[str]
    boundary: re.Pattern[str]
    preposition: re.Pattern[str]
    pronoun: re.Pattern[str]
    anaphor: re.Pattern[str]
    role: re.Pattern[str]
    titles: frozenset[str] = frozenset()
    noun_like: frozenset[str] = frozenset()
    # For each phrase `after`, `verb` and `unverified` look for, its longest word, case-folded (None: a
    # phrase without a word): a sentence holding none of them is not scanned (most sentences).
    after_words: frozenset[str] | None = None
    verb_words: frozenset[str] | None = None
    unverified_words: frozenset[str] | None = None
    no_comment: re.Pattern[str] | None = None
    no_comment_words: frozenset[str] | None = None
    impersonal: frozenset[str] = frozenset()
    not_source: re.Pattern[str] | None = None
    source_stop: re.Pattern[str] | None = None  # where an unregistered source's name ends
    documents: frozenset[str] = frozenset()  # "a report by X": the document's author is the source


_WORD = re.compile(r"\w+")
# A bracketed abbreviation between a name and its verb: "The Russian Ministry of Defense (MoD) claimed".
_ABBREVIATION = re.compile(r"\s*[(\[]\s*[A-Z][A-Za-z.&/-]{0,11}\s*[)\]]\s*$")
# What an unregistered source after "according to" may hold: words, no digits, no sentence punctuation.
_UNKNOWN_SOURCE = re.compile(r"[A-Za-z][\w'’.&-]*(?:\s+[\w'’.&-]+){0,7}")
_DETERMINER = re.compile(r"^(?:the|a|an)\s+")  # lower case: "The Register" keeps its "The"
_CALENDAR_WORDS = frozenset((*calendar.month_name[1:], *calendar.day_name))
_NUMBER_WORD = re.compile(r"\s+\S*\d")
# After a document noun: "by"/"in"/"from" and a capitalised name ("a review by PC World").
_AUTHOR = re.compile(r"\s+(?P<prep>by|in|from)\s+(?P<name>(?:[A-Z][\w'’.&-]*)(?:\s+[A-Z][\w'’.&-]*){0,4})\s*[.,;:]?$")


def _key_words(phrases: Iterable[str]) -> frozenset[str] | None:
    """Return the longest word of each phrase, case-folded; None when a phrase has no word at all.

    A phrase's words are literal and bounded by non-word characters in its pattern, so a sentence
    that matches it has each of them among its own words.
    """
    words = set()
    for phrase in phrases:
        tokens = _WORD.findall(phrase)
        if not tokens:
            return None
        words.add(max(tokens, key=len).casefold())
    return frozenset(words)


def _may_occur(first_words: frozenset[str] | None, words: set[str]) -> bool:
    """Return False when none of the phrases can occur among a sentence's (case-folded) words."""
    return first_words is None or not first_words.isdisjoint(words)


# A person's name: up to four capitalised words ("Admiral Rob Bauer", "Anatoly Antonov"); all-caps
# words (US, NATO) are not names.
_PERSON = re.compile(r"(?<![\w])(?:[A-Z][a-z][\w'’.-]*\s+){0,3}[A-Z][a-z][\w'’-]*")


class InstitutionRegistry:
    """Institutions, ambiguous aliases and phrase patterns; compiled once per outlet registry."""

    def __init__(self, institutions: Iterable[Institution], ambiguous: Iterable[Ambiguous],
                 anonymous: AnonymousWords, phrases: Phrases) -> None:
        self._institutions = {i.slug: i for i in institutions}
        self.ambiguous = tuple(ambiguous)
        self.anonymous = anonymous
        self.phrases = phrases
        self._names: dict[str, str] = {}
        for inst in self._institutions.values():
            for spelling in (inst.name, *inst.aliases, inst.slug):
                key = fold(spelling)
                self._names.setdefault(key, inst.slug)
                self._names.setdefault(key.removeprefix("the "), inst.slug)
        self._cache: tuple[OutletRegistry, _Matchers] | None = None

    def all(self) -> tuple[Institution, ...]:
        """Return every institution, sorted by name."""
        return tuple(sorted(self._institutions.values(), key=lambda i: fold(i.name)))

    def institution(self, slug: str) -> Institution:
        """Return an institution by slug; KeyError for an unknown slug."""
        return self._institutions[slug]

    def by_name(self, name: str) -> Institution | None:
        """Find an institution by canonical name, alias or slug (any case)."""
        key = fold(name)
        slug = self._names.get(key) or self._names.get(key[4:] if key.startswith("the ") else "")
        return self._institutions[slug] if slug else None

    def matchers(self, outlets: OutletRegistry) -> _Matchers:
        """Return the compiled patterns for this registry and an outlet registry (built once, then cached)."""
        if self._cache is None or self._cache[0] is not outlets:
            self._cache = (outlets, self._compile(outlets))
        return self._cache[1]

    def _compile(self, outlets: OutletRegistry) -> _Matchers:
        meaning: dict[str, tuple[str, str, str] | Ambiguous] = {}
        for inst in self._institutions.values():
            for spelling in (inst.name, *inst.aliases):
                meaning.setdefault(spelling, (inst.name, "institution", inst.slug))
        for amb in self.ambiguous:
            for spelling in amb.aliases:
                meaning.setdefault(spelling, amb)
        for spelling, ref in outlets.party_names():
            meaning.setdefault(spelling, (ref.name, "outlet", ref.slug))
        names: list[tuple[str, str, tuple[str, str, str] | Ambiguous]] = []
        for spelling in sorted(meaning, key=lambda s: (-len(s), s)):
            target = meaning[spelling]
            optional_the = not isinstance(target, Ambiguous) and target[1] == "institution"
            names.append((spelling, _name_pattern(spelling, optional_the=optional_the), target))
        guard = first_char_guard(list(meaning), any_case=True)

        a = self.anonymous
        affil = _alt(s for s, _ in a.affiliations)
        fields = _alt(a.fields)
        anon = (
            rf"(?:(?P<det>{_alt(a.determiners)})\s+)?"
            rf"(?P<qual>(?:(?:{_alt(a.qualifiers)})\s+)*)"
            rf"(?:(?-i:(?P<affil>{affil}))\s+)?"
            rf"(?:(?P<field>{fields})\s+)?"
            rf"(?P<noun>{_alt(n for n, _ in a.nouns)})"
            rf"(?:\s+(?:{_alt(a.within)})\s+(?:the\s+)?(?:(?-i:(?P<affil2>{affil}))\s+)?(?P<field2>{fields}))?"
        )
        p = self.phrases
        verb = rf"(?:(?:{_alt(p.auxiliaries)})\s+){{0,3}}(?P<verb>{_alt(p.verbs)})"
        after = rf"(?P<according>{_alt(p.according)})|(?P<citing>{_alt(p.citing)})"
        return _Matchers(
            party=_PartyNames(names, guard),
            anonymous=re.compile(rf"(?<![\w])(?:{anon})(?![\w])", re.IGNORECASE),
            verb=re.compile(rf"(?<![\w])(?:{verb})(?P<by>\s+by)?(?![\w])"),
            after=re.compile(rf"(?<![\w])(?:{after})(?![\w])", re.IGNORECASE),
            unverified=re.compile(rf"(?<![\w])(?:{_alt(p.unverified)})(?![\w])", re.IGNORECASE),
            boundary=re.compile(rf"[,;:()\[\]\"“”—–]|\s-\s|(?<![\w])(?:{_alt(p.clause_words)})(?![\w])"),
            preposition=re.compile(rf"(?<![\w])(?:{_alt(p.prepositions)})\s+(?:the\s+)?$", re.IGNORECASE),
            pronoun=re.compile(rf"^(?:{_alt(p.pronouns)})$", re.IGNORECASE),
            anaphor=re.compile(rf"^(?:{_alt(a.anaphors)})$", re.IGNORECASE),
            role=re.compile(rf"(?<![\w])(?:{_alt(p.speaker_roles)})(?![\w])", re.IGNORECASE),
            noun_like=frozenset(v.lower() for v in p.noun_like_verbs),
            titles=frozenset(fold(t).rstrip(".") for t in p.titles),
            after_words=_key_words((*p.according, *p.citing)),
            verb_words=_key_words(p.verbs),
            unverified_words=_key_words(p.unverified),
            no_comment=re.compile(rf"(?<![\w])(?:{_alt(p.no_comment)})(?![\w])", re.IGNORECASE),
            no_comment_words=_key_words(p.no_comment),
            impersonal=frozenset(w.casefold() for w in p.impersonal_pronouns),
            not_source=re.compile(rf"^(?:(?:the|a|an|its|their)\s+)?(?:{_alt(p.not_sources)})(?![\w])",
                                  re.IGNORECASE),
            documents=frozenset(w.casefold() for w in p.documents),
            source_stop=re.compile(rf"\s+(?:{_alt(w for w in p.prepositions if w.lower() != 'of')})(?![\w])",
                                   re.IGNORECASE),
        )


def _alt(words: Iterable[str]) -> str:
    """Return an alternation of literals, longest first (so 'has not' wins over 'has')."""
    return "|".join(literal_pattern(w) for w in sorted(set(words), key=lambda w: (-len(w), w))) or r"(?!x)x"


def _name_pattern(spelling: str, *, optional_the: bool = False) -> str:
    """Return the pattern of a party's name.

    Outlets (optional_the=False) match with their capitalisation as written (a leading "The" in any
    case); a name written all in lower case matches in any case. Institutions (optional_the=True)
    match in any case except their all-capital words ("US", "SBU"), and "the" is optional.
    """
    words = spelling.split()
    has_the = len(words) > 1 and words[0].lower() == "the"
    rest = words[1:] if has_the else words
    if optional_the:
        core = r"\s+".join(f"(?-i:{literal_pattern(w)})" if w.isupper() and len(w) > 1 else literal_pattern(w)
                           for w in rest)
        return rf"(?i:(?:the\s+)?{core})"
    text = " ".join(rest)
    core = literal_pattern(text) if any(c.isupper() for c in text) else f"(?i:{literal_pattern(text)})"
    return rf"[Tt]he\s+{core}" if has_the else core


# ------------------------------------------------------------------ attribute


def attribute(sentence: str, outlets: OutletRegistry, institutions: InstitutionRegistry,
              *, context: tuple[str, ...] = (), own_outlet: str | None = None) -> tuple[tuple[Cite, ...], Claim]:
    """Return the parties a sentence cites and whose claim it is (stated, attributed or unverified).

    `context` names the parties the article cited before, oldest first; `own_outlet` is the article's
    outlet: an outlet citing itself ("As Ukrinform reported" in Ukrinform) states the fact itself.
    """
    m = institutions.matchers(outlets)
    words = {w.casefold() for w in _WORD.findall(sentence)}
    found: list[_Found] = []
    for hit in m.after.finditer(sentence) if _may_occur(m.after_words, words) else ():
        end = _span_end(sentence, hit.end(), m)
        party = _party_in(sentence, hit.end(), end, m, outlets, institutions, context, before=False)
        if party is None and hit["according"] is not None:
            party = _unknown_source(sentence, hit.end(), end, m)
        if party is not None:
            found.append(_Found(party, sentence[hit.start():party.end], hit.start(), hit["according"] is not None))
    for hit in m.verb.finditer(sentence) if _may_occur(m.verb_words, words) else ():
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
    if m.no_comment is not None and _may_occur(m.no_comment_words, words):
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
    unverified = m.unverified.search(sentence) if _may_occur(m.unverified_words, words) else None
    if unverified is not None:
        return tuple(cites), Claim("unverified", by=by, phrase=unverified.group(0))
    if main is not None:
        return tuple(cites), Claim("attributed", by=by, phrase=main.phrase)
    return tuple(cites), Claim("stated")


def _subject(sentence: str, verb_start: int, m: _Matchers, outlets: OutletRegistry,
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


def _unknown_source(sentence: str, start: int, end: int, m: _Matchers) -> _Party | None:
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


def _span_start(sentence: str, end: int, m: _Matchers) -> int:
    """Return where the subject before a verb starts: after the last clause boundary."""
    start = 0
    for b in m.boundary.finditer(sentence, 0, end):
        start = b.end()
    return start


def _span_end(sentence: str, start: int, m: _Matchers) -> int:
    """Return where the words after an attribution phrase end: at the next clause boundary."""
    b = m.boundary.search(sentence, start)
    return b.start() if b is not None else len(sentence)


def _party_in(sentence: str, start: int, end: int, m: _Matchers, outlets: OutletRegistry,
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


def _person(hit: re.Match[str], offset: int, m: _Matchers) -> _Party:
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


# -------------------------------------------------------------------- loading


def load_institutions(content_dir: Path) -> InstitutionRegistry:
    """Load the packaged institutions and phrase patterns, then the site's content/institutions.yaml."""
    institutions: dict[str, Institution] = {}
    ambiguous: list[tuple[Ambiguous, YNode]] = []
    anon = AnonymousWords()
    phrases = Phrases()
    for fields in registry_sections(PACKAGED, content_dir / SITE_FILE, ("institutions", "ambiguous", "anonymous", "phrases")):
        if "institutions" in fields:
            for node in fields["institutions"].sequence():
                _merge_institution(node, institutions)
        if "ambiguous" in fields:
            ambiguous.extend((_ambiguous(n), n) for n in fields["ambiguous"].sequence())
        if "anonymous" in fields:
            anon = _anonymous(fields["anonymous"], anon)
        if "phrases" in fields:
            lists = fields["phrases"].mapping(_PHRASE_KEYS)
            phrases = replace(phrases, **{k: getattr(phrases, k) + v.as_names() for k, v in lists.items()})
    names = {fold(i.name) for i in institutions.values()}
    for amb, node in ambiguous:
        for meant in amb.may_mean:
            if fold(meant) not in names:
                where = node.value["may_mean"] if isinstance(node.value, dict) else node
                raise where.error(f"{meant!r} is not an institution's canonical name")
    return InstitutionRegistry(institutions.values(), (amb for amb, _ in ambiguous), anon, phrases)


def _merge_institution(node: YNode, institutions: dict[str, Institution]) -> None:
    fields = node.mapping(_INSTITUTION_KEYS, required=("name",))
    name, slug = name_and_slug(fields)
    existing = find_record(institutions, name, slug, _names_of)
    if existing is None:
        existing = Institution(slug=slug or slugify(name), name=name)
    changes: dict[str, object] = {"name": name}
    if slug is not None:
        changes["slug"] = slug
    if "aliases" in fields:
        changes["aliases"] = fields["aliases"].as_names()
    if "country" in fields:
        changes["country"] = fields["country"].as_name() if fields["country"].value is not None else ""
    if "description" in fields:
        text = fields["description"]
        changes["description"] = "" if text.value is None else text.as_str(allow_empty=True).strip()
    updated = replace(existing, **changes)  # type: ignore[arg-type]
    institutions.pop(existing.slug, None)
    institutions[updated.slug] = updated


def _ambiguous(node: YNode) -> Ambiguous:
    fields = node.mapping(_AMBIGUOUS_KEYS, required=("aliases", "unspecified"))
    outlets = fields["outlets"].as_bool() if "outlets" in fields else False
    may_mean = fields["may_mean"].as_names() if "may_mean" in fields else ()
    if not may_mean and not outlets:
        raise node.error("an ambiguous alias needs 'may_mean' (institution names) or 'outlets: true'")
    return Ambiguous(aliases=fields["aliases"].as_names(), may_mean=may_mean, outlets=outlets,
                     unspecified=fields["unspecified"].as_str().strip())


def _anonymous(node: YNode, base: AnonymousWords) -> AnonymousWords:
    fields = node.mapping(_ANON_KEYS)
    changes: dict[str, object] = {k: getattr(base, k) + v.as_names() for k, v in fields.items() if k in _ANON_LISTS}
    if "affiliations" in fields:
        changes["affiliations"] = base.affiliations + tuple(
            (k, v.as_str().strip()) for k, v in fields["affiliations"].items())
    if "nouns" in fields:
        changes["nouns"] = base.nouns + tuple((k, v.as_choice(_CITE_KINDS)) for k, v in fields["nouns"].items())
    return replace(base, **changes)  # type: ignore[arg-type]


@lru_cache(maxsize=4096)
def _names_of(record: Institution) -> frozenset[str]:
    """Return the folded name and aliases of a record (cached: records are frozen)."""
    return frozenset(fold(n) for n in (record.name, *record.aliases))

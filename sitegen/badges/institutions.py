"""The institution registry: institutions, ambiguous aliases, anonymous-source words and phrase lists.

Read from the packaged sitegen/data/institutions.yaml and a site's content/institutions.yaml;
`InstitutionRegistry.matchers` compiles them (with an outlet registry's names) into the patterns
`sitegen.badges.attribution.attribute` runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from sitegen import DATA_DIR
from sitegen.badges._registry import find_record, name_and_slug, registry_sections
from sitegen.badges._text import first_char_guard, literal_pattern
from sitegen.badges.outlets import OutletRegistry
from sitegen.badges.parties import Ambiguous, PartyNames, name_pattern
from sitegen.text.normalize import fold, slugify
from sitegen.ynode import YNode

PACKAGED = DATA_DIR / "institutions.yaml"
SITE_FILE = "institutions.yaml"
_INSTITUTION_KEYS = ("name", "slug", "aliases", "country", "description")
_AMBIGUOUS_KEYS = ("aliases", "may_mean", "outlets", "unspecified")
_ANON_LISTS = ("determiners", "qualifiers", "fields", "within", "anaphors")
_ANON_KEYS = (*_ANON_LISTS, "affiliations", "nouns")
_PHRASE_KEYS = ("according", "citing", "verbs", "noun_like_verbs", "auxiliaries", "clause_words", "pronouns",
                "prepositions", "speaker_roles", "titles", "unverified", "impersonal_pronouns", "no_comment",
                "not_sources", "documents")
_CITE_KINDS = ("official", "anonymous")


@dataclass(frozen=True)
class Institution:
    """A body an article can cite: canonical name, URL-safe slug, aliases."""

    slug: str
    name: str
    aliases: tuple[str, ...] = ()
    country: str = ""
    description: str = ""


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


@dataclass
class Matchers:
    """The patterns `attribute` runs, compiled from an institution registry and an outlet registry."""

    party: PartyNames
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


WORD = re.compile(r"\w+")  # a word of a sentence or a phrase


def key_words(phrases: Iterable[str]) -> frozenset[str] | None:
    """Return the longest word of each phrase, case-folded; None when a phrase has no word at all.

    A phrase's words are literal and bounded by non-word characters in its pattern, so a sentence
    that matches it has each of them among its own words.
    """
    words = set()
    for phrase in phrases:
        tokens = WORD.findall(phrase)
        if not tokens:
            return None
        words.add(max(tokens, key=len).casefold())
    return frozenset(words)


def may_occur(first_words: frozenset[str] | None, words: set[str]) -> bool:
    """Return False when none of the phrases can occur among a sentence's (case-folded) words."""
    return first_words is None or not first_words.isdisjoint(words)


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
        self._cache: tuple[OutletRegistry, Matchers] | None = None

    def all(self) -> tuple[Institution, ...]:
        """Return every institution, sorted by name."""
        return tuple(sorted(self._institutions.values(), key=lambda i: fold(i.name)))

    def by_name(self, name: str) -> Institution | None:
        """Find an institution by canonical name, alias or slug (any case)."""
        key = fold(name)
        slug = self._names.get(key) or self._names.get(key[4:] if key.startswith("the ") else "")
        return self._institutions[slug] if slug else None

    def matchers(self, outlets: OutletRegistry) -> Matchers:
        """Return the compiled patterns for this registry and an outlet registry (built once, then cached)."""
        if self._cache is None or self._cache[0] is not outlets:
            self._cache = (outlets, self._compile(outlets))
        return self._cache[1]

    def _compile(self, outlets: OutletRegistry) -> Matchers:
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
            names.append((spelling, name_pattern(spelling, optional_the=optional_the), target))
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
        return Matchers(
            party=PartyNames(names, guard),
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
            after_words=key_words((*p.according, *p.citing)),
            verb_words=key_words(p.verbs),
            unverified_words=key_words(p.unverified),
            no_comment=re.compile(rf"(?<![\w])(?:{_alt(p.no_comment)})(?![\w])", re.IGNORECASE),
            no_comment_words=key_words(p.no_comment),
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

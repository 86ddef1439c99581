"""Cited parties and claim status of a sentence, from phrase patterns and the institution registry."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from sitegen.badges._text import SLUG, first_char_guard, fold, literal_pattern, slugify
from sitegen.badges.outlets import OutletRegistry
from sitegen.models import Cite, Claim
from sitegen.yamlload import YNode, load_yaml

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
                "prepositions", "speaker_roles", "titles", "unverified")
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


@dataclass
class _Matchers:
    party: re.Pattern[str]
    party_meaning: dict[str, tuple[str, str, str] | Ambiguous]  # group -> (name, kind, slug) | Ambiguous
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
        groups: dict[str, tuple[str, str, str] | Ambiguous] = {}
        parts = []
        for i, spelling in enumerate(sorted(meaning, key=lambda s: (-len(s), s))):
            target = groups[f"n{i}"] = meaning[spelling]
            optional_the = not isinstance(target, Ambiguous) and target[1] == "institution"
            parts.append(f"(?P<n{i}>{_name_pattern(spelling, optional_the=optional_the)})")
        guard = first_char_guard(list(meaning), any_case=True)
        party = re.compile(r"(?<![\w])" + guard + "(?:" + "|".join(parts) + r")(?!\w)")

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
            party=party,
            party_meaning=groups,
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
              *, context: tuple[str, ...] = ()) -> tuple[tuple[Cite, ...], Claim]:
    """Return the parties a sentence cites and whose claim it is (stated, attributed or unverified)."""
    m = institutions.matchers(outlets)
    found: list[_Found] = []
    for hit in m.after.finditer(sentence):
        party = _party_in(sentence, hit.end(), _span_end(sentence, hit.end(), m), m, outlets, institutions,
                          context, before=False)
        if party is not None:
            found.append(_Found(party, sentence[hit.start():party.end], hit.start(), hit["according"] is not None))
    for hit in m.verb.finditer(sentence):
        if hit["by"]:
            party = _party_in(sentence, hit.end(), _span_end(sentence, hit.end(), m), m, outlets, institutions,
                              context, before=False)
            if party is not None:
                found.append(_Found(party, sentence[hit.start():party.end], hit.start(), True))
            continue
        start = _span_start(sentence, hit.start(), m)
        subject = sentence[start:hit.start()].strip()
        if subject and len(subject.split()) <= MAX_SUBJECT_WORDS:
            party = _party_in(sentence, start, hit.start(), m, outlets, institutions, context, before=True)
            bare_verb = hit.start() == hit.start("verb")
            if bare_verb and hit["verb"].lower() in m.noun_like and (
                    party is None or party.kind == "person" or sentence[party.end:hit.start()].strip()):
                continue  # "Similar reports were published", "verify the reports": a noun, not a verb
            begin = party.start if party is not None else start + (len(sentence[start:hit.start()])
                                                                   - len(sentence[start:hit.start()].lstrip()))
            found.append(_Found(party, sentence[begin:hit.end()], begin, True))
        elif not subject and _after_quote(sentence, hit.start()):
            party = _party_in(sentence, hit.end(), _span_end(sentence, hit.end(), m), m, outlets, institutions,
                              context, before=False, inverted=True)
            end = party.end if party is not None else hit.end()
            found.append(_Found(party, sentence[hit.start():end], hit.start(), True))
    found.sort(key=lambda f: f.start)

    cites: list[Cite] = []
    for f in found:
        if f.party is not None and all(c.name != f.party.name for c in cites):
            cites.append(Cite(name=f.party.name, kind=f.party.kind, phrase=f.phrase, slug=f.party.slug))
    main = next((f for f in found if f.main and f.party is not None), None) or next(
        (f for f in found if f.party is not None), None) or next(iter(found), None)
    by = main.party.name if main is not None and main.party is not None else None
    unverified = m.unverified.search(sentence)
    if unverified is not None:
        return tuple(cites), Claim("unverified", by=by, phrase=unverified.group(0))
    if main is not None:
        return tuple(cites), Claim("attributed", by=by, phrase=main.phrase)
    return tuple(cites), Claim("stated")


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
        meaning = m.party_meaning[named.lastgroup or ""]
        if isinstance(meaning, Ambiguous):
            name = _resolve_ambiguous(meaning, context, outlets)
            return _Party(name, _kind_of(name, outlets, institutions), _slug_of(name, outlets, institutions),
                          start + named.start(), start + named.end())
        return _Party(meaning[0], meaning[1], meaning[2], start + named.start(), start + named.end())
    if before and m.pronoun.match(stripped):
        earlier = context[-1] if context else None
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
    return "person"


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
    for path in (PACKAGED, content_dir / SITE_FILE):
        if not path.is_file():
            continue
        top = load_yaml(path)
        if top.value is None:
            continue
        fields = top.mapping(("institutions", "ambiguous", "anonymous", "phrases"))
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
    name = fields["name"].as_str().strip()
    slug = fields["slug"].as_name() if "slug" in fields else None
    if slug is not None and not SLUG.match(slug):
        raise fields["slug"].error("must be lower-case letters, digits and single hyphens (URL-safe)")
    existing = institutions.get(slug) if slug else None
    if existing is None:
        key = fold(name)
        existing = next((x for x in institutions.values() if key in _names_of(x)), None)
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

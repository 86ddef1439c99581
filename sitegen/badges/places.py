"""The place gazetteer (packaged YAML + content/places.yaml) and place tagging of sentences."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from sitegen import DATA_DIR
from sitegen.badges._registry import find_record, name_and_slug, registry_sections
from sitegen.badges._text import first_char_guard, literal_key, literal_pattern
from sitegen.models import Place, PlaceTag
from sitegen.text.normalize import fold, slugify
from sitegen.ynode import YNode

__all__ = ["PACKAGED", "ActorRules", "Gazetteer", "load_places"]

PACKAGED = DATA_DIR / "places.yaml"
SITE_FILE = "places.yaml"
_PLACE_KEYS = ("name", "slug", "variants", "lat", "lon", "kind", "country")


@dataclass(frozen=True)
class ActorRules:
    """When a capital's name stands for its government ("Kiev launched"), as read from the places YAML."""

    governments: tuple[tuple[str, str | None, tuple[str, ...]], ...] = ()  # (government, place slug, spellings)
    verbs: tuple[str, ...] = ()
    place_nouns: tuple[str, ...] = ()
    after: tuple[str, ...] = ()


class Gazetteer:
    """Canonical places with their spellings, and one compiled matcher for all of them."""

    def __init__(self, places: Iterable[Place], ignore: Iterable[str] = (),
                 actors: ActorRules = ActorRules()) -> None:
        self._places: dict[str, Place] = {p.slug: p for p in places}
        self._actor_of: dict[str, str] = {}  # literal key of a spelling -> the government it names
        for government, slug, extra in actors.governments:
            place = self._places.get(slug) if slug else None
            for spelling in (*((place.name, *place.variants) if place else ()), *extra):
                self._actor_of.setdefault(literal_key(spelling), government)
        self._actor_spellings = sorted({s for g, slug, extra in actors.governments
                                        for s in (*extra, *((self._places[slug].name, *self._places[slug].variants)
                                                            if slug in self._places else ()))},
                                       key=lambda s: (-len(s), s))
        self._actor_context = _actor_context(actors)
        self._actor_pattern = (re.compile(rf"(?<![\w])(?:{'|'.join(literal_pattern(s) for s in self._actor_spellings)})"
                                          r"(?![\w])") if self._actor_spellings else None)
        spellings: dict[str, str | None] = {}
        for place in self._places.values():
            for spelling in (place.name, *place.variants):
                spellings.setdefault(spelling, place.slug)
        for phrase in ignore:
            spellings[phrase] = None
        ordered = sorted(spellings, key=lambda s: (-len(s), s))
        # One alternation, longest spelling first, without named groups (hundreds of groups make `re`
        # try every branch at every position, ~10x slower); the matched text's key says which spelling.
        self._slugs: dict[str, str | None] = {}
        for spelling in ordered:
            self._slugs.setdefault(literal_key(spelling), spellings[spelling])
        body = "|".join(literal_pattern(s) for s in ordered) or r"(?!x)x"
        guard = first_char_guard(ordered)
        self._pattern = re.compile(rf"(?<![\w]){guard}(?:{body})(?![\w])")

    def tag(self, text: str) -> tuple[PlaceTag, ...]:
        """Return the places a text names, in order of first mention, each once, with the spelling used.

        A capital named for its government ("Kiev launched") is no place: `actors` returns it.
        """
        seen: set[str] = set()
        tags: list[PlaceTag] = []
        for m in self._pattern.finditer(text):
            matched = m.group(0)
            slug = self._slugs[literal_key(matched)]
            if slug is None or slug in seen:
                continue
            if literal_key(matched) in self._actor_of and self._as_actor(text, m.start(), m.end()):
                continue
            seen.add(slug)
            tags.append(PlaceTag(slug=slug, name=self._places[slug].name, matched=matched))
        return tuple(tags)

    def actors(self, text: str) -> tuple[str, ...]:
        """Return the governments a text names through their capital ("Moscow says": Russian government), once each."""
        if self._actor_pattern is None:
            return ()
        found: list[str] = []
        for m in self._actor_pattern.finditer(text):
            government = self._actor_of.get(literal_key(m.group(0)))
            if government and government not in found and self._as_actor(text, m.start(), m.end()):
                found.append(government)
        return tuple(found)

    def _as_actor(self, text: str, start: int, end: int) -> bool:
        after, before = self._actor_context
        return bool(after.match(text, end)) or bool(before.search(text[max(0, start - 40):start]))

    def place(self, slug: str) -> Place:
        """Return a place by slug; KeyError for an unknown slug."""
        return self._places[slug]

    def all(self) -> tuple[Place, ...]:
        """Return every place, sorted by name."""
        return tuple(sorted(self._places.values(), key=lambda p: fold(p.name)))


def _actor_context(rules: ActorRules) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Return (what follows a capital named as a government, what precedes one)."""
    verbs = "|".join(re.escape(v) for v in sorted(rules.verbs, key=lambda v: (-len(v), v))) or r"(?!x)x"
    nouns = "|".join(re.escape(n) for n in sorted(rules.place_nouns, key=lambda n: (-len(n), n))) or r"(?!x)x"
    after = "|".join(re.escape(w) for w in rules.after) or r"(?!x)x"
    follows = re.compile(rf"(?:,\s+[a-z]+,)?\s+(?:{verbs})\b|['’]s?\s+(?!(?:{nouns})\b)[a-z]")
    precedes = re.compile(rf"\b(?:{after})\s+$")
    return follows, precedes


def load_places(content_dir: Path) -> Gazetteer:
    """Load the packaged gazetteer and the site's content/places.yaml additions and corrections."""
    places: dict[str, Place] = {}
    defined_at: dict[str, YNode] = {}  # slug -> the entry that last defined or amended the place
    ignore: list[str] = []
    actor_nodes: list[YNode] = []
    for fields in registry_sections(PACKAGED, content_dir / SITE_FILE, ("places", "ignore", "actors")):
        if "places" in fields:
            for node in fields["places"].sequence():
                slug = _merge_place(node, places)
                defined_at[slug] = node
        if "ignore" in fields:
            ignore.extend(fields["ignore"].as_names())
        if "actors" in fields:
            actor_nodes.append(fields["actors"])
    _check_unique_spellings(places, defined_at)
    rules, examples = _actor_rules(actor_nodes, places)
    gazetteer = Gazetteer(places.values(), ignore, rules)
    _check_actor_examples(gazetteer, examples)
    return gazetteer


_ACTOR_KEYS = ("governments", "verbs", "place_nouns", "after", "examples")


def _actor_rules(nodes: list[YNode], places: dict[str, Place]) -> tuple[ActorRules, list[YNode]]:
    """Read the `actors:` sections (packaged, then the site's additions) into one set of rules."""
    governments: list[tuple[str, str | None, tuple[str, ...]]] = []
    verbs: list[str] = []
    nouns: list[str] = []
    after: list[str] = []
    examples: list[YNode] = []
    for node in nodes:
        fields = node.mapping(_ACTOR_KEYS)
        for g in fields["governments"].sequence() if "governments" in fields else ():
            gf = g.mapping(("government", "place", "spellings"), required=("government",))
            slug = gf["place"].as_name() if "place" in gf else None
            if slug is not None and slug not in places:
                raise gf["place"].error(f"no place has the slug {slug!r}")
            spellings = gf["spellings"].as_names() if "spellings" in gf else ()
            governments.append((gf["government"].as_str().strip(), slug, spellings))
        verbs += fields["verbs"].as_names() if "verbs" in fields else ()
        nouns += fields["place_nouns"].as_names() if "place_nouns" in fields else ()
        after += fields["after"].as_names() if "after" in fields else ()
        examples += fields["examples"].sequence() if "examples" in fields else ()
    rules = ActorRules(tuple(governments), tuple(dict.fromkeys(verbs)), tuple(dict.fromkeys(nouns)),
                       tuple(dict.fromkeys(after)))
    return rules, examples


def _check_actor_examples(gazetteer: Gazetteer, examples: list[YNode]) -> None:
    """Each example must tag what it says: the named government as an actor, or the place and no actor."""
    for node in examples:
        fields = node.mapping(("text", "actor", "place"), required=("text",))
        text = fields["text"].as_str()
        actors = gazetteer.actors(text)
        slugs = [t.slug for t in gazetteer.tag(text)]
        if "actor" in fields:
            want = fields["actor"].as_str()
            if want not in actors:
                raise node.error(f"the example names the actors {list(actors)}, not {want!r}; "
                                 "fix the verbs or the example")
        if "place" in fields:
            want = fields["place"].as_name()
            if want not in slugs or actors:
                raise node.error(f"the example tags the places {slugs} and the actors {list(actors)}; "
                                 f"it should tag the place {want!r} and no actor")


def _merge_place(node: YNode, places: dict[str, Place]) -> str:
    """Add or amend one place; return its slug."""
    fields = node.mapping(_PLACE_KEYS, required=("name",))
    name, slug = name_and_slug(fields)
    existing = find_record(places, name, slug, _names_of)
    if existing is None:
        for required in ("lat", "lon"):
            if required not in fields:
                raise node.error(f"a new place needs the key '{required}'")
        existing = Place(slug=slug or slugify(name), name=name, variants=(), lat=0.0, lon=0.0)
    changes: dict[str, object] = {"name": name}
    if slug is not None:
        changes["slug"] = slug
    if "variants" in fields:
        changes["variants"] = tuple(v for v in fields["variants"].as_names() if v != name)
    for key, low, high in (("lat", -90.0, 90.0), ("lon", -180.0, 180.0)):
        if key in fields:
            value = fields[key].as_float()
            if not low <= value <= high:
                raise fields[key].error(f"must be between {low:g} and {high:g}, not {value:g}")
            changes[key] = value
    for key in ("kind", "country"):
        if key in fields:
            changes[key] = fields[key].as_name()
    updated = replace(existing, **changes)  # type: ignore[arg-type]
    places.pop(existing.slug, None)
    places[updated.slug] = updated
    return updated.slug


def _check_unique_spellings(places: dict[str, Place], defined_at: dict[str, YNode]) -> None:
    owner: dict[str, Place] = {}
    for place in places.values():
        for spelling in dict.fromkeys((place.name, *place.variants)):
            other = owner.setdefault(spelling, place)
            if other is not place:
                node = defined_at[place.slug]
                where = node.value.get("variants", node) if isinstance(node.value, dict) else node
                raise where.error(f"the spelling {spelling!r} names both {other.name} and {place.name}; "
                                  "a spelling must name one place")


@lru_cache(maxsize=4096)
def _names_of(record: Place) -> frozenset[str]:
    """Return the folded name and variants of a record (cached: records are frozen)."""
    return frozenset(fold(n) for n in (record.name, *record.variants))

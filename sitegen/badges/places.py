"""The place gazetteer (packaged YAML + content/places.yaml) and place tagging of sentences."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from sitegen import DATA_DIR
from sitegen.badges._registry import find_record, name_and_slug, registry_sections
from sitegen.badges._text import first_char_guard, literal_key, literal_pattern
from sitegen.models import Place, PlaceTag
from sitegen.text.normalize import fold, slugify
from sitegen.yamlload import YNode

__all__ = ["PACKAGED", "Gazetteer", "load_places"]

PACKAGED = DATA_DIR / "places.yaml"
SITE_FILE = "places.yaml"
_PLACE_KEYS = ("name", "slug", "variants", "lat", "lon", "kind", "country")


class Gazetteer:
    """Canonical places with their spellings, and one compiled matcher for all of them."""

    def __init__(self, places: Iterable[Place], ignore: Iterable[str] = ()) -> None:
        self._places: dict[str, Place] = {p.slug: p for p in places}
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
        """Return the places a text names, in order of first mention, each once, with the spelling used."""
        seen: set[str] = set()
        tags: list[PlaceTag] = []
        for m in self._pattern.finditer(text):
            matched = m.group(0)
            slug = self._slugs[literal_key(matched)]
            if slug is None or slug in seen:
                continue
            seen.add(slug)
            tags.append(PlaceTag(slug=slug, name=self._places[slug].name, matched=matched))
        return tuple(tags)

    def place(self, slug: str) -> Place:
        """Return a place by slug; KeyError for an unknown slug."""
        return self._places[slug]

    def all(self) -> tuple[Place, ...]:
        """Return every place, sorted by name."""
        return tuple(sorted(self._places.values(), key=lambda p: fold(p.name)))


def load_places(content_dir: Path) -> Gazetteer:
    """Load the packaged gazetteer and the site's content/places.yaml additions and corrections."""
    places: dict[str, Place] = {}
    defined_at: dict[str, YNode] = {}  # slug -> the entry that last defined or amended the place
    ignore: list[str] = []
    for fields in registry_sections(PACKAGED, content_dir / SITE_FILE, ("places", "ignore")):
        if "places" in fields:
            for node in fields["places"].sequence():
                slug = _merge_place(node, places)
                defined_at[slug] = node
        if "ignore" in fields:
            ignore.extend(fields["ignore"].as_names())
    _check_unique_spellings(places, defined_at)
    return Gazetteer(places.values(), ignore)


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

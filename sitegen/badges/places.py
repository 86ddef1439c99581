"""The place gazetteer (packaged YAML + content/places.yaml) and place tagging of sentences."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import yaml

from sitegen.badges import _yamlnodes as yn
from sitegen.badges._text import SLUG, first_char_guard, fold, literal_pattern, slugify
from sitegen.errors import ConfigError
from sitegen.models import Place, PlaceTag

__all__ = ["PACKAGED", "Gazetteer", "load_places"]

PACKAGED = Path(__file__).resolve().parent.parent / "data" / "places.yaml"
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
        self._groups: dict[str, str | None] = {}
        parts: list[str] = []
        for i, spelling in enumerate(ordered):
            group = f"p{i}"
            self._groups[group] = spellings[spelling]
            parts.append(f"(?P<{group}>{literal_pattern(spelling)})")
        body = "|".join(parts) or r"(?!x)x"
        guard = first_char_guard(ordered)
        self._pattern = re.compile(rf"(?<![\w]){guard}(?:{body})(?![\w])")

    def tag(self, text: str) -> tuple[PlaceTag, ...]:
        """Return the places a text names, in order of first mention, each once, with the spelling used."""
        seen: set[str] = set()
        tags: list[PlaceTag] = []
        for m in self._pattern.finditer(text):
            slug = self._groups[m.lastgroup or ""]
            if slug is None or slug in seen:
                continue
            seen.add(slug)
            tags.append(PlaceTag(slug=slug, name=self._places[slug].name, matched=m.group(0)))
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
    ignore: list[str] = []
    for path in (PACKAGED, content_dir / SITE_FILE):
        doc = yn.read_doc(path)
        if doc is None:
            continue
        top = yn.top_level(doc, allowed=("places", "ignore"), what="the places file")
        if "places" in top:
            for node in yn.sequence(doc, top["places"], key="places"):
                _merge_place(doc, node, places)
        if "ignore" in top:
            ignore.extend(yn.texts(doc, top["ignore"], key="ignore"))
    _check_unique_spellings(places)
    return Gazetteer(places.values(), ignore)


def _merge_place(doc: yn.Doc, node: yaml.Node, places: dict[str, Place]) -> None:
    fields = yn.mapping(doc, node, what="a place", allowed=_PLACE_KEYS, required=("name",))
    name = yn.text(doc, fields["name"], key="name")
    slug = yn.text(doc, fields["slug"], key="slug") if "slug" in fields else None
    if slug is not None and not SLUG.match(slug):
        raise ConfigError("must be lower-case letters, digits and single hyphens (URL-safe)",
                          path=doc.path, line=yn.line_of(fields["slug"]), key="slug")
    existing = places.get(slug) if slug else None
    if existing is None:
        key = fold(name)
        existing = next((x for x in places.values() if key in _names_of(x)), None)
    if existing is None:
        for required in ("lat", "lon"):
            if required not in fields:
                raise ConfigError(f"a new place needs the key '{required}'", path=doc.path,
                                  line=yn.line_of(node), key=required)
        existing = Place(slug=slug or slugify(name), name=name, variants=(), lat=0.0, lon=0.0)
    changes: dict[str, object] = {"name": name}
    if slug is not None:
        changes["slug"] = slug
    if "variants" in fields:
        changes["variants"] = tuple(v for v in yn.texts(doc, fields["variants"], key="variants") if v != name)
    for key, low, high in (("lat", -90.0, 90.0), ("lon", -180.0, 180.0)):
        if key in fields:
            value = yn.number(doc, fields[key], key=key)
            if not low <= value <= high:
                raise ConfigError(f"must be between {low:g} and {high:g}, not {value:g}", path=doc.path,
                                  line=yn.line_of(fields[key]), key=key)
            changes[key] = value
    for key in ("kind", "country"):
        if key in fields:
            changes[key] = yn.text(doc, fields[key], key=key)
    updated = replace(existing, **changes)  # type: ignore[arg-type]
    places.pop(existing.slug, None)
    places[updated.slug] = updated


def _check_unique_spellings(places: dict[str, Place]) -> None:
    owner: dict[str, Place] = {}
    for place in places.values():
        for spelling in dict.fromkeys((place.name, *place.variants)):
            other = owner.setdefault(spelling, place)
            if other is not place:
                raise ConfigError(f"the spelling {spelling!r} names both {other.name} and {place.name}; "
                                  "a spelling must name one place", key="variants")


@lru_cache(maxsize=4096)
def _names_of(record: Place) -> frozenset[str]:
    """Return the folded name and variants of a record (cached: records are frozen)."""
    return frozenset(fold(n) for n in (record.name, *record.variants))

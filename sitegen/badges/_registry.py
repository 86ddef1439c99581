"""Shared steps of merging one YAML entry into a badge registry: outlets, places, institutions (private)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from sitegen.badges._text import SLUG
from sitegen.text.normalize import fold
from sitegen.yamlload import load_yaml
from sitegen.ynode import YNode

R = TypeVar("R")


def name_and_slug(fields: dict[str, YNode]) -> tuple[str, str | None]:
    """Return an entry's `name` and optional `slug`, refusing a slug that is not URL-safe."""
    name = fields["name"].as_str().strip()
    slug = fields["slug"].as_name() if "slug" in fields else None
    if slug is not None and not SLUG.match(slug):
        raise fields["slug"].error("must be lower-case letters, digits and single hyphens (URL-safe)")
    return name, slug


def find_record(records: dict[str, R], name: str, slug: str | None,
                names_of: Callable[[R], frozenset[str]]) -> R | None:
    """Return the record an entry amends: the one with its slug, else the one known by its name."""
    existing = records.get(slug) if slug else None
    if existing is None:
        key = fold(name)
        existing = next((x for x in records.values() if key in names_of(x)), None)
    return existing


def registry_sections(packaged: Path, site_file: Path, keys: tuple[str, ...]) -> Iterator[dict[str, YNode]]:
    """Yield the checked top-level sections of the packaged file, then of the site's (missing or empty: none)."""
    for path in (packaged, site_file):
        if not path.is_file():
            continue
        top = load_yaml(path)
        if top.value is None:
            continue
        yield top.mapping(keys)

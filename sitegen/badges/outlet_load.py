"""Loading the outlet registry: the packaged outlets.yaml, then the site's content/sources.yaml."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from sitegen.badges._registry import find_record, name_and_slug, registry_sections
from sitegen.badges.outlets import (
    KINDS,
    PACKAGED,
    ROLES,
    SIGNATURE_TYPES,
    SITE_FILE,
    STRENGTHS,
    Hint,
    Outlet,
    OutletRegistry,
    Signature,
)
from sitegen.errors import ConfigError
from sitegen.text.normalize import fold, slugify
from sitegen.ynode import YNode

_OUTLET_KEYS = ("name", "slug", "label", "aliases", "domains", "kind", "country", "description", "signatures")
_SIGNATURE_KEYS = ("type", "text", "role", "strength")
_HINT_KEYS = ("name", "kind", "all")


def load_outlets(content_dir: Path) -> OutletRegistry:
    """Load the packaged outlets and the site's content/sources.yaml additions and corrections."""
    outlets: dict[str, Outlet] = {}
    hints: list[Hint] = []
    for fields in registry_sections(PACKAGED, content_dir / SITE_FILE, ("outlets", "hints")):
        if "outlets" in fields:
            for node in fields["outlets"].sequence():
                _merge_outlet(node, outlets)
        if "hints" in fields:
            hints.extend(_hint(node) for node in fields["hints"].sequence())
    _check_unique_names(outlets)
    return OutletRegistry(outlets.values(), hints)


def _merge_outlet(node: YNode, outlets: dict[str, Outlet]) -> None:
    fields = node.mapping(_OUTLET_KEYS, required=("name",))
    name, slug = name_and_slug(fields)
    existing = find_record(outlets, name, slug, _names_of)
    if existing is None:
        if "kind" not in fields:
            raise node.error(f"a new outlet needs the key 'kind' ({', '.join(KINDS)})")
        existing = Outlet(slug=slug or slugify(name), name=name, label=name, kind="unknown")
        if existing.slug in outlets:
            raise node.error(f"slug {existing.slug!r} is already used by {outlets[existing.slug].name}; "
                             "give this outlet its own 'slug'")
    changes: dict[str, object] = {"name": name, "source": node.where}
    if slug is not None:
        changes["slug"] = slug
    if "label" in fields:
        changes["label"] = fields["label"].as_str().strip()
    if "description" in fields:
        changes["description"] = _optional_text(fields["description"])
    if "country" in fields:
        changes["country"] = fields["country"].as_name() if fields["country"].value is not None else ""
    if "kind" in fields:
        changes["kind"] = fields["kind"].as_choice(KINDS)
    if "aliases" in fields:
        changes["aliases"] = fields["aliases"].as_names()
    if "domains" in fields:
        items = fields["domains"]
        changes["domains"] = tuple(_domain(n) for n in (items.value if isinstance(items.value, list) else [items]))
    if "signatures" in fields:
        changes["signatures"] = tuple(_signature(n) for n in fields["signatures"].sequence())
    updated = replace(existing, **changes)  # type: ignore[arg-type]
    outlets.pop(existing.slug, None)
    outlets[updated.slug] = updated


def _optional_text(node: YNode) -> str:
    """Return a free text that may be left empty."""
    return "" if node.value is None else node.as_str(allow_empty=True).strip()


def _domain(node: YNode) -> str:
    value = node.as_name().lower()
    if not re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", value):
        raise node.error(f"{value!r} is not a bare domain such as rt.com (no scheme, path or www. needed)")
    return value


def _signature(node: YNode) -> Signature:
    fields = node.mapping(_SIGNATURE_KEYS, required=("type", "text"))
    kind = fields["type"].as_choice(SIGNATURE_TYPES)
    text = fields["text"].as_name()
    role, strength, _ = SIGNATURE_TYPES[kind]
    if "role" in fields:
        role = fields["role"].as_choice(ROLES)
    if "strength" in fields:
        strength = fields["strength"].as_choice(STRENGTHS)
    if kind == "regex":
        try:
            compiled = re.compile(text)
        except re.error as err:
            raise fields["text"].error(f"not a valid regular expression: {err}") from None
        if compiled.groupindex:
            raise fields["text"].error("named groups (?P<...>) are not allowed in a signature pattern")
    return Signature(type=kind, text=text, role=role, strength=strength)


def _hint(node: YNode) -> Hint:
    fields = node.mapping(_HINT_KEYS, required=("name", "all"))
    kind = fields["kind"].as_choice(KINDS) if "kind" in fields else "unknown"
    signatures = tuple(_signature(n) for n in fields["all"].sequence())
    return Hint(name=fields["name"].as_str().strip(), kind=kind, signatures=signatures)


def _check_unique_names(outlets: dict[str, Outlet]) -> None:
    owner: dict[str, Outlet] = {}
    for outlet in outlets.values():
        for name in dict.fromkeys(fold(n) for n in (outlet.name, outlet.label, *outlet.aliases, *outlet.domains)):
            other = owner.setdefault(name, outlet)
            if other is not outlet:
                path, _, line = outlet.source.rpartition(":")
                raise ConfigError(f"{name!r} names both {other.name} ({other.source}) and {outlet.name}; "
                                  "names, labels, aliases and domains must be unique",
                                  path=path or None, line=int(line) if line.isdigit() else None, key="aliases")


@lru_cache(maxsize=4096)
def _names_of(record: Outlet) -> frozenset[str]:
    """Return the folded name and aliases of a record (cached: records are frozen)."""
    return frozenset(fold(n) for n in (record.name, *record.aliases))

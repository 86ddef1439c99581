"""Badge kinds for the legend: labels and explanations from sitegen/data/badges.yaml (private)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sitegen.badges import _yamlnodes as yn
from sitegen.errors import ConfigError

BADGES_FILE = Path(__file__).resolve().parent.parent / "data" / "badges.yaml"
GROUPS = ("outlet", "cite", "claim")
_KIND_KEYS = ("label", "short", "explanation")


@dataclass(frozen=True)
class BadgeKind:
    """One badge kind: its key, the words on the badge, a short form, what it means."""

    kind: str
    label: str
    explanation: str
    short: str = ""
    group: str = "outlet"  # outlet | cite | claim


def badge_kinds(group: str = "outlet") -> dict[str, BadgeKind]:
    """Return the badge kinds of one group (outlet kinds by default), in legend order."""
    if group not in GROUPS:
        raise KeyError(f"unknown badge group {group!r}; expected one of {', '.join(GROUPS)}")
    return dict(_load(BADGES_FILE)[group])


@lru_cache(maxsize=4)
def _load(path: Path) -> dict[str, dict[str, BadgeKind]]:
    doc = yn.read_doc(path)
    if doc is None:
        raise ConfigError("the badge kinds file is missing or empty", path=path)
    top = yn.mapping(doc, doc.root, what="the badges file", allowed=GROUPS, required=GROUPS)
    out: dict[str, dict[str, BadgeKind]] = {}
    for group, node in top.items():
        kinds = yn.mapping(doc, node, what=f"the {group} kinds", allowed=_allowed_keys(node), key=group)
        out[group] = {}
        for kind, spec in kinds.items():
            fields = yn.mapping(doc, spec, what=f"badge kind {kind!r}", allowed=_KIND_KEYS,
                                required=("label", "explanation"), key=kind)
            out[group][kind] = BadgeKind(
                kind=kind,
                label=yn.text(doc, fields["label"], key="label"),
                explanation=yn.text(doc, fields["explanation"], key="explanation"),
                short=yn.text(doc, fields["short"], key="short") if "short" in fields else "",
                group=group,
            )
    return out


def _allowed_keys(node: object) -> tuple[str, ...]:
    """Any kind name is allowed inside a group; the keys inside a kind are checked."""
    import yaml

    if isinstance(node, yaml.MappingNode):
        return tuple(str(k.value) for k, _ in node.value)
    return ()

"""Badge kinds for the legend: labels and explanations from sitegen/data/badges.yaml (private)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sitegen import DATA_DIR
from sitegen.yamlload import load_yaml

BADGES_FILE = DATA_DIR / "badges.yaml"
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
    top = load_yaml(path)
    if top.value is None:
        raise top.error("the badge kinds file is empty")
    out: dict[str, dict[str, BadgeKind]] = {}
    for group, node in top.mapping(GROUPS, required=GROUPS).items():
        out[group] = {}
        for kind, spec in node.items():  # any kind name is allowed in a group; its keys are checked
            fields = spec.mapping(_KIND_KEYS, required=("label", "explanation"))
            out[group][kind] = BadgeKind(
                kind=kind,
                label=fields["label"].as_str().strip(),
                explanation=fields["explanation"].as_str().strip(),
                short=fields["short"].as_str().strip() if "short" in fields else "",
                group=group,
            )
    return out

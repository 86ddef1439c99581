"""The editors' merge and split rules (`merge:`, `split:` of content/overrides/*.yaml), strictly loaded."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitegen.errors import ConfigError
from sitegen.ynode import YNode

_ENTRY_ID = re.compile(r"^[ea][0-9a-f]{10}$")


@dataclass(frozen=True)
class RuleSource:
    """Where a merge group or split id was written."""

    ids: tuple[str, ...]
    path: str
    line: int
    key: str  # 'merge[0]', 'split[2]'


def _entry_ref(node: YNode) -> str:
    ref = node.as_name()
    if not _ENTRY_ID.match(ref):
        raise node.error(f"expected an entry id (an 'e' or 'a' and 10 hex digits), got {ref!r}")
    return ref


def merge_groups(node: YNode) -> list[RuleSource]:
    """Return the merge groups of a `merge:` list, each with where it was written."""
    groups: list[RuleSource] = []
    for item in node.sequence():
        ids = [_entry_ref(ref) for ref in item.sequence()]
        if len(ids) < 2:
            raise item.error("a merge group lists at least two entry ids: [e..., e...]")
        for i, ref in enumerate(ids):
            if ref in ids[:i]:
                raise item.sequence()[i].error(f"{ref} is listed twice in this group")
        groups.append(RuleSource(tuple(ids), item.path, item.line, item.key))
    return groups


def split_ids(node: YNode) -> list[RuleSource]:
    """Return the ids of a `split:` list, each with where it was written."""
    return [RuleSource((_entry_ref(item),), item.path, item.line, item.key) for item in node.sequence()]


def refuse_conflicting_rules(merge: list[RuleSource], split: list[RuleSource]) -> None:
    """Refuse an id in two merge groups, split twice, or both split and merged."""
    first_group: dict[str, RuleSource] = {}
    for group in merge:
        for ref in group.ids:
            if ref in first_group:
                other = first_group[ref]
                raise ConfigError(f"{ref} is already in the merge group at {other.path}:{other.line}; "
                                  "put all of its entries in one group", path=group.path, line=group.line,
                                  key=group.key)
            first_group[ref] = group
    seen_split: dict[str, RuleSource] = {}
    for rule in split:
        ref = rule.ids[0]
        if ref in seen_split:
            other = seen_split[ref]
            raise ConfigError(f"{ref} is already listed at {other.path}:{other.line}", path=rule.path,
                              line=rule.line, key=rule.key)
        if ref in first_group:
            other = first_group[ref]
            raise ConfigError(f"{ref} cannot be split and merged: it is in the merge group at "
                              f"{other.path}:{other.line}", path=rule.path, line=rule.line, key=rule.key)
        seen_split[ref] = rule

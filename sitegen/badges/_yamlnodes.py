"""Strict, line-aware reading of the badge YAML files (private; to be replaced by sitegen.yamlload).

Files are composed into `yaml` node trees so every error can name the file, the line
and the key. Only what the badge loaders need is here: mappings with a fixed set of
keys, strings, lists of strings, numbers and booleans.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from sitegen.errors import ConfigError, did_you_mean

_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"


@dataclass(frozen=True)
class Doc:
    """A composed YAML file: its path (for messages) and its root node."""

    path: Path
    root: yaml.Node


def read_doc(path: Path) -> Doc | None:
    """Compose a YAML file into nodes; None when the file does not exist or is empty."""
    if not path.is_file():
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"cannot read the file: {err}", path=path) from None
    try:
        root = _compose(text)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark
        raise ConfigError(
            f"not valid YAML: {err.problem}",
            path=path,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    except yaml.YAMLError as err:  # pragma: no cover - every pyyaml parse error is marked
        raise ConfigError(f"not valid YAML: {err}", path=path) from None
    if root is None:
        return None
    return Doc(path, root)


@lru_cache(maxsize=32)
def _compose(text: str) -> yaml.Node | None:
    """Compose YAML text into nodes (libyaml when available); cached, since nodes are never mutated."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.compose(text, Loader=loader)


def line_of(node: yaml.Node) -> int:
    """Return the 1-based line a node starts on."""
    return int(node.start_mark.line) + 1


def mapping(
    doc: Doc,
    node: yaml.Node,
    *,
    what: str,
    allowed: Iterable[str],
    required: Iterable[str] = (),
    key: str | None = None,
) -> dict[str, yaml.Node]:
    """Return a mapping node's values by key; unknown, duplicate or missing keys are errors."""
    if not isinstance(node, yaml.MappingNode):
        raise ConfigError(f"{what} must be a mapping of keys to values", path=doc.path, line=line_of(node), key=key)
    allowed = tuple(allowed)
    out: dict[str, yaml.Node] = {}
    for key_node, value in node.value:
        name = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else ""
        if name in out:
            raise ConfigError(f"duplicate key in {what}", path=doc.path, line=line_of(key_node), key=name)
        if name not in allowed:
            hint = did_you_mean(name, allowed)
            keys = ", ".join(allowed)
            message = f"unknown key in {what}; {hint}" if hint else f"unknown key in {what}; expected one of {keys}"
            raise ConfigError(message, path=doc.path, line=line_of(key_node), key=name)
        out[name] = value
    for name in required:
        if name not in out:
            raise ConfigError(f"{what} needs the key '{name}'", path=doc.path, line=line_of(node), key=name)
    return out


def sequence(doc: Doc, node: yaml.Node, *, key: str) -> list[yaml.Node]:
    """Return the items of a sequence node (a list in YAML)."""
    if not isinstance(node, yaml.SequenceNode):
        raise ConfigError("must be a list", path=doc.path, line=line_of(node), key=key)
    return list(node.value)


def text(doc: Doc, node: yaml.Node, *, key: str, allow_empty: bool = False) -> str:
    """Return a scalar as a string (stripped); an empty, null, list or mapping value is an error."""
    if not isinstance(node, yaml.ScalarNode) or (node.tag == _NULL and not allow_empty):
        raise ConfigError("must be a single text value", path=doc.path, line=line_of(node), key=key)
    value = "" if node.tag == _NULL else str(node.value).strip()
    if not value and not allow_empty:
        raise ConfigError("must not be empty", path=doc.path, line=line_of(node), key=key)
    return value


def texts(doc: Doc, node: yaml.Node, *, key: str) -> tuple[str, ...]:
    """Return a list of strings; a single string is accepted as a list of one."""
    if isinstance(node, yaml.ScalarNode):
        return (text(doc, node, key=key),)
    return tuple(text(doc, item, key=key) for item in sequence(doc, node, key=key))


def number(doc: Doc, node: yaml.Node, *, key: str) -> float:
    """Return a scalar as a float."""
    raw = text(doc, node, key=key)
    try:
        return float(raw)
    except ValueError:
        raise ConfigError(f"must be a number, not {raw!r}", path=doc.path, line=line_of(node), key=key) from None


def boolean(doc: Doc, node: yaml.Node, *, key: str) -> bool:
    """Return a scalar as a bool (true/false)."""
    if not isinstance(node, yaml.ScalarNode) or node.tag != _BOOL:
        raise ConfigError("must be true or false", path=doc.path, line=line_of(node), key=key)
    return str(node.value).lower() in ("true", "yes", "on")


def choice(doc: Doc, node: yaml.Node, *, key: str, choices: Iterable[str]) -> str:
    """Return a scalar that must be one of `choices`, with a did-you-mean hint otherwise."""
    value = text(doc, node, key=key)
    options = tuple(choices)
    if value not in options:
        hint = did_you_mean(value, options)
        message = f"unknown value {value!r}; " + (hint or "expected one of " + ", ".join(options))
        raise ConfigError(message, path=doc.path, line=line_of(node), key=key)
    return value


def top_level(doc: Doc, *, allowed: Iterable[str], what: str) -> dict[str, yaml.Node]:
    """Return the top-level mapping of a knowledge file."""
    return mapping(doc, doc.root, what=what, allowed=allowed)

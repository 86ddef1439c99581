"""Tunables and word lists of cross-source merging, loaded from sitegen/data/merge.yaml."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from sitegen import DATA_DIR
from sitegen.errors import ConfigError
from sitegen.yamlload import load_yaml, load_yaml_text
from sitegen.ynode import YNode

THRESHOLD_KEYS = (
    "min_signals",
    "wording_weak",
    "wording_strong",
    "wording_decisive",
    "conflict_window_days",
    "conflict_min_signals",
    "background_share",
    "background_min_articles",
    "clear_min_chars",
    "near_copy_jaccard",
)
LIST_KEYS = ("mergeable_kinds", "weak_units", "stopwords", "not_names", "background_names")
MAP_KEYS = ("currencies", "magnitudes", "number_words", "synonyms")
TOP_KEYS = ("thresholds", *LIST_KEYS, *MAP_KEYS)


@dataclass(frozen=True)
class MergeSettings:
    """What decides whether two entries report one event; see sitegen/data/merge.yaml."""

    min_signals: int
    wording_weak: float
    wording_strong: float
    wording_decisive: float
    conflict_window_days: int
    conflict_min_signals: int
    background_share: float
    background_min_articles: int
    clear_min_chars: int
    near_copy_jaccard: float
    mergeable_kinds: frozenset[str]
    weak_units: frozenset[str]
    stopwords: frozenset[str]
    not_names: frozenset[str]  # lower-cased
    background_names: frozenset[str]  # lower-cased
    currencies: Mapping[str, str]  # lower-cased sign or word -> ISO code
    magnitudes: Mapping[str, int]
    number_words: Mapping[str, int]
    synonyms: Mapping[str, str]


def parse_merge_settings(text: str, path: str, base: MergeSettings | None = None) -> MergeSettings:
    """Parse a merge.yaml text; with `base`, extend its lists and maps (and override thresholds).

    The text goes through the strict loader (duplicate keys, aliases, size and nesting limits);
    every message names the file, the line and the key.
    """
    return _from_node(load_yaml_text(text, path), path, base)


def _from_node(root: YNode, path: str, base: MergeSettings | None) -> MergeSettings:
    """Check a loaded merge settings document and build the settings."""
    if root.value is None:
        top: dict[str, YNode] = {}
    elif not root.is_mapping:
        raise root.error("must be a mapping of keys (thresholds, stopwords, ...)")
    else:
        top = root.mapping(TOP_KEYS)
    values: dict[str, Any] = {}
    if "thresholds" in top:
        node = top["thresholds"]
        if node.value is not None and not node.is_mapping:
            raise node.error(f"must be a mapping of thresholds, not {node.describe()}")
        for key, child in (node.mapping(THRESHOLD_KEYS) if node.value is not None else {}).items():
            value = child.value
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                shown = repr(child.raw) if isinstance(value, str) and child.raw is not None else child.describe()
                raise child.error(f"must be a number >= 0, not {shown}")
            values[key] = value
    for key in LIST_KEYS:
        words = frozenset(_words(top[key])) if key in top else frozenset()
        if key != "mergeable_kinds":
            words = frozenset(w.lower() for w in words)
        values[key] = words | (getattr(base, key) if base is not None else frozenset())
    for key in MAP_KEYS:
        merged = dict(getattr(base, key)) if base is not None else {}
        if key in top:
            merged.update({k.lower(): v for k, v in _word_map(top[key], key).items()})
        values[key] = merged
    if base is not None:
        return replace(base, **values)
    missing = [k for k in THRESHOLD_KEYS if k not in values]
    if missing:
        raise ConfigError(f"missing thresholds: {', '.join(missing)}", path=path, key="thresholds")
    return MergeSettings(**values)


def _words(node: YNode) -> list[str]:
    """Return a list of words; anything else is refused at the list or the item."""
    if not isinstance(node.value, list):
        raise node.error(f"must be a list of words, not {node.describe()}")
    words = []
    for item in node.sequence():
        if not isinstance(item.value, str) or not item.value.strip():
            raise item.error(f"must be a word, not {item.describe()}")
        words.append(item.value)
    return words


def _word_map(node: YNode, key: str) -> dict[str, Any]:
    """Return a mapping of words to words (or to whole numbers, for magnitudes and number words)."""
    numbers = key in ("magnitudes", "number_words")
    if not node.is_mapping:
        raise node.error(f"must map words to {'whole numbers' if numbers else 'words'}, not {node.describe()}")
    out: dict[str, Any] = {}
    for word, child in node.items():
        value = child.value
        good = (isinstance(value, int) and not isinstance(value, bool)) if numbers else isinstance(value, str)
        if not good:
            raise child.error(f"must be {'a whole number' if numbers else 'a word'}, not {child.describe()}")
        out[word] = value
    return out


@lru_cache(maxsize=1)
def default_settings() -> MergeSettings:
    """Return the packaged settings (sitegen/data/merge.yaml), loaded once."""
    return _from_node(load_yaml(DATA_DIR / "merge.yaml"), "sitegen/data/merge.yaml", None)


def load_merge_settings(extra: Path | None = None) -> MergeSettings:
    """Return the packaged settings extended by a site's own merge YAML file, when it exists."""
    base = default_settings()
    if extra is None or not extra.is_file():
        return base
    return _from_node(load_yaml(extra), str(extra), base)

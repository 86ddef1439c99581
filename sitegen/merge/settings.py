"""Tunables and word lists of cross-source merging, loaded from sitegen/data/merge.yaml."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from sitegen import DATA_DIR
from sitegen.errors import ConfigError, did_you_mean

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser when libyaml is there

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


def _safe_load(text: str) -> Any:
    """Load YAML safely, with the C parser when there; errors always come from the Python one
    (its messages are the same on every machine)."""
    try:
        return yaml.load(text, Loader=_LOADER)  # both loaders are safe loaders
    except yaml.YAMLError:
        return yaml.safe_load(text)


def _key_lines(text: str) -> dict[str, int]:
    """Return the 1-based line of every top-level and `thresholds:` key in a YAML text."""
    lines: dict[str, int] = {}
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError:
        return lines
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            lines[str(key.value)] = key.start_mark.line + 1
            if key.value == "thresholds" and isinstance(value, yaml.MappingNode):
                for sub, _ in value.value:
                    lines[f"thresholds.{sub.value}"] = sub.start_mark.line + 1
    return lines


def parse_merge_settings(text: str, path: str, base: MergeSettings | None = None) -> MergeSettings:
    """Parse a merge.yaml text; with `base`, extend its lists and maps (and override thresholds)."""
    try:
        data: Any = _safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise ConfigError(f"not valid YAML: {getattr(err, 'problem', err)}", path=path, line=line) from None
    data = {} if data is None else data
    lines = _key_lines(text)
    if not isinstance(data, dict):
        raise ConfigError("must be a mapping of keys (thresholds, stopwords, ...)", path=path, line=1)
    for key in data:
        if key not in TOP_KEYS:
            hint = did_you_mean(str(key), TOP_KEYS)
            raise ConfigError(
                f"unknown key{'; ' + hint if hint else ''}", path=path, line=lines.get(str(key)), key=str(key)
            )
    thresholds = data.get("thresholds") or {}
    if not isinstance(thresholds, dict):
        raise ConfigError("must be a mapping", path=path, line=lines.get("thresholds"), key="thresholds")
    values: dict[str, Any] = {}
    for key, value in thresholds.items():
        where = f"thresholds.{key}"
        if key not in THRESHOLD_KEYS:
            hint = did_you_mean(str(key), THRESHOLD_KEYS)
            raise ConfigError(
                f"unknown key{'; ' + hint if hint else ''}", path=path, line=lines.get(where), key=where
            )
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise ConfigError(
                f"must be a number >= 0, not {value!r}", path=path, line=lines.get(where), key=where
            )
        values[key] = value
    for key in LIST_KEYS:
        raw = data.get(key, [])
        if not isinstance(raw, list) or not all(isinstance(w, str) for w in raw):
            raise ConfigError("must be a list of words", path=path, line=lines.get(key), key=key)
        words = frozenset(raw) if key == "mergeable_kinds" else frozenset(w.lower() for w in raw)
        values[key] = words | (getattr(base, key) if base is not None else frozenset())
    for key in MAP_KEYS:
        raw = data.get(key, {})
        want: type = int if key in ("magnitudes", "number_words") else str
        if not isinstance(raw, dict) or not all(
            isinstance(k, str) and isinstance(v, want) and not isinstance(v, bool) for k, v in raw.items()
        ):
            kind = "whole numbers" if want is int else "words"
            raise ConfigError(f"must map words to {kind}", path=path, line=lines.get(key), key=key)
        merged = dict(getattr(base, key)) if base is not None else {}
        merged.update({k.lower(): v for k, v in raw.items()})
        values[key] = merged
    if base is not None:
        return replace(base, **values)
    missing = [k for k in THRESHOLD_KEYS if k not in values]
    if missing:
        raise ConfigError(f"missing thresholds: {', '.join(missing)}", path=path, key="thresholds")
    return MergeSettings(**values)


@lru_cache(maxsize=1)
def default_settings() -> MergeSettings:
    """Return the packaged settings (sitegen/data/merge.yaml), loaded once."""
    text = (DATA_DIR / "merge.yaml").read_text(encoding="utf-8")
    return parse_merge_settings(text, "sitegen/data/merge.yaml")


def load_merge_settings(extra: Path | None = None) -> MergeSettings:
    """Return the packaged settings extended by a site's own merge YAML file, when it exists."""
    base = default_settings()
    if extra is None or not extra.is_file():
        return base
    return parse_merge_settings(extra.read_text(encoding="utf-8"), str(extra), base)

"""The tagger's word lists: packaged YAML data, optionally extended from content/."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from sitegen.errors import ConfigError, did_you_mean
from sitegen.sentences import Abbreviations, load_abbreviations

ANAPHOR_UNITS = ("day", "week", "month", "quarter", "year", "year-over-year", "same")
PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "season": 3, "quarter": 3, "year": 4, "any": 5}


@dataclass(frozen=True)
class Anaphor:
    """A phrase that takes its date from an earlier sentence ("the same day")."""

    phrase: str
    needs: str  # finest precision the antecedent must have: day|week|month|year|any
    unit: str  # day|week|month|quarter|year|year-over-year|same (quarter: from a quarter only)
    step: int


@dataclass(frozen=True, eq=False)
class Lexicon:
    """Every word list the patterns and resolvers are built from."""

    months: dict[str, int]
    month_abbreviations: dict[str, int]
    weekdays: dict[str, int]
    weekday_abbreviations: dict[str, int]
    seasons: dict[str, str]
    numbers: dict[str, int]
    quarter_ordinals: dict[str, int]
    month_cues: frozenset[str]
    month_verb_preceders: frozenset[str]
    year_cues: frozenset[str]
    year_blocking_followers: frozenset[str]
    year_blocking_preceders: frozenset[str]
    future_cues: tuple[str, ...]
    name_phrases: tuple[str, ...]
    generic_followers: frozenset[str]
    anaphora: tuple[Anaphor, ...]
    anaphora_reach: int
    year_determiners: frozenset[str] = frozenset()
    year_followers: frozenset[str] = frozenset()
    year_event_nouns: frozenset[str] = frozenset()
    generic_today_nouns: frozenset[str] = frozenset()
    day_ordinals: dict[str, int] = field(default_factory=dict)  # "eighth": 8
    onset_words: frozenset[str] = frozenset()
    set_preceders: frozenset[str] = frozenset()
    abbreviations: Abbreviations | None = None  # the splitter's lists (None: the packaged ones)
    reporting_day_phrases: frozenset[str] = frozenset()  # "earlier in the day" said of a report
    reporting_verbs: frozenset[str] = frozenset()

    def month_number(self, word: str) -> int | None:
        """Return 1-12 for a month name or abbreviation in any case, else None."""
        key = word.rstrip(".").capitalize()
        return self.months.get(key) or self.month_abbreviations.get(key)


_MAPPINGS = ("months", "month_abbreviations", "weekdays", "weekday_abbreviations", "seasons",
             "numbers", "quarter_ordinals", "day_ordinals", "anaphora")
_LISTS = ("month_cues", "month_verb_preceders", "year_cues", "year_blocking_followers", "year_blocking_preceders",
          "future_cues", "name_phrases", "generic_followers", "year_determiners", "year_followers",
          "year_event_nouns", "generic_today_nouns", "onset_words", "set_preceders", "reporting_day_phrases",
          "reporting_verbs")
_SCALARS = ("anaphora_reach",)
_KEYS = _MAPPINGS + _LISTS + _SCALARS


def _merge(base: dict[str, Any], extra: dict[str, Any], path: Path) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        if key not in _KEYS:
            hint = did_you_mean(str(key), _KEYS)
            raise ConfigError(f"unknown key{'; ' + hint if hint else ''}", path=path, key=str(key))
        if key in _MAPPINGS:
            if not isinstance(value, dict):
                raise ConfigError("must be a mapping", path=path, key=key)
            out[key] = {**out.get(key, {}), **value}
        elif key in _LISTS:
            if not isinstance(value, list):
                raise ConfigError("must be a list", path=path, key=key)
            out[key] = list(out.get(key, [])) + [str(v) for v in value]
        else:
            if not isinstance(value, int):
                raise ConfigError("must be a whole number", path=path, key=key)
            out[key] = value
    return out


def _build(raw: dict[str, Any], path: Path) -> Lexicon:
    anaphora = []
    for phrase, spec in raw["anaphora"].items():
        if not (isinstance(spec, list) and len(spec) == 3 and spec[0] in PRECISION_RANK
                and spec[1] in ANAPHOR_UNITS and isinstance(spec[2], int)):
            raise ConfigError("must be [needs, unit, step], e.g. [day, day, 1]", path=path,
                              key=f"anaphora.{phrase}")
        anaphora.append(Anaphor(str(phrase), spec[0], spec[1], spec[2]))
    return Lexicon(
        months={str(k): int(v) for k, v in raw["months"].items()},
        month_abbreviations={str(k): int(v) for k, v in raw["month_abbreviations"].items()},
        weekdays={str(k): int(v) for k, v in raw["weekdays"].items()},
        weekday_abbreviations={str(k): int(v) for k, v in raw["weekday_abbreviations"].items()},
        seasons={str(k): str(v) for k, v in raw["seasons"].items()},
        numbers={str(k): int(v) for k, v in raw["numbers"].items()},
        quarter_ordinals={str(k): int(v) for k, v in raw["quarter_ordinals"].items()},
        month_cues=frozenset(raw["month_cues"]),
        month_verb_preceders=frozenset(raw.get("month_verb_preceders", [])),
        year_cues=frozenset(raw["year_cues"]),
        year_blocking_followers=frozenset(raw["year_blocking_followers"]),
        year_blocking_preceders=frozenset(raw["year_blocking_preceders"]),
        future_cues=tuple(raw["future_cues"]),
        name_phrases=tuple(raw["name_phrases"]),
        generic_followers=frozenset(raw["generic_followers"]),
        anaphora=tuple(sorted(anaphora, key=lambda a: -len(a.phrase))),
        anaphora_reach=int(raw["anaphora_reach"]),
        year_determiners=frozenset(raw.get("year_determiners", [])),
        year_followers=frozenset(raw.get("year_followers", [])),
        year_event_nouns=frozenset(raw.get("year_event_nouns", [])),
        generic_today_nouns=frozenset(raw.get("generic_today_nouns", [])),
        day_ordinals={str(k): int(v) for k, v in raw.get("day_ordinals", {}).items()},
        onset_words=frozenset(raw.get("onset_words", [])),
        set_preceders=frozenset(raw.get("set_preceders", [])),
        reporting_day_phrases=frozenset(str(p).lower() for p in raw.get("reporting_day_phrases", [])),
        reporting_verbs=frozenset(str(v).lower() for v in raw.get("reporting_verbs", [])),
    )


def _read_yaml(text: str, path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise ConfigError(f"not valid YAML: {getattr(err, 'problem', err)}", path=path,
                          line=mark.line + 1 if mark else None) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError("must be a mapping of lexicon keys", path=path)
    return data


def packaged_path() -> Path:
    """Return the path of the packaged lexicon, sitegen/data/temporal.yaml."""
    return Path(str(resources.files("sitegen") / "data" / "temporal.yaml"))


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """Return the packaged lexicon (read once)."""
    path = packaged_path()
    return _build(_merge({}, _read_yaml(path.read_text(encoding="utf-8"), path), path), path)


def load_lexicon(content_dir: Path | None) -> Lexicon:
    """Return the packaged lexicon extended by content_dir/temporal.yaml when that file exists.

    It carries the sentence splitter's abbreviations (with content_dir/abbreviations.yaml), so that
    tense and anaphora rules read "U.S." and "Gov." as the splitter does.
    """
    base = packaged_path()
    raw = _merge({}, _read_yaml(base.read_text(encoding="utf-8"), base), base)
    path = base
    if content_dir is not None:
        extra = content_dir / "temporal.yaml"
        if extra.is_file():
            raw = _merge(raw, _read_yaml(extra.read_text(encoding="utf-8"), extra), extra)
            path = extra
    return replace(_build(raw, path), abbreviations=load_abbreviations(content_dir))

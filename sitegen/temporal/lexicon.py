"""The tagger's word lists: packaged YAML data, optionally extended from content/ (read strictly by sitegen.yamlload)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from sitegen import DATA_DIR
from sitegen.temporal.timex import MONTH_NAMES
from sitegen.text.sentences import Abbreviations, load_abbreviations
from sitegen.yamlload import load_yaml
from sitegen.ynode import YNode

ANAPHOR_UNITS = ("day", "week", "month", "quarter", "year", "year-over-year", "same")
REFERENCE_VALUES = ("PRESENT_REF", "PAST_REF", "FUTURE_REF")
PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "season": 3, "quarter": 3, "year": 4, "any": 5}


@dataclass(frozen=True)
class Anaphor:
    """A phrase that takes its date from an earlier sentence ("the same day")."""

    phrase: str
    needs: str  # finest precision the antecedent must have: day|week|month|year|any
    unit: str  # day|week|month|quarter|year|year-over-year|same (quarter: from a quarter only)
    step: int


@dataclass(frozen=True, eq=False)
class TemporalLexicon:
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
    references: dict[str, str] = field(default_factory=dict)  # "at the time": PAST_REF
    reference_blocking_followers: frozenset[str] = frozenset()  # "the past [few] years" is a duration
    modal_cues: tuple[str, ...] = ()  # "may", "might": forward unless "have" follows ("may have met")
    duration_preceders: frozenset[str] = frozenset()  # "over [the past week]": a stretch of time
    clause_markers: tuple[str, ...] = ()  # words that open a subordinate clause ("which", "after")
    participles: frozenset[str] = frozenset()  # irregular past participles of a reduced relative clause
    clausal_verbs: frozenset[str] = frozenset()  # verbs taking a clause ("said [the troops attacked]")
    simple_pasts: frozenset[str] = frozenset()  # irregular simple past verbs ("went", "met") of a main clause

    @property
    def reference_words(self) -> tuple[str, ...]:
        """Return the one-word reference phrases ("now", "recently")."""
        return tuple(sorted(p for p in self.references if " " not in p))

    @property
    def reference_anchors(self) -> tuple[str, ...]:
        """Return the last word of every multi-word reference phrase (where its rule starts looking)."""
        return tuple(sorted({p.split()[-1] for p in self.references if " " in p}))

    @property
    def reference_leads(self) -> tuple[str, ...]:
        """Return the words before the last word of the multi-word reference phrases ("at the")."""
        return tuple(sorted({p.rsplit(" ", 1)[0] for p in self.references if " " in p}))

    def month_number(self, word: str) -> int | None:
        """Return 1-12 for a month name or abbreviation in any case, else None."""
        key = word.rstrip(".").capitalize()
        return self.months.get(key) or self.month_abbreviations.get(key)


_MAPPINGS = ("months", "month_abbreviations", "weekdays", "weekday_abbreviations", "seasons",
             "numbers", "quarter_ordinals", "day_ordinals", "anaphora", "references")
_LISTS = ("month_cues", "month_verb_preceders", "year_cues", "year_blocking_followers", "year_blocking_preceders",
          "future_cues", "name_phrases", "generic_followers", "year_determiners", "year_followers",
          "year_event_nouns", "generic_today_nouns", "onset_words", "set_preceders", "reporting_day_phrases",
          "reporting_verbs", "reference_blocking_followers", "modal_cues", "clause_markers", "participles", "duration_preceders", "simple_pasts", "clausal_verbs")
_SCALARS = ("anaphora_reach",)
_KEYS = _MAPPINGS + _LISTS + _SCALARS
_ANAPHOR_SPEC = "must be [needs, unit, step], e.g. [day, day, 1]"


def _whole_number(node: YNode) -> int:
    """Return an integer value (true/false, decimals and text are refused)."""
    if isinstance(node.value, bool) or not isinstance(node.value, int):
        raise node.error(f"expected a whole number, got {node.describe()}")
    return node.value


def _anaphor_spec(node: YNode) -> tuple[str, str, int]:
    """Return (needs, unit, step) from a `[day, day, 1]` list."""
    spec = node.value
    if not (isinstance(spec, list) and len(spec) == 3):
        raise node.error(_ANAPHOR_SPEC)
    needs, unit, step = (item.value for item in spec)
    if not (isinstance(needs, str) and needs in PRECISION_RANK and isinstance(unit, str)
            and unit in ANAPHOR_UNITS and isinstance(step, int) and not isinstance(step, bool)):
        raise node.error(_ANAPHOR_SPEC)
    return needs, unit, step


def _mapping_value(key: str, node: YNode) -> object:
    """Return one entry's value of the mapping `key`, checked for its type."""
    if key == "seasons":
        return node.as_name()
    if key == "references":
        value = node.as_name()
        if value not in REFERENCE_VALUES:
            raise node.error(f"must be one of {', '.join(REFERENCE_VALUES)}, not {value!r}")
        return value
    if key == "anaphora":
        return _anaphor_spec(node)
    return _whole_number(node)


def _merge(base: dict[str, Any], path: Path) -> dict[str, Any]:
    """Return `base` extended by the lexicon file at `path` (mappings merged, lists appended)."""
    root = load_yaml(path)
    if root.value is None:
        return dict(base)
    out = dict(base)
    for key, node in root.mapping(_KEYS).items():
        if key in _MAPPINGS:
            out[key] = {**out.get(key, {}), **{name: _mapping_value(key, child) for name, child in node.items()}}
        elif key in _LISTS:
            out[key] = list(out.get(key, [])) + [item.as_name() for item in node.sequence()]
        else:
            out[key] = _whole_number(node)
    return out


def _build(raw: dict[str, Any]) -> TemporalLexicon:
    anaphora = [Anaphor(phrase, needs, unit, step) for phrase, (needs, unit, step) in raw["anaphora"].items()]
    return TemporalLexicon(
        months={**{name: number for number, name in enumerate(MONTH_NAMES) if name}, **raw.get("months", {})},
        month_abbreviations=dict(raw["month_abbreviations"]),
        weekdays=dict(raw["weekdays"]),
        weekday_abbreviations=dict(raw["weekday_abbreviations"]),
        seasons=dict(raw["seasons"]),
        numbers=dict(raw["numbers"]),
        quarter_ordinals=dict(raw["quarter_ordinals"]),
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
        day_ordinals=dict(raw.get("day_ordinals", {})),
        onset_words=frozenset(raw.get("onset_words", [])),
        set_preceders=frozenset(raw.get("set_preceders", [])),
        reporting_day_phrases=frozenset(str(p).lower() for p in raw.get("reporting_day_phrases", [])),
        reporting_verbs=frozenset(str(v).lower() for v in raw.get("reporting_verbs", [])),
        references={" ".join(str(k).lower().split()): v for k, v in raw.get("references", {}).items()},
        reference_blocking_followers=frozenset(raw.get("reference_blocking_followers", [])),
        modal_cues=tuple(raw.get("modal_cues", [])),
        clause_markers=tuple(raw.get("clause_markers", [])),
        participles=frozenset(raw.get("participles", [])),
        duration_preceders=frozenset(raw.get("duration_preceders", [])),
        simple_pasts=frozenset(raw.get("simple_pasts", [])),
        clausal_verbs=frozenset(raw.get("clausal_verbs", [])) | frozenset(str(v).lower()
                                                                        for v in raw.get("reporting_verbs", [])),
    )


def packaged_path() -> Path:
    """Return the path of the packaged lexicon, sitegen/data/temporal.yaml."""
    return DATA_DIR / "temporal.yaml"


@lru_cache(maxsize=1)
def default_lexicon() -> TemporalLexicon:
    """Return the packaged lexicon (read once)."""
    return _build(_merge({}, packaged_path()))


def load_lexicon(content_dir: Path | None) -> TemporalLexicon:
    """Return the packaged lexicon extended by content_dir/temporal.yaml when that file exists.

    It carries the sentence splitter's abbreviations (with content_dir/abbreviations.yaml), so that
    tense and anaphora rules read "U.S." and "Gov." as the splitter does.
    """
    raw = _merge({}, packaged_path())
    if content_dir is not None and (content_dir / "temporal.yaml").is_file():
        raw = _merge(raw, content_dir / "temporal.yaml")
    return replace(_build(raw), abbreviations=load_abbreviations(content_dir))

"""Full dates as news pages print them in stamps: the forms of sitegen/data/stamps.yaml, checked at load."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from sitegen import DATA_DIR
from sitegen.temporal.resolve import safe_date
from sitegen.yamlload import load_yaml
from sitegen.ynode import YNode

PACKAGED_STAMPS = DATA_DIR / "stamps.yaml"
_PLACEHOLDERS = ("weekday", "day", "month", "monthnum", "year")
_LETTER = r"[^\W\d_]"
_YEAR_DIGITS = r"(?:19|20)\d\d"
_YEAR = re.compile(r"(?<!\d)" + _YEAR_DIGITS + r"(?!\d)")  # what {year} reads: a line without it has no stamp


@dataclass(frozen=True)
class StampDate:
    """A full date found on a line: its span, the date, the form that read it, and whether a word runs into it."""

    start: int
    end: int
    date: date
    form: str
    glued: bool = False  # a letter stands right before it ("KyivAugust 24, 2024")


@dataclass(frozen=True)
class StampForms:
    """The compiled date forms and the month names they know."""

    forms: tuple[tuple[str, re.Pattern[str]], ...]
    months: dict[str, int]
    weekday_pattern: str

    def find(self, line: str) -> list[StampDate]:
        """Return the unambiguous full dates on `line`, left to right (spans two forms read differently are dropped)."""
        if _YEAR.search(line) is None:
            return []  # every form binds {year} (checked at load): no year, no stamp
        raw: list[StampDate] = []
        for name, regex in self.forms:
            for m in regex.finditer(line):
                when = self._date(m)
                glued = m.start() > 0 and (line[m.start() - 1].isalpha())
                raw.append(StampDate(m.start(), m.end(), when or date.min, name, glued))
        raw.sort(key=lambda s: (s.start, -(s.end - s.start)))
        out: list[StampDate] = []
        group: list[StampDate] = []
        for hit in [*raw, StampDate(len(line) + 1, len(line) + 1, date.min, "")]:
            if group and hit.start >= max(g.end for g in group):
                valid = [g for g in group if g.date != date.min]  # date.min: a day that does not exist
                if len({g.date for g in valid}) == 1:
                    out.append(max(valid, key=lambda g: g.end - g.start))
                group = []
            group.append(hit)
        return out

    def _date(self, m: re.Match[str]) -> date | None:
        groups = m.groupdict()
        month = self.months.get(groups["month"].casefold().rstrip(".")) if groups.get("month") else None
        if month is None and groups.get("monthnum"):
            month = int(groups["monthnum"])
        if month is None:
            return None
        return safe_date(int(groups["year"]), month, int(groups["day"]))


def load_stamp_forms(path: Path = PACKAGED_STAMPS) -> StampForms:
    """Read and check a stamps YAML file: every form compiles and reads each example as the date beside it."""
    root = load_yaml(path)
    top = root.mapping(("months", "weekdays", "forms"), required=("months", "weekdays", "forms"))
    months: dict[str, int] = {}
    for key, node in top["months"].items():
        if not key.isdigit() or not 1 <= int(key) <= 12:
            raise node.error(f"{key!r} is not a month number; use 1 to 12")
        for word_node in node.sequence():
            word = word_node.as_str().casefold()
            if word in months and months[word] != int(key):
                raise word_node.error(f"{word!r} is already month {months[word]}; a name may stand for one month only")
            months[word] = int(key)
    if sorted(set(months.values())) != list(range(1, 13)):
        raise top["months"].error("every month 1 to 12 needs at least one name")
    weekdays = [w.as_str() for w in top["weekdays"].sequence()]
    fill = {
        "weekday": rf"(?<!{_LETTER})(?:{_alternation(weekdays)})(?!{_LETTER})",
        "day": r"(?<!\d)(?P<day>[0-3]?\d)(?!\d)",
        "month": rf"(?P<month>{_alternation(list(months))})(?!{_LETTER})",
        "monthnum": r"(?<!\d)(?P<monthnum>0?[1-9]|1[0-2])(?!\d)",
        "year": r"(?<!\d)(?P<year>" + _YEAR_DIGITS + r")(?!\d)",
    }
    forms: list[tuple[str, re.Pattern[str]]] = []
    nodes: list[tuple[str, YNode]] = []
    seen: set[str] = set()
    for node in top["forms"].sequence():
        m = node.mapping(("name", "description", "regex", "examples"), required=("name", "description", "regex",
                                                                                  "examples"))
        name = m["name"].as_str()
        if name in seen:
            raise m["name"].error(f"a stamp form named {name!r} is already defined; names must be unique")
        seen.add(name)
        source = m["regex"].as_str()
        unknown = [p for p in re.findall(r"\{(\w+)\}", source) if p not in _PLACEHOLDERS]
        if unknown:
            raise m["regex"].error(f"unknown placeholder {{{unknown[0]}}}; use {', '.join(_PLACEHOLDERS)}")
        expanded = re.sub(r"\{(\w+)\}", lambda p: fill[p.group(1)], source)
        try:
            regex = re.compile(expanded, re.IGNORECASE)
        except re.error as err:
            raise m["regex"].error(f"not a valid regular expression: {err.msg}") from None
        if not {"day", "year"} <= set(regex.groupindex) or not {"month", "monthnum"} & set(regex.groupindex):
            raise m["regex"].error("a form must contain {day}, {year} and {month} or {monthnum}")
        forms.append((name, regex))
        nodes.append((name, m["examples"]))
    result = StampForms(tuple(forms), months, fill["weekday"])
    for name, examples in nodes:
        if not examples.is_mapping or not examples.value:
            raise examples.error("expected examples as 'text: YYYY-MM-DD' lines")
        for text, expected in examples.items():
            want = expected.as_date()
            got = [h for h in result.find(text) if h.start == 0 and h.end == len(text)]
            if not got or got[0].date != want or got[0].form != name:
                said = f"{got[0].date.isoformat()} by form {got[0].form}" if got else "no date"
                raise expected.error(f"the example {text!r} reads as {said}, not {want.isoformat()} by form "
                                     f"{name}; fix the form or the example")
    return result


@lru_cache(maxsize=1)
def default_forms() -> StampForms:
    """The packaged stamp forms, read and checked once per process."""
    return load_stamp_forms()


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))

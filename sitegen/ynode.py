"""The nodes a strict YAML load returns: values that remember file, line and key path, and their validators.

Every reader of YAML in the project validates through these methods, so every message says where:
``content/overrides/a.yaml:3: articles.x.publishd: unknown key; did you mean published?``
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TypeVar
from urllib.parse import urlsplit

from sitegen.errors import ConfigError, did_you_mean

Choice = TypeVar("Choice", bound=str)

_YMD = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FIRST_DATE, LAST_DATE = date(1800, 1, 1), date(2099, 12, 31)
"""The dates sitegen supports, in YAML and in text: the temporal tagger's year window (1800-2099)."""
DATE_RANGE = f"{FIRST_DATE.isoformat()} to {LAST_DATE.isoformat()}"


def date_range_problem(first: date, last: date | None = None) -> str | None:
    """Return why a day (or the span first..last) is outside `FIRST_DATE`..`LAST_DATE`, None when inside."""
    if first < FIRST_DATE or (last or first) > LAST_DATE:
        return f"outside the supported range {DATE_RANGE}"
    return None


@dataclass(frozen=True)
class YNode:
    """A YAML value with the file, line and key path it came from.

    `value` is a plain Python value for scalars (str, int, float, bool, None, date,
    datetime), a dict of key -> YNode for mappings and a list of YNodes for sequences.
    """

    value: object
    path: str
    line: int  # 1-based
    column: int  # 1-based
    key: str  # dotted key path, '' for the document root: 'articles.x.published', 'phases[1].from'
    key_lines: dict[str, int] = field(default_factory=dict)  # mapping only: the line of each key
    raw: str | None = None  # scalar only: the text as written (before YAML typed it)

    # ------------------------------------------------------------------ errors

    @property
    def where(self) -> str:
        """Return 'file:line', the way findings and sources point at this node."""
        return f"{self.path}:{self.line}"

    def error(self, message: str, *, key: str | None = None, line: int | None = None) -> ConfigError:
        """Return a ConfigError naming this node's file, line and key path."""
        return ConfigError(message, path=self.path, line=self.line if line is None else line,
                           key=self.key if key is None else key)

    def describe(self) -> str:
        """Say in words what this value is ('a list', "text 'May 15'", 'the number 3')."""
        v = self.value
        if v is None:
            return "nothing (an empty value)"
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, (int, float)):
            return f"the number {v}"
        if isinstance(v, datetime):
            return f"a date and time ({v.isoformat(sep=' ')})"
        if isinstance(v, date):
            return f"the date {v.isoformat()}"
        if isinstance(v, dict):
            return "a mapping (key: value lines)"
        if isinstance(v, list):
            return "a list"
        text = str(v)
        return f"text {text[:60] + '…' if len(text) > 60 else text!r}" if text else "empty text"

    # ------------------------------------------------------------- structure

    @property
    def is_mapping(self) -> bool:
        """Return True for a mapping node."""
        return isinstance(self.value, dict)

    def items(self) -> Iterator[tuple[str, YNode]]:
        """Yield (key, node) pairs of a mapping in file order; an empty value yields nothing."""
        if self.value is None:
            return
        if not isinstance(self.value, dict):
            raise self.error(f"expected a mapping (key: value lines), got {self.describe()}")
        yield from self.value.items()

    def mapping(self, allowed: Iterable[str], required: Iterable[str] = ()) -> dict[str, YNode]:
        """Return a mapping's children after refusing unknown keys (with a hint) and missing ones."""
        if not isinstance(self.value, dict):
            raise self.error(f"expected a mapping (key: value lines), got {self.describe()}")
        known = tuple(allowed)
        children: dict[str, YNode] = self.value
        for name, child in children.items():
            if name not in known:
                hint = did_you_mean(name, known)
                message = f"unknown key; {hint}" if hint else f"unknown key; expected one of: {', '.join(known)}"
                raise child.error(message, line=self.key_lines.get(name, child.line))
        missing = [k for k in required if k not in children]
        if missing:
            raise self.error(f"missing key {missing[0]!r}")
        return children

    def sequence(self) -> list[YNode]:
        """Return a list's items; an empty value is an empty list."""
        if self.value is None:
            return []
        if not isinstance(self.value, list):
            raise self.error(f"expected a list, got {self.describe()}")
        items: list[YNode] = self.value
        return items

    # ---------------------------------------------------------------- scalars

    def as_str(self, *, allow_empty: bool = False) -> str:
        """Return a text value; numbers and dates are refused so that `title: 2024` is not silent."""
        if not isinstance(self.value, str):
            raise self.error(f"expected text, got {self.describe()}; put it in quotes if it is meant as text")
        if not allow_empty and not self.value.strip():
            raise self.error("expected text, got empty text")
        return self.value

    def as_name(self) -> str:
        """Return a scalar exactly as written (an id or a TIMEX value: `2024`, `001_a`), never typed."""
        if self.raw is None or isinstance(self.value, (dict, list)) or not self.raw.strip():
            raise self.error(f"expected a name or an id, got {self.describe()}")
        return self.raw.strip()

    def as_bool(self) -> bool:
        """Return true or false."""
        if not isinstance(self.value, bool):
            raise self.error(f"expected true or false, got {self.describe()}")
        return self.value

    def as_float(self) -> float:
        """Return a number (an integer or a decimal) as a float; true/false and text are refused."""
        if isinstance(self.value, bool) or not isinstance(self.value, (int, float)):
            raise self.error(f"expected a number, got {self.describe()}")
        return float(self.value)

    def as_choice(self, choices: Iterable[Choice]) -> Choice:
        """Return a text that must be one of `choices` (typed as they are), with a did-you-mean hint otherwise."""
        value = self.as_str().strip()
        options = tuple(choices)
        for option in options:
            if option == value:
                return option
        hint = did_you_mean(value, options)
        raise self.error(f"unknown value {value!r}; " + (hint or f"expected one of: {', '.join(options)}"))

    def as_names(self) -> tuple[str, ...]:
        """Return a list of names or words exactly as written (`on` stays 'on'); one alone is a list of one."""
        if isinstance(self.value, list):
            return tuple(item.as_name() for item in self.value)
        return (self.as_name(),)

    def as_date(self) -> date:
        """Return a calendar day written as YYYY-MM-DD (quoted or not)."""
        v = self.value
        if isinstance(v, datetime):
            raise self.error(f"expected a date as YYYY-MM-DD, got {self.describe()}")
        if isinstance(v, str) and _YMD.match(v.strip()):
            written = v.strip()
            try:
                v = date.fromisoformat(written)
            except ValueError as err:
                raise self.error(f"impossible date {written}: {err}") from None
        if isinstance(v, date):
            problem = date_range_problem(v)
            if problem is not None:
                raise self.error(f"the date {v.isoformat()} is {problem}")
            return v
        raise self.error(f"expected a date as YYYY-MM-DD, got {self.describe()}")

    def as_url(self) -> str:
        """Return an absolute http:// or https:// URL (nothing else reaches a page's href)."""
        return check_url(self, self.as_str(), ("http", "https"))


def check_url(node: YNode, text: str, schemes: tuple[str, ...]) -> str:
    """Return `text` if it is an absolute URL with one of `schemes`, else raise at `node`."""
    wanted = " or ".join(f"{s}://" for s in schemes)
    url = text.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if (
        parts is None
        or parts.scheme.lower() not in schemes
        or not parts.netloc
        or any(c.isspace() or ord(c) < 32 or c in "<>\"'`" for c in url)
    ):
        raise node.error(f"expected an {wanted} URL, got {text!r}")
    return url

"""Strict, line-aware YAML loading shared by every YAML reader of the project.

`load_yaml` returns a tree of `YNode`s that remember their file, line and key path,
so that every later validation error can say exactly where the problem is:
``content/overrides/a.yaml:3: articles.x.publishd: unknown key; did you mean published?``

Beyond PyYAML's safe loader it refuses duplicate keys, alias bombs, deep nesting,
huge files, non-UTF-8 text, several documents in one file and any tag outside
YAML's plain types.

Parsing uses libyaml when PyYAML was built with it (`USE_LIBYAML`; about 7x faster on a
large overrides file) and PyYAML's pure-Python parser otherwise: the same tree, the same
checks, the same plain-words messages either way (tests/test_yamlload.py runs on both).
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from sitegen.errors import ConfigError, did_you_mean

Choice = TypeVar("Choice", bound=str)

MAX_BYTES = 2 * 1024 * 1024  # an overrides file is hand-written; 2 MiB is far beyond any real one
MAX_NODES = 200_000  # nodes visited, aliases counted each time they are expanded
MAX_DEPTH = 64  # nesting of mappings and sequences

_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_STR_TAG = "tag:yaml.org,2002:str"
_SCALAR_TAGS = frozenset(
    "tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "timestamp")
)
_YMD = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FIRST_DATE, LAST_DATE = date(1800, 1, 1), date(2099, 12, 31)
"""The dates sitegen supports, in YAML and in text: the temporal tagger's year window (1800-2099)."""
DATE_RANGE = f"{FIRST_DATE.isoformat()} to {LAST_DATE.isoformat()}"


def date_range_problem(first: date, last: date | None = None) -> str | None:
    """Return why a day (or the span first..last) is outside `FIRST_DATE`..`LAST_DATE`, None when inside."""
    if first < FIRST_DATE or (last or first) > LAST_DATE:
        return f"outside the supported range {DATE_RANGE}"
    return None

# The parser's wording of common mistakes, said in plain words with the fix. Each row lists the
# problem's opening words as PyYAML's pure-Python parser and libyaml say them.
_PLAIN_WORDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("nested too deeply",), f"nested too deeply (the limit is {MAX_DEPTH} levels)"),
    (("found character '\\t' that cannot start any token",), "a tab character; indent with spaces, not tabs"),
    (("mapping values are not allowed here", "mapping values are not allowed in this context"),
     "a ': ' where a value was expected; put text containing ': ' in quotes"),
    (("sequence entries are not allowed here", "block sequence entries are not allowed in this context"),
     "a '- ' list item where a value was expected; start the list on the next line"),
    (("could not find expected ':'",), "a line is missing the ':' between key and value"),
    (("found undefined alias",), "an alias (*name) that no anchor (&name) defines"),
    (("expected <block end>, but found", "did not find expected key", "did not find expected '-' indicator"),
     "this line's indentation does not match the lines above"),
    (("found unexpected end of stream",), "the file ends inside a quoted or bracketed value; close it"),
    (("expected ',' or ']'", "did not find expected ',' or ']'"),
     "a [bracketed] list is not closed, or lacks a ',' between its items"),
    (("expected ',' or '}'", "did not find expected ',' or '}'"),
     "a {braced} mapping is not closed, or lacks a ',' between its items"),
    (("expected alphabetic or numeric character", "did not find expected alphabetic or numeric character"),
     "an anchor (&name) or alias (*name) needs a name made of letters and digits"),
    (("did not find expected node content",), "a value is missing or starts with a character YAML reserves"),
    (("found unknown escape character",), "an unknown backslash escape in double quotes; use single quotes"),
    (("found character '@' that cannot start any token",), "'@' cannot start a value; put the value in quotes"),
    (("found character '`' that cannot start any token",), "'`' cannot start a value; put the value in quotes"),
    (("found character '%' that cannot start any token",), "'%' cannot start a value; put the value in quotes"),
)
_NO_TOKEN = "found character that cannot start any token"  # libyaml does not say which character
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def libyaml_available() -> bool:
    """Return True when PyYAML was built with libyaml, the C parser `load_yaml` prefers."""
    return bool(getattr(yaml, "__with_libyaml__", False)) and hasattr(yaml, "CSafeLoader")


USE_LIBYAML = libyaml_available()  # False: the pure-Python parser (same checks and messages, ~15x slower)


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


# ------------------------------------------------------------------- loading


def load_yaml(path: Path, *, max_bytes: int = MAX_BYTES) -> YNode:
    """Read one YAML file strictly; ConfigError with file:line:column for anything wrong."""
    shown = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ConfigError("file not found", path=shown) from None
    except OSError as err:
        raise ConfigError(f"cannot read: {err.strerror}", path=shown) from None
    if size > max_bytes:
        raise ConfigError(f"file is too large ({size} bytes; the limit is {max_bytes}); split it into "
                          "several files", path=shown)
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise ConfigError(f"cannot read: {err.strerror}", path=shown) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise ConfigError(f"not UTF-8 text (byte 0x{raw[err.start]:02x}); save the file as UTF-8",
                          path=shown, line=line) from None
    return load_yaml_text(text, shown, max_bytes=max_bytes)


def load_yaml_text(text: str, path: str, *, first_line: int = 1, max_bytes: int = MAX_BYTES) -> YNode:
    """Parse YAML held in memory (e.g. a page's front matter starting on `first_line` of `path`)."""
    if len(text.encode("utf-8")) > max_bytes:
        raise ConfigError(f"file is too large (the limit is {max_bytes} bytes); split it into several files",
                          path=path)
    with _cyclic_gc_paused():  # tens of thousands of new objects, none garbage yet: about 1.5x faster
        return _load_text(text, path, first_line - 1)


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the block (if it was on), then switch it back on."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _load_text(text: str, path: str, offset: int) -> YNode:
    """Compose, check and convert YAML text whose first line is line `offset + 1` of `path`."""
    first_line = offset + 1
    libyaml = USE_LIBYAML
    try:
        root, small = _compose_libyaml(text) if libyaml else _compose_pure(text)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 + offset if mark is not None else None
        column = mark.column + 1 if mark is not None else None
        raise ConfigError(_plain_words(err, text), path=path, line=line, column=column) from None
    except yaml.reader.ReaderError as err:
        # libyaml counts the position in UTF-8 bytes, PyYAML in characters
        before = text.encode("utf-8")[: err.position].decode("utf-8", "replace") if libyaml else text[: err.position]
        raise ConfigError(f"the character #x{err.character:04x} is not allowed in YAML; remove it",
                          path=path, line=before.count("\n") + 1 + offset) from None
    except yaml.YAMLError as err:
        raise ConfigError(f"not valid YAML: {err}", path=path) from None
    if root is None:
        return YNode(None, path, first_line, 1, "")
    converter = _Converter(path, offset)
    if not small:  # without aliases every node is visited once: the event pass counted them already
        converter.count(root)
    return converter.convert(root, "", 0)


def _compose_libyaml(text: str) -> tuple[Node | None, bool]:
    """Compose with libyaml after a flat pass over its events refuses deep nesting.

    libyaml's composer recurses in C, where deep nesting would overflow the stack instead of
    raising, so the depth is counted from the parse events first (cheap: no nodes are built).
    Also return whether the graph is known to be small: no aliases and at most MAX_NODES nodes.
    """
    depth = 0  # collections open around the next event
    nodes = 0
    aliases = False
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        kind = type(event)
        if kind in _NODE_EVENTS:
            nodes += 1
            if depth >= MAX_DEPTH:
                raise yaml.MarkedYAMLError(problem=f"nested too deeply (the limit is {MAX_DEPTH} levels)",
                                           problem_mark=event.start_mark)  # type: ignore[arg-type]
            if kind in _START_EVENTS:
                depth += 1
            elif kind is yaml.AliasEvent:
                aliases = True
        elif kind in _END_EVENTS:
            depth -= 1
    loader = yaml.CSafeLoader(text)
    try:
        node: Node | None = loader.get_single_node()
    finally:
        loader.dispose()
    return node, not aliases and nodes <= MAX_NODES


def _compose_pure(text: str) -> tuple[Node | None, bool]:
    """Compose with PyYAML's pure-Python parser (when libyaml is missing)."""
    loader = _DepthLimitedLoader(text)
    try:
        return loader.get_single_node(), False
    finally:
        loader.dispose()


_START_EVENTS = frozenset({yaml.MappingStartEvent, yaml.SequenceStartEvent})
_END_EVENTS = frozenset({yaml.MappingEndEvent, yaml.SequenceEndEvent})
_NODE_EVENTS = frozenset({yaml.ScalarEvent, yaml.AliasEvent, *_START_EVENTS})


def _tag_refused(tag: str) -> str:
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    return (f"the tag {shown} is not allowed; only text, numbers, true/false, dates, lists and "
            "mappings are")


def _plain_words(err: yaml.MarkedYAMLError, text: str) -> str:
    """Say a parser error in plain words with the fix (PyYAML's and libyaml's wordings alike)."""
    problem = err.problem or ""
    if err.context == "expected a single document in the stream" or "expected a single document" in problem:
        return "more than one YAML document ('---') in one file; keep one document per file"
    if problem == _NO_TOKEN and err.problem_mark is not None:
        char = _char_at(text, err.problem_mark.line, err.problem_mark.column)
        if char is not None:
            problem = f"found character {char!r} that cannot start any token"
    for wordings, plain in _PLAIN_WORDS:
        if problem.startswith(wordings):
            return plain
    words = "; ".join(p for p in (err.context, problem) if p)
    return f"not valid YAML: {words}" if words else "not valid YAML"


def _char_at(text: str, line: int, column: int) -> str | None:
    """Return the character at a 0-based line and column of `text` (None when out of range)."""
    lines = _LINE_BREAK.split(text, maxsplit=line + 1)
    if line < len(lines) and column < len(lines[line]):
        return lines[line][column]
    return None


class _DepthLimitedLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing deep nesting before its recursive composer overflows."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.depth = 0

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise yaml.MarkedYAMLError(problem=f"nested too deeply (the limit is {MAX_DEPTH} levels)",
                                           problem_mark=mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _Converter:
    """Turn PyYAML's composed node graph into YNodes, counting every node an alias expands."""

    def __init__(self, path: str, offset: int) -> None:
        self.path = path
        self.offset = offset
        self.constructor = SafeConstructor()

    def error(self, node: Node, message: str, key: str) -> ConfigError:
        return ConfigError(message, path=self.path, line=node.start_mark.line + 1 + self.offset, key=key or None)

    def count(self, root: Node) -> None:
        """Refuse alias cycles and graphs whose aliases expand to more than MAX_NODES values."""
        sizes: dict[int, int] = {}
        open_nodes: set[int] = set()

        def size(node: Node) -> int:
            if id(node) in sizes:
                return sizes[id(node)]
            if id(node) in open_nodes:
                raise self.error(node, "an alias refers to the value that contains it", "")
            open_nodes.add(id(node))
            total = 1
            if isinstance(node, SequenceNode):
                total += sum(size(child) for child in node.value)
            elif isinstance(node, MappingNode):
                total += sum(size(k) + size(v) for k, v in node.value)
            open_nodes.discard(id(node))
            if total > MAX_NODES:
                raise self.error(node, f"too many values (more than {MAX_NODES}, counting each use of an "
                                       "alias); is this an alias bomb?", "")
            sizes[id(node)] = total
            return total

        try:
            size(root)
        except RecursionError:
            raise self.error(root, f"nested too deeply through aliases (the limit is {MAX_DEPTH} levels)",
                             "") from None

    def convert(self, node: Node, key: str, depth: int) -> YNode:
        if depth > MAX_DEPTH:
            raise self.error(node, f"nested too deeply (the limit is {MAX_DEPTH} levels)", key)
        line = node.start_mark.line + 1 + self.offset
        column = node.start_mark.column + 1
        if isinstance(node, ScalarNode):
            return YNode(self.scalar(node, key), self.path, line, column, key, raw=node.value)
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ_TAG:
                raise self.error(node, _tag_refused(node.tag), key)
            items = [self.convert(child, f"{key}[{i}]", depth + 1) for i, child in enumerate(node.value)]
            return YNode(items, self.path, line, column, key)
        if isinstance(node, MappingNode):
            return self.mapping(node, key, depth, line, column)
        raise self.error(node, "unsupported YAML node", key)  # pragma: no cover - PyYAML has three kinds

    def scalar(self, node: ScalarNode, key: str) -> object:
        tag = node.tag
        if tag == _STR_TAG:
            return node.value  # what SafeConstructor returns for text, without its bookkeeping
        if tag not in _SCALAR_TAGS:
            raise self.error(node, _tag_refused(tag), key)
        try:
            return self.constructor.construct_object(node, deep=True)
        except ValueError as err:
            if node.tag.endswith(":timestamp"):
                raise self.error(node, f"impossible date {node.value}: {err}", key) from None
            raise self.error(node, f"cannot read {node.value!r}: {err}", key) from None
        except yaml.YAMLError as err:
            raise self.error(node, f"cannot read {node.value!r}: {err}", key) from None

    def mapping(self, node: MappingNode, key: str, depth: int, line: int, column: int) -> YNode:
        if node.tag != _MAP_TAG:
            raise self.error(node, _tag_refused(node.tag), key)
        children: dict[str, YNode] = {}
        key_lines: dict[str, int] = {}
        merged: dict[str, tuple[YNode, int]] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                for source in self.merge_sources(key_node, value_node, key):
                    sub = self.convert(source, key, depth + 1)
                    for name, child in sub.items():
                        merged.setdefault(name, (child, sub.key_lines.get(name, child.line)))
                continue
            name = self.key_name(key_node, key)
            key_line = key_node.start_mark.line + 1 + self.offset
            child_key = f"{key}.{name}" if key else name
            if name in children:
                raise ConfigError(
                    f"duplicate key (first on line {key_lines[name]}); YAML keeps only one of them, so "
                    "merge the two",
                    path=self.path, line=key_line, key=child_key,
                )
            key_lines[name] = key_line
            children[name] = self.convert(value_node, child_key, depth + 1)
        for name, (child, key_line) in merged.items():
            if name not in children:
                children[name] = child
                key_lines[name] = key_line
        return YNode(children, self.path, line, column, key, key_lines)

    def merge_sources(self, key_node: Node, node: Node, key: str) -> list[Node]:
        if isinstance(node, MappingNode):
            return [node]
        if isinstance(node, SequenceNode) and all(isinstance(n, MappingNode) for n in node.value):
            return list(node.value)
        raise self.error(key_node, "'<<' must name a mapping (<<: *anchor)", key)  # the '<<' line

    def key_name(self, node: Node, key: str) -> str:
        if not isinstance(node, ScalarNode) or node.tag not in _SCALAR_TAGS:
            raise self.error(node, "a key must be plain text, not a list, a mapping or a tagged value", key)
        if not node.value.strip():
            raise self.error(node, "a key is empty", key)
        return str(node.value)  # keys are names: '123_456' stays text, not the number 123456

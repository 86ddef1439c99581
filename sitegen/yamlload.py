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
Composing the text within the nesting limit is sitegen.yamlcompose.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePath

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from sitegen.errors import ConfigError
from sitegen.gcpause import cyclic_gc_paused
from sitegen.yamlcompose import MAX_DEPTH, MAX_NODES, compose_libyaml, compose_pure, refuse_deep_flow
from sitegen.ynode import YNode

MAX_BYTES = 2 * 1024 * 1024  # an overrides file is hand-written; 2 MiB is far beyond any real one

_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_STR_TAG = "tag:yaml.org,2002:str"
_SCALAR_TAGS = frozenset(
    "tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "timestamp")
)

# The parser's wording of common mistakes, said in plain words with the fix. Each row lists the
# problem's opening words as PyYAML's pure-Python parser and libyaml say them.
_PLAIN_WORDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("nested too deeply", "exceeded maximum nesting depth"), f"nested too deeply (the limit is {MAX_DEPTH} levels)"),
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


# ------------------------------------------------------------------- loading


def site_place(path: str | Path, depth: int) -> str:
    """Return where a file of the site's content sits, as its last `depth` parts ("content/overrides/a.yaml" for 3),
    however `--content` was spelled. What records carry reaches pages and cache keys: an absolute path would put
    the editor's folders into the public site and make every page change when the spelling does."""
    return "/".join(PurePath(path).parts[-depth:])


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
    with cyclic_gc_paused():  # tens of thousands of new objects, none garbage yet: about 1.5x faster
        return _load_text(text, path, first_line - 1)


def _load_text(text: str, path: str, offset: int) -> YNode:
    """Compose, check and convert YAML text whose first line is line `offset + 1` of `path`."""
    first_line = offset + 1
    libyaml = USE_LIBYAML
    try:
        refuse_deep_flow(text)
        root, small = compose_libyaml(text) if libyaml else compose_pure(text)
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

"""Composing YAML text into PyYAML's node graph within the nesting limit, with libyaml or the pure-Python parser
(sitegen.yamlload turns the graph into YNodes and says errors in plain words).

The nesting limit is checked before either parser reads deep [ { brackets, so that a parser's own, higher limit
(libyaml's since PyYAML 6.0.4) never speaks first with other words or another position; libyaml's composer,
which recurses in C, only sees text whose depth its events were counted in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import yaml
from yaml.nodes import Node

MAX_NODES = 200_000  # nodes visited, aliases counted each time they are expanded
MAX_DEPTH = 64  # nesting of mappings and sequences
# What the scan for deep [ { nesting looks at: a flow bracket, a quoted scalar (a quote opens one only
# where a value starts: at a line's start or after a space, a bracket, a comma or a colon; in `it's` it
# does not) and a comment; brackets inside the last two are text, not nesting.
_FLOW_TOKEN = re.compile(
    r"[\[\]{}]"
    r"|(?:^|(?<=[\s\[{,:]))(?:\"(?:[^\"\\]|\\[\s\S])*\"?|'(?:[^']|'')*'?)"
    r"|(?:^|(?<=\s))#.*",
    re.MULTILINE,
)


class TooDeep(yaml.MarkedYAMLError):
    """A node nested more than MAX_DEPTH levels deep (our limit, not a parser's)."""

    def __init__(self, mark: yaml.Mark) -> None:
        super().__init__(problem=f"nested too deeply (the limit is {MAX_DEPTH} levels)",
                         problem_mark=mark)


def _walk_events(events: Iterable[yaml.Event]) -> tuple[int, bool]:
    """Return the number of node events and whether any is an alias; TooDeep at the first too deep."""
    depth = 0  # collections open around the next event
    nodes = 0
    aliases = False
    for event in events:
        kind = type(event)
        if kind in _NODE_EVENTS:
            nodes += 1
            if depth >= MAX_DEPTH:
                raise TooDeep(event.start_mark)  # type: ignore[arg-type]  # libyaml's marks have the same fields
            if kind in _START_EVENTS:
                depth += 1
            elif kind is yaml.AliasEvent:
                aliases = True
        elif kind in _END_EVENTS:
            depth -= 1
    return nodes, aliases


def _deep_flow_end(text: str) -> int | None:
    """Return the end of the first [ or { that seems to open flow level MAX_DEPTH + 1, else None.

    A linear scan (regular expressions do the walking) that skips quoted scalars and comments;
    brackets inside plain or block scalars may count too, which only costs the check below.
    """
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return None
    depth = 0
    for match in _FLOW_TOKEN.finditer(text):
        char = text[match.start()]
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return match.end()
        elif char in "]}":
            depth = max(depth - 1, 0)  # a stray closer is an error the parser reports; it hides no depth
    return None


def refuse_deep_flow(text: str) -> None:
    """Raise TooDeep for deep [ { nesting before a parser's own nesting limit can speak.

    libyaml (PyYAML >= 6.0.4) refuses 1,000 flow levels with its own message while it looks ahead,
    before it hands over the event at our 65th level. When the scan above finds more than MAX_DEPTH
    open brackets, PyYAML's pure-Python parser reads the text only up to that bracket, where no
    parser limit is near, and the first node past MAX_DEPTH is reported with the same line and
    column as the full parse gives. A parser error in that prefix (or no deep node, when the scan
    counted brackets of a scalar) leaves the whole text to the normal parse.
    """
    end = _deep_flow_end(text)
    if end is None:
        return
    try:
        _walk_events(yaml.parse(text[:end], Loader=yaml.SafeLoader))
    except TooDeep:
        raise
    except yaml.YAMLError:
        return


def compose_libyaml(text: str) -> tuple[Node | None, bool]:
    """Compose with libyaml after a flat pass over its events refuses deep nesting.

    libyaml's composer recurses in C, where deep nesting would overflow the stack instead of
    raising, so the depth is counted from the parse events first (cheap: no nodes are built).
    Also return whether the graph is known to be small: no aliases and at most MAX_NODES nodes.
    """
    nodes, aliases = _walk_events(yaml.parse(text, Loader=yaml.CSafeLoader))
    loader = yaml.CSafeLoader(text)
    try:
        node: Node | None = loader.get_single_node()
    finally:
        loader.dispose()
    return node, not aliases and nodes <= MAX_NODES


def compose_pure(text: str) -> tuple[Node | None, bool]:
    """Compose with PyYAML's pure-Python parser (when libyaml is missing)."""
    loader = _DepthLimitedLoader(text)
    try:
        return loader.get_single_node(), False
    finally:
        loader.dispose()


_START_EVENTS = frozenset({yaml.MappingStartEvent, yaml.SequenceStartEvent})
_END_EVENTS = frozenset({yaml.MappingEndEvent, yaml.SequenceEndEvent})
_NODE_EVENTS = frozenset({yaml.ScalarEvent, yaml.AliasEvent, *_START_EVENTS})



class _DepthLimitedLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing deep nesting before its recursive composer overflows."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.depth = 0

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise TooDeep(self.peek_event().start_mark)  # type: ignore[no-untyped-call]
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

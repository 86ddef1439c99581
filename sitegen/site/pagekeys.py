"""The page keys a long-lived process worked out, with the inputs they were worked out from.

A page's key (sitegen.site.incremental) is the digest of the render environment, its PageSpec,
its own context and the site fields it read. A rebuild of `sitegen serve` finds most pages' own
context records to be the very records of the last build (the site model hands unchanged ones on
by identity) and the fields' digests equal: such a page's key is the one worked out last time,
without pickling and hashing its inputs again (~100 us a page, a second at 10,000 articles).
Inputs are the same when each is the very same object, or a string of the same type and text;
a token keeps its objects alive, so an id is never another object's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from operator import attrgetter
from typing import Any

from sitegen.site.records import PageSpec

Token = tuple[Any, ...]  # what a page's key was worked out from: see PageKeys.token

_SPEC_VALUES = attrgetter(*(f.name for f in fields(PageSpec)))
_SPEC = "\0spec"  # stands in a token for the page's own spec among its context values (its values are there)
_TEXT = (str, int, bool, type(None))  # values told equal by their type and value (a Markup is a str of its own type)


class PageKeys:
    """The key of each page of one build, with the token of its inputs, by output path."""

    def __init__(self) -> None:
        self._known: dict[str, tuple[Token, str]] = {}
        self.reused = 0  # keys this memo gave (in the process that asked: a forked child's are its own)

    @staticmethod
    def token(environment: str, spec: PageSpec, own: Sequence[tuple[str, Any]] | None,
              used: Sequence[tuple[str, Any]]) -> Token:
        """Return the token of a page's inputs: the environment's digest, the spec's values, its own context
        values (None: a page made in Python) and the site fields it read (their digests, or "@name" context
        values)."""
        mine = () if own is None else (*(v if v is not spec else _SPEC for kv in own for v in kv), "\0")
        return (environment, *_SPEC_VALUES(spec), own is None, *mine, *(v for kv in used for v in kv))

    def key(self, path: str, token: Token, key: str) -> bool:
        """Return True when this memo has `key` for the page at `path` worked out from the same inputs as `token`."""
        found = self._known.get(path)
        if found is None or found[1] != key or not _same(found[0], token):
            return False
        self.reused += 1
        return True

    def has(self, path: str, key: str) -> bool:
        """Return True when this memo noted `key` for the page at `path`."""
        found = self._known.get(path)
        return found is not None and found[1] == key

    def note(self, path: str, token: Token, key: str) -> None:
        """Keep the key of a page and the token of the inputs it was worked out from."""
        self._known[path] = (token, key)


def _same(a: Token, b: Token) -> bool:
    """Return True when two tokens hold the very same objects, or equal strings of one type, position by position."""
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        if x is y:
            continue
        if type(x) is not type(y) or not isinstance(x, _TEXT) or x != y:
            return False
    return True

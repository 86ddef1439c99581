"""Loading junk patterns: the packaged sitegen/data/junk.yaml plus a site's content/junk.yaml, strictly checked.

Every pattern is checked against its own ``examples`` (each must be dropped) and ``keeps``
(each must survive) when it is loaded, so a pattern that drifts fails at load time, naming
the file, line and key.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from sitegen import DATA_DIR
from sitegen.clean.junk import KINDS, JunkPattern, JunkPatterns
from sitegen.errors import ConfigError, did_you_mean
from sitegen.yamlload import load_yaml
from sitegen.ynode import YNode

PACKAGED_JUNK = DATA_DIR / "junk.yaml"
SITE_JUNK = "junk.yaml"  # under the content folder
_PATTERN_KEYS = ("name", "kind", "texts", "regex", "requires", "description", "examples", "keeps", "max_words",
                 "ignore_case", "anchor")
_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def load_junk(content_dir: Path) -> JunkPatterns:
    """Load the packaged junk patterns plus `content/junk.yaml` (a site's additions and `disable` list)."""
    patterns = list(_packaged_patterns())
    site_file = content_dir / SITE_JUNK
    if site_file.is_file():
        extra, disabled = _load_file(site_file, packaged=False)
        known = {p.name: p for p in patterns}
        for node in disabled:
            name = node.as_str()
            if name not in known:
                hint = did_you_mean(name, known)
                raise node.error(f"no packaged junk pattern is called {name!r}" + (f"; {hint}" if hint else ""))
        off = {n.as_str() for n in disabled}
        patterns = [p for p in patterns if p.name not in off]
        for p in extra:
            if p.name in known:
                raise ConfigError(f"a packaged junk pattern ({known[p.name].source}) already has this name; "
                                  f"choose another name, or list {p.name!r} under disable: to replace it",
                                  path=site_file, line=int(p.source.rsplit(":", 1)[1]), key="name")
        patterns.extend(extra)
    return JunkPatterns(tuple(patterns))


@lru_cache(maxsize=1)
def _packaged_patterns() -> tuple[JunkPattern, ...]:
    """The packaged patterns, read and checked once per process."""
    return tuple(_load_file(PACKAGED_JUNK, packaged=True)[0])


def _load_file(path: Path, *, packaged: bool) -> tuple[list[JunkPattern], list[YNode]]:
    """Read and check one junk YAML file."""
    root = load_yaml(path)
    if root.value is None:
        return [], []
    top = root.mapping(("patterns",) if packaged else ("patterns", "disable"))
    patterns: list[JunkPattern] = []
    seen: dict[str, int] = {}
    for node in top["patterns"].sequence() if "patterns" in top else []:
        pattern = _pattern(node)
        if pattern.name in seen:
            raise node.error(f"a junk pattern named {pattern.name!r} is already defined on line "
                             f"{seen[pattern.name]}; names must be unique", key=f"{node.key}.name")
        seen[pattern.name] = node.line
        patterns.append(pattern)
    disabled = top["disable"].sequence() if "disable" in top else []
    return patterns, disabled


def _pattern(node: YNode) -> JunkPattern:
    """Check one pattern mapping and build it, verifying its examples and keeps."""
    m = node.mapping(_PATTERN_KEYS, required=("name", "kind", "description", "examples"))
    name = m["name"].as_str()
    if not _NAME.fullmatch(name):
        raise m["name"].error(f"{name!r} is not a pattern name; use lowercase letters, digits and dashes")
    kind = m["kind"].as_str()
    if kind not in KINDS:
        hint = did_you_mean(kind, KINDS)
        raise m["kind"].error(f"unknown kind {kind!r}; " + (hint or f"expected one of: {', '.join(KINDS)}"))
    texts: tuple[str, ...] = ()
    regex: re.Pattern[str] | None = None
    if kind == "line":
        if "texts" in m:
            raise m["texts"].error("a 'line' pattern takes a regex, not texts")
        if "regex" not in m:
            raise node.error("missing key 'regex' (a 'line' pattern needs one)")
        ignore_case = m["ignore_case"].as_bool() if "ignore_case" in m else True
        requires = tuple(w.as_str().casefold() for w in _nonempty_list(m["requires"])) if "requires" in m else ()
        source = m["regex"].as_str()
        try:
            regex = re.compile(source, re.IGNORECASE if ignore_case else 0)
        except re.error as err:
            raise m["regex"].error(f"not a valid regular expression: {err.msg} at position {err.pos}") from None
    else:
        if "regex" in m:
            raise m["regex"].error(f"a {kind!r} pattern takes texts, not a regex (use kind: line for a regex)")
        for key in ("ignore_case", "requires"):
            if key in m:
                raise m[key].error(f"{key} applies to regex patterns only")
        requires = ()
        if "texts" not in m:
            raise node.error(f"missing key 'texts' (a {kind!r} pattern needs a list of texts)")
        texts = tuple(t.as_str() for t in _nonempty_list(m["texts"]))
    max_words: int | None = None
    if "max_words" in m:
        value = m["max_words"].value
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise m["max_words"].error(f"expected a whole number of at least 1, got {m['max_words'].describe()}")
        max_words = value
    anchor = m["anchor"].as_bool() if "anchor" in m else False
    pattern = JunkPattern(
        name=name,
        kind=kind,
        description=m["description"].as_str(),
        texts=texts,
        regex=regex,
        examples=tuple(e.as_str() for e in _nonempty_list(m["examples"])),
        keeps=tuple(k.as_str() for k in m["keeps"].sequence()) if "keeps" in m else (),
        max_words=max_words,
        source=node.where,
        requires=requires,
        anchor=anchor,
    )
    for example in _nonempty_list(m["examples"]):
        if not pattern.matches(example.as_str()):
            raise example.error("this example is not matched by the pattern; fix the pattern or the example")
    for keep in m["keeps"].sequence() if "keeps" in m else []:
        if pattern.matches(keep.as_str()):
            raise keep.error("this line must be kept but the pattern drops it; narrow the pattern")
    return pattern


def _nonempty_list(node: YNode) -> list[YNode]:
    items = node.sequence()
    if not items:
        raise node.error("expected a list with at least one item")
    return items

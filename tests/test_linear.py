"""No input is slow: every pattern is linted, and the backtracking ones only ever see bounded slices.

Speed itself is measured by benchmarks/pathological.py, never here. These tests are about
structure: regexploit finds no cubic pattern except those listed in `BOUNDED` (each with the
bound that keeps it constant-time per line), and those bounds hold on hostile lines.
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from sitegen.badges import outlets
from sitegen.clean import junk
from sitegen.clean.junk import REGEX_MAX_CHARS
from sitegen.clean.load import load_junk
from sitegen.clean.shapes import cut_site_suffix
from sitegen.knowledge import load_knowledge

ROOT = Path(__file__).resolve().parent.parent

COLLECT = textwrap.dedent("""
    import importlib, json, os, pkgutil, re, sys
    from pathlib import Path
    seen = {}
    real = re._compile
    package = os.path.join(sys.argv[1], "sitegen") + os.sep

    def record(pattern, flags):
        compiled = real(pattern, flags)
        frame = sys._getframe(1)
        while frame is not None and frame.f_code.co_filename.endswith(("re/__init__.py", "re/_compiler.py")):
            frame = frame.f_back
        if frame is not None and frame.f_code.co_filename.startswith(package) and isinstance(compiled.pattern, str):
            seen.setdefault((compiled.pattern, compiled.flags), frame.f_code.co_filename[len(package):])
        return compiled

    re._compile = record
    import sitegen
    for module in pkgutil.walk_packages(sitegen.__path__, "sitegen."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)
    from sitegen.build import Paths, gather
    from sitegen.site import render
    from sitegen.site.model import build_site
    root = Path(sys.argv[1])
    for seeds, content in ((root / "tests/golden/seeds", root / "tests/golden/content"),
                           (root / "seeds", root / "content")):
        g = gather(Paths(seeds=seeds, content=content, output=Path("unused"), templates=root / "templates"))
        site = build_site(g.config, g.articles, g.events, g.knowledge.places, build_epoch=0,
                          headlines=g.knowledge.headlines)
        render.render_site(site, root / "templates")
    re._compile = real
    print(json.dumps([[p, f, where] for (p, f), where in seen.items()]))
""")

# Patterns regexploit calls cubic, and the bound that makes each constant-time per call.
BOUNDED: dict[str, str] = {
    outlets._BYLINE.pattern: "outlets.NAMED_LINE_MAX: a whitespace-collapsed line of at most 300 characters",
    outlets._SUPPORT.pattern: "outlets.NAMED_LINE_MAX: a whitespace-collapsed line of at most 300 characters",
}


@pytest.fixture(scope="module")
def compiled_patterns() -> list[tuple[str, int, str]]:
    """Every regex sitegen compiles: module constants, packaged YAML knowledge, and during two builds."""
    result = subprocess.run([sys.executable, "-c", COLLECT, str(ROOT)], capture_output=True, text=True,
                            check=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)
    return [(p, f, where) for p, f, where in json.loads(result.stdout)]


def test_the_collection_sees_modules_yaml_and_runtime_patterns(compiled_patterns: list[Any]) -> None:
    wheres = {where for _, _, where in compiled_patterns}
    assert {"clean/load.py", "badges/outlets.py", "temporal/patterns.py", "reader.py"} <= wheres
    patterns = {p for p, _, _ in compiled_patterns}
    assert all(p.regex.pattern in patterns for p in load_junk(ROOT / "content").patterns if p.regex)


def test_regexploit_finds_no_cubic_pattern_outside_the_bounded_ones(compiled_patterns: list[Any]) -> None:
    sre = pytest.importorskip("regexploit.ast.sre")
    from regexploit.redos import find

    flagged: dict[str, str] = {}
    for pattern, flags, where in compiled_patterns:
        for redos in find(sre.SreOpParser().parse_sre(pattern, flags)):
            if redos.starriness > 2:
                flagged[pattern] = where
                break
    assert {p: w for p, w in flagged.items() if p not in BOUNDED} == {}
    assert set(BOUNDED) <= set(flagged)  # an entry regexploit no longer flags is stale: remove it


# ---------------------------------------------------------- bounded slices

HOSTILE_LINES = [
    "Home" + " " * 60_000 + "x",
    "Updated" + "\t" * 60_000 + "x",
    "By" + "\u00a0" * 60_000 + ",",
    "Support" + " " * 60_000 + "!x",
    "Views" + " 1" * 30_000,
    "A " * 30_000,
    "." * 60_000,
    "Photo: " + "(" * 60_000,
]


class Spy:
    """Stands in for a compiled pattern and records the length of every string it is given."""

    def __init__(self, pattern: re.Pattern[str], seen: list[str]) -> None:
        self.pattern, self.seen = pattern, seen

    def __getattr__(self, name: str) -> Any:
        method = getattr(self.pattern, name)

        def call(text: str, *args: Any) -> Any:
            self.seen.append(text)
            return method(text, *args)

        return call


@pytest.mark.parametrize("line", HOSTILE_LINES, ids=lambda s: repr(s[:12]))
def test_junk_patterns_only_see_short_lines_without_runs_of_space(line: str) -> None:
    patterns = load_junk(ROOT / "content")
    seen: list[str] = []
    for check in patterns._checks:
        if check.regex is not None:
            object.__setattr__(check, "regex", Spy(check.regex, seen))
    for text in (line, line[:REGEX_MAX_CHARS], line[: REGEX_MAX_CHARS * 3]):
        patterns.classify(text)
        for pattern in patterns.patterns:
            pattern.matches(text)
    assert all(len(s) <= REGEX_MAX_CHARS and "  " not in s and "\t" not in s for s in seen)


@pytest.mark.parametrize("line", HOSTILE_LINES, ids=lambda s: repr(s[:12]))
def test_byline_patterns_only_see_short_collapsed_lines(line: str, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    monkeypatch.setattr(outlets, "_BYLINE", Spy(outlets._BYLINE, seen))
    monkeypatch.setattr(outlets, "_SUPPORT", Spy(outlets._SUPPORT, seen))
    registry = load_knowledge(ROOT / "content").outlets
    for text in (line, line[:200], "By  Jane   Doe,\u00a0Reuters", "Support " + " " * 250 + "Meduza"):
        registry.detect(text + "\nThe body.\n", None)
    assert seen and all(len(s) <= outlets.NAMED_LINE_MAX and "  " not in s for s in seen)


def test_junk_bound_is_above_the_longest_junk_line_it_must_drop() -> None:
    longest = max(len(" ".join(e.split())) for p in load_junk(ROOT / "content").patterns if p.regex
                  for e in p.examples)
    assert longest < REGEX_MAX_CHARS
    assert junk.regex_view("Home \t\u00a0 › World") == "Home › World"


SUFFIX = re.compile(r"\s+\|\s+[^|]{1,60}$")  # what cut_site_suffix replaces, as its specification


@pytest.mark.parametrize(("title", "cut"), [
    ("Russia gains ground | eSocialNews", "Russia gains ground"),
    ("Russia gains ground |  eSocialNews", "Russia gains ground"),
    ("Russia gains ground|eSocialNews", "Russia gains ground|eSocialNews"),
    ("A | B | The Site", "A | B"),
    ("Headline | " + "x" * 61, "Headline | " + "x" * 61),
    ("Headline " + " " * 60_000 + "| Site", "Headline"),
    ("Headline" + "\u00a0" * 60_000 + "word", "Headline" + "\u00a0" * 60_000 + "word"),
])
def test_the_site_suffix_is_cut_as_the_regex_would(title: str, cut: str) -> None:
    assert cut_site_suffix(title) == cut


def test_the_site_suffix_cut_agrees_with_the_regex_on_random_titles() -> None:
    rng = random.Random(19)
    alphabet = [" ", "\t", "\u00a0", "|", "a", "B", "."]
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 70)))
        assert cut_site_suffix(text) == SUFFIX.sub("", text), repr(text)

"""Every import is declared in pyproject.toml, so a fresh virtualenv passes the README's commands.

`.ci/run` proves it by installing into empty virtualenvs; this test says the same thing locally,
on a machine where the undeclared package happens to be installed by hand:

- `sitegen/` may import the standard library, itself and `[project] dependencies`; an optional
  tool it only probes for (`importlib.util.find_spec("pagefind")`, an import inside
  `try: ... except ImportError`) must be declared in one of the extras;
- `tests/` may also import the `test` extra (`pip install ".[test]"` is what runs them);
- `benchmarks/` and `eval/` are run by hand with the development install, so the `dev` extra is
  allowed there too.

Modules of the repository itself (`browserkit`, `corpus`, `test_fuzz`, ...) are first-party.
"""

from __future__ import annotations

import ast
import importlib
import importlib.metadata
import pkgutil
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import sitegen

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

ROOT = Path(__file__).resolve().parents[1]
SCANNED = ("sitegen", "tests", "benchmarks", "eval")
IGNORED_PARTS = {"node_modules", "__pycache__", "fixtures", "golden"}
# Import names that differ from the distribution's name, for distributions not installed here
# (the dev extra in the test virtualenv); installed ones are looked up in their metadata.
IMPORT_NAMES = {"pyyaml": {"yaml", "_yaml"}, "pagefind": {"pagefind", "pagefind_bin"}}
PROBES = {"find_spec", "import_module", "importorskip"}  # called with a module name as text


@dataclass(frozen=True)
class Import:
    """A top-level module name imported by a file of the repository."""

    path: str  # relative to the repository root
    line: int
    name: str
    optional: bool  # probed for, or imported inside try/except ImportError


def normalize(name: str) -> str:
    """Return a distribution name in the normal form of PEP 503 (`PyYAML` -> `pyyaml`)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(requirement: str) -> str:
    """Return the distribution name of a requirement ('pagefind[bin]>=1.1' -> 'pagefind')."""
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    assert match, f"pyproject.toml: cannot read the requirement {requirement!r}"
    return normalize(match.group(1))


def project() -> dict[str, object]:
    with (ROOT / "pyproject.toml").open("rb") as f:
        table: dict[str, object] = tomllib.load(f)["project"]
    return table


def declared() -> dict[str, set[str]]:
    """Return 'dependencies' and each extra's name -> the distribution names it declares."""
    table = project()
    groups = {"dependencies": {requirement_name(r) for r in table.get("dependencies", [])}}  # type: ignore[attr-defined]
    extras: dict[str, list[str]] = table.get("optional-dependencies", {})  # type: ignore[assignment]
    groups.update({extra: {requirement_name(r) for r in reqs} for extra, reqs in extras.items()})
    return groups


def import_names(distributions: set[str]) -> set[str]:
    """Return the top-level module names the given distributions provide."""
    names: set[str] = set()
    for module, dists in importlib.metadata.packages_distributions().items():
        if any(normalize(d) in distributions for d in dists):
            names.add(module)
    for dist in distributions:
        names |= IMPORT_NAMES.get(dist, {dist.replace("-", "_")})
    return names


def first_party() -> set[str]:
    """Return the module names defined by the repository's own files and folders."""
    names = {"sitegen"}
    for folder in SCANNED:
        for path in (ROOT / folder).rglob("*.py"):
            if not IGNORED_PARTS & set(path.relative_to(ROOT).parts):
                names.add(path.stem)
                names.add(path.parent.name)
    return names


def python_files() -> Iterator[tuple[str, str]]:
    """Yield (path relative to the repository, source) of every Python file that is checked."""
    for folder in SCANNED:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if not IGNORED_PARTS & set(path.relative_to(ROOT).parts):
                yield path.relative_to(ROOT).as_posix(), path.read_text("utf-8")


def imports_of(rel: str, source: str) -> Iterator[Import]:
    """Yield the top-level module names a file imports, probes for or imports inside try/except ImportError."""
    tree = ast.parse(source, rel)
    guarded: set[int] = set()  # ids of nodes inside a try whose handler catches ImportError
    for node in ast.walk(tree):
        if isinstance(node, ast.Try) and any(_catches_import_error(h) for h in node.handlers):
            guarded |= {id(inner) for stmt in node.body for inner in ast.walk(stmt)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(rel, node.lineno, alias.name.split(".")[0], id(node) in guarded)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield Import(rel, node.lineno, node.module.split(".")[0], id(node) in guarded)
        elif (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)
              and isinstance(node.args[0].value, str)
              and (node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", ""))
              in PROBES):
            yield Import(rel, node.lineno, node.args[0].value.split(".")[0], True)


def _catches_import_error(handler: ast.ExceptHandler) -> bool:
    kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(isinstance(k, ast.Name) and k.id in ("ImportError", "ModuleNotFoundError") for k in kinds)


def undeclared() -> list[str]:
    """Return one message per third-party import that the file's part of the repository may not use."""
    groups = declared()
    extras = set().union(*(dists for name, dists in groups.items() if name != "dependencies"))
    runtime = import_names(groups["dependencies"])
    allowed = {
        "sitegen": runtime,
        "tests": runtime | import_names(groups.get("test", set())),
        "benchmarks": runtime | import_names(groups.get("test", set()) | groups.get("dev", set())),
    }
    allowed["eval"] = allowed["benchmarks"]
    where = {
        "sitegen": "[project] dependencies",
        "tests": "[project.optional-dependencies] test",
        "benchmarks": "[project.optional-dependencies] dev",
        "eval": "[project.optional-dependencies] dev",
    }
    probed = import_names(extras)
    ours = first_party()
    provider = importlib.metadata.packages_distributions()
    problems = []
    for rel, source in python_files():
        for imp in imports_of(rel, source):
            if imp.name in sys.stdlib_module_names or imp.name in ours or imp.name == "__future__":
                continue
            part = imp.path.split("/")[0]
            if imp.name in allowed[part] or (part == "sitegen" and imp.optional and imp.name in probed):
                continue
            dist = provider.get(imp.name, [imp.name])[0]
            problems.append(f"{imp.path}:{imp.line}: imports {imp.name}, which no dependency declared for "
                            f"{part}/ provides; add {dist} (with a version range) to {where[part]} in "
                            "pyproject.toml and its reason to the README's Dependencies table")
    return problems


def test_every_third_party_import_is_declared_in_pyproject() -> None:
    problems = undeclared()
    assert not problems, "\n".join(problems)


def test_the_check_finds_an_undeclared_import(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check itself can fail: a test importing a package no extra declares is named with the fix."""
    fake = ("tests/test_zz_undeclared_probe.py", "import zz_undeclared\nimport yaml\nimport browserkit\n")
    monkeypatch.setattr(sys.modules[__name__], "python_files", lambda: iter([fake]))
    assert undeclared() == [
        ("tests/test_zz_undeclared_probe.py:1: imports zz_undeclared, which no dependency declared for tests/ "
         "provides; add zz_undeclared (with a version range) to [project.optional-dependencies] test in pyproject.toml and its "
         "reason to the README's Dependencies table")
    ]


def test_probes_and_guarded_imports_are_optional() -> None:
    """find_spec("x") and imports under `except ImportError` are optional; plain imports are not."""
    source = ("import a\nimportlib.util.find_spec('b.c')\ntry:\n    import d\nexcept (ValueError, ImportError):\n"
              "    pass\ntry:\n    import e\nexcept ValueError:\n    pass\n")
    found = {(i.name, i.optional) for i in imports_of("sitegen/zz_probe.py", source)}
    assert found == {("a", False), ("b", True), ("d", True), ("e", False)}


def test_every_requirement_has_a_version_range_and_a_reason_in_the_readme() -> None:
    """A bare name installs whatever is newest; the README says why each package is there."""
    table = project()
    requirements = [*table["dependencies"], *table["optional-dependencies"]["test"]]  # type: ignore[index,misc]
    assert [r for r in requirements if not re.search(r"[<>=~]=?\s*\d", r)] == []
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("\n## Dependencies\n", 1)[1].split("\n## ", 1)[0]
    listed = {normalize(re.sub(r"\\?\[.*", "", name.strip(" `")))
              for row in re.findall(r"^\| *([^|]+?) *\|", section, re.MULTILINE)
              for name in row.split(",")}
    assert sorted({requirement_name(r) for r in requirements} - listed) == []


def test_every_module_of_the_package_imports() -> None:
    """Importing each module (as `sitegen build` would) finds a missing runtime package at once."""
    names = [m.name for m in pkgutil.walk_packages(sitegen.__path__, "sitegen.") if m.name != "sitegen.__main__"]
    assert len(names) > 30
    for name in names:
        importlib.import_module(name)

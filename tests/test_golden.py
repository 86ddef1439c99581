"""Golden test: build a tiny fixture site and diff every output file against the stored copy.

Regenerate the stored copy after an intended change of output with
`SITEGEN_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py` and review the diff.
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

import pytest

from sitegen.cli import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "golden"  # the inputs (seeds/, content/) beside expected/
EXPECTED = ROOT / "tests" / "golden" / "expected"
# The search index depends on whether Pagefind is installed; static/ is copied verbatim from
# templates/static/ and checked against it directly rather than stored twice.
IGNORED_DIRS = {"pagefind", "static"}


def _tree(root: Path) -> dict[str, bytes]:
    files = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if path.is_file() and rel.parts[0] not in IGNORED_DIRS:
            files[rel.as_posix()] = path.read_bytes()
    return files


def test_static_assets_are_copied_verbatim(tmp_path: Path) -> None:
    out = tmp_path / "public"
    assert main(["build", "--quiet", "--seeds", str(FIXTURE / "seeds"), "--content", str(FIXTURE / "content"),
                 "--templates", str(ROOT / "templates"), "--output", str(out)]) == 0
    source = ROOT / "templates" / "static"
    copied = {p.relative_to(out / "static").as_posix(): p.read_bytes() for p in (out / "static").rglob("*")
              if p.is_file()}
    sources = {p.relative_to(source).as_posix(): p.read_bytes() for p in source.rglob("*") if p.is_file()}
    assert (out / "favicon.svg").read_bytes() == sources.pop("favicon.svg")  # served from the root
    assert copied == sources


def test_golden_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    out = tmp_path / "public"
    assert main(["build", "--quiet", "--seeds", str(FIXTURE / "seeds"), "--content", str(FIXTURE / "content"),
                 "--templates", str(ROOT / "templates"), "--output", str(out)]) == 0
    got = _tree(out)
    if os.environ.get("SITEGEN_UPDATE_GOLDEN"):
        shutil.rmtree(EXPECTED, ignore_errors=True)
        for rel, data in got.items():
            (EXPECTED / rel).parent.mkdir(parents=True, exist_ok=True)
            (EXPECTED / rel).write_bytes(data)
    want = _tree(EXPECTED)
    assert sorted(got) == sorted(want), "output files differ from tests/golden/expected"
    for rel in want:
        if got[rel] != want[rel]:
            diff = difflib.unified_diff(
                want[rel].decode("utf-8", "replace").splitlines(),
                got[rel].decode("utf-8", "replace").splitlines(),
                f"expected/{rel}", f"built/{rel}", lineterm="", n=2,
            )
            pytest.fail("\n".join(list(diff)[:80]))

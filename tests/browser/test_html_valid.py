"""The Nu HTML Checker (npm vnu-jar, run with the system Java) reports no error on the generated pages."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from browserkit import VNU_JAR, Site, record_measurement, require

pytestmark = pytest.mark.browser

CORPUS_SAMPLE = 4  # pages of each kind checked on the 2,000-article site (all of the seed site's are)


def vnu(files: list[Path]) -> list[dict[str, object]]:
    """Run vnu.jar once over the files; return its error messages."""
    require(VNU_JAR.is_file(), f"{VNU_JAR} is missing: npm ci --prefix tests/browser")
    java = shutil.which("java")
    require(java is not None, "java is missing: apt-get install default-jre-headless")
    assert java is not None
    proc = subprocess.run([java, "-Xss8m", "-jar", str(VNU_JAR), "--errors-only", "--format", "json",
                           *map(str, files)], capture_output=True, text=True, timeout=600, check=False)
    report = json.loads(proc.stderr or proc.stdout or '{"messages": []}')
    messages: list[dict[str, object]] = report["messages"]
    return [m for m in messages if m.get("type") in ("error", "non-document-error")]


def readable(root: Path, messages: list[dict[str, object]]) -> str:
    """file:line:column: message, one a line."""
    out = []
    for m in messages:
        url = str(m.get("url", ""))
        path = Path(unquote(urlsplit(url).path))
        name = path.relative_to(root).as_posix() if path.is_relative_to(root) else url
        out.append(f"{name}:{m.get('lastLine', '?')}:{m.get('firstColumn', '?')}: {m.get('message')}"
                   + (f"  «{str(m['extract']).strip()[:80]}»" if m.get("extract") else ""))
    return "\n".join(out)


def test_seed_site_html_is_valid(seed_site: Site) -> None:
    files = seed_site.html_files()
    assert files
    errors = vnu(files)
    record_measurement("vnu_seed", {"files": len(files), "errors": len(errors)})
    assert errors == [], readable(seed_site.root, errors)


def test_corpus_site_sample_html_is_valid(corpus_site: Site) -> None:
    files = corpus_site.html_files()
    groups: dict[str, list[Path]] = {}
    for f in files:
        rel = f.relative_to(corpus_site.root)
        groups.setdefault(rel.parts[0] if len(rel.parts) > 1 else "", []).append(f)
    sample = [f for group in groups.values() for f in group[:CORPUS_SAMPLE]]
    errors = vnu(sample)
    record_measurement("vnu_corpus_sample", {"files": len(sample), "errors": len(errors)})
    assert errors == [], readable(corpus_site.root, errors)


def test_readable_names_file_line_and_message(tmp_path: Path) -> None:
    msg = {"type": "error", "url": (tmp_path / "a" / "index.html").as_uri(), "lastLine": 7, "firstColumn": 3,
           "message": "Duplicate ID “e1”.", "extract": '<li id="e1">'}
    assert readable(tmp_path, [msg]) == 'a/index.html:7:3: Duplicate ID “e1”.  «<li id="e1">»'

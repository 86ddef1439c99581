"""Fixtures every test package shares: building a site through the command line, once per input."""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import io
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import sitegen.cache
from sitegen.cli import main

ROOT = Path(__file__).resolve().parent.parent
WIRE_ARTICLES = 40  # the synthetic corpus's size: above parallel.MIN_PARALLEL, so the pool really runs

SiteBuilder = Callable[[Path, Path], Path]


@pytest.fixture(scope="session", autouse=True)
def fixture_caches_outside_the_tree(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep the build cache of a fixture under tests/ in a temporary folder, not beside the fixture's content
    (where a user's build keeps it): the tests leave the source tree as they found it. (A build in a child
    process is given --no-cache.)"""
    real = sitegen.cache.default_cache_dir
    tests = Path(__file__).resolve().parent

    def outside(content_dir: Path) -> Path:
        place = real(content_dir).resolve()
        if tests not in place.parents:
            return real(content_dir)
        return tmp_path_factory.getbasetemp() / "fixture-caches" / hashlib.sha256(str(place).encode()).hexdigest()[:16]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sitegen.cache, "default_cache_dir", outside)
        yield


@pytest.fixture(scope="session")
def build_site_once(tmp_path_factory: pytest.TempPathFactory) -> SiteBuilder:
    """Return build(seeds, content) -> output folder: `sitegen build` through the CLI, once per input pair."""
    built: dict[tuple[Path, Path], Path] = {}

    def build(seeds: Path, content: Path) -> Path:
        key = (seeds.resolve(), content.resolve())
        if key not in built:
            out = tmp_path_factory.mktemp("site") / "public"
            err = io.StringIO()
            with contextlib.redirect_stderr(err):
                code = main(["build", "--quiet", "--seeds", str(seeds), "--content", str(content),
                             "--templates", str(ROOT / "templates"), "--output", str(out)])
            if code != 0:
                pytest.fail(f"sitegen build of {seeds} failed with exit {code}:\n{err.getvalue()}")
            built[key] = out
        return built[key]

    return build


@pytest.fixture(scope="session")
def built_site(build_site_once: SiteBuilder) -> Path:
    """The repository's own site (seeds/ and content/), built once per session; read it, never change it."""
    return build_site_once(ROOT / "seeds", ROOT / "content")


def _corpus_module() -> Any:
    spec = importlib.util.spec_from_file_location("sitegen_bench_corpus", ROOT / "benchmarks" / "corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic site of WIRE_ARTICLES articles (seeds/ and content/) as the benchmarks make them, written once;
    copy it before changing it."""
    out = tmp_path_factory.mktemp("corpus")
    _corpus_module().write_corpus(out, WIRE_ARTICLES)
    return out

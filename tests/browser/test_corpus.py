"""benchmarks/corpus.py: the synthetic corpus is deterministic, complete and in the content/ schema."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from browserkit import load_corpus_module

corpus = load_corpus_module()


def test_same_seed_same_files_other_seed_other_files() -> None:
    assert corpus.generate(40) == corpus.generate(40)
    assert corpus.generate(40)[0] != corpus.generate(40, seed=7)[0]


@pytest.mark.parametrize("n", [1, 25])
def test_every_article_has_publication_facts(n: int) -> None:
    files, site, overrides = corpus.generate(n)
    assert len(files) == n
    facts = yaml.safe_load(overrides)["articles"]
    assert sorted(facts) == sorted(name.removesuffix(".txt") for name in files)
    assert all(set(f) <= {"published", "outlet", "url"} and "outlet" in f for f in facts.values())
    config = yaml.safe_load(site)
    assert sorted(config) == ["description", "language", "phases", "span", "title"]
    assert config["span"] == {"from": corpus.SPAN_START, "to": corpus.SPAN_END}


def test_pages_carry_dates_places_attributions_and_junk() -> None:
    files, _, overrides = corpus.generate(200)
    text = "\n".join(files.values())
    for needle in ("According to", "said", "could not be independently verified", "Kharkov", "Kharkiv",
                   "on Monday", "Back to top button", "READ MORE:"):
        assert needle in text, needle
    undated = [name for name in files if f"  {name[:-4]}:\n    published:" not in overrides]
    assert undated, "some pages must rely on their own date stamp or have none"


def test_write_corpus_writes_seeds_and_content(tmp_path: Path) -> None:
    paths = corpus.write_corpus(tmp_path, 3)
    assert len(list(paths.seeds.glob("*.txt"))) == 3
    assert (paths.content / "site.yaml").is_file()
    assert (paths.content / "overrides" / "articles.yaml").is_file()
    assert (paths.content / "pages" / "about.md").read_text("utf-8").startswith("# About")

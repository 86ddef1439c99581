"""The merge's settings (sitegen/data/merge.yaml and a site's own): strict, with exact messages, and extending the packaged lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.errors import ConfigError
from sitegen.merge.settings import default_settings, load_merge_settings, parse_merge_settings


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("stopword: [a]\n", "x.yaml:1: stopword: unknown key; did you mean stopwords?"),
        (
            "thresholds:\n  min_signal: 2\n",
            "x.yaml:2: thresholds.min_signal: unknown key; did you mean min_signals?",
        ),
        (
            "thresholds:\n  wording_weak: high\n",
            "x.yaml:2: thresholds.wording_weak: must be a number >= 0, not 'high'",
        ),
        (
            "thresholds:\n  near_copy_jaccard: -1\n",
            "x.yaml:2: thresholds.near_copy_jaccard: must be a number >= 0, not the number -1",
        ),
        ("thresholds: 3\n", "x.yaml:1: thresholds: must be a mapping of thresholds, not the number 3"),
        ("stopwords: the\n", "x.yaml:1: stopwords: must be a list of words, not text 'the'"),
        ("stopwords:\n  - a\n  - 3\n", "x.yaml:3: stopwords[1]: must be a word, not the number 3"),
        ("magnitudes:\n  lakh: many\n", "x.yaml:2: magnitudes.lakh: must be a whole number, not text 'many'"),
        ("currencies:\n  kr: 5\n", "x.yaml:2: currencies.kr: must be a word, not the number 5"),
        ("- a\n", "x.yaml:1: must be a mapping of keys (thresholds, stopwords, ...)"),
        ("stopwords: [a\n", "x.yaml:2:1: a [bracketed] list is not closed, or lacks a ',' between its items"),
        # The strict loader's checks, which the settings used to bypass:
        (
            "stopwords: [a]\nstopwords: [b]\n",
            "x.yaml:2: stopwords: duplicate key (first on line 1); YAML keeps only one of them, so merge the two",
        ),
        (
            "stopwords: !!python/name:os.system\n",
            (
                "x.yaml:1: stopwords: the tag !!python/name:os.system is not allowed; only text, numbers, "
                "true/false, dates, lists and mappings are"
            ),
        ),
    ],
)
def test_settings_errors(text: str, message: str) -> None:
    with pytest.raises(ConfigError) as err:
        parse_merge_settings(text, "x.yaml", default_settings())
    assert err.value.render() == message


def test_settings_missing_thresholds_without_base() -> None:
    with pytest.raises(ConfigError) as err:
        parse_merge_settings("thresholds:\n  min_signals: 2\n", "x.yaml")
    assert err.value.render().startswith(
        "x.yaml: thresholds: missing thresholds: wording_weak, wording_strong"
    )


def test_site_file_extends_the_packaged_lists(tmp_path: Path) -> None:
    extra = tmp_path / "merge.yaml"
    extra.write_text(
        "stopwords: [Kharkivite]\nsynonyms:\n  shelled: strike\nthresholds:\n  min_signals: 3\n",
        encoding="utf-8",
    )
    settings = load_merge_settings(extra)
    assert "kharkivite" in settings.stopwords and "the" in settings.stopwords
    assert settings.synonyms["shelled"] == "strike" and settings.synonyms["struck"] == "strike"
    assert settings.min_signals == 3
    assert load_merge_settings(tmp_path / "absent.yaml") is default_settings()

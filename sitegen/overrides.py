"""The editors' corrections (content/overrides/*.yaml): one import point for the pipeline.

The records and the strict loader live in `overrides_schema`, applying them to
entries in `overrides_apply`; this module names the public API build.py uses.
"""

from __future__ import annotations

from sitegen.overrides_apply import apply_entries, check_article_ids, coarsen_day, correct
from sitegen.overrides_schema import (
    AddedEntry,
    ArticleOverride,
    EntryOverride,
    Overrides,
    RuleSource,
    added_id,
    load_overrides,
    merge_files,
)

__all__ = [
    "AddedEntry",
    "ArticleOverride",
    "EntryOverride",
    "Overrides",
    "RuleSource",
    "added_id",
    "apply_entries",
    "check_article_ids",
    "coarsen_day",
    "correct",
    "load_overrides",
    "merge_files",
]

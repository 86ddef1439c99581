"""What a merge cost and did: counts and CPU seconds per stage, for the benchmark."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sitegen.merge.blocking import BlockingStats


@dataclass
class CollapseStats:
    """How much repeated text collapsed before pairwise scoring."""

    exact_units: int = 0  # distinct (facts, days) among the mergeable entries
    near_copies: int = 0  # distinct fact sets that joined a near-copy group
    slots: int = 0  # distinct (near-copy group, days)
    leaders: int = 0  # entries that went to blocking and pairwise scoring
    dead: int = 0  # entries that can match nothing (too few facts even against themselves)
    recalled: int = 0  # distinct fact sets whose near-copy group the last merge's plan gave


@dataclass
class MergeStats:
    """What a merge cost and did, for the benchmark."""

    entries: int = 0
    blocking: BlockingStats = field(default_factory=BlockingStats)
    collapse: CollapseStats = field(default_factory=CollapseStats)
    compared: int = 0  # pairs whose similarity was computed
    merged_groups: int = 0
    conflicts: int = 0
    seconds: dict[str, float] = field(default_factory=dict)  # CPU seconds per stage

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Add the CPU time of the block to stage `name`."""
        started = time.process_time()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.process_time() - started

"""Source badges: the outlet registry, cited parties and claim status, and the place gazetteer."""

from __future__ import annotations

from sitegen.badges._kinds import BadgeKind, badge_kinds

__all__ = ["BadgeKind", "badge_kinds"]

"""What render asks of an incremental build's plan, and what becomes of one page.

A page is either found unchanged (its live copy may be kept) or rendered; either way the plan
gives the record it logs for the page. Finding and rendering touch no output, so a forked child
may do them (sitegen.site.fork); keeping and logging happen in the process that writes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from sitegen.site.fragments import ItemFragments
    from sitegen.site.markup import MarkupMemory
    from sitegen.site.records import PageSpec


@dataclass(frozen=True)
class Outcome:
    """One page: its bytes, or None when its live copy may be kept; and the plan's record of it (None: no log)."""

    data: bytes | None
    record: object = None


class PagePlan(Protocol):
    """Decides which pages an incremental build keeps from the live site instead of rendering."""

    def check(self, spec: PageSpec, context: Mapping[str, Any] | None) -> object | None:
        """Return the page's record when its inputs are unchanged (its live copy may be kept), else None."""

    def keep(self, spec: PageSpec, record: Any) -> bool:
        """Place the live copy of a page `check` cleared, and log it; False when there is none to place."""

    def record(self, spec: PageSpec, context: Mapping[str, Any] | None, fields: frozenset[str]) -> object:
        """Return the record of a page rendered from `context` reading the site `fields` (None context: made in
        Python). A field named "@name" is the context value `name` of render.TRACKED_CONTEXT, which the page showed."""

    def note(self, path: str, record: Any) -> None:
        """Log the record of a page that was rendered."""

    def remember(self, spec: PageSpec, context: Callable[[PageSpec], Mapping[str, Any] | None], record: Any) -> None:
        """Note what a logged page's record was worked out from (`context` makes the page's context), for
        a later build of this process to check the page faster; a plan may do nothing."""

    def markup_memory(self) -> MarkupMemory | None:
        """Return the item markup kept from earlier builds (sitegen.site.markup), if the plan keeps one."""

    def item_fragments(self) -> ItemFragments | None:
        """Return the exports' per-item text, kept between builds (sitegen.site.fragments), if the plan keeps it."""

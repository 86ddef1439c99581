"""Which pages a rebuild must render: a page is kept when nothing it was made from changed.

A page's key is the digest of the render environment (templates, static files, sitegen's
code), its PageSpec, its own context (the record it shows, its root, its overview) and the
`site` fields and optional context values (the overview) its template read the last time it
was rendered (recorded by `markup.SiteRecorder`; a page made in Python depends on every field). Reading the same
fields of equal values takes the same branches, so an equal key means equal bytes. A page is
kept only when the live output still holds the very file the last build left (same inode,
size and mtime): a build run without the cache in between makes every page render again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from sitegen.cache import PageLog, PageRecord, identity
from sitegen.digest import Fingerprints, code_digest, files_digest, tree_files
from sitegen.models import Entry
from sitegen.site.fragments import FragmentMemory, FragmentPayload, ItemFragments
from sitegen.site.markup import MarkupMemory
from sitegen.site.model import ArticleView, Item, OutletPage, PlacePage, Site, Year
from sitegen.site.pagekeys import PageKeys
from sitegen.site.pageplan import PagePlan
from sitegen.site.render import TRACKED_CONTEXT
from sitegen.writer import Staging


def environment_digest(templates_dir: Path) -> str:
    """Return the digest of everything a page's bytes depend on besides its data: templates and code."""
    files = files_digest(tree_files(templates_dir), templates_dir)
    return hashlib.sha256(f"{code_digest()}\0{files}".encode()).hexdigest()


class IncrementalPages(PagePlan):
    """The render plan of a build with the cache: keeps unchanged pages, notes what each page read."""

    def __init__(self, site: Site, templates_dir: Path, staging: Staging, previous: PageLog | None,
                 markup: Callable[[], object] = lambda: None, seeds: Iterable[tuple[object, str]] = (),
                 fragments: tuple[Callable[[], object], Callable[[FragmentPayload], None] | None] | None = None,
                 earlier: Fingerprints | None = None, keys: PageKeys | None = None) -> None:
        self.site, self.staging = site, staging
        # `keys`: the page keys of the last build of a long-lived process (worked out again only for pages whose
        # inputs are not the very same); with it, this build's keys are kept in `self.keys` for the next
        self._before, self.keys = keys, PageKeys() if keys is not None else None
        self.previous = previous.records if previous is not None else {}
        self.log = PageLog(output=str(staging.live or ""))
        self.kept = 0
        self._environment = environment_digest(templates_dir)
        # an event and its sources are digested inside their item, once (memoising them too cost more than it saved)
        # `earlier`: the last build's fingerprints in a long-lived process (its records handed on are not digested again)
        self.prints = Fingerprints(shared=(Item, ArticleView, OutletPage, PlacePage, Year, Entry), earlier=earlier)
        self.prints.seed(seeds)  # records taken whole from the cache, named by their keys
        # what the memories below are given refers to neither this plan nor its renderer: no reference cycle keeps
        # the site alive once the build lets it go (a long-lived process need not collect it)
        prints = self.prints
        self._field = field = _SiteFields(site, prints).of
        # `markup` loads the item markup the last build kept (sitegen.site.markup), when a page asks for it
        self._markup = MarkupMemory(self._environment, prints.record,
                                   lambda names: prints.of([(n, field(n)) for n in names]), markup)
        # `fragments` loads and keeps the exports' per-item text (sitegen.site.fragments); no keep: handed on in memory
        self._fragments = ItemFragments(FragmentMemory(prints.record, self._environment, field("config"),
                                                       *fragments, lambda items, fork: prints.records(items, fork=fork))) \
            if fragments is not None else None

    def markup_memory(self) -> MarkupMemory:
        """Return the item markup kept from earlier builds, and where this build adds to it."""
        return self._markup

    def item_fragments(self) -> ItemFragments | None:
        """Return the exports' per-item text, taken from the last build's where the item is unchanged."""
        return self._fragments

    def check(self, spec: Any, context: Mapping[str, Any] | None) -> PageRecord | None:
        """Return the page's new record when the live copy may be kept (its inputs are unchanged), else None."""
        record = self.previous.get(spec.path)
        if record is None or self.staging.live is None:
            return None
        if identity(self.staging.live.joinpath(*spec.path.split("/"))) != record.identity:
            return None
        key = self._key(spec, context, record.fields, record.key)
        return PageRecord(record.fields, key, searchable=record.searchable) if key == record.key else None

    def remember(self, spec: Any, context: Callable[[Any], Mapping[str, Any] | None], record: PageRecord) -> None:
        """Note the key a page is logged with and its inputs (`context` makes its context), for the next build of
        this process, unless this process noted them when it worked the key out; nothing when the plan keeps no
        keys."""
        if self.keys is not None and not self.keys.has(spec.path, record.key):  # a page the forked child checked
            own, used = self._inputs(context(spec), record.fields)
            self.keys.note(spec.path, PageKeys.token(self._environment, spec, own, used), record.key)

    def keep(self, spec: Any, record: PageRecord) -> bool:
        """Place the live copy of a page `check` cleared, and log it; False when there is none to place."""
        if not self.staging.keep(spec.path):
            return False
        self.log.records[spec.path] = record
        self.kept += 1
        return True

    def record(self, spec: Any, context: Mapping[str, Any] | None, fields: frozenset[str]) -> PageRecord:
        """Return the record of a page rendered from `context` reading `fields` (nothing is logged)."""
        ordered = tuple(sorted(fields))
        return PageRecord(ordered, self._key(spec, context, ordered))

    def note(self, path: str, record: PageRecord) -> None:
        """Log the record of a page that was rendered."""
        self.log.records[path] = record

    def searchable(self, seen: Mapping[str, bool]) -> dict[str, bool]:
        """Log which rendered pages carry the search marker (`seen`: page -> flag) and return the flag of every
        logged page known to this build: those rendered, and those kept (the flag their last build logged)."""
        known: dict[str, bool] = {}
        for path, record in self.log.records.items():
            if path in seen:
                record.searchable = seen[path]
            if record.searchable is not None:
                known[path] = record.searchable
        return known

    def _key(self, spec: Any, context: Mapping[str, Any] | None, fields: tuple[str, ...], last: str = "") -> str:
        """Return a page's key: `last` (its last key) when the last build of this process worked it out from the
        very same inputs, else their digest; noted for the next build when the plan keeps keys."""
        own, used = self._inputs(context, fields)
        if self.keys is None or self._before is None:
            return self.prints.of(self._environment, spec, own, used)
        token = PageKeys.token(self._environment, spec, own, used)
        key = last if last and self._before.key(spec.path, token, last) else self.prints.of(self._environment, spec,
                                                                                             own, used)
        self.keys.note(spec.path, token, key)
        return key

    def _inputs(self, context: Mapping[str, Any] | None, fields: tuple[str, ...]) -> tuple[
            list[tuple[str, Any]] | None, list[tuple[str, Any]]]:
        """Return what a page's key digests besides the environment and its spec: its own context values (those
        it was given but the site and the tracked ones; None for a page made in Python), and each field it read
        with its digest (a site field) or its value (an "@name" context value)."""
        if context is None:
            return None, [(f, self._field(f)) for f in fields]
        own = sorted(((k, v) for k, v in context.items() if k != "site" and k not in TRACKED_CONTEXT),
                     key=lambda kv: kv[0])
        return own, [(f, context[f[1:]] if f.startswith("@") else self._field(f)) for f in fields]


class _SiteFields:
    """The digest of each `site` field a page reads, worked out once per build."""

    def __init__(self, site: Site, prints: Fingerprints) -> None:
        self._site, self._prints = site, prints
        self._found: dict[str, str] = {}

    def of(self, name: str) -> str:
        """Return the digest of the site's field `name` (of None when the site has no such field)."""
        found = self._found.get(name)
        if found is None:
            try:
                value = getattr(self._site, name)
            except AttributeError:
                value = None
            found = self._found[name] = self._prints.of(name, *self._prints.compact((value,), None))
        return found

"""Union-find over entry positions that refuses a union breaking a merge rule, in time bounded by
the groups' distinct dates (not by their sizes)."""

from __future__ import annotations

from collections.abc import Sequence

from sitegen.merge.event import DaySpan, nested

NO_FLAG = (-1, -1)  # a refused union that is not worth a date-conflict flag

SpanKey = tuple[int, int, bool]


class Groups:
    """Each group keeps its members, its articles, whether it holds a split entry, its editor mark,
    and its distinct day spans with the first member (in member order) that has each."""

    def __init__(self, articles: Sequence[str | None], dated: Sequence[DaySpan], split: Sequence[bool]) -> None:
        n = len(dated)
        self.parent = list(range(n))
        self.members: dict[int, list[int]] = {i: [i] for i in range(n)}
        self.editor: set[int] = set()
        self._dated = dated
        self._article = articles
        # Made when an entry first joins a group (most entries stay alone): articles, distinct spans.
        self._articles: dict[int, set[str]] = {}
        self._spans: dict[int, dict[SpanKey, int]] = {}
        self._split: set[int] = {i for i in range(n) if split[i]}

    def find(self, i: int) -> int:
        """Return the root of i's group."""
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int, *, editor: bool) -> None:
        """Join a's and b's groups (no check: see clash); an editor's union marks the group."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            if editor:
                self.editor.add(ra)
            return
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra].extend(self.members.pop(rb))
        self._articles_of(ra).update(self._articles_of(rb))
        spans = self._spans_of(ra)
        for key, first in self._spans_of(rb).items():
            spans.setdefault(key, first)
        del self._articles[rb], self._spans[rb]
        if rb in self._split:
            self._split.discard(rb)
            self._split.add(ra)
        if editor or rb in self.editor:
            self.editor.add(ra)
        self.editor.discard(rb)

    def clash(self, i: int, j: int) -> tuple[int, int] | None:
        """Return None when i's and j's groups may merge; else the pair of entries whose dates are
        disjoint (a disagreement worth a flag), or NO_FLAG (same group, a split entry, one article
        on both sides, or dates that overlap without nesting)."""
        ri, rj = self.find(i), self.find(j)
        if ri == rj or ri in self._split or rj in self._split:
            return NO_FLAG
        ai, aj = self._articles_of(ri), self._articles_of(rj)
        if not (ai.isdisjoint(aj) if len(ai) <= len(aj) else aj.isdisjoint(ai)):
            return NO_FLAG
        found: tuple[int, int] | None = None
        dated = self._dated
        for x in self._spans_of(ri).values():
            for y in self._spans_of(rj).values():
                if not nested(dated[x], dated[y]):
                    if dated[x].last < dated[y].first or dated[y].last < dated[x].first:
                        return (x, y)
                    found = NO_FLAG
        return found

    def _articles_of(self, root: int) -> set[str]:
        found = self._articles.get(root)
        if found is None:
            article = self._article[root]
            found = self._articles[root] = {article} if article is not None else set()
        return found

    def _spans_of(self, root: int) -> dict[SpanKey, int]:
        found = self._spans.get(root)
        if found is None:
            d = self._dated[root]
            found = self._spans[root] = {(d.first, d.last, d.ranged): root}
        return found

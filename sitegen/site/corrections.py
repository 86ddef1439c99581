"""The public record of corrections: one notice per corrected entry, article, removal and addition (pure)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from sitegen.models import Article, Correction, Entry
from sitegen.temporal import timex

# How the corrections page and the entry's badge name each corrected fact.
FIELD_LABELS: Mapping[str, str] = {
    "date": "date",
    "headline": "headline",
    "summary": "summary",
    "hide": "shown",
    "places": "places",
    "claim": "claim",
    "title": "title",
    "published": "published",
    "outlet": "outlet",
    "via": "via",
    "url": "address",
    "add": "added",
}
# The page's sections, in order: kind -> heading.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("entry", "Corrected entries"),
    ("article", "Corrected articles"),
    ("removed", "Removed from the chronology"),
    ("added", "Added by the editors"),
)


@dataclass(frozen=True)
class Notice:
    """One public correction: what was corrected, old -> new, why, on which day, and where to see it."""

    kind: str  # entry | article | removed | added
    id: str  # the entry's or article's id
    subject: str  # the entry's sentence or the article's title
    href: str  # site path (with an anchor) of what was corrected
    changes: tuple[Correction, ...]
    note: str
    on: date | None
    date_label: str = ""  # the entry's date as shown ('6 April 2022'); '' for an article
    date_value: str = ""  # its `<time datetime>` value
    article_id: str | None = None  # the article an entry came from
    article_title: str = ""

    @property
    def on_label(self) -> str:
        """Return the day of the correction in words, or '' when the override does not say."""
        return timex.label(self.on.isoformat()) if self.on else ""

    @property
    def shown_changes(self) -> tuple[str, ...]:
        """Return each change in words ('date: 15 May 2024 → May 2024'), removal and addition left implicit."""
        return tuple(change_text(c) for c in self.changes if c.field not in ("hide", "add"))


def change_text(change: Correction) -> str:
    """Return one change in words: 'date: 15 May 2024 → May 2024', 'summary added'."""
    label = FIELD_LABELS.get(change.field, change.field)
    if change.field == "summary":
        return "summary added" if change.old == "none" else "summary replaced"
    if change.field == "add":
        return "added"
    return f"{label}: {change.old} → {change.new}"


def build_notices(entries: Iterable[tuple[Entry, str, str, str]], articles: Iterable[Article],
                  titles: Mapping[str, str]) -> tuple[Notice, ...]:
    """Return every notice, newest correction first (undated ones last), then by what was corrected.

    `entries` holds (entry, href, date label, time value) for every entry an editor corrected,
    hid or added; `titles` maps article ids to titles.
    """
    notices: list[Notice] = []
    for entry, href, label, value in entries:
        kind = "added" if entry.kind == "added" else "removed" if entry.hidden else "entry"
        first = entry.corrections[0] if entry.corrections else None
        notices.append(Notice(
            kind=kind, id=entry.id, subject=entry.text, href=href, changes=entry.corrections,
            note=first.note if first is not None else (entry.note or ""),
            on=first.on if first is not None else None,
            date_label=label, date_value=value, article_id=entry.article,
            article_title=titles.get(entry.article or "", "") if entry.article else "",
        ))
    for article in articles:
        if article.corrections:
            first = article.corrections[0]
            notices.append(Notice(kind="article", id=article.id, subject=article.title,
                                  href=f"articles/{article.id}/index.html", changes=article.corrections,
                                  note=first.note, on=first.on))
    return tuple(sorted(notices, key=_newest_first))


def _newest_first(notice: Notice) -> tuple[int, int, str, str]:
    day = -notice.on.toordinal() if notice.on else 1
    return (day, [k for k, _ in SECTIONS].index(notice.kind), notice.date_value, notice.id)

"""What a correction changed, in words a reader understands: old -> new, the editor's note and day.

An entry override always changes what the entry shows, so it always needs a note (the
schema refuses one without). An article override that changes what the article's text
states (its headline, the date stamped on it) needs a note and is a public correction.
The outlet and the original reporter are not stated but guessed from signatures and
the address; an editor's value replaces the guess without a note (on the seeds' kind of
pages the guess is wrong for about one article in four), and is listed as a correction
of the guess when the editor gives a note. Supplying what the text leaves out (a date
for an undated page) is never a correction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sitegen.errors import ConfigError
from sitegen.models import Claim, Correction, Entry, PlaceTag
from sitegen.temporal import timex

if TYPE_CHECKING:
    from sitegen.overrides.records import ArticleOverride, EntryOverride

NONE = "none"
# Publication facts an article override can change, in the order the corrections page lists them.
ARTICLE_FACTS = ("title", "published", "outlet", "via", "url")
STATED = ("title", "published")  # what the text itself states: changing it always needs a note


@dataclass(frozen=True)
class TextFacts:
    """What an article's own text says of its publication (None: it says nothing)."""

    title: str | None
    published: date | None
    outlet: str | None
    via: str | None
    url: str | None = None  # no text states its own address today; an extractor may


def article_corrections(rule: ArticleOverride | None, said: TextFacts, shown: TextFacts) -> tuple[Correction, ...]:
    """Return the publication facts the override changes from what the text says; refuse them without a note.

    `said` is what the text alone gives, `shown` what the site shows with the override (outlets by
    their registry names).
    """
    if rule is None:
        return ()
    given = {"title": rule.title, "published": rule.published, "outlet": rule.outlet, "via": rule.via,
             "url": rule.url}
    changed: list[tuple[str, str, str]] = []
    for key in ARTICLE_FACTS:
        old, new = getattr(said, key), getattr(shown, key) if given[key] is not None else None
        if old is None or new is None or old == new:
            continue  # the text is silent (the override supplies a fact) or agrees
        if key not in STATED and not rule.note:
            continue  # an editor's outlet replaces a guess; with a note it is a public correction of it
        changed.append((key, _fact_label(old), _fact_label(new)))
    if not changed:
        return ()
    if not rule.note:
        key, old, new = changed[0]
        path, line, dotted = rule.where(key)
        raise ConfigError(f"changes what the article's text says ({old} -> {new}); say why in "
                          f"articles.{rule.id}.note (it is shown publicly on the corrections page)",
                          path=path, line=line, key=dotted)
    return tuple(Correction(key, old, new, rule.note, rule.on, rule.source) for key, old, new in changed)


def _fact_label(value: str | date) -> str:
    return timex.label(value.isoformat()) if isinstance(value, date) else value


def entry_corrections(before: Entry, after: Entry, rule: EntryOverride) -> tuple[Correction, ...]:
    """Return what one entry override changed, a Correction per fact (the date with its precision and end)."""
    note = rule.note or ""
    pairs: list[tuple[str, str, str]] = []
    old_date = timex.range_label(before.value, before.end_value)
    new_date = timex.range_label(after.value, after.end_value)
    if (before.value, before.end_value, before.precision) != (after.value, after.end_value, after.precision):
        pairs.append(("date", old_date, new_date))
    if after.headline != before.headline:
        pairs.append(("headline", before.headline or NONE, after.headline or NONE))
    if after.summary_html != before.summary_html:
        pairs.append(("summary", NONE if before.summary_html is None else "an earlier summary",
                      rule.summary_text or NONE))
    if after.hidden != before.hidden:
        pairs.append(("hide", "hidden" if before.hidden else "shown", "hidden" if after.hidden else "shown"))
    if after.places != before.places:
        pairs.append(("places", places_label(before.places), places_label(after.places)))
    if after.claim != before.claim:
        pairs.append(("claim", claim_label(before.claim), claim_label(after.claim)))
    return tuple(Correction(key, old, new, note, rule.on, rule.source) for key, old, new in pairs)


def places_label(places: Iterable[PlaceTag]) -> str:
    """Return the places' names joined by commas, or 'none'."""
    names = [p.name for p in places]
    return ", ".join(names) if names else NONE


def claim_label(claim: Claim) -> str:
    """Return a claim in words: 'stated', 'attributed to Pentagon', 'unverified (Pentagon)'."""
    if claim.status == "attributed":
        return f"attributed to {claim.by}" if claim.by else "attributed"
    if claim.status == "unverified" and claim.by:
        return f"unverified ({claim.by})"
    return claim.status


def added_correction(text: str, note: str | None, on: date | None, source: str) -> Correction:
    """Return the record of an entry an editor added."""
    return Correction("add", NONE, text, note or "", on, source)

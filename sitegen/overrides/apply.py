"""Applying the editors' corrections to extracted entries (pure), and checking the ids they name."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date

from sitegen.badges.places import Gazetteer
from sitegen.errors import ConfigError
from sitegen.models import PRECISIONS, Article, Claim, Entry, PlaceTag
from sitegen.overrides.corrections import added_correction, entry_corrections
from sitegen.overrides.records import AddedEntry, EntryOverride, Overrides
from sitegen.overrides.schema import precision_agrees
from sitegen.temporal import timex

# Which Entry attribute each override key changes; `corrected` lists the keys in this order.
CORRECTABLE = (
    ("date", "value"),
    ("precision", "precision"),
    ("end", "end_value"),
    ("headline", "headline"),
    ("summary", "summary_html"),
    ("hide", "hidden"),
    ("places", "places"),
    ("claim", "claim"),
)


def nearest(word: str, choices: Iterable[str], n: int = 3) -> list[str]:
    """Return up to n existing ids closest to `word` (difflib), best first."""
    return difflib.get_close_matches(word, sorted(set(choices)), n=n, cutoff=0.5)


def _nearest_words(word: str, choices: Iterable[str], what: str, fallback: str) -> str:
    close = nearest(word, choices)
    return f"no {what} has this id; nearest: {', '.join(close)}" if close else f"no {what} has this id; {fallback}"


def nearest_articles(word: str, article_ids: Iterable[str], n: int = 3) -> list[str]:
    """Return up to n article ids to suggest for `word`: ids it starts (or is a part of), else the closest ones.

    Unlike entry ids, a site's article ids are few and named by people, so there is always a
    nearest one worth naming ('012' -> '012_a41c', 'port-visit' -> 'port_visit_2024').
    """
    ids = sorted(set(article_ids))
    folded = word.casefold()
    found = [i for i in ids if i.casefold().startswith(folded) or folded in i.casefold()]
    found += [i for i in difflib.get_close_matches(word, ids, n=n, cutoff=0.5) if i not in found]
    if not found:
        ratio = {i: difflib.SequenceMatcher(None, folded, i.casefold()).ratio() for i in ids}
        found = sorted(ids, key=lambda i: (-ratio[i], i))
    return found[:n]


def _no_such_article(word: str, known: Iterable[str]) -> str:
    close = nearest_articles(word, known)
    if not close:
        return "no article has this id, and the site has no articles (ids are the seed files' names without .txt)"
    return (f"no article has this id; did you mean {close[0]}?"
            + (f" (also near: {', '.join(close[1:])})" if close[1:] else "")
            + " Article ids are the seed files' names without .txt")


def _skipped_copy(kept: str) -> str:
    return (f"this article was skipped as a copy of article {kept} (the same text); "
            f"put the correction on {kept}, or make the two files differ")


def check_article_ids(overrides: Overrides, article_ids: Sequence[str],
                      copies: Mapping[str, str] | None = None) -> None:
    """Raise ConfigError for an override or added entry naming an article that does not exist.

    `copies` maps the id of a seed skipped as a byte-for-byte copy to the article kept in its place.
    """
    known = set(article_ids)
    skipped = copies or {}

    def why(word: str) -> str:
        return _skipped_copy(skipped[word]) if word in skipped else _no_such_article(word, known)

    for art_id, rule in overrides.articles.items():
        if art_id not in known:
            raise ConfigError(why(art_id), path=rule.path, line=rule.line, key=f"articles.{art_id}")
    for i, added in enumerate(overrides.added):
        if added.article is not None and added.article not in known:
            path, line, key = _added_where(added, i, "cite")
            raise ConfigError(why(added.article), path=path, line=line, key=key)


def _added_where(added: AddedEntry, index: int, key: str) -> tuple[str, int, str]:
    return added.path, added.lines.get(key, added.line), f"add[{index}].{key}"


def apply_entries(
    entries: tuple[Entry, ...],
    articles: tuple[Article, ...],
    overrides: Overrides,
    places: Gazetteer,
) -> tuple[Entry, ...]:
    """Return the entries with `entries.<id>` corrections applied, then the editors' added entries."""
    by_id = {e.id: e for e in entries}
    fallback = ("none is close; its sentence may have changed or its article may be excluded "
                "(`sitegen override ARTICLE_ID` lists an article's entries)")
    for entry_id, rule in overrides.entries.items():
        if entry_id not in by_id:
            raise ConfigError(_nearest_words(entry_id, by_id, "entry", fallback), path=rule.path,
                              line=rule.line, key=f"entries.{entry_id}")
    out = [correct(e, overrides.entries[e.id], places) if e.id in overrides.entries else e for e in entries]
    taken = set(by_id)
    for i, added in enumerate(overrides.added):
        if added.id in taken:
            raise ConfigError(f"an entry with the id {added.id} already exists", path=added.path,
                              line=added.line, key=f"add[{i}]")
        taken.add(added.id)
        out.append(_added_entry(added, i, places))
    return tuple(out)


def correct(entry: Entry, rule: EntryOverride, places: Gazetteer) -> Entry:
    """Apply one entry override; record the changed keys in `corrected`, the note, and old -> new."""
    value, precision = entry.value, entry.precision
    if rule.date is not None:
        value = rule.date
        precision = timex.precision_of(value)
    if rule.precision is not None:
        if rule.date is None:
            value = coarsen(value, rule.precision, rule)
        precision = timex.precision_of(value)
    end_value = entry.end_value
    if rule.end_set:
        end_value = rule.end
        if end_value is not None and timex.span(end_value).last < timex.span(value).first:
            path, line, key = rule.where("end")
            raise ConfigError(f"the range ends ({end_value}) before the entry's date ({value})",
                              path=path, line=line, key=key)
    changed = replace(
        entry,
        value=value,
        precision=precision,
        end_value=end_value,
        headline=rule.headline if rule.headline is not None else entry.headline,
        summary_html=rule.summary_html if rule.summary_html is not None else entry.summary_html,
        hidden=rule.hide if rule.hide is not None else entry.hidden,
        places=_place_tags(rule.places, places, rule.where("places")) if rule.places is not None
        else entry.places,
        claim=rule.claim if rule.claim is not None else entry.claim,
        estimated=False if rule.date is not None else entry.estimated,
    )
    corrected = tuple(key for key, attr in CORRECTABLE if getattr(changed, attr) != getattr(entry, attr))
    return replace(
        changed,
        corrected=tuple(dict.fromkeys(entry.corrected + corrected)),
        note=rule.note if rule.note is not None else entry.note,
        corrections=entry.corrections + entry_corrections(entry, changed, rule),
    )


def coarsen(value: str, precision: str, rule: EntryOverride) -> str:
    """Return `value` made coarser ('2024-05-15' at month -> '2024-05'); refuse making it finer."""
    current = timex.precision_of(value)
    if precision_agrees(value, precision):
        return value
    order = PRECISIONS
    if order.index(precision) < order.index(current) or (current == "quarter" and precision == "season"):
        path, line, key = rule.where("precision")
        raise ConfigError(f"{precision} is finer than the entry's date {value} (a {current}); give a `date:` "
                          "instead", path=path, line=line, key=key)
    return coarsen_day(timex.span(value).first, precision)


def coarsen_day(day: date, precision: str) -> str:
    """Return the TIMEX value of the given precision that contains `day`."""
    if precision == "day":
        return day.isoformat()
    if precision == "week":
        year, week, _ = day.isocalendar()
        return f"{year:04d}-W{week:02d}"
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if precision == "quarter":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    if precision == "season":  # meteorological: winter is December to February
        if day.month == 12:
            return f"{day.year:04d}-WI"
        if day.month <= 2:
            return f"{day.year - 1:04d}-WI"
        return f"{day.year:04d}-{('SP', 'SU', 'FA')[(day.month - 3) // 3]}"
    return f"{day.year:04d}"


def _place_tags(slugs: tuple[str, ...] | None, places: Gazetteer,
                where: tuple[str, int, str]) -> tuple[PlaceTag, ...]:
    tags: list[PlaceTag] = []
    for slug in slugs or ():
        try:
            place = places.place(slug)
        except KeyError:
            path, line, key = where
            hint = nearest(slug, (p.slug for p in places.all()), n=1)
            advice = f"did you mean {hint[0]}?" if hint else "add it to content/places.yaml"
            raise ConfigError(f"unknown place {slug!r}; {advice}", path=path, line=line, key=key) from None
        tags.append(PlaceTag(slug=slug, name=place.name, matched=""))
    return tuple(tags)


def _added_entry(added: AddedEntry, index: int, places: Gazetteer) -> Entry:
    path, line, key = _added_where(added, index, "places")
    return Entry(
        id=added.id,
        article=added.article,
        value=added.value,
        precision=added.precision,
        text=added.text,
        kind="added",
        end_value=added.end_value,
        claim=added.claim if added.claim is not None else Claim("stated"),
        places=_place_tags(added.places, places, (path, line, key)),
        headline=added.headline,
        summary_html=added.summary_html,
        note=added.note,
        citation_url=added.url,
        corrections=(added_correction(added.text, added.note, added.on, added.source),),
    )

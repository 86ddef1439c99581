"""The editors' corrections: the strict loader of content/overrides/*.yaml (the records: overrides.records).

Schema reference for editors: docs/overrides.md; JSON Schema for editor completion:
sitegen/data/overrides.schema.json. Loading checks everything a file can say on its
own (keys, types, dates, URLs, date/precision agreement); whether the ids it names
exist is checked against the build's articles and entries (`overrides_apply`).
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import get_args

from sitegen.models import PRECISIONS as MODEL_PRECISIONS
from sitegen.models import Claim, ClaimStatus, MergeRules
from sitegen.overrides.records import AddedEntry, ArticleOverride, EntryOverride, Overrides
from sitegen.overrides.rules import RuleSource, merge_groups, refuse_conflicting_rules, split_ids
from sitegen.temporal import timex
from sitegen.text.markup import markdown_to_html
from sitegen.yamlload import load_yaml, site_place
from sitegen.ynode import YNode, check_url, date_range_problem

TOP_KEYS = ("articles", "entries", "add", "merge", "split")
ARTICLE_KEYS = ("published", "outlet", "via", "title", "url", "exclude", "note", "on")
PUBLISHED_KEYS = ("date", "estimated", "reason")
ENTRY_KEYS = ("date", "precision", "end", "headline", "summary", "hide", "places", "claim", "note", "on")
ADD_KEYS = ("date", "end", "text", "cite", "headline", "summary", "places", "claim", "note", "on")
ADD_REQUIRED = ("date", "text", "cite")
CLAIM_KEYS = ("status", "by")
CLAIM_STATUSES: tuple[ClaimStatus, ...] = get_args(ClaimStatus)
# The contract's precision names plus timex's own ('quarter').
PRECISIONS = MODEL_PRECISIONS
MAX_HEADLINE = 200

_ENTRY_ID = re.compile(r"^[ea][0-9a-f]{10}$")
_ARTICLE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


# ---------------------------------------------------------------------- loading


def load_overrides(content_dir: Path) -> Overrides:
    """Load content/overrides/*.yaml in name order; a missing folder means no overrides."""
    folder = content_dir / "overrides"
    if not folder.is_dir():
        return Overrides()
    paths = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    return merge_files([load_yaml(p) for p in paths])


def merge_files(roots: list[YNode]) -> Overrides:
    """Combine loaded override files; a key set in two places is an error naming both."""
    articles: dict[str, ArticleOverride] = {}
    entries: dict[str, EntryOverride] = {}
    added: dict[str, AddedEntry] = {}
    merge: list[RuleSource] = []
    split: list[RuleSource] = []
    for root in roots:
        if root.value is None:
            continue
        sections = root.mapping(TOP_KEYS)
        for art_id, node in sections["articles"].items() if "articles" in sections else ():
            rule = _article(art_id, node, sections["articles"])
            _refuse_twice(articles.get(art_id), rule.source, node, sections["articles"], art_id)
            articles[art_id] = rule
        for entry_id, node in sections["entries"].items() if "entries" in sections else ():
            entry_rule = _entry(entry_id, node, sections["entries"])
            _refuse_twice(entries.get(entry_id), entry_rule.source, node, sections["entries"], entry_id)
            entries[entry_id] = entry_rule
        for item in sections["add"].sequence() if "add" in sections else ():
            new = _added(item)
            if new.id in added:
                raise item.error(f"the same entry (text and citation) is already added at {added[new.id].source}")
            added[new.id] = new
        if "merge" in sections:
            merge.extend(merge_groups(sections["merge"]))
        if "split" in sections:
            split.extend(split_ids(sections["split"]))
    refuse_conflicting_rules(merge, split)
    return Overrides(
        articles=MappingProxyType(articles),
        entries=MappingProxyType(entries),
        added=tuple(added.values()),
        merge_rules=MergeRules(force=tuple(r.ids for r in merge), split=tuple(r.ids[0] for r in split)),
        merge_sources=tuple(merge),
        split_sources=tuple(split),
        files=tuple(dict.fromkeys(root.path for root in roots)),
    )


def _refuse_twice(earlier: ArticleOverride | EntryOverride | None, source: str, node: YNode,
                  section: YNode, name: str) -> None:
    if earlier is not None:
        raise node.error(f"set twice: here and at {earlier.source}; keep one of them",
                         line=section.key_lines.get(name, node.line))


def _article(art_id: str, node: YNode, section: YNode) -> ArticleOverride:
    line = section.key_lines.get(art_id, node.line)
    if not _ARTICLE_ID.match(art_id):
        raise node.error("not an article id (the seed file's name without .txt)", line=line)
    fields = node.mapping(ARTICLE_KEYS)
    published, estimated, reason = None, False, None
    if "published" in fields:
        published, estimated, reason = _published(fields["published"])
    text = {k: _text(fields[k]) for k in ("outlet", "via", "title") if k in fields}
    return ArticleOverride(
        id=art_id,
        published=published,
        published_estimated=estimated,
        published_reason=reason,
        outlet=text.get("outlet"),
        via=text.get("via"),
        title=text.get("title"),
        url=fields["url"].as_url() if "url" in fields else None,
        exclude=fields["exclude"].as_bool() if "exclude" in fields else False,
        source=f"{site_place(node.path, 3)}:{line}",
        path=node.path,
        line=line,
        note=_text(fields["note"]) if "note" in fields else None,
        on=fields["on"].as_date() if "on" in fields else None,
        lines=dict(node.key_lines),
    )


def _published(node: YNode) -> tuple[date, bool, str | None]:
    if not node.is_mapping:
        return node.as_date(), False, None
    fields = node.mapping(PUBLISHED_KEYS, ("date",))
    estimated = fields["estimated"].as_bool() if "estimated" in fields else False
    reason = _text(fields["reason"]) if "reason" in fields else None
    if estimated and not reason:
        raise node.error("an estimated date needs a reason: say what the estimate rests on")
    return fields["date"].as_date(), estimated, reason


def _text(node: YNode) -> str:
    return " ".join(node.as_str().split())


def _entry(entry_id: str, node: YNode, section: YNode) -> EntryOverride:
    line = section.key_lines.get(entry_id, node.line)
    if not _ENTRY_ID.match(entry_id):
        raise node.error("not an entry id (an 'e' and 10 hex digits; `sitegen override ARTICLE_ID` "
                         "lists an article's entries)", line=line)
    fields = node.mapping(ENTRY_KEYS)
    if "note" not in fields:
        raise node.error("a correction needs a note: say why in note: (it is shown publicly with the "
                         "correction)", line=line)
    value = timex_value(fields["date"]) if "date" in fields else None
    precision = _precision(fields["precision"]) if "precision" in fields else None
    if value is not None and precision is not None and not precision_agrees(value, precision):
        raise fields["precision"].error(
            f"{precision} does not agree with the date {value} (a {timex.precision_of(value)}); "
            "leave precision out or change the date")
    end: str | None = None
    if "end" in fields and fields["end"].value is not None:
        end = timex_value(fields["end"])
        if value is not None:
            check_range(fields["end"], value, end)
    summary = fields["summary"].as_str() if "summary" in fields else None
    return EntryOverride(
        id=entry_id,
        date=value,
        precision=precision,
        end=end,
        end_set="end" in fields,
        headline=_headline(fields["headline"]) if "headline" in fields else None,
        summary=summary,
        summary_html=markdown_to_html(summary) if summary is not None else None,
        hide=fields["hide"].as_bool() if "hide" in fields else None,
        places=_places(fields["places"]) if "places" in fields else None,
        claim=_claim(fields["claim"]) if "claim" in fields else None,
        note=_text(fields["note"]),
        source=f"{site_place(node.path, 3)}:{line}",
        path=node.path,
        line=line,
        lines=dict(node.key_lines),
        summary_text=" ".join(summary.split()) if summary is not None else None,
        on=fields["on"].as_date() if "on" in fields else None,
    )


def timex_value(node: YNode) -> str:
    """Return a TIMEX date value (2024-05-15, 2024-05, 2024-W19, 2022-FA, 2024-Q1, 2024) or raise."""
    if node.is_mapping or isinstance(node.value, list) or node.raw is None or not node.raw.strip():
        raise node.error(f"expected a date such as 2024-05-15, 2024-05, 2024-W19, 2022-FA or 2024, "
                         f"got {node.describe()}")
    value = node.raw.strip()
    try:
        bounds = timex.span(value)
    except (ValueError, OverflowError) as err:
        detail = "" if str(err).startswith("not a TIMEX") else f" ({err})"
        message = (f"impossible date {value}{detail}" if detail else
                   f"expected a date such as 2024-05-15, 2024-05, 2024-W19, 2022-FA or 2024, got {value!r}")
        raise node.error(message) from None
    problem = date_range_problem(bounds.first, bounds.last)
    if problem is not None:
        raise node.error(f"the date {value} is {problem}")
    return value


def precision_agrees(value: str, precision: str) -> bool:
    """Return True when `precision` names the precision of `value` ('season' also covers quarters)."""
    actual = timex.precision_of(value)
    return precision == actual or (precision == "season" and actual == "quarter")


def check_range(node: YNode, start: str, end: str) -> None:
    """Refuse a range whose end comes before its start."""
    if timex.span(end).last < timex.span(start).first:
        raise node.error(f"the range ends ({end}) before it starts ({start})")


def _precision(node: YNode) -> str:
    name = node.as_name()
    if name not in PRECISIONS:
        raise node.error(f"expected one of {', '.join(PRECISIONS)}, got {name!r}")
    return name


def _headline(node: YNode) -> str:
    text = _text(node)
    if len(text) > MAX_HEADLINE:
        raise node.error(f"a headline is one line of at most {MAX_HEADLINE} characters; "
                         f"this one has {len(text)} (use summary for more)")
    return text


def _places(node: YNode) -> tuple[str, ...]:
    slugs: list[str] = []
    for item in node.sequence():
        slug = item.as_name()
        if not _SLUG.match(slug):
            raise item.error(f"expected a place slug such as kharkiv or kursk-oblast, got {slug!r}")
        if slug in slugs:
            raise item.error(f"{slug} is listed twice")
        slugs.append(slug)
    return tuple(slugs)


def _claim(node: YNode) -> Claim:
    if not node.is_mapping:
        written = node.as_name()
        by = None
    else:
        fields = node.mapping(CLAIM_KEYS, ("status",))
        written = fields["status"].as_name()
        by = _text(fields["by"]) if "by" in fields else None
        node = fields["status"]
    status = next((s for s in CLAIM_STATUSES if s == written), None)
    if status is None:
        raise node.error(f"expected one of {', '.join(CLAIM_STATUSES)}, got {written!r}")
    if status == "attributed" and not by:
        raise node.error("an attributed claim needs `by:` (whose claim it is): claim: {status: attributed, "
                         "by: ...}")
    return Claim(status=status, by=by, phrase="")


def _added(node: YNode) -> AddedEntry:
    fields = node.mapping(ADD_KEYS, ADD_REQUIRED)
    value = timex_value(fields["date"])
    end = None
    if "end" in fields and fields["end"].value is not None:
        end = timex_value(fields["end"])
        check_range(fields["end"], value, end)
    text = _text(fields["text"])
    cite_node = fields["cite"]
    cite = cite_node.as_name()
    article: str | None = None
    url: str | None = None
    if "://" in cite or ":" in cite:
        url = check_url(cite_node, cite, ("https",))
    elif _ARTICLE_ID.match(cite):
        article = cite
    else:
        raise cite_node.error(f"expected an article id or an https:// URL, got {cite!r}")
    summary = fields["summary"].as_str() if "summary" in fields else None
    return AddedEntry(
        id=added_id(text, cite),
        value=value,
        precision=timex.precision_of(value),
        text=text,
        article=article,
        url=url,
        end_value=end,
        headline=_headline(fields["headline"]) if "headline" in fields else None,
        summary_html=markdown_to_html(summary) if summary is not None else None,
        places=_places(fields["places"]) if "places" in fields else (),
        claim=_claim(fields["claim"]) if "claim" in fields else None,
        note=_text(fields["note"]) if "note" in fields else None,
        source=f"{site_place(node.path, 3)}:{node.line}",
        path=node.path,
        line=node.line,
        lines=dict(node.key_lines),
        on=fields["on"].as_date() if "on" in fields else None,
    )


def added_id(text: str, cite: str) -> str:
    """Return an added entry's id: 'a' + 10 hex digits of its normalised text and citation."""
    key = "\x1f".join(("added", " ".join(text.lower().split()), cite.strip()))
    return "a" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:10]

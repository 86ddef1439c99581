"""Machine-readable exports: timeline.json (the contract), CSV, TimelineJS JSON, iCalendar, sitemap."""

from __future__ import annotations

import csv
import io
import json
import json.encoder
import math
from collections.abc import Callable
from datetime import timedelta
from html import escape
from typing import Any
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

from sitegen.models import Article
from sitegen.site.records import Item, Site, Source
from sitegen.temporal import timex

ICS_LINE_OCTETS = 75


def _dump(data: Any) -> bytes:
    return (indented_json(data) + "\n").encode("utf-8")


class _Unusual(Exception):
    """A value indented_json leaves to the json module (a float that is not finite, an unknown type)."""


def indented_json(data: Any) -> str:
    """Return exactly json.dumps(data, ensure_ascii=False, indent=1), several times faster.

    The json module encodes in C only without indent; with one it walks the data through Python
    generators. This writes the same text into one list: dicts with str keys, lists, tuples, str,
    int, finite float, bool and None; anything else is left to json.dumps.
    """
    out: list[str] = []
    try:
        _write_json(data, 0, out.append)
    except _Unusual:
        return json.dumps(data, ensure_ascii=False, indent=1)
    return "".join(out)


_encode_str = json.encoder.encode_basestring  # what json.dumps(ensure_ascii=False) uses for strings


_LITERALS: dict[Any, str] = {None: "null", True: "true", False: "false"}


def _write_json(value: Any, level: int, write: Callable[[str], None]) -> None:
    kind = type(value)
    if kind is str:
        write(_encode_str(value))
    elif value is None or kind is bool:
        write(_LITERALS[value])
    elif isinstance(value, str):
        write(_encode_str(value))
    elif isinstance(value, int):
        write(int.__repr__(value))
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise _Unusual
        write(float.__repr__(value))
    elif isinstance(value, dict):
        if not value:
            write("{}")
            return
        inner = "\n" + " " * (level + 1)
        write("{")
        separator = inner
        for key, item in value.items():
            if not isinstance(key, str):
                raise _Unusual
            kind = type(item)  # the common scalars inline: no call per value
            if kind is str:
                write(f"{separator}{_encode_str(key)}: {_encode_str(item)}")
            elif item is None or kind is bool:
                write(f"{separator}{_encode_str(key)}: {_LITERALS[item]}")
            else:
                write(f"{separator}{_encode_str(key)}: ")
                _write_json(item, level + 1, write)
            separator = "," + inner
        write("\n" + " " * level + "}")
    elif isinstance(value, (list, tuple)):
        if not value:
            write("[]")
            return
        inner = "\n" + " " * (level + 1)
        write("[")
        separator = inner
        for item in value:
            if type(item) is str:
                write(separator + _encode_str(item))
            else:
                write(separator)
                _write_json(item, level + 1, write)
            separator = "," + inner
        write("\n" + " " * level + "]")
    else:
        raise _Unusual


# ------------------------------------------------------------------ timeline.json


def article_json(article: Article) -> dict[str, Any]:
    """Return one article of timeline.json."""
    return {
        "id": article.id,
        "title": article.title,
        "outlet": article.outlet.name if article.outlet else None,
        "published": article.published.isoformat() if article.published else None,
        "published_source": article.published_source,
        "estimated": article.published_source == "estimated",
        "outlet_kind": article.outlet.kind if article.outlet else None,
        "via": article.via.name if article.via else None,
        "url": article.url,
    }


def source_json(source: Source) -> dict[str, Any]:
    """Return one member of an entry's `sources` list."""
    e = source.entry
    return {
        "article": e.article,
        "entry": e.id,
        "text": e.text,
        "outlet": source.outlet.name if source.outlet else None,
        "outlet_kind": source.outlet.kind if source.outlet else None,
        "via": source.via.name if source.via else None,
        "mention": ({"text": e.mention.text, "value": e.mention.value, "rule": e.mention.rule}
                    if e.mention else None),
        "citation_url": e.citation_url,
    }


def entry_json(item: Item) -> dict[str, Any]:
    """Return one entry of timeline.json (a timeline item, merged or single)."""
    ev, rep = item.event, item.entry
    cites: list[dict[str, str]] = []
    for s in item.sources:
        for c in s.entry.cites:
            row = {"name": c.name, "kind": c.kind, "phrase": c.phrase}
            if row not in cites:
                cites.append(row)
    corrected: list[str] = []
    for s in item.sources:
        corrected += [f for f in s.entry.corrected if f not in corrected]
    notes = [s.entry.note for s in item.sources if s.entry.note]
    return {
        "id": ev.id,
        "date": item.contract_date,
        "precision": item.precision,
        "text": rep.text,
        "sources": [source_json(s) for s in item.sources],
        "value": ev.value,
        "end": ev.end_value,
        "label": item.label,
        "headline": item.headline,
        "cites": cites,
        "claim": {"status": item.claim, "by": item.claim_by},
        "places": [{"slug": p.slug, "name": p.name, "matched": p.matched} for p in item.places],
        "independent_sources": item.independent_sources,
        "conflicts": [{"field": c.field, "values": list(c.values), "entries": list(c.entries)}
                      for c in ev.conflicts],
        "corrected": corrected,
        "note": "; ".join(notes) if notes else None,
        "kind": rep.kind,
        "in_span": item.in_span,
        "estimated": item.estimated,
        "phase": item.phase.slug if item.phase else None,
        "merged_by": ev.merged_by,
    }


def timeline_json(site: Site) -> bytes:
    """Return timeline.json: every article and every visible entry, chronology then background."""
    return _dump({
        "articles": [article_json(a.article) for a in site.articles],
        "entries": [entry_json(i) for i in site.all_items],
    })


# ------------------------------------------------------------------ CSV

CSV_FIELDS = ("id", "date", "precision", "label", "text", "headline", "outlets", "outlet_kinds", "articles",
              "claim", "claim_by", "places", "independent_sources", "corrected", "note", "in_span", "value")


def timeline_csv(site: Site) -> bytes:
    """Return timeline.csv: one row per entry (RFC 4180, CRLF), multi-valued cells joined by '; '."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_FIELDS)
    for item in site.all_items:
        row = entry_json(item)
        writer.writerow([
            row["id"], row["date"], row["precision"], row["label"], _csv_text(row["text"]),
            _csv_text(row["headline"] or ""),
            "; ".join(o.name for o in item.outlets), "; ".join(item.kinds),
            "; ".join(dict.fromkeys(s.entry.article or "" for s in item.sources)),
            row["claim"]["status"], row["claim"]["by"] or "",
            "; ".join(p.name for p in item.places), row["independent_sources"],
            "; ".join(row["corrected"]), row["note"] or "", "true" if item.in_span else "false", row["value"],
        ])
    return buf.getvalue().encode("utf-8")


def _csv_text(text: str) -> str:
    # A cell starting with = + - @ is a formula in spreadsheets: neutralise it.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


# ------------------------------------------------------------------ TimelineJS


def timelinejs_json(site: Site) -> bytes:
    """Return a TimelineJS 3 JSON document of every visible entry."""
    events = []
    for item in site.all_items:
        s = timex.span(item.event.value)
        start: dict[str, str] = {"year": str(s.first.year)}
        if s.precision != "year":
            start["month"] = str(s.first.month)
        if s.precision in ("day", "week"):
            start["day"] = str(s.first.day)
        event: dict[str, Any] = {
            "start_date": start,
            "text": {"headline": item.headline or item.label, "text": _tl_text(item)},
            "group": item.phase.name if item.phase else ("Background" if not item.in_span else "Chronology"),
            "unique_id": item.id,
            "display_date": item.label,
        }
        if item.event.end_value:
            e = timex.span(item.event.end_value)
            end: dict[str, str] = {"year": str(e.last.year)}
            if e.precision != "year":
                end["month"] = str(e.last.month)
            if e.precision in ("day", "week"):
                end["day"] = str(e.last.day)
            event["end_date"] = end
        events.append(event)
    return _dump({"title": {"text": {"headline": site.config.title, "text": site.config.description}},
                  "events": events})


def _tl_text(item: Item) -> str:
    parts = [f"<p>{escape(item.entry.text)}</p>"]
    names = ", ".join(o.name for o in item.outlets)
    if names:
        parts.append(f"<p>Reported by {escape(names)}</p>")
    return "".join(parts)


# ------------------------------------------------------------------ iCalendar


def _ics_escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold_ics_line(line: str) -> list[str]:
    """Fold a content line into chunks of at most 75 octets (RFC 5545 §3.1), never inside a character."""
    if line.isascii():  # one octet per character: cut by slicing
        if len(line) <= ICS_LINE_OCTETS:
            return [line]
        step = ICS_LINE_OCTETS - 1  # a continuation line starts with one space
        return [line[:ICS_LINE_OCTETS]] + [" " + line[i:i + step] for i in range(ICS_LINE_OCTETS, len(line), step)]
    out: list[str] = []
    current, size, limit = "", 0, ICS_LINE_OCTETS
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > limit:
            out.append(current)
            current, size, limit = " ", 1, ICS_LINE_OCTETS
        current += ch
        size += n
    out.append(current)
    return out


def _host(site: Site) -> str:
    host = urlsplit(site.config.base_url).hostname if site.config.base_url else None
    return host or "sitegen.invalid"


def timeline_ics(site: Site) -> bytes:
    """Return an iCalendar file of the day-precision entries (CRLF, folded, deterministic DTSTAMP)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//sitegen//timeline//EN", "CALSCALE:GREGORIAN",
             f"X-WR-CALNAME:{_ics_escape(site.config.title)}"]
    host = _host(site)
    for item in site.all_items:
        s = timex.span(item.event.value)
        if s.precision != "day":
            continue
        last = timex.span(item.event.end_value).last if item.event.end_value else s.last
        desc = item.entry.text
        names = ", ".join(o.name for o in item.outlets)
        if names:
            desc += f"\n\nReported by {names}."
        lines += [
            "BEGIN:VEVENT",
            f"UID:{item.id}@{host}",
            f"DTSTAMP:{item.updated.strftime('%Y%m%d')}T000000Z",
            f"DTSTART;VALUE=DATE:{s.first.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(last + timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{_ics_escape(item.headline or _short(item.entry.text))}",
            f"DESCRIPTION:{_ics_escape(desc)}",
        ]
        if site.config.base_url:
            lines.append(f"URL:{site.config.base_url.rstrip('/')}/{_page_url(item.page)}#{item.id}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    folded = [part for line in lines for part in fold_ics_line(line)]
    return ("\r\n".join(folded) + "\r\n").encode("utf-8")


def _short(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _page_url(path: str) -> str:
    return path.removesuffix("index.html")


# ------------------------------------------------------------------ sitemap


def sitemap_xml(site: Site) -> bytes:
    """Return sitemap.xml listing every HTML page under base_url (requires base_url)."""
    if not site.config.base_url:
        raise ValueError("sitemap.xml needs base_url")
    base = site.config.base_url.rstrip("/") + "/"
    ns = "http://www.sitemaps.org/schemas/sitemap/0.9"
    root = ET.Element("urlset", {"xmlns": ns})
    for spec in site.pages:
        if not spec.template.endswith(".html") or spec.path == "404.html":
            continue
        url = ET.SubElement(root, "url")
        ET.SubElement(url, "loc").text = base + _page_url(spec.path)
    ET.indent(root)
    xml = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + xml + "\n").encode("utf-8")

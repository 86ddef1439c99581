"""Machine-readable exports: timeline.json (the contract), CSV, TimelineJS JSON, iCalendar, sitemap."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date, timedelta
from html import escape
from typing import Any
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

from sitegen.models import Article
from sitegen.site.fragments import ItemFragments, texts
from sitegen.site.jsontext import encode_record, indented_json, json_record_lines, record_lines
from sitegen.site.records import Item, Site, Source
from sitegen.site.values import is_web_url
from sitegen.temporal import timex

ICS_LINE_OCTETS = 75


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
        "corrected": corrected_fields(item),
        "note": editors_note(item),
        "kind": rep.kind,
        "in_span": item.in_span,
        "estimated": item.estimated,
        "phase": item.phase.slug if item.phase else None,
        "merged_by": ev.merged_by,
    }


def corrected_fields(item: Item) -> list[str]:
    """Return the fields the editors corrected in any of an item's sources, in order, once each."""
    corrected: list[str] = []
    for s in item.sources:
        corrected += [f for f in s.entry.corrected if f not in corrected]
    return corrected


def editors_note(item: Item) -> str | None:
    """Return the editors' notes on an item's sources, joined, or None."""
    notes = [s.entry.note for s in item.sources if s.entry.note]
    return "; ".join(notes) if notes else None


def timeline_json(site: Site, fragments: ItemFragments | None = None) -> bytes:
    """Return timeline.json: every article and every visible entry, chronology then background, one per line.

    Made one record at a time: on a site of 10,000 articles the whole structure and its text pieces
    held several times the file's size at once.
    """
    entries = texts(fragments, "json", site.all_items, lambda item: encode_record(entry_json(item)))
    return b"".join((
        b'{\n "articles": ', json_record_lines((article_json(a.article) for a in site.articles), 1),
        b',\n "entries": ', record_lines(entries, 1), b"\n}\n",
    ))


# ------------------------------------------------------------------ CSV

CSV_FIELDS = ("id", "date", "end", "precision", "label", "headline", "text", "outlets", "outlet_kind", "via", "url",
              "articles", "claim", "claim_by", "places", "badges", "independent_sources", "estimated", "corrected",
              "note", "in_span", "value")
# A cell starting with one of these is a formula (or starts one) in spreadsheets (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def source_urls(item: Item) -> tuple[str, ...]:
    """Return the addresses of an item's reports: each source article's URL, or an added entry's citation."""
    urls = [s.article.url if s.article is not None else s.entry.citation_url for s in item.sources]
    return tuple(dict.fromkeys(u for u in urls if u))


def timeline_csv(site: Site, fragments: ItemFragments | None = None) -> bytes:
    """Return timeline.csv: one row per entry (RFC 4180, CRLF, UTF-8 with a BOM), multi-valued cells joined by '; '."""
    rows = texts(fragments, "csv", site.all_items, _csv_row)
    return (_csv_line(CSV_FIELDS) + "".join(rows)).encode("utf-8-sig")


def _csv_line(cells: Iterable[str | int]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerow([csv_cell(c) if isinstance(c, str) else c for c in cells])
    return buf.getvalue()


def _csv_row(item: Item) -> str:
    end = item.period[1]
    return _csv_line([  # the fields of entry_json(item) it shows, read directly
        item.event.id, item.contract_date,
        end.isoformat() if (item.precision != "day" or item.event.end_value) else "",
        item.precision, item.label, item.title, item.entry.text,
        "; ".join(o.name for o in item.outlets), "; ".join(item.kinds),
        "; ".join(dict.fromkeys(s.via.name for s in item.sources if s.via is not None)),
        "; ".join(source_urls(item)),
        "; ".join(dict.fromkeys(s.entry.article or "" for s in item.sources if s.entry.article)),
        item.claim, item.claim_by or "",
        "; ".join(p.name for p in item.places), "; ".join(item.badges), item.independent_sources,
        "true" if item.estimated else "false", "; ".join(corrected_fields(item)), editors_note(item) or "",
        "true" if item.in_span else "false", item.event.value,
    ])


def csv_cell(text: str) -> str:
    """Return a text cell a spreadsheet shows as text: a leading = + - @ tab or CR is prefixed with '."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


# ------------------------------------------------------------------ TimelineJS


def _tl_date(day: date, precision: str) -> dict[str, str]:
    out = {"year": str(day.year)}
    if precision != "year":
        out["month"] = str(day.month)
    if precision in ("day", "week"):
        out["day"] = str(day.day)
    return out


def _link(site: Site, path: str) -> str:
    """Return a site path as the address a reader of the export follows: absolute under base_url, else relative."""
    return (site.config.base_url.rstrip("/") + "/" + path) if site.config.base_url else path


def timelinejs_json(site: Site, fragments: ItemFragments | None = None) -> bytes:
    """Return a TimelineJS 3 JSON document: every visible entry, phases as eras; every string it shows escaped."""
    title = {"text": {"headline": escape(site.config.title), "text": escape(site.config.description)}}
    eras = [{"start_date": _tl_date(p.start, "day"), "end_date": _tl_date(p.end, "day"),
             "text": {"headline": escape(p.name)}} for p in site.phases]
    events = texts(fragments, "timelinejs", site.all_items, lambda item: encode_record(_tl_event(site, item)))
    return b"".join((  # one event at a time, as timeline_json
        b'{\n "title": ', indented_json(title).replace("\n", "\n ").encode("utf-8"),
        b',\n "events": ', record_lines(events, 1),
        b',\n "eras": ', json_record_lines(eras, 1), b"\n}\n",
    ))


def _tl_event(site: Site, item: Item) -> dict[str, Any]:
    s = timex.span(item.event.value)
    event: dict[str, Any] = {
        "start_date": _tl_date(s.first, s.precision),
        "text": {"headline": escape(item.title), "text": _tl_text(site, item)},
        # TimelineJS 3.9 decodes a group's entities once before writing it as HTML (checked in Chromium by
        # tests/browser/test_timelinejs.py): escaped twice, it shows as the words it is.
        "group": escape(escape(item.phase.name if item.phase else
                               ("Background" if not item.in_span else "Chronology"))),
        "unique_id": item.id,
        "display_date": escape(item.label),
    }
    if item.event.end_value or s.precision != "day":
        last = item.period[1]
        event["end_date"] = _tl_date(last, "day" if s.precision in ("day", "week") else s.precision)
    return event


def _tl_text(site: Site, item: Item) -> str:
    parts = [f"<p>{escape(item.entry.text)}</p>"]
    reporters = []
    for src in item.sources:
        who = src.outlet.name if src.outlet else ("the editors" if src.entry.kind == "added" else "an unknown outlet")
        if src.via:
            who += f", via {src.via.name}"
        url = src.article.url if src.article is not None else src.entry.citation_url
        if not is_web_url(url) and src.article is not None:
            url = _link(site, f"articles/{src.article.id}/index.html")
        title = src.article.title if src.article is not None else "the cited report"
        link = f' — <a href="{escape(url)}">{escape(title)}</a>' if url and (is_web_url(url) or src.article) else ""
        reporters.append(f"<li>{escape(who)}{link}</li>")
    parts.append("<ul>" + "".join(reporters) + "</ul>")
    if item.badges:
        parts.append("<p>" + escape(" · ".join(item.badges)) + "</p>")
    parts.append(f'<p><a href="{escape(_link(site, item.page))}#{escape(item.id)}">This entry in the chronology</a></p>')
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
    data = line.encode("utf-8")
    if len(data) <= ICS_LINE_OCTETS:
        return [line]
    out: list[str] = []
    start, room = 0, ICS_LINE_OCTETS  # octets the next chunk may take (a continuation's space counts)
    while start < len(data):
        end = min(start + room, len(data))
        while end < len(data) and data[end] & 0xC0 == 0x80:  # never end inside a character
            end -= 1
        out.append((" " if out else "") + data[start:end].decode("utf-8"))
        start, room = end, ICS_LINE_OCTETS - 1
    return out


def _host(site: Site) -> str:
    host = urlsplit(site.config.base_url).hostname if site.config.base_url else None
    return host or "sitegen.invalid"


def timeline_ics(site: Site, fragments: ItemFragments | None = None) -> bytes:
    """Return an iCalendar file of the day-precision entries (CRLF, folded, deterministic DTSTAMP)."""
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//sitegen//timeline//EN", "CALSCALE:GREGORIAN",
            f"X-WR-CALNAME:{_ics_escape(site.config.title)}"]
    host = _host(site)
    events = texts(fragments, "ics", site.all_items, lambda item: _ics_lines(_ics_event(site, host, item)))
    return (_ics_lines(head) + "".join(events) + _ics_lines(["END:VCALENDAR"])).encode("utf-8")


def _ics_lines(lines: list[str]) -> str:
    """Return content lines folded, each ended by CRLF."""
    return "".join(part + "\r\n" for line in lines for part in fold_ics_line(line))


def _ics_event(site: Site, host: str, item: Item) -> list[str]:
    """Return the lines of an item's VEVENT (none unless it is dated to a day)."""
    s = timex.span(item.event.value)
    if s.precision != "day":
        return []
    last = timex.span(item.event.end_value).last if item.event.end_value else s.last
    desc = item.entry.text
    reporters = [(src.outlet.name if src.outlet else "an unknown outlet") + (f", via {src.via.name}" if src.via else "")
                 for src in item.sources if src.article is not None]
    if reporters:
        desc += "\n\nReported by " + "; ".join(dict.fromkeys(reporters)) + "."
    if item.badges:
        desc += "\n" + " · ".join(item.badges)
    urls = [u for u in source_urls(item) if is_web_url(u)]
    lines = [
        "BEGIN:VEVENT",
        f"UID:{item.id}@{host}",
        f"DTSTAMP:{item.updated.strftime('%Y%m%d')}T000000Z",
        f"DTSTART;VALUE=DATE:{s.first.strftime('%Y%m%d')}",
        f"DTEND;VALUE=DATE:{(last + timedelta(days=1)).strftime('%Y%m%d')}",
        f"SUMMARY:{_ics_escape(item.title)}",
        f"DESCRIPTION:{_ics_escape(desc)}",
    ]
    if site.config.base_url:
        lines.append(f"URL:{site.config.base_url.rstrip('/')}/{_page_url(item.page)}#{item.id}")
    elif urls:
        lines.append(f"URL:{urls[0]}")
    lines.append("END:VEVENT")
    return lines


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

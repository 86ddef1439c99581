"""Atom feeds (RFC 4287) of the chronology, per outlet and per place, dated from the entries only."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from html import escape
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

from sitegen.sitemodel import Item, Site

ATOM_NS = "http://www.w3.org/2005/Atom"


def _stamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def entry_uri(site: Site, item_id: str) -> str:
    """Return a stable Atom id: a tag: URI under base_url's host, else a name-based urn:uuid."""
    base = site.config.base_url
    host = urlsplit(base).hostname if base else None
    if base and host:
        path = urlsplit(base).path.strip("/")
        specific = f"{path}/entry/{item_id}" if path else f"entry/{item_id}"
        return f"tag:{host},{site.config.span_start.isoformat()}:{specific}"
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"sitegen:{site.config.title}:{item_id}"))


def _href(site: Site, feed_path: str, target: str) -> str:
    """Return target (a site path) as an absolute URL under base_url, else relative to the feed."""
    if site.config.base_url:
        return site.config.base_url.rstrip("/") + "/" + target
    depth = feed_path.count("/")
    return "../" * depth + target


def _entry_html(item: Item) -> str:
    parts = [f"<p>{escape(item.entry.text)}</p>"]
    for s in item.sources:
        who = s.outlet.name if s.outlet else "unknown outlet"
        if s.via:
            who += f", via {s.via.name}"
        title = s.article.title if s.article else (s.entry.citation_url or "")
        parts.append(f"<p>Source: {escape(who)} — {escape(title)}</p>")
    for entry in item.corrected:
        if entry.note:
            parts.append(f"<p>Corrected: {escape(entry.note)}</p>")
    return "".join(parts)


def atom_feed(site: Site, items: Sequence[Item], *, feed_path: str, title: str, page_path: str,
              key: str = "") -> bytes:
    """Return an Atom feed of items (newest first) written at feed_path, alternate page page_path."""
    ordered = sorted(items, key=lambda i: (i.updated, i.id), reverse=True)
    root = ET.Element("feed", {"xmlns": ATOM_NS, "xml:lang": site.config.language})
    ET.SubElement(root, "id").text = entry_uri(site, f"feed/{feed_path}")
    ET.SubElement(root, "title").text = title
    if site.config.description:
        ET.SubElement(root, "subtitle").text = site.config.description
    updated = max((i.updated for i in ordered), default=site.config.span_end)
    ET.SubElement(root, "updated").text = _stamp(updated)
    author = ET.SubElement(root, "author")
    ET.SubElement(author, "name").text = site.config.author or site.config.title
    ET.SubElement(root, "link", {"rel": "self", "type": "application/atom+xml",
                                 "href": _href(site, feed_path, feed_path)})
    ET.SubElement(root, "link", {"rel": "alternate", "type": "text/html",
                                 "href": _href(site, feed_path, page_path)})
    ET.SubElement(root, "generator").text = "sitegen"
    for item in ordered:
        entry = ET.SubElement(root, "entry")
        ET.SubElement(entry, "id").text = entry_uri(site, item.id)
        ET.SubElement(entry, "title").text = f"{item.label}: {item.headline or item.entry.text}"
        ET.SubElement(entry, "updated").text = _stamp(item.updated)
        published = [s.article.published for s in item.sources if s.article and s.article.published]
        if published:
            ET.SubElement(entry, "published").text = _stamp(min(published))
        ET.SubElement(entry, "link", {"rel": "alternate", "type": "text/html",
                                      "href": _href(site, feed_path, f"{item.page}#{item.id}")})
        for outlet in item.outlets:
            ET.SubElement(entry, "category", {"term": outlet.slug, "label": outlet.name})
        ET.SubElement(entry, "content", {"type": "html"}).text = _entry_html(item)
    ET.indent(root)
    xml = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + xml + "\n").encode("utf-8")


def site_feed(site: Site) -> bytes:
    """Return feed.xml: every visible entry of the site."""
    return atom_feed(site, site.all_items, feed_path="feed.xml", title=site.config.title, page_path="index.html")


def outlet_feed(site: Site, name: str) -> bytes:
    """Return the feed of one outlet's entries."""
    page = next(o for o in site.outlets if o.outlet.name == name)
    return atom_feed(site, page.items, feed_path=f"sources/{page.outlet.slug}/feed.xml",
                     title=f"{site.config.title} — {page.outlet.name}", page_path=page.path)


def place_feed(site: Site, slug: str) -> bytes:
    """Return the feed of the entries that mention one place."""
    page = next(p for p in site.places if p.slug == slug)
    return atom_feed(site, page.items, feed_path=f"places/{slug}/feed.xml",
                     title=f"{site.config.title} — {page.name}", page_path=page.path)

"""Atom feeds (RFC 4287) of the chronology, per outlet and per place, dated from the entries only."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from html import escape
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

from sitegen.site.corrections import Notice
from sitegen.site.fragments import ItemFragments
from sitegen.site.records import Item, Site
from sitegen.site.values import is_web_url

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
    parts = [f"<p>When: {escape(item.label)} ({escape(item.precision)})</p>", f"<p>{escape(item.entry.text)}</p>"]
    for s in item.sources:
        who = s.outlet.name if s.outlet else "unknown outlet"
        if s.via:
            who += f", via {s.via.name}"
        if s.entry.kind == "added":
            who = "the editors, citing a report"
        title = s.article.title if s.article else (s.entry.citation_url or "")
        url = s.article.url if s.article else s.entry.citation_url
        if is_web_url(url):
            parts.append(f'<p>Source: {escape(who)} — <a href="{escape(url or "")}">{escape(title)}</a></p>')
        else:
            parts.append(f"<p>Source: {escape(who)} — {escape(title)}</p>")
    if item.badges:
        parts.append("<ul>" + "".join(f"<li>{escape(b)}</li>" for b in item.badges) + "</ul>")
    return "".join(parts)


def _escape_text(text: str) -> str:
    """Escape element text as ElementTree writes it (&, <, >)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _escape_attr(text: str) -> str:
    """Escape an attribute value as ElementTree writes it (&, <, >, quote, CR, LF, tab)."""
    return (_escape_text(text).replace('"', "&quot;")
            .replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#09;"))


def _leaf(tag: str, text: str) -> str:
    return f"<{tag}>{_escape_text(text)}</{tag}>" if text else f"<{tag} />"


def _empty(tag: str, attrs: dict[str, str]) -> str:
    return f"<{tag}" + "".join(f' {k}="{_escape_attr(v)}"' for k, v in attrs.items()) + " />"


ENTRY_CHILD = "\n    "  # an <entry>'s children as ET.indent lays them out under <feed>


def _entry_xml(site: Site, item: Item, prefix: str) -> str:
    """Return one item's <entry>, written the way ET.indent + ET.tostring write it inside the feed."""
    parts = [
        _leaf("id", entry_uri(site, item.id)),
        _leaf("title", f"{item.label}: {item.title}"),
        _leaf("updated", _stamp(item.updated)),
    ]
    published = [s.article.published for s in item.sources if s.article and s.article.published]
    if published:
        parts.append(_leaf("published", _stamp(min(published))))
    parts.append(_empty("link", {"rel": "alternate", "type": "text/html", "href": f"{prefix}{item.page}#{item.id}"}))
    parts += [_empty("category", {"term": o.slug, "label": o.name}) for o in item.outlets]
    parts += [_empty("category", {"term": f"place:{p.slug}", "label": p.name}) for p in item.places]
    content = _entry_html(item)
    parts.append(f'<content type="html">{_escape_text(content)}</content>' if content
                 else '<content type="html" />')
    return "<entry>" + ENTRY_CHILD + ENTRY_CHILD.join(parts) + "\n  </entry>"


FEED_END = "\n</feed>"


def _feed_head(site: Site, *, feed_path: str, title: str, page_path: str, updated: date) -> str:
    """Return a feed's opening and its own children, indented as ET.indent lays them out, without `</feed>`."""
    root = ET.Element("feed", {"xmlns": ATOM_NS, "xml:lang": site.config.language})
    ET.SubElement(root, "id").text = entry_uri(site, f"feed/{feed_path}")
    ET.SubElement(root, "title").text = title
    if site.config.description:
        ET.SubElement(root, "subtitle").text = site.config.description
    ET.SubElement(root, "updated").text = _stamp(updated)
    author = ET.SubElement(root, "author")
    ET.SubElement(author, "name").text = site.config.author or site.config.title
    ET.SubElement(root, "link", {"rel": "self", "type": "application/atom+xml",
                                 "href": _href(site, feed_path, feed_path)})
    ET.SubElement(root, "link", {"rel": "alternate", "type": "text/html",
                                 "href": _href(site, feed_path, page_path)})
    ET.SubElement(root, "generator").text = "sitegen"
    ET.indent(root)
    head = ET.tostring(root, encoding="unicode")
    if not head.endswith(FEED_END):  # never: the head always has children, the last one's tail is "\n"
        raise AssertionError(f"unexpected feed head ending: {head[-20:]!r}")
    return head[: -len(FEED_END)]


def _feed(head: str, entries: Sequence[str]) -> bytes:
    """Return the feed document: the head, then the entries at the same indentation as its children."""
    parts = [head, *("\n  " + entry for entry in entries), FEED_END]
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + "".join(parts) + "\n").encode("utf-8")


def atom_feed(site: Site, items: Sequence[Item], *, feed_path: str, title: str, page_path: str,
              key: str = "", fragments: ItemFragments | None = None) -> bytes:
    """Return an Atom feed of the newest items (newest first, at most site.yaml's `feed_entries`) written at
    feed_path, alternate page page_path."""
    ordered = sorted(items, key=lambda i: (i.updated, i.id), reverse=True)[: site.config.feed_entries]
    updated = max((i.updated for i in ordered), default=site.config.span_end)
    head = _feed_head(site, feed_path=feed_path, title=title, page_path=page_path, updated=updated)
    made = fragments if fragments is not None else ItemFragments()
    prefix = _href(site, feed_path, "")  # an item's entry differs between feeds only in the links' prefix
    return _feed(head, [made.text("atom " + prefix, item, lambda i: _entry_xml(site, i, prefix), shared=True)
                        for item in ordered])


CORRECTIONS_FEED = "corrections/feed.xml"
NOTICE_TITLES = {"entry": "Entry corrected", "article": "Article corrected", "removed": "Entry removed",
                 "added": "Entry added"}


def corrections_feed(site: Site) -> bytes:
    """Return corrections/feed.xml: every correction with a day (`on:`), newest first."""
    dated = [n for n in site.notices if n.on is not None]  # site.notices is newest first already
    updated = max((n.on for n in dated if n.on is not None), default=site.config.span_end)
    head = _feed_head(site, feed_path=CORRECTIONS_FEED, title=f"{site.config.title} — corrections",
                      page_path="corrections/index.html", updated=updated)
    return _feed(head, [_notice_xml(site, n) for n in dated])


def _notice_xml(site: Site, notice: Notice) -> str:
    """Return one correction's <entry>, laid out like the chronology feeds' entries."""
    day = notice.on or site.config.span_end
    target = notice.href or "corrections/index.html"
    what = notice.subject if len(notice.subject) <= 120 else notice.subject[:119].rstrip() + "…"
    html = [f"<p>{escape(notice.subject)}</p>"]
    html += [f"<p>{escape(change)}</p>" for change in notice.shown_changes]
    if notice.note:
        html.append(f"<p>Why: {escape(notice.note)}</p>")
    parts = [
        _leaf("id", entry_uri(site, f"correction/{notice.id}/{day.isoformat()}")),
        _leaf("title", f"{NOTICE_TITLES[notice.kind]}: {what}"),
        _leaf("updated", _stamp(day)),
        _empty("link", {"rel": "alternate", "type": "text/html", "href": _href(site, CORRECTIONS_FEED, target)}),
        f'<content type="html">{_escape_text("".join(html))}</content>',
    ]
    return "<entry>" + ENTRY_CHILD + ENTRY_CHILD.join(parts) + "\n  </entry>"


def site_feed(site: Site, fragments: ItemFragments | None = None) -> bytes:
    """Return feed.xml: every visible entry of the site."""
    return atom_feed(site, site.all_items, feed_path="feed.xml", title=site.config.title, page_path="index.html",
                     fragments=fragments)


def outlet_feed(site: Site, name: str, fragments: ItemFragments | None = None) -> bytes:
    """Return the feed of one outlet's entries."""
    page = next(o for o in site.outlets if o.outlet.name == name)
    return atom_feed(site, page.items, feed_path=f"sources/{page.outlet.slug}/feed.xml",
                     title=f"{site.config.title} — {page.outlet.name}", page_path=page.path, fragments=fragments)


def place_feed(site: Site, slug: str, fragments: ItemFragments | None = None) -> bytes:
    """Return the feed of the entries that mention one place."""
    page = next(p for p in site.places if p.slug == slug)
    return atom_feed(site, page.items, feed_path=f"places/{slug}/feed.xml",
                     title=f"{site.config.title} — {page.name}", page_path=page.path, fragments=fragments)

"""`sitegen extract FILE`: what a build makes of one input file, as one JSON object."""

from __future__ import annotations

from pathlib import Path

from sitegen.article import process_article
from sitegen.knowledge import load_knowledge
from sitegen.overrides.schema import load_overrides
from sitegen.reader import read_file


def extract(path: Path, content_dir: Path) -> dict[str, object]:
    """Read, clean and date one file as the build would (with the site's knowledge and overrides).

    Keys: title, published (ISO date or null), published_evidence, outlet, url, text (the cleaned
    body, paragraphs separated by blank lines), removed (the cleaner's drops with their pattern),
    and for tools: id, kind, published_source, via, standfirst, facts, notes, entries.
    """
    source = read_file(path)
    knowledge = load_knowledge(content_dir)
    override = load_overrides(content_dir).articles.get(source.id) if content_dir.is_dir() else None
    result = process_article(source, override, knowledge)
    a = result.article
    return {
        "title": a.title,
        "published": a.published.isoformat() if a.published else None,
        "published_evidence": a.published_evidence,
        "outlet": a.outlet.name if a.outlet else None,
        "url": a.url,
        "text": a.body,
        "removed": [{"line": r.line, "text": r.text, "pattern": r.pattern} for r in a.removed],
        "id": a.id,
        "kind": source.kind,
        "published_source": a.published_source,
        "published_hint": a.published_hint or None,
        "via": a.via.name if a.via else None,
        "standfirst": a.standfirst,
        "facts": {name: where for name, where in a.facts},
        "notes": list(source.notes),
        "entries": sum(1 for e in result.entries if e.kind != "publication"),
    }

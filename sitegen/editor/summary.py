"""What a build says after its count line: articles without a date, corrections without a day."""

from __future__ import annotations

from sitegen.editor.gathered import GatheredArticles
from sitegen.models import Correction


def build_notes(gathered: GatheredArticles) -> list[str]:
    """Return one line per article with no date, and per correction without an `on:` day.

    Articles that yielded no entries, or lost most of their words to the cleaner, are warned about by
    `sitegen.editor.check.losses` (the same findings `sitegen check` lists).
    """
    lines: list[str] = []
    for a in gathered.articles:
        where = a.source_path or a.id
        if a.published is None:
            lines.append(f"{where}: {a.id} has no publication date, so its relative dates stay unresolved; add "
                         f"articles.{a.id}.published to a file in content/overrides/")
    undated: list[tuple[Correction, str]] = [(a.corrections[0], f"articles.{a.id}") for a in gathered.articles
                                             if a.corrections and a.corrections[0].on is None]
    for e in gathered.entries:
        if e.corrections and e.corrections[0].on is None:
            undated.append((e.corrections[0], f"add ({e.id})" if e.kind == "added" else f"entries.{e.id}"))
    for correction, key in undated:
        lines.append(f"{correction.source}: {key}: a correction without on: (the day it was made); add "
                     "on: YYYY-MM-DD so the corrections page and feed can date it")
    return lines

"""Output of the tagger for people and tools: the JSON contract and the editors' text view."""

from __future__ import annotations

from datetime import date
from typing import Any

from sitegen.models import Mention
from sitegen.temporal.context import split_text
from sitegen.temporal.timex import timex_type


def mention_json(m: Mention) -> dict[str, Any]:
    """Return the `sitegen dates` contract object of a mention (plus type, rule, evidence, anchor)."""
    out: dict[str, Any] = {
        "start": m.start,
        "end": m.end,
        "text": m.text,
        "type": timex_type(m.value),
        "value": m.value,
        "precision": m.precision,
        "rule": m.rule,
        "evidence": m.evidence,
        "anchor": m.anchor,
    }
    if m.end_value is not None:
        out["end_value"] = m.end_value
    return out


def format_mentions(text: str, mentions: list[Mention], published: date | None) -> str:
    """Show each hit in its sentence, in [brackets], with value, precision and evidence."""
    pub = published.isoformat() if published else "unknown (relative dates are not resolved)"
    lines = [f"publication date: {pub}", f"{len(mentions)} temporal expression(s)"]
    if not mentions:
        return "\n".join(lines)
    starts = [s.start for s in split_text(text)] + [len(text)]
    if starts[0] != 0:
        starts.insert(0, 0)
    by_sentence: dict[int, list[Mention]] = {}
    for m in sorted(mentions, key=lambda m: m.start):
        index = max(i for i in range(len(starts) - 1) if starts[i] <= m.start)
        by_sentence.setdefault(index, []).append(m)
    for index, hits in by_sentence.items():
        s_start, s_end = starts[index], starts[index + 1]
        s_end = max(s_end, max(m.end for m in hits))
        pieces, pos = [], s_start
        for m in hits:
            pieces.append(text[pos:m.start])
            pieces.append(f"[{text[m.start:m.end]}]")
            pos = m.end
        pieces.append(text[pos:s_end])
        sentence = " ".join("".join(pieces).split())
        lines.append("")
        lines.append(sentence)
        for m in hits:
            value = m.value if m.end_value is None else f"{m.value} .. {m.end_value}"
            lines.append(f"  [{m.text}] -> {value} ({m.precision}; {m.rule}, anchor {m.anchor})")
            lines.append(f"      why: {m.evidence}")
    return "\n".join(lines)

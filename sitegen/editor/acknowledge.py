"""Acknowledged findings: `content/check.yaml` says which findings an editor has seen, and why they stay.

```yaml
acknowledge:
  - finding: estimated-publication
    article: harbour-strike
    reason: the page states no date; the estimate is the best the text allows
```

`sitegen check --strict` then fails only on findings nobody acknowledged; an
acknowledgement that matches no finding any more is itself a finding, so the file
cannot silently outlive what it excused.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from sitegen.editor.check import KINDS, Finding
from sitegen.yamlload import load_yaml
from sitegen.ynode import YNode

FILE_NAME = "check.yaml"
ACK_KEYS = ("finding", "article", "entry", "file", "reason")
STALE = "stale-acknowledgement"
# What each kind of finding is about, hence the key that names it in an acknowledgement.
SUBJECT_OF: Mapping[str, str] = {
    "skipped-input": "file",
    "no-date": "article",
    "estimated-publication": "article",
    "no-outlet": "article",
    "conflicting-date": "entry",
    "conflicting-number": "entry",
    "weak-date": "entry",
    "outside-span": "entry",
    "stale-override": "entry",
    "dangling-link": "entry",
}
SUBJECT_KEYS = ("article", "entry", "file")
_A = {"article": "an article", "entry": "an entry", "file": "a file"}


@dataclass(frozen=True)
class Acknowledgement:
    """One acknowledged finding: its kind, what it is about, the editor's reason and where it is written."""

    finding: str
    subject: str  # an article id, an entry id, or a file path as the finding names it
    reason: str
    path: str
    line: int
    key: str  # 'acknowledge[0]'


def load_acknowledgements(content_dir: Path) -> tuple[Acknowledgement, ...]:
    """Load content/check.yaml strictly; a missing file acknowledges nothing."""
    path = content_dir / FILE_NAME
    if not path.is_file():
        return ()
    root = load_yaml(path)
    if root.value is None:
        return ()
    top = root.mapping(("acknowledge",))
    out: list[Acknowledgement] = []
    seen: dict[tuple[str, str], Acknowledgement] = {}
    for item in top["acknowledge"].sequence() if "acknowledge" in top else ():
        ack = _acknowledgement(item)
        earlier = seen.get((ack.finding, ack.subject))
        if earlier is not None:
            raise item.error(f"{ack.finding} of {ack.subject} is already acknowledged at line {earlier.line}; "
                             "keep one of them")
        seen[(ack.finding, ack.subject)] = ack
        out.append(ack)
    return tuple(out)


def _acknowledgement(item: YNode) -> Acknowledgement:
    fields = item.mapping(ACK_KEYS, ("finding", "reason"))
    kind = fields["finding"].as_choice(SUBJECT_OF)
    named = [k for k in SUBJECT_KEYS if k in fields]
    wanted = SUBJECT_OF[kind]
    if named != [wanted]:
        given = f" instead of {', '.join(k + ':' for k in named)}" if named else ""
        raise item.error(f"a {kind} finding is about {_A[wanted]}: name it with {wanted}:{given}")
    reason = " ".join(fields["reason"].as_str().split())
    return Acknowledgement(kind, fields[wanted].as_name(), reason, item.path, item.line, item.key)


def _subject(finding: Finding) -> str | None:
    return finding.path if SUBJECT_OF.get(finding.kind) == "file" else finding.id


def acknowledge(findings: Sequence[Finding], acks: Sequence[Acknowledgement]) -> list[Finding]:
    """Mark the acknowledged findings with their reason; add a finding for each acknowledgement that matches none."""
    by_key = {(a.finding, a.subject): a for a in acks}
    used: set[tuple[str, str]] = set()
    out: list[Finding] = []
    for f in findings:
        key = (f.kind, _subject(f) or "")
        ack = by_key.get(key)
        if ack is not None:
            used.add(key)
            f = replace(f, acknowledged=ack.reason)
        out.append(f)
    for ack in acks:
        if (ack.finding, ack.subject) not in used:
            what = SUBJECT_OF[ack.finding]
            out.append(Finding(STALE, f"{ack.key}: no {ack.finding} finding for the {what} {ack.subject} any "
                                      "more; remove this acknowledgement", ack.path, ack.line, ack.subject))
    order = {kind: i for i, (kind, _) in enumerate(KINDS)}
    return sorted(out, key=lambda f: order[f.kind])


def failing(findings: Sequence[Finding]) -> list[Finding]:
    """Return the findings `--strict` fails on: those nobody acknowledged."""
    return [f for f in findings if f.acknowledged is None]

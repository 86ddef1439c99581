"""Sidecars: `<name>.source.yaml` beside a seed, recording where and when `sitegen import` fetched it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from sitegen.yamlload import load_yaml

SUFFIX = ".source.yaml"
KEYS = ("url", "final_url", "fetched", "content_type")


@dataclass(frozen=True)
class Sidecar:
    """Where a seed came from: the address asked for, the one it ended at, when, and its declared type."""

    url: str
    final_url: str | None = None
    fetched: str | None = None
    content_type: str | None = None

    @property
    def address(self) -> str:
        """The address the page was finally served from."""
        return self.final_url or self.url


def sidecar_path(seed: Path) -> Path:
    """Return the sidecar path of a seed file (`x.html` -> `x.source.yaml`)."""
    return seed.with_name(seed.stem + SUFFIX)


def is_sidecar(name: str) -> bool:
    """True for a sidecar's file name."""
    return name.lower().endswith(SUFFIX)


def read_sidecar(path: Path) -> Sidecar:
    """Read a sidecar strictly (unknown keys fail naming the file, line and key)."""
    m = load_yaml(path).mapping(KEYS, required=("url",))
    return Sidecar(
        url=m["url"].as_url(),
        final_url=m["final_url"].as_url() if "final_url" in m else None,
        fetched=m["fetched"].as_str() if "fetched" in m else None,
        content_type=m["content_type"].as_str() if "content_type" in m else None,
    )


def sidecar_text(sidecar: Sidecar) -> str:
    """Return a sidecar's YAML text (addresses quoted so YAML reads them back verbatim)."""
    lines = ["# Saved by `sitegen import`: where and when this page was fetched.", f"url: {_quote(sidecar.url)}"]
    if sidecar.final_url and sidecar.final_url != sidecar.url:
        lines.append(f"final_url: {_quote(sidecar.final_url)}")
    if sidecar.fetched:
        lines.append(f"fetched: {_quote(sidecar.fetched)}")
    if sidecar.content_type:
        lines.append(f"content_type: {_quote(sidecar.content_type)}")
    return "\n".join(lines) + "\n"


def now_stamp() -> str:
    """The current UTC time as an ISO stamp, for a sidecar's `fetched`."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

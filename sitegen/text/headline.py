"""Short headlines: an entry's sentence with the connectives that lean on the previous sentence trimmed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sitegen import DATA_DIR
from sitegen.yamlload import load_yaml
from sitegen.ynode import YNode

PACKAGED = DATA_DIR / "headlines.yaml"
SITE_FILE = "headlines.yaml"
_TOP_KEYS = ("max_chars", "connectives")
_CONNECTIVE_KEYS = ("words", "needs_comma", "example", "shows")
_BREAKS = (", ", "; ", " – ", " — ", ": ")


@dataclass(frozen=True)
class Headlines:
    """The connectives trimmed from a sentence's front and the longest headline shown."""

    connectives: tuple[tuple[str, bool], ...] = ()  # (words, needs a comma after them)
    max_chars: int = 120

    @property
    def _pattern(self) -> re.Pattern[str]:
        return _compile(self.connectives)

    def trim(self, sentence: str) -> str:
        """Return the sentence without its leading connectives (repeatedly: "But however, …"), capitalised."""
        text = sentence.strip()
        while True:
            hit = self._pattern.match(text)
            if hit is None or hit.end() >= len(text):
                return text
            text = text[hit.end():]
            text = text[:1].upper() + text[1:]

    def headline(self, sentence: str) -> str:
        """Return the short headline of a sentence: trimmed, cut at a clause break or word when too long."""
        text = self.trim(sentence)
        if len(text) <= self.max_chars:
            return text
        room = text[: self.max_chars - 1]
        cut = max(room.rfind(b) for b in _BREAKS)
        if cut < self.max_chars // 2:
            cut = room.rfind(" ")
        if cut <= 0:
            cut = len(room)
        return room[:cut].rstrip(" ,;:–—") + "…"


@lru_cache(maxsize=8)
def _compile(connectives: tuple[tuple[str, bool], ...]) -> re.Pattern[str]:
    ordered = sorted(connectives, key=lambda c: -len(c[0]))
    alternatives = [re.escape(words).replace(r"\ ", r"\s+") + (r"\s*,\s*" if comma else r"(?:\s*,\s*|\s+)")
                    for words, comma in ordered]
    return re.compile("(?:" + "|".join(alternatives) + ")" if alternatives else r"(?!x)x")


def load_headlines(content_dir: Path | None = None) -> Headlines:
    """Load the packaged connectives plus content/headlines.yaml; each example is checked against what it shows."""
    return _load(PACKAGED, content_dir / SITE_FILE if content_dir is not None else None)


@lru_cache(maxsize=4)
def _load(packaged: Path, site_file: Path | None) -> Headlines:
    connectives: list[tuple[str, bool]] = []
    max_chars = 120
    checks: list[tuple[YNode, str, str]] = []
    for path in (packaged, site_file):
        if path is None or not path.is_file():
            continue
        root = load_yaml(path)
        if root.value is None:
            continue
        top = root.mapping(_TOP_KEYS)
        if "max_chars" in top:
            value = top["max_chars"].value
            if not isinstance(value, int) or isinstance(value, bool) or value < 20:
                raise top["max_chars"].error("must be a whole number of at least 20")
            max_chars = value
        for node in top["connectives"].sequence() if "connectives" in top else ():
            fields = node.mapping(_CONNECTIVE_KEYS, required=("words", "example", "shows"))
            comma = fields["needs_comma"].as_bool() if "needs_comma" in fields else False
            connectives.append((fields["words"].as_str().strip(), comma))
            checks.append((fields["example"], fields["example"].as_str(), fields["shows"].as_str()))
    headlines = Headlines(tuple(dict.fromkeys(connectives)), max_chars)
    for node, example, shows in checks:
        got = headlines.trim(example)
        if got != shows:
            raise node.error(f"the example trims to {got!r}, not {shows!r}; fix the words or the example")
    return headlines

"""The rule registry (sitegen/temporal/rules.py) compiled for one lexicon.

Speed: every core regex starts with a literal word or a digit (so the regex engine skips
positions cheaply); optional words before the core ("last", "early", "the night of",
a weekday) are matched afterwards by a small `back` regex anchored at the core's start.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sitegen.temporal.lexicon import TemporalLexicon
from sitegen.temporal.rules import (
    ANAPHORA_HEADS,
    RULES,
    SHORT_DIGITS,
    YEAR_DIGITS,
    Handler,
    Vocab,
    alt,
    cased,
)


def _trie(words: list[str]) -> str:
    """Return a regex matching any of the words, factored by common prefixes (much faster to scan)."""
    tree: dict[str, Any] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        ends = "" in node
        alts = [re.escape(c) + emit(sub) for c, sub in sorted(node.items()) if c]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if ends else body

    return emit(tree)


@dataclass(frozen=True)
class Family:
    """One compiled rule: its core regex, optional words before it, who may precede it, its handler."""

    name: str
    core: re.Pattern[str]
    back: re.Pattern[str] | None  # matched against the text just before the core, ends with \Z
    not_after: str  # characters that may not come right before the expression
    back_words: frozenset[str]  # the back regex can only match after one of these words
    handler: Handler
    named: bool  # a name phrase can hide it
    needs_back: bool  # tried only after one of its back words


@dataclass(frozen=True)
class Patterns:
    """Every compiled family plus the helper regexes."""

    families: dict[str, Family]
    anchor: re.Pattern[str]  # a run of digits or a keyword some expression starts with: where to try families
    dispatch: dict[str, tuple[Family, ...]]  # anchor word -> families whose core starts there
    anaphora_heads: frozenset[str]  # anchor words that may head an anaphoric phrase
    counted: re.Pattern[str]  # "<n> days later", "three weeks earlier"
    names: re.Pattern[str] | None
    future: re.Pattern[str]
    modal: re.Pattern[str]  # "may", "might" with no "have" and no subordinate clause after it

    def __getattr__(self, name: str) -> re.Pattern[str]:
        """Return a family's core regex by name (patterns.dmy, …)."""
        families = object.__getattribute__(self, "families")
        if name in families:
            core: re.Pattern[str] = families[name].core
            return core
        raise AttributeError(name)


@lru_cache(maxsize=8)
def compile_patterns(lex: TemporalLexicon) -> Patterns:
    """Compile the registry's rules for a lexicon (cached per lexicon)."""
    vocab = Vocab(lex)
    families: dict[str, Family] = {}
    dispatch: dict[str, tuple[Family, ...]] = {}
    for rule in RULES:
        family = Family(rule.name, re.compile(rule.core(vocab)),
                        re.compile(rule.back(vocab)) if rule.back is not None else None,
                        rule.not_after, frozenset(w.lower() for w in rule.back_words(vocab)), rule.handler,
                        rule.named, rule.needs_back)
        families[rule.name] = family
        for word in dict.fromkeys(rule.anchors(vocab)):
            dispatch[word] = dispatch.get(word, ()) + (family,)
    words = [w for w in {*dispatch, *ANAPHORA_HEADS} if w not in (SHORT_DIGITS, YEAR_DIGITS)]
    futures = alt(c for c in lex.future_cues if not c.startswith("'"))
    names = alt(lex.name_phrases)
    modals = alt(lex.modal_cues) or "(?!)"  # case-sensitive: "May" is a month
    return Patterns(
        families=families,
        anchor=re.compile(rf"\b(?:\d+|{_trie(words)})"),  # \b: a word start, which also scans faster
        dispatch=dispatch,
        anaphora_heads=frozenset(ANAPHORA_HEADS),
        counted=re.compile(rf"(?<![\w-])(?P<n>\d{{1,2}}|(?i:{vocab.numbers}))\s+(?P<unit>days?|weeks?|months?|years?)"
                           r"\s+(?P<dir>later|earlier)(?![\w-])"),
        names=re.compile(rf"(?:{names})(?![\w-])") if names else None,
        future=re.compile(rf"(?<![\w-])(?i:{futures})(?![\w-])|['’]ll\b|\bwould(?!\s+(?:not\s+)?have\b)"),
        modal=re.compile(rf"(?<![\w-])(?:{modals})(?![\w-])(?!\s+(?:not\s+|well\s+|also\s+)?have\b)"
                         r"(?!.*\b(?:after|before|when|since|because|as|while|once)\b)"),
    )


__all__ = ["Family", "Patterns", "cased", "compile_patterns"]

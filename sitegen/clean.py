"""Junk removal: an article's headline, standfirst and body paragraphs without the site furniture.

The knowledge (which lines are junk) is data: named patterns in the packaged
``sitegen/data/junk.yaml`` plus a site's ``content/junk.yaml``. The structure of a
news page is judged here by shape:

* **headline** — the line beside the page's first byline or time stamp (patterns marked
  ``anchor``): the first of the two surviving lines right above it that has 5+ words (the
  other is the standfirst), else such a line right below it (a stamp printed over the
  headline). Every surviving line above the headline is ``masthead`` (site name, tagline,
  consent heading, menu); short unpunctuated lines between the headline and the body
  (author lists, captions, counters, share labels) are ``header-furniture``. A page with no
  byline or stamp takes the first line that no pattern drops. Its site suffix
  (``"… | eSocialNews"``) is cut off. A copy of it among the next few lines (with or
  without the suffix or a final period) is dropped as ``repeated-headline``. A first
  line that reads like a body sentence (ends with a period and is long) stays in the
  body as well, so no statement is lost when a page has no headline.
* **standfirst** — the line right under the headline when it is short (4–45 words)
  and does not end as a sentence does (``. ! ? … : ;``). A line that ends like a
  sentence is the lede and stays in the body.
* **related-story headlines** — a body line of 5–20 words without final punctuation
  standing alone between two real paragraphs (ones that end like sentences) is a
  promo for another story and is dropped as ``related-headline``. Shorter lines
  (crossheads such as "Kharkiv offensive") are kept.
* **after the body** — a ``tail`` marker ends the page; a ``block`` marker ("Read more",
  "Related article", "Tags") drops the promo lines under it up to the next real paragraph;
  an author box (a name line, maybe a job line, a bio opening with the name) goes as
  ``author-box``; once junk has begun after the last real paragraph, short unpunctuated
  lines are ``trailing-furniture`` (topic lists, footer links, newsletter names).
* **hard-wrapped text** — when a file's lines are all short and blank lines separate
  blocks, each block is one paragraph and its lines are joined with a space.

Paragraphs are otherwise the article's lines verbatim (stripped of surrounding
whitespace): the cleaner never rewrites the article's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from sitegen.errors import ConfigError, did_you_mean
from sitegen.models import CleanArticle, Removal, SourceFile
from sitegen.yamlload import YNode, load_yaml

PACKAGED_JUNK = Path(__file__).parent / "data" / "junk.yaml"
SITE_JUNK = "junk.yaml"  # under the content folder
KINDS = ("exact", "prefix", "line", "tail", "block")
_PATTERN_KEYS = ("name", "kind", "texts", "regex", "requires", "description", "examples", "keeps", "max_words",
                 "ignore_case", "anchor")
_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

REPEAT_WINDOW = 3  # content lines after the headline searched for a repeat of it
STANDFIRST_WORDS = (4, 45)
RELATED_WORDS = (5, 20)
RELATED_MAX_CHARS = 160
REAL_PARAGRAPH_MIN_WORDS = 8
HEADLINE_SENTENCE_WORDS = 8  # a first line ending in '.' with this many words is also a body sentence
TITLE_MAX_CHARS = 140
MENU_MAX_WORDS = 3  # menu items and author-box lines are this short
MENU_MIN_RUN = 3  # consecutive short-or-junk lines that make a menu …
MENU_MIN_ITEMS = 2  # … of which at least this many are not already junk
WRAP_MAX_CHARS = 100  # a file whose lines are all at most this long may be hard-wrapped
HEADLINE_MIN_WORDS = 5  # a line this long beside the byline/stamp is the headline; menu items are shorter
TITLE_BLOCK = 2  # surviving lines beside the byline/stamp searched for the headline (headline, standfirst)
AUTHOR_NAME_WORDS = 4  # an author box's name line has 2 to this many capitalised words
TRAILING_MAX_WORDS = 20  # unpunctuated lines after the last paragraph up to this long are page furniture

_TRAILING_CLOSERS = "\"'”’»)]"
_SENTENCE_END = frozenset(".!?…:;")
_PREFIX_SPAN = 200  # characters of a line normalised for prefix tests (prefixes are short)
_SITE_SUFFIX = re.compile(r"\s+\|\s+[^|]{1,60}$")
_REPEAT_SLACK = 70  # a repeat of the headline differs from it in length by at most a site suffix and a period
_SPACES = re.compile(r"\s+")
_NAME_WORD = re.compile(r"[A-Z][\w’'.-]*")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


# ------------------------------------------------------------------ patterns


@dataclass(frozen=True)
class JunkPattern:
    """One named junk pattern from a junk YAML file."""

    name: str
    kind: str  # exact | prefix | line | tail
    description: str
    texts: tuple[str, ...] = ()
    regex: re.Pattern[str] | None = None
    examples: tuple[str, ...] = ()
    keeps: tuple[str, ...] = ()
    max_words: int | None = None
    source: str = ""  # 'file:line' where it is defined
    requires: tuple[str, ...] = ()  # line kind: casefolded words one of which a line must contain
    anchor: bool = False  # its lines are the byline or time stamp: the headline stands next to them

    def _may_match(self, text: str) -> bool:
        folded = text.casefold()
        return not self.requires or any(word in folded for word in self.requires)

    def matches(self, line: str) -> bool:
        """Return True if this pattern drops `line` (tail patterns: if the line starts the tail)."""
        text = line.strip()
        if not text or (self.max_words is not None and len(text.split()) > self.max_words):
            return False
        if self.kind in ("exact", "tail", "block"):
            return _norm(text) in {_norm(t) for t in self.texts}
        if self.kind == "prefix":
            norm = _norm(text, colon=False)
            return any(_starts(norm, _norm(t, colon=False)) for t in self.texts)
        assert self.regex is not None
        return self._may_match(text) and self.regex.fullmatch(text) is not None


@dataclass(frozen=True)
class _Check:
    """One pattern compiled for the line loop: exactly one of exact, prefix, regex is set."""

    name: str
    max_words: int | None
    exact: frozenset[str] | None = None
    prefix: re.Pattern[str] | None = None
    regex: re.Pattern[str] | None = None
    requires: frozenset[str] | None = None  # words one of which the casefolded line must contain


@dataclass(frozen=True)
class JunkPatterns:
    """Every junk pattern in force, indexed for fast line tests."""

    patterns: tuple[JunkPattern, ...]
    _checks: tuple[_Check, ...] = field(init=False, repr=False, compare=False)
    _exact: dict[str, tuple[tuple[int, str, int | None], ...]] = field(init=False, repr=False, compare=False)
    _words: tuple[tuple[int, tuple[str, ...]], ...] = field(init=False, repr=False, compare=False)
    _tail: dict[str, str] = field(init=False, repr=False, compare=False)
    _block: dict[str, str] = field(init=False, repr=False, compare=False)
    _exact_max: int = field(init=False, repr=False, compare=False)
    anchors: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        checks: list[_Check] = []
        exact: dict[str, list[tuple[int, str, int | None]]] = {}
        tail: dict[str, str] = {}
        block: dict[str, str] = {}
        longest = 0
        for p in self.patterns:
            if p.kind == "exact":  # one dict lookup for all of them; the order is kept to rank them
                for t in {_norm(t) for t in p.texts}:
                    exact.setdefault(t, []).append((len(checks), p.name, p.max_words))
                checks.append(_Check(p.name, p.max_words, exact=frozenset(_norm(t) for t in p.texts)))
                longest = max([longest, *(len(t) for t in p.texts)])
            elif p.kind == "prefix":
                checks.append(_Check(p.name, p.max_words, prefix=_prefix_regex(p.texts)))
            elif p.kind == "line" and p.regex is not None:
                checks.append(_Check(p.name, p.max_words, regex=p.regex,
                                     requires=frozenset(p.requires) if p.requires else None))
            elif p.kind in ("tail", "block"):
                for t in p.texts:
                    (tail if p.kind == "tail" else block).setdefault(_norm(t), p.name)
                longest = max([longest, *(len(t) for t in p.texts)])
        object.__setattr__(self, "_checks", tuple(checks))
        object.__setattr__(self, "_exact", {t: tuple(v) for t, v in exact.items()})
        # (up to n words, the required words of the checks that test lines that long), n ascending
        limits = sorted({c.max_words for c in checks if c.requires and c.max_words is not None}) + [1 << 30]
        object.__setattr__(self, "_words", tuple(
            (n, tuple(sorted({w for c in checks if c.requires and (c.max_words or n) >= n for w in c.requires})))
            for n in limits))
        object.__setattr__(self, "_tail", tail)
        object.__setattr__(self, "_block", block)
        object.__setattr__(self, "anchors", frozenset(p.name for p in self.patterns if p.anchor))
        object.__setattr__(self, "_exact_max", 2 * longest + 8)  # a longer line cannot equal a text

    def match(self, line: str) -> str | None:
        """Return the name of the first pattern (in file order) that drops `line`, or None."""
        return self.classify(line)[0]

    def classify(self, line: str) -> tuple[str | None, str | None, str | None]:
        """Return (the pattern dropping `line`, the tail it starts, the block it heads), each a name or None."""
        text = line.strip()
        if not text:
            return None, None, None
        head = _norm(text[:_PREFIX_SPAN], colon=False)
        if len(text) > self._exact_max:
            norm = None
        elif len(text) <= _PREFIX_SPAN:
            norm = head.rstrip(":").rstrip()  # what _norm(text) gives, without normalising twice
        else:
            norm = _norm(text)
        words = len(text.split())
        first = len(self._checks)  # the earliest exact pattern holding the line
        found: str | None = None
        for at, name, max_words in self._exact.get(norm, ()) if norm is not None else ():
            if max_words is None or words <= max_words:
                first, found = at, name
                break
        folded = text.casefold()
        present: set[str] | None = None  # the required words in the line, found once when first needed
        for check in self._checks[:first]:
            if check.exact is not None or (check.max_words is not None and words > check.max_words):
                continue
            if check.prefix is not None:
                if check.prefix.match(head):
                    found = check.name
                    break
            elif check.regex is not None:
                if check.requires is not None:
                    if present is None:
                        needed = next(ws for n, ws in self._words if words <= n)
                        present = {w for w in needed if w in folded}
                    if check.requires.isdisjoint(present):
                        continue
                if check.regex.fullmatch(text):
                    found = check.name
                    break
        if norm is None:
            return found, None, None
        return found, self._tail.get(norm), self._block.get(norm)

    def tail(self, line: str) -> str | None:
        """Return the name of the tail pattern that `line` starts (everything after is junk), or None."""
        return self.classify(line)[1]

    def block(self, line: str) -> str | None:
        """Return the name of the block pattern that `line` heads (promos up to the next paragraph), or None."""
        return self.classify(line)[2]

    def names(self) -> tuple[str, ...]:
        """Return the names of the patterns in force, in order."""
        return tuple(p.name for p in self.patterns)


def _norm(text: str, *, colon: bool = True) -> str:
    """Casefold, unify quotes and dashes, collapse spaces and (unless `colon` is False) drop a final ':'."""
    folded = _SPACES.sub(" ", text.translate(_QUOTES).casefold()).strip()
    return folded.rstrip(":").rstrip() if colon else folded


def _prefix_regex(texts: tuple[str, ...]) -> re.Pattern[str]:
    """One regex matching any of `texts` at the start of a normalised line, at a word boundary."""
    parts = sorted({_norm(t, colon=False) for t in texts}, key=len, reverse=True)
    return re.compile("|".join(re.escape(p) + (r"(?!\w)" if p[-1].isalnum() else "") for p in parts))


def _starts(norm: str, prefix: str) -> bool:
    """True if `norm` starts with `prefix` at a word boundary ('donate' does not start 'donated')."""
    if not norm.startswith(prefix):
        return False
    if len(norm) == len(prefix) or not prefix[-1].isalnum():
        return True
    return not norm[len(prefix)].isalnum()


# ------------------------------------------------------------------ loading


def load_junk(content_dir: Path) -> JunkPatterns:
    """Load the packaged junk patterns plus `content/junk.yaml` (a site's additions and `disable` list)."""
    patterns = list(_packaged_patterns())
    site_file = content_dir / SITE_JUNK
    if site_file.is_file():
        extra, disabled = _load_file(site_file, packaged=False)
        known = {p.name: p for p in patterns}
        for node in disabled:
            name = node.as_str()
            if name not in known:
                hint = did_you_mean(name, known)
                raise node.error(f"no packaged junk pattern is called {name!r}" + (f"; {hint}" if hint else ""))
        off = {n.as_str() for n in disabled}
        patterns = [p for p in patterns if p.name not in off]
        for p in extra:
            if p.name in known:
                raise ConfigError(f"a packaged junk pattern ({known[p.name].source}) already has this name; "
                                  f"choose another name, or list {p.name!r} under disable: to replace it",
                                  path=site_file, line=int(p.source.rsplit(":", 1)[1]), key="name")
        patterns.extend(extra)
    return JunkPatterns(tuple(patterns))


@lru_cache(maxsize=1)
def _packaged_patterns() -> tuple[JunkPattern, ...]:
    """The packaged patterns, read and checked once per process."""
    return tuple(_load_file(PACKAGED_JUNK, packaged=True)[0])


def _load_file(path: Path, *, packaged: bool) -> tuple[list[JunkPattern], list[YNode]]:
    """Read and check one junk YAML file."""
    root = load_yaml(path)
    if root.value is None:
        return [], []
    top = root.mapping(("patterns",) if packaged else ("patterns", "disable"))
    patterns: list[JunkPattern] = []
    seen: dict[str, int] = {}
    for node in top["patterns"].sequence() if "patterns" in top else []:
        pattern = _pattern(node)
        if pattern.name in seen:
            raise node.error(f"a junk pattern named {pattern.name!r} is already defined on line "
                             f"{seen[pattern.name]}; names must be unique", key=f"{node.key}.name")
        seen[pattern.name] = node.line
        patterns.append(pattern)
    disabled = top["disable"].sequence() if "disable" in top else []
    return patterns, disabled


def _pattern(node: YNode) -> JunkPattern:
    """Check one pattern mapping and build it, verifying its examples and keeps."""
    m = node.mapping(_PATTERN_KEYS, required=("name", "kind", "description", "examples"))
    name = m["name"].as_str()
    if not _NAME.fullmatch(name):
        raise m["name"].error(f"{name!r} is not a pattern name; use lowercase letters, digits and dashes")
    kind = m["kind"].as_str()
    if kind not in KINDS:
        hint = did_you_mean(kind, KINDS)
        raise m["kind"].error(f"unknown kind {kind!r}; " + (hint or f"expected one of: {', '.join(KINDS)}"))
    texts: tuple[str, ...] = ()
    regex: re.Pattern[str] | None = None
    if kind == "line":
        if "texts" in m:
            raise m["texts"].error("a 'line' pattern takes a regex, not texts")
        if "regex" not in m:
            raise node.error("missing key 'regex' (a 'line' pattern needs one)")
        ignore_case = m["ignore_case"].as_bool() if "ignore_case" in m else True
        requires = tuple(w.as_str().casefold() for w in _nonempty_list(m["requires"])) if "requires" in m else ()
        source = m["regex"].as_str()
        try:
            regex = re.compile(source, re.IGNORECASE if ignore_case else 0)
        except re.error as err:
            raise m["regex"].error(f"not a valid regular expression: {err.msg} at position {err.pos}") from None
    else:
        if "regex" in m:
            raise m["regex"].error(f"a {kind!r} pattern takes texts, not a regex (use kind: line for a regex)")
        for key in ("ignore_case", "requires"):
            if key in m:
                raise m[key].error(f"{key} applies to regex patterns only")
        requires = ()
        if "texts" not in m:
            raise node.error(f"missing key 'texts' (a {kind!r} pattern needs a list of texts)")
        texts = tuple(t.as_str() for t in _nonempty_list(m["texts"]))
    max_words: int | None = None
    if "max_words" in m:
        value = m["max_words"].value
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise m["max_words"].error(f"expected a whole number of at least 1, got {m['max_words'].describe()}")
        max_words = value
    anchor = m["anchor"].as_bool() if "anchor" in m else False
    pattern = JunkPattern(
        name=name,
        kind=kind,
        description=m["description"].as_str(),
        texts=texts,
        regex=regex,
        examples=tuple(e.as_str() for e in _nonempty_list(m["examples"])),
        keeps=tuple(k.as_str() for k in m["keeps"].sequence()) if "keeps" in m else (),
        max_words=max_words,
        source=node.where,
        requires=requires,
        anchor=anchor,
    )
    for example in _nonempty_list(m["examples"]):
        if not pattern.matches(example.as_str()):
            raise example.error("this example is not matched by the pattern; fix the pattern or the example")
    for keep in m["keeps"].sequence() if "keeps" in m else []:
        if pattern.matches(keep.as_str()):
            raise keep.error("this line must be kept but the pattern drops it; narrow the pattern")
    return pattern


def _nonempty_list(node: YNode) -> list[YNode]:
    items = node.sequence()
    if not items:
        raise node.error("expected a list with at least one item")
    return items


# ------------------------------------------------------------------ cleaning


@dataclass
class _Line:
    number: int  # 1-based
    text: str  # stripped
    drop: str | None = None


def clean(source: SourceFile, junk: JunkPatterns) -> CleanArticle:
    """Return the article's headline, standfirst and body paragraphs, recording every dropped line."""
    lines = [_Line(i, raw.strip()) for i, raw in enumerate(source.text.split("\n"), start=1)]
    real = [ln for ln in lines if ln.text]
    tails: list[_Line] = []
    blocks: list[_Line] = []
    for ln in real:
        match_name, tail_name, block_name = junk.classify(ln.text)
        if tail_name is not None:
            block_name = None
        ln.drop = match_name or tail_name or block_name
        if tail_name is not None:
            tails.append(ln)
        elif block_name is not None:
            blocks.append(ln)

    _drop_menu_runs(real)
    wrapped = _hard_wrapped(lines)
    first = _first_paragraph(real, 0)
    if first is not None:  # tails, blocks and author boxes end or interrupt a body that has begun
        tail_at = next((ln for ln in tails if ln.number > first.number), None)
        if tail_at is not None:
            _drop([ln for ln in real if ln.number > tail_at.number and ln.drop is None], tail_at.drop or "")
        for marker in blocks:
            if marker.number > first.number:
                _drop_block(real, marker)
        if not wrapped:
            _drop_author_boxes(real, first.number)
            _drop_trailing(real)

    headline = None if wrapped else _anchored_headline(real, junk.anchors)
    if headline is not None:
        _drop([ln for ln in real if ln.number < headline.number and ln.drop is None], "masthead")
    content = [ln for ln in real if ln.drop is None]

    title = source.id
    standfirst: str | None = None
    groups = _paragraphs(lines, content)
    if groups:
        head_text, _ = groups[0]
        title = _SITE_SUFFIX.sub("", head_text)
        key = _headline_key(head_text)
        rest = groups[1:]
        for text, members in rest[:REPEAT_WINDOW]:
            if abs(len(text) - len(head_text)) <= _REPEAT_SLACK and _headline_key(text) == key:
                _drop(members, "repeated-headline")
        rest = [g for g in rest if g[1][0].drop is None]
        if len(rest) > 1 and _is_standfirst(rest[0][0]) \
                and (headline is None or _next_real(real, headline) is rest[0][1][0]):
            standfirst = rest[0][0]
            rest = rest[1:]
        if headline is not None:  # between headline and body: bylines, captions, counters, share labels
            body = _first_paragraph(real, headline.number)
            for text, members in rest:
                if body is not None and members[0].number < body.number and not _ends_as_sentence(text):
                    _drop(members, "header-furniture")
            rest = [g for g in rest if g[1][0].drop is None]
        groups = ([groups[0]] if _reads_as_sentence(head_text) else []) + rest
        if len(title) > TITLE_MAX_CHARS:
            title = title[:TITLE_MAX_CHARS].rsplit(" ", 1)[0].rstrip(",;:–- ") + "…"

    kept: list[str] = []
    for i, (text, members) in enumerate(groups):
        if 0 < i < len(groups) - 1 and _is_related_headline(text) \
                and _is_real_paragraph(groups[i - 1][0]) and _is_real_paragraph(groups[i + 1][0]):
            _drop(members, "related-headline")
            continue
        kept.append(text)

    removed = tuple(Removal(ln.number, ln.text, ln.drop) for ln in real if ln.drop is not None)
    return CleanArticle(id=source.id, title=title, paragraphs=tuple(kept), standfirst=standfirst, removed=removed)


def _first_paragraph(real: list[_Line], after: int) -> _Line | None:
    """The first surviving line after line number `after` that is a real paragraph (where the body starts)."""
    return next((ln for ln in real if ln.number > after and ln.drop is None and _is_real_paragraph(ln.text)), None)


def _next_real(real: list[_Line], line: _Line) -> _Line | None:
    """The non-blank line right after `line`, whether dropped or not."""
    at = real.index(line)
    return real[at + 1] if at + 1 < len(real) else None


def _drop_block(real: list[_Line], marker: _Line) -> None:
    """Drop the promo lines a block marker ('Read more', 'Related article') heads, up to the next paragraph."""
    for ln in real:
        if ln.number <= marker.number or ln.drop is not None:
            continue
        if _is_real_paragraph(ln.text):
            return
        ln.drop = marker.drop


def _anchored_headline(real: list[_Line], anchors: frozenset[str]) -> _Line | None:
    """The headline next to the first byline or time stamp above the body, or None when the page shows none.

    The headline is the first of the (at most `TITLE_BLOCK`) surviving lines right above the
    byline/stamp that has `HEADLINE_MIN_WORDS` words (the second is a standfirst), else the first
    such line right below it (a stamp printed above the headline); menu items are shorter.
    """
    body = _first_paragraph(real, 0)
    limit = real.index(body) if body is not None else len(real)
    at = next((i for i in range(limit) if real[i].drop in anchors), None)
    if at is None:
        return None
    end = at
    while end + 1 < limit and real[end + 1].drop in anchors:
        end += 1
    above = _surviving_run(real, range(at - 1, -1, -1))[::-1]
    below = _surviving_run(real, range(end + 1, limit))
    for group in (above, below):
        for ln in group:
            if len(ln.text.split()) >= HEADLINE_MIN_WORDS:
                return ln
    return above[-1] if above else (below[0] if below else None)


def _surviving_run(real: list[_Line], order: range) -> list[_Line]:
    """Up to `TITLE_BLOCK` consecutive surviving lines in `order`, junk lines before the first skipped."""
    run: list[_Line] = []
    for i in order:
        if real[i].drop is None:
            run.append(real[i])
            if len(run) == TITLE_BLOCK:
                break
        elif run:
            break
    return run


def _drop_author_boxes(real: list[_Line], after: int) -> None:
    """Drop author boxes after the body start: a name line, an optional job line, a bio opening with the name."""
    for i, ln in enumerate(real):
        if ln.number <= after or not _is_name_line(ln.text):
            continue
        j = i + 1
        if j < len(real) and _is_menu_item(real[j].text) and not _is_name_line(real[j].text):
            j += 1  # 'Reporter', 'Kyiv correspondent'
        if j >= len(real):
            continue
        name = ln.text.casefold().split()
        bio = real[j].text.casefold()
        if bio.startswith(" ".join(name) + " ") or bio.split()[0] == name[-1]:
            _drop([x for x in real[i:j + 1] if x.drop is None], "author-box")
            if ln.drop is None:
                ln.drop = "author-box"


def _is_name_line(text: str) -> bool:
    """True for a line that is only a person's name: 2–4 capitalised words, no punctuation at the end."""
    words = text.split()
    return 2 <= len(words) <= AUTHOR_NAME_WORDS and all(_NAME_WORD.fullmatch(w) for w in words)


def _drop_trailing(real: list[_Line]) -> None:
    """Drop short unpunctuated lines in the page furniture after the body (topic lists, footer links, promos).

    The furniture starts at the first junk line after the last real paragraph; a short line
    right after the last paragraph, before any junk, may still be the article's and is kept.
    """
    last = next((ln for ln in reversed(real) if ln.drop is None and _is_real_paragraph(ln.text)), None)
    if last is None:
        return
    in_furniture = False
    for ln in real:
        if ln.number <= last.number:
            continue
        if ln.drop is not None:
            in_furniture = True
        elif in_furniture and not _ends_as_sentence(ln.text) and len(ln.text.split()) <= TRAILING_MAX_WORDS:
            ln.drop = "trailing-furniture"


def _drop_menu_runs(real: list[_Line]) -> None:
    """Drop runs of very short lines (menus, author boxes) above the first real paragraph.

    A run is at least `MENU_MIN_RUN` consecutive lines that are junk or at most
    `MENU_MAX_WORDS` words long. Its short lines go, except the last one, which may be
    a short headline: it goes only when the run holds `MENU_MIN_ITEMS` short lines and
    a longer line (the headline) follows before the body.
    """
    run: list[_Line] = []
    seen_headline = False
    for ln in real:
        body_starts = ln.drop is None and _is_real_paragraph(ln.text)
        if not body_starts and (ln.drop is not None or _is_menu_item(ln.text)):
            run.append(ln)
            continue
        _close_run(run, keep_last=body_starts and not seen_headline)
        run = []
        if body_starts:
            return
        seen_headline = True
    _close_run(run, keep_last=not seen_headline)


def _close_run(run: list[_Line], *, keep_last: bool) -> None:
    if len(run) < MENU_MIN_RUN:
        return
    short = [x for x in run if x.drop is None]
    last = run[-1] if run[-1].drop is None else None
    _drop([x for x in short if x is not last], "menu-run")  # followed by more menu: not a headline
    if last is not None and len(short) >= MENU_MIN_ITEMS and not keep_last:
        _drop([last], "menu-run")


def _is_menu_item(text: str) -> bool:
    return len(text.split()) <= MENU_MAX_WORDS and not _ends_as_sentence(text)


def _drop(members: list[_Line], name: str) -> None:
    for ln in members:
        ln.drop = name


def _paragraphs(lines: list[_Line], body: list[_Line]) -> list[tuple[str, list[_Line]]]:
    """Group body lines into paragraphs: one per line, or per blank-separated block when hard-wrapped."""
    if not body:
        return []
    if not _hard_wrapped(lines):
        return [(ln.text, [ln]) for ln in body]
    block_of: dict[int, int] = {}
    block = 0
    for ln in lines:
        if not ln.text:
            block += 1
        block_of[ln.number] = block
    groups: list[tuple[str, list[_Line]]] = []
    last_block = -1
    for ln in body:
        if groups and block_of[ln.number] == last_block:
            text, members = groups[-1]
            groups[-1] = (f"{text} {ln.text}", [*members, ln])
        else:
            groups.append((ln.text, [ln]))
        last_block = block_of[ln.number]
    return groups


def _hard_wrapped(lines: list[_Line]) -> bool:
    """True when the text looks wrapped at a fixed width: short lines, blank-separated multi-line blocks."""
    texts = [ln.text for ln in lines if ln.text]
    if len(texts) < 4 or max(len(t) for t in texts) > WRAP_MAX_CHARS:
        return False
    runs, run = [], 0
    for ln in lines:
        if ln.text:
            run += 1
        else:
            if run:
                runs.append(run)
            run = 0
    if run:
        runs.append(run)
    long_lines = sum(1 for t in texts if len(t) >= WRAP_MAX_CHARS * 0.55)
    return len(runs) >= 2 and max(runs) >= 3 and long_lines * 2 >= len(texts)


def _headline_key(text: str) -> str:
    return _norm(_SITE_SUFFIX.sub("", text)).rstrip(".!").rstrip()


def _ends_as_sentence(text: str) -> bool:
    core = text.rstrip().rstrip(_TRAILING_CLOSERS).rstrip()
    return bool(core) and core[-1] in _SENTENCE_END


def _is_standfirst(text: str) -> bool:
    low, high = STANDFIRST_WORDS
    return low <= len(text.split()) <= high and not _ends_as_sentence(text)


def _is_related_headline(text: str) -> bool:
    low, high = RELATED_WORDS
    return len(text) <= RELATED_MAX_CHARS and low <= len(text.split()) <= high and not _ends_as_sentence(text)


def _is_real_paragraph(text: str) -> bool:
    return len(text.split()) >= REAL_PARAGRAPH_MIN_WORDS and _ends_as_sentence(text)


def _reads_as_sentence(text: str) -> bool:
    """True for a first line that is a body sentence rather than a headline."""
    core = text.rstrip().rstrip(_TRAILING_CLOSERS).rstrip()
    return core.endswith(".") and len(text.split()) >= HEADLINE_SENTENCE_WORDS

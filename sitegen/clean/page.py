"""Junk removal: an article's headline, standfirst and body paragraphs without the site furniture.

The knowledge (which lines are junk) is data: named patterns in the packaged
``sitegen/data/junk.yaml`` plus a site's ``content/junk.yaml`` (the patterns and their
line matcher are `sitegen.clean.junk`, loading them is `sitegen.clean.load`). The structure of a news page is judged here by
the shapes of its lines (`sitegen.clean.shapes`):

* **headline** — the line beside the page's first byline or time stamp (patterns marked
  ``anchor``): the first of the two surviving lines right above it that has 5+ words (the
  other is the standfirst), else such a line right below it (a stamp printed over the
  headline). Every surviving line above the headline is ``masthead`` (site name, tagline,
  consent heading, menu); short unpunctuated lines between the headline and the body
  (author lists, captions, counters, share labels) are ``header-furniture``. A page with no
  byline or stamp takes the first line that no pattern drops. Its site suffix
  (``"… | Daily Ledger"``) is cut off. A copy of it among the next few lines (with or
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
* **after the body** — a ``tail`` marker ends the page, unless more of the article's real
  paragraphs follow it than precede it (then it heads a promo block, as ``block`` markers do); a ``block`` marker ("Read more",
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

from dataclasses import dataclass

from sitegen.clean.junk import JunkPatterns
from sitegen.clean.shapes import (
    cut_site_suffix,
    ends_as_sentence,
    headline_key,
    is_menu_item,
    is_name_line,
    is_real_paragraph,
    is_related_headline,
    is_standfirst,
    reads_as_sentence,
)
from sitegen.models import CleanArticle, Removal, SourceFile

REPEAT_WINDOW = 3  # content lines after the headline searched for a repeat of it
TITLE_MAX_CHARS = 140
MENU_MIN_RUN = 3  # consecutive short-or-junk lines that make a menu …
MENU_MIN_ITEMS = 2  # … of which at least this many are not already junk
WRAP_MAX_CHARS = 100  # a file whose lines are all at most this long may be hard-wrapped
HEADLINE_MIN_WORDS = 5  # a line this long beside the byline/stamp is the headline; menu items are shorter
TITLE_BLOCK = 2  # surviving lines beside the byline/stamp searched for the headline (headline, standfirst)
TRAILING_MAX_WORDS = 20  # unpunctuated lines after the last paragraph up to this long are page furniture

_REPEAT_SLACK = 70  # a repeat of the headline differs from it in length by at most a site suffix and a period


@dataclass
class _Line:
    number: int  # 1-based
    text: str  # stripped
    drop: str | None = None


def clean(source: SourceFile, junk: JunkPatterns) -> CleanArticle:
    """Return the article's headline, standfirst and body paragraphs, recording every dropped line."""
    lines = [_Line(i, raw.strip()) for i, raw in enumerate(source.text.split("\n"), start=1)]
    real = [ln for ln in lines if ln.text]
    tails, blocks = _mark_junk(real, junk)
    _drop_menu_runs(real)
    wrapped = _hard_wrapped(lines)
    _cut_body_ends(real, tails, blocks, wrapped)
    headline = None if wrapped else _anchored_headline(real, junk.anchors)
    if headline is not None:
        _drop([ln for ln in real if ln.number < headline.number and ln.drop is None], "masthead")
    groups = _paragraphs(lines, [ln for ln in real if ln.drop is None])
    title, standfirst, groups = _head(groups, real, headline, source.id)
    kept = _without_related_headlines(groups)
    removed = tuple(Removal(ln.number, ln.text, ln.drop) for ln in real if ln.drop is not None)
    return CleanArticle(id=source.id, title=title, paragraphs=tuple(kept), standfirst=standfirst, removed=removed)


def _mark_junk(real: list[_Line], junk: JunkPatterns) -> tuple[list[_Line], list[_Line]]:
    """Phase 1: mark every line a junk pattern names; return the tail markers and the block markers."""
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
    return tails, blocks


def _cut_body_ends(real: list[_Line], tails: list[_Line], blocks: list[_Line], wrapped: bool) -> None:
    """Phase 2: tails, promo blocks and author boxes end or interrupt a body that has begun."""
    first = _first_paragraph(real, 0)
    if first is None:
        return
    tail_at = next((ln for ln in tails if ln.number > first.number and _ends_body(real, ln, first)), None)
    if tail_at is not None:
        _drop([ln for ln in real if ln.number > tail_at.number and ln.drop is None], tail_at.drop or "")
    # a tail marker above most of the body ("Trending Now" before the article) heads a promo block only
    markers = sorted([*blocks, *(ln for ln in tails if ln is not tail_at and ln.number > first.number)],
                     key=lambda ln: ln.number)
    for marker in markers:
        if marker.number > first.number:
            _drop_block(real, marker)
    if not wrapped:
        _drop_author_boxes(real, first.number)
        _drop_trailing(real)


Group = tuple[str, list[_Line]]


def _head(groups: list[Group], real: list[_Line], headline: _Line | None,
          fallback_title: str) -> tuple[str, str | None, list[Group]]:
    """Phase 3: the title, the standfirst and the body's paragraphs (repeats and header furniture dropped)."""
    if not groups:
        return fallback_title, None, groups
    standfirst: str | None = None
    head_text, _ = groups[0]
    title = cut_site_suffix(head_text)
    key = headline_key(head_text)
    rest = groups[1:]
    for text, members in rest[:REPEAT_WINDOW]:
        if abs(len(text) - len(head_text)) <= _REPEAT_SLACK and headline_key(text) == key:
            _drop(members, "repeated-headline")
    rest = [g for g in rest if g[1][0].drop is None]
    if len(rest) > 1 and is_standfirst(rest[0][0]) \
            and (headline is None or _next_real(real, headline) is rest[0][1][0]):
        standfirst = rest[0][0]
        rest = rest[1:]
    if headline is not None:  # between headline and body: bylines, captions, counters, share labels
        body = _first_paragraph(real, headline.number)
        for text, members in rest:
            if body is not None and members[0].number < body.number and not ends_as_sentence(text):
                _drop(members, "header-furniture")
        rest = [g for g in rest if g[1][0].drop is None]
    if len(title) > TITLE_MAX_CHARS:
        title = title[:TITLE_MAX_CHARS].rsplit(" ", 1)[0].rstrip(",;:–- ") + "…"
    return title, standfirst, ([groups[0]] if reads_as_sentence(head_text) else []) + rest


def _without_related_headlines(groups: list[Group]) -> list[str]:
    """Phase 4: the paragraphs' text, less related-story headlines standing between real paragraphs."""
    kept: list[str] = []
    for i, (text, members) in enumerate(groups):
        if 0 < i < len(groups) - 1 and is_related_headline(text) \
                and is_real_paragraph(groups[i - 1][0]) and is_real_paragraph(groups[i + 1][0]):
            _drop(members, "related-headline")
            continue
        kept.append(text)
    return kept


def _ends_body(real: list[_Line], marker: _Line, first: _Line) -> bool:
    """True when a tail marker really ends the body: fewer words of real paragraphs follow it than precede it."""
    before = after = 0
    for ln in real:
        if ln.drop is not None or ln.number < first.number or not is_real_paragraph(ln.text):
            continue
        if ln.number < marker.number:
            before += len(ln.text.split())
        else:
            after += len(ln.text.split())
    return after <= before


def _first_paragraph(real: list[_Line], after: int) -> _Line | None:
    """The first surviving line after line number `after` that is a real paragraph (where the body starts)."""
    return next((ln for ln in real if ln.number > after and ln.drop is None and is_real_paragraph(ln.text)), None)


def _next_real(real: list[_Line], line: _Line) -> _Line | None:
    """The non-blank line right after `line`, whether dropped or not."""
    at = real.index(line)
    return real[at + 1] if at + 1 < len(real) else None


def _drop_block(real: list[_Line], marker: _Line) -> None:
    """Drop the promo lines a block marker ('Read more', 'Related article') heads, up to the next paragraph."""
    for ln in real:
        if ln.number <= marker.number or ln.drop is not None:
            continue
        if is_real_paragraph(ln.text):
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
        if ln.number <= after or not is_name_line(ln.text):
            continue
        j = i + 1
        if j < len(real) and is_menu_item(real[j].text) and not is_name_line(real[j].text):
            j += 1  # 'Reporter', 'Kyiv correspondent'
        if j >= len(real):
            continue
        name = ln.text.casefold().split()
        bio = real[j].text.casefold()
        if bio.startswith(" ".join(name) + " ") or bio.split()[0] == name[-1]:
            _drop([x for x in real[i:j + 1] if x.drop is None], "author-box")
            if ln.drop is None:
                ln.drop = "author-box"


def _drop_trailing(real: list[_Line]) -> None:
    """Drop short unpunctuated lines in the page furniture after the body (topic lists, footer links, promos).

    The furniture starts at the first junk line after the last real paragraph; a short line
    right after the last paragraph, before any junk, may still be the article's and is kept.
    """
    last = next((ln for ln in reversed(real) if ln.drop is None and is_real_paragraph(ln.text)), None)
    if last is None:
        return
    in_furniture = False
    for ln in real:
        if ln.number <= last.number:
            continue
        if ln.drop is not None:
            in_furniture = True
        elif in_furniture and not ends_as_sentence(ln.text) and len(ln.text.split()) <= TRAILING_MAX_WORDS:
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
        body_starts = ln.drop is None and is_real_paragraph(ln.text)
        if not body_starts and (ln.drop is not None or is_menu_item(ln.text)):
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

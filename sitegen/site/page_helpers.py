"""What templates call besides the site model: an article's paragraphs cut at its entries, how its date was
found, a citation's host, Markdown made safe (the render environment's globals, sitegen.site.render)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from sitegen.models import Article
from sitegen.site.model import ArticleView, Item
from sitegen.text.markup import markdown_to_html


@dataclass(frozen=True)
class Segment:
    """A run of an article paragraph: plain text, or an entry's sentence with its anchors."""

    text: str
    ids: tuple[str, ...] = ()  # entry ids anchored here (first on the mark)
    item: Item | None = None


def host_of(url: str) -> str:
    """Return the host of a web address without a leading 'www.' ('reuters.com'), for a citation link's words."""
    host = urlsplit(url.strip()).hostname or url
    return host.removeprefix("www.")


def markdown_html(text: str) -> str:
    """Return sanitized HTML for Markdown (sitegen.text.markup's one policy)."""
    return str(markdown_to_html(text))


def article_segments(view: ArticleView) -> tuple[tuple[Segment, ...], ...]:
    """Return each paragraph of an article cut into segments, entries' sentences marked."""
    article = view.article
    ranges: dict[tuple[int, int], tuple[list[str], Item]] = {}
    for entry, item in view.entries:
        where = entry.sentence_span  # its sentence's offsets in the body, as the article stage carried them
        if where is not None:
            ranges.setdefault(where, ([], item))[0].append(entry.id)
    placed: list[tuple[int, int, tuple[str, ...], Item]] = []
    for (start, end), (ids, item) in sorted(ranges.items()):
        if placed and start < placed[-1][1]:  # overlaps the previous sentence: anchor it there
            s, e, prev, it = placed[-1]
            placed[-1] = (s, e, prev + tuple(ids), it)
            continue
        placed.append((start, end, tuple(ids), item))
    out: list[tuple[Segment, ...]] = []
    offset = 0
    for para in article.paragraphs:
        p_start, p_end = offset, offset + len(para)
        segs: list[Segment] = []
        cursor = p_start
        for start, stop, anchor_ids, anchor_item in placed:
            if start < p_start or start >= p_end:
                continue
            stop = min(stop, p_end)
            if start > cursor:
                segs.append(Segment(para[cursor - p_start:start - p_start]))
            segs.append(Segment(para[start - p_start:stop - p_start], anchor_ids, anchor_item))
            cursor = stop
        if cursor < p_end:
            segs.append(Segment(para[cursor - p_start:]))
        out.append(tuple(segs))
        offset = p_end + 2
    return tuple(out)


def unplaced_entry_ids(view: ArticleView,
                       segments: tuple[tuple[Segment, ...], ...] | None = None) -> frozenset[str]:
    """Return the ids of an article's entries whose sentence is not in its body (e.g. the headline); `segments`:
    its `article_segments`, when the page has them already."""
    cut = segments if segments is not None else article_segments(view)
    placed = {i for para in cut for seg in para for i in seg.ids}
    return frozenset(e.id for e, _ in view.entries if e.id not in placed)


def published_facts(article: Article) -> str:
    """Return how the article's publication date was found, in words."""
    source = article.published_source
    if article.published is None or source == "unknown":
        return "date unknown"
    if source == "text":
        return f"stated in the text: {article.published_evidence}" if article.published_evidence \
            else "stated in the text"
    if source == "override":
        return "from the editors' overrides"
    if source == "estimated":
        return f"estimated: {article.published_evidence}" if article.published_evidence else "estimated"
    return source

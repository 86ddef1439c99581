"""Rendering: escaping of hostile text, links that resolve inside the output, determinism, refusals."""

from __future__ import annotations

import posixpath
import re
from dataclasses import replace
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from test_sitemodel import (
    A1,
    A2,
    CONFIG,
    E_ADDED,
    E_DAY,
    E_DAY_2,
    E_HIDDEN,
    E_WITHDRAWN,
    EVENTS,
    MERGED,
    long_listing,
    make_site,
)

from sitegen.errors import SitegenError
from sitegen.models import Cite, Correction, OutletRef
from sitegen.site.page_helpers import article_segments, published_facts, unplaced_entry_ids
from sitegen.site.render import TEMPLATES_MISSING, render_site

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


class Links(HTMLParser):
    """Collect every href/src and every id of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str, str]] = []  # (tag, attr, value)
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.links.append((tag, name, value))
            if name == "id" and value is not None:
                self.ids.append(value)


def parse(html: bytes) -> Links:
    p = Links()
    p.feed(html.decode("utf-8"))
    return p


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return render_site(make_site(), TEMPLATES)


def page(files: dict[str, bytes], path: str) -> str:
    return files[path].decode("utf-8")


# ------------------------------------------------------------------ escaping


@pytest.mark.parametrize("path", ["index.html", "articles/a2-repost/index.html", "articles/a3-undated/index.html",
                                  "sources/esocialnews/index.html", "about/index.html", "corrections/index.html"])
def test_hostile_text_is_escaped_everywhere(files: dict[str, bytes], path: str) -> None:
    html = page(files, path)
    assert "<script>alert" not in html
    assert "alert(3)" not in html
    assert "49" not in re.sub(r"\d{3,}|\d+\.\d+", "", html)  # {{ 7*7 }} was never evaluated
    assert 'href="javascript:' not in html.replace(" ", "")


def test_template_syntax_in_text_is_shown_literally(files: dict[str, bytes]) -> None:
    assert "{{ 7*7 }}" in page(files, "articles/a2-repost/index.html")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }}" in page(files, "articles/a2-repost/index.html")
    assert "{{ 7*7 }}" in page(files, "about/index.html")


@pytest.mark.parametrize(
    ("url", "linked"),
    [("https://example.org/a", True), ("http://example.org/a", True), ("javascript:alert(1)", False),
     (" JavaScript:alert(1)", False), ("ftp://example.org/x", False), ("data:text/html,x", False), ("//evil", False)],
)
def test_original_linked_only_for_http(url: str, linked: bool) -> None:
    site = make_site(articles=(replace(A1, url=url),), events=())
    html = page(render_site(site, TEMPLATES), "articles/a1-wire/index.html")
    assert ('rel="noopener noreferrer nofollow"' in html) is linked
    if not linked:
        assert "not linked" in html or "no address" in html


# ------------------------------------------------------------------ links


def test_every_relative_link_resolves_inside_the_output(files: dict[str, bytes]) -> None:
    assert links_resolve(files) > 100


def links_resolve(files: dict[str, bytes]) -> int:
    """Assert that every relative link of every page reaches a file and an id of the output; return how many."""
    ids = {path: set(parse(data).ids) for path, data in files.items() if path.endswith(".html")}
    checked = 0
    for path, data in files.items():
        if not path.endswith(".html") or path == "404.html":
            continue
        for tag, attr, value in parse(data).links:
            parts = urlsplit(value)
            if parts.scheme in ("http", "https"):
                assert tag == "a", f"{path}: {tag} {attr}={value} loads from another host"
                continue
            assert not parts.scheme and not value.startswith("/"), f"{path}: {value} is not relative"
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), unquote(parts.path))) \
                if parts.path else path
            if value.endswith("/") or target.endswith("/"):
                target = posixpath.join(target, "index.html")
            assert target in files, f"{path}: {value} -> {target} is not in the output"
            if parts.fragment and target.endswith(".html"):
                assert unquote(parts.fragment) in ids[target], f"{path}: #{parts.fragment} not in {target}"
            checked += 1
    return checked


def test_404_links_are_relative_to_the_site_folder_or_absolute() -> None:
    html = page(render_site(make_site(), TEMPLATES), "404.html")
    assert 'href="static/style.css"' in html and 'href="index.html"' in html
    assert 'href="/' not in html and 'src="/' not in html
    site = make_site(config=replace(CONFIG, base_url="https://example.org/war/"))
    html = page(render_site(site, TEMPLATES), "404.html")
    assert 'href="https://example.org/war/static/style.css"' in html
    assert 'rel="canonical"' not in html


def test_canonical_only_with_base_url(files: dict[str, bytes]) -> None:
    assert 'rel="canonical"' not in page(files, "index.html")
    site = make_site(config=replace(CONFIG, base_url="https://example.org/war"))
    html = page(render_site(site, TEMPLATES), "articles/a1-wire/index.html")
    assert '<link rel="canonical" href="https://example.org/war/articles/a1-wire/">' in html


def test_no_duplicate_ids_on_any_page(files: dict[str, bytes]) -> None:
    for path, data in files.items():
        if path.endswith(".html"):
            found = parse(data).ids
            assert len(found) == len(set(found)), path


# ------------------------------------------------------------------ what pages show


def test_index_entry_shows_dates_badges_and_permalinks(files: dict[str, bytes]) -> None:
    html = page(files, "index.html")
    li = html[html.index(f'<li id="{MERGED.id}"'):]
    li = li[: li.index("</article>")]
    assert 'data-outlet="ap esocialnews"' in li and 'data-kind="aggregator newspaper wire"' in li
    assert 'data-places="kharkiv"' in li and 'data-claim="stated"' in li
    assert 'data-corroborated="true"' in li and 'data-date="2024-05-10"' in li
    assert '<time datetime="2024-05-10">10 May 2024</time>' in li
    assert "<mark>10 May 2024</mark>" in li
    assert "reported by 2 independent sources" in li
    assert "sources disagree on the number: 20 km / 30 km" in li
    assert f'<span id="{E_DAY_2.id}" class="anchor"></span>' in li
    assert f'data-copy="index.html#{MERGED.id}"' in li
    assert f'href="articles/a1-wire/index.html#{E_DAY.id}"' in li
    assert ", via <span class=\"badge outlet kind-newspaper\">The Washington Post" in li
    assert "Russia opens a new front near Kharkiv" in li


@pytest.mark.parametrize(
    ("needle",),
    [("Claim: Kyiv",), ("Unverified: Moscow",), ("cites Bloomberg",), ("estimated date",), ("date unknown",),
     ("(date: 5 April 2022 → 6 April 2022): The Pentagon spoke on 6 April, not 5 April.",), ('<time datetime="2024-W19">',),
     ('<time datetime="2022-09">autumn 2022</time>',), ('<time datetime="2023">2023</time>',),
     ('<form class="filters" hidden',), ('<div id="search"',), ('id="m-2024-05"',), ('id="background"',),
     ('<option value="kharkiv">Kharkiv (1)</option>',), ('<option value="kursk">Kursk incursion (1)</option>',),
     ('<script src="static/timeline.js" defer></script>',), ('<g role="img" aria-labelledby="overview-title overview-desc">',),
     ('<a href="#m-2024-05" aria-label="May 2024: 3 entries">',), ("<summary>The numbers as a table</summary>",)],
)
def test_index_shows(files: dict[str, bytes], needle: str) -> None:
    assert needle in page(files, "index.html")


def test_hidden_entry_nowhere(files: dict[str, bytes]) -> None:
    for path, data in files.items():
        assert E_HIDDEN.id.encode() not in data, path


@pytest.mark.parametrize(("enabled", "word"), [(True, 'data-search="on"'), (False, 'data-search="off"')])
def test_search_box_says_whether_search_is_on(enabled: bool, word: str) -> None:
    html = page(render_site(replace(make_site(), search_enabled=enabled), TEMPLATES), "index.html")
    assert word in html
    assert ("Search is off" in html) is not enabled
    assert ("Search needs JavaScript" in html) is enabled


def test_article_page_marks_sentences_and_shows_facts(files: dict[str, bytes]) -> None:
    html = page(files, "articles/a1-wire/index.html")
    assert f'<mark id="{E_DAY.id}">Russian forces crossed the border near Kharkiv on 10 May 2024' in html
    assert f'href="../../index.html#{E_DAY.id}"' in html
    assert "from the editors&#39; overrides" in html
    assert 'href="https://example.org/a1?x=1&amp;y=2" rel="noopener noreferrer nofollow"' in html
    assert "<summary>What the cleaner removed (1 line)</summary>" in html
    assert "Subscribe to our newsletter" in html
    assert "stated in the text: stamp &#34;6 Apr, 2022 10:00&#34; on line 2" in page(
        files, "articles/a2-repost/index.html")
    assert "date unknown" in page(files, "articles/a3-undated/index.html")


@pytest.mark.parametrize(
    ("source", "evidence", "expected"),
    [("text", "stamp", "stated in the text: stamp"), ("override", "x.yaml", "from the editors' overrides"),
     ("estimated", "reports X as past", "estimated: reports X as past"), ("unknown", "", "date unknown")],
)
def test_published_facts(source: str, evidence: str, expected: str) -> None:
    art = replace(A1, published_source=source, published_evidence=evidence,
                  published=None if source == "unknown" else A1.published)
    assert published_facts(art) == expected


def test_article_segments_cover_the_text_exactly() -> None:
    site = make_site()
    view = next(a for a in site.articles if a.article.id == A2.id)
    segs = article_segments(view)
    assert ["".join(s.text for s in para) for para in segs] == list(A2.paragraphs)
    assert [s.ids for para in segs for s in para if s.ids] == [(E_WITHDRAWN.id,), (E_DAY_2.id,), ("a2-repost-s2-d1",)]


def test_unplaced_entries_are_those_not_cut_into_the_body_with_the_page_s_segments_or_without() -> None:
    site = make_site()
    view = next(a for a in site.articles if a.article.id == A2.id)
    (first, item), *rest = view.entries
    view = replace(view, entries=((replace(first, sentence_span=None), item), *rest))  # e.g. the headline's
    assert unplaced_entry_ids(view) == unplaced_entry_ids(view, article_segments(view)) == {first.id}
    assert unplaced_entry_ids(view, ()) == frozenset(e.id for e, _ in view.entries)  # segments as given


def test_outlet_place_corrections_about_pages(files: dict[str, bytes]) -> None:
    assert "Wire" in page(files, "sources/ap/index.html") and "US" in page(files, "sources/ap/index.html")
    kharkiv = page(files, "places/kharkiv/index.html")
    assert "49.9935, 36.2304" in kharkiv and "openstreetmap.org" in kharkiv
    corrections = page(files, "corrections/index.html")
    assert "<li>date: 5 April 2022 → 6 April 2022</li>" in corrections
    assert ('Corrected on <time datetime="2022-04-08">8 April 2022</time>. The Pentagon spoke on 6 April, not '
            "5 April.") in corrections
    assert "Removed (day not recorded). A rumour, withdrawn by its source." in corrections
    assert E_HIDDEN.text in corrections  # listed as removed, with its words, but no anchor to it anywhere
    entry_badge = ('<li class="badge corrected">corrected on <time datetime="2022-04-08">8 April 2022</time> '
                   "(date: 5 April 2022 → 6 April 2022): The Pentagon spoke on 6 April, not 5 April.</li>")
    assert entry_badge in page(files, "index.html")
    about = page(files, "about/index.html")
    assert "Badge legend" in about and "state" in about.lower()
    assert "Attributed claim" in about and "Cites an outlet" in about
    assert f'<li id="{E_ADDED.id}"' in page(files, "index.html")


def testlong_listings_link_their_year_pages_and_each_year_page_its_neighbours() -> None:
    files = render_site(long_listing(420, (2023, 2024)), TEMPLATES)
    assert links_resolve(files) > 1000
    outlet = page(files, "sources/ap/index.html")
    assert ('<li><a href="../../sources/ap/2023/index.html">2023</a> <span class="count">(210 entries)</span></li>'
            in outlet)
    assert 'class="items"' not in outlet  # the items are on the year pages
    year = page(files, "places/kyiv/2024/index.html")
    assert "<title>Kyiv, 2024 — Test chronology</title>" in year
    assert '<p class="lede">210 entries. <a href="../../../places/kyiv/index.html">All about Kyiv</a>.</p>' in year
    assert '<li><a href="../2023/index.html">2023</a></li>' in year
    assert '<li><a href="#main" aria-current="page">2024</a></li>' in year
    assert year.count('<li id="big-') == 210 and "Event 1 happened." in year and "Event 0 happened." not in year


def test_a_long_background_is_linked_from_the_index_and_searched_on_its_year_pages() -> None:
    files = render_site(long_listing(420, (2019, 2020), with_site_events=True), TEMPLATES)
    assert links_resolve(files) > 1000
    index = page(files, "index.html")
    assert '<li><a href="background/2019/index.html">2019</a> (210 entries)</li>' in index
    assert '<li id="big-' not in index
    year = page(files, "background/2020/index.html")
    assert ('<p class="lede">210 entries the articles mention that lie wholly before or after the chronology\'s '
            'span. <a href="../../index.html#background">Back to the overview</a>.</p>') in year
    assert '<div class="chronology" data-pagefind-body>' in year and year.count('<li id="big-') == 210
    assert year.split("<body>")[0].count("application/atom+xml") == 1  # the site's feed: the background has none
    outlet_year = page(files, "sources/ap/2019/index.html")
    assert outlet_year.split("<body>")[0].count("application/atom+xml") == 2
    assert "data-pagefind-body" not in outlet_year  # the background's own pages are searched, an outlet's are not


def test_a_party_cited_by_many_sources_of_an_item_is_one_badge() -> None:
    bloomberg = (Cite("Bloomberg", "outlet", "according to Bloomberg"),)
    both = replace(MERGED, entries=(replace(E_DAY, cites=bloomberg), replace(E_DAY_2, cites=bloomberg)))
    site = make_site(events=tuple(both if e is MERGED else e for e in EVENTS))
    item = next(i for i in site.items if i.id == MERGED.id)
    assert item.cited == ("Bloomberg",) and item.badges.count("cites Bloomberg") == 1
    index = page(render_site(site, TEMPLATES), "index.html")
    shown = index[index.index(f'<li id="{MERGED.id}"'):]
    assert shown[:shown.index("</article>")].count('<li class="badge cites">cites Bloomberg</li>') == 1


def test_build_stamp_appears_only_with_epoch(files: dict[str, bytes]) -> None:
    assert not any(b"Built " in d for d in files.values())
    stamped = render_site(make_site(build_epoch=1724492460), TEMPLATES)
    assert "Built 2024-08-24 09:41 UTC." in page(stamped, "index.html")


# ------------------------------------------------------------------ determinism and refusals


def test_render_is_deterministic() -> None:
    assert render_site(make_site(), TEMPLATES) == render_site(make_site(), TEMPLATES)


def test_static_files_copied(files: dict[str, bytes]) -> None:
    assert files["static/style.css"] == (TEMPLATES / "static" / "style.css").read_bytes()
    assert "favicon.svg" in files and "static/favicon.svg" not in files


def test_duplicate_output_path_refused() -> None:
    clash = replace(A2, outlet=OutletRef("A.P.", "A.P.", "wire", "ap"), via=None)
    site = make_site(articles=(A1, clash))
    with pytest.raises(SitegenError) as err:
        render_site(site, TEMPLATES)
    assert str(err.value) == ("two producers write the same output path sources/ap/index.html: "
                              "outlet 'A.P.' and outlet 'Associated Press'")


def test_missing_templates_folder(tmp_path: Path) -> None:
    with pytest.raises(SitegenError) as err:
        render_site(make_site(), tmp_path / "nowhere")
    assert str(err.value) == f"{tmp_path / 'nowhere'}: {TEMPLATES_MISSING}"


@pytest.mark.parametrize(
    ("source", "line", "message"),
    [("{% extends 'base.html' %}\n{% block main %}\n{% if %}\n{% endblock %}\n", 3,
      "template error: Expected an expression, got 'end of statement block'"),
     ("line one\n\n{{ site.nope }}\n", 3, "template error: 'sitegen.site.records.Site object' has no attribute 'nope'")],
)
def test_template_error_names_file_and_line(tmp_path: Path, source: str, line: int, message: str) -> None:
    for p in TEMPLATES.glob("*.html"):
        (tmp_path / p.name).write_text(p.read_text("utf-8"), "utf-8")
    (tmp_path / "corrections.html").write_text(source, "utf-8")
    with pytest.raises(SitegenError) as err:
        render_site(make_site(), tmp_path)
    assert err.value.path is not None and err.value.path.endswith("corrections.html")
    assert err.value.line == line
    assert err.value.message == message


# ------------------------------------------------------------------ search index


def test_post_process_does_nothing_without_pagefind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sitegen.site.search as search_mod

    (tmp_path / "index.html").write_text("<html><body><main>x</main></body></html>", "utf-8")
    monkeypatch.setattr(search_mod, "search_available", lambda: False)
    search_mod.post_process(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.html"]


def test_post_process_builds_a_deterministic_index(tmp_path: Path) -> None:
    from sitegen.site.search import post_process, search_available

    if not search_available():
        pytest.skip("pagefind is not installed (pip install '.[search]')")
    outputs = []
    for name in ("one", "two"):
        folder = tmp_path / name
        for rel, data in render_site(make_site(), TEMPLATES).items():
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).write_bytes(data)
        post_process(folder)
        outputs.append({p.relative_to(folder / "pagefind").as_posix(): p.read_bytes()
                        for p in sorted((folder / "pagefind").rglob("*")) if p.is_file()})
    assert "pagefind-ui.js" in outputs[0]
    assert outputs[0] == outputs[1]


def test_entry_outside_the_body_is_anchored_in_the_entry_list() -> None:
    from test_sitemodel import EVENTS, single

    from sitegen.models import Entry

    headline = Entry(id="a1-wire-title", article=A1.id, value="2024-05-15", precision="day", text=A1.title,
                     kind="publication")
    files = render_site(make_site(events=(*EVENTS, single(headline))), TEMPLATES)
    html = page(files, "articles/a1-wire/index.html")
    assert '<li id="a1-wire-title"><a href="../../index.html#a1-wire-title">' in html
    test_every_relative_link_resolves_inside_the_output(files)
    test_no_duplicate_ids_on_any_page(files)


def test_corrections_page_lists_corrected_removed_and_added_entries() -> None:
    html = page(render_site(make_site(), TEMPLATES), "corrections/index.html")
    assert "<h2>Removed from the chronology</h2>" in html and "<h2>Added by the editors</h2>" in html
    assert E_HIDDEN.text in html and E_ADDED.text in html
    assert f"Removed (day not recorded). {E_HIDDEN.note}" in html
    assert html.index("<h2>Corrected entries</h2>") < html.index("<h2>Removed from the chronology</h2>")
    assert 'href="feed.xml"' in html  # the corrections feed, from the page and its head


def test_the_corrections_feed_lists_dated_corrections_newest_first() -> None:
    later = replace(E_DAY_2, corrected=("claim",), note="Attributed to the ministry.",
                    corrections=(Correction("claim", "stated", "attributed to Ministry", "Attributed to the ministry.",
                                            date(2024, 5, 20), "content/overrides/a.yaml:12"),))
    events = tuple(replace(ev, entries=tuple(later if e.id == E_DAY_2.id else e for e in ev.entries))
                   for ev in EVENTS)
    files = render_site(make_site(events=events), TEMPLATES)
    feed = files["corrections/feed.xml"].decode("utf-8")
    entries = re.findall(r"<entry>.*?</entry>", feed, re.DOTALL)
    assert [re.search(r"<updated>(.*?)</updated>", e).group(1) for e in entries] == [  # type: ignore[union-attr]
        "2024-05-20T00:00:00Z", "2022-04-08T00:00:00Z"]  # the undated removal is on the page, not in the feed
    assert "<title>Entry corrected: " in entries[0] and "claim: stated → attributed to Ministry" in entries[0]
    assert "Why: Attributed to the ministry." in entries[0]
    assert '<link rel="alternate" type="text/html" href="../index.html#' in entries[0]
    assert "<updated>2024-05-20T00:00:00Z</updated>\n  <author>" in feed  # the feed's own: its newest entry
    page_html = files["corrections/index.html"].decode("utf-8")
    assert page_html.index("claim: stated → attributed to Ministry") < page_html.index("date: 5 April 2022")

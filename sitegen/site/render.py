"""Render the site model into output files (path -> bytes) through the Jinja templates, one file at a time."""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from sitegen.errors import SitegenError
from sitegen.models import Page
from sitegen.site import corrections, overview
from sitegen.site.fragments import ItemFragments
from sitegen.site.listings import MonthPage
from sitegen.site.markup import ItemMarkup, SiteRecorder
from sitegen.site.model import ArticleView, Item, OutletPage, PageSpec, PlacePage, Site, Year, YearListing
from sitegen.site.page_helpers import (
    article_segments,
    host_of,
    markdown_html,
    published_facts,
    unplaced_entry_ids,
)
from sitegen.site.pageplan import Outcome, PagePlan
from sitegen.site.values import is_web_url
from sitegen.temporal import timex
from sitegen.text.markup import sanitize_html

TEMPLATES_MISSING = "templates/ not found: run sitegen from the site folder or pass --templates DIR"
ROOT_FILES = ("favicon.svg", "favicon.ico")  # copied to the site root as well-known names


# ------------------------------------------------------------------ environment


def make_environment(templates_dir: Path) -> jinja2.Environment:
    """Return the one Jinja environment of a build: autoescape everywhere, strict undefined."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "xml", "svg"), default=True,
                                            default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # one build: each template is compiled once, never stat()ed again per page
        cache_size=-1,  # keep every template compiled (a site has a handful)
    )
    env.globals.update(is_web_url=is_web_url, published_facts=published_facts, article_segments=article_segments,
                       unplaced_entry_ids=unplaced_entry_ids, correction_sections=corrections.SECTIONS,
                       host_of=host_of)
    env.filters["clean_html"] = lambda html: Markup(sanitize_html(html)) if html else ""
    env.filters["words"] = lambda values: " ".join(values)
    env.filters["timex_label"] = timex.label
    env.filters["change_text"] = corrections.change_text
    return env


def _template_error(err: Exception, name: str, templates_dir: Path) -> SitegenError:
    if isinstance(err, jinja2.TemplateSyntaxError):
        return SitegenError(f"template error: {err.message}", path=err.filename or templates_dir / name,
                            line=err.lineno)
    if isinstance(err, jinja2.TemplateNotFound):
        return SitegenError(f"template not found: {err.name}", path=templates_dir / name)
    frame = None
    root = str(templates_dir.resolve())
    for f in traceback.extract_tb(err.__traceback__):
        if f.filename and str(Path(f.filename).resolve()).startswith(root):
            frame = f
    path = frame.filename if frame else templates_dir / name
    line = frame.lineno if frame else None
    return SitegenError(f"template error: {err}", path=path, line=line)


# ------------------------------------------------------------------ rendering


def _root(path: str) -> str:
    return "../" * path.count("/")


@dataclass(frozen=True)
class Lookups:
    """What a page shows, by the key its PageSpec names, indexed once per render."""

    articles: dict[str, ArticleView]
    outlets: dict[str, OutletPage]
    places: dict[str, PlacePage]
    years: dict[str, Year]
    parts: dict[str, MonthPage]  # a long year's month pages, by key (YYYY-MM)
    pages: dict[str, Page]
    month_pages: frozenset[str]
    listings: dict[str, YearListing]  # by output path
    items: dict[str, Item]  # the items with a page of their own, by id

    @classmethod
    def of(cls, site: Site) -> Lookups:
        """Index a site's records by their page keys (the first record wins, as a linear search would)."""
        articles: dict[str, ArticleView] = {}
        outlets: dict[str, OutletPage] = {}
        places: dict[str, PlacePage] = {}
        years: dict[str, Year] = {}
        pages: dict[str, Page] = {}
        for a in site.articles:
            articles.setdefault(a.article.id, a)
        for o in site.outlets:
            outlets.setdefault(o.outlet.name, o)
        for pl in site.places:
            places.setdefault(pl.slug, pl)
        for y in site.years:
            years.setdefault(str(y.year), y)
        for pg in site.config.pages:
            pages.setdefault(pg.slug, pg)
        by_year = [*(y for o in site.outlets for y in o.years), *(y for p in site.places for y in p.years),
                   *site.background_years]
        listings = {y.path: y for y in by_year}
        items = {i.id: i for i in site.all_items if i.sources_page}
        parts = {p.key: p for y in site.years for p in y.parts}
        return cls(articles, outlets, places, years, parts, pages, frozenset(m.page for m in site.months), listings,
                   items)


class OverviewCache:
    """The overview SVG per page, made once for every group of pages that would get the same markup.

    `overview_svg` depends on the page only through `month_href`: the page's depth, and whether
    the page is the one holding a month (then that month's link is a bare fragment).
    """

    def __init__(self, site: Site, month_pages: frozenset[str]) -> None:
        self._site, self._month_pages = site, month_pages
        self._made: dict[tuple[int, str], Markup] = {}

    def __call__(self, from_page: str) -> Markup:
        """Return the overview as seen from one page."""
        key = (from_page.count("/"), from_page if from_page in self._month_pages else "")
        found = self._made.get(key)
        if found is None:
            found = self._made[key] = Markup(overview.overview_svg(self._site, from_page=from_page))
        return found


def _page_context(site: Site, spec: PageSpec, lookups: Lookups | None = None,
                  overview_of: Callable[[str], Markup] | None = None) -> dict[str, Any]:
    base = site.config.base_url.rstrip("/") + "/" if site.config.base_url else None
    if spec.path == "404.html":  # absolute under base_url; else relative as from the site's root folder
        root = base or ""
    else:
        root = _root(spec.path)
    page_url = spec.path.removesuffix("index.html")
    found = lookups if lookups is not None else Lookups.of(site)
    ctx: dict[str, Any] = {
        "site": site,
        "spec": spec,
        "root": root,
        "canonical": (base + page_url) if base and spec.path != "404.html" else None,
        "overview_svg": (overview_of(spec.path) if overview_of is not None
                         else Markup(overview.overview_svg(site, from_page=spec.path))),
        "month_href": overview.month_href,
    }
    if spec.template == "article.html":
        ctx["view"] = found.articles[spec.key]
    elif spec.template == "outlet.html":
        ctx["outlet_page"] = found.outlets[spec.key]
    elif spec.template == "place.html":
        ctx["place"] = found.places[spec.key]
    elif spec.template == "year.html":
        ctx["year"] = found.years[spec.key]
    elif spec.template == "month.html":
        ctx["part"] = found.parts[spec.key]
    elif spec.template == "listing.html":
        ctx["listing"] = found.listings[spec.key]
    elif spec.template == "entry.html":
        ctx["item"] = found.items[spec.key]
    elif spec.template == "page.html":
        page = found.pages[spec.key]
        ctx["page"] = page
        ctx["page_html"] = Markup(markdown_html(page.markdown))
    return ctx


class TrackedMarkup:
    """A context value a template may or may not show (the overview): notes it when it is shown."""

    def __init__(self, markup: Markup, recorder: SiteRecorder, name: str) -> None:
        self._markup, self._recorder, self._name = markup, recorder, name

    def __html__(self) -> Markup:
        self._recorder._recorded.add(self._name)
        return self._markup

    def __str__(self) -> str:
        self._recorder._recorded.add(self._name)
        return str(self._markup)


TRACKED_CONTEXT = ("overview_svg",)  # context values a page depends on only when its template shows them


SITE_FIELDS = frozenset(f.name for f in dataclass_fields(Site))  # what a page made in Python may read


def render_site(site: Site, templates_dir: Path) -> dict[str, bytes]:
    """Return every output file of the site as relative path -> bytes; refuse duplicate paths."""
    return dict(iter_site(site, templates_dir))


def check_templates(templates_dir: Path) -> None:
    """Refuse a templates folder that does not exist."""
    if not templates_dir.is_dir():
        raise SitegenError(TEMPLATES_MISSING, path=templates_dir)


class PageRenderer:
    """Renders one page of a site at a time: the environment, lookups and shared markup made once per build."""

    def __init__(self, site: Site, templates_dir: Path, plan: PagePlan | None) -> None:
        check_templates(templates_dir)
        self.site, self.templates_dir, self.plan = site, templates_dir, plan
        self.env = make_environment(templates_dir)
        self.static = _static_files(templates_dir)
        self.env.globals["has_script"] = "static/timeline.js" in self.static
        self.macro_site = SiteRecorder(site) if plan is not None else None
        self.item_markup = ItemMarkup(self.env, self.macro_site if self.macro_site is not None else site,
                                      memory=plan.markup_memory() if plan is not None else None)
        self.env.globals["item_html"] = self.item_markup
        self.env.globals["items_html"] = self.item_markup.many
        self.lookups = Lookups.of(site)
        self.overview_of = OverviewCache(site, self.lookups.month_pages)
        # each item's text in the exports and feeds: made once per build, or taken from the last build's
        self.fragments = (plan.item_fragments() if plan is not None else None) or ItemFragments()

    def context(self, spec: PageSpec) -> dict[str, Any] | None:
        """Return a template page's context (None for a page made in Python)."""
        return None if spec.make is not None else _page_context(self.site, spec, self.lookups, self.overview_of)

    def render(self, spec: PageSpec, context: dict[str, Any] | None) -> tuple[bytes, frozenset[str]]:
        """Return a page's bytes and the site fields it read (every field for a page made in Python)."""
        if spec.make is not None:
            return spec.make(self.site, spec, self.fragments), SITE_FIELDS
        assert context is not None, "a template page is rendered from its context"
        recorder = SiteRecorder(self.site)
        if self.plan is not None:
            context = dict(context)
            context["site"] = recorder
            for name in TRACKED_CONTEXT:
                context[name] = TrackedMarkup(context[name], recorder, "@" + name)
        try:
            text = self.env.get_template(spec.template).render(context)
        except (jinja2.TemplateError, TypeError, AttributeError, KeyError, ValueError) as err:
            raise _template_error(err, spec.template, self.templates_dir) from None
        finally:
            recorder.release()
        seen = recorder._recorded | (self.macro_site._recorded if self.macro_site is not None else set())
        return text.encode("utf-8"), frozenset(seen)

    def attempt(self, spec: PageSpec) -> Outcome:
        """Render one page, or find that its live copy may be kept; touches no output (a forked child may call it)."""
        context = self.context(spec)
        if self.plan is not None:
            record = self.plan.check(spec, context)
            if record is not None:
                return Outcome(None, record)
        data, fields = self.render(spec, context)
        return Outcome(data, self.plan.record(spec, context, fields) if self.plan is not None else None)

    def settle(self, spec: PageSpec, outcome: Outcome) -> bytes | None:
        """Keep the live copy of a page found unchanged and return None; else log the page and return its bytes."""
        plan = self.plan
        if plan is None or outcome.record is None:
            return outcome.data
        if outcome.data is None:
            if plan.keep(spec, outcome.record):
                plan.remember(spec, self.context, outcome.record)
                return None
            context = self.context(spec)  # no live copy to place after all
            data, fields = self.render(spec, context)
            outcome = Outcome(data, plan.record(spec, context, fields))
        plan.note(spec.path, outcome.record)
        plan.remember(spec, self.context, outcome.record)
        return outcome.data

    def pages(self, specs: Iterable[PageSpec]) -> Iterator[tuple[str, bytes]]:
        """Yield (path, bytes) of each page to write; with a plan, an unchanged page is kept instead."""
        for spec in specs:
            data = self.settle(spec, self.attempt(spec))
            if data is not None:
                yield spec.path, data
        self.fragments.finish()  # a no-op where no page made in Python was rendered (the fork's child made them)

    def close(self) -> None:
        """Let the site go with this renderer: the environment and its templates' contexts are reference cycles
        that only the collector frees, so what in them holds the site lets it go (no page is rendered after)."""
        self.env.globals.pop("item_html", None)
        self.env.globals.pop("items_html", None)
        self.item_markup.close()
        if self.macro_site is not None:  # the macros' module, in a cycle too, holds it
            self.macro_site.release()


def claim_paths(site: Site, static: Mapping[str, bytes], templates_dir: Path) -> None:
    """Refuse two producers of one output path (pages, then the templates' static files)."""
    producers: dict[str, str] = {}
    claims = [(spec.path, spec.producer) for spec in site.pages]
    claims += [(path, f"the static file {path.removeprefix('static/')} of {templates_dir / 'static'}")
               for path in static]
    for path, producer in claims:
        if path in producers:
            raise SitegenError(f"two producers write the same output path {path}: "
                               f"{producers[path]} and {producer}")
        producers[path] = producer


def iter_site(site: Site, templates_dir: Path, plan: PagePlan | None = None,
              split: Callable[[PageRenderer], Iterator[tuple[str, bytes]]] | None = None) -> Iterator[tuple[str, bytes]]:
    """Yield (relative path, bytes) for every output file as it is rendered; refuse duplicate paths.

    With a `plan`, a page whose inputs are unchanged is not rendered: the plan places the live
    copy and the page is not yielded. With `split` (sitegen.site.fork), the pages are rendered
    by it, in two processes; the bytes are the same.
    """
    renderer = PageRenderer(site, templates_dir, plan)
    try:
        claim_paths(site, renderer.static, templates_dir)
        yield from (split(renderer) if split is not None else renderer.pages(site.pages))
        yield from renderer.static.items()
    finally:
        renderer.close()


def _static_files(templates_dir: Path) -> dict[str, bytes]:
    """Return templates/static/* as output files; favicons go to the site root."""
    folder = templates_dir / "static"
    out: dict[str, bytes] = {}
    if not folder.is_dir():
        return out
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        out[rel if rel in ROOT_FILES else f"static/{rel}"] = path.read_bytes()
    return out

"""axe-core (npm, injected into the page) finds no serious or critical violation on any page type."""

from __future__ import annotations

import json
from typing import Any

import pytest
from browserkit import AXE_JS, LONG_ONLY, PAGE_TYPES, Recorder, Site, goto, record_measurement, require

pytestmark = pytest.mark.browser

# The 2,000-article site: every page type. axe needs minutes on a page of thousands of entries, so
# pages longer than KEEP_ENTRIES are checked with the rest of their entries taken out of the DOM
# first: every kind of markup the page has is still there (the entries are alike), and vnu checks
# the whole files.
KEEP_ENTRIES = 60
TRIM_JS = """(keep) => {
  const items = [...document.querySelectorAll('li[data-date]')];
  items.slice(keep).forEach(li => li.remove());
  document.querySelectorAll('section.month, section.year').forEach(s => {
    if (!s.querySelector('li[data-date]')) { s.remove(); }
  });
  return items.length;
}"""


def run_axe(pg: Any) -> list[dict[str, Any]]:
    """Inject axe-core into the page and return its violations."""
    require(AXE_JS.is_file(), f"{AXE_JS} is missing: npm ci --prefix tests/browser")
    pg.add_script_tag(path=str(AXE_JS))
    result: dict[str, Any] = pg.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    violations: list[dict[str, Any]] = result["violations"]
    return violations


def readable(violations: list[dict[str, Any]]) -> str:
    """One paragraph per violation: impact, rule, help, and the first few offending nodes."""
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:5]:
            lines.append(f"    {' '.join(node['target'])}: {node.get('failureSummary', '').splitlines()[-1:]}")
        if len(v["nodes"]) > 5:
            lines.append(f"    … and {len(v['nodes']) - 5} more")
    return "\n".join(lines)


def check(site: Site, pg: Any, kind: str, dark: bool = False) -> None:
    rel = site.pages.get(kind)
    if rel is None and kind in LONG_ONLY and site.name == "seed":
        pytest.skip(f"the seed chronology fits on one page: no {kind} pages")
    assert rel is not None, f"the {site.name} site has no {kind} page"
    if dark:
        pg.emulate_media(color_scheme="dark")
    goto(pg, site.url(rel))
    if site.name != "seed":
        pg.evaluate(TRIM_JS, KEEP_ENTRIES)
    violations = run_axe(pg)
    record_measurement(f"axe_{site.name}_{kind}{'_dark' if dark else ''}",
                       {v["id"]: [v["impact"], len(v["nodes"])] for v in violations})
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == [], f"{site.name} {kind} page {rel}:\n{readable(serious)}"


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_seed_site_has_no_serious_axe_violation(seed_site: Site, page: tuple[Any, Recorder], kind: str) -> None:
    check(seed_site, page[0], kind)


@pytest.mark.parametrize("kind", ["index", "article"])
def test_dark_mode_has_no_serious_axe_violation(seed_site: Site, page: tuple[Any, Recorder], kind: str) -> None:
    check(seed_site, page[0], kind, dark=True)


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_corpus_site_has_no_serious_axe_violation(corpus_site: Site, page: tuple[Any, Recorder],
                                                  kind: str) -> None:
    check(corpus_site, page[0], kind)


def test_readable_names_rule_impact_and_nodes() -> None:
    text = readable([{"impact": "serious", "id": "color-contrast", "help": "Elements must meet contrast",
                      "helpUrl": "https://dequeuniversity.com/rules/axe/4.10/color-contrast",
                      "nodes": [{"target": [".badge"], "failureSummary": "Fix any of the following:\n  ratio 2.1"}]}])
    assert json.dumps(text).count("color-contrast") == 2
    assert text.splitlines()[0].startswith("[serious] color-contrast: Elements must meet contrast")
    assert text.splitlines()[1] == "    .badge: ['  ratio 2.1']"

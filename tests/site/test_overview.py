"""The overview SVG: one bar per month of the span, phases shaded, accessible names, links to months."""

from __future__ import annotations

import re
from dataclasses import replace
from xml.etree import ElementTree as ET

from test_sitemodel import CONFIG, make_site

from sitegen.site.overview import month_href, overview_svg

S = "{http://www.w3.org/2000/svg}"


def test_svg_is_well_formed_with_title_desc_and_role() -> None:
    root = ET.fromstring(overview_svg(make_site()))
    assert root.get("role") == "group"
    assert [g.get("aria-labelledby") for g in root.iter(f"{S}g") if g.get("role") == "img"] == [
        "overview-title overview-desc"]
    assert not [a for g in root.iter(f"{S}g") if g.get("role") == "img" for a in g.iter(f"{S}a")]
    assert root.get("aria-labelledby") == "overview-title overview-desc"
    assert root.find(f"{S}title").get("id") == "overview-title"  # type: ignore[union-attr]
    desc = root.findtext(f"{S}desc", "")
    assert "busiest month May 2024 (3)" in desc
    assert "24 of the months have no sources in the collection, the longest run from May 2022 to June 2023." in desc


def test_one_bar_per_filled_month_hatching_for_the_rest_and_links_only_to_filled_months() -> None:
    site = make_site()
    root = ET.fromstring(overview_svg(site))
    bars = [r.get("data-month") for r in root.iter(f"{S}rect") if r.get("class") == "bar"]
    assert bars == [m.key for m in site.months if m.count]
    step = (960 - 34 - 8) / len(site.months)
    hatched = sum(float(r.get("width", "0")) for r in root.iter(f"{S}rect") if r.get("class") == "no-sources")
    assert round(hatched / step) == sum(1 for m in site.months if not m.count)
    hrefs = [a.get("href") for a in root.iter(f"{S}a")]
    assert hrefs == ["#m-2022-04", "#m-2023-07", "#m-2024-05", "#m-2024-06", "#m-2024-08"]


def test_phases_shaded_in_their_months() -> None:
    root = ET.fromstring(overview_svg(make_site()))
    names = [g.findtext(f"{S}title") for g in root.iter(f"{S}g") if g.get("class") == "phase"]
    assert names == ["Withdrawal from Kyiv", "Kursk incursion"]


def test_hostile_phase_name_escaped() -> None:
    svg = overview_svg(make_site(config=replace(CONFIG, phases=(replace(CONFIG.phases[0], name="<b>&x"),))))
    assert "<b>" not in svg and "&lt;b&gt;&amp;x" in svg
    ET.fromstring(svg)


def test_month_links_from_year_pages_and_other_pages() -> None:
    month = next(m for m in make_site().months if m.count)
    assert month_href(month) == "#m-2022-04"
    moved = replace(month, page="years/2022/index.html")
    assert month_href(moved, "index.html") == "years/2022/index.html#m-2022-04"
    assert month_href(moved, "years/2022/index.html") == "#m-2022-04"
    assert month_href(replace(month, page="")) == ""


def test_numbers_are_stable() -> None:
    assert overview_svg(make_site()) == overview_svg(make_site())
    assert not re.search(r"\d\.\d{2,}", overview_svg(make_site()))  # coordinates rounded to one decimal


def test_close_phase_labels_take_separate_rows() -> None:
    from sitegen.site.overview import _phase_label

    rows = [float("-inf"), float("-inf")]
    first = _phase_label("Kharkiv offensive", 900.0, rows)
    second = _phase_label("Kursk incursion", 920.0, rows)
    assert 'y="38"' in first and 'y="23"' in second
    assert 'text-anchor="end"' in first and 'text-anchor="end"' in second  # both would overflow the right edge


def test_a_label_that_would_overflow_ends_at_its_band() -> None:
    from sitegen.site.overview import _phase_label

    rows = [float("-inf"), float("-inf")]
    label = _phase_label("Kharkiv offensive", 860.0, rows, band_end=920.0)
    assert 'x="920.0" y="38" text-anchor="end"' in label


def test_months_without_sources_are_hatched_and_said_in_words() -> None:
    svg = overview_svg(make_site())
    root = ET.fromstring(svg)
    hatched = [r for r in root.iter(f"{S}rect") if r.get("class") == "no-sources"]
    assert hatched and all(r.get("height") for r in hatched)
    labels = [t.text for t in root.iter(f"{S}text") if t.get("class") == "no-sources-label"]
    assert labels and set(labels) == {"no sources in the collection"}


def test_every_month_link_reaches_a_heading_even_a_month_of_weeks_only() -> None:
    from test_sitemodel import E_WEEK, single

    only_week = (single(E_WEEK),)  # May 2024 holds nothing but week 19: it has no heading m-2024-05
    for site in (make_site(), make_site(events=only_week)):
        headings = {f"#{m.anchor}" for y in site.years for m in y.months}
        links = [month_href(m) for m in site.months if m.count]
        assert links and all(link in headings for link in links)
    assert [month_href(m) for m in make_site(events=only_week).months if m.count] == ["#m-2024-W19"]

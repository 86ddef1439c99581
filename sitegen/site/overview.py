"""The overview picture: an inline SVG of entries per month across the span, phases shaded."""

from __future__ import annotations

from html import escape

from sitegen.site.records import MonthCount, Site

WIDTH, HEIGHT = 960, 160
PLOT_TOP, PLOT_BOTTOM, LEFT, RIGHT = 44, 126, 34, 8


def month_href(month: MonthCount, from_page: str = "index.html") -> str:
    """Return the link of a month bar relative to the page that shows the overview."""
    if not month.page:
        return ""
    anchor = f"#m-{month.heading or month.key}"  # a month holding only weeks has no heading of its own
    if month.page == from_page:
        return anchor
    return "../" * from_page.count("/") + month.page + anchor


def overview_svg(site: Site, *, from_page: str = "index.html") -> str:
    """Return the overview as SVG markup (every text escaped), bars linking to their months."""
    months = site.months
    if not months:
        return ""
    n = len(months)
    plot_w = WIDTH - LEFT - RIGHT
    step = plot_w / n
    top = max((m.count for m in months), default=0) or 1
    total = sum(m.count for m in months)
    busiest = max(months, key=lambda m: m.count)
    quiet = _longest_quiet(months)
    title = f"Entries per month, {months[0].label} to {months[-1].label}"
    empty = sum(1 for m in months if m.empty)
    desc = (f"{total} dated entries over {n} months; busiest month {busiest.label} ({busiest.count})."
            + (f" {empty} of the months have no sources in the collection" if empty else "")
            + (f", the longest run from {quiet[0]} to {quiet[1]}." if quiet else "." if empty else "")
            + (" Shaded: " + ", ".join(p.name for p in site.phases) + "." if site.phases else "")
            + " Entries dated only to a season or a year are not counted.")
    # The picture is a role="img" group; the month links are a sibling layer of transparent
    # hit areas, each named, so no interactive element sits inside the image.
    out = [
        (f'<svg class="overview" viewBox="0 0 {WIDTH} {HEIGHT}" role="group" '
         'aria-labelledby="overview-title overview-desc" xmlns="http://www.w3.org/2000/svg">'),
        f'<title id="overview-title">{escape(title)}</title>',
        f'<desc id="overview-desc">{escape(desc)}</desc>',
        '<g role="img" aria-labelledby="overview-title overview-desc">',
        ('<defs><pattern id="no-sources-hatch" width="8" height="8" patternUnits="userSpaceOnUse" '
         'patternTransform="rotate(45)"><line class="hatch-line" x1="0" y1="0" x2="0" y2="8"/></pattern></defs>'),
    ]
    # Months without any source are hatched, and a long run of them says so in words.
    for start, stop in _quiet_runs(months):
        x = LEFT + start * step
        w = (stop - start + 1) * step
        out.append(f'<rect class="no-sources" x="{x:.1f}" y="{PLOT_TOP}" width="{w:.1f}" '
                   f'height="{PLOT_BOTTOM - PLOT_TOP}"/>')
        if w >= len(NO_SOURCES) * LABEL_CHAR_WIDTH + 8:
            out.append(f'<text class="no-sources-label" x="{x + w / 2:.1f}" y="{(PLOT_TOP + PLOT_BOTTOM) / 2 + 4:.1f}" '
                       f'text-anchor="middle">{NO_SOURCES}</text>')
    links: list[str] = []
    row_ends = [float("-inf"), float("-inf")]  # two label rows above the plot, so close phases don't overlap
    # Phases: shade the months they touch, label them above the plot.
    for phase in site.phases:
        idx = [i for i, m in enumerate(months) if m.phase is not None and m.phase.slug == phase.slug]
        if not idx:
            continue
        x = LEFT + idx[0] * step
        w = (idx[-1] - idx[0] + 1) * step
        out.append(f'<g class="phase"><title>{escape(phase.name)}</title>'
                   f'<rect class="phase-band" x="{x:.1f}" y="{PLOT_TOP - 4}" width="{w:.1f}" '
                   f'height="{PLOT_BOTTOM - PLOT_TOP + 4}"/>'
                   f'{_phase_label(phase.name, x + 2, row_ends, x + w - 2)}</g>')
    out.append(f'<line class="axis" x1="{LEFT}" y1="{PLOT_BOTTOM}" x2="{WIDTH - RIGHT}" y2="{PLOT_BOTTOM}"/>')
    out.append(f'<text class="tick" x="{LEFT - 4}" y="{PLOT_TOP + 4}" text-anchor="end">{top}</text>')
    out.append(f'<text class="tick" x="{LEFT - 4}" y="{PLOT_BOTTOM}" text-anchor="end">0</text>')
    for i, m in enumerate(months):
        x = LEFT + i * step + step * 0.15
        w = step * 0.7
        h = (PLOT_BOTTOM - PLOT_TOP) * m.count / top
        if m.count:  # an empty month is drawn by its run's hatching
            out.append(f'<rect class="bar" data-month="{escape(m.key)}" x="{x:.1f}" y="{PLOT_BOTTOM - h:.1f}" '
                       f'width="{w:.1f}" height="{h:.1f}"/>')
        label = f"{m.label}: {m.count} {'entry' if m.count == 1 else 'entries'}"
        href = month_href(m, from_page)
        if href and m.count:
            links.append(f'<a href="{escape(href)}" aria-label="{escape(label)}"><title>{escape(label)}</title>'
                         f'<rect class="hit" x="{LEFT + i * step:.1f}" y="{PLOT_TOP}" width="{step:.1f}" '
                         f'height="{PLOT_BOTTOM - PLOT_TOP}"/></a>')
        if m.key.endswith("-01") or i == 0:
            out.append(f'<text class="tick" x="{LEFT + i * step:.1f}" y="{PLOT_BOTTOM + 16}">'
                       f'{escape(m.key[:4])}</text>')
        if m.key[5:] in ("01", "04", "07", "10"):
            out.append(f'<line class="tick-mark" x1="{LEFT + i * step:.1f}" y1="{PLOT_BOTTOM}" '
                       f'x2="{LEFT + i * step:.1f}" y2="{PLOT_BOTTOM + 4}"/>')
    out.append("</g>")
    out.append('<g class="month-links">' + "".join(links) + "</g>")
    out.append("</svg>")
    return "".join(out)


NO_SOURCES = "no sources in the collection"


def _quiet_runs(months: tuple[MonthCount, ...]) -> list[tuple[int, int]]:
    """Return the (first, last) indexes of each run of months without any entry."""
    runs: list[tuple[int, int]] = []
    start = None
    for i, m in enumerate(months):
        if m.empty and start is None:
            start = i
        elif not m.empty and start is not None:
            runs.append((start, i - 1))
            start = None
    if start is not None:
        runs.append((start, len(months) - 1))
    return runs


def _longest_quiet(months: tuple[MonthCount, ...]) -> tuple[str, str] | None:
    best: tuple[int, int] | None = None
    start = None
    for i, m in enumerate(months + (MonthCount("", "", 1, None, ""),)):
        if m.count == 0 and start is None:
            start = i
        elif m.count and start is not None:
            if best is None or i - start > best[1] - best[0] + 1:
                best = (start, i - 1)
            start = None
    if best is None or best[1] - best[0] < 2:
        return None
    return months[best[0]].label, months[best[1]].label


LABEL_CHAR_WIDTH = 7.4  # average advance of the 13px label font (wide letters included), in viewBox units


def _phase_label(name: str, x: float, row_ends: list[float], band_end: float | None = None) -> str:
    """Place a phase label over its band on the first row where it overlaps no earlier label.

    A label that would run off the right edge ends at its band's end instead (or at the edge).
    """
    width = len(name) * LABEL_CHAR_WIDTH
    anchor = ""
    start = x
    if x + width > WIDTH - RIGHT:
        end = min(band_end if band_end is not None else WIDTH - RIGHT, WIDTH - RIGHT)
        start, x, anchor = end - width, end, ' text-anchor="end"'
    row = next((i for i, used in enumerate(row_ends) if start >= used + 8), None)
    if row is None:
        row = len(row_ends) - 1
    row_ends[row] = start + width
    y = PLOT_TOP - 6 - 15 * row
    return f'<text class="phase-label" x="{x:.1f}" y="{y}"{anchor}>{escape(name)}</text>'

"""The evidence chart, drawn on the server as inline SVG (no script, no asset from outside).

A diverging stacked bar chart: one line per outcome or mechanism, claims that support the
relation to the right of the axis and claims that dispute it to the left, one segment per
evidence level (strongest next to the axis). Every segment is one ``<rect class="bar">`` with
its own ``<title>`` (the tooltip), one per non-empty cell of the summary table; nothing else in
the chart is a ``<rect>`` or has a ``<title>``, so a browser test can count them.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from semaxkg.web.pages.evidence_summary import DISPUTING, SUPPORTING, EvidenceSummary
from semaxkg.web.pages.links import Linker
from semaxkg.web.security import href_attr

#: ``id`` of the chart's ``<svg>`` element.
CHART_ID = "evidence-chart"
WIDTH = 760
LABEL_WIDTH = 270
PAD = 12
ROW_HEIGHT = 20
BAR_HEIGHT = 14
SECTION_HEIGHT = 28
LEGEND_ROW = 18
LEGEND_PER_ROW = 3
#: Longest row label in characters before it is shortened with an ellipsis.
MAX_LABEL_CHARS = 36
#: Fill colour per evidence rank (1 strongest): greens for human studies, blues for animal
#: and in-vitro work, then citations, speculation, anecdote, nothing.
RANK_COLOURS: dict[int, str] = {
    1: "#00441b", 2: "#238b45", 3: "#74c476", 4: "#08519c", 5: "#6baed6",
    6: "#756bb1", 7: "#e7298a", 8: "#fd8d3c", 9: "#d94801", 10: "#969696", 11: "#d9d9d9",
}
OTHER_COLOUR = "#bdbdbd"
DISPUTE_STROKE = "#a11d1d"


def _short(text: str) -> str:
    return text if len(text) <= MAX_LABEL_CHARS else text[:MAX_LABEL_CHARS - 1] + "…"


def _plural(count: int, stance: str) -> str:
    return f"{count} {stance} claim{'s' if count != 1 else ''}"


def _legend(summary: EvidenceSummary, link: Linker, colours: dict[str, str],
            parts: list[str]) -> int:
    """Append the legend to ``parts``; returns the y below it."""
    # Legend: one swatch (a circle, so that only bars are rects) per evidence level.
    y = PAD
    for index, level in enumerate(summary.levels):
        column, line = index % LEGEND_PER_ROW, index // LEGEND_PER_ROW
        x = PAD + column * (WIDTH - 2 * PAD) / LEGEND_PER_ROW
        cy = y + line * LEGEND_ROW + 6
        parts.append(f'<circle cx="{x + 6:.1f}" cy="{cy}" r="6" fill="{colours[level.iri]}"/>'
                     f'<text class="legend" x="{x + 16:.1f}" y="{cy + 4}">'
                     f'{escape(_short(link.text(level.iri)))}</text>')
    y += ((len(summary.levels) + LEGEND_PER_ROW - 1) // LEGEND_PER_ROW) * LEGEND_ROW + 8
    return y


def evidence_chart(summary: EvidenceSummary, link: Linker) -> Markup:
    """The chart of ``summary`` as an ``<svg>`` element (empty markup for an empty summary)."""
    if summary.empty:
        return Markup("")
    rows = [row for section in summary.sections for row in section.rows]
    max_dis = max(row.total(DISPUTING) for row in rows)
    max_sup = max(row.total(SUPPORTING) for row in rows)
    plot = WIDTH - LABEL_WIDTH - 2 * PAD
    unit = plot / max(max_dis + max_sup, 1)
    axis = LABEL_WIDTH + PAD + max_dis * unit
    colours = {level.iri: RANK_COLOURS.get(level.rank, OTHER_COLOUR) for level in summary.levels}
    parts: list[str] = []
    y = _legend(summary, link, colours, parts)
    parts.append(f'<text class="axis-label" x="{axis - 6:.1f}" y="{y + 10}" text-anchor="end">'
                 f'← disputing</text>'
                 f'<text class="axis-label" x="{axis + 6:.1f}" y="{y + 10}">supporting →</text>')
    y += 18
    top = y
    for section in summary.sections:
        if not section.rows:
            continue
        parts.append(f'<text class="section" x="{PAD}" y="{y + 18}">'
                     f'{escape(link.text(section.kind).capitalize())}</text>')
        y += SECTION_HEIGHT
        for row in section.rows:
            target = link(row.object)
            row_label = link.text(row.object)
            parts.append(f'<a{href_attr(target.href)}><text class="row-label" x="{LABEL_WIDTH}" '
                         f'y="{y + BAR_HEIGHT - 3}" text-anchor="end">{escape(_short(row_label))}'
                         f'</text></a>')
            for stance, direction in ((SUPPORTING, 1), (DISPUTING, -1)):
                offset = 0.0
                for level in summary.levels:
                    count = row.cell(level.iri).count(stance)
                    if not count:
                        continue
                    width = count * unit
                    x = axis + offset if direction > 0 else axis - offset - width
                    offset += width
                    level_label = link.text(level.iri)
                    extra = (f' fill-opacity="0.45" stroke="{DISPUTE_STROKE}" stroke-width="1.5"'
                             if stance == DISPUTING else "")
                    parts.append(
                        f'<rect class="bar {stance}" x="{x:.1f}" y="{y}" width="{width:.1f}" '
                        f'height="{BAR_HEIGHT}" fill="{colours[level.iri]}"{extra} '
                        f'data-object="{escape(row.object)}" data-level="{escape(level.iri)}" '
                        f'data-stance="{stance}" data-count="{count}">'
                        f'<title>{escape(row_label)}: {_plural(count, stance)}, evidence level '
                        f'{escape(level_label)}</title></rect>')
            y += ROW_HEIGHT
    parts.append(f'<line x1="{axis:.1f}" y1="{top}" x2="{axis:.1f}" y2="{y}" stroke="#1d232a"/>')
    height = y + PAD
    label = (f"Claims about {link.text(summary.subject)} per outcome and mechanism, "
             "by evidence level; supporting to the right, disputing to the left")
    return Markup(
        f'<svg id="{CHART_ID}" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-label="{escape(label)}" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}">' + "".join(parts) + "</svg>"
    )

"""An SVG diagram of the ontology's classes and object properties, drawn in pure Python.

Layout (after BioFabric, Longabaugh 2012): every class is a *row* — a box placed as in an
indented class tree, with a thin line running right from it — and every object property is a
*column*: a vertical line from its domain's row (a dot) to its range's row (an arrowhead),
labelled at the top. Rows and columns never share a position, so no label overlaps another
and the drawing needs no layout engine. Class boxes and property labels link to their pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from semaxkg.web.ontology.term_model import OntologyModel, TreeNode
from semaxkg.web.security import href_attr

#: Geometry, in SVG user units (pixels at 100 %).
ROW_HEIGHT = 26
BOX_HEIGHT = 20
INDENT = 18
CHAR_WIDTH = 7.2  # 12 px monospace
BOX_PADDING = 8
MARGIN = 12
LANE_GAP = 18
LABEL_ANGLE = -55  # degrees: property labels slant up and to the right
LABEL_CHAR_HEIGHT = 6.0  # vertical room one label character takes at that angle
DOT_RADIUS = 3.5
ARROW = 5


@dataclass(frozen=True)
class _Row:
    iri: str
    depth: int
    parent: str | None
    y: float
    x: float
    width: float


def _rows(model: OntologyModel, top: float) -> list[_Row]:
    rows: list[_Row] = []

    def visit(node: TreeNode, parent: str | None) -> None:
        label = model.label(node.iri)
        width = len(label) * CHAR_WIDTH + 2 * BOX_PADDING
        rows.append(_Row(node.iri, node.depth, parent, top + len(rows) * ROW_HEIGHT,
                         MARGIN + node.depth * INDENT, width))
        for child in node.children:
            visit(child, node.iri)

    for root in model.class_tree():
        visit(root, None)
    return rows


def _lane(model: OntologyModel, href: Callable[[str], str], prop: str, x: float,
          edges: list[tuple[str, str, str]], row_of: dict[str, _Row], header: float) -> list[str]:
    """The SVG of one object property's column: its line, dots, arrows and slanted label."""
    mine = [(d, r) for p, d, r in edges if p == prop]
    ys = [row_of[d].y + ROW_HEIGHT / 2 for d, _ in mine] + [row_of[r].y + ROW_HEIGHT / 2 for _, r in mine]
    label = model.label(prop)
    group = [f'<g class="property"><title>{escape(label)}: '
             + ", ".join(f"{escape(model.label(d))} → {escape(model.label(r))}" for d, r in mine)
             + "</title>"]
    if max(ys) > min(ys):
        group.append(f'<line class="lane" x1="{x:.1f}" y1="{min(ys):.1f}" '
                     f'x2="{x:.1f}" y2="{max(ys):.1f}"/>')
    for domain, rng in mine:
        yd = row_of[domain].y + ROW_HEIGHT / 2
        yr = row_of[rng].y + ROW_HEIGHT / 2
        group.append(f'<circle cx="{x:.1f}" cy="{yd:.1f}" r="{DOT_RADIUS}"/>')
        if yr == yd:  # domain and range are the same class: a ring around the dot
            group.append(f'<circle cx="{x:.1f}" cy="{yd:.1f}" r="{DOT_RADIUS + 3}" fill="none" '
                         'stroke="#1d232a"/>')
            continue
        tip = yr - 1 if yr > yd else yr + 1
        back = tip - ARROW if yr > yd else tip + ARROW
        group.append(f'<path d="M{x - ARROW / 2 - 1:.1f},{back:.1f} L{x:.1f},{tip:.1f} '
                     f'L{x + ARROW / 2 + 1:.1f},{back:.1f} Z"/>')
    group.append("</g>")
    group.append(
        f'<a{href_attr(href(prop))} class="property-link">'
        f'<text class="prop" transform="translate({x + 3:.1f},{header - 6:.1f}) rotate({LABEL_ANGLE})">'
        f"{escape(label)}</text></a>"
    )
    return group


def render_svg(model: OntologyModel, href: Callable[[str], str], title: str) -> str:
    """The diagram as a standalone SVG document (UTF-8 text, no XML declaration needed)."""
    edges = model.object_property_edges()
    lanes: list[str] = []
    for prop, _domain, _range in edges:
        if prop not in lanes:
            lanes.append(prop)
    longest = max((len(model.label(p)) for p in lanes), default=0)
    header = MARGIN + longest * LABEL_CHAR_HEIGHT + 10
    rows = _rows(model, header)
    row_of = {row.iri: row for row in rows}
    lanes_x0 = max((row.x + row.width for row in rows), default=MARGIN) + 2 * LANE_GAP

    def lane_key(prop: str) -> tuple[float, str]:
        ys = [row_of[d].y for p, d, r in edges if p == prop] + [row_of[r].y for p, d, r in edges if p == prop]
        return min(ys), model.label(prop).casefold()

    lanes.sort(key=lane_key)
    lane_x = {prop: lanes_x0 + i * LANE_GAP for i, prop in enumerate(lanes)}
    right = lanes_x0 + max(len(lanes) - 1, 0) * LANE_GAP + LANE_GAP + longest * CHAR_WIDTH * 0.6
    width = int(right + MARGIN)
    height = int(header + len(rows) * ROW_HEIGHT + MARGIN)
    line_end = lanes_x0 + max(len(lanes) - 1, 0) * LANE_GAP + LANE_GAP / 2

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ontology-diagram" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" aria-labelledby="diagram-title">',
        f'<title id="diagram-title">{escape(title)}</title>',
    ]
    # Row lines first, so boxes and columns draw over them.
    for row in rows:
        y = row.y + ROW_HEIGHT / 2
        out.append(f'<line class="row" x1="{row.x + row.width:.1f}" y1="{y:.1f}" '
                   f'x2="{line_end:.1f}" y2="{y:.1f}"/>')
    # Tree connectors: from the parent's box down its left side, then across to the child.
    for row in rows:
        if row.parent is None:
            continue
        parent = row_of[row.parent]
        x = parent.x + INDENT / 2
        y0 = parent.y + (ROW_HEIGHT + BOX_HEIGHT) / 2
        y1 = row.y + ROW_HEIGHT / 2
        out.append(f'<path class="tree" d="M{x:.1f},{y0:.1f} V{y1:.1f} H{row.x:.1f}"/>')
    for row in rows:
        label = model.label(row.iri)
        top = row.y + (ROW_HEIGHT - BOX_HEIGHT) / 2
        external = "" if model.is_local(row.iri) else " external"
        definition = model.terms[row.iri].definition if row.iri in model.terms else None
        tooltip = f"{label}: {definition}" if definition else label
        out.append(
            f'<a{href_attr(href(row.iri))} class="class-link">'
            f"<title>{escape(tooltip)}</title>"
            f'<rect class="box{external}" x="{row.x:.1f}" y="{top:.1f}" width="{row.width:.1f}" '
            f'height="{BOX_HEIGHT}" rx="3"/>'
            f'<text x="{row.x + BOX_PADDING:.1f}" y="{top + BOX_HEIGHT - 6:.1f}">{escape(label)}</text></a>'
        )
    for prop in lanes:
        out.extend(_lane(model, href, prop, lane_x[prop], edges, row_of, header))
    out.append("</svg>")
    return "\n".join(out) + "\n"

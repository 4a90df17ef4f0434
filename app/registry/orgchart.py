"""The Gremienstruktur as an accessible, server-generated org chart (inline SVG).

No style attributes (the CSP forbids inline styles): presentation attributes only.
The same information is on the page as a nested list, which is the primary structure.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from flask_babel import gettext as _
from markupsafe import Markup

from app.models import Body
from app.registry.display import time_limit_label
from app.registry.queries import Section, TreeNode, walk

WIDTH = 960
MARGIN = 16
INDENT = 36
ROW_H = 58
BOX_H = 48
CHAR_W = 8  # a generous average glyph width at 15px, to shorten long names
INK = "#1b1b1b"
LINE = "#5c5c5c"
FONT = "Fira Sans, Arial, sans-serif"
COLOURS = {  # category: (fill, stroke); the text stays INK, so contrast never depends on fill
    "council": ("#dce9f7", "#1f5a96"),
    "linked": ("#eef3f8", "#1f5a96"),
    "working_format": ("#e6f4ea", "#1e6b34"),
    "project_group": ("#fff4e0", "#8a5300"),
    "programme": ("#f3e8f8", "#6b2f86"),
}
GROUP_COLOURS = ("#ffffff", LINE)
_CHART_CACHE: dict[tuple, Markup] = {}


@dataclass(frozen=True)
class Row:
    """One node placed on the chart."""

    node: TreeNode
    depth: int
    index: int
    parent_index: int | None

    @property
    def x(self) -> int:
        """Left edge of the box."""
        return MARGIN + self.depth * INDENT

    @property
    def y(self) -> int:
        """Top edge of the box."""
        return MARGIN + self.index * ROW_H


def chart_tree(sections: list[Section]) -> list[TreeNode]:
    """The council at the root; linked bodies and the other groups below it."""
    council = sections[0] if sections and sections[0].slug == "rat" else None
    rest = [TreeNode(s.title, None, s.slug, s.nodes) for s in sections if s is not council]
    if council and len(council.nodes) == 1 and council.nodes[0].body is not None:
        root = council.nodes[0]
        return [TreeNode(root.label, root.body, root.slug, [*root.children, *rest])]
    return [*(council.nodes if council else []), *rest]


def layout(roots: list[TreeNode]) -> list[Row]:
    """Place every node on its own row, indented by depth."""
    rows: list[Row] = []

    def place(node: TreeNode, depth: int, parent: int | None) -> None:
        row = Row(node, depth, len(rows), parent)
        rows.append(row)
        for child in node.children:
            place(child, depth + 1, row.index)

    for root in roots:
        place(root, 0, None)
    return rows


def _shorten(text: str, width: int) -> str:
    limit = max(10, (width - 20) // CHAR_W)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _connector(row: Row, rows: list[Row]) -> str:
    parent = rows[row.parent_index]
    x = parent.x + INDENT // 2
    mid = row.y + BOX_H // 2
    return (
        f'<path d="M{x} {parent.y + BOX_H} V{mid} H{row.x}" fill="none" '
        f'stroke="{LINE}" stroke-width="1.5"/>'
    )


def _labels(node: TreeNode) -> tuple[str, str]:
    body = node.body
    if body is None:
        return node.label, ""
    title = f"{body.name} ({body.short_name})" if body.short_name else body.name
    details = [body.kind_label, time_limit_label(body)]
    if body.lead:
        details.append(_("Leitung: %(lead)s", lead=body.lead))
    return title, " · ".join(details)


def _node_svg(row: Row) -> str:
    node, width = row.node, WIDTH - MARGIN - row.x
    body = node.body
    fill, stroke = COLOURS.get(body.category, GROUP_COLOURS) if body else GROUP_COLOURS
    dash = "" if body else ' stroke-dasharray="6 4"'
    prefix = "gremium" if body else "gruppe"
    title, details = _labels(node)
    line1_y = row.y + (20 if details else 29)
    parts = [
        f'<g id="orgchart-{prefix}-{escape(node.slug)}">',
        f'<rect x="{row.x}" y="{row.y}" width="{width}" height="{BOX_H}" rx="6" ry="6" '
        f'fill="{fill}" stroke="{stroke}" stroke-width="1.5"{dash}/>',
        f'<text x="{row.x + 10}" y="{line1_y}" font-size="15" font-weight="bold" '
        f'fill="{INK}">{escape(_shorten(title, width))}</text>',
    ]
    if details:
        parts.append(
            f'<text x="{row.x + 10}" y="{row.y + 39}" font-size="13" fill="{INK}">'
            f"{escape(_shorten(details, width * 15 // 13))}</text>"
        )
    parts.append("</g>")
    return "".join(parts)


def description(sections: list[Section]) -> str:
    """A text summary of the chart for assistive technology."""
    counts = [
        f"{section.title}: {sum(1 for n in walk(section.nodes) if n.body is not None)}"
        for section in sections
    ]
    return _(
        "Organigramm der aktuellen Gremien. %(counts)s. Dieselben Angaben stehen "
        "als verschachtelte Liste unter „Gremien nach Gruppen“ auf dieser Seite.",
        counts="; ".join(counts),
    )


def render_orgchart(sections: list[Section]) -> Markup:
    """The org chart as inline SVG markup (deterministic for the same registry)."""
    rows = layout(chart_tree(sections))
    height = 2 * MARGIN + max(len(rows), 1) * ROW_H - (ROW_H - BOX_H)
    title = _("Organigramm der Gremienstruktur des IT-Planungsrats")
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" aria-labelledby="orgchart-title" aria-describedby="orgchart-desc" '
        f'font-family={quoteattr(FONT)} class="orgchart" id="orgchart">',
        f'<title id="orgchart-title">{escape(title)}</title>',
        f'<desc id="orgchart-desc">{escape(description(sections))}</desc>',
        '<g id="orgchart-lines">',
        *(_connector(row, rows) for row in rows if row.parent_index is not None),
        "</g>",
        *(_node_svg(row) for row in rows),
        "</svg>",
    ]
    return Markup("".join(out))  # noqa: S704 - every interpolated text is escaped above


def _chart_key(bodies: list[Body]) -> tuple:
    """Everything of the bodies that the chart shows or groups by, in the page's order."""
    return tuple(
        (b.id, b.key, b.name, b.short_name, b.kind, b.category, b.focus_topic, b.parent_id,
         b.end_date, b.open_ended, b.lead)
        for b in bodies
    )  # fmt: skip


def cached_orgchart(sections: list[Section], bodies: list[Body]) -> Markup:
    """``render_orgchart``, kept per process until a shown field of a body changes."""
    key = _chart_key(bodies)
    chart = _CHART_CACHE.get(key)
    if chart is None:
        _CHART_CACHE.clear()  # one registry: keep only the newest chart
        chart = _CHART_CACHE[key] = render_orgchart(sections)
    return chart

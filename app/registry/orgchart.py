"""The Gremienstruktur as an accessible, server-generated org chart (inline SVG).

This module places the boxes; templates/registry/_orgchart.html draws them (autoescaped).
No style attributes (the CSP forbids inline styles): presentation attributes only.
The same information is on the page as a nested list, which is the primary structure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flask_babel import gettext as _

from app.registry.display import BodyEntry
from app.registry.queries import LINKED_SLUG, Section, TreeNode, walk

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
    """The council at the root with the bodies and groups below it; the bodies it is only
    linked with in a group of their own beside it (no line to the council)."""
    council = sections[0] if sections and sections[0].slug == "rat" else None
    rest = [TreeNode(s.title, None, s.slug, s.nodes) for s in sections if s is not council]
    nodes = council.nodes if council else []
    beside = [node for node in nodes if node.slug == LINKED_SLUG]
    roots = [node for node in nodes if node.slug != LINKED_SLUG]
    if len(roots) == 1 and roots[0].body is not None:
        root = roots[0]
        return [TreeNode(root.label, root.body, root.slug, [*root.children, *rest]), *beside]
    return [*roots, *rest, *beside]


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


@dataclass(frozen=True)
class Box:
    """One box of the chart as the template draws it, and its connector to the parent."""

    element_id: str
    x: int
    y: int
    width: int
    fill: str
    stroke: str
    dashed: bool
    title: str
    details: str
    title_y: int
    connector: str | None


@dataclass(frozen=True)
class Chart:
    """The whole chart: its size, accessible title and description, and its boxes."""

    width: int
    height: int
    box_height: int
    font: str
    ink: str
    line: str
    title: str
    description: str
    boxes: list[Box]


def _connector(row: Row, rows: list[Row]) -> str | None:
    """The path data of the elbow line from the parent's box to this one."""
    if row.parent_index is None:
        return None
    parent = rows[row.parent_index]
    x = parent.x + INDENT // 2
    return f"M{x} {parent.y + BOX_H} V{row.y + BOX_H // 2} H{row.x}"


def _labels(node: TreeNode, entries: Mapping[int, BodyEntry]) -> tuple[str, str]:
    body = node.body
    if body is None:
        return node.label, ""
    title = f"{body.name} ({body.short_name})" if body.short_name else body.name
    return title, entries[body.id].facts


def _box(row: Row, rows: list[Row], entries: Mapping[int, BodyEntry]) -> Box:
    node, width = row.node, WIDTH - MARGIN - row.x
    body = node.body
    fill, stroke = COLOURS.get(body.category, GROUP_COLOURS) if body else GROUP_COLOURS
    title, details = _labels(node, entries)
    return Box(
        element_id=f"orgchart-{'gremium' if body else 'gruppe'}-{node.slug}",
        x=row.x,
        y=row.y,
        width=width,
        fill=fill,
        stroke=stroke,
        dashed=body is None,
        title=_shorten(title, width),
        details=_shorten(details, width * 15 // 13) if details else "",
        title_y=row.y + (20 if details else 29),
        connector=_connector(row, rows),
    )


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


def orgchart(sections: list[Section], entries: Mapping[int, BodyEntry]) -> Chart:
    """The chart of the given sections, laid out (deterministic for the same registry);
    each box says what the body's entry in the list says (``entries``: display.body_entries)."""
    rows = layout(chart_tree(sections))
    return Chart(
        width=WIDTH,
        height=2 * MARGIN + max(len(rows), 1) * ROW_H - (ROW_H - BOX_H),
        box_height=BOX_H,
        font=FONT,
        ink=INK,
        line=LINE,
        title=_("Organigramm der Gremienstruktur des IT-Planungsrats"),
        description=description(sections),
        boxes=[_box(row, rows, entries) for row in rows],
    )

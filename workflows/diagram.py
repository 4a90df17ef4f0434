"""Accessible drawings of the proposal workflow (inline SVG, text rows, Mermaid), from the table."""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from workflows.proposal import (
    INITIAL_STATE,
    ROLE_LABELS,
    STATE_BADGES,
    STATE_LABELS,
    TRANSITIONS,
    ProposalState,
    Transition,
)

S = ProposalState

TITLE = "Ablauf eines Antrags"

BOX_W, BOX_H = 150, 60
GAP = 120  # horizontal space between boxes on the main line, room for a label
MARGIN = 20
MAIN_Y, SIDE_Y = 130, 330
WIDTH = 2 * MARGIN + 5 * BOX_W + 4 * GAP
HEIGHT = SIDE_Y + BOX_H + MARGIN
ARC_RISE = 110  # how far above the boxes the control point of a backward arc sits
WRAP = 17  # characters per label line
INK = "#1b1b1b"
# KERN's typeface, served with the page (an inline SVG uses the page's @font-face).
FONT = "Fira Sans, sans-serif"
BOLD = ' font-weight="bold"'

MAIN_LINE = (S.DRAFT, S.REVIEW, S.RESOLUTION, S.ESTABLISHED, S.DISSOLVED)
# Side states sit below, between the two main-line states they are reached from.
SIDE_STATES = {
    S.WITHDRAWN: (S.DRAFT, S.REVIEW),
    S.REJECTED: (S.REVIEW, S.RESOLUTION),
    S.DECIDED: (S.ESTABLISHED, S.DISSOLVED),
}

# Fill and stroke per KERN badge variant; text stays INK, so contrast does not depend on colour.
BADGE_COLOURS = {
    "info": ("#e8f1fb", "#1f5a96"),
    "warning": ("#fff4e0", "#8a5300"),
    "success": ("#e6f4ea", "#1e6b34"),
    "danger": ("#fbe9e9", "#a4262c"),
}


@dataclass(frozen=True)
class Edge:
    """One arrow: a transition row drawn from one of its sources."""

    row: Transition
    source: str

    @property
    def key(self) -> str:
        """Deterministic id fragment."""
        return f"{self.row.trigger}-{self.source}"


def _positions() -> dict[str, tuple[int, int]]:
    """Top-left corner of every state's box."""
    pos = {state: (MARGIN + i * (BOX_W + GAP), MAIN_Y) for i, state in enumerate(MAIN_LINE)}
    for state, (left, right) in SIDE_STATES.items():
        pos[state] = ((pos[left][0] + pos[right][0]) // 2, SIDE_Y)
    return pos


POSITIONS = _positions()


def _centre(state: str) -> tuple[int, int]:
    x, y = POSITIONS[state]
    return x + BOX_W // 2, y + BOX_H // 2


def edges() -> list[Edge]:
    """Every (transition, source) pair, in table order."""
    return [Edge(row, source) for row in TRANSITIONS for source in row.sources]


def wrap(text: str, width: int = WRAP) -> list[str]:
    """Split text into lines of at most width characters at spaces (longer words stay whole)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _text(lines: list[str], x: int, y: float, size: int, extra: str = "") -> str:
    """A <text> centred on x whose first baseline is y, one <tspan> per line."""
    spans = "".join(
        f'<tspan x="{x}" dy="{0 if i == 0 else size + 2}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return (
        f'<text x="{x}" y="{y:g}" text-anchor="middle" font-size="{size}" '
        f'fill="{INK}"{extra}>{spans}</text>'
    )


def _state_svg(state: str, prefix: str) -> str:
    x, y = POSITIONS[state]
    fill, stroke = BADGE_COLOURS[STATE_BADGES[state]]
    lines = wrap(STATE_LABELS[state], 18)
    cx, cy = _centre(state)
    first = cy + 5 - (len(lines) - 1) * 8
    return (
        f'<g id="{prefix}-state-{state}" class="workflow-state workflow-state--{state}">'
        f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="10" ry="10" '
        f'fill="{fill}" stroke="{stroke}" stroke-width="2"/>'
        f"{_text(lines, cx, first, 15, BOLD)}</g>"
    )


def _geometry(edge: Edge) -> tuple[str, int, float, bool]:
    """Path data, label centre x, label anchor y and whether the label sits above y."""
    (sx, sy), (dx, dy) = _centre(edge.source), _centre(edge.row.dest)
    half_h = BOX_H // 2
    if edge.row.dest in SIDE_STATES:
        sign = 1 if dx > sx else -1
        x1, y1, x2, y2 = sx + sign * 25, sy + half_h, dx - sign * 35, dy - half_h
        return f"M{x1},{y1} L{x2},{y2}", (x1 + x2) // 2, (y1 + y2) / 2, False
    if dx > sx:  # forward along the main line
        x1, x2 = sx + BOX_W // 2, dx - BOX_W // 2
        return f"M{x1},{sy} L{x2},{dy}", (x1 + x2) // 2, sy - 8, True
    # backward along the main line: an arc over the boxes
    x1, x2, top = sx - 30, dx + 30, sy - half_h
    mid = (x1 + x2) // 2
    return f"M{x1},{top} Q{mid},{top - ARC_RISE} {x2},{top}", mid, top - ARC_RISE / 2 - 8, True


def _edge_svg(edge: Edge, prefix: str, labels: bool) -> str:
    path, lx, ly, above = _geometry(edge)
    group = f'<g id="{prefix}-edge-{edge.key}" class="workflow-edge edge--{edge.row.trigger}">'
    arrow = (
        f'<path d="{path}" fill="none" stroke="{INK}" stroke-width="1.5" '
        f'marker-end="url(#{prefix}-arrow)"/>'
    )
    parts = [group, arrow]
    if labels:
        lines = wrap(edge.row.label)
        first = ly - (len(lines) - 1) * 15 if above else ly + 4 - (len(lines) - 1) * 7.5
        # A white halo keeps the label readable where it crosses its own line.
        halo = ' stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke"'
        parts.append(_text(lines, lx, first, 13, halo))
    parts.append("</g>")
    return "".join(parts)


def description() -> str:
    """German prose summary of the workflow for the SVG's <desc>."""
    moves = [
        f"„{edge.row.label}“ führt von „{STATE_LABELS[edge.source]}“ "
        f"nach „{STATE_LABELS[edge.row.dest]}“"
        for edge in edges()
    ]
    start = f"Ein Antrag beginnt im Status „{STATE_LABELS[INITIAL_STATE]}“."
    return f"{start} {'; '.join(moves)}."


def _defs(prefix: str) -> str:
    return (
        f'<defs><marker id="{prefix}-arrow" viewBox="0 0 10 10" refX="10" refY="5" '
        'markerWidth="8" markerHeight="8" orient="auto-start-reverse">'
        f'<path d="M0,0 L10,5 L0,10 z" fill="{INK}"/></marker></defs>'
    )


def render_svg(labels: bool = True, id_prefix: str = "proposal-workflow") -> str:
    """Inline, accessible SVG of the workflow; ids derive from id_prefix only."""
    header = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="100%" role="img" class="workflow-diagram" font-family="{FONT}" '
        f'aria-labelledby="{id_prefix}-title" aria-describedby="{id_prefix}-desc">'
        f'<title id="{id_prefix}-title">{escape(TITLE)}</title>'
        f'<desc id="{id_prefix}-desc">{escape(description())}</desc>'
    )
    body = [_edge_svg(edge, id_prefix, labels) for edge in edges()]
    body += [_state_svg(state, id_prefix) for state in ProposalState]
    return header + _defs(id_prefix) + "".join(body) + "</svg>"


def roles_text(row: Transition) -> str:
    """German names of the roles that may fire row, comma separated."""
    return ", ".join(ROLE_LABELS[role] for role in sorted(row.roles))


def transitions_as_list() -> list[dict[str, str]]:
    """The diagram as rows for a screen-reader table: one row per arrow."""
    return [
        {
            "trigger": edge.row.trigger,
            "source": edge.source,
            "dest": edge.row.dest,
            "source_label": STATE_LABELS[edge.source],
            "dest_label": STATE_LABELS[edge.row.dest],
            "label": edge.row.label,
            "roles": roles_text(edge.row),
            "description": edge.row.description,
        }
        for edge in edges()
    ]


def mermaid() -> str:
    """The workflow as a Mermaid state diagram."""
    lines = ["stateDiagram-v2"]
    lines += [f'    state "{STATE_LABELS[state]}" as {state}' for state in ProposalState]
    lines.append(f"    [*] --> {INITIAL_STATE}")
    lines += [f"    {e.source} --> {e.row.dest} : {e.row.label}" for e in edges()]
    final = sorted({row.dest for row in TRANSITIONS} - {e.source for e in edges()})
    lines += [f"    {state} --> [*]" for state in final]
    return "\n".join(lines) + "\n"

"""Small horizontal bar charts of the figures, placed here and drawn by
templates/picture/_bar_chart.html (presentation attributes only; the numbers stand beside
each bar and in the table under the chart, so nothing depends on the bar's length alone)."""

from __future__ import annotations

from dataclasses import dataclass

from app.formatting import german_decimal
from app.picture.figures import Figure

WIDTH = 640
LABEL_W = 230
ROW_H = 24
BAR_H = 16
VALUE_W = 60
MARGIN = 8
FONT = "Fira Sans, Arial, sans-serif"
INK = "#1b1b1b"
FILL = "#1f5a96"
CHAR_W = 7


@dataclass(frozen=True)
class ChartBar:
    """One row: its label, its bar and the number written after it."""

    label: str
    y: int
    width: int
    value: str


@dataclass(frozen=True)
class BarChart:
    """A figure as bars."""

    element_id: str
    title: str
    width: int
    height: int
    font: str
    ink: str
    fill: str
    left: int
    bars: list[ChartBar]


def _number(value: object) -> float:
    if isinstance(value, int | float):
        return float(value)
    return float(str(value).replace(".", "").replace(",", "."))


def _shorten(text: str) -> str:
    limit = (LABEL_W - MARGIN) // CHAR_W
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def bar_chart(figure: Figure) -> BarChart:
    """The figure's chart column as one bar per row, scaled to the largest value."""
    values = [_number(row[figure.chart_column]) for row in figure.rows]
    largest = max(values, default=0) or 1
    span = WIDTH - LABEL_W - VALUE_W - MARGIN
    bars = [
        ChartBar(
            _shorten(str(row[0])),
            MARGIN + index * ROW_H,
            round(value * span / largest),
            german_decimal(row[figure.chart_column]),
        )
        for index, (row, value) in enumerate(zip(figure.rows, values, strict=True))
    ]
    return BarChart(
        element_id=f"diagramm-{figure.slug}",
        title=figure.title,
        width=WIDTH,
        height=2 * MARGIN + max(len(bars), 1) * ROW_H,
        font=FONT,
        ink=INK,
        fill=FILL,
        left=LABEL_W,
        bars=bars,
    )

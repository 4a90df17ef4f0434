"""The timeline of the bodies: each a bar from start to end, grouped by focus topic.

This module places the bars; templates/picture/_timeline.html draws them (autoescaped,
presentation attributes only: the CSP forbids inline styles). The kinds differ by colour
and by pattern, so the chart never depends on colour alone; the same facts are in a table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _

from app.formatting import german_date
from app.models import Body
from app.models.body import BODY_KIND_LABELS, TimeLimit
from app.registry.display import BodyEntry, time_limit_label, time_limit_texts
from app.registry.queries import NO_TOPIC
from app.topics.queries import topic_label, topic_names

WIDTH = 1000
LABEL_W = 330  # the column of body names left of the bars
AXIS_H = 62
ROW_H = 26
BAR_H = 16
GROUP_H = 30
LEGEND_ROW_H = 24
MARGIN = 12
CHAR_W = 7  # a generous glyph width at 13px, to shorten long names
FONT = "Fira Sans, Arial, sans-serif"
INK = "#1b1b1b"
GRID = "#8a8a8a"
TODAY = "#b00020"
SOON = "#b00020"
HORIZON_DAYS = 365
# kind: (fill, pattern id); patterns in the template's <defs> draw dark lines over the fill.
KIND_STYLES = {
    "gremium": ("#9ec5ee", "muster-voll"),
    "board": ("#c6b3e6", "muster-punkte"),
    "arbeitsgruppe": ("#a8dbb5", "muster-schraeg"),
    "kooperationsgruppe": ("#f7d58b", "muster-quer"),
    "arbeitsgremium": ("#f2b8a0", "muster-senkrecht"),
    "projektgruppe": ("#f5a3c7", "muster-gitter"),
    "unterarbeitsgruppe": ("#b9e3e6", "muster-gegenschraeg"),
    "programm": ("#d9d9a0", "muster-kreuz"),
    "organisation": ("#d0d0d0", "muster-ringe"),
}
OTHER_STYLE = ("#e0e0e0", "muster-voll")


@dataclass(frozen=True)
class Bar:
    """One body's row: its name left, its bar from start (or the axis start) to end."""

    element_id: str
    name: str
    full_name: str
    label_y: int
    x: int
    y: int
    width: int
    fill: str
    pattern: str
    open_start: bool  # start unknown: the bar begins at the axis, faded
    open_end: bool  # "bis auf Weiteres": the bar runs to the axis end, with an arrow
    unknown_end: bool  # time limit unknown: the bar runs to the axis end, its end dashed
    ends_soon: bool
    end_x: int


@dataclass(frozen=True)
class Group:
    """A focus topic's heading row."""

    title: str
    y: int


@dataclass(frozen=True)
class Tick:
    """A year line on the axis."""

    x: int
    label: str


@dataclass(frozen=True)
class LegendItem:
    """A kind's swatch in the legend."""

    label: str
    fill: str
    pattern: str
    x: int
    y: int


@dataclass(frozen=True)
class TableRow:
    """The same body as a row of the table beside the chart."""

    entry: BodyEntry
    start: str
    time_limit: str
    ends_soon: bool


@dataclass(frozen=True)
class TableGroup:
    """The rows of one focus topic."""

    title: str
    rows: list[TableRow]


@dataclass(frozen=True)
class Timeline:
    """The whole chart and its table."""

    width: int
    height: int
    font: str
    ink: str
    grid: str
    today_colour: str
    soon_colour: str
    title: str
    description: str
    plot_left: int
    plot_right: int
    axis_y: int
    plot_bottom: int
    today_x: int
    today_label: str
    horizon_x: int
    ticks: list[Tick]
    groups: list[Group]
    bars: list[Bar]
    legend: list[LegendItem]
    legend_y: int
    markers_y: int
    table: list[TableGroup]


def axis_range(bodies: list[Body], today: date) -> tuple[date, date]:
    """From the first known date (at most twenty years back) to a year past the horizon."""
    known = [d for body in bodies for d in (body.start_date, body.end_date) if d]
    first = min([*known, date(today.year - 2, 1, 1)])
    first = max(first, date(today.year - 20, 1, 1))
    last = max([*known, date(today.year + 2, 1, 1)])
    return date(first.year, 1, 1), date(last.year + 1, 1, 1)


class Scale:
    """Dates to x positions on the plot."""

    def __init__(self, first: date, last: date, left: int, right: int) -> None:
        self.first, self.last, self.left, self.right = first, last, left, right
        self.days = max((last - first).days, 1)

    def x(self, day: date) -> int:
        """The x position of a day, clamped to the plot."""
        offset = min(max((day - self.first).days, 0), self.days)
        return self.left + round(offset * (self.right - self.left) / self.days)


def grouped(bodies: list[Body]) -> list[tuple[str, list[Body]]]:
    """Bodies by focus topic: the office's order, then others in use, then those without."""
    no_topic = str(NO_TOPIC)
    by_topic: dict[str, list[Body]] = {}
    for body in bodies:
        by_topic.setdefault(topic_label(body.focus_topic) or no_topic, []).append(body)
    order = [*topic_names(), *sorted(by_topic), no_topic]
    return [(title, by_topic[title]) for title in sorted(by_topic, key=order.index)]


def ends_soon(body: Body, today: date) -> bool:
    """Its time limit ends within the next twelve months (today included)."""
    if body.time_limit is not TimeLimit.DATED:
        return False
    return 0 <= (body.end_date - today).days <= HORIZON_DAYS


def _shorten(text: str, width: int) -> str:
    limit = max(10, width // CHAR_W)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _bar(body: Body, y: int, scale: Scale, today: date) -> Bar:
    fill, pattern = KIND_STYLES.get(body.kind, OTHER_STYLE)
    start = scale.x(body.start_date) if body.start_date else scale.left
    dated = body.time_limit is TimeLimit.DATED
    end = scale.x(body.end_date) if dated else scale.right
    return Bar(
        element_id=f"zeitleiste-{body.key}",
        name=_shorten(body.name, LABEL_W - 2 * MARGIN),
        full_name=body.name,
        label_y=y + BAR_H - 3,
        x=start,
        y=y,
        width=max(end - start, 3),
        fill=fill,
        pattern=pattern,
        open_start=body.start_date is None,
        open_end=body.time_limit is TimeLimit.OPEN_ENDED,
        unknown_end=body.time_limit is TimeLimit.UNKNOWN,
        ends_soon=ends_soon(body, today),
        end_x=end,
    )


def _legend(kinds: list[str], top: int) -> list[LegendItem]:
    items, per_row, column_w = [], 4, (WIDTH - 2 * MARGIN) // 4
    for index, kind in enumerate(kinds):
        fill, pattern = KIND_STYLES.get(kind, OTHER_STYLE)
        label = BODY_KIND_LABELS.get(kind, kind)
        x = MARGIN + (index % per_row) * column_w
        items.append(LegendItem(label, fill, pattern, x, top + (index // per_row) * LEGEND_ROW_H))
    return items


def _ticks(scale: Scale) -> list[Tick]:
    years = range(scale.first.year, scale.last.year + 1)
    step = max(1, -(-len(years) // 12))
    return [Tick(scale.x(date(year, 1, 1)), str(year)) for year in years[::step]]


def _table(groups, entries: dict[int, BodyEntry], today: date) -> list[TableGroup]:
    texts, unknown = time_limit_texts(), _("unbekannt")
    return [
        TableGroup(
            title,
            [
                TableRow(
                    entries[body.id],
                    german_date(body.start_date) or unknown,
                    time_limit_label(body, texts),
                    ends_soon(body, today),
                )
                for body in members
            ],
        )
        for title, members in groups
    ]


def _rows(groups, scale: Scale, today: date) -> tuple[list[Group], list[Bar], int]:
    """Each topic's heading, then its bodies' bars, one row each; and the plot's bottom."""
    y, headings, bars = AXIS_H, [], []
    for title, members in groups:
        headings.append(Group(title, y + GROUP_H - 10))
        y += GROUP_H
        for body in members:
            bars.append(_bar(body, y + (ROW_H - BAR_H) // 2, scale, today))
            y += ROW_H
    return headings, bars, y


def timeline(bodies: list[Body], entries: dict[int, BodyEntry], today: date) -> Timeline:
    """The timeline of these bodies (every body: current and dissolved) on ``today``."""
    first, last = axis_range(bodies, today)
    scale = Scale(first, last, LABEL_W, WIDTH - MARGIN - 24)  # room for the end marks
    groups = grouped(bodies)
    headings, bars, y = _rows(groups, scale, today)
    kinds = [kind for kind in KIND_STYLES if any(body.kind == kind for body in bodies)]
    legend_y = y + 2 * MARGIN + 12
    legend = _legend(kinds, legend_y + 14)
    legend_rows = -(-len(kinds) // 4) + 1  # and a row of the markers
    horizon = date.fromordinal(today.toordinal() + HORIZON_DAYS)
    return Timeline(
        width=WIDTH,
        height=legend_y + 14 + legend_rows * LEGEND_ROW_H + MARGIN,
        font=FONT,
        ink=INK,
        grid=GRID,
        today_colour=TODAY,
        soon_colour=SOON,
        title=_("Zeitleiste der Gremien nach Schwerpunktthemen"),
        description=description(groups, bars),
        plot_left=scale.left,
        plot_right=scale.right,
        axis_y=AXIS_H - 8,
        plot_bottom=y,
        today_x=scale.x(today),
        today_label=_("heute, %(date)s", date=german_date(today)),
        horizon_x=scale.x(horizon),
        ticks=_ticks(scale),
        groups=headings,
        bars=bars,
        legend=legend,
        legend_y=legend_y,
        markers_y=legend_y + 14 + (legend_rows - 1) * LEGEND_ROW_H,
        table=_table(groups, entries, today),
    )


def description(groups: list[tuple[str, list[Body]]], bars: list[Bar]) -> str:
    """A text summary of the chart for assistive technology."""
    counts = "; ".join(f"{title}: {len(members)}" for title, members in groups)
    soon = sum(1 for bar in bars if bar.ends_soon)
    return _(
        "Zeitleiste aller Gremien, gruppiert nach Schwerpunktthema (%(counts)s). "
        "%(soon)d Befristungen enden in den nächsten zwölf Monaten. Dieselben Angaben "
        "stehen in der Tabelle unter der Grafik.",
        counts=counts,
        soon=soon,
    )

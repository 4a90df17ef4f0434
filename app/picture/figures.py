"""The office's figures (Kennzahlen): each a small table of numbers, computed with a fixed
number of queries whatever the number of proposals and bodies."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime
from statistics import median

from flask_babel import gettext as _
from sqlalchemy import func, select

from app.extensions import db
from app.formatting import BERLIN, german_decimal
from app.models import Body, Decision, Proposal, ProposalVersion
from app.registry.queries import NO_TOPIC
from app.topics.queries import topic_label, topic_names
from workflows.proposal import STATE_LABELS, ProposalState

# Decisions that settle a proposal: the council established the body, or declined.
SETTLING_KINDS = ("establish", "decline")


@dataclass(frozen=True)
class Figure:
    """One figure: its title, the table's column headers, and its rows (first cell a label)."""

    slug: str
    title: str
    header: list[str]
    rows: list[list[object]]
    chart_column: int  # the column the chart draws as bars


def proposals_per_state() -> Figure:
    """How many proposals are in each state (every state listed, zeros too)."""
    stmt = select(Proposal.state, func.count()).group_by(Proposal.state)
    counts = dict(db.session.execute(stmt).all())
    rows = [[STATE_LABELS[state], counts.get(state.value, 0)] for state in ProposalState]
    header = [_("Status"), _("Anträge")]
    return Figure("antraege-nach-status", _("Anträge nach Status"), header, rows, 1)


def _berlin_day(moment: datetime) -> date:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(BERLIN).date()


def days_to_decision() -> Figure:
    """Days from the first submission (the first frozen version; a proposal returned for
    revision keeps counting) to the council's decision, by year of the decision."""
    first = (
        select(ProposalVersion.proposal_id, func.min(ProposalVersion.created_at).label("submitted"))
        .group_by(ProposalVersion.proposal_id)
        .subquery()
    )
    stmt = (
        select(Decision.year, Decision.decided_on, first.c.submitted)
        .join(first, first.c.proposal_id == Decision.proposal_id)
        .where(Decision.kind.in_(SETTLING_KINDS))
    )
    by_year: dict[int, list[int]] = defaultdict(list)
    for year, decided_on, submitted_at in db.session.execute(stmt):
        by_year[year].append(max((decided_on - _berlin_day(submitted_at)).days, 0))
    rows = [
        [str(year), len(days), german_decimal(median(days), 1), min(days), max(days)]
        for year, days in sorted(by_year.items())
    ]
    header = [_("Jahr"), _("Beschlüsse"), _("Median (Tage)"), _("kürzeste"), _("längste")]
    return Figure(
        "dauer-bis-zum-beschluss", _("Dauer vom Einreichen bis zum Beschluss"), header, rows, 2
    )


def bodies_per_year(today: date) -> Figure:
    """Bodies established (by start) and dissolved (by end) per calendar year."""
    stmt = select(Body.start_date, Body.end_date, Body.is_dissolved(today))
    started: Counter[int] = Counter()
    ended: Counter[int] = Counter()
    unknown = 0
    for start, end, dissolved in db.session.execute(stmt):
        if start:
            started[start.year] += 1
        else:
            unknown += 1
        if dissolved and end:
            ended[end.year] += 1
    rows = [[str(year), started[year], ended[year]] for year in sorted(started | ended)]
    if unknown:
        rows.append([_("Beginn unbekannt"), unknown, 0])
    header = [_("Jahr"), _("eingesetzt"), _("aufgelöst")]
    title = _("Eingesetzte und aufgelöste Gremien je Jahr")
    return Figure("gremien-je-jahr", title, header, rows, 1)


def bodies_per_topic(today: date) -> Figure:
    """Current bodies per focus topic, in the office's order; those without one last."""
    stmt = (
        select(Body.focus_topic, func.count())
        .where(~Body.is_dissolved(today))
        .group_by(Body.focus_topic)
    )
    counts: Counter[str] = Counter()
    for value, count in db.session.execute(stmt):
        counts[topic_label(value) or str(NO_TOPIC)] += count
    order = [*topic_names(), *sorted(counts), str(NO_TOPIC)]
    names = sorted(set(counts) | set(topic_names()), key=order.index)
    rows = [[name, counts.get(name, 0)] for name in names]
    header = [_("Schwerpunktthema"), _("aktuelle Gremien")]
    return Figure(
        "gremien-nach-thema", _("Aktuelle Gremien nach Schwerpunktthema"), header, rows, 1
    )


def all_figures(today: date) -> list[Figure]:
    """Every figure of the page, in its order."""
    return [
        proposals_per_state(),
        days_to_decision(),
        bodies_per_year(today),
        bodies_per_topic(today),
    ]

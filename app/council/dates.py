"""Consistency of a decision's date with what it decided (issue 18, "Consistency of dates").

A council decision is dated on or after the day the decided version was submitted and the day
its Vorlage was first issued, and not after today; a decision dissolving a body not before the
body was established; the AL-Runde's Beschlussempfehlung not before the version it recommends
nor after today. Days are Berlin days. Every path that records a decision passes through
``check_decision_inputs`` (app/workflow/operations.py: ``begin``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from app.domain import DomainError
from app.extensions import db
from app.formatting import BERLIN, german_date, today_berlin
from app.models import Decision, DocumentKind, IssuedDocument, Proposal, ProposalVersion


def berlin_day(moment: datetime) -> date:
    """The Berlin day of a stored timestamp (SQLite returns naive UTC values)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(BERLIN).date()


def vorlage_issued_on(version: ProposalVersion) -> date | None:
    """The day the version's Vorlage was first issued, if it was."""
    stmt = select(func.min(IssuedDocument.created_at)).where(
        IssuedDocument.version_id == version.id,
        IssuedDocument.kind == DocumentKind.VORLAGE.value,
    )
    first = db.session.scalar(stmt)
    return berlin_day(first) if first else None


def _check_not_future(decided_on: date, field: str) -> None:
    today = today_berlin()
    if decided_on > today:
        raise DomainError(
            _(
                "Das Beschlussdatum %(day)s liegt in der Zukunft. Ein Beschluss wird erst "
                "erfasst, wenn er gefasst ist (heute ist der %(today)s).",
                day=german_date(decided_on),
                today=german_date(today),
            ),
            field=field,
        )


def check_recommendation_date(version: ProposalVersion, recommended_on: date, field: str) -> None:
    """Raise a DomainError at ``field`` unless a Beschlussempfehlung of the AL-Runde fits the
    version: not in the future, not before the version was submitted (it precedes the
    Vorlage, which reports it)."""
    if recommended_on > today_berlin():
        raise DomainError(
            _(
                "Das Datum der Empfehlung %(day)s liegt in der Zukunft (heute ist der %(today)s).",
                day=german_date(recommended_on),
                today=german_date(today_berlin()),
            ),
            field=field,
        )
    submitted = berlin_day(version.created_at)
    if recommended_on < submitted:
        raise DomainError(
            _(
                "Das Datum der Empfehlung %(day)s liegt vor der Einreichung der Fassung "
                "%(number)s am %(submitted)s.",
                day=german_date(recommended_on),
                number=version.number,
                submitted=german_date(submitted),
            ),
            field=field,
        )


def check_decision_date(version: ProposalVersion | None, decided_on: date, field: str) -> None:
    """Raise a DomainError at ``field`` unless the decision's day fits the decided version."""
    _check_not_future(decided_on, field)
    if version is None:
        return
    submitted = berlin_day(version.created_at)
    if decided_on < submitted:
        raise DomainError(
            _(
                "Das Beschlussdatum %(day)s liegt vor der Einreichung der beschlossenen "
                "Fassung %(number)s am %(submitted)s.",
                day=german_date(decided_on),
                number=version.number,
                submitted=german_date(submitted),
            ),
            field=field,
        )
    issued = vorlage_issued_on(version)
    if issued is not None and decided_on < issued:
        raise DomainError(
            _(
                "Das Beschlussdatum %(day)s liegt vor der Ausgabe der Beschlussvorlage am "
                "%(issued)s.",
                day=german_date(decided_on),
                issued=german_date(issued),
            ),
            field=field,
        )


def check_decision_inputs(proposal: Proposal, inputs: dict[str, Any]) -> None:
    """For an action that records a council decision (it has a number), check its date."""
    if not inputs.get("decision_number"):
        return
    field = "decision_date" if inputs.get("decision_date") else "dissolution_date"
    decided_on = inputs.get(field)
    if isinstance(decided_on, date):
        check_decision_date(proposal.latest_version, decided_on, field)
        if field == "dissolution_date":
            check_after_establishment(proposal, decided_on, field)


def check_after_establishment(proposal: Proposal, decided_on: date, field: str) -> None:
    """A decision dissolving a body is not dated before the decision that established it (the
    body's start, from its Steckbrief, may lie earlier or later)."""
    started = db.session.scalar(
        select(func.max(Decision.decided_on)).where(
            Decision.proposal_id == proposal.id, Decision.kind == "establish"
        )
    )
    if started is not None and decided_on < started:
        raise DomainError(
            _(
                "Das Datum des Auflösungsbeschlusses %(day)s liegt vor der Einsetzung des "
                "Gremiums am %(started)s.",
                day=german_date(decided_on),
                started=german_date(started),
            ),
            field=field,
        )

"""The AL-Runde (Abteilungsleiterrunde) prepares the council's decisions: the office records
its Beschlussempfehlung on a proposal before the council decides. Nothing here commits."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from app.audit.history import append_event
from app.conflicts import flush_or_conflict
from app.council.dates import check_recommendation_date
from app.domain import ConflictError, DomainError, PermissionDenied
from app.extensions import db
from app.models import AlRecommendation, Proposal, ProposalVersion, User
from app.workflow.operations import lock_proposal
from workflows.proposal import ProposalState

TEXT_MAX = 5000


def latest_recommendation(proposal: Proposal) -> AlRecommendation | None:
    """The AL-Runde's newest Beschlussempfehlung on the proposal's current version."""
    version = proposal.latest_version
    return recommendation_for(version) if version is not None else None


def recommendation_for(version: ProposalVersion) -> AlRecommendation | None:
    """The AL-Runde's newest Beschlussempfehlung on this version."""
    stmt = (
        select(AlRecommendation)
        .where(AlRecommendation.version_id == version.id)
        .order_by(AlRecommendation.id.desc())
        .limit(1)
    )
    return db.session.scalar(stmt)


def may_record(proposal: Proposal, user: User) -> bool:
    """The office records it while the proposal awaits the council's decision."""
    return (
        user.is_authenticated
        and user.has_role("secretariat")
        and proposal.state == ProposalState.RESOLUTION.value
    )


def record_al_recommendation(
    proposal: Proposal, actor: User, recommended_on: date | None, text: str | None
) -> AlRecommendation:
    """Record the AL-Runde's Beschlussempfehlung on the current version, in the history."""
    if not actor.has_role("secretariat"):
        raise PermissionDenied(_("Nur die Geschäftsstelle erfasst Empfehlungen der AL-Runde."))
    locked = lock_proposal(proposal.id)
    if locked.state != ProposalState.RESOLUTION.value:
        raise ConflictError(
            _("Eine Beschlussempfehlung wird nur für Anträge zur Beschlussfassung erfasst.")
        )
    text = (text or "").strip()
    if not text or len(text) > TEXT_MAX:
        message = _("Bitte geben Sie die Empfehlung ein (höchstens 5000 Zeichen).")
        raise DomainError(message, field="text")
    if recommended_on is None:
        raise DomainError(_("Bitte geben Sie ein gültiges Datum an."), field="recommended_on")
    version = locked.latest_version
    check_recommendation_date(version, recommended_on, "recommended_on")
    row = AlRecommendation(
        proposal_id=locked.id,
        version_id=version.id,
        recommended_on=recommended_on,
        text=text,
        recorded_by_id=actor.id,
    )
    db.session.add(row)
    flush_or_conflict()
    append_event(
        locked,
        actor,
        "al_recommendation",
        from_state=locked.state,
        to_state=locked.state,
        version_sha256=version.sha256,
        inputs={"recommended_on": recommended_on, "text": text},
    )
    return row

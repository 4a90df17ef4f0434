"""What each role does next, counted for the start page (plain numbers and rows)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exists, func, select

from app.extensions import db
from app.models import Approval, IssuedDocument, Proposal, User
from app.models.document import DocumentKind
from app.proposals import queries as proposal_queries
from app.workflow.queue import latest_approvals
from workflows.proposal import ProposalState

RECENT_DRAFTS = 3


@dataclass(frozen=True)
class ApplicantStart:
    """The applicant's drafts to continue (newest first) and those returned for revision."""

    drafts: list[tuple[int, str, str | None]]
    returned: list[proposal_queries.ReturnNote]


@dataclass(frozen=True)
class ReviewerStart:
    """Proposals in review by others, and how many of them still lack the user's approval."""

    in_review: int
    without_my_approval: int


@dataclass(frozen=True)
class OfficeStart:
    """Proposals before the council: all, those without a Beschlussvorlage, those with one
    (ready for a session's documents)."""

    for_decision: int
    without_vorlage: int
    with_vorlage: int


def applicant_start(user: User) -> ApplicantStart:
    """The user's newest drafts and returned drafts."""
    stmt = (
        select(Proposal.id, Proposal.reference, Proposal.title)
        .where(Proposal.owner_id == user.id, Proposal.state == ProposalState.DRAFT.value)
        .order_by(Proposal.updated_at.desc(), Proposal.id.desc())
        .limit(RECENT_DRAFTS)
    )
    drafts = [tuple(row) for row in db.session.execute(stmt)]
    return ApplicantStart(drafts, proposal_queries.return_notes(user))


def reviewer_start(user: User) -> ReviewerStart:
    """The review queue's size for this reviewer (own proposals are not theirs to review)."""
    others = (Proposal.state == ProposalState.REVIEW.value, Proposal.owner_id != user.id)
    mine = latest_approvals().where(Approval.reviewer_id == user.id).scalar_subquery()
    in_review = db.session.scalar(select(func.count()).select_from(Proposal).where(*others))
    approved = db.session.scalar(
        select(func.count()).select_from(Proposal).where(*others, mine > 0)
    )
    return ReviewerStart(in_review or 0, (in_review or 0) - (approved or 0))


def office_start() -> OfficeStart:
    """What waits for the council, and whether its Beschlussvorlage is issued."""
    has_vorlage = exists().where(
        IssuedDocument.proposal_id == Proposal.id,
        IssuedDocument.kind == DocumentKind.VORLAGE.value,
    )
    resolution = Proposal.state == ProposalState.RESOLUTION.value
    total = db.session.scalar(select(func.count()).select_from(Proposal).where(resolution))
    ready = db.session.scalar(
        select(func.count()).select_from(Proposal).where(resolution, has_vorlage)
    )
    return OfficeStart(total or 0, (total or 0) - (ready or 0), ready or 0)

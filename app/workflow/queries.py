"""Read-side queries of the workflow: the proposal page's proposal, history, approvals and
remarks, each one statement with its people joined in."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import joinedload, lazyload, selectinload

from app.extensions import db
from app.models import (
    Approval,
    Body,
    HistoryEvent,
    Proposal,
    ProposalVersion,
    User,
)


def page_proposal(proposal_id: int) -> Proposal | None:
    """The proposal with its versions and established body, for its page; None if unknown.

    The page needs only the owner's id, so the owner (joined by default) is not loaded."""
    stmt = (
        select(Proposal)
        .where(Proposal.id == proposal_id)
        .options(
            selectinload(Proposal.versions),
            joinedload(Proposal.body),
            lazyload(Proposal.owner),
        )
    )
    return db.session.scalars(stmt).first()


def approvals_of(version: ProposalVersion | None) -> list[Approval]:
    """The approvals of a version with their reviewers, in the order they were given."""
    if version is None:
        return []
    stmt = (
        select(Approval)
        .where(Approval.version_id == version.id)
        .options(joinedload(Approval.reviewer).lazyload(User.role_rows))
        .order_by(Approval.id)
    )
    return list(db.session.scalars(stmt))


def events_of(proposal: Proposal) -> list[HistoryEvent]:
    """The proposal's history events with their actors, oldest first."""
    stmt = (
        select(HistoryEvent)
        .where(HistoryEvent.proposal_id == proposal.id)
        .options(joinedload(HistoryEvent.actor).lazyload(User.role_rows))
        .order_by(HistoryEvent.id)
    )
    return list(db.session.scalars(stmt))


def body_names(body_ids: Collection[int]) -> dict[int, str]:
    """The current names of these bodies (those that exist)."""
    stmt = select(Body.id, Body.name).where(Body.id.in_(sorted(body_ids)))
    return dict(db.session.execute(stmt).all())

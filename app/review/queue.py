"""The reviewers' queue: proposals in review, with whether the reviewer approved each."""

from __future__ import annotations

from sqlalchemy import ColumnElement

from app.models import Approval, User
from app.workflow.queue import APPROVED_BY_USER, Page, QueueFilter, latest_approvals, queue_page
from workflows.proposal import ProposalState


def approved_by(user: User) -> ColumnElement:
    """Whether the user approved the latest version of the proposal in the outer query."""
    mine = latest_approvals().where(Approval.reviewer_id == user.id)
    return mine.scalar_subquery().label(APPROVED_BY_USER)


def review_page(user: User, filters: QueueFilter, number: int) -> Page:
    """One page of the proposals in review that the user did not write."""
    return queue_page(ProposalState.REVIEW, user, filters, number, extra=(approved_by(user),))

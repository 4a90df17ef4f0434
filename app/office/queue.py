"""The council office's decision queue: approved proposals awaiting the council."""

from __future__ import annotations

from app.models import User
from app.workflow.queue import Page, QueueFilter, queue_page
from workflows.proposal import ProposalState


def decision_page(user: User, filters: QueueFilter, number: int) -> Page:
    """One page of the proposals for the council's decision that the user did not write."""
    return queue_page(ProposalState.RESOLUTION, user, filters, number)

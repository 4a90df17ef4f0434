"""The reviewers' side: the review queue."""

from __future__ import annotations

from flask import Blueprint

from app.auth.decorators import role_required
from app.office.queue import render_queue
from workflows.proposal import ProposalState

bp = Blueprint("review", __name__, url_prefix="/pruefung")


@bp.get("/")
@role_required("reviewer")
def queue():
    """Proposals in review that the reviewer did not write."""
    return render_queue("review/queue.html", ProposalState.REVIEW, "review.queue", mine=True)

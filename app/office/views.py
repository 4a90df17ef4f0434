"""The council office's side: the decision queue."""

from __future__ import annotations

from flask import Blueprint

from app.auth.decorators import role_required
from app.office.queue import render_queue
from workflows.proposal import ProposalState

bp = Blueprint("office", __name__, url_prefix="/geschaeftsstelle")


@bp.get("/")
@role_required("secretariat")
def queue():
    """Proposals ready for the council's decision."""
    return render_queue("office/queue.html", ProposalState.RESOLUTION, "office.queue", mine=False)

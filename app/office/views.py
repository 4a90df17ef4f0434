"""The council office's side: the decision queue."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from app.auth.decorators import role_required
from app.domain import DomainError
from app.errors import render_error
from app.office.queue import decision_page
from app.proposals.schema_options import KINDS, focus_topic_options
from app.security import acting_user
from app.workflow.guards import approvals_required
from app.workflow.queue import page_number, parse_filters

bp = Blueprint("office", __name__, url_prefix="/geschaeftsstelle")


@bp.get("/")
@role_required("secretariat")
def queue():
    """Proposals ready for the council's decision."""
    try:
        filters = parse_filters(request.args)
        page = decision_page(acting_user(), filters, page_number(request.args.get("seite")))
    except DomainError as error:
        return render_error(error.status_code, error.message)
    return render_template(
        "office/queue.html",
        page=page,
        filters=filters,
        kinds=KINDS,
        focus_topics=focus_topic_options(True),
        approvals_required=approvals_required(),
    )

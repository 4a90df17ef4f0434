"""A proposal's page: its state, the actions the user may take now, and its history."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from app.domain import DomainError
from app.errors import render_error
from app.extensions import db
from app.forms_common import show_domain_error
from app.mail.sender import send_after_commit
from app.models import Proposal
from app.proposals.pages import summary_context
from app.security import acting_user
from app.workflow import operations, queries
from app.workflow.forms import ActionForm, RemarkForm
from app.workflow.page import action_form, page_context
from workflows.council import PROCEDURE_TITLES, steps_of
from workflows.diagram import render_svg, transitions_as_list
from workflows.proposal import transition
from workflows.side_steps import SIDE_STEPS

bp = Blueprint("workflow", __name__)


@bp.record_once
def _register_mail_hook(state) -> None:
    """Send queued e-mails once a request's transaction has committed."""
    state.app.extensions.setdefault("after_commit", []).append(send_after_commit)


def _visible_proposal(proposal_id: int) -> Proposal:
    """The proposal if the user may see it; 404 otherwise (not even its existence leaks)."""
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None or not proposal.can_view(acting_user()):
        abort(404)
    return proposal


@bp.get("/antraege/<int:proposal_id>")
@login_required
def show_proposal(proposal_id: int):
    """The proposal page: its facts, the user's actions, the Steckbrief and the history."""
    proposal = queries.page_proposal(proposal_id)
    user = acting_user()
    if proposal is None or not proposal.can_view(user):
        abort(404)
    return render_template("workflow/proposal.html", **page_context(proposal, user))


@bp.route("/antraege/<int:proposal_id>/aktion/<trigger>", methods=["GET", "POST"])
@login_required
def fire_action(proposal_id: int, trigger: str):
    """Show one action's form (GET) or carry it out (POST)."""
    proposal = _visible_proposal(proposal_id)
    operation = operations.VERBS.get(trigger)
    if operation is None:
        abort(404)
    try:
        operations.check_action(proposal, trigger, acting_user())
    except DomainError as error:
        return render_error(error.status_code, error.message)
    form = action_form(proposal, trigger)
    if form.validate_on_submit():
        try:
            operation(proposal, acting_user(), form.inputs(), form.expected_version())
        except DomainError as error:
            if error.status_code != 400:
                return render_error(error.status_code, error.message)
            show_domain_error(form, error)
        else:
            flash(_("„%(label)s“ wurde ausgeführt.", label=transition(trigger).label), "success")
            return redirect(url_for("workflow.show_proposal", proposal_id=proposal_id))
    if request.method == "POST":
        return _refused_action(proposal, form), 400
    row = transition(trigger)
    return render_template("workflow/action.html", proposal=proposal, row=row, form=form)


def _refused_action(proposal: Proposal, form: ActionForm) -> str:
    """A refused action is shown where it was sent from, with its errors: the submission on
    'Angaben prüfen', every other action on the proposal page."""
    if form.trigger == "submit":
        return render_template("proposals/summary.html", **summary_context(proposal, form))
    context = page_context(proposal, acting_user(), refused=form)
    return render_template("workflow/proposal.html", **context)


@bp.post("/antraege/<int:proposal_id>/anmerkung")
@login_required
def post_remark(proposal_id: int):
    """A reviewer's remark on one section."""
    proposal = _visible_proposal(proposal_id)
    try:  # who may remark is decided before the form is looked at
        operations.check_remark(proposal, acting_user())
    except DomainError as error:
        return render_error(error.status_code, error.message)
    form = RemarkForm()
    if form.validate_on_submit():
        try:
            operations.post_remark(proposal, acting_user(), form.section.data, form.text.data)
        except DomainError as error:
            if error.status_code != 400:
                return render_error(error.status_code, error.message)
            show_domain_error(form, error)
        else:
            flash(_("Die Anmerkung wurde gespeichert."), "success")
            return redirect(url_for("workflow.show_proposal", proposal_id=proposal_id))
    context = page_context(proposal, acting_user(), remark_form=form)
    return render_template("workflow/proposal.html", **context), 400


@bp.get("/ablauf")
def diagram():
    """The workflow as a diagram and as a table."""
    return render_template(
        "workflow/diagram.html",
        svg=render_svg(),
        rows=transitions_as_list(),
        deciding=[(title, steps_of(key)) for key, title in PROCEDURE_TITLES.items()],
        steps=SIDE_STEPS,
    )

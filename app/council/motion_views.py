"""The Mitzeichnung's pages: the owner signs and invites on the proposal page; the invited
members' representatives answer on "Mitzeichnungen" (/konto/mitzeichnungen)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required

from app.council import motion_status, motions
from app.council.motion_forms import ConfirmButtonForm, InviteForm
from app.council.motion_page import motion_panel
from app.domain import DomainError
from app.errors import render_error
from app.extensions import db
from app.forms_common import show_domain_error
from app.models import Proposal
from app.security import acting_user
from app.workflow.page import page_context

bp = Blueprint("motions", __name__)

INVITATIONS = "motions.show_invitations"


def _visible_proposal(proposal_id: int) -> Proposal:
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None or not proposal.can_view(acting_user()):
        abort(404)
    return proposal


def _back_to(proposal_id: int):
    return redirect(url_for("workflow.show_proposal", proposal_id=proposal_id) + "#antrag")


@bp.post("/antraege/<int:proposal_id>/mitzeichnung/zeichnen")
@login_required
def sign_own(proposal_id: int):
    """The owner signs for the member their account acts for."""
    proposal = _visible_proposal(proposal_id)
    try:
        row = motions.sign_own(proposal, acting_user())
    except DomainError as error:
        return render_error(error.status_code, error.message)
    flash(_("%(member)s hat den Antrag gezeichnet.", member=row.member.name), "success")
    return _back_to(proposal_id)


@bp.post("/antraege/<int:proposal_id>/mitzeichnung/einladen")
@login_required
def invite(proposal_id: int):
    """The owner invites Länder to co-sign."""
    proposal = _visible_proposal(proposal_id)
    user = acting_user()
    form = InviteForm()
    try:
        rows = motions.invite_members(proposal, user, form.members.data or [])
    except DomainError as error:
        if error.status_code != 400:
            return render_error(error.status_code, error.message)
        show_domain_error(form, error)
    else:
        names = ", ".join(row.member.name for row in rows)
        flash(_("Zur Mitzeichnung eingeladen: %(names)s.", names=names), "success")
        return _back_to(proposal_id)
    context = page_context(proposal, user)
    context["motion"] = motion_panel(proposal, user, context["motion"].status, form)
    return render_template("workflow/proposal.html", **context), 400


@bp.get("/konto/mitzeichnungen")
@login_required
def show_invitations():
    """The account's member, its open invitations and its signatures."""
    user = acting_user()
    return render_template(
        "council/invitations.html",
        member=motion_status.member_of(user),
        invitations=motion_status.open_invitations(user),
        signed=motion_status.signed_for_member(user),
        form=ConfirmButtonForm(),
    )


def _answer(signature_id: int, *, accept: bool):
    try:
        row = motions.answer_invitation(signature_id, acting_user(), accept=accept)
    except DomainError as error:
        return render_error(error.status_code, error.message)
    if accept:
        flash(_("%(member)s hat mitgezeichnet.", member=row.member.name), "success")
    else:
        flash(_("Die Mitzeichnung wurde abgelehnt."), "success")
    return redirect(url_for(INVITATIONS))


@bp.post("/mitzeichnungen/<int:signature_id>/bestaetigen")
@login_required
def confirm(signature_id: int):
    """Co-sign for the account's member."""
    return _answer(signature_id, accept=True)


@bp.post("/mitzeichnungen/<int:signature_id>/ablehnen")
@login_required
def decline(signature_id: int):
    """Decline the invitation for the account's member."""
    return _answer(signature_id, accept=False)


@bp.post("/mitzeichnungen/<int:signature_id>/zurueckziehen")
@login_required
def withdraw(signature_id: int):
    """Withdraw the member's signature before the decision."""
    try:
        motions.withdraw_signature(signature_id, acting_user())
    except DomainError as error:
        return render_error(error.status_code, error.message)
    flash(_("Die Mitzeichnung wurde zurückgezogen."), "success")
    return redirect(url_for(INVITATIONS))

"""The office's pages of council sessions: list, create, agenda, votes and results."""

from __future__ import annotations

from functools import partial

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from app.auth.decorators import role_required
from app.council import outcome, sessions
from app.council.majority import Procedure
from app.council.vote_forms import AgendaItemForm, ConfirmForm, PlainForm, SessionForm, votes_form
from app.domain import DomainError
from app.errors import render_error
from app.extensions import db
from app.forms_common import show_domain_error
from app.models import AgendaItem, CouncilSession, Proposal
from app.security import acting_user

bp = Blueprint("sessions", __name__, url_prefix="/geschaeftsstelle/it-planungsrat/sitzungen")


def _session_or_404(session_id: int) -> CouncilSession:
    session = db.session.get(CouncilSession, session_id)
    if session is None:
        abort(404)
    return session


def _item_or_404(session: CouncilSession, item_id: int) -> AgendaItem:
    item = db.session.get(AgendaItem, item_id)
    if item is None or item.session_id != session.id:
        abort(404)
    return item


def _agenda_form() -> AgendaItemForm:
    form = AgendaItemForm()
    form.proposal.choices = [
        (p.id, f"{p.reference}: {p.title}") for p in sessions.ready_proposals()
    ]
    return form


@bp.get("/")
@role_required("secretariat")
def list_sessions():
    """Every session, newest first."""
    return render_template("council/sessions.html", sessions=sessions.all_sessions())


@bp.route("/neu", methods=["GET", "POST"])
@role_required("secretariat")
def create_session():
    """Create a session."""
    form = SessionForm()
    form.chair.choices = [(m.key, m.name) for m in outcome.voting_members()]
    if form.validate_on_submit():
        try:
            session = sessions.create_session(
                acting_user(),
                form.number.data,
                form.held_on.data,
                form.place.data,
                form.chair.data,
                form.deadline.data,
            )
        except DomainError as error:
            if error.status_code != 400:
                return render_error(error.status_code, error.message)
            show_domain_error(form, error)
        else:
            flash(_("Die %(number)s. Sitzung ist angelegt.", number=session.number), "success")
            return redirect(url_for("sessions.show_session", session_id=session.id))
    status = 400 if form.is_submitted() else 200
    return render_template("council/session_form.html", form=form), status


def _session_page(session: CouncilSession, agenda_form: AgendaItemForm | None = None):
    proposals = {
        p.id: p
        for p in db.session.scalars(
            select(Proposal).where(Proposal.id.in_([i.proposal_id for i in session.items]))
        )
    }
    return render_template(
        "council/session.html",
        session=session,
        proposals=proposals,
        agenda_form=agenda_form or _agenda_form(),
        button_form=PlainForm(),
        outcome_labels=outcome.OUTCOME_LABELS,
    )


@bp.get("/<int:session_id>")
@role_required("secretariat")
def show_session(session_id: int):
    """The session: its agenda with each item's Vorlage, and the results."""
    return _session_page(_session_or_404(session_id))


def _agenda_change(session_id: int, change, message: str):
    """Run one agenda change; a refusal is answered with its status and message."""
    session = _session_or_404(session_id)
    if not PlainForm().validate_on_submit():
        return render_error(400, _("Das Formular ist abgelaufen. Bitte laden Sie die Seite neu."))
    try:
        change(session)
    except DomainError as error:
        return render_error(error.status_code, error.message)
    flash(message, "success")
    return redirect(url_for("sessions.show_session", session_id=session_id) + "#tagesordnung")


@bp.post("/<int:session_id>/tagesordnung")
@role_required("secretariat")
def add_item(session_id: int):
    """Put a proposal on the agenda."""
    session = _session_or_404(session_id)
    form = _agenda_form()
    if form.validate_on_submit():
        try:
            sessions.add_item(session, form.proposal.data, acting_user())
        except DomainError as error:
            if error.status_code != 400:
                return render_error(error.status_code, error.message)
            show_domain_error(form, error)
        else:
            flash(_("Der Antrag steht auf der Tagesordnung."), "success")
            return redirect(url_for("sessions.show_session", session_id=session_id))
    return _session_page(session, form), 400


@bp.post("/<int:session_id>/top/<int:item_id>/hoch")
@role_required("secretariat")
def move_up(session_id: int, item_id: int):
    """Move an item one place up."""
    change = partial(sessions.move_item, item_id=item_id, step=-1)
    return _agenda_change(session_id, change, _("Die Reihenfolge ist geändert."))


@bp.post("/<int:session_id>/top/<int:item_id>/runter")
@role_required("secretariat")
def move_down(session_id: int, item_id: int):
    """Move an item one place down."""
    change = partial(sessions.move_item, item_id=item_id, step=1)
    return _agenda_change(session_id, change, _("Die Reihenfolge ist geändert."))


@bp.post("/<int:session_id>/top/<int:item_id>/entfernen")
@role_required("secretariat")
def remove_item(session_id: int, item_id: int):
    """Take an undecided item off the agenda."""
    change = partial(sessions.remove_item, item_id=item_id)
    return _agenda_change(session_id, change, _("Der Tagesordnungspunkt ist entfernt."))


def _vote_page(session, item, votes_form_=None, confirm_form=None, status=200):
    proposal = db.session.get(Proposal, item.proposal_id)
    members = outcome.voting_members()
    recorded = sessions.item_votes(item)
    evaluation = None
    if len(recorded) == len(members):
        evaluation = outcome.evaluate_votes(recorded, session.held_on, Procedure.SESSION)
    if confirm_form is None:
        confirm_form = ConfirmForm(formdata=None)
        confirm_form.prefill(
            proposal, outcome.suggested_outcome(evaluation[0]) if evaluation else None
        )
    return render_template(
        "council/item_votes.html",
        session=session,
        item=item,
        proposal=proposal,
        votes_form=votes_form_ or votes_form(members, recorded),
        confirm_form=confirm_form,
        evaluation=evaluation,
        vote_labels=outcome.VOTE_LABELS,
        outcome_labels=outcome.OUTCOME_LABELS,
        recorded=recorded,
        members=members,
    ), status


@bp.get("/<int:session_id>/top/<int:item_id>")
@role_required("secretariat")
def show_item(session_id: int, item_id: int):
    """An agenda item: the votes, both evaluations side by side, the confirmation."""
    session = _session_or_404(session_id)
    return _vote_page(session, _item_or_404(session, item_id))


@bp.post("/<int:session_id>/top/<int:item_id>/stimmen")
@role_required("secretariat")
def record_votes(session_id: int, item_id: int):
    """Record every voting member's vote."""
    session = _session_or_404(session_id)
    item = _item_or_404(session, item_id)
    form = votes_form(outcome.voting_members(), {})
    if form.validate_on_submit():
        try:
            sessions.record_votes(session, item.id, acting_user(), form.votes())
        except DomainError as error:
            if error.status_code != 400:
                return render_error(error.status_code, error.message)
            show_domain_error(form, error)
        else:
            flash(_("Die Stimmen sind erfasst und ausgewertet."), "success")
            return redirect(url_for("sessions.show_item", session_id=session_id, item_id=item_id))
    return _vote_page(session, item, votes_form_=form, status=400)


@bp.post("/<int:session_id>/top/<int:item_id>/ergebnis")
@role_required("secretariat")
def confirm_item(session_id: int, item_id: int):
    """Confirm the item's outcome (a decision, or postponed)."""
    session = _session_or_404(session_id)
    item = _item_or_404(session, item_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            sessions.confirm_item(session, item.id, acting_user(), form.confirmation())
        except DomainError as error:
            if error.status_code != 400:
                return render_error(error.status_code, error.message)
            show_domain_error(form, error)
        else:
            flash(_("Das Ergebnis ist bestätigt."), "success")
            return redirect(url_for("sessions.show_session", session_id=session_id))
    return _vote_page(session, item, confirm_form=form, status=400)

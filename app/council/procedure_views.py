"""The written procedure's pages: the office starts and closes it, members answer."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required
from sqlalchemy import select

from app.auth.decorators import role_required
from app.council import outcome, procedures, sessions
from app.council.vote_forms import BallotForm, ConfirmForm, OfficeAnswerForm, ProcedureForm
from app.domain import DomainError
from app.errors import render_error
from app.extensions import db
from app.formatting import today_berlin
from app.forms_common import show_domain_error
from app.models import CouncilMember, Outcome, Proposal, User, WrittenProcedure
from app.security import acting_user

bp = Blueprint("procedures", __name__, url_prefix="/umlaufverfahren")


def _member_of(user: User) -> CouncilMember | None:
    return db.session.get(CouncilMember, user.council_member_id) if user.council_member_id else None


def _visible(procedure_id: int) -> WrittenProcedure:
    """The procedure if the user is the office or represents a member asked; 404 otherwise."""
    procedure = db.session.get(WrittenProcedure, procedure_id)
    user = acting_user()
    member = _member_of(user)
    asked = member is not None and member.key in procedure.asked_keys if procedure else False
    if procedure is None or not (user.has_role("secretariat") or asked):
        abort(404)
    return procedure


@bp.get("/")
@login_required
def list_procedures():
    """The office: every procedure. A member's representative: the open ones asking it."""
    user = acting_user()
    member = _member_of(user)
    mine = procedures.open_for_member(member.id) if member else []
    every = procedures.all_procedures() if user.has_role("secretariat") else []
    proposals = {
        p.id: p
        for p in db.session.scalars(
            select(Proposal).where(Proposal.id.in_({x.proposal_id for x in mine + every}))
        )
    }
    return render_template(
        "council/procedures.html",
        mine=mine,
        every=every,
        member=member,
        proposals=proposals,
        outcome_labels=outcome.OUTCOME_LABELS,
        office=user.has_role("secretariat"),
    )


@bp.route("/neu", methods=["GET", "POST"])
@role_required("secretariat")
def start_procedure():
    """Start a written procedure for a proposal ready for decision."""
    form = ProcedureForm()
    form.proposal.choices = [
        (p.id, f"{p.reference}: {p.title}") for p in sessions.ready_proposals()
    ]
    form.asked.choices = [(m.key, m.name) for m in outcome.voting_members()]
    if not form.is_submitted():
        form.asked.data = [key for key, _name in form.asked.choices]
        form.dispatched_on.data = today_berlin()
    elif form.validate():
        try:
            procedure = procedures.start_procedure(
                form.proposal.data,
                acting_user(),
                form.dispatched_on.data,
                form.deadline.data,
                form.asked.data,
            )
        except DomainError as error:
            if error.status_code != 400:
                return render_error(error.status_code, error.message)
            show_domain_error(form, error)
        else:
            flash(_("Das Umlaufverfahren ist gestartet."), "success")
            return redirect(url_for("procedures.show_procedure", procedure_id=procedure.id))
    status = 400 if form.is_submitted() else 200
    return render_template("council/procedure_form.html", form=form), status


def _forms(procedure: WrittenProcedure, member, evaluation, given: dict, **forms) -> dict:
    """The page's three forms: the member's ballot, the office's answer, the confirmation."""
    proposal = db.session.get(Proposal, procedure.proposal_id)
    ballot = forms.get("ballot") or BallotForm(
        formdata=None, member=str(member.id) if member else ""
    )
    answer = forms.get("answer") or OfficeAnswerForm(formdata=None, received_on=today_berlin())
    answer.member.choices = [
        (m.key, m.name)
        for m in outcome.voting_members()
        if m.key in procedure.asked_keys and m.key not in given
    ]
    confirm = forms.get("confirm")
    if confirm is None:
        confirm = ConfirmForm(formdata=None)
        confirm.prefill(proposal, outcome.suggested_outcome(evaluation[0]) if evaluation else None)
    confirm.outcome.choices = [
        c for c in confirm.outcome.choices if c[0] != Outcome.POSTPONED.value
    ]
    return {"proposal": proposal, "ballot": ballot, "answer": answer, "confirm": confirm}


def _page(procedure: WrittenProcedure, status: int = 200, **forms):
    user = acting_user()
    member = _member_of(user)
    given = procedures.answers(procedure)
    fixable = procedure.is_open and procedures.can_fix(procedure)
    evaluation = procedures.evaluation(procedure) if fixable else None
    return render_template(
        "council/procedure.html",
        procedure=procedure,
        members=[m for m in outcome.voting_members() if m.key in procedure.asked_keys],
        votes={v.member.key: v for v in procedure.votes},
        member=member,
        may_vote=procedures.may_answer(procedure, member),
        office=user.has_role("secretariat"),
        fixable=fixable,
        evaluation=evaluation,
        **_forms(procedure, member, evaluation, given, **forms),
        vote_labels=outcome.VOTE_LABELS,
        outcome_labels=outcome.OUTCOME_LABELS,
    ), status


@bp.get("/<int:procedure_id>")
@login_required
def show_procedure(procedure_id: int):
    """The procedure: the proposal, the answers, the vote form, the result."""
    return _page(_visible(procedure_id))


@bp.post("/<int:procedure_id>/stimme")
@login_required
def cast_vote(procedure_id: int):
    """A member's representative answers for the member the account represents."""
    procedure = _visible(procedure_id)
    form = BallotForm()
    if form.validate_on_submit():
        member_id = int(form.member.data) if form.member.data.isdigit() else -1
        try:
            procedures.cast_vote(procedure, acting_user(), member_id, form.vote.data)
        except DomainError as error:
            if error.status_code != 400:
                return render_error(error.status_code, error.message)
            show_domain_error(form, error)
        else:
            flash(_("Ihre Stimme ist erfasst."), "success")
            return redirect(url_for("procedures.show_procedure", procedure_id=procedure_id))
    return _page(procedure, 400, ballot=form)


@bp.post("/<int:procedure_id>/antwort")
@role_required("secretariat")
def record_answer(procedure_id: int):
    """The office records an answer received by other means."""
    procedure = _visible(procedure_id)
    form = OfficeAnswerForm()
    form.member.choices = [(m.key, m.name) for m in outcome.voting_members()]
    if form.validate_on_submit():
        try:
            procedures.record_answer(
                procedure, acting_user(), form.member.data, form.vote.data, form.received_on.data
            )
        except DomainError as error:
            if error.status_code != 400:
                return render_error(error.status_code, error.message)
            show_domain_error(form, error)
        else:
            flash(_("Die Antwort ist erfasst."), "success")
            return redirect(url_for("procedures.show_procedure", procedure_id=procedure_id))
    return _page(procedure, 400, answer=form)


@bp.post("/<int:procedure_id>/ergebnis")
@role_required("secretariat")
def fix_result(procedure_id: int):
    """Fix the result: the decision dated today with the next number."""
    procedure = _visible(procedure_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            procedures.fix_result(procedure, acting_user(), form.confirmation())
        except DomainError as error:
            if error.status_code != 400:
                return render_error(error.status_code, error.message)
            show_domain_error(form, error)
        else:
            flash(_("Das Ergebnis des Umlaufverfahrens ist festgestellt."), "success")
            return redirect(url_for("procedures.show_procedure", procedure_id=procedure_id))
    return _page(procedure, 400, confirm=form)

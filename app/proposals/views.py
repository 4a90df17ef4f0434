"""The applicant's side: the guided Steckbrief form, drafts and 'Meine Anträge'."""

from __future__ import annotations

from typing import NamedTuple

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from app.auth.decorators import role_required
from app.domain import ConflictError, DomainError
from app.errors import render_error
from app.extensions import db
from app.formatting import german_datetime
from app.models.proposal import Proposal
from app.proposals import operations, queries
from app.proposals.display import steckbrief_display
from app.proposals.forms import BadAction, parse_action, parse_new_row, without_row
from app.proposals.pages import (
    next_row_index,
    page_helpers,
    remarks_of,
    render_step,
    step_after,
    step_lists,
    step_or_404,
    summary_context,
)
from app.proposals.schema import KINDS, PERSONAL_SECTIONS, STEPS
from app.security import acting_user
from workflows.proposal import STATE_BADGES, STATE_ICONS, STATE_LABELS, ProposalState

bp = Blueprint("proposals", __name__)

BAD_ACTION = _l("Diese Aktion ist nicht möglich: Den angegebenen Eintrag gibt es nicht.")
BAD_PAGE = _l("Diese Seite der Liste gibt es nicht.")
RETURNED_LABEL = "Zur Überarbeitung zurückgegeben"


@bp.context_processor
def _page_helpers() -> dict:
    """Labels and formatters the templates of this area share."""
    return page_helpers()


@bp.app_template_global("is_personal_section")
def _is_personal_section(key: str) -> bool:
    """Whether a public page leaves this section out (personal data)."""
    return key in PERSONAL_SECTIONS


@bp.app_template_global("steckbrief_display")
def _steckbrief_display(content, body_names=None):
    """Template access to the display model of a Steckbrief."""
    return steckbrief_display(content, body_names)


@bp.app_template_global("steckbrief_body_names")
def _steckbrief_body_names():
    """Template access to the registry's body names (for includes that get none)."""
    return queries.body_names()


def _own_proposal(proposal_id: int) -> Proposal:
    """The current user's proposal; 404 for anyone else's (its existence does not leak)."""
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None or not proposal.is_owned_by(acting_user()):
        abort(404)
    return proposal


def _not_editable(proposal: Proposal):
    """Redirect a non-draft to its proposal page."""
    flash(_("Dieser Antrag ist eingereicht und kann nicht mehr bearbeitet werden."), "info")
    return redirect(url_for("workflow.show_proposal", proposal_id=proposal.id))


@bp.route("/antraege/neu", methods=["GET", "POST"])
@role_required("applicant")
def new_proposal():
    """Explain the Steckbrief (GET) and create an empty draft (POST)."""
    if request.method == "GET":
        return render_template("proposals/new.html", steps=STEPS)
    proposal = operations.create_proposal(acting_user())
    flash(_("Der Entwurf %(ref)s wurde angelegt.", ref=proposal.reference), "success")
    return redirect(url_for("proposals.edit_step", proposal_id=proposal.id, step_key=STEPS[0].key))


@bp.get("/meine-antraege")
@role_required("applicant")
def my_proposals():
    """The applicant's proposals, last changed first, 20 per page."""
    number = queries.page_number(request.args.get("seite"))
    page = queries.proposals_of(acting_user(), number) if number else None
    if page is None:
        return render_error(404, str(BAD_PAGE))
    returned = queries.return_notes(acting_user())
    rows = _my_rows(page.items, {note.proposal_id for note in returned})
    return render_template("proposals/my_proposals.html", page=page, rows=rows, returned=returned)


class MyProposalRow(NamedTuple):
    """One line of "Meine Anträge" as plain text (the template escapes it)."""

    url: str
    reference: str
    title: str
    kind: str
    badge: str
    icon: str
    state: str
    changed: str


def _my_rows(items, returned_ids: frozenset[int] | set[int] = frozenset()) -> list[MyProposalRow]:
    """The rows of the user's own proposals: a draft leads to its task list, anything else
    to its proposal page; a returned draft says so."""
    draft = ProposalState.DRAFT.value
    kinds = dict(KINDS)
    rows = []
    for _total, proposal_id, reference, title, kind, state, updated_at in items:
        endpoint = "proposals.task_list" if state == draft else "workflow.show_proposal"
        rows.append(
            MyProposalRow(
                url_for(endpoint, proposal_id=proposal_id),
                reference,
                title or _("(noch ohne Namen)"),
                kinds.get(kind, "–") if kind else "–",
                STATE_BADGES[state],
                STATE_ICONS[state],
                _(RETURNED_LABEL) if proposal_id in returned_ids else _(STATE_LABELS[state]),
                german_datetime(updated_at),
            )
        )
    return rows


@bp.get("/antraege/<int:proposal_id>/bearbeiten")
@login_required
def task_list(proposal_id: int):
    """The task list: every section with its status, grouped by step."""
    proposal = _own_proposal(proposal_id)
    if not proposal.can_edit(acting_user()):
        return _not_editable(proposal)
    names = queries.body_names()
    return render_template(
        "proposals/task_list.html",
        proposal=proposal,
        steps=STEPS,
        overview=queries.overview(proposal.content, names, proposal.target_body_id),
        remarks=remarks_of(proposal),
        returned=queries.return_notes(acting_user(), proposal.id),
    )


@bp.route("/antraege/<int:proposal_id>/schritt/<step_key>", methods=["GET", "POST"])
@login_required
def edit_step(proposal_id: int, step_key: str):
    """One step of the form: show it (GET) or save it (POST)."""
    proposal = _own_proposal(proposal_id)
    spec = step_or_404(step_key)
    if not proposal.can_edit(acting_user()):
        return _not_editable(proposal)
    if request.method == "GET":
        return render_step(
            proposal, spec, None, new_row=parse_new_row(request.args.get("zeile"), spec)
        )
    return _save_step(proposal, spec)


def _save_step(proposal: Proposal, spec):
    """Carry out the button's action; errors and conflicts re-render what was typed."""
    try:
        action = parse_action(request.form.get("action"), spec)
        raw = request.form
        if action.kind == "remove":
            raw = without_row(raw, step_lists(spec)[action.list_key], action.index)
    except BadAction:
        return render_error(400, str(BAD_ACTION))
    new_row = next_row_index(raw, spec, action)
    try:
        errors = operations.save_step(
            proposal, acting_user(), spec.key, raw, _int(request.form.get("lock_version"))
        )
    except ConflictError:
        return render_step(proposal, spec, raw, conflict=True, new_row=new_row), 409
    except DomainError as error:
        return render_error(error.status_code, error.message)
    if errors:
        return render_step(proposal, spec, raw, errors=errors, new_row=new_row), 400
    return _after_save(proposal, spec, action, new_row)


def _after_save(proposal: Proposal, spec, action, new_row):
    """Where a successful save leads."""
    target = {"proposal_id": proposal.id, "step_key": spec.key}
    if action.kind == "add":
        return _after_add(target, action, new_row)
    if action.kind == "remove":
        flash(_("Der Eintrag wurde entfernt. Ihre übrigen Angaben sind gespeichert."), "success")
        return redirect(url_for("proposals.edit_step", **target, _anchor=action.list_key))
    if action.kind == "stay":
        flash(_("Ihre Angaben wurden zwischengespeichert."), "success")
        return redirect(url_for("proposals.edit_step", **target))
    flash(_("Ihre Angaben zu „%(step)s“ wurden gespeichert.", step=spec.title), "success")
    following = step_after(spec)
    if following is None:
        return redirect(url_for("proposals.summary", proposal_id=proposal.id))
    return redirect(url_for("proposals.edit_step", proposal_id=proposal.id, step_key=following.key))


def _after_add(target: dict, action, new_row):
    """Show the step again with one more row of the list, focused."""
    if new_row is None:
        flash(_("Diese Liste kann keine weiteren Einträge aufnehmen."), "warning")
        return redirect(url_for("proposals.edit_step", **target, _anchor=action.list_key))
    # No anchor: a URL fragment would stop the browser from focusing the new row (autofocus).
    row = f"{new_row[0]}-{new_row[1]}"
    return redirect(url_for("proposals.edit_step", **target, zeile=row))


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


@bp.get("/antraege/<int:proposal_id>/angaben-pruefen")
@login_required
def summary(proposal_id: int):
    """'Angaben prüfen': every section, what is missing, and the submit form."""
    proposal = _own_proposal(proposal_id)
    if not proposal.can_edit(acting_user()):
        return _not_editable(proposal)
    return render_template("proposals/summary.html", **summary_context(proposal))


@bp.route("/antraege/<int:proposal_id>/loeschen", methods=["GET", "POST"])
@login_required
def delete_proposal(proposal_id: int):
    """Confirm (GET) and delete (POST) a draft that was never submitted."""
    proposal = _own_proposal(proposal_id)
    if not proposal.can_delete(acting_user()):
        return render_error(409, _("Nur ein nie eingereichter Entwurf kann gelöscht werden."))
    if request.method == "GET":
        return render_template("proposals/delete.html", proposal=proposal)
    reference = proposal.reference
    operations.delete_draft(proposal, acting_user())
    flash(_("Der Entwurf %(ref)s wurde gelöscht.", ref=reference), "success")
    return redirect(url_for("proposals.my_proposals"))

"""The proposal workflow's business actions: lock, check, change, record, notify, flush."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from app.domain import ConflictError, DomainError, PermissionDenied
from app.extensions import db
from app.models import HistoryEvent, Proposal, SectionRemark, User
from app.models.base import utcnow
from app.workflow import effects
from app.workflow.decisions import parse_number, taken_message, year_mismatch_message
from app.workflow.guards import build_guards, domain_error, permissive_guards
from app.workflow.history import append_event
from app.workflow.notifications import notify_transition
from app.workflow.permissions import workflow_roles
from workflows.proposal import (
    WRITTEN_PROCEDURE,
    ProposalState,
    WorkflowError,
    check_allowed,
    fire,
    transition,
)

CONFLICT_MESSAGE = _l(
    "Der Antrag wurde zwischenzeitlich geändert. Bitte laden Sie die Seite neu und prüfen "
    "Sie, ob Ihre Aktion noch nötig ist."
)
SESSION_MESSAGE = _l("Bitte geben Sie die Nummer der Sitzung (z. B. 42) oder „Umlaufverfahren“ an.")
DATE_MESSAGE = _l("Bitte geben Sie ein gültiges Datum an.")
REMARK_STATES = frozenset({ProposalState.REVIEW.value})


def lock_proposal(proposal_id: int, expected_lock_version: int | None = None) -> Proposal:
    """Load the row for update (PostgreSQL: FOR UPDATE) and compare the form's version."""
    stmt = (
        select(Proposal)
        .where(Proposal.id == proposal_id)
        .with_for_update(of=Proposal)
        .execution_options(populate_existing=True)
    )
    proposal = db.session.scalars(stmt).unique().one_or_none()
    if proposal is None:
        raise DomainError(_("Der Antrag wurde nicht gefunden."))
    if expected_lock_version is not None and proposal.lock_version != int(expected_lock_version):
        raise ConflictError(str(CONFLICT_MESSAGE))
    db.session.expire(proposal, ["versions"])
    return proposal


def flush_or_conflict() -> None:
    """Flush; a concurrent change (stale version, duplicate row) becomes a ConflictError."""
    try:
        db.session.flush()
    except (StaleDataError, IntegrityError):
        db.session.rollback()
        raise ConflictError(str(CONFLICT_MESSAGE)) from None


def _as_date(value: Any, field: str) -> date | None:
    if value is None or value == "" or isinstance(value, date):
        return value or None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise DomainError(str(DATE_MESSAGE), field=field) from None


def _normalise_decision(inputs: dict[str, Any]) -> None:
    """Canonical YYYY/NN; its year must be the decision's year."""
    if not inputs.get("decision_number"):
        return
    number = parse_number(str(inputs["decision_number"]))
    inputs["decision_number"] = str(number)
    decided_on = inputs.get("decision_date") or inputs.get("dissolution_date")
    if decided_on and decided_on.year != number.year:
        raise DomainError(year_mismatch_message(number, decided_on.year), field="decision_number")


def normalise_inputs(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Stripped text, dates as date, a canonical decision number, a checked session."""
    inputs = {k: v.strip() if isinstance(v, str) else v for k, v in raw.items()}
    for name in ("decision_date", "dissolution_date"):
        inputs[name] = _as_date(inputs.get(name), name)
    session = inputs.get("session")
    if session and not (str(session).isdigit() or session == WRITTEN_PROCEDURE):
        raise DomainError(str(SESSION_MESSAGE), field="session")
    _normalise_decision(inputs)
    return {k: v for k, v in inputs.items() if v not in (None, "", {})}


# Guards that depend only on who acts (not on the inputs): checked before a form is shown.
ACTOR_GUARDS = frozenset({"not_own_proposal", "not_yet_approved_by_actor"})


def check_action(proposal: Proposal, trigger: str, actor: User) -> None:
    """Raise a domain error unless state, role and the actor's guards allow this action now."""
    try:
        row = transition(trigger)
        guards = permissive_guards(row.guards)
        real = build_guards(proposal, actor, {})
        guards.update({name: real[name] for name in row.guards if name in ACTOR_GUARDS})
        check_allowed(trigger, proposal.state, workflow_roles(actor, proposal), guards)
    except WorkflowError as error:
        raise domain_error(error) from None


def _fire(proposal: Proposal, trigger: str, actor: User, inputs: dict[str, Any]) -> str:
    guards = build_guards(proposal, actor, inputs)
    try:
        return fire(trigger, proposal.state, workflow_roles(actor, proposal), inputs, guards).value
    except WorkflowError as error:
        if error.detail in {"decision_number_free", "decision_number_free_if_given"}:
            number = parse_number(inputs["decision_number"])
            message = taken_message(str(number), number.year)
            raise DomainError(message, field="decision_number") from None
        raise domain_error(error) from None


def _apply_effects(proposal: Proposal, trigger: str, actor: User, inputs: dict[str, Any]) -> None:
    if trigger == "submit":
        effects.freeze_version(proposal, actor)
    elif trigger == "approve":
        effects.record_approval(proposal, actor, inputs["recommendation"])
    elif trigger == "return_for_revision":
        effects.add_remarks(proposal, actor, inputs.get("remarks") or {})
    elif trigger == "refer_back":
        effects.reset_approvals(proposal)
    elif trigger == "establish":
        effects.create_body(proposal, inputs["decision_date"])
    elif trigger == "dissolve":
        effects.end_body(proposal, inputs["dissolution_date"])
    if trigger in {"establish", "decline", "dissolve"} and inputs.get("decision_number"):
        effects.record_decision(proposal, trigger, inputs)


def apply_transition(
    proposal: Proposal,
    trigger: str,
    actor: User,
    inputs: Mapping[str, Any] | None = None,
    expected_lock_version: int | None = None,
) -> HistoryEvent:
    """Fire trigger for actor in the current transaction; returns the history event."""
    proposal = lock_proposal(proposal.id, expected_lock_version)
    check_action(proposal, trigger, actor)
    values = normalise_inputs(inputs or {})
    from_state = proposal.state
    to_state = _fire(proposal, trigger, actor, values)
    _apply_effects(proposal, trigger, actor, values)
    proposal.state = to_state
    proposal.updated_at = utcnow()  # always an UPDATE: the version compare-and-set
    flush_or_conflict()
    moved = to_state != from_state
    event = append_event(
        proposal,
        actor,
        trigger if moved else "approval_recorded",
        from_state=from_state,
        to_state=to_state,
        version_sha256=proposal.latest_version.sha256 if proposal.latest_version else None,
        inputs=values,
        body_id=proposal.body_id,
    )
    if moved:
        notify_transition(proposal, event, actor)
    flush_or_conflict()
    return event


def submit_proposal(proposal: Proposal, actor: User, **kw) -> HistoryEvent:
    """Submit the draft for review, freezing the next version."""
    return apply_transition(proposal, "submit", actor, {}, **kw)


def withdraw_proposal(proposal: Proposal, actor: User, reason: str, **kw) -> HistoryEvent:
    """Withdraw the proposal."""
    return apply_transition(proposal, "withdraw", actor, {"reason": reason}, **kw)


def return_proposal(
    proposal: Proposal, actor: User, comment: str, remarks: dict | None = None, **kw
) -> HistoryEvent:
    """Return the proposal for revision, with remarks per section."""
    inputs = {"comment": comment, "remarks": remarks or {}}
    return apply_transition(proposal, "return_for_revision", actor, inputs, **kw)


def approve_proposal(proposal: Proposal, actor: User, recommendation: str, **kw) -> HistoryEvent:
    """Approve the current version; the quorum moves it to resolution."""
    return apply_transition(proposal, "approve", actor, {"recommendation": recommendation}, **kw)


def reject_proposal(proposal: Proposal, actor: User, reason: str, **kw) -> HistoryEvent:
    """Reject the proposal in review."""
    return apply_transition(proposal, "reject", actor, {"reason": reason}, **kw)


def refer_back(proposal: Proposal, actor: User, reason: str, **kw) -> HistoryEvent:
    """Send the proposal back from resolution to review."""
    return apply_transition(proposal, "refer_back", actor, {"reason": reason}, **kw)


def establish_body(proposal: Proposal, actor: User, inputs: Mapping, **kw) -> HistoryEvent:
    """Record the decision establishing the body."""
    return apply_transition(proposal, "establish", actor, inputs, **kw)


def decline_proposal(proposal: Proposal, actor: User, inputs: Mapping, **kw) -> HistoryEvent:
    """Record the council's decision declining the proposal."""
    return apply_transition(proposal, "decline", actor, inputs, **kw)


def dissolve_body(proposal: Proposal, actor: User, inputs: Mapping, **kw) -> HistoryEvent:
    """Record the dissolution of the established body."""
    return apply_transition(proposal, "dissolve", actor, inputs, **kw)


def _section_keys() -> frozenset[str]:
    from app.proposals.schema import SECTIONS

    return frozenset(spec.key for spec in SECTIONS)


def check_remark(proposal: Proposal, actor: User) -> None:
    """Raise unless the actor may remark now: a reviewer, not the author, during review."""
    if not actor.has_role("reviewer") or proposal.is_owned_by(actor):
        raise PermissionDenied(_("Nur Prüfer:innen können Anmerkungen zu fremden Anträgen geben."))
    if proposal.state not in REMARK_STATES:
        raise ConflictError(_("Anmerkungen sind nur während der Prüfung möglich."))


def post_remark(proposal: Proposal, actor: User, section: str, text: str) -> SectionRemark:
    """A reviewer's standalone remark on one section of the current version."""
    check_remark(proposal, actor)
    text = (text or "").strip()
    if section not in _section_keys():
        raise DomainError(_("Bitte wählen Sie einen Abschnitt aus."), field="section")
    if not text:
        raise DomainError(_("Bitte geben Sie eine Anmerkung ein."), field="text")
    effects.add_remarks(proposal, actor, {section: text})
    version = proposal.latest_version
    append_event(
        proposal,
        actor,
        "remark",
        from_state=proposal.state,
        to_state=proposal.state,
        version_sha256=version.sha256,
        inputs={"section": section, "text": text},
    )
    flush_or_conflict()
    return proposal

"""The proposal workflow's business actions, one operation per verb of the transition table.

Each verb: ``begin`` (lock the row, check, fire the machine, move the state), its own effects,
``finish`` (write the row, append the audit event, notify, flush). Nothing here commits.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.audit.history import append_event
from app.conflicts import flush_or_conflict, sqlite_write_lock
from app.council.dates import check_decision_inputs
from app.domain import ConflictError, DomainError, PermissionDenied
from app.extensions import db
from app.formatting import today_berlin
from app.models import HistoryEvent, Proposal, SectionRemark, User
from app.models.base import utcnow
from app.proposals.schema import SECTIONS
from app.workflow import effects
from app.workflow.decisions import parse_number, taken_message, year_mismatch_message
from app.workflow.guards import build_guards, domain_error, permissive_guards
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
SECTION_KEYS = frozenset(spec.key for spec in SECTIONS)

# Every verb takes the proposal, the acting user, the action's inputs and the version seen.
Inputs = Mapping[str, Any] | None
Version = int | None


def lock_proposal(proposal_id: int, expected_lock_version: int | None = None) -> Proposal:
    """Load the row for update (PostgreSQL: FOR UPDATE; SQLite: the write lock) and compare
    the form's version."""
    sqlite_write_lock()
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
ACTOR_GUARDS = frozenset(
    {"not_own_proposal", "not_yet_approved_by_actor", "new_body_proposal", "change_proposal"}
)


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


@dataclass(frozen=True)
class Step:
    """A transition under way: the locked proposal, its normalised inputs and both states."""

    proposal: Proposal
    trigger: str
    inputs: dict[str, Any]
    from_state: str
    to_state: str

    @property
    def moved(self) -> bool:
        """True if the transition changes the state (a stay guard may keep it)."""
        return self.to_state != self.from_state


def begin(
    proposal: Proposal,
    trigger: str,
    actor: User,
    inputs: Mapping[str, Any] | None,
    expected_lock_version: int | None,
) -> Step:
    """Lock the row, check the actor may act, normalise the inputs, fire the machine and move
    the state (before the verb's effects: the database checks e.g. that a body_id belongs to an
    established proposal, and an effect's query may flush)."""
    locked = lock_proposal(proposal.id, expected_lock_version)
    check_action(locked, trigger, actor)
    values = normalise_inputs(inputs or {})
    check_decision_inputs(locked, values)
    from_state = locked.state
    locked.state = _fire(locked, trigger, actor, values)
    return Step(locked, trigger, values, from_state, locked.state)


def finish(step: Step, actor: User, action: str | None = None) -> HistoryEvent:
    """Write the row (the version compare-and-set), append the audit event, notify, flush."""
    proposal = step.proposal
    proposal.updated_at = utcnow()  # always an UPDATE: the version compare-and-set
    flush_or_conflict(CONFLICT_MESSAGE)
    latest = proposal.latest_version
    event = append_event(
        proposal,
        actor,
        action or step.trigger,
        from_state=step.from_state,
        to_state=step.to_state,
        version_sha256=latest.sha256 if latest else None,
        inputs=step.inputs,
        body_id=proposal.body_id,
    )
    if step.moved:
        notify_transition(proposal, event, actor)
    flush_or_conflict(CONFLICT_MESSAGE)
    return event


def submit_proposal(
    proposal: Proposal, actor: User, inputs: Inputs = None, expected_lock_version: Version = None
) -> HistoryEvent:
    """Submit the draft for review, freezing the next version."""
    step = begin(proposal, "submit", actor, inputs, expected_lock_version)
    effects.freeze_version(step.proposal, actor)
    return finish(step, actor)


def withdraw_proposal(
    proposal: Proposal, actor: User, inputs: Inputs = None, expected_lock_version: Version = None
) -> HistoryEvent:
    """Withdraw the proposal (inputs: reason)."""
    return finish(begin(proposal, "withdraw", actor, inputs, expected_lock_version), actor)


def return_proposal(
    proposal: Proposal, actor: User, inputs: Inputs = None, expected_lock_version: Version = None
) -> HistoryEvent:
    """Return the proposal for revision (inputs: comment, remarks per section)."""
    step = begin(proposal, "return_for_revision", actor, inputs, expected_lock_version)
    effects.add_remarks(step.proposal, actor, step.inputs.get("remarks") or {})
    return finish(step, actor)


def approve_proposal(
    proposal: Proposal, actor: User, inputs: Inputs = None, expected_lock_version: Version = None
) -> HistoryEvent:
    """Approve the current version (inputs: recommendation); the quorum moves it on."""
    step = begin(proposal, "approve", actor, inputs, expected_lock_version)
    effects.record_approval(step.proposal, actor, step.inputs["recommendation"])
    return finish(step, actor, None if step.moved else "approval_recorded")


def reject_proposal(
    proposal: Proposal, actor: User, inputs: Inputs = None, expected_lock_version: Version = None
) -> HistoryEvent:
    """Reject the proposal in review (inputs: reason)."""
    return finish(begin(proposal, "reject", actor, inputs, expected_lock_version), actor)


def refer_back(
    proposal: Proposal, actor: User, inputs: Inputs = None, expected_lock_version: Version = None
) -> HistoryEvent:
    """Send the proposal back from resolution to review; its approvals start afresh."""
    step = begin(proposal, "refer_back", actor, inputs, expected_lock_version)
    effects.reset_approvals(step.proposal)
    return finish(step, actor)


def establish_body(
    proposal: Proposal, actor: User, inputs: Inputs = None, expected_lock_version: Version = None
) -> HistoryEvent:
    """Record the council's decision establishing the body, and enter it in the registry."""
    step = begin(proposal, "establish", actor, inputs, expected_lock_version)
    effects.create_body(step.proposal, step.inputs["decision_date"])
    effects.record_decision(step.proposal, "establish", step.inputs)
    return finish(step, actor)


def submit_for_decision(
    proposal: Proposal, actor: User, inputs: Inputs = None, expected_lock_version: Version = None
) -> HistoryEvent:
    """Put a change proposal before the council without review, freezing the next version."""
    step = begin(proposal, "submit_for_decision", actor, inputs, expected_lock_version)
    effects.freeze_version(step.proposal, actor)
    return finish(step, actor)


def decide_change(
    proposal: Proposal, actor: User, inputs: Inputs = None, expected_lock_version: Version = None
) -> HistoryEvent:
    """Record the council's decision changing a body; the registry shows the new version."""
    step = begin(proposal, "decide_change", actor, inputs, expected_lock_version)
    changes = effects.apply_change(step.proposal, step.inputs["decision_date"], today_berlin())
    effects.record_decision(step.proposal, "change", step.inputs)
    event = finish(step, actor)
    append_event(
        None,
        actor,
        "registry_changed",
        body_id=step.proposal.target_body_id,
        inputs={"decision_number": step.inputs["decision_number"], "changes": changes},
    )
    return event


def decline_proposal(
    proposal: Proposal, actor: User, inputs: Inputs = None, expected_lock_version: Version = None
) -> HistoryEvent:
    """Record the council's decision declining the proposal."""
    step = begin(proposal, "decline", actor, inputs, expected_lock_version)
    effects.record_decision(step.proposal, "decline", step.inputs)
    return finish(step, actor)


def dissolve_body(
    proposal: Proposal, actor: User, inputs: Inputs = None, expected_lock_version: Version = None
) -> HistoryEvent:
    """Record the dissolution of the established body, by decision or on expiry."""
    step = begin(proposal, "dissolve", actor, inputs, expected_lock_version)
    effects.end_body(step.proposal, step.inputs["dissolution_date"])
    if step.inputs.get("decision_number"):
        effects.record_decision(step.proposal, "dissolve", step.inputs)
    return finish(step, actor)


# The operation of each trigger of the transition table: what the action view calls.
VERBS: dict[str, Callable[[Proposal, User, Inputs, Version], HistoryEvent]] = {
    "submit": submit_proposal,
    "submit_for_decision": submit_for_decision,
    "withdraw": withdraw_proposal,
    "return_for_revision": return_proposal,
    "approve": approve_proposal,
    "reject": reject_proposal,
    "refer_back": refer_back,
    "establish": establish_body,
    "decide_change": decide_change,
    "decline": decline_proposal,
    "dissolve": dissolve_body,
}


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
    if section not in SECTION_KEYS:
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
    flush_or_conflict(CONFLICT_MESSAGE)
    return proposal

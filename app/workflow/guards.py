"""The guard callables of the transition table, and how a refusal becomes a domain error."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from flask import current_app
from sqlalchemy import select

from app.council.motion_status import MotionStatus, motion_status
from app.domain import ConflictError, DomainError, PermissionDenied
from app.extensions import db
from app.formatting import today_berlin
from app.models import Approval, Proposal, ProposalVersion, User
from app.proposals.overlap import overlap_needed_ids
from app.proposals.validation import missing_for_submission
from app.workflow.decisions import is_number_free
from workflows.proposal import ProposalState, WorkflowError


class UnknownAction(DomainError):
    """The trigger is not part of the workflow."""

    status_code = 404


def approver_ids(version: ProposalVersion | None) -> set[int]:
    """The distinct reviewers who approved this version."""
    if version is None or version.id is None:
        return set()
    stmt = select(Approval.reviewer_id).where(Approval.version_id == version.id)
    return set(db.session.scalars(stmt))


def approvals_required() -> int:
    """The configured quorum of distinct approving reviewers."""
    return int(current_app.config.get("APPROVALS_REQUIRED", 2))


def steckbrief_complete(proposal: Proposal) -> bool:
    """True if nothing blocks submission: no missing field, no undelimited overlap."""
    needed = overlap_needed_ids(proposal)
    return not missing_for_submission(proposal.content or {}, overlap_needed=needed)


def _current_content(proposal: Proposal) -> Mapping[str, Any]:
    """The draft while it is one, else the latest frozen version."""
    version = proposal.latest_version
    if proposal.state == ProposalState.DRAFT.value or version is None:
        return proposal.content or {}
    return version.content or {}


def change_dates_valid(proposal: Proposal, today: date | None = None) -> bool:
    """A change may not end the body before today or before its start (a proposal of a new
    body: the Steckbrief's own checks apply)."""
    if not proposal.is_change:
        return True
    establishment = _current_content(proposal).get("establishment") or {}
    if establishment.get("open_ended") or not establishment.get("end_date"):
        return True
    end = date.fromisoformat(str(establishment["end_date"]))
    start = establishment.get("start_date")
    if start and end < date.fromisoformat(str(start)):
        return False
    return end >= (today or today_berlin())


def _number_free(inputs: Mapping[str, Any], *, if_given: bool) -> bool:
    number = inputs.get("decision_number")
    if not number:
        return if_given
    return is_number_free(number)


def build_guards(
    proposal: Proposal,
    actor: User,
    inputs: Mapping[str, Any],
    approvers: set[int] | None = None,
    motion: MotionStatus | None = None,
) -> dict[str, Callable[[], bool]]:
    """Every guard the table names, bound to this proposal, actor and inputs (``approvers``:
    the latest version's approving reviewers, ``motion``: the proposal's motion, when the
    caller has read them already)."""
    version = proposal.latest_version

    def approved() -> set[int]:
        return approver_ids(version) if approvers is None else approvers

    def moved() -> bool:
        # A change of a body in force is moved by the office for the council; the motion
        # of the Bund or three Länder is asked of proposals for a new body.
        return proposal.is_change or (motion or motion_status(proposal)).valid

    return {
        "steckbrief_complete": lambda: steckbrief_complete(proposal),
        "change_dates_valid": lambda: change_dates_valid(proposal),
        "new_body_proposal": lambda: not proposal.is_change,
        "change_proposal": lambda: proposal.is_change,
        "not_own_proposal": lambda: not proposal.is_owned_by(actor),
        "not_yet_approved_by_actor": lambda: actor.id not in approved(),
        "approval_quorum_reached": lambda: len(approved() | {actor.id}) >= approvals_required(),
        "motion_valid": moved,
        "decision_number_free": lambda: _number_free(inputs, if_given=False),
        "decision_number_free_if_given": lambda: _number_free(inputs, if_given=True),
    }


def permissive_guards(names: tuple[str, ...]) -> dict[str, Callable[[], bool]]:
    """Guards that all pass: to check state and role alone."""
    return dict.fromkeys(names, lambda: True)


_GUARD_ERRORS: dict[str, type[DomainError]] = {
    "not_own_proposal": PermissionDenied,
    "not_yet_approved_by_actor": ConflictError,
    "new_body_proposal": ConflictError,
    "change_proposal": ConflictError,
}
_FIELD_GUARDS = {"decision_number_free", "decision_number_free_if_given"}


def domain_error(error: WorkflowError) -> DomainError:
    """Translate a refused transition into the domain error the views understand."""
    if error.code == "unknown_trigger":
        return UnknownAction(error.message)
    if error.code == "wrong_state":
        return ConflictError(error.message)
    if error.code == "forbidden":
        return PermissionDenied(error.message)
    if error.code == "missing_input":
        return DomainError(error.message, field=error.detail)
    if error.detail in _FIELD_GUARDS:
        return DomainError(error.message, field="decision_number")
    return _GUARD_ERRORS.get(error.detail or "", DomainError)(error.message)

"""What the proposal page shows: built here so the view stays thin."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from app.council.motion_page import al_panel, motion_panel
from app.council.motion_status import MotionStatus, motion_status
from app.extensions import db
from app.formatting import german_datetime, today_berlin
from app.models import Decision, HistoryEvent, Proposal, ProposalVersion, User
from app.proposals import queries as proposal_queries
from app.proposals.display import body_ref_ids
from app.workflow import queries
from app.workflow.decisions import next_free_number
from app.workflow.display import diff_versions
from app.workflow.event_text import action_label, input_lines
from app.workflow.forms import ActionForm, RemarkForm, build_form
from app.workflow.guards import approvals_required, build_guards
from app.workflow.permissions import workflow_roles
from workflows.proposal import (
    FINAL_STATES,
    STATE_LABELS,
    ProposalState,
    Transition,
    available_triggers,
    transition,
)


def allowed_triggers(
    proposal: Proposal,
    user: User,
    approvers: set[int] | None = None,
    motion: MotionStatus | None = None,
) -> list[str]:
    """The triggers the user may fire now; decision numbers are checked on submit
    (``approvers``: the latest version's approving reviewers, ``motion``: the proposal's
    motion, if read already)."""
    guards = build_guards(proposal, user, {}, approvers, motion)
    guards["decision_number_free"] = guards["decision_number_free_if_given"] = lambda: True
    return available_triggers(proposal.state, workflow_roles(user, proposal), guards)


NUMBERED_TRIGGERS = frozenset({"establish", "decide_change", "decline"})


def action_form(
    proposal: Proposal, trigger: str, suggestion: str | None = None, fresh: bool = False
) -> ActionForm:
    """The form of one action, with a suggested Beschluss number where it takes one
    (``fresh``: empty, not bound to the request's form data)."""
    if trigger in NUMBERED_TRIGGERS and suggestion is None:
        suggestion = next_free_number(today_berlin().year)
    return build_form(trigger, proposal.lock_version, suggestion, fresh)


@dataclass(frozen=True)
class TimelineEntry:
    """One history event as German text."""

    when: str
    actor: str
    action: str
    change: str
    inputs: list[tuple[str, str]]


def _timeline_entry(event: HistoryEvent) -> TimelineEntry:
    change = ""
    if event.from_state != event.to_state:
        change = f"{STATE_LABELS[event.from_state]} → {STATE_LABELS[event.to_state]}"
    actor = event.actor.name if event.actor is not None else _("System")
    return TimelineEntry(
        german_datetime(event.occurred_at),
        actor,
        action_label(event.action),
        change,
        input_lines(event.inputs),
    )


RETURNED_TITLE = "Zur Überarbeitung zurückgegeben"


@dataclass(frozen=True)
class Outcome:
    """Where a proposal ended up, and why: shown first on its page."""

    title: str
    entry: TimelineEntry


def outcome(proposal: Proposal, events: list[HistoryEvent]) -> Outcome | None:
    """The event that moved a finished or returned proposal into its state, with its reason;
    None while it is under way (a draft never submitted, in review, for decision, set up)."""
    returned = proposal.state == ProposalState.DRAFT and proposal.submitted_at is not None
    if not (returned or proposal.state in FINAL_STATES):
        return None
    for event in reversed(events):
        if event.to_state == proposal.state and event.from_state != event.to_state:
            title = RETURNED_TITLE if returned else STATE_LABELS[proposal.state]
            return Outcome(title, _timeline_entry(event))
    return None


def may_prepare_vorlage(proposal: Proposal, user: User) -> bool:
    """The office prepares the Beschlussvorlage while the proposal awaits the decision."""
    return proposal.state == ProposalState.RESOLUTION and user.has_role("secretariat")


def timeline(events: list[HistoryEvent]) -> list[TimelineEntry]:
    """The proposal's history, newest first."""
    return [_timeline_entry(event) for event in reversed(events)]


def may_remark(proposal: Proposal, user: User) -> bool:
    """Reviewers remark on others' proposals while in review."""
    return (
        proposal.state == ProposalState.REVIEW
        and user.has_role("reviewer")
        and not proposal.is_owned_by(user)
    )


def previous_version(proposal: Proposal) -> ProposalVersion | None:
    """The version before the latest one, if any (the page shows the changes since)."""
    return proposal.versions[-2] if len(proposal.versions) > 1 else None


def shown_content(proposal: Proposal) -> dict[str, Any]:
    """The draft while it is one (or was never submitted), else the latest frozen version."""
    version = proposal.latest_version
    if version is not None and proposal.state != ProposalState.DRAFT.value:
        return version.content or {}
    return proposal.content or {}


def _actions(
    proposal: Proposal,
    user: User,
    approvers: set[int],
    refused: ActionForm | None,
    motion: MotionStatus,
) -> list[tuple[Transition, Any]]:
    """The actions the user may take now, each with its form (``refused``: the one sent and
    refused, shown with its errors; the others are fresh, also after a refused remark);
    one look-up of the next Beschluss number for all."""
    triggers = allowed_triggers(proposal, user, approvers, motion)
    suggestion = (
        next_free_number(today_berlin().year) if NUMBERED_TRIGGERS.intersection(triggers) else None
    )
    refused_trigger = refused.trigger if refused is not None else None
    return [
        (
            transition(t),
            refused if t == refused_trigger else action_form(proposal, t, suggestion, fresh=True),
        )
        for t in triggers
    ]


def change_context(proposal: Proposal, content: dict[str, Any]) -> dict[str, Any]:
    """For a change proposal: the body, the decision it amends and the diff of the shown
    Steckbrief against the version in force."""
    if not proposal.is_change:
        return {"amends": None, "in_force_changes": []}
    amends = db.session.get(Decision, proposal.amends_decision_id)
    base = db.session.get(ProposalVersion, amends.version_id) if amends else None
    base_content = base.content if base else {}
    ids = body_ref_ids(base_content) | body_ref_ids(content)
    diff = diff_versions(base_content or {}, content, queries.body_names(ids))
    return {"amends": amends, "in_force_changes": diff}


def page_context(
    proposal: Proposal,
    user: User,
    remark_form: RemarkForm | None = None,
    refused: ActionForm | None = None,
) -> dict:
    """Everything the proposal page template needs (``remark_form`` or ``refused``: a form
    sent and refused)."""
    version, previous = proposal.latest_version, previous_version(proposal)
    content = shown_content(proposal)
    ids = body_ref_ids(content)
    if previous is not None:
        ids |= body_ref_ids(previous.content) | body_ref_ids(version.content)
    names = queries.body_names(ids)
    approvals = queries.approvals_of(version)
    events = queries.events_of(proposal)
    motion = motion_status(proposal)
    if remark_form is None and may_remark(proposal, user):
        remark_form = RemarkForm()
    return {
        **change_context(proposal, content),
        "proposal": proposal,
        "version": version,
        "previous": previous,
        "approvals": approvals,
        "approvals_required": approvals_required(),
        "content": content,
        "body_names": names,
        "remarks": proposal_queries.remarks_for(proposal),
        "changes": diff_versions(previous.content or {}, version.content or {}, names)
        if previous
        else [],
        "timeline": timeline(events),
        "outcome": outcome(proposal, events),
        "may_prepare_vorlage": may_prepare_vorlage(proposal, user),
        "actions": _actions(
            proposal, user, {approval.reviewer_id for approval in approvals}, refused, motion
        ),
        "motion": motion_panel(proposal, user, motion),
        "al": al_panel(proposal, user),
        "remark_form": remark_form,
    }

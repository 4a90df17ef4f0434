"""What the proposal page shows of the motion and the AL-Runde, built here so the view stays
thin."""

from __future__ import annotations

from dataclasses import dataclass

from app.council import al_runde
from app.council.motion_forms import AlRecommendationForm, ConfirmButtonForm, InviteForm
from app.council.motion_status import (
    SIGNATURE_BADGES,
    SIGNATURE_LABELS,
    MotionStatus,
    invitable_members,
    member_of,
)
from app.council.motions import MOTION_STATES, SIGNING_KINDS
from app.models import AlRecommendation, CouncilMember, Proposal, SignatureState, User


@dataclass(frozen=True)
class AlPanel:
    """The AL-Runde's Beschlussempfehlung, and the office's form to record one."""

    recommendation: AlRecommendation | None
    form: AlRecommendationForm | None


def al_panel(proposal: Proposal, user: User, form: AlRecommendationForm | None = None) -> AlPanel:
    """The panel for the user (``form``: one sent and refused, with its errors)."""
    if form is None and al_runde.may_record(proposal, user):
        form = AlRecommendationForm(formdata=None)
    return AlPanel(al_runde.latest_recommendation(proposal), form)


@dataclass(frozen=True)
class MotionPanel:
    """The motion's status, and what the user may do about it."""

    status: MotionStatus
    labels: dict[str, str]
    badges: dict[str, str]
    own_member: CouncilMember | None
    may_sign_own: bool
    invite_form: InviteForm | None
    button_form: ConfirmButtonForm


def _own_signed(status: MotionStatus, member: CouncilMember) -> bool:
    return any(
        row.member_id == member.id and row.state == SignatureState.SIGNED.value
        for row in status.signatures
    )


def motion_panel(
    proposal: Proposal,
    user: User,
    status: MotionStatus,
    invite_form: InviteForm | None = None,
) -> MotionPanel:
    """The panel for the user (``invite_form``: one sent and refused, with its errors)."""
    shaping = proposal.is_owned_by(user) and proposal.state in MOTION_STATES
    member = member_of(user) if shaping else None
    if member is not None and member.kind not in SIGNING_KINDS:
        member = None
    if member is not None:
        invite_form = (invite_form or InviteForm(formdata=None)).offer(invitable_members(proposal))
    return MotionPanel(
        status=status,
        labels=SIGNATURE_LABELS,
        badges=SIGNATURE_BADGES,
        own_member=member,
        may_sign_own=member is not None and not _own_signed(status, member),
        invite_form=invite_form if member is not None else None,
        button_form=ConfirmButtonForm(),
    )

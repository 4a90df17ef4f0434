"""A proposal's motion (Mitzeichnung): the owner signs for their member and invites Länder;
the invited members' representatives confirm or decline; a signer may withdraw.

Every change locks the proposal row first (the same lock a decision takes), so a motion cannot
change while a decision is recorded, and two answers to one invitation yield one signature.
Nothing here commits.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _
from sqlalchemy import select

from app.audit.history import append_event
from app.conflicts import flush_or_conflict
from app.converters import DATABASE_INT_MAX
from app.council.motion_mail import notify_invited, notify_owner
from app.council.motion_status import member_of, signatures_of
from app.domain import ConflictError, DomainError, PermissionDenied
from app.extensions import db
from app.models import (
    CouncilMember,
    HistoryEvent,
    MemberKind,
    MotionSignature,
    Proposal,
    SignatureState,
    User,
)
from app.models.base import utcnow
from app.workflow.operations import lock_proposal
from workflows.proposal import ProposalState

# A motion changes until the council has decided.
MOTION_STATES = frozenset({ProposalState.DRAFT, ProposalState.REVIEW, ProposalState.RESOLUTION})
SIGNING_KINDS = frozenset({MemberKind.BUND.value, MemberKind.LAND.value})


class InvitationNotFound(DomainError):
    """No invitation has this id (a forged or stale link)."""

    status_code = 404


def _check_open(proposal: Proposal) -> None:
    if proposal.state not in MOTION_STATES:
        raise ConflictError(
            _(
                "Über diesen Antrag ist entschieden; die Mitzeichnung kann nicht mehr "
                "geändert werden."
            )
        )


def _own_member(proposal: Proposal, actor: User) -> CouncilMember:
    """The member the owner acts for; only the owner shapes the motion."""
    if not proposal.is_owned_by(actor):
        raise PermissionDenied(
            _("Zur Mitzeichnung einladen kann nur, wer den Antrag gestellt hat.")
        )
    member = member_of(actor)
    if member is None or member.kind not in SIGNING_KINDS:
        raise PermissionDenied(
            _(
                "Ihr Konto handelt für kein stimmberechtigtes Mitglied des IT-Planungsrats. "
                "Bitte wenden Sie sich an die Administration."
            )
        )
    return member


def _record(proposal: Proposal, actor: User, action: str, **inputs: str) -> HistoryEvent:
    version = proposal.latest_version
    return append_event(
        proposal,
        actor,
        action,
        from_state=proposal.state,
        to_state=proposal.state,
        version_sha256=version.sha256 if version else None,
        inputs=inputs,
    )


def _row_for(proposal: Proposal, member: CouncilMember) -> MotionSignature:
    row = db.session.scalar(
        select(MotionSignature).where(
            MotionSignature.proposal_id == proposal.id, MotionSignature.member_id == member.id
        )
    )
    if row is None:
        row = MotionSignature(proposal_id=proposal.id, member_id=member.id, member=member)
        db.session.add(row)
    return row


def sign_own(proposal: Proposal, actor: User) -> MotionSignature:
    """The owner signs for their own member (the Bund moves it, or a Land co-signs)."""
    locked = lock_proposal(proposal.id)
    _check_open(locked)
    member = _own_member(locked, actor)
    row = _row_for(locked, member)
    if row.state == SignatureState.SIGNED.value:
        raise ConflictError(_("%(member)s hat bereits gezeichnet.", member=member.name))
    row.state, row.answered_by_id, row.answered_at = SignatureState.SIGNED.value, actor.id, utcnow()
    flush_or_conflict()
    _record(locked, actor, "motion_signed", member=member.name)
    return row


def _invitees(proposal: Proposal, own: CouncilMember, member_ids: Iterable[int]) -> list:
    """The chosen Länder, checked: real Länder, not the own member, not invited or signed."""
    ids = set(member_ids)
    if not ids:
        raise DomainError(_("Bitte wählen Sie mindestens ein Land aus."), field="members")
    # An id beyond the column's range (a forged value) matches no member: not asked for.
    valid = {member_id for member_id in ids if 0 < member_id <= DATABASE_INT_MAX}
    stmt = select(CouncilMember).where(CouncilMember.id.in_(valid))
    members = list(db.session.scalars(stmt)) if valid else []
    busy = {
        row.member_id
        for row in signatures_of(proposal.id)
        if row.state in (SignatureState.INVITED.value, SignatureState.SIGNED.value)
    }
    wrong = len(members) != len(ids) or any(
        m.kind != MemberKind.LAND.value or m.id == own.id or m.id in busy for m in members
    )
    if wrong:
        raise DomainError(
            _("Bitte wählen Sie nur Länder aus der Liste, die noch nicht eingeladen sind."),
            field="members",
        )
    return sorted(members, key=lambda member: member.position)


def invite_members(proposal: Proposal, actor: User, member_ids: Iterable[int]) -> list:
    """Invite Länder to co-sign; their representatives get an e-mail."""
    locked = lock_proposal(proposal.id)
    _check_open(locked)
    own = _own_member(locked, actor)
    members = _invitees(locked, own, member_ids)
    now = utcnow()
    rows = []
    for member in members:
        row = _row_for(locked, member)
        row.state, row.invited_by_id, row.invited_at = SignatureState.INVITED.value, actor.id, now
        row.answered_by_id = row.answered_at = None
        rows.append(row)
    flush_or_conflict()
    _record(locked, actor, "motion_invited", members=", ".join(m.name for m in members))
    notify_invited(locked, actor, [m.id for m in members])
    return rows


def _representing(signature_id: int, actor: User) -> MotionSignature:
    """The signature row, if the actor acts for its member; 404 if there is none."""
    row = db.session.get(MotionSignature, signature_id)
    if row is None:
        raise InvitationNotFound(_("Diese Einladung zur Mitzeichnung gibt es nicht."))
    if actor.council_member_id != row.member_id:
        raise PermissionDenied(
            _("Sie können nur für das Mitglied zeichnen, für das Ihr Konto handelt.")
        )
    return row


def _locked_row(signature_id: int, actor: User) -> tuple[MotionSignature, Proposal]:
    row = _representing(signature_id, actor)
    proposal = lock_proposal(row.proposal_id)
    _check_open(proposal)
    db.session.refresh(row)  # after the lock: what a concurrent answer wrote
    return row, proposal


def answer_invitation(signature_id: int, actor: User, *, accept: bool) -> MotionSignature:
    """Confirm (co-sign) or decline an invitation for the actor's member."""
    row, proposal = _locked_row(signature_id, actor)
    if row.state != SignatureState.INVITED.value:
        raise ConflictError(_("Diese Einladung wurde bereits beantwortet."))
    row.state = (SignatureState.SIGNED if accept else SignatureState.DECLINED).value
    row.answered_by_id, row.answered_at = actor.id, utcnow()
    flush_or_conflict()
    action = "motion_confirmed" if accept else "motion_declined"
    _record(proposal, actor, action, member=row.member.name)
    notify_owner(proposal, actor, row.member.name, accept=accept)
    return row


def withdraw_signature(signature_id: int, actor: User) -> MotionSignature:
    """Withdraw the actor's member's signature before the decision."""
    row, proposal = _locked_row(signature_id, actor)
    if row.state != SignatureState.SIGNED.value:
        raise ConflictError(_("Diese Mitzeichnung besteht nicht (mehr)."))
    row.state, row.answered_by_id, row.answered_at = (
        SignatureState.WITHDRAWN.value,
        actor.id,
        utcnow(),
    )
    flush_or_conflict()
    _record(proposal, actor, "motion_withdrawn", member=row.member.name)
    return row

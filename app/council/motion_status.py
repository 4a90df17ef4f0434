"""Where a proposal's motion stands (§ 1 Abs. 5 IT-Staatsvertrag): read-only queries.

The council decides only on a motion of the Bund or of at least three Länder; a proposal's
motion is made of its members' signatures (the Bund's, or the Länder's co-signatures).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.extensions import db
from app.models import CouncilMember, MemberKind, MotionSignature, Proposal, SignatureState, User

# At least this many Länder must co-sign when the Bund does not move the proposal.
LAENDER_NEEDED = 3

SIGNATURE_LABELS = {
    SignatureState.INVITED.value: "Eingeladen",
    SignatureState.SIGNED.value: "Gezeichnet",
    SignatureState.DECLINED.value: "Abgelehnt",
    SignatureState.WITHDRAWN.value: "Zurückgezogen",
}
SIGNATURE_BADGES = {
    SignatureState.INVITED.value: "warning",
    SignatureState.SIGNED.value: "success",
    SignatureState.DECLINED.value: "danger",
    SignatureState.WITHDRAWN.value: "info",
}


@dataclass(frozen=True)
class MotionStatus:
    """A proposal's signatures and whether they make a valid motion."""

    signatures: tuple[MotionSignature, ...]

    def _signed(self, kind: MemberKind) -> list[MotionSignature]:
        return [
            row
            for row in self.signatures
            if row.state == SignatureState.SIGNED.value and row.member.kind == kind.value
        ]

    @property
    def bund_signed(self) -> bool:
        """True if the Bund moves the proposal."""
        return bool(self._signed(MemberKind.BUND))

    @property
    def signed_laender(self) -> list[str]:
        """The names of the Länder that co-signed, in the members' order."""
        return [row.member.name for row in self._signed(MemberKind.LAND)]

    @property
    def valid(self) -> bool:
        """A motion of the Bund, or of at least three Länder."""
        return self.bund_signed or len(self.signed_laender) >= LAENDER_NEEDED

    @property
    def movers(self) -> str:
        """Who moves the proposal, in German ("Bund" or the Länder), or "" if nobody yet."""
        names = (["Bund"] if self.bund_signed else []) + self.signed_laender
        return ", ".join(names)


def signatures_of(proposal_id: int) -> tuple[MotionSignature, ...]:
    """The proposal's signature rows, in the members' order."""
    stmt = (
        select(MotionSignature)
        .join(CouncilMember, CouncilMember.id == MotionSignature.member_id)
        .where(MotionSignature.proposal_id == proposal_id)
        .order_by(CouncilMember.position)
    )
    return tuple(db.session.scalars(stmt).unique())


def motion_status(proposal: Proposal) -> MotionStatus:
    """The motion of the proposal as it stands now."""
    return MotionStatus(signatures_of(proposal.id))


def member_of(user: User) -> CouncilMember | None:
    """The council member the account acts for, if any."""
    if not user.is_authenticated or user.council_member_id is None:
        return None
    return db.session.get(CouncilMember, user.council_member_id)


def invitable_members(proposal: Proposal) -> list[CouncilMember]:
    """The Länder the owner may still invite: not yet invited, signed or asked again."""
    taken = {
        row.member_id
        for row in signatures_of(proposal.id)
        if row.state in (SignatureState.INVITED.value, SignatureState.SIGNED.value)
    }
    stmt = (
        select(CouncilMember)
        .where(CouncilMember.kind == MemberKind.LAND.value)
        .order_by(CouncilMember.position)
    )
    return [member for member in db.session.scalars(stmt) if member.id not in taken]


def open_invitations(user: User) -> list[tuple[MotionSignature, Proposal]]:
    """The invitations waiting for the account's member, oldest first."""
    if user.council_member_id is None:
        return []
    stmt = (
        select(MotionSignature, Proposal)
        .join(Proposal, Proposal.id == MotionSignature.proposal_id)
        .where(
            MotionSignature.member_id == user.council_member_id,
            MotionSignature.state == SignatureState.INVITED.value,
        )
        .order_by(MotionSignature.invited_at, MotionSignature.id)
    )
    return [(row, proposal) for row, proposal in db.session.execute(stmt).unique()]


def signed_for_member(user: User) -> list[tuple[MotionSignature, Proposal]]:
    """The signatures the account's member gave, newest first (they can be withdrawn)."""
    if user.council_member_id is None:
        return []
    stmt = (
        select(MotionSignature, Proposal)
        .join(Proposal, Proposal.id == MotionSignature.proposal_id)
        .where(
            MotionSignature.member_id == user.council_member_id,
            MotionSignature.state == SignatureState.SIGNED.value,
        )
        .order_by(MotionSignature.answered_at.desc(), MotionSignature.id.desc())
    )
    return [(row, proposal) for row, proposal in db.session.execute(stmt).unique()]

"""A valid motion for a proposal, through the real operations (the owner acts for the Bund)."""

from __future__ import annotations

from sqlalchemy import select

from app.council import motions
from app.council.seed import load_members
from app.extensions import db
from app.models import CouncilMember, MotionSignature, Proposal, User


def member_id(key: str) -> int:
    """The id of the council member with this key (``bund``, ``HE``, …), seeding them once."""
    found = db.session.scalar(select(CouncilMember.id).where(CouncilMember.key == key))
    if found is None:
        load_members()
        found = db.session.scalar(select(CouncilMember.id).where(CouncilMember.key == key))
    return found


def act_for(user: User, key: str) -> User:
    """Let the account act for the member with this key."""
    user.council_member_id = member_id(key)
    db.session.flush()
    return user


def give_motion(proposal: Proposal, owner: User | None = None) -> MotionSignature:
    """The Bund moves the proposal: its owner acts for the Bund and signs."""
    owner = owner or proposal.owner
    if owner.council_member_id is None:
        act_for(owner, "bund")
    return motions.sign_own(proposal, owner)

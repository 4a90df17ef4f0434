"""Which workflow roles the acting user holds for one proposal."""

from __future__ import annotations

from app.models import Proposal, User


def workflow_roles(user: User, proposal: Proposal) -> frozenset[str]:
    """The account roles of user, plus "owner" if the user wrote the proposal."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    roles = set(user.roles)
    if proposal.is_owned_by(user):
        roles.add("owner")
    return frozenset(roles)

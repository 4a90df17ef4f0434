"""The ORM models, one module per aggregate."""

from app.models.body import Body, BodyKind
from app.models.history import Decision, HistoryEvent, OutboxMessage
from app.models.proposal import Approval, Proposal, ProposalVersion, SectionRemark
from app.models.user import ROLE_LABELS, Role, User, UserRole

__all__ = [
    "ROLE_LABELS",
    "Approval",
    "Body",
    "BodyKind",
    "Decision",
    "HistoryEvent",
    "OutboxMessage",
    "Proposal",
    "ProposalVersion",
    "Role",
    "SectionRemark",
    "User",
    "UserRole",
]

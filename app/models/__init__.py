"""The ORM models, one module per aggregate."""

from app.models.api_token import ApiToken
from app.models.body import Body, BodyKind
from app.models.council import CouncilMember, LandShare, MemberKind, ShareTable
from app.models.decision import Decision
from app.models.document import DocumentKind, IssuedDocument, ResolutionDraft
from app.models.focus_topic import FocusTopic
from app.models.history import HistoryEvent
from app.models.motion import AlRecommendation, MotionSignature, SignatureState
from app.models.outbox import OutboxMessage
from app.models.proposal import Approval, Proposal, ProposalVersion, SectionRemark
from app.models.recovery_code import RecoveryCode
from app.models.reference_counter import ReferenceCounter
from app.models.sitting import AgendaItem, CouncilSession, CouncilVote, Outcome, WrittenProcedure
from app.models.user import ROLE_LABELS, Role, User, UserRole

__all__ = [
    "ROLE_LABELS",
    "AgendaItem",
    "AlRecommendation",
    "ApiToken",
    "Approval",
    "Body",
    "BodyKind",
    "CouncilMember",
    "CouncilSession",
    "CouncilVote",
    "Decision",
    "DocumentKind",
    "FocusTopic",
    "HistoryEvent",
    "IssuedDocument",
    "LandShare",
    "MemberKind",
    "MotionSignature",
    "OutboxMessage",
    "Outcome",
    "Proposal",
    "ProposalVersion",
    "RecoveryCode",
    "ReferenceCounter",
    "ResolutionDraft",
    "Role",
    "SectionRemark",
    "ShareTable",
    "SignatureState",
    "User",
    "UserRole",
    "WrittenProcedure",
]

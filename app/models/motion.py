"""Motions (Antrag im Sinne des IT-Staatsvertrags): who moves a proposal, and the AL-Runde's
Beschlussempfehlung on it."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import utcnow
from app.models.council import CouncilMember
from app.models.user import User


class SignatureState(enum.StrEnum):
    """Where a member's co-signature (Mitzeichnung) stands."""

    INVITED = "invited"
    SIGNED = "signed"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


class MotionSignature(db.Model):
    """One member's part in a proposal's motion: invited, signed, declined or withdrawn.

    One row per proposal and member; answering changes the row with a compare-and-set on
    its state, so two answers at once yield one signature."""

    __tablename__ = "motion_signatures"
    __table_args__ = (UniqueConstraint("proposal_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[int] = mapped_column(ForeignKey("council_members.id"), index=True)
    state: Mapped[str] = mapped_column(String(20))
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    invited_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    member: Mapped[CouncilMember] = relationship(lazy="joined")
    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id])


class AlRecommendation(db.Model):
    """The AL-Runde's Beschlussempfehlung for the council on one version of a proposal."""

    __tablename__ = "al_recommendations"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    version_id: Mapped[int] = mapped_column(ForeignKey("proposal_versions.id"))
    recommended_on: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

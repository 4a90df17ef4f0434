"""How the council decides: sessions with their agenda, written procedures, and the votes."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import utcnow
from app.models.council import CouncilMember
from app.models.decision import Decision


class Outcome(enum.StrEnum):
    """What the council did with an agenda item or a written procedure."""

    ADOPTED = "adopted"
    REJECTED = "rejected"
    POSTPONED = "postponed"


class CouncilSession(db.Model):
    """A numbered session of the IT-Planungsrat ("48. Sitzung") with its agenda."""

    __tablename__ = "council_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    held_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(200))  # a place, or "virtuell"
    chair_id: Mapped[int] = mapped_column(ForeignKey("council_members.id"))
    documents_deadline: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    chair: Mapped[CouncilMember] = relationship(lazy="joined")
    items: Mapped[list[AgendaItem]] = relationship(
        back_populates="session", order_by="AgendaItem.position", cascade="all, delete-orphan"
    )


class AgendaItem(db.Model):
    """One item of a session's agenda (TOP): a proposal put to the vote, and its outcome."""

    __tablename__ = "agenda_items"
    __table_args__ = (UniqueConstraint("session_id", "proposal_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("council_sessions.id", ondelete="CASCADE"), index=True
    )
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    outcome: Mapped[str | None] = mapped_column(String(20))
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"))

    session: Mapped[CouncilSession] = relationship(back_populates="items")
    decision: Mapped[Decision | None] = relationship()
    votes: Mapped[list[CouncilVote]] = relationship(
        back_populates="agenda_item", cascade="all, delete-orphan"
    )


class WrittenProcedure(db.Model):
    """A written procedure (Umlaufverfahren) on one proposal: asked members answer until the
    deadline (a Berlin day, inclusive); the office then fixes the result."""

    __tablename__ = "written_procedures"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    dispatched_on: Mapped[date] = mapped_column(Date)
    deadline: Mapped[date] = mapped_column(Date)
    asked: Mapped[str] = mapped_column(String(400))  # member keys, comma-separated, in order
    outcome: Mapped[str | None] = mapped_column(String(20))  # set when the result is fixed
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"))
    reminded_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    votes: Mapped[list[CouncilVote]] = relationship(
        back_populates="procedure", cascade="all, delete-orphan"
    )
    decision: Mapped[Decision | None] = relationship()

    @property
    def asked_keys(self) -> list[str]:
        """The keys of the members asked to answer."""
        return [key for key in self.asked.split(",") if key]

    @property
    def is_open(self) -> bool:
        """True until the office fixed the result."""
        return self.outcome is None


class CouncilVote(db.Model):
    """One voting member's vote on an agenda item or answer in a written procedure."""

    __tablename__ = "council_votes"
    __table_args__ = (
        UniqueConstraint("agenda_item_id", "member_id"),
        UniqueConstraint("procedure_id", "member_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True
    )
    procedure_id: Mapped[int | None] = mapped_column(
        ForeignKey("written_procedures.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[int] = mapped_column(ForeignKey("council_members.id"))
    vote: Mapped[str] = mapped_column(String(20))  # majority.Vote values
    cast_on: Mapped[date] = mapped_column(Date)  # the day given (office: the day received)
    by_office: Mapped[bool] = mapped_column(default=False)  # recorded by the Geschäftsstelle
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    member: Mapped[CouncilMember] = relationship(lazy="joined")
    agenda_item: Mapped[AgendaItem | None] = relationship(back_populates="votes")
    procedure: Mapped[WrittenProcedure | None] = relationship(back_populates="votes")

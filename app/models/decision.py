"""Council decisions (Beschlüsse), numbered YYYY/NN."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ColumnElement, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import utcnow

# Public (web, API, OParl; docs/security.md): a decision about a body, establishing,
# changing or dissolving it. A declined proposal's decision is not published: the proposal
# never was, and the reasons may concern it; the office and its applicant see it on the
# proposal page.
PUBLIC_DECISION_KINDS = ("establish", "change", "dissolve")
# The decisions that put a version of a body's Steckbrief in force.
IN_FORCE_KINDS = ("establish", "change")


class Decision(db.Model):
    """A council decision (Beschluss) numbered YYYY/NN."""

    __tablename__ = "decisions"
    # Newest first, and the year's next free number, without a sort.
    __table_args__ = (Index("ix_decisions_year_sequence", "year", "sequence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(10), unique=True)
    year: Mapped[int] = mapped_column(Integer)
    sequence: Mapped[int] = mapped_column(Integer)
    decided_on: Mapped[date] = mapped_column(Date)
    session: Mapped[str] = mapped_column(String(40))  # "42" or "Umlaufverfahren"
    title: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20))  # establish, change, decline, dissolve
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id"), index=True)
    version_id: Mapped[int | None] = mapped_column(ForeignKey("proposal_versions.id"))
    body_id: Mapped[int | None] = mapped_column(ForeignKey("bodies.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Frozen when the decision came out of a vote (app/council/outcome.py): every member's
    # vote, both evaluations, the confirmed outcome and any reason for departing from them.
    vote_record: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    @property
    def is_public(self) -> bool:
        """True for a decision about a body (established or dissolved by it)."""
        return self.kind in PUBLIC_DECISION_KINDS

    @classmethod
    def public(cls) -> ColumnElement[bool]:
        """``is_public`` in SQL."""
        return cls.kind.in_(PUBLIC_DECISION_KINDS)

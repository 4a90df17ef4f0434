"""The council's members and the Länder's yearly shares under the Königsteiner Schlüssel."""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import utcnow

# The GWK publishes the shares with five decimal places (e.g. 21,14424 %).
SHARE_PLACES = 5


class MemberKind(enum.StrEnum):
    """Who sits on the council: the Bund, a Land, or an advisory member."""

    BUND = "bund"
    LAND = "land"
    ADVISORY = "advisory"


class CouncilMember(db.Model):
    """A member of the IT-Planungsrat: the 17 voting members and the advisory ones.

    ``key`` is stable data (``bund``, a Land's ISO code such as ``NW``, or a slug for an
    advisory member); a later vote or co-signature references the member's row."""

    __tablename__ = "council_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    voting: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer)  # the order of lists and vote tables


class ShareTable(db.Model):
    """One revision of a year's Königsteiner Schlüssel; a correction adds a new revision,
    so every table once used stays as it was (the year's table is its highest revision)."""

    __tablename__ = "share_tables"
    __table_args__ = (UniqueConstraint("year", "revision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    revision: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text, default="")  # why a revision corrects the last
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    shares: Mapped[list[LandShare]] = relationship(
        back_populates="table", cascade="all, delete-orphan", lazy="selectin"
    )

    def as_mapping(self) -> dict[str, Decimal]:
        """The shares by the Land's key, as the majority rule takes them."""
        return {share.member.key: share.share for share in self.shares}


class LandShare(db.Model):
    """A Land's share (in per cent) in one revision of a year's table."""

    __tablename__ = "land_shares"
    __table_args__ = (UniqueConstraint("table_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    table_id: Mapped[int] = mapped_column(ForeignKey("share_tables.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("council_members.id"))
    share: Mapped[Decimal] = mapped_column(Numeric(8, SHARE_PLACES))
    table: Mapped[ShareTable] = relationship(back_populates="shares")
    member: Mapped[CouncilMember] = relationship(lazy="joined")

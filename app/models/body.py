"""Bodies (Gremien) of the registry."""

from __future__ import annotations

import enum
from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import TimestampMixin


class BodyKind(enum.StrEnum):
    """The kinds of bodies the council knows."""

    GREMIUM = "gremium"
    BOARD = "board"
    ARBEITSGRUPPE = "arbeitsgruppe"
    KOOPERATIONSGRUPPE = "kooperationsgruppe"
    ARBEITSGREMIUM = "arbeitsgremium"
    PROJEKTGRUPPE = "projektgruppe"
    UNTERARBEITSGRUPPE = "unterarbeitsgruppe"
    PROGRAMM = "programm"
    ORGANISATION = "organisation"


BODY_KIND_LABELS = {
    "gremium": "Gremium",
    "board": "Board",
    "arbeitsgruppe": "Arbeitsgruppe",
    "kooperationsgruppe": "Kooperationsgruppe",
    "arbeitsgremium": "Arbeitsgremium",
    "projektgruppe": "Projektgruppe",
    "unterarbeitsgruppe": "Unterarbeitsgruppe",
    "programm": "Programm",
    "organisation": "Organisation",
}


class Body(TimestampMixin, db.Model):
    """A body of the council's structure, current or dissolved."""

    __tablename__ = "bodies"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    short_name: Mapped[str | None] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(30))
    category: Mapped[str] = mapped_column(String(30), default="working_format")
    focus_topic: Mapped[str | None] = mapped_column(String(100))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("bodies.id"), index=True)
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    open_ended: Mapped[bool] = mapped_column(Boolean, default=False)
    lead: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")

    parent: Mapped[Body | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Body]] = relationship(back_populates="parent", order_by="Body.name")

    @property
    def kind_label(self) -> str:
        """The German label of the kind."""
        return BODY_KIND_LABELS.get(self.kind, self.kind)

    def is_dissolved(self, today: date) -> bool:
        """A body with an end date in the past is dissolved."""
        return self.end_date is not None and self.end_date < today and not self.open_ended

    def __repr__(self) -> str:
        return f"<Body {self.key}>"

"""The council's focus topics (Schwerpunktthemen) and their patrons, kept by the office."""

from __future__ import annotations

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import TimestampMixin


class FocusTopic(TimestampMixin, db.Model):
    """A Schwerpunktthema: current ones are offered in the Steckbrief, retired ones stay
    readable on the proposals and bodies that named them."""

    __tablename__ = "focus_topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The value a Steckbrief stores (e.g. "digitale_infrastruktur"); never changes.
    key: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    patron: Mapped[str | None] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(Integer, default=0)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)

    def __repr__(self) -> str:
        return f"<FocusTopic {self.key}>"

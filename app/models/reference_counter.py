"""The last reference number handed out per year: one row per year, locked while in use."""

from __future__ import annotations

from sqlalchemy import Integer
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class ReferenceCounter(db.Model):
    """The highest ``GS-<year>-<number>`` given so far in one year."""

    __tablename__ = "reference_counters"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(Integer)

"""Bodies (Gremien) of the registry."""

from __future__ import annotations

import enum
from datetime import date

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Date,
    ForeignKey,
    String,
    Text,
    and_,
    column,
    exists,
    or_,
    table,
)
from sqlalchemy.ext.hybrid import hybrid_method
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from app.extensions import db
from app.models.base import TimestampMixin
from workflows.proposal import ProposalState


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


class TimeLimit(enum.StrEnum):
    """What is known about a body's time limit: a date, none ("bis auf Weiteres"), or nothing."""

    DATED = "dated"
    OPEN_ENDED = "open_ended"
    UNKNOWN = "unknown"


def time_limit_of(open_ended: bool, end_date: date | None) -> TimeLimit:
    """The time-limit state of these column values (also for rows that are not a Body)."""
    if open_ended:
        return TimeLimit.OPEN_ENDED
    return TimeLimit.DATED if end_date else TimeLimit.UNKNOWN


# The columns of proposals this module needs, without importing the Proposal model (which
# imports this one).
_PROPOSALS = table("proposals", column("body_id"), column("state"))


class Body(TimestampMixin, db.Model):
    """A body of the council's structure, current or dissolved."""

    __tablename__ = "bodies"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    # Another name the body is known by, e.g. the one on the council's page when the
    # registry uses a more current one; shown beside the name and found by the search.
    alias: Mapped[str | None] = mapped_column(String(300))
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
    def time_limit(self) -> TimeLimit:
        """Dated, open-ended ("bis auf Weiteres"), or unknown (neither is recorded)."""
        return time_limit_of(self.open_ended, self.end_date)

    @property
    def kind_label(self) -> str:
        """The German label of the kind."""
        return BODY_KIND_LABELS.get(self.kind, self.kind)

    # The workflow dissolved the proposal that created this body: loaded with the body in
    # the same SELECT (a correlated EXISTS on the indexed proposals.body_id), no extra query.
    dissolution_decided: Mapped[bool] = column_property(
        exists()
        .where(_PROPOSALS.c.body_id == id, _PROPOSALS.c.state == ProposalState.DISSOLVED.value)
        .correlate_except(_PROPOSALS)
    )

    @hybrid_method
    def is_dissolved(self, today: date) -> bool:
        """The one definition of "dissolved", in Python and as SQL (``Body.is_dissolved(today)``).

        A time-limited body lives through its end date and is dissolved from the next day;
        a body dissolved by the workflow is dissolved from its dissolution date (the end
        date the dissolve action set) on, that day included.
        """
        if self.open_ended or self.end_date is None:
            return False
        return self.end_date < today or (self.end_date <= today and self.dissolution_decided)

    @is_dissolved.expression
    def is_dissolved(cls, today: date) -> ColumnElement[bool]:
        """The SQL form of the same rule, for WHERE clauses."""
        return and_(
            cls.end_date.is_not(None),
            cls.open_ended.is_(False),
            or_(cls.end_date < today, and_(cls.end_date <= today, cls.dissolution_decided)),
        )

    def __repr__(self) -> str:
        return f"<Body {self.key}>"

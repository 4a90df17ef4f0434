"""Proposals (Gremiensteckbriefe), their frozen versions, approvals and remarks."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ColumnElement,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    or_,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import TimestampMixin, utcnow
from app.models.body import Body
from app.models.user import User
from workflows.changes import OPEN_CHANGE_STATES
from workflows.proposal import STATE_BADGES, STATE_ICONS, STATE_LABELS, ProposalState

# Besides its owner, these roles see a proposal once it was submitted (docs/security.md).
STAFF_ROLES = ("reviewer", "secretariat")

# The states that have a body: established, and dissolved (the body stays, with an end date).
BODY_STATES = (ProposalState.ESTABLISHED, ProposalState.DISSOLVED)


def state_in(states: Iterable[str]) -> str:
    """SQL text `state IN ('a', 'b')` for a CHECK: the workflow's own state names, no input."""
    return "state IN ({})".format(", ".join(f"'{state}'" for state in states))


# A change proposal still being prepared or decided (the partial unique index's condition).
OPEN_CHANGE = f"target_body_id IS NOT NULL AND {state_in(OPEN_CHANGE_STATES)}"


class Proposal(TimestampMixin, db.Model):
    """A proposal for a new body: the Steckbrief being written, and where it stands."""

    __tablename__ = "proposals"
    # The queues (state, oldest submission first) and "Meine Anträge" (owner, last changed).
    __table_args__ = (
        # The database knows the machine's states (workflows/proposal.py), and that only an
        # established or dissolved proposal points to a body (migration 0010).
        CheckConstraint(state_in(ProposalState), name="state"),
        CheckConstraint(f"body_id IS NULL OR {state_in(BODY_STATES)}", name="body_id_state"),
        Index("ix_proposals_state_submitted_at", "state", "submitted_at"),
        # The queues filtered by kind (without it, PostgreSQL intersects the state index with
        # the whole kind index, which grows with all proposals ever written); with owner_id,
        # the queues' counts ("not written by me") are index-only scans.
        Index("ix_proposals_state_kind_submitted_at", "state", "kind", "submitted_at", "owner_id"),
        Index("ix_proposals_owner_id_updated_at", "owner_id", "updated_at"),
        # One change of a body in progress at a time: two offices starting a change of the
        # same body at once, the second insert fails here (SQLite and PostgreSQL alike).
        Index(
            "ix_proposals_one_open_change",
            "target_body_id",
            unique=True,
            postgresql_where=text(OPEN_CHANGE),
            sqlite_where=text(OPEN_CHANGE),
        ),
        # The API's listing for reviewers and the office (newest first): the submitted
        # proposals, and the account's own drafts, without walking past the drafts of others,
        # which are never listed and grow without bound (abandoned drafts).
        Index(
            "ix_proposals_submitted_id",
            "id",
            postgresql_where=text("state <> 'draft'"),
            sqlite_where=text("state <> 'draft'"),
        ),
        Index(
            "ix_proposals_draft_owner_id_id",
            "owner_id",
            "id",
            postgresql_where=text("state = 'draft'"),
            sqlite_where=text("state = 'draft'"),
        ),
        # Drafts returned for revision: submitted once, so reviewers and the office see them.
        Index(
            "ix_proposals_returned_id",
            "id",
            postgresql_where=text("state = 'draft' AND submitted_at IS NOT NULL"),
            sqlite_where=text("state = 'draft' AND submitted_at IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    state: Mapped[str] = mapped_column(String(20), default=ProposalState.DRAFT.value)
    # Queried columns, kept in step with the Steckbrief content on every save.
    title: Mapped[str] = mapped_column(String(300), default="")
    short_name: Mapped[str | None] = mapped_column(String(100))
    kind: Mapped[str | None] = mapped_column(String(30), index=True)
    focus_topic: Mapped[str | None] = mapped_column(String(100), index=True)
    parent_body_id: Mapped[int | None] = mapped_column(ForeignKey("bodies.id"))
    end_date: Mapped[date | None] = mapped_column(Date)
    open_ended: Mapped[bool] = mapped_column(Boolean, default=False)
    content: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Optimistic locking: every UPDATE compares and bumps this counter.
    lock_version: Mapped[int] = mapped_column(Integer, default=1)
    # The body this proposal established (set by the workflow).
    body_id: Mapped[int | None] = mapped_column(ForeignKey("bodies.id"), index=True)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # A change proposal: the body it changes, and the decision in force it amends
    # ("ändert Beschluss 2024/12"); both None for a proposal of a new body.
    target_body_id: Mapped[int | None] = mapped_column(ForeignKey("bodies.id"), index=True)
    amends_decision_id: Mapped[int | None] = mapped_column(
        ForeignKey("decisions.id", ondelete="SET NULL", use_alter=True)
    )

    owner: Mapped[User] = relationship(lazy="joined")
    parent_body: Mapped[Body | None] = relationship(foreign_keys=[parent_body_id])
    body: Mapped[Body | None] = relationship(foreign_keys=[body_id])
    target_body: Mapped[Body | None] = relationship(foreign_keys=[target_body_id])
    versions: Mapped[list[ProposalVersion]] = relationship(
        back_populates="proposal", order_by="ProposalVersion.number", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": lock_version}

    @property
    def state_label(self) -> str:
        """The German label of the state."""
        return STATE_LABELS[self.state]

    @property
    def state_badge(self) -> str:
        """The KERN badge variant of the state."""
        return STATE_BADGES[self.state]

    @property
    def state_icon(self) -> str:
        """The KERN icon of the state (tells states of one badge colour apart)."""
        return STATE_ICONS[self.state]

    @property
    def is_change(self) -> bool:
        """True for a proposal that changes an existing body (not one for a new body)."""
        return self.target_body_id is not None

    @property
    def latest_version(self) -> ProposalVersion | None:
        """The most recently frozen version, if any."""
        return self.versions[-1] if self.versions else None

    def is_owned_by(self, user: User) -> bool:
        """True if the user wrote this proposal."""
        return user.is_authenticated and user.id == self.owner_id

    def can_edit(self, user: User) -> bool:
        """Only the owner edits, and only a draft."""
        return self.is_owned_by(user) and self.state == ProposalState.DRAFT.value

    def can_view(self, user: User) -> bool:
        """Who sees a proposal, on the web (pages, documents): see ``visible_to``."""
        if self.is_owned_by(user):
            return True
        if not user.is_authenticated or self.submitted_at is None:
            return False
        return user.has_role(*STAFF_ROLES)

    @classmethod
    def visible_to(cls, user_id: int, *, staff: bool) -> ColumnElement[bool]:
        """The same rule as ``can_view`` in SQL (the API): the owner always; reviewers and
        the office once it was submitted (whatever its state since, also returned for
        revision or withdrawn); a draft never submitted only its owner."""
        own = cls.owner_id == user_id
        return or_(own, cls.submitted_at.is_not(None)) if staff else own

    def can_delete(self, user: User) -> bool:
        """A draft that was never submitted may be deleted by its owner; a change is withdrawn
        instead (its start is on record)."""
        return self.can_edit(user) and not self.versions and not self.is_change

    def __repr__(self) -> str:
        return f"<Proposal {self.reference} {self.state}>"


class ProposalVersion(db.Model):
    """An immutable snapshot of the Steckbrief, frozen at submission."""

    __tablename__ = "proposal_versions"
    __table_args__ = (UniqueConstraint("proposal_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    sha256: Mapped[str] = mapped_column(String(64))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="versions")
    created_by: Mapped[User] = relationship()


class Approval(db.Model):
    """A reviewer's approval of one version; the quorum counts distinct reviewers."""

    __tablename__ = "approvals"
    __table_args__ = (UniqueConstraint("version_id", "reviewer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    version_id: Mapped[int] = mapped_column(ForeignKey("proposal_versions.id", ondelete="CASCADE"))
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recommendation: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    reviewer: Mapped[User] = relationship()
    version: Mapped[ProposalVersion] = relationship()


class SectionRemark(db.Model):
    """A reviewer's remark on one section of one version."""

    __tablename__ = "section_remarks"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    version_id: Mapped[int] = mapped_column(
        ForeignKey("proposal_versions.id", ondelete="CASCADE"), index=True
    )
    section: Mapped[str] = mapped_column(String(50))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    author: Mapped[User] = relationship()
    version: Mapped[ProposalVersion] = relationship()

"""Read-side queries of the workflow: remarks and the proposal page."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    CompoundSelect,
    Select,
    bindparam,
    case,
    func,
    literal_column,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import (
    Approval,
    Body,
    Decision,
    HistoryEvent,
    Proposal,
    ProposalVersion,
    SectionRemark,
    User,
)
from workflows.proposal import STATE_BADGES, STATE_LABELS, ProposalState


def remarks_for(
    proposal: Proposal, version: ProposalVersion | None = None
) -> dict[str, list[SectionRemark]]:
    """Reviewers' remarks on a version (default: the latest), by section key, oldest first."""
    version = version or proposal.latest_version
    if version is None:
        return {}
    stmt = (
        select(SectionRemark)
        .where(SectionRemark.version_id == version.id)
        .options(joinedload(SectionRemark.author).lazyload(User.role_rows))
        .order_by(SectionRemark.id)
    )
    grouped: dict[str, list[SectionRemark]] = defaultdict(list)
    for remark in db.session.scalars(stmt):
        grouped[remark.section].append(remark)
    return dict(grouped)


# The proposal page: two statements, plain columns (no ORM objects, no lazy loads).


@dataclass(frozen=True)
class VersionHead:
    """A frozen version as the proposal page shows it (immutable, like its row)."""

    id: int
    number: int
    sha256: str
    created_at: datetime
    content: dict[str, Any]


@dataclass(frozen=True)
class ProposalHead:
    """The proposal page's view of a proposal: its columns, the established body's name and
    its two newest versions. Mirrors the model's rules the page needs (who may view it, who
    owns it) and its template attributes (``state_label``, ``latest_version``)."""

    id: int
    reference: str
    owner_id: int
    state: str
    title: str
    lock_version: int
    body_name: str | None
    content: dict[str, Any] | None  # the editable content; None where a version is shown
    latest: VersionHead | None
    previous: VersionHead | None

    @property
    def state_label(self) -> str:
        """The German label of the state."""
        return STATE_LABELS[self.state]

    @property
    def state_badge(self) -> str:
        """The KERN badge variant of the state."""
        return STATE_BADGES[self.state]

    @property
    def latest_version(self) -> VersionHead | None:
        """The most recently frozen version, if any (as ``Proposal.latest_version``)."""
        return self.latest

    def is_owned_by(self, user: User) -> bool:
        """True if the user wrote this proposal (as ``Proposal.is_owned_by``)."""
        return user.is_authenticated and user.id == self.owner_id

    def can_view(self, user: User) -> bool:
        """The owner always; reviewers and the office once submitted (``Proposal.can_view``)."""
        if self.is_owned_by(user):
            return True
        if not user.is_authenticated or self.latest is None:
            return False
        return user.has_role("reviewer", "secretariat")


@cache
def _head_statement() -> Select:
    """Built once: the page runs it on every request (Core tables, no ORM entities)."""
    proposal, body = Proposal.__table__.c, Body.__table__.c
    version = ProposalVersion.__table__.c
    return (
        select(
            proposal.id,
            proposal.reference,
            proposal.owner_id,
            proposal.state,
            proposal.title,
            proposal.lock_version,
            body.name,
            # The editable content only where the page shows it: drafts, and proposals
            # withdrawn before their first submission (no version).
            case(
                (
                    or_(proposal.state == ProposalState.DRAFT.value, version.id.is_(None)),
                    proposal.content,
                )
            ),
            version.id,
            version.number,
            version.sha256,
            version.created_at,
            version.content,
        )
        .select_from(
            Proposal.__table__.outerjoin(Body.__table__, body.id == proposal.body_id).outerjoin(
                ProposalVersion.__table__, version.proposal_id == proposal.id
            )
        )
        .where(proposal.id == bindparam("proposal_id"))
        .order_by(version.number.desc())
        .limit(2)
    )


def proposal_head(proposal_id: int) -> ProposalHead | None:
    """The proposal with its body's name and newest two versions, in one statement."""
    statement, params = _head_statement(), {"proposal_id": proposal_id}
    rows = db.session.connection().execute(statement, params).all()
    if not rows:
        return None
    versions = [VersionHead(*row[8:]) for row in rows if row[8] is not None]
    first = rows[0]
    return ProposalHead(
        *first[:7],
        content=first[7],
        latest=versions[0] if versions else None,
        previous=versions[1] if len(versions) > 1 else None,
    )


@dataclass(frozen=True)
class PageApproval:
    """One approval of the shown version: the reviewer's id and name, the recommendation."""

    reviewer_id: int
    reviewer_name: str
    recommendation: str


@dataclass(frozen=True)
class PageRemark:
    """A reviewer's remark on a section: the text and its author's current name."""

    section: str
    text: str
    author_name: str | None

    @property
    def author(self) -> PageRemark:
        """The template reads ``remark.author.name``; anonymised people keep a name."""
        return self

    @property
    def name(self) -> str | None:
        """The author's name (see ``author``)."""
        return self.author_name


@dataclass(frozen=True)
class PageEvent:
    """One history event with its actor's current name."""

    id: int
    actor_name: str | None
    action: str
    from_state: str | None
    to_state: str | None
    occurred_at: datetime
    inputs: dict[str, Any] | None
    hash: str


@dataclass
class PageRows:
    """The rows the proposal page shows besides the proposal: read in one statement."""

    events: list[PageEvent] = field(default_factory=list)
    approvals: list[PageApproval] = field(default_factory=list)
    remarks: dict[str, list[PageRemark]] = field(default_factory=dict)
    body_names: dict[int, str] = field(default_factory=dict)
    highest_decision: int | None = None


# Kinds of rows of the page statement, in the order the rows come back.
_EVENT, _APPROVAL, _REMARK, _BODY, _DECISION = "1", "2", "3", "4", "5"


def _padded(kind: str, *columns: Any) -> Select:
    """One part of the page statement: its kind, then the columns, padded with NULLs to the
    event part's ten (kind, id, uid, name, a, b, c, at, inputs, hash)."""
    return select(literal_column(f"'{kind}'"), *columns, *[null()] * (9 - len(columns)))


@cache
def _rows_statement(versioned: bool, bodies: bool, decisions: bool) -> CompoundSelect:
    """The page statement's variant (built once each): approvals and remarks if there is a
    version, body names if the content names bodies, the year's highest Beschluss sequence if
    an action suggests the next number."""
    event, user = HistoryEvent.__table__.c, User.__table__.c
    actor = User.__table__.alias("actor")
    parts = [
        select(
            literal_column(f"'{_EVENT}'").label("kind"),
            event.id.label("id"),
            event.actor_id.label("uid"),
            actor.c.name.label("name"),
            event.action.label("a"),
            event.from_state.label("b"),
            event.to_state.label("c"),
            event.occurred_at.label("at"),
            event.inputs.label("inputs"),
            event.hash.label("hash"),
        )
        .select_from(HistoryEvent.__table__.outerjoin(actor, actor.c.id == event.actor_id))
        .where(event.proposal_id == bindparam("proposal_id"))
    ]
    if versioned:
        approval, remark = Approval.__table__.c, SectionRemark.__table__.c
        parts.append(
            _padded(
                _APPROVAL, approval.id, approval.reviewer_id, user.name, approval.recommendation
            )
            .select_from(
                Approval.__table__.outerjoin(User.__table__, user.id == approval.reviewer_id)
            )
            .where(approval.version_id == bindparam("version_id"))
        )
        parts.append(
            _padded(_REMARK, remark.id, remark.author_id, user.name, remark.text, remark.section)
            .select_from(
                SectionRemark.__table__.outerjoin(User.__table__, user.id == remark.author_id)
            )
            .where(remark.version_id == bindparam("version_id"))
        )
    if bodies:
        body = Body.__table__.c
        parts.append(
            _padded(_BODY, body.id, null(), body.name).where(
                body.id.in_(bindparam("body_ids", expanding=True))
            )
        )
    if decisions:
        decision = Decision.__table__.c
        parts.append(
            _padded(_DECISION, func.max(decision.sequence)).where(
                decision.year == bindparam("year")
            )
        )
    return union_all(*parts).order_by("kind", "id")


def page_rows(head: ProposalHead, body_ids: Collection[int], decision_year: int | None) -> PageRows:
    """The proposal's history, the latest version's approvals and remarks (with the people's
    current names), the names of ``body_ids`` and, if ``decision_year`` is given, that year's
    highest Beschluss sequence: one UNION ALL statement, each part on its own index."""
    stmt = _rows_statement(head.latest is not None, bool(body_ids), decision_year is not None)
    params: dict[str, Any] = {"proposal_id": head.id}
    if head.latest is not None:
        params["version_id"] = head.latest.id
    if body_ids:
        params["body_ids"] = sorted(body_ids)
    if decision_year is not None:
        params["year"] = decision_year
    rows, connection = PageRows(), db.session.connection()
    remarks: dict[str, list[PageRemark]] = defaultdict(list)
    for kind, id_, uid, name, a, b, c, at, inputs, hash_ in connection.execute(stmt, params):
        if kind == _EVENT:
            rows.events.append(PageEvent(id_, name, a, b, c, at, inputs, hash_))
        elif kind == _APPROVAL:
            rows.approvals.append(PageApproval(uid, name, a))
        elif kind == _REMARK:
            remarks[b].append(PageRemark(b, a, name))
        elif kind == _BODY:
            rows.body_names[id_] = name
        else:
            rows.highest_decision = id_
    rows.remarks = dict(remarks)
    return rows

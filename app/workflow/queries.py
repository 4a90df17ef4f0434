"""Read-side queries of the workflow: the proposal page."""

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

from app.extensions import db, fixed_limit, single_statements
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

# The proposal page: one statement, plain columns (no ORM objects, no lazy loads).


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
_HEAD, _EVENT, _APPROVAL, _REMARK, _BODY, _DECISION, _VERSION = "0", "1", "2", "3", "4", "5", "6"


def _padded(kind: str, *columns: Any) -> Select:
    """One part of the page statement: its kind, then the columns, padded with NULLs to the
    event part's ten (kind, id, uid, name, a, b, c, at, inputs, hash)."""
    return select(literal_column(f"'{kind}'"), *columns, *[null()] * (9 - len(columns)))


@cache
def _page_statement(bodies: bool) -> CompoundSelect:
    """The whole page in one statement (built once per variant): the proposal with its
    established body's name, its two newest versions, its history, the newest version's
    approvals and remarks, the year's highest Beschluss sequence and, if ``bodies``, the
    names of the given bodies. Each part is a look-up on its own index; the newest version's
    id is a subquery evaluated once."""
    proposal, body = Proposal.__table__.c, Body.__table__.c
    version, event, user = ProposalVersion.__table__.c, HistoryEvent.__table__.c, User.__table__.c
    actor = User.__table__.alias("actor")
    proposal_id = bindparam("proposal_id")
    has_version = select(version.id).where(version.proposal_id == proposal.id).exists()
    newest = (
        select(version.id, version.number, version.sha256, version.created_at, version.content)
        .where(version.proposal_id == proposal_id)
        .order_by(version.number.desc())
        .limit(fixed_limit(2))
        .subquery("newest")
    )
    latest_id = (
        select(version.id)
        .where(version.proposal_id == proposal_id)
        .order_by(version.number.desc())
        .limit(fixed_limit(1))
        .scalar_subquery()
    )
    approval, remark = Approval.__table__.c, SectionRemark.__table__.c
    decision = Decision.__table__.c
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
        .where(event.proposal_id == proposal_id),
        # The editable content only where the page shows it: drafts, and proposals
        # withdrawn before their first submission (no version).
        _padded(
            _HEAD,
            proposal.lock_version,
            proposal.owner_id,
            body.name,
            proposal.reference,
            proposal.state,
            proposal.title,
            null(),
            case(
                (or_(proposal.state == ProposalState.DRAFT.value, ~has_version), proposal.content)
            ),
        )
        .select_from(Proposal.__table__.outerjoin(Body.__table__, body.id == proposal.body_id))
        .where(proposal.id == proposal_id),
        _padded(
            _VERSION,
            newest.c.id,
            newest.c.number,
            null(),
            newest.c.sha256,
            null(),
            null(),
            newest.c.created_at,
            newest.c.content,
        ),
        _padded(_APPROVAL, approval.id, approval.reviewer_id, user.name, approval.recommendation)
        .select_from(Approval.__table__.outerjoin(User.__table__, user.id == approval.reviewer_id))
        .where(approval.version_id == latest_id),
        _padded(_REMARK, remark.id, remark.author_id, user.name, remark.text, remark.section)
        .select_from(SectionRemark.__table__.outerjoin(User.__table__, user.id == remark.author_id))
        .where(remark.version_id == latest_id),
        _padded(_DECISION, func.max(decision.sequence)).where(decision.year == bindparam("year")),
    ]
    if bodies:
        parts.append(_body_part())
    return union_all(*parts).order_by("kind", "id")


def _body_part() -> Select:
    body = Body.__table__.c
    return _padded(_BODY, body.id, null(), body.name).where(
        body.id.in_(bindparam("body_ids", expanding=True))
    )


def proposal_page(
    proposal_id: int, body_ids: Collection[int], year: int
) -> tuple[ProposalHead, PageRows] | None:
    """The proposal and everything its page shows (see ``_page_statement``), with the current
    names of the people and of ``body_ids``, and ``year``'s highest Beschluss sequence: one
    UNION ALL statement. None if there is no such proposal."""
    params: dict[str, Any] = {"proposal_id": proposal_id, "year": year}
    if body_ids:
        params["body_ids"] = sorted(body_ids)
    statement = _page_statement(bool(body_ids))
    rows, head, versions = PageRows(), None, []
    remarks: dict[str, list[PageRemark]] = defaultdict(list)
    with single_statements() as connection:  # a read on its own: no BEGIN/COMMIT round trips
        result = connection.execute(statement, params).all()
    for kind, id_, uid, name, a, b, c, at, inputs, hash_ in result:
        if kind == _EVENT:
            rows.events.append(PageEvent(id_, name, a, b, c, at, inputs, hash_))
        elif kind == _HEAD:
            head = (a, uid, b, c, id_, name, inputs)
        elif kind == _VERSION:
            versions.append(VersionHead(id_, uid, a, at, inputs))
        elif kind == _APPROVAL:
            rows.approvals.append(PageApproval(uid, name, a))
        elif kind == _REMARK:
            remarks[b].append(PageRemark(b, a, name))
        elif kind == _BODY:
            rows.body_names[id_] = name
        else:
            rows.highest_decision = id_
    if head is None:
        return None
    rows.remarks = dict(remarks)
    versions.sort(key=lambda found: found.number, reverse=True)
    reference, owner_id, state, title, lock_version, body_name, content = head
    proposal = ProposalHead(
        proposal_id,
        reference,
        owner_id,
        state,
        title,
        lock_version,
        body_name,
        content,
        versions[0] if versions else None,
        versions[1] if len(versions) > 1 else None,
    )
    return proposal, rows


def body_names(body_ids: Collection[int]) -> dict[int, str]:
    """The current names of these bodies (those that exist)."""
    statement = select(Body.id, Body.name).where(Body.id.in_(sorted(body_ids)))
    return dict(db.session.connection().execute(statement).all())

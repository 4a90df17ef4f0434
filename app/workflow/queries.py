"""Read-side queries of the workflow: queues, approvals, remarks, the timeline."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from math import ceil

from sqlalchemy import func, select
from sqlalchemy.orm import aliased, joinedload

from app.extensions import db
from app.models import Approval, Proposal, ProposalVersion, SectionRemark, User
from workflows.proposal import ProposalState

QUEUE_PAGE_SIZE = 50


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


def approvals_of(version: ProposalVersion | None) -> list[Approval]:
    """The approvals of one version, oldest first."""
    if version is None:
        return []
    stmt = (
        select(Approval)
        .where(Approval.version_id == version.id)
        .options(joinedload(Approval.reviewer).lazyload(User.role_rows))
        .order_by(Approval.id)
    )
    return list(db.session.scalars(stmt))


@dataclass(frozen=True)
class QueueProposal:
    """The columns of a proposal that a queue shows (no ORM object, no Steckbrief)."""

    id: int
    reference: str
    title: str
    kind: str | None
    focus_topic: str | None


@dataclass(frozen=True)
class QueueRow:
    """One proposal in a queue, with its derived progress."""

    proposal: QueueProposal
    version_number: int
    approvals: int
    approved_by_user: bool


@dataclass(frozen=True)
class QueueFilter:
    """The GET filters of a queue (already validated)."""

    kind: str | None = None
    focus_topic: str | None = None


@dataclass(frozen=True)
class QueuePage:
    """One page of a queue, and how many proposals the whole queue holds."""

    rows: list[QueueRow]
    number: int
    pages: int
    total: int


def _queue_clauses(state: ProposalState, user: User, filters: QueueFilter) -> list:
    clauses = [Proposal.state == state.value, Proposal.owner_id != user.id]
    if filters.kind:
        clauses.append(Proposal.kind == filters.kind)
    if filters.focus_topic:
        clauses.append(Proposal.focus_topic == filters.focus_topic)
    return clauses


def _page_columns(user: User) -> tuple:
    """The shown columns of a queue row, with the latest version's number and approvals
    computed in the same statement (correlated look-ups on the unique indexes)."""
    other = aliased(ProposalVersion)
    latest = (
        select(func.max(other.number))
        .where(other.proposal_id == Proposal.id)
        .correlate(Proposal)
        .scalar_subquery()
    )
    approvals = select(func.count()).where(Approval.version_id == ProposalVersion.id)
    mine = approvals.where(Approval.reviewer_id == user.id)
    return (
        Proposal.id,
        Proposal.reference,
        Proposal.title,
        Proposal.kind,
        Proposal.focus_topic,
        func.coalesce(ProposalVersion.number, 0),
        func.coalesce(approvals.scalar_subquery(), 0),
        func.coalesce(mine.scalar_subquery(), 0),
    ), latest


def queue_page(
    state: ProposalState, user: User, filters: QueueFilter, number: int = 1
) -> QueuePage | None:
    """One page of a queue: proposals in state that the user did not write, filtered, oldest
    submission first; None if there is no such page.

    Two statements: the count (index-only on (state, kind, submitted_at, owner_id)) and the
    page, which reads only the shown columns and the latest version's number and approvals.
    """
    clauses = _queue_clauses(state, user, filters)
    total = db.session.scalar(select(func.count()).select_from(Proposal).where(*clauses)) or 0
    pages = max(ceil(total / QUEUE_PAGE_SIZE), 1)
    if number > pages:
        return None
    columns, latest = _page_columns(user)
    stmt = (
        select(*columns)
        .outerjoin(
            ProposalVersion,
            (ProposalVersion.proposal_id == Proposal.id) & (ProposalVersion.number == latest),
        )
        .where(*clauses)
        .order_by(Proposal.submitted_at, Proposal.id)
        .limit(QUEUE_PAGE_SIZE)
        .offset((number - 1) * QUEUE_PAGE_SIZE)
    )
    rows = [
        QueueRow(QueueProposal(*row[:5]), row[5], row[6], row[7] > 0)
        for row in db.session.execute(stmt)
    ]
    return QueuePage(rows, number, pages, total)


def queue(state: ProposalState, user: User, filters: QueueFilter) -> list[QueueRow]:
    """The first page of ``queue_page``."""
    return queue_page(state, user, filters).rows


def previous_version(proposal: Proposal) -> ProposalVersion | None:
    """The version before the latest, if any."""
    return proposal.versions[-2] if len(proposal.versions) > 1 else None

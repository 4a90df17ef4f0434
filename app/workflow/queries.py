"""Read-side queries of the workflow: queues, approvals, remarks, the timeline."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from math import ceil

from sqlalchemy import func, select
from sqlalchemy.orm import defer, lazyload, selectinload

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
        .options(selectinload(SectionRemark.author))
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
        .options(selectinload(Approval.reviewer))
        .order_by(Approval.id)
    )
    return list(db.session.scalars(stmt))


@dataclass(frozen=True)
class QueueRow:
    """One proposal in a queue, with its derived progress."""

    proposal: Proposal
    version_number: int
    approvals: int
    approved_by_user: bool


@dataclass(frozen=True)
class QueueFilter:
    """The GET filters of a queue (already validated)."""

    kind: str | None = None
    focus_topic: str | None = None


def _approvers_by_version(version_ids: list[int]) -> dict[int, set[int]]:
    stmt = select(Approval.version_id, Approval.reviewer_id).where(
        Approval.version_id.in_(version_ids)
    )
    found: dict[int, set[int]] = defaultdict(set)
    for version_id, reviewer_id in db.session.execute(stmt):
        found[version_id].add(reviewer_id)
    return found


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


def queue_page(
    state: ProposalState, user: User, filters: QueueFilter, number: int = 1
) -> QueuePage | None:
    """One page of ``queue``; None if there is no such page.

    The count and the page use the (state, submitted_at) index; the page loads neither the
    Steckbrief content nor the owner, and of the versions only their numbers.
    """
    clauses = _queue_clauses(state, user, filters)
    total = db.session.scalar(select(func.count(Proposal.id)).where(*clauses)) or 0
    pages = max(ceil(total / QUEUE_PAGE_SIZE), 1)
    if number > pages:
        return None
    stmt = (
        select(Proposal)
        .where(*clauses)
        .options(
            defer(Proposal.content),
            lazyload(Proposal.owner),
            selectinload(Proposal.versions).load_only(ProposalVersion.number),
        )
        .order_by(Proposal.submitted_at, Proposal.id)
        .limit(QUEUE_PAGE_SIZE)
        .offset((number - 1) * QUEUE_PAGE_SIZE)
    )
    rows = _queue_rows(list(db.session.scalars(stmt)), user)
    return QueuePage(rows, number, pages, total)


def queue(state: ProposalState, user: User, filters: QueueFilter) -> list[QueueRow]:
    """Proposals in state that the user did not write, filtered, oldest submission first
    (the first page)."""
    return queue_page(state, user, filters).rows


def _queue_rows(proposals: list[Proposal], user: User) -> list[QueueRow]:
    latest = {p.id: p.latest_version for p in proposals}
    approvers = _approvers_by_version([v.id for v in latest.values() if v])
    rows = []
    for proposal in proposals:
        version = latest[proposal.id]
        ids = approvers.get(version.id, set()) if version else set()
        number = version.number if version else 0
        rows.append(QueueRow(proposal, number, len(ids), user.id in ids))
    return rows


def previous_version(proposal: Proposal) -> ProposalVersion | None:
    """The version before the latest, if any."""
    return proposal.versions[-2] if len(proposal.versions) > 1 else None

"""Read-side queries of the applicant's area: registry choices, 'Meine Anträge', progress."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from math import ceil
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Row, Select, func, literal_column, select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.formatting import today_berlin
from app.models.body import Body
from app.models.history import HistoryEvent
from app.models.proposal import Proposal, ProposalVersion, SectionRemark
from app.models.user import User
from app.proposals.overlap import OverlapHint, needed_ids, overlap_hints, overlap_threshold
from app.proposals.schema import SECTIONS
from app.proposals.validation import Missing, missing_for_submission, section_statuses
from app.proposals.validation_completeness import COMPLETE

PER_PAGE = 20
# Paged lists of proposals (here and the queues, app/workflow/queue.py) count their total at
# most this far past the page's offset (and at least one page past it): a count bounded
# whatever the number of proposals; beyond it the page says "mehr als N".
COUNT_AHEAD = 1000


def all_body_ids() -> frozenset[int]:
    """Every body id of the registry: what a body reference may point to."""
    return frozenset(db.session.scalars(select(Body.id)))


def body_names() -> dict[int, str]:
    """Every body's name by id."""
    return dict(db.session.execute(select(Body.id, Body.name)).all())


def body_choices(today: date | None = None) -> list[tuple[str, str]]:
    """(value, label) of every body for a select, by name; dissolved ones marked."""
    today = today or today_berlin()
    bodies = db.session.scalars(select(Body).order_by(Body.name, Body.id))
    return [(str(body.id), _choice_label(body, today)) for body in bodies]


def _choice_label(body: Body, today: date) -> str:
    if body.is_dissolved(today):
        return _("%(name)s (aufgelöst)", name=body.name)
    return body.name


@dataclass(frozen=True)
class Overview:
    """How far a Steckbrief is: section statuses, what is missing, overlap hints."""

    statuses: dict[str, str]
    missing: list[Missing]
    hints: list[OverlapHint]
    needed: frozenset[int]

    @property
    def complete_count(self) -> int:
        """How many sections are complete."""
        return sum(1 for status in self.statuses.values() if status == COMPLETE)

    @property
    def next_incomplete(self) -> str | None:
        """The first section (in schema order) not yet complete; None when all are."""
        return next((s.key for s in SECTIONS if self.statuses.get(s.key) != COMPLETE), None)

    @property
    def total(self) -> int:
        """How many sections there are."""
        return len(SECTIONS)

    def missing_by_section(self) -> dict[str, list[Missing]]:
        """The missing items grouped by section key."""
        grouped: dict[str, list[Missing]] = {}
        for item in self.missing:
            grouped.setdefault(item.section, []).append(item)
        return grouped


def overview(
    content: Mapping[str, Any] | None, names: Mapping[int, str], exclude: int | None = None
) -> Overview:
    """The progress of a Steckbrief, with the overlap check applied (``exclude``: the body a
    change proposal changes)."""
    content = content or {}
    hints = overlap_hints(content, exclude)
    needed = needed_ids(hints, overlap_threshold())
    return Overview(
        statuses=section_statuses(content, overlap_needed=needed),
        missing=missing_for_submission(content, overlap_needed=needed, body_names=names),
        hints=hints,
        needed=needed,
    )


@dataclass(frozen=True)
class ProposalPage:
    """One page of a user's proposals: plain rows (id, reference, title, kind, state,
    updated_at), no ORM objects.

    If the count stopped at its cap (``total_exact`` false), the user has more than ``total``
    proposals on more than ``pages`` pages (and there is a next page)."""

    items: list[Row]
    number: int
    pages: int
    total: int
    total_exact: bool = True


def page_number(raw: str | None) -> int | None:
    """A page number from the query string; None if it is not a positive integer."""
    if raw is None:
        return 1
    if not raw.isdigit() or len(raw) > 6 or int(raw) < 1:
        return None
    return int(raw)


def _own_statement(owner: User, count_limit: int) -> Select:
    """A user's proposals with the number of all of them, in one statement.

    The total is an uncorrelated scalar subquery (index-only on (owner_id, updated_at)) that
    counts at most ``count_limit`` rows, so its cost is bounded whatever the number of
    proposals; the page reads only the shown columns through the same index."""
    condition = Proposal.owner_id == owner.id
    counted = (
        select(literal_column("1"))
        .select_from(Proposal)
        .where(condition)
        .limit(count_limit)
        .subquery("counted")
    )
    total = select(func.count()).select_from(counted).correlate(None).scalar_subquery()
    return (
        select(
            total,
            Proposal.id,
            Proposal.reference,
            Proposal.title,
            Proposal.kind,
            Proposal.state,
            Proposal.updated_at,
        )
        .where(condition)
        .order_by(Proposal.updated_at.desc(), Proposal.id.desc())
    )


def proposals_of(owner: User, number: int, per_page: int | None = None) -> ProposalPage | None:
    """The owner's proposals, last changed first, PER_PAGE to a page unless ``per_page``;
    None if the page does not exist.

    A page past the end has no rows; an empty first page is the empty list."""
    per_page = per_page or PER_PAGE
    offset = (number - 1) * per_page
    known = offset + max(COUNT_AHEAD, per_page)  # rows counted exactly at most: a page or more
    statement = _own_statement(owner, known + 1).limit(per_page).offset(offset)
    rows = db.session.execute(statement).all()
    if not rows:
        return None if number > 1 else ProposalPage([], 1, 1, 0)
    total = rows[0][0]
    if total > known:  # more than counted: "more than `known` rows, `known // per_page` pages"
        return ProposalPage(rows, number, known // per_page, known, total_exact=False)
    return ProposalPage(rows, number, max(ceil(total / per_page), 1), total)


def missing_items(proposal: Proposal) -> list[Missing]:
    """What blocks submitting this proposal, overlap delimitations included (workflow guard)."""
    return overview(proposal.content, body_names(), proposal.target_body_id).missing


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


RETURN_ACTION = "return_for_revision"


@dataclass(frozen=True)
class ReturnNote:
    """A draft returned for revision, with the reviewers' general comment."""

    proposal_id: int
    reference: str
    title: str | None
    comment: str
    returned_at: datetime


def return_notes(owner: User, proposal_id: int | None = None) -> list[ReturnNote]:
    """The owner's drafts that were returned for revision (or just ``proposal_id``), each
    with the comment of its latest return; newest return first."""
    condition = [
        Proposal.owner_id == owner.id,
        Proposal.state == "draft",
        Proposal.submitted_at.is_not(None),
        HistoryEvent.action == RETURN_ACTION,
    ]
    if proposal_id is not None:
        condition.append(Proposal.id == proposal_id)
    stmt = (
        select(Proposal.id, Proposal.reference, Proposal.title, HistoryEvent)
        .join(HistoryEvent, HistoryEvent.proposal_id == Proposal.id)
        .where(*condition)
        .order_by(HistoryEvent.id.desc())
    )
    notes: dict[int, ReturnNote] = {}
    for found_id, reference, title, event in db.session.execute(stmt):
        comment = str((event.inputs or {}).get("comment", ""))
        notes.setdefault(
            found_id, ReturnNote(found_id, reference, title, comment, event.occurred_at)
        )
    return list(notes.values())

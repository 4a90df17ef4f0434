"""Read queries of the API: filtered, sorted, paginated; a constant number of SQL statements."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, and_, false, func, not_, or_, select
from sqlalchemy.orm import defer, joinedload, selectinload

from app.extensions import db
from app.models import Body, Decision, Proposal, User
from app.proposals.schema_options import FOCUS_TOPICS

BODY_SORTS = ("name", "-name", "start_date", "-start_date", "end_date", "-end_date")
BODY_STATUSES = ("current", "dissolved", "all")
STAFF_ROLES = ("reviewer", "secretariat")
BERLIN = ZoneInfo("Europe/Berlin")
_TOPIC_LABELS = dict(FOCUS_TOPICS)
_TOPIC_KEYS = {label: key for key, label in FOCUS_TOPICS}


def today() -> date:
    """Today in the council's time zone: decides whether a body is dissolved."""
    return datetime.now(BERLIN).date()


def focus_topic_label(value: str | None) -> str | None:
    """The German label of a focus topic (the workflow may store the option key)."""
    return _TOPIC_LABELS.get(value, value) if value else None


def focus_topic_values(value: str) -> list[str]:
    """Stored values matching a topic given as label or as key."""
    return sorted({value, _TOPIC_LABELS.get(value, value), _TOPIC_KEYS.get(value, value)})


@dataclass(frozen=True)
class Page:
    """One page of results and the total number of matching rows."""

    items: list[Any]
    total: int
    page: int
    per_page: int

    @property
    def total_pages(self) -> int:
        """At least one page, even when nothing matched."""
        return max(1, -(-self.total // self.per_page))


@dataclass(frozen=True)
class KeysetPage:
    """One page of a keyset (cursor) walk: the rows and the key to continue after, if any."""

    items: list[Any]
    per_page: int
    next_after: int | None


def paginate(stmt: Select, count_stmt: Select, page: int, per_page: int) -> Page:
    """Run one page of ``stmt``; count only when the page itself cannot tell the total."""
    offset = (page - 1) * per_page
    items = list(db.session.scalars(stmt.limit(per_page).offset(offset)).unique())
    if 0 < len(items) < per_page or (page == 1 and not items):
        total = offset + len(items)
    else:
        total = db.session.scalar(count_stmt) or 0
    return Page(items=items, total=total, page=page, per_page=per_page)


def dissolved_clause(today: date) -> ColumnElement[bool]:
    """SQL twin of ``Body.is_dissolved``: an end date in the past and not open-ended."""
    return and_(Body.end_date.is_not(None), Body.end_date < today, Body.open_ended.is_(False))


def body_filters(
    *, kind: str | None, focus_topic: str | None, status: str, q: str | None, today: date
) -> list[ColumnElement[bool]]:
    """WHERE clauses for the body list."""
    clauses: list[ColumnElement[bool]] = []
    if kind:
        clauses.append(Body.kind == kind)
    if focus_topic:
        clauses.append(Body.focus_topic.in_(focus_topic_values(focus_topic)))
    if status == "current":
        clauses.append(not_(dissolved_clause(today)))
    elif status == "dissolved":
        clauses.append(dissolved_clause(today))
    if q:
        pattern = (
            "%" + q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        )
        clauses.append(
            or_(
                func.lower(Body.name).like(pattern, escape="\\"),
                func.lower(func.coalesce(Body.short_name, "")).like(pattern, escape="\\"),
            )
        )
    return clauses


def body_order(sort: str) -> list[ColumnElement[Any]]:
    """ORDER BY for a sort key; empty dates last in both directions, id breaks ties."""
    column = {"name": Body.name, "start_date": Body.start_date, "end_date": Body.end_date}[
        sort.lstrip("-")
    ]
    direction = column.desc() if sort.startswith("-") else column.asc()
    if sort.lstrip("-") == "name":
        return [direction, Body.id]
    return [column.is_(None), direction, Body.id]


def bodies_page(clauses: list[ColumnElement[bool]], sort: str, page: int, per_page: int) -> Page:
    """A page of bodies with their parents loaded in the same statement."""
    stmt = select(Body).options(joinedload(Body.parent)).where(*clauses).order_by(*body_order(sort))
    count = select(func.count(Body.id)).where(*clauses)
    return paginate(stmt, count, page, per_page)


def body_timestamps() -> tuple[datetime | None, datetime | None]:
    """The first creation and the last change of any body (OParl Body created/modified)."""
    row = db.session.execute(select(func.min(Body.created_at), func.max(Body.updated_at))).one()
    return row[0], row[1]


def organizations_page(clauses: list[ColumnElement[bool]], page: int, per_page: int) -> Page:
    """Bodies in a stable order (by id) for OParl; no eager loading needed (parent_id only)."""
    stmt = select(Body).where(*clauses).order_by(Body.id)
    return paginate(stmt, select(func.count(Body.id)).where(*clauses), page, per_page)


def body_by_id(body_id: int) -> Body | None:
    """One body with parent and children."""
    stmt = (
        select(Body)
        .options(joinedload(Body.parent), selectinload(Body.children))
        .where(Body.id == body_id)
    )
    return db.session.scalar(stmt)


def decisions_page(year: int | None, body_id: int | None, page: int, per_page: int) -> Page:
    """A page of council decisions, newest first."""
    clauses = []
    if year is not None:
        clauses.append(Decision.year == year)
    if body_id is not None:
        clauses.append(Decision.body_id == body_id)
    stmt = (
        select(Decision)
        .where(*clauses)
        .order_by(Decision.year.desc(), Decision.sequence.desc(), Decision.id.desc())
    )
    return paginate(stmt, select(func.count(Decision.id)).where(*clauses), page, per_page)


def decision_by_id(decision_id: int) -> Decision | None:
    """One council decision."""
    return db.session.get(Decision, decision_id)


def proposal_visibility(user: User) -> ColumnElement[bool]:
    """Own proposals always; every submitted one (state not draft) for reviewers and office."""
    own = Proposal.owner_id == user.id
    if user.has_role(*STAFF_ROLES):
        return or_(own, Proposal.state != "draft")
    return own if user.has_role("applicant") else false()


def proposal_filters(user: User, state: str | None) -> list[ColumnElement[bool]]:
    """Visibility and the state filter, simplified so that the planner can use an index.

    ``(own OR state <> 'draft') AND state = 'draft'`` would scan the whole primary key for
    the office (no row matches the OR's second half); ``own AND state = 'draft'`` uses the
    owner index instead.
    """
    if state is None:
        return [proposal_visibility(user)]
    if state != "draft" and user.has_role(*STAFF_ROLES):
        return [Proposal.state == state]
    own = Proposal.owner_id == user.id
    return [Proposal.state == state, own if user.has_role("applicant", *STAFF_ROLES) else false()]


def proposals_after(
    user: User, state: str | None, after_id: int | None, per_page: int
) -> KeysetPage:
    """A page of the proposals the user may see, newest first, after the key ``after_id``.

    Keyset pagination on the primary key (``id < :after ORDER BY id DESC``): one statement,
    no count, and the same cost for the last page as for the first. One row more than the
    page is read to know whether another page follows.
    """
    clauses = proposal_filters(user, state)
    if after_id is not None:
        clauses.append(Proposal.id < after_id)
    stmt = (
        select(Proposal)
        .options(
            defer(Proposal.content),  # the Steckbrief is not listed; it is the bulk of a row
            joinedload(Proposal.owner).load_only(User.name, User.organisation),
        )
        .where(*clauses)
        .order_by(Proposal.id.desc())
        .limit(per_page + 1)
    )
    rows = list(db.session.scalars(stmt).unique())
    items = rows[:per_page]
    next_after = items[-1].id if len(rows) > per_page else None
    return KeysetPage(items=items, per_page=per_page, next_after=next_after)


def proposal_by_id(user: User, proposal_id: int) -> Proposal | None:
    """One proposal, if the user may see it."""
    stmt = select(Proposal).where(Proposal.id == proposal_id, proposal_visibility(user))
    return db.session.scalar(stmt)

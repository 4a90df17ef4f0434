"""Read queries of the API: filtered, sorted, paginated; a constant number of SQL statements."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    ColumnElement,
    Select,
    false,
    func,
    literal_column,
    not_,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import aliased, joinedload, selectinload

from app.extensions import db
from app.models import AgendaItem, Body, CouncilSession, Decision, Proposal, User
from app.models.proposal import STAFF_ROLES
from app.topics.queries import topic_label, topic_rows

if TYPE_CHECKING:
    from sqlalchemy import Row

    from app.api.tokens import ApiUser

BODY_SORTS = ("name", "-name", "start_date", "-start_date", "end_date", "-end_date")
BODY_STATUSES = ("current", "dissolved", "all")


def focus_topic_label(value: str | None) -> str | None:
    """The German label of a focus topic (the workflow may store the option key)."""
    return topic_label(value)


def focus_topic_values(value: str) -> list[str]:
    """Stored values matching a topic given as label or as key."""
    found = {value}
    for key, name, _retired in topic_rows():
        if value in (key, name):
            found |= {key, name}
    return sorted(found)


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


def paginate(
    stmt: Select, count_stmt: Select, page: int, per_page: int, *, rows: bool = False
) -> Page:
    """Run one page of ``stmt``; count only when the page itself cannot tell the total.

    ``rows``: ``stmt`` selects plain columns; the items are its rows, not ORM objects.
    """
    offset = (page - 1) * per_page
    paged = stmt.limit(per_page).offset(offset)
    if rows:
        items = list(db.session.execute(paged).all())
    else:
        items = list(db.session.scalars(paged).unique())
    if 0 < len(items) < per_page or (page == 1 and not items):
        total = offset + len(items)
    else:
        total = db.session.scalar(count_stmt) or 0
    return Page(items=items, total=total, page=page, per_page=per_page)


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
        clauses.append(not_(Body.is_dissolved(today)))
    elif status == "dissolved":
        clauses.append(Body.is_dissolved(today))
    if q:
        pattern = (
            "%" + q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        )
        clauses.append(
            or_(
                func.lower(Body.name).like(pattern, escape="\\"),
                func.lower(func.coalesce(Body.short_name, "")).like(pattern, escape="\\"),
                func.lower(func.coalesce(Body.alias, "")).like(pattern, escape="\\"),
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


_PARENT = aliased(Body, name="parent")
BODY_LIST_COLUMNS = (
    Body.id,
    Body.key,
    Body.name,
    Body.alias,
    Body.short_name,
    Body.kind,
    Body.category,
    Body.focus_topic,
    Body.start_date,
    Body.end_date,
    Body.open_ended,
    Body.lead,
    Body.created_at,
    Body.updated_at,
    _PARENT.id.label("parent_id"),
    _PARENT.key.label("parent_key"),
    _PARENT.name.label("parent_name"),
)


def bodies_page(
    clauses: list[ColumnElement[bool]], sort: str, page: int, per_page: int, today: date
) -> Page:
    """A page of bodies as rows of the listed columns, with their parent's and whether the
    body is dissolved today (``dissolved``) in the same row."""
    stmt = (
        select(*BODY_LIST_COLUMNS, Body.is_dissolved(today).label("dissolved"))
        .outerjoin(_PARENT, _PARENT.id == Body.parent_id)
        .where(*clauses)
        .order_by(*body_order(sort))
    )
    count = select(func.count(Body.id)).where(*clauses)
    return paginate(stmt, count, page, per_page, rows=True)


def body_timestamps() -> tuple[datetime | None, datetime | None]:
    """The first creation and the last change of any body (OParl Body created/modified)."""
    row = db.session.execute(select(func.min(Body.created_at), func.max(Body.updated_at))).one()
    return row[0], row[1]


def organizations_page(clauses: list[ColumnElement[bool]], page: int, per_page: int) -> Page:
    """Bodies in a stable order (by id) for OParl; no eager loading needed (parent_id only)."""
    stmt = select(Body).where(*clauses).order_by(Body.id)
    return paginate(stmt, select(func.count(Body.id)).where(*clauses), page, per_page)


def meetings_page(clauses: list[ColumnElement[bool]], page: int, per_page: int) -> Page:
    """Council sessions in a stable order (by number) for OParl, with their agenda."""
    stmt = (
        select(CouncilSession)
        .options(selectinload(CouncilSession.items).joinedload(AgendaItem.decision))
        .where(*clauses)
        .order_by(CouncilSession.number)
    )
    return paginate(stmt, select(func.count(CouncilSession.id)).where(*clauses), page, per_page)


def proposal_titles(sessions: list[CouncilSession]) -> dict[int, str]:
    """The titles of the proposals on the sessions' agendas, by proposal id."""
    ids = {item.proposal_id for session in sessions for item in session.items}
    if not ids:
        return {}
    rows = db.session.execute(select(Proposal.id, Proposal.title).where(Proposal.id.in_(ids)))
    return {row.id: row.title for row in rows}


def session_by_id(session_id: int) -> CouncilSession | None:
    """One council session with its agenda."""
    stmt = (
        select(CouncilSession)
        .options(selectinload(CouncilSession.items).joinedload(AgendaItem.decision))
        .where(CouncilSession.id == session_id)
    )
    return db.session.scalar(stmt)


def body_id_by_key(key: str) -> int | None:
    """The id of the body of that registry key, if there is one."""
    return db.session.scalar(select(Body.id).where(Body.key == key))


def body_by_id(body_id: int) -> Body | None:
    """One body with parent and children."""
    stmt = (
        select(Body)
        .options(joinedload(Body.parent), selectinload(Body.children))
        .where(Body.id == body_id)
    )
    return db.session.scalar(stmt)


def decisions_page(year: int | None, body_id: int | None, page: int, per_page: int) -> Page:
    """A page of the public council decisions (``Decision.public``), newest first."""
    clauses = [Decision.public()]
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
    """One public council decision (a declined proposal's is not published)."""
    decision = db.session.get(Decision, decision_id)
    return decision if decision is not None and decision.is_public else None


# The proposal's own columns of a listed row, in the order of ``PROPOSAL_COLUMNS``.
_PROPOSAL_FIELDS = (
    Proposal.id,
    Proposal.reference,
    Proposal.state,
    Proposal.title,
    Proposal.short_name,
    Proposal.kind,
    Proposal.focus_topic,
    Proposal.parent_body_id,
    Proposal.body_id,
    Proposal.end_date,
    Proposal.open_ended,
    Proposal.submitted_at,
    Proposal.created_at,
    Proposal.updated_at,
)
# In this order, ``serializers.proposal_data`` unpacks a row.
PROPOSAL_COLUMNS = (
    *_PROPOSAL_FIELDS,
    User.name.label("owner_name"),
    User.organisation.label("owner_organisation"),
)


def _access(user: ApiUser) -> str:
    """What the account may see: ``staff`` (reviewers, office), ``applicant`` or ``none``."""
    if user.has_role(*STAFF_ROLES):
        return "staff"
    return "applicant" if user.has_role("applicant") else "none"


def _visibility(access: str, user_id: int) -> ColumnElement[bool]:
    """Who sees a proposal: the one rule of the web pages (``Proposal.visible_to``)."""
    if access == "none":
        return false()
    return Proposal.visible_to(user_id, staff=access == "staff")


def _filters(access: str, user_id: int, state: str | None) -> list[ColumnElement[bool]]:
    """Visibility and the state filter: the (state, submitted_at) index finds the rows."""
    if state is None:
        return [_visibility(access, user_id)]
    return [Proposal.state == state, _visibility(access, user_id)]


def _matching(*clauses: ColumnElement[bool]) -> Select:
    """The listed columns of the matching proposals, and their owner's id to join on."""
    return select(*_PROPOSAL_FIELDS, Proposal.owner_id).where(*clauses)


def _newest(*clauses: ColumnElement[bool], limit: int, name: str):
    """The newest ``limit`` matching rows, in a subquery of their own (SQLite takes no
    ORDER BY/LIMIT in a UNION's arm)."""
    return _matching(*clauses).order_by(Proposal.id.desc()).limit(limit).subquery(name)


def _staff_statement(user_id: int, after: list[ColumnElement[bool]], limit: int) -> Select:
    """What reviewers and the office see (every proposal once submitted, and their own),
    as the newest ``limit`` of three disjoint arms, each with an index of its own:

    - not a draft (``ix_proposals_submitted_id``, walked newest first), submitted or own;
      a withdrawn proposal that was never submitted belongs to its owner only;
    - the account's own drafts (``ix_proposals_draft_owner_id_id``);
    - drafts of others that were submitted and returned for revision
      (``ix_proposals_returned_id``).

    ``own OR submitted`` over the whole table would walk the primary key backwards and read,
    and throw away, every newer draft of somebody else. ``'draft'`` is a literal, not a
    bound value: a planner can only use a partial index when the query's condition implies
    the index's.
    """
    draft = literal_column("'draft'")
    own = Proposal.owner_id == user_id
    submitted = Proposal.submitted_at.is_not(None)
    not_drafts = _newest(
        Proposal.state != draft, or_(submitted, own), *after, limit=limit, name="nd"
    )
    returned = _newest(
        Proposal.state == draft, submitted, not_(own), *after, limit=limit, name="rd"
    )
    own_drafts = _matching(own, Proposal.state == draft, *after)
    visible = union_all(select(*not_drafts.c), select(*returned.c), own_drafts).subquery("v")
    return (
        select(
            *(visible.c[column.key] for column in _PROPOSAL_FIELDS),
            User.name.label("owner_name"),
            User.organisation.label("owner_organisation"),
        )
        .join(User, User.id == visible.c.owner_id)
        .order_by(visible.c.id.desc())
        .limit(limit)
    )


def _proposals_statement(
    access: str, user_id: int, state: str | None, after_id: int | None, limit: int
) -> Select:
    """Plain columns of the visible proposals and their owners, newest first, never the
    Steckbrief (the bulk of a row): no ORM objects, no relationship or role loads."""
    after = [Proposal.id < after_id] if after_id is not None else []
    if access == "staff" and state is None:
        return _staff_statement(user_id, after, limit)
    return (
        select(*PROPOSAL_COLUMNS)
        .join(User, User.id == Proposal.owner_id)
        .where(*_filters(access, user_id, state), *after)
        .order_by(Proposal.id.desc())
        .limit(limit)
    )


def proposals_after(
    user: ApiUser, state: str | None, after_id: int | None, per_page: int
) -> KeysetPage:
    """A page of the proposals the user may see, newest first, after the key ``after_id``.

    Keyset pagination on the primary key (``id < :after ORDER BY id DESC``): one statement,
    no count, and the same cost for the last page as for the first. One row more than the
    page is read to know whether another page follows.
    """
    stmt = _proposals_statement(_access(user), user.id, state, after_id, per_page + 1)
    rows = db.session.execute(stmt).all()
    items = rows[:per_page]
    next_after = items[-1].id if len(rows) > per_page else None
    return KeysetPage(items=items, per_page=per_page, next_after=next_after)


def proposal_by_id(user: ApiUser, proposal_id: int) -> Row | None:
    """One proposal (the listed columns), if the user may see it."""
    stmt = (
        select(*PROPOSAL_COLUMNS)
        .join(User, User.id == Proposal.owner_id)
        .where(Proposal.id == proposal_id, _visibility(_access(user), user.id))
    )
    return db.session.execute(stmt).first()

"""What the review queue (app/review) and the decision queue (app/office) share: the filters
from the query string and one page of proposals in a state that the user did not write,
oldest submission first, with the latest version's number and approvals."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from math import ceil
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, Select, func, literal_column, select

from app.domain import DomainError
from app.extensions import db
from app.models import Approval, Proposal, ProposalVersion, User
from app.proposals import queries as proposal_queries
from app.proposals.schema_options import KINDS, focus_topic_options
from workflows.proposal import ProposalState

QUEUE_PAGE_SIZE = 50
# The name of an extra column, if a queue adds it: shown as "ja"/"nein".
APPROVED_BY_USER = "approved_by_user"
KIND_LABELS = dict(KINDS)


class NoSuchPage(DomainError):
    """A page number past the end of the queue (or not a positive number)."""

    status_code = 404


@dataclass(frozen=True)
class QueueFilter:
    """The GET filters of a queue (already validated)."""

    kind: str | None = None
    focus_topic: str | None = None

    def as_args(self) -> dict[str, str]:
        """The filters that are set, as query-string arguments (for the page links)."""
        return {name: value for name, value in vars(self).items() if value}


@dataclass(frozen=True)
class QueueRow:
    """One line of a queue: the proposal, its labels and its latest version's progress."""

    id: int
    reference: str
    title: str
    kind: str
    focus_topic: str
    version: int
    approvals: int
    approved_by_user: bool | None = None


@dataclass(frozen=True)
class Page:
    """One page of a queue and how many proposals the whole queue holds.

    If the count stopped at its cap (``total_exact`` false), the queue holds more than
    ``total`` proposals and more than ``pages`` pages (and there is a next page)."""

    rows: list[QueueRow]
    number: int
    pages: int
    total: int
    total_exact: bool = True


def _choice(args: Mapping[str, str], param: str, options: dict[str, str], label: str) -> str | None:
    value = args.get(param, "").strip()
    if not value:
        return None
    if value not in options:
        raise DomainError(
            _(
                "Unbekannter Filterwert für „%(label)s“. Bitte wählen Sie aus der Liste.",
                label=label,
            )
        )
    return value


def parse_filters(args: Mapping[str, str]) -> QueueFilter:
    """The kind and focus-topic filters from the query string; DomainError for unknown ones."""
    return QueueFilter(
        kind=_choice(args, "kind", KIND_LABELS, _("Art")),
        focus_topic=_choice(
            args, "focus_topic", dict(focus_topic_options(True)), _("Schwerpunktthema")
        ),
    )


def page_number(raw: str | None) -> int:
    """A page number from the query string (default 1); NoSuchPage if it is not one."""
    number = proposal_queries.page_number(raw)
    if number is None:
        raise NoSuchPage(_("Diese Seite der Liste gibt es nicht."))
    return number


def latest_approvals() -> Select:
    """The number of approvals of the latest version of the proposal in the outer query."""
    latest_id = (
        select(ProposalVersion.id)
        .where(ProposalVersion.proposal_id == Proposal.id)
        .order_by(ProposalVersion.number.desc())
        .limit(1)
        .correlate(Proposal)
        .scalar_subquery()
    )
    return select(func.count()).select_from(Approval).where(Approval.version_id == latest_id)


def _statement(
    conditions: list[ColumnElement], count_limit: int, extra: tuple[ColumnElement, ...]
) -> Select:
    """The queue's rows with the size of the whole queue, in one statement.

    The total is an uncorrelated scalar subquery that counts at most ``count_limit`` rows:
    its cost is bounded whatever the size of the queue. The latest version's number and
    approvals are correlated look-ups on their unique indexes, per shown row."""
    counted = (
        select(literal_column("1"))
        .select_from(Proposal)
        .where(*conditions)
        .limit(count_limit)
        .subquery("counted")
    )
    total = select(func.count()).select_from(counted).correlate(None).scalar_subquery()
    latest = (
        select(func.coalesce(func.max(ProposalVersion.number), 0))
        .where(ProposalVersion.proposal_id == Proposal.id)
        .correlate(Proposal)
        .scalar_subquery()
    )
    return select(
        total.label("total"),
        Proposal.id,
        Proposal.reference,
        Proposal.title,
        Proposal.kind,
        Proposal.focus_topic,
        latest.label("version"),
        latest_approvals().scalar_subquery().label("approvals"),
        *extra,
    ).where(*conditions)


def _row(found: Any) -> QueueRow:
    """A result row as shown: labels for the stored values (an unknown one as it is)."""
    approved = getattr(found, APPROVED_BY_USER, None)
    return QueueRow(
        found.id,
        found.reference,
        found.title,
        KIND_LABELS.get(found.kind, found.kind or "–"),
        dict(focus_topic_options(True)).get(found.focus_topic, found.focus_topic or "–"),
        found.version,
        found.approvals,
        None if approved is None else bool(approved),
    )


def queue_page(
    state: ProposalState,
    user: User,
    filters: QueueFilter,
    number: int,
    extra: tuple[ColumnElement, ...] = (),
) -> Page:
    """One page of the user's queue of proposals in ``state`` (``extra``: a column labelled
    APPROVED_BY_USER); NoSuchPage past the end (an empty first page is the empty queue)."""
    size = QUEUE_PAGE_SIZE
    offset = (number - 1) * size
    known = offset + max(proposal_queries.COUNT_AHEAD, size)  # counted exactly at most
    conditions = [Proposal.state == state.value, Proposal.owner_id != user.id]
    if filters.kind:
        conditions.append(Proposal.kind == filters.kind)
    if filters.focus_topic:
        conditions.append(Proposal.focus_topic == filters.focus_topic)
    statement = (
        _statement(conditions, known + 1, extra)
        .order_by(Proposal.submitted_at, Proposal.id)
        .limit(size)
        .offset(offset)
    )
    found = db.session.execute(statement).all()
    if not found:
        if number > 1:
            raise NoSuchPage(_("Diese Seite der Liste gibt es nicht."))
        return Page([], 1, 1, 0)
    rows, total = [_row(row) for row in found], found[0][0]
    if total > known:  # more than counted: "more than `known` rows, `known // size` pages"
        return Page(rows, number, known // size, known, total_exact=False)
    return Page(rows, number, max(ceil(total / size), 1), total)

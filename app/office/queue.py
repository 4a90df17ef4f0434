"""The review and decision queues, rendered cheaply: one page of proposals in a state.

Proposals in the state that the user did not write, filtered by kind and focus topic, oldest
submission first, 50 to a page. Built for a page read many times a day: the statement is
built once per filter shape with bound parameters (no statement building per request) and
executed without ORM result processing, and every row's texts and link are worked out in
Python from labels translated and escaped once and a URL prefix built once. The template prints
the rows with ``print_rows`` (app/printed_rows.py): the markup of one row filled in per row in
one string operation (no Jinja output and escaping per cell), escaping per row only what comes
from the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from math import ceil
from typing import NamedTuple

from flask import current_app, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from sqlalchemy import Select, String, bindparam, func, literal_column, select
from werkzeug.exceptions import BadRequest, NotFound

from app.extensions import fixed_limit, single_statements, written_in
from app.models import Approval, Proposal, ProposalVersion
from app.proposals import schema_options
from app.proposals.queries import COUNT_AHEAD
from app.security import acting_user
from app.workflow import fragments
from app.workflow.guards import approvals_required
from workflows.proposal import ProposalState

QUEUE_PAGE_SIZE = 50
MARKER = 918273645  # a proposal id no real one has, replaced to build every row's link


@dataclass(frozen=True)
class QueueFilter:
    """The GET filters of a queue (already validated)."""

    kind: str | None = None
    focus_topic: str | None = None


class Row(NamedTuple):
    """One line of a queue, as printed: every field is HTML already (escaped text)."""

    url: str
    reference: str
    title: str
    kind: str
    focus_topic: str
    version: int
    approvals: str
    mine: str


@dataclass(frozen=True)
class Page:
    """One page of a queue and how many proposals the whole queue holds.

    If the count stopped at its cap (``total_exact`` false), the queue holds more than
    ``total`` proposals and more than ``pages`` pages (and there is a next page)."""

    rows: list[Row]
    number: int
    pages: int
    total: int
    total_exact: bool = True


@cache
def _labels(name: str) -> dict[str, str]:
    return dict(getattr(schema_options, name))


class _EscapedLabels(dict):
    """Stored values to their escaped labels; an unknown value shows as it is, none as a dash."""

    def __missing__(self, value: str | None) -> str:
        return str(escape(value or "–"))


@cache
def _escaped_labels(name: str) -> _EscapedLabels:
    return _EscapedLabels({value: str(escape(label)) for value, label in _labels(name).items()})


@cache
def _statement(kind: bool, focus_topic: bool, mine: bool) -> Select:
    """A page of a queue with the size of the whole queue, in one statement built once per
    filter shape (parameters: state, user_id, kind, focus_topic, limit, offset, count_limit).

    The total is an uncorrelated scalar subquery (evaluated once, index-only on (state, kind,
    submitted_at, owner_id)) that counts at most count_limit rows: its cost is bounded
    whatever the size of the queue. The page reads only the shown columns, with the latest
    version's number and approvals (and, for the reviewers, whether the user approved it)
    as correlated look-ups on the unique indexes: per shown row, never a scan of all
    versions.
    """
    # The state and the filters are written into the SQL (a few fixed, validated values):
    # with only the user's id left as a parameter, PostgreSQL reuses one plan per filter
    # instead of planning the statement anew on every request (see ``written_in``).
    clauses = [
        Proposal.state == written_in("state", String),
        Proposal.owner_id != bindparam("user_id"),
    ]
    if kind:
        clauses.append(Proposal.kind == written_in("kind", String))
    if focus_topic:
        clauses.append(Proposal.focus_topic == written_in("focus_topic", String))
    counted = (
        select(literal_column("1"))
        .select_from(Proposal)
        .where(*clauses)
        .limit(written_in("count_limit"))
        .subquery("counted")
    )
    total = select(func.count()).select_from(counted).correlate(None).scalar_subquery()
    version = ProposalVersion
    latest = (
        select(func.max(version.number))
        .where(version.proposal_id == Proposal.id)
        .correlate(Proposal)
        .scalar_subquery()
    )
    latest_id = (
        select(version.id)
        .where(version.proposal_id == Proposal.id)
        .order_by(version.number.desc())
        .limit(fixed_limit(1))
        .correlate(Proposal)
        .scalar_subquery()
    )
    approvals = select(func.count()).select_from(Approval).where(Approval.version_id == latest_id)
    columns = [
        total,
        Proposal.id,
        Proposal.reference,
        Proposal.title,
        Proposal.kind,
        Proposal.focus_topic,
        func.coalesce(latest, literal_column("0")),
        approvals.scalar_subquery(),
    ]
    if mine:
        by_user = approvals.where(Approval.reviewer_id == bindparam("user_id"))
        columns.append(by_user.scalar_subquery())
    return (
        select(*columns)
        .where(*clauses)
        .order_by(Proposal.submitted_at, Proposal.id)
        .limit(written_in("limit"))
        .offset(written_in("offset"))
    )


def _bad_request(message: str) -> BadRequest:
    error = BadRequest()
    error.german_message = message
    return error


def _choice(param: str, options: dict[str, str], label: str) -> str | None:
    value = request.args.get(param, "").strip()
    if not value:
        return None
    if value not in options:
        raise _bad_request(
            _(
                "Unbekannter Filterwert für „%(label)s“. Bitte wählen Sie aus der Liste.",
                label=label,
            )
        )
    return value


def parse_filters() -> QueueFilter:
    """The kind and focus-topic filters from the query string; unknown values are a 400."""
    return QueueFilter(
        # The labels are only shown in an error: translated then (lazily), not per request.
        kind=_choice("kind", _labels("KINDS"), _l("Art")),
        focus_topic=_choice("focus_topic", _labels("FOCUS_TOPICS"), _l("Schwerpunktthema")),
    )


def _page_number(raw: str | None) -> int | None:
    """A page number from the query string (default 1); None if it is not a positive integer."""
    if raw is None:
        return 1
    return int(raw) if raw.isdigit() and len(raw) <= 6 and int(raw) >= 1 else None


def queue_page(state: ProposalState, filters, number: int, mine: bool) -> Page | None:
    """One page of the current user's queue; None if there is no such page (a page past the
    end has no rows; an empty first page is the empty queue)."""
    size = QUEUE_PAGE_SIZE
    offset = (number - 1) * size
    known = offset + max(COUNT_AHEAD, size)  # rows counted exactly at most: a page or more
    params = {
        "state": state.value,
        "user_id": acting_user().id,
        "kind": filters.kind,
        "focus_topic": filters.focus_topic,
        "limit": size,
        "offset": offset,
        "count_limit": known + 1,
    }
    statement = _statement(bool(filters.kind), bool(filters.focus_topic), mine)
    with single_statements() as connection:  # a read on its own: no BEGIN/COMMIT round trips
        rows = connection.execute(statement, params).all()
    if not rows:
        return None if number > 1 else Page([], 1, 1, 0)
    total = rows[0][0]
    if total > known:  # more than counted: "more than `known` rows, `known // size` pages"
        return Page(printed_rows(rows, mine), number, known // size, known, total_exact=False)
    return Page(printed_rows(rows, mine), number, max(ceil(total / size), 1), total)


def printed_rows(rows: Sequence[Sequence], mine: bool) -> list[Row]:
    """The statement's rows as printed (``mine``: with "approved by you"), in a request.

    Everything but the proposals' own texts is escaped once per page (ids and counts are
    digits, labels and link are fixed); reference and title are escaped per row.
    """
    link = str(escape(url_for("workflow.show_proposal", proposal_id=MARKER)))
    before, after = link.split(str(MARKER))
    kinds, topics = _escaped_labels("KINDS"), _escaped_labels("FOCUS_TOPICS")
    approvals = str(escape(_("%(x)s von %(n)s Befürwortungen")))
    required = approvals_required()
    yes, no = str(escape(_("ja"))), str(escape(_("nein")))
    return [
        Row(
            f"{before}{row[1]}{after}",
            escape(row[2]),
            escape(row[3]),
            kinds[row[4]],
            topics[row[5]],
            row[6],
            approvals % {"x": row[7], "n": required},
            (yes if row[8] else no) if mine else "",
        )
        for row in rows
    ]


FILTER_TEMPLATES = ("workflow/_macros.html", "macros/forms.html")


def filters_html(endpoint: str, filters: QueueFilter, kinds: tuple, focus_topics: tuple) -> Markup:
    """The filter form. It shows only the endpoint, the chosen (validated, so known) values
    and fixed labels: the same for every user, cached per process under them."""

    def render() -> str:
        macros = current_app.jinja_env.get_template(FILTER_TEMPLATES[0]).module
        return macros.queue_filters(endpoint, filters, kinds, focus_topics)

    scope = (str(get_locale()), request.script_root)
    key = ("queue-filters", endpoint, filters.kind, filters.focus_topic, scope)
    return fragments.cached(key, FILTER_TEMPLATES, render)


def render_queue(template: str, state: ProposalState, endpoint: str, mine: bool):
    """Render the current user's queue of proposals in ``state`` (``mine``: with the column
    "Von Ihnen befürwortet")."""
    filters = parse_filters()
    number = _page_number(request.args.get("seite"))
    page = queue_page(state, filters, number, mine) if number else None
    if page is None:
        error = NotFound()
        error.german_message = _("Diese Seite der Liste gibt es nicht.")
        raise error
    kinds, focus_topics = tuple(_labels("KINDS").items()), tuple(_labels("FOCUS_TOPICS").items())
    return render_template(
        template,
        page=page,
        filters_html=filters_html(endpoint, filters, kinds, focus_topics),
        filter_args={k: v for k, v in vars(filters).items() if v},
        endpoint=endpoint,
        show_mine=mine,
    )

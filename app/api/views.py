"""The read-only JSON API, versioned under /api/v1."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask import Blueprint, current_app, request, url_for
from flask_babel import gettext as _

from app.api import http, params, problems, queries
from app.api import serializers as s
from app.api.openapi import build_openapi
from app.api.params import ID_MAX
from app.api.problems import Problem
from app.api.tokens import bearer_user, require_role
from app.extensions import csrf, limiter
from app.formatting import BERLIN, today_berlin
from app.models.body import Body, BodyKind
from workflows.proposal import ProposalState

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
problems.register_blueprint_handlers(bp)
PROPOSAL_ROLES = ("applicant", "reviewer", "secretariat")


def rate_limit() -> str:
    """The configured limit of API and OParl requests per client address."""
    return current_app.config.get("API_RATE_LIMIT", "300 per minute")


limiter.shared_limit(rate_limit, scope="api")(bp)


@bp.record_once
def _setup(state) -> None:
    problems.init_app(state.app)


def _not_found(what: str) -> Problem:
    return Problem(404, _("%(what)s mit dieser Kennung gibt es nicht.", what=what))


def _checked_id(value: int, what: str) -> int:
    if not 1 <= value <= ID_MAX:
        raise _not_found(what)
    return value


@bp.get("/")
def index():
    """Entry point: links to the collections and the OpenAPI document."""
    links = {
        name: url_for(endpoint, _external=True)
        for name, endpoint in (
            ("bodies", "api.list_bodies"),
            ("decisions", "api.list_decisions"),
            ("proposals", "api.list_proposals"),
            ("openapi", "api.openapi"),
            ("oparl", "oparl.system"),
        )
    }
    return http.json_response({"data": {"version": "1"}, "links": links})


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3.1 description of this API."""
    return http.json_response(build_openapi())


# Lists send no Last-Modified: inserted, deleted or re-sorted rows move items between pages
# without changing the listed rows; the ETag (a hash of the page) is the list's validator.


@bp.get("/bodies")
def list_bodies():
    """Bodies of the registry, filtered, sorted and paginated."""
    args = {
        "kind": params.choice("kind", [kind.value for kind in BodyKind]),
        "focus_topic": params.text("focus_topic", max_length=100),
        "status": params.choice("status", queries.BODY_STATUSES, default="current"),
        "q": params.text("q"),
        "sort": params.choice("sort", queries.BODY_SORTS, default="name"),
    }
    page, per_page = params.page_and_size()
    today = today_berlin()
    filters = {k: v for k, v in args.items() if k != "sort"}
    clauses = queries.body_filters(**filters, today=today)
    result = queries.bodies_page(clauses, args["sort"], page, per_page, today)
    items = s.body_rows_data(result.items)
    query_args = {k: v for k, v in args.items() if v is not None}
    return http.json_response(
        s.list_envelope(items, result, "api.list_bodies", query_args),
    )


@bp.get("/bodies/<int:body_id>")
def get_body(body_id: int):
    """One body with its description, parent and sub-bodies."""
    body = queries.body_by_id(_checked_id(body_id, _("Ein Gremium")))
    if body is None:
        raise _not_found(_("Ein Gremium"))
    today = today_berlin()
    return http.json_response(
        s.item_envelope(s.body_detail(body, today)),
        last_modified=_body_last_modified(body, today),
    )


def _body_last_modified(body: Body, today: date) -> datetime | None:
    """The latest change of anything the body's document shows: the body, its parent and
    children (their names), and the start of the day its status turned "dissolved"."""
    moments = [body.updated_at, *(child.updated_at for child in body.children)]
    if body.parent is not None:
        moments.append(body.parent.updated_at)
    if body.is_dissolved(today) and body.end_date is not None:
        first_day = body.end_date if body.dissolution_decided else body.end_date + timedelta(1)
        moments.append(datetime.combine(first_day, time(), tzinfo=BERLIN))
    return http.latest(moments)


@bp.get("/decisions")
def list_decisions():
    """Council decisions, newest first."""
    year = params.integer("year", None, 2000, 2999)
    body_id = params.integer("body_id", None, 1, ID_MAX)
    page, per_page = params.page_and_size()
    result = queries.decisions_page(year, body_id, page, per_page)
    urls = s.object_urls()
    query_args = {k: v for k, v in {"year": year, "body_id": body_id}.items() if v}
    return http.json_response(
        s.list_envelope(
            [s.decision_data(d, urls) for d in result.items],
            result,
            "api.list_decisions",
            query_args,
        ),
    )


@bp.get("/decisions/<int:decision_id>")
def get_decision(decision_id: int):
    """One council decision."""
    decision = queries.decision_by_id(_checked_id(decision_id, _("Einen Beschluss")))
    if decision is None:
        raise _not_found(_("Einen Beschluss"))
    return http.json_response(
        s.item_envelope(s.decision_data(decision)),
        last_modified=http.latest([decision.created_at]),
    )


@bp.get("/proposals")
def list_proposals():
    """Proposals visible to the token's user (bearer token required), walked by cursor."""
    user = bearer_user()
    require_role(user, *PROPOSAL_ROLES)
    state = params.choice("state", [state.value for state in ProposalState])
    params.first_page_only()
    _page, per_page = params.page_and_size()
    scope = f"proposals:{state or ''}"
    after_id = params.cursor(scope)
    result = queries.proposals_after(user, state, after_id, per_page)
    urls = s.object_urls()
    current = request.args.get("cursor") if after_id is not None else None
    following = params.encode_cursor(result.next_after, scope) if result.next_after else None
    envelope = s.cursor_envelope(
        [s.proposal_data(p, urls) for p in result.items],
        result,
        "api.list_proposals",
        {"state": state} if state else {},
        (current, following),
    )
    pagination = envelope["pagination"]
    return http.json_response(
        envelope,
        private=True,
        links={"next": pagination["next"], "first": envelope["links"]["first"]},
    )


@bp.get("/proposals/<int:proposal_id>")
def get_proposal(proposal_id: int):
    """One proposal, if the token's user may see it."""
    user = bearer_user()
    require_role(user, *PROPOSAL_ROLES)
    proposal = queries.proposal_by_id(user, _checked_id(proposal_id, _("Einen Antrag")))
    if proposal is None:
        raise _not_found(_("Einen Antrag"))
    return http.json_response(
        s.item_envelope(s.proposal_data(proposal)),
        last_modified=http.latest([proposal.updated_at]),
        private=True,
    )

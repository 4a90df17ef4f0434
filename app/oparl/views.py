"""OParl 1.1: the council as Body, its bodies as Organization objects."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, current_app, request
from flask_babel import gettext as _
from sqlalchemy import ColumnElement
from werkzeug.wrappers import Response

from app.api import http, params, problems, queries
from app.api.params import ID_MAX
from app.api.problems import Problem
from app.api.views import rate_limit
from app.extensions import csrf, limiter
from app.models import Body, CouncilSession
from app.oparl import serializers as s

PREFIX = "/oparl/"
bp = Blueprint("oparl", __name__, url_prefix="/oparl/v1")
csrf.exempt(bp)
problems.register_blueprint_handlers(bp)
limiter.shared_limit(rate_limit, scope="api")(bp)

DEFAULT_PAGE_SIZE = 20
TIME_FILTERS = (
    ("created_since", Body.created_at, ">="),
    ("created_until", Body.created_at, "<="),
    ("modified_since", Body.updated_at, ">="),
    ("modified_until", Body.updated_at, "<="),
)


@bp.record_once
def _setup(state) -> None:
    problems.init_app(state.app)
    state.app.after_request(allow_any_origin)


def allow_any_origin(response: Response) -> Response:
    """OParl 1.1: every answer of the interface (errors included) may be read cross-origin."""
    if request.path.startswith(PREFIX):
        response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def _check_council(body_id: int) -> None:
    if body_id != s.COUNCIL_ID:
        raise Problem(404, _("Eine Körperschaft mit dieser Kennung gibt es nicht."))


def _page() -> tuple[int, int]:
    default = current_app.config.get("OPARL_PAGE_SIZE", DEFAULT_PAGE_SIZE)
    return params.page_and_size(default, size_name="limit")


@bp.get("/system")
def system():
    """The entry point of the OParl interface."""
    return http.json_response(s.system_data(*queries.body_timestamps()))


@bp.get("/bodies")
def bodies():
    """The list of bodies: only the council."""
    page, per_page = _page()
    created, modified = queries.body_timestamps()
    matches = _matches_time_filters(created, modified)
    items = [s.body_data(created, modified)] if matches and page == 1 else []
    result = queries.Page(items=items, total=int(matches), page=page, per_page=per_page)
    return http.json_response(s.object_list(items, result, "oparl.bodies"))


@bp.get("/bodies/<int:body_id>")
def body(body_id: int):
    """The council as oparl:Body."""
    _check_council(body_id)
    created, modified = queries.body_timestamps()
    return http.json_response(s.body_data(created, modified), last_modified=http.latest([modified]))


def _matches_time_filters(created: datetime | None, modified: datetime | None) -> bool:
    """Whether the council's Body passes the request's time filters (like a row would)."""
    for name, _column, operator in TIME_FILTERS:
        limit = params.timestamp(name)
        moment = created if name.startswith("created") else modified
        if limit is None:
            continue
        if moment is None:
            return False
        moment = http.as_utc(moment)
        if (moment < limit) if operator == ">=" else (moment > limit):
            return False
    return True


def _time_clauses() -> list[ColumnElement[bool]]:
    clauses = []
    for name, column, operator in TIME_FILTERS:
        moment = params.timestamp(name)
        if moment is not None:
            clauses.append(column >= moment if operator == ">=" else column <= moment)
    return clauses


@bp.get("/bodies/<int:body_id>/organizations")
def organizations(body_id: int):
    """The council's bodies as a paginated list of oparl:Organization."""
    _check_council(body_id)
    clauses = _time_clauses()
    page, per_page = _page()
    result = queries.organizations_page(clauses, page, per_page)
    items = [s.organization_data(body) for body in result.items]
    # No Last-Modified on lists: a new or deleted body moves items between pages without
    # changing any listed row; the ETag (a hash of the page) revalidates correctly.
    return http.json_response(s.object_list(items, result, "oparl.organizations", body_id=body_id))


def _empty_list(endpoint: str, body_id: int):
    _check_council(body_id)
    page, per_page = _page()
    result = queries.Page(items=[], total=0, page=page, per_page=per_page)
    return http.json_response(s.object_list([], result, endpoint, body_id=body_id))


@bp.get("/bodies/<int:body_id>/meetings")
def meetings(body_id: int):
    """The council's sessions as a paginated list of oparl:Meeting (by number)."""
    _check_council(body_id)
    return _meetings_list("oparl.meetings", body_id=body_id)


@bp.get("/organizations/<int:organization_id>/meetings")
def organization_meetings(organization_id: int):
    """The council's sessions, as the meetings of its own Organization."""
    if organization_id != queries.body_id_by_key(s.COUNCIL_BODY_KEY):
        raise Problem(404, _("Diese Organisation hat keine Sitzungen."))
    return _meetings_list("oparl.organization_meetings", organization_id=organization_id)


def _meetings_list(endpoint: str, **values: int):
    page, per_page = _page()
    result = queries.meetings_page(_session_time_clauses(), page, per_page)
    titles = queries.proposal_titles(result.items)
    council = queries.body_id_by_key(s.COUNCIL_BODY_KEY)
    items = [s.meeting_data(session, titles, council) for session in result.items]
    return http.json_response(s.object_list(items, result, endpoint, **values))


def _session_time_clauses() -> list[ColumnElement[bool]]:
    # A session has no modification time of its own yet: created stands for both.
    clauses = []
    for name, _column, operator in TIME_FILTERS:
        moment = params.timestamp(name)
        if moment is not None:
            column = CouncilSession.created_at
            clauses.append(column >= moment if operator == ">=" else column <= moment)
    return clauses


@bp.get("/meetings/<int:meeting_id>")
def meeting(meeting_id: int):
    """One council session as oparl:Meeting."""
    session = queries.session_by_id(meeting_id) if meeting_id <= ID_MAX else None
    if session is None:
        raise Problem(404, _("Eine Sitzung mit dieser Kennung gibt es nicht."))
    titles = queries.proposal_titles([session])
    council = queries.body_id_by_key(s.COUNCIL_BODY_KEY)
    return http.json_response(s.meeting_data(session, titles, council))


@bp.get("/bodies/<int:body_id>/papers")
def papers(body_id: int):
    """Papers are not published here: an empty list."""
    return _empty_list("oparl.papers", body_id)


@bp.get("/bodies/<int:body_id>/people")
def people(body_id: int):
    """People are not published (data minimisation): an empty list."""
    return _empty_list("oparl.people", body_id)


@bp.get("/organizations/<int:organization_id>")
def organization(organization_id: int):
    """One body as oparl:Organization."""
    body = queries.body_by_id(organization_id) if organization_id <= ID_MAX else None
    if body is None:
        raise Problem(404, _("Eine Organisation mit dieser Kennung gibt es nicht."))
    return http.json_response(
        s.organization_data(body), last_modified=http.latest([body.updated_at])
    )

"""OParl 1.1: the council as Body, its bodies as Organization objects."""

from __future__ import annotations

from flask import Blueprint, current_app
from flask_babel import gettext as _
from sqlalchemy import ColumnElement

from app.api import http, params, problems, queries
from app.api.params import ID_MAX
from app.api.problems import Problem
from app.api.views import rate_limit
from app.extensions import csrf, limiter
from app.models import Body
from app.oparl import serializers as s

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


def _check_council(body_id: int) -> None:
    if body_id != s.COUNCIL_ID:
        raise Problem(404, _("Eine Körperschaft mit dieser Kennung gibt es nicht."))


def _page() -> tuple[int, int]:
    default = current_app.config.get("OPARL_PAGE_SIZE", DEFAULT_PAGE_SIZE)
    return params.page_and_size(default, size_name="limit")


@bp.get("/system")
def system():
    """The entry point of the OParl interface."""
    return http.json_response(s.system_data())


@bp.get("/bodies")
def bodies():
    """The list of bodies: only the council."""
    page, per_page = _page()
    created, modified = queries.body_timestamps()
    items = [s.body_data(created, modified)] if page == 1 else []
    result = queries.Page(items=items, total=1, page=page, per_page=per_page)
    return http.json_response(
        s.object_list(items, result, "oparl.bodies"), last_modified=http.latest([modified])
    )


@bp.get("/bodies/<int:body_id>")
def body(body_id: int):
    """The council as oparl:Body."""
    _check_council(body_id)
    created, modified = queries.body_timestamps()
    return http.json_response(s.body_data(created, modified), last_modified=http.latest([modified]))


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
    return http.json_response(
        s.object_list(items, result, "oparl.organizations", body_id=body_id),
        last_modified=http.latest(body.updated_at for body in result.items),
    )


def _empty_list(endpoint: str, body_id: int):
    _check_council(body_id)
    page, per_page = _page()
    result = queries.Page(items=[], total=0, page=page, per_page=per_page)
    return http.json_response(s.object_list([], result, endpoint, body_id=body_id))


@bp.get("/bodies/<int:body_id>/meetings")
def meetings(body_id: int):
    """Meetings are not published here: an empty list, as OParl requires the link."""
    return _empty_list("oparl.meetings", body_id)


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

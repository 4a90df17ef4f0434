"""OParl 1.1 objects: the system, the council as Body, its bodies as Organization."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from flask import current_app, request, url_for

from app.api.http import as_utc
from app.api.queries import Page, focus_topic_label
from app.api.serializers import iso_date
from app.council.record import OUTCOME_LABELS
from app.formatting import BERLIN
from app.models import AgendaItem, Body, CouncilSession
from app.models.body import BODY_KIND_LABELS
from app.models.sitting import Outcome

SCHEMA = "https://schema.oparl.org/1.1/"
COUNCIL_ID = 1
COUNCIL_NAME = "IT-Planungsrat"
COUNCIL_SHORT_NAME = "IT-PLR"
COUNCIL_BODY_KEY = "it-planungsrat"  # the council's own entry in the registry
# A rejected item's outcome is a declined decision: not served (docs/security.md).
PUBLIC_OUTCOMES = (Outcome.ADOPTED.value, Outcome.POSTPONED.value)
LIST_PARAMETERS = ("limit", "created_since", "created_until", "modified_since", "modified_until")


def _url(endpoint: str, **values: Any) -> str:
    return url_for(endpoint, **values, _external=True)


def oparl_datetime(value: datetime) -> str:
    """The OParl form of a moment: ``yyyy-mm-ddThh:mm:ss+hh:mm`` in Berlin time, whole seconds."""
    return as_utc(value).astimezone(BERLIN).isoformat(timespec="seconds")


def body_url() -> str:
    """The URL of the one Body (the council)."""
    return _url("oparl.body", body_id=COUNCIL_ID)


def system_data(created: datetime | None, modified: datetime | None) -> dict[str, Any]:
    """The oparl:System object: the entry point (its times are those of the data it serves)."""
    data = {
        "id": _url("oparl.system"),
        "type": SCHEMA + "System",
        "oparlVersion": SCHEMA,
        "body": _url("oparl.bodies"),
        "name": "Gremienportal des IT-Planungsrats",
        "website": _url("main.index"),
        "product": _url("api.index"),
        "contactEmail": current_app.config.get("OPERATOR_EMAIL"),
        "web": _url("main.index"),
    }
    return _with_times(data, created, modified)


def body_data(created: datetime | None, modified: datetime | None) -> dict[str, Any]:
    """The oparl:Body object of the council; papers and people are empty lists."""
    lists = {
        "organization": _url("oparl.organizations", body_id=COUNCIL_ID),
        "person": _url("oparl.people", body_id=COUNCIL_ID),
        "meeting": _url("oparl.meetings", body_id=COUNCIL_ID),
        "paper": _url("oparl.papers", body_id=COUNCIL_ID),
    }
    data = {
        "id": body_url(),
        "type": SCHEMA + "Body",
        "system": _url("oparl.system"),
        "name": COUNCIL_NAME,
        "shortName": COUNCIL_SHORT_NAME,
        "website": _url("main.index"),
        **lists,
        "legislativeTerm": [],
        "classification": "Planungsrat von Bund und Ländern",
        "web": _url("main.index"),
        "deleted": False,
    }
    return _with_times(data, created, modified)


def _with_times(data: dict[str, Any], created: datetime | None, modified: datetime | None):
    if created is not None:
        data["created"] = oparl_datetime(created)
    if modified is not None:
        data["modified"] = oparl_datetime(modified)
    return data


def body_web_url(body: Body) -> str:
    """The public HTML page of a body in the registry (/gremien/<key>)."""
    return _url("registry.show_body", key=body.key)


def organization_data(body: Body) -> dict[str, Any]:
    """A body as oparl:Organization."""
    data: dict[str, Any] = {
        "id": _url("oparl.organization", organization_id=body.id),
        "type": SCHEMA + "Organization",
        "body": body_url(),
        "name": body.name,
        "organizationType": "Institution" if body.kind == "organisation" else "Gremium",
        "classification": BODY_KIND_LABELS.get(body.kind, body.kind),
        "web": body_web_url(body),
        "deleted": False,
    }
    optional = {
        "shortName": body.short_name,
        "subOrganizationOf": _url("oparl.organization", organization_id=body.parent_id)
        if body.parent_id
        else None,
        "startDate": iso_date(body.start_date),
        "endDate": iso_date(body.end_date),
        "keyword": [label] if (label := focus_topic_label(body.focus_topic)) else None,
        "meeting": _url("oparl.organization_meetings", organization_id=body.id)
        if body.key == COUNCIL_BODY_KEY
        else None,
    }
    data.update({key: value for key, value in optional.items() if value is not None})
    return _with_times(data, body.created_at, body.updated_at)


def object_list(items: list[dict[str, Any]], page: Page, endpoint: str, **values: Any):
    """An OParl object list: data, pagination and links (next/prev only where they exist).

    Every link keeps the request's query (``limit`` and the filters) and changes only ``page``.
    """
    query = {name: request.args[name] for name in LIST_PARAMETERS if name in request.args}

    def link(number: int) -> str:
        return _url(endpoint, **values, **query, page=number)

    links = {"first": link(1), "last": link(page.total_pages), "self": link(page.page)}
    if page.page > 1:
        links["prev"] = link(min(page.page - 1, page.total_pages))
    if page.page < page.total_pages:
        links["next"] = link(page.page + 1)
    return {
        "data": items,
        "pagination": {
            "totalElements": page.total,
            "elementsPerPage": page.per_page,
            "currentPage": page.page,
            "totalPages": page.total_pages,
        },
        "links": links,
    }


def meeting_data(
    session: CouncilSession, titles: dict[int, str], council_body_id: int | None
) -> dict[str, Any]:
    """A council session as oparl:Meeting with its agenda items inline (public data only)."""
    url = _url("oparl.meeting", meeting_id=session.id)
    data: dict[str, Any] = {
        "id": url,
        "type": SCHEMA + "Meeting",
        "name": f"{session.number}. Sitzung des {COUNCIL_NAME}s",
        "start": session.held_on.isoformat() + "T00:00:00" + _berlin_offset(session),
        "location": {
            "id": f"{url}#ort",
            "type": SCHEMA + "Location",
            "description": session.place,  # a place, or "virtuell"
        },
        "agendaItem": [_agenda_item_data(item, url, titles) for item in session.items],
        "deleted": False,
    }
    if council_body_id is not None:
        data["organization"] = [_url("oparl.organization", organization_id=council_body_id)]
    return _with_times(data, session.created_at, session.created_at)


def _berlin_offset(session: CouncilSession) -> str:
    midnight = datetime.combine(session.held_on, time(), tzinfo=BERLIN)
    return midnight.isoformat()[-6:]


def _agenda_item_data(item: AgendaItem, meeting_url: str, titles: dict[int, str]) -> dict[str, Any]:
    """One agenda item (TOP); the result and text only of a public decision."""
    data: dict[str, Any] = {
        "id": f"{meeting_url}#top-{item.position}",
        "type": SCHEMA + "AgendaItem",
        "meeting": meeting_url,
        "number": f"TOP {item.position}",
        "order": item.position,
        "name": titles.get(item.proposal_id) or f"TOP {item.position}",
        "public": True,
        "deleted": False,
    }
    if item.outcome in PUBLIC_OUTCOMES:
        data["result"] = str(OUTCOME_LABELS[item.outcome])
    if item.decision is not None and item.decision.is_public:
        data["resolutionText"] = item.decision.text
    return data

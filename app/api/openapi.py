"""The OpenAPI 3.1 document of /api/v1, built from the same constants the views enforce."""

from __future__ import annotations

from typing import Any

from app.api.params import (
    CURSOR_MAX,
    ID_MAX,
    PAGE_MAX,
    PER_PAGE_DEFAULT,
    PER_PAGE_MAX,
    TEXT_MAX,
)
from app.api.queries import BODY_SORTS, BODY_STATUSES
from app.models.body import BodyKind, TimeLimit
from workflows.proposal import ProposalState

NO_CONTROL = "^[^\\x00-\\x1f\\x7f]*$"
REF = "#/components/schemas/"

STR = {"type": "string"}
INT = {"type": "integer"}
BOOL = {"type": "boolean"}
URL = {"type": "string", "format": "uri"}
NULL_STR = {"type": ["string", "null"]}
NULL_INT = {"type": ["integer", "null"]}
NULL_DATE = {"type": ["string", "null"], "format": "date"}
NULL_DATETIME = {"type": ["string", "null"], "format": "date-time"}
NULL_URL = {"type": ["string", "null"], "format": "uri"}
DATETIME = {"type": "string", "format": "date-time"}


def ref(name: str) -> dict[str, str]:
    """A reference to a component schema."""
    return {"$ref": REF + name}


def obj(properties: dict[str, Any], *, required: list[str] | None = None) -> dict[str, Any]:
    """An object schema; every listed property is required unless told otherwise."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
    }


def _links(*names: str) -> dict[str, Any]:
    return obj({name: URL if name == "self" else NULL_URL for name in names})


def _body_schemas() -> dict[str, Any]:
    body = obj(
        {
            "id": INT,
            "key": STR,
            "name": STR,
            "alias": NULL_STR,
            "short_name": NULL_STR,
            "kind": {"type": "string", "enum": [kind.value for kind in BodyKind]},
            "kind_label": STR,
            "category": STR,
            "focus_topic": NULL_STR,
            "status": {"type": "string", "enum": ["current", "dissolved"]},
            "start_date": NULL_DATE,
            "end_date": NULL_DATE,
            "open_ended": BOOL,
            "time_limit": {"type": "string", "enum": [limit.value for limit in TimeLimit]},
            "lead": NULL_STR,
            "parent": {"oneOf": [ref("BodyRef"), {"type": "null"}]},
            "created_at": NULL_DATETIME,
            "updated_at": NULL_DATETIME,
            "links": _links("self", "oparl"),
        }
    )
    detail = obj({"description": STR, "children": {"type": "array", "items": ref("BodyRef")}})
    return {
        "BodyRef": obj({"id": INT, "key": STR, "name": STR, "links": _links("self")}),
        "Body": body,
        "BodyDetail": {"allOf": [ref("Body"), detail]},
    }


def _decision_schema() -> dict[str, Any]:
    return obj(
        {
            "id": INT,
            "number": {"type": "string", "pattern": "^[0-9]{4}/[0-9]{2,}$"},
            "date": {"type": "string", "format": "date"},
            "session": STR,
            "title": STR,
            "kind": STR,
            "body_id": NULL_INT,
            "created_at": NULL_DATETIME,
            "votes": _votes_schema(),
            "links": _links("self", "body"),
        }
    )


def _votes_schema() -> dict[str, Any]:
    """How the decision was voted, where the office published it (else null)."""
    test = obj({"passed": BOOL, "reasons": {"type": "array", "items": STR}})
    vote = {"enum": ["yes", "no", "abstention", "absent", "no_answer"]}
    outcome = {"enum": ["adopted", "rejected"]}
    schema = obj(
        {
            "procedure": {"enum": ["session", "written"]},
            "votes": {"type": "array", "items": obj({"member": STR, "name": STR, "vote": vote})},
            "binding": test,
            "recommendation": test,
            "laender_yes": INT,
            "yes_share_percent": STR,
            "shares": obj({"year": INT, "revision": INT}),
            "outcome": outcome,
            "suggested": outcome,
            "departure_reason": NULL_STR,
            "binds_only_agreed": BOOL,
        }
    )
    return {"oneOf": [schema, {"type": "null"}]}


def _proposal_schema() -> dict[str, Any]:
    return obj(
        {
            "id": INT,
            "reference": STR,
            "state": {"type": "string", "enum": [state.value for state in ProposalState]},
            "state_label": STR,
            "title": STR,
            "short_name": NULL_STR,
            "kind": NULL_STR,
            "focus_topic": NULL_STR,
            "parent_body_id": NULL_INT,
            "body_id": NULL_INT,
            "end_date": NULL_DATE,
            "open_ended": BOOL,
            "owner": obj({"name": STR, "organisation": STR}),
            "submitted_at": NULL_DATETIME,
            "created_at": NULL_DATETIME,
            "updated_at": NULL_DATETIME,
            "links": _links("self"),
        }
    )


def _pagination_schema() -> dict[str, Any]:
    return obj(
        {
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1, "maximum": PER_PAGE_MAX},
            "total": {"type": "integer", "minimum": 0},
            "total_pages": {"type": "integer", "minimum": 1},
            "next": NULL_URL,
            "prev": NULL_URL,
        }
    )


def _cursor_pagination_schema() -> dict[str, Any]:
    cursor = {"type": ["string", "null"], "maxLength": CURSOR_MAX}
    return obj(
        {
            "per_page": {"type": "integer", "minimum": 1, "maximum": PER_PAGE_MAX},
            "cursor": cursor,
            "next_cursor": cursor,
            "next": NULL_URL,
        }
    )


def _problem_schema() -> dict[str, Any]:
    """RFC 9457 members, plus invalid_params for 400."""
    return obj(
        {
            "type": {"type": "string", "format": "uri-reference"},
            "title": STR,
            "status": {"type": "integer", "minimum": 400, "maximum": 599},
            "detail": STR,
            "instance": {"type": "string", "format": "uri-reference"},
            "invalid_params": {"type": "array", "items": obj({"name": STR, "reason": STR})},
        },
        required=["type", "title", "status", "detail", "instance"],
    )


def _envelopes() -> dict[str, Any]:
    """List and item envelopes of the three resources."""
    envelopes = {}
    for name, detail, paging in (
        ("Body", "BodyDetail", "Pagination"),
        ("Decision", "Decision", "Pagination"),
        ("Proposal", "Proposal", "CursorPagination"),
    ):
        envelopes[f"{name}List"] = obj(
            {
                "data": {"type": "array", "items": ref(name)},
                "pagination": ref(paging),
                "links": ref("CursorLinks" if paging == "CursorPagination" else "ListLinks"),
            }
        )
        envelopes[f"{name}Item"] = obj({"data": ref(detail), "links": _links("self")})
    return envelopes


def _schemas() -> dict[str, Any]:
    return {
        **_body_schemas(),
        "Decision": _decision_schema(),
        "Proposal": _proposal_schema(),
        "Pagination": _pagination_schema(),
        "ListLinks": _links("self", "first", "last"),
        "CursorPagination": _cursor_pagination_schema(),
        "CursorLinks": _links("self", "first"),
        "Problem": _problem_schema(),
        **_envelopes(),
    }


def _query(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


def _text_query(name: str, max_length: int, description: str) -> dict[str, Any]:
    schema = {"type": "string", "maxLength": max_length, "pattern": NO_CONTROL}
    return _query(name, schema, description)


PAGING = [
    _query(
        "page", {"type": "integer", "minimum": 1, "maximum": PAGE_MAX, "default": 1}, "Seite, ab 1."
    ),
    _query(
        "per_page",
        {"type": "integer", "minimum": 1, "maximum": PER_PAGE_MAX, "default": PER_PAGE_DEFAULT},
        "Einträge je Seite (höchstens 100).",
    ),
]
CURSOR_PAGING = [
    _query(
        "cursor",
        {"type": "string", "pattern": "^[A-Za-z0-9_.-]*$", "maxLength": CURSOR_MAX},
        "Undurchsichtiger Cursor aus „next_cursor“ bzw. dem Link „next“ der vorigen Seite.",
    ),
    {
        **_query(
            "page",
            {"type": "integer", "minimum": 1, "maximum": 1, "default": 1},
            "Veraltet: nur 1 erlaubt; weitere Seiten über „cursor“.",
        ),
        "deprecated": True,
    },
    PAGING[1],
]
CONDITIONAL = [
    {"name": "If-None-Match", "in": "header", "required": False, "schema": STR},
    {"name": "If-Modified-Since", "in": "header", "required": False, "schema": STR},
]


def _id_param(name: str) -> dict[str, Any]:
    schema = {"type": "integer", "minimum": 1, "maximum": ID_MAX}
    return {"name": name, "in": "path", "required": True, "schema": schema}


def _problem(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/problem+json": {"schema": ref("Problem")}},
    }


def _responses(schema: str, *codes: int) -> dict[str, Any]:
    headers = {"ETag": {"schema": STR}, "Cache-Control": {"schema": STR}}
    if not schema.endswith("List"):
        headers["Last-Modified"] = {"schema": STR}
    if schema == "ProposalList":
        headers["Link"] = {"schema": STR, "description": 'rel="next" und rel="first" (RFC 8288)'}
    responses: dict[str, Any] = {
        "200": {
            "description": "OK",
            "headers": headers,
            "content": {
                "application/json": {"schema": ref(schema) if schema else {"type": "object"}}
            },
        },
        "304": {"description": "Nicht geändert (If-None-Match / If-Modified-Since)."},
        "405": _problem("Methode nicht erlaubt; die API ist nur lesbar (Header Allow)."),
        "429": _problem("Zu viele Anfragen."),
        "500": _problem("Unerwarteter Fehler (protokolliert)."),
    }
    texts = {
        400: "Ungültiger Parameter.",
        401: "Kein, ein ungültiges oder ein widerrufenes API-Token.",
        403: "Das Konto des Tokens hat keine passende Rolle.",
        404: "Nicht gefunden.",
    }
    responses.update({str(code): _problem(texts[code]) for code in codes})
    return responses


def _get(summary: str, schema: str, parameters: list, *codes: int, secured: bool = False) -> dict:
    operation = {
        "summary": summary,
        "parameters": parameters + CONDITIONAL,
        "responses": _responses(schema, *codes),
    }
    if secured:
        operation["security"] = [{"bearerAuth": []}]
    return {"get": operation}


def _body_params() -> list[dict[str, Any]]:
    return [
        _query(
            "kind",
            {"type": "string", "enum": [kind.value for kind in BodyKind]},
            "Art des Gremiums.",
        ),
        _text_query("focus_topic", 100, "Schwerpunktthema (genauer Wert)."),
        _query(
            "status",
            {"type": "string", "enum": list(BODY_STATUSES), "default": "current"},
            "Bestehend, aufgelöst oder alle.",
        ),
        _text_query("q", TEXT_MAX, "Suche in Name, weiterem Namen und Kurzname."),
        _query(
            "sort",
            {"type": "string", "enum": list(BODY_SORTS), "default": "name"},
            "Sortierung; '-' absteigend.",
        ),
    ]


def _decision_params() -> list[dict[str, Any]]:
    return [
        _query("year", {"type": "integer", "minimum": 2000, "maximum": 2999}, "Beschlussjahr."),
        _query(
            "body_id", {"type": "integer", "minimum": 1, "maximum": ID_MAX}, "Betroffenes Gremium."
        ),
    ]


def _paths() -> dict[str, Any]:
    body_params, decision_params = _body_params(), _decision_params()
    state = _query("state", {"type": "string", "enum": [s.value for s in ProposalState]}, "Status.")
    return {
        "/": _get("Einstieg mit Links", "", []),
        "/openapi.json": _get("Dieses OpenAPI-Dokument", "", []),
        "/bodies": _get("Gremien", "BodyList", body_params + PAGING, 400),
        "/bodies/{body_id}": _get("Ein Gremium", "BodyItem", [_id_param("body_id")], 404),
        "/decisions": _get("Beschlüsse", "DecisionList", decision_params + PAGING, 400),
        "/decisions/{decision_id}": _get(
            "Ein Beschluss", "DecisionItem", [_id_param("decision_id")], 404
        ),
        "/proposals": _get(
            "Anträge (Token)", "ProposalList", [state, *CURSOR_PAGING], 400, 401, 403, secured=True
        ),
        "/proposals/{proposal_id}": _get(
            "Ein Antrag (Token)",
            "ProposalItem",
            [_id_param("proposal_id")],
            401,
            403,
            404,
            secured=True,
        ),
    }


def build_openapi() -> dict[str, Any]:
    """The whole document."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Gremienportal des IT-Planungsrats – API",
            "version": "1.0.0",
            "description": "Lesender Zugriff auf Gremien, Beschlüsse und (mit Token) Anträge. "
            "Siehe docs/api.md.",
        },
        "servers": [{"url": "/api/v1"}],
        "paths": _paths(),
        "components": {
            "schemas": _schemas(),
            "securitySchemes": {
                "bearerAuth": {"type": "http", "scheme": "bearer", "description": "API-Token"}
            },
        },
    }

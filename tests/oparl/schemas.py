"""OParl 1.1 object schemas (from the specification, schema.oparl.org/1.1) as JSON Schema."""

from __future__ import annotations

URL = {"type": "string", "format": "uri"}
DATE = {"type": "string", "format": "date"}
DATETIME = {"type": "string", "format": "date-time"}
STRING = {"type": "string"}
TYPE_PREFIX = "^https://schema\\.oparl\\.org/1\\.1/"


def _type(name: str) -> dict:
    return {"type": "string", "pattern": TYPE_PREFIX + name + "$"}


SYSTEM = {
    "type": "object",
    "required": ["id", "type", "oparlVersion", "body"],
    "properties": {
        "id": URL,
        "type": _type("System"),
        "oparlVersion": {"type": "string", "const": "https://schema.oparl.org/1.1/"},
        "otherOparlVersions": {"type": "array", "items": URL},
        "license": URL,
        "body": URL,
        "name": STRING,
        "contactEmail": STRING,
        "contactName": STRING,
        "website": URL,
        "vendor": URL,
        "product": URL,
        "created": DATETIME,
        "modified": DATETIME,
        "web": URL,
        "deleted": {"type": "boolean"},
    },
}

BODY = {
    "type": "object",
    "required": [
        "id",
        "type",
        "name",
        "organization",
        "person",
        "meeting",
        "paper",
        "legislativeTerm",
    ],
    "properties": {
        "id": URL,
        "type": _type("Body"),
        "system": URL,
        "shortName": STRING,
        "name": STRING,
        "website": URL,
        "license": URL,
        "licenseValidSince": DATETIME,
        "oparlSince": DATETIME,
        "ags": STRING,
        "rgs": STRING,
        "equivalent": {"type": "array", "items": URL},
        "contactEmail": STRING,
        "contactName": STRING,
        "organization": URL,
        "person": URL,
        "meeting": URL,
        "paper": URL,
        "legislativeTerm": {"type": "array", "items": {"type": "object"}},
        "classification": STRING,
        "keyword": {"type": "array", "items": STRING},
        "created": DATETIME,
        "modified": DATETIME,
        "web": URL,
        "deleted": {"type": "boolean"},
    },
}

ORGANIZATION = {
    "type": "object",
    "required": ["id", "type"],
    "properties": {
        "id": URL,
        "type": _type("Organization"),
        "body": URL,
        "name": STRING,
        "membership": {"type": "array", "items": URL},
        "meeting": URL,
        "consultation": URL,
        "shortName": STRING,
        "post": {"type": "array", "items": STRING},
        "subOrganizationOf": URL,
        "organizationType": STRING,
        "classification": STRING,
        "startDate": DATE,
        "endDate": DATE,
        "website": URL,
        "externalBody": URL,
        "keyword": {"type": "array", "items": STRING},
        "created": DATETIME,
        "modified": DATETIME,
        "web": URL,
        "deleted": {"type": "boolean"},
    },
}


def object_list(item_schema: dict) -> dict:
    """The paginated external object list of OParl 1.1 (data, pagination, links)."""
    return {
        "type": "object",
        "required": ["data", "pagination", "links"],
        "properties": {
            "data": {"type": "array", "items": item_schema},
            "pagination": {
                "type": "object",
                "properties": {
                    "totalElements": {"type": "integer", "minimum": 0},
                    "elementsPerPage": {"type": "integer", "minimum": 1},
                    "currentPage": {"type": "integer", "minimum": 1},
                    "totalPages": {"type": "integer", "minimum": 1},
                },
            },
            "links": {
                "type": "object",
                "properties": dict.fromkeys(("first", "prev", "next", "last", "self"), URL),
                "additionalProperties": False,
            },
        },
    }

"""The official OParl 1.1 schemas (tests/oparl/schema/, spec tag v1.1.1) for ``jsonschema``.

The specification's schemas use keywords of their own. They are translated here:

- ``format: url`` becomes ``format: uri`` (checked as an absolute http(s) URL);
- an embedded object ``{"type": "object", "schema": "X.json"}`` becomes ``{"$ref": "X.json"}``;
- a property with ``references: externalList`` is a URL of a list whose items follow the
  ``schema`` named in its ``items``: the items are dropped from the property's schema (they
  describe the list, not the string) and recorded in ``external_lists`` for the walk;
- ``references``, ``backreference``, ``cardinality`` and ``description`` are documentation.

Dates are checked in the OParl form: ``date-time`` as ``yyyy-mm-ddThh:mm:ss±hh:mm``, ``date``
as ``yyyy-mm-dd``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMA_DIR = Path(__file__).parent / "schema"
TYPE_PREFIX = "https://schema.oparl.org/1.1/"
DOCUMENTATION = {"description", "references", "backreference", "cardinality"}
OPARL_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}")
OPARL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

FORMATS = FormatChecker(formats=())


@FORMATS.checks("uri")
def _absolute_url(value: object) -> bool:
    parts = urlsplit(str(value))
    return parts.scheme in ("http", "https") and bool(parts.netloc)


@FORMATS.checks("date-time")
def _oparl_datetime(value: object) -> bool:
    return isinstance(value, str) and OPARL_DATETIME.fullmatch(value) is not None


@FORMATS.checks("date")
def _oparl_date(value: object) -> bool:
    return isinstance(value, str) and OPARL_DATE.fullmatch(value) is not None


def _translate(node: Any) -> Any:
    """One schema node in standard JSON Schema."""
    if isinstance(node, list):
        return [_translate(item) for item in node]
    if not isinstance(node, dict):
        return node
    if node.get("type") == "object" and "schema" in node:
        return {"$ref": node["schema"]}
    result = {key: _translate(value) for key, value in node.items() if key not in DOCUMENTATION}
    if node.get("references") == "externalList":
        result.pop("items", None)
    if result.get("format") == "url":
        result["format"] = "uri"
    return result


def _external_lists(raw: dict[str, Any]) -> dict[str, str]:
    """Property name -> object type of the items, for every externalList property."""
    return {
        name: prop["items"]["schema"].removesuffix(".json")
        for name, prop in raw["properties"].items()
        if prop.get("references") == "externalList"
    }


def _load() -> tuple[dict[str, dict], dict[str, dict[str, str]]]:
    schemas, lists = {}, {}
    for path in sorted(SCHEMA_DIR.glob("*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        schemas[path.stem] = _translate(raw)
        lists[path.stem] = _external_lists(raw)
    return schemas, lists


SCHEMAS, EXTERNAL_LISTS = _load()
REGISTRY = Registry().with_resources(
    (f"{name}.json", Resource(contents=schema, specification=DRAFT202012))
    for name, schema in SCHEMAS.items()
)

ERROR = {
    "type": "object",
    "required": ["type", "message"],
    "properties": {
        "type": {"const": TYPE_PREFIX + "Error"},
        "message": {"type": "string", "minLength": 1},
        "debug": {},
    },
}


def object_list(item_type: str) -> dict[str, Any]:
    """The external object list of OParl 1.1 (spec section "Paginierung")."""
    count = {"type": "integer", "minimum": 0}
    url = {"type": "string", "format": "uri"}
    return {
        "type": "object",
        "required": ["data", "pagination", "links"],
        "additionalProperties": False,
        "properties": {
            "data": {"type": "array", "items": {"$ref": f"{item_type}.json"}},
            "pagination": {
                "type": "object",
                "required": ["elementsPerPage"],
                "additionalProperties": False,
                "properties": dict.fromkeys(
                    ("totalElements", "elementsPerPage", "currentPage", "totalPages"), count
                ),
            },
            "links": {
                "type": "object",
                "additionalProperties": False,
                "properties": dict.fromkeys(("first", "prev", "next", "last", "self"), url),
            },
        },
    }


def validate(document: Any, schema: dict[str, Any]) -> None:
    """Validate against a (translated) schema; ``$ref`` resolves to the official files."""
    Draft202012Validator(schema, registry=REGISTRY, format_checker=FORMATS).validate(document)


def validate_object(document: dict[str, Any]) -> str:
    """Validate an OParl object against the schema of its own ``type``; the type's name."""
    name = document["type"].removeprefix(TYPE_PREFIX)
    assert name in SCHEMAS, document["type"]
    validate(document, SCHEMAS[name])
    assert_no_empty_values(document, SCHEMAS[name].get("required", []))
    return name


def assert_no_empty_values(document: dict[str, Any], required: list[str]) -> None:
    """OParl: optional properties without a value are left out, not sent as null or []."""
    for key, value in document.items():
        assert value is not None, key
        if key not in required:
            assert value not in ([], {}, ""), key

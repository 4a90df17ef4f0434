"""Steckbrief values as German display text, from the schema (no markup, plain strings)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.proposals.display import format_value
from app.proposals.schema import SECTIONS, Field
from app.proposals.schema_types import BODY_REF, BOOL

EMPTY = "–"


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _rows(value: Any) -> list[Mapping[str, Any]]:
    return [_mapping(row) for row in value] if isinstance(value, list) else []


def _as_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def display(spec: Field, value: Any, bodies: Mapping[int, str]) -> str:
    """One value as display text; missing values show a dash (a BOOL is always answered)."""
    if spec.type != BOOL and (value is None or value == "" or value == []):
        return EMPTY
    return format_value(spec, value, bodies)


def _entry(spec: Field, value: Any, bodies: Mapping[int, str]) -> dict[str, Any]:
    if not spec.is_list:
        return {"label": spec.label, "value": display(spec, value, bodies)}
    rows = [[display(sub, row.get(sub.key), bodies) for sub in spec.rows] for row in _rows(value)]
    return {"label": spec.label, "columns": [sub.label for sub in spec.rows], "rows": rows}


def section_entries(content: Mapping[str, Any], bodies: Mapping[int, str]) -> list[dict]:
    """Every section of the schema in order, each with its fields as display entries."""
    sections = []
    for number, spec in enumerate(SECTIONS, start=1):
        values = _mapping(content.get(spec.key))
        entries = [_entry(item, values.get(item.key), bodies) for item in spec.fields]
        sections.append(
            {"number": number, "key": spec.key, "title": spec.title, "entries": entries}
        )
    return sections


def body_ids(content: Mapping[str, Any]) -> set[int]:
    """The ids of all registry bodies a Steckbrief refers to."""
    found: set[int | None] = set()
    for spec in SECTIONS:
        values = _mapping(content.get(spec.key))
        for item in spec.fields:
            if item.type == BODY_REF:
                found.add(_as_int(values.get(item.key)))
            for sub in item.rows:
                if sub.type == BODY_REF:
                    found.update(_as_int(row.get(sub.key)) for row in _rows(values.get(item.key)))
    found.discard(None)
    return found

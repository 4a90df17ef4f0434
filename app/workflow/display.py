"""Steckbrief values as German display text, and the field-by-field diff of two versions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.models import Body
from app.proposals.display import format_value as steckbrief_value
from app.proposals.schema import SECTIONS, Field

EMPTY = "–"


def body_names() -> dict[int, str]:
    """Names of all bodies by id, for body references."""
    return {row.id: row.name for row in db.session.execute(select(Body.id, Body.name))}


def format_value(spec: Field, value: Any, names: Mapping[int, str]) -> str:
    """One stored value as German text for the diff; a list as its rows, each 'label: value'."""
    if value is None or value == "" or value == []:
        return EMPTY
    if spec.is_list:
        rows = value if isinstance(value, list) else []
        return "; ".join(_format_row(spec, row, names) for row in rows if isinstance(row, Mapping))
    return steckbrief_value(spec, value, names) or EMPTY


def _format_row(spec: Field, row: Mapping[str, Any], names: Mapping[int, str]) -> str:
    parts = [
        f"{sub.label}: {format_value(sub, row.get(sub.key), names)}"
        for sub in spec.rows
        if row.get(sub.key) not in (None, "", [])
    ]
    return ", ".join(parts) or EMPTY


@dataclass(frozen=True)
class Change:
    """One changed field between two versions."""

    section: str
    field: str
    before: str
    after: str


def diff_versions(
    before: Mapping[str, Any], after: Mapping[str, Any], names: Mapping[int, str] | None = None
) -> list[Change]:
    """What changed from one version's content to the next, field by field, in schema order
    (``names``: the registry's body names, read here when not given)."""
    names = body_names() if names is None else names
    changes = []
    for spec in SECTIONS:
        old, new = before.get(spec.key) or {}, after.get(spec.key) or {}
        for found in spec.fields:
            if old.get(found.key) != new.get(found.key):
                changes.append(
                    Change(
                        spec.title,
                        found.label,
                        format_value(found, old.get(found.key), names),
                        format_value(found, new.get(found.key), names),
                    )
                )
    return changes

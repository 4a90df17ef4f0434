"""Steckbrief values as German display text, and the field-by-field diff of two versions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from app.extensions import db
from app.models import Body
from app.proposals.schema import SECTIONS

EMPTY = "–"


def body_names() -> dict[int, str]:
    """Names of all bodies by id, for body references."""
    return {row.id: row.name for row in db.session.execute(select(Body.id, Body.name))}


def format_value(spec: Any, value: Any, names: Mapping[int, str]) -> str:
    """One stored value as German text, using the schema's labels."""
    if value is None or value == "" or value == []:
        return EMPTY
    kind = spec.type
    if kind == "bool":
        return _("ja") if value else _("nein")
    if kind == "choice":
        return spec.option_label(value)
    if kind == "multichoice":
        return ", ".join(spec.option_label(item) for item in value)
    if kind == "body_ref":
        return names[value] if value in names else _("Gremium %(id)s", id=value)
    if kind == "date":
        return _german_date(value)
    if kind == "list":
        return "; ".join(_format_row(spec, row, names) for row in value)
    return str(value)


def _german_date(value: Any) -> str:
    try:
        return date.fromisoformat(str(value)).strftime("%d.%m.%Y")
    except ValueError:
        return str(value)


def _format_row(spec: Any, row: Mapping[str, Any], names: Mapping[int, str]) -> str:
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

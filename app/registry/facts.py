"""What the registry takes from a decided Steckbrief: the registry says what the decision said."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from flask_babel import gettext as _

from app.models import Body
from app.proposals.schema import label_for

LEAD_MAX_LENGTH = 300


def _section(content: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = content.get(key)
    return value if isinstance(value, Mapping) else {}


def _as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def lead_text(content: Mapping[str, Any]) -> str | None:
    """ "Vorsitz: Bund; stellv. Vorsitz: Hessen; Federführung: Bayern" from the Leitung
    section (the Federführung only where it differs from the chair)."""
    leadership = _section(content, "leadership")
    chair, co_chair, lead = (
        str(leadership.get(key) or "").strip() for key in ("chair", "co_chair", "lead")
    )
    parts = []
    if chair:
        parts.append(_("Vorsitz: %(org)s", org=chair))
    if co_chair:
        parts.append(_("stellv. Vorsitz: %(org)s", org=co_chair))
    if lead and lead != chair:
        parts.append(_("Federführung: %(org)s", org=lead))
    return "; ".join(parts)[:LEAD_MAX_LENGTH] or None


def body_values(content: Mapping[str, Any], decided_on: date) -> dict[str, Any]:
    """The registry fields of a body as the decided Steckbrief states them; the start is the
    Steckbrief's "Beginn", the decision's date only where the Steckbrief names none."""
    master = _section(content, "master_data")
    establishment = _section(content, "establishment")
    kind = master.get("kind") or "gremium"
    open_ended = bool(establishment.get("open_ended"))
    topic = master.get("focus_topic")
    return {
        "name": str(master.get("name") or "")[:300],
        "short_name": master.get("short_name") or None,
        "kind": kind,
        "category": "project_group" if kind == "projektgruppe" else "working_format",
        "focus_topic": label_for("master_data", "focus_topic", topic) if topic else None,
        "parent_id": master.get("parent_body"),
        "start_date": _as_date(establishment.get("start_date")) or decided_on,
        "end_date": None if open_ended else _as_date(establishment.get("end_date")),
        "open_ended": open_ended,
        "lead": lead_text(content),
    }


def apply_values(body: Body, values: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Set the body's fields; return what changed as {field: {old, new}} (JSON-safe)."""
    changes: dict[str, dict[str, Any]] = {}
    for name, new in values.items():
        old = getattr(body, name)
        if name == "name" and not new:
            continue
        if old == new:
            continue
        setattr(body, name, new)
        if name != "parent_id":
            changes[name] = {"old": _plain(old), "new": _plain(new)}
    return changes


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value

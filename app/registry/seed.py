"""Loads the reference structure of bodies from seed_bodies.json (idempotent)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from sqlalchemy import select

from app.extensions import db
from app.models.body import Body
from app.topics.operations import load_topics

SEED_FILE = Path(__file__).with_name("seed_bodies.json")

_FIELDS = ("name", "alias", "short_name", "kind", "category", "focus_topic", "lead", "open_ended")


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def load_seed_bodies(path: Path = SEED_FILE) -> tuple[int, int]:
    """Insert or update every body of the seed file (and add its missing focus topics);
    returns (created, updated) bodies."""
    data = json.loads(path.read_text(encoding="utf-8"))
    load_topics(data["focus_topics"])
    entries = data["bodies"]
    existing = {body.key: body for body in db.session.scalars(select(Body))}
    created = updated = 0
    for entry in entries:
        body = existing.get(entry["key"])
        if body is None:
            body = Body(key=entry["key"])
            db.session.add(body)
            existing[entry["key"]] = body
            created += 1
        else:
            updated += 1
        for field in _FIELDS:
            setattr(
                body, field, entry.get(field) if field != "open_ended" else bool(entry.get(field))
            )
        body.description = entry.get("description") or ""
        body.start_date = _date(entry.get("start_date"))
        body.end_date = _date(entry.get("end_date"))
    db.session.flush()
    for entry in entries:
        parent = existing.get(entry.get("parent")) if entry.get("parent") else None
        existing[entry["key"]].parent = parent
    db.session.flush()
    return created, updated

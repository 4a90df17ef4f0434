"""The office's actions on the focus topics: create, change (name, patron, order), retire.

A topic's key is what Steckbriefe store; it never changes, so old proposals keep their
topic. Renaming a topic renames it on the registry entries that carry the old name.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select, update

from app.audit.history import append_event, lock_chain
from app.domain import ConflictError, DomainError
from app.extensions import db
from app.models import Body, FocusTopic, User
from app.names import slugify
from app.topics.queries import forget_topic_rows

KEY_MAX_LENGTH = 60


def _check_name(name: str, topic: FocusTopic | None) -> None:
    stmt = select(FocusTopic.id).where(func.lower(FocusTopic.name) == name.lower())
    if topic is not None:
        stmt = stmt.where(FocusTopic.id != topic.id)
    if db.session.scalar(stmt) is not None:
        raise DomainError(_("Ein Schwerpunktthema mit diesem Namen gibt es schon."), field="name")


def _new_key(name: str) -> str:
    base = slugify(name).replace("-", "_")[:KEY_MAX_LENGTH] or "thema"
    taken = set(db.session.scalars(select(FocusTopic.key)))
    key, counter = base, 1
    while key in taken:
        counter += 1
        key = f"{base[: KEY_MAX_LENGTH - 1 - len(str(counter))]}_{counter}"
    return key


def _record(topic: FocusTopic, actor: User, changes: dict[str, Any]) -> None:
    db.session.flush()
    forget_topic_rows()
    inputs = {"focus_topic": topic.key, "changes": changes}
    append_event(None, actor, "focus_topic_saved", inputs=inputs)


def create_topic(actor: User, values: dict[str, Any]) -> FocusTopic:
    """Add a current focus topic at the end of the list."""
    _check_name(values["name"], None)
    last = db.session.scalar(select(func.max(FocusTopic.position))) or 0
    topic = FocusTopic(
        key=_new_key(values["name"]),
        name=values["name"],
        patron=values.get("patron"),
        position=last + 1,
        retired=False,
    )
    db.session.add(topic)
    _record(topic, actor, {"name": {"old": None, "new": topic.name}})
    return topic


def update_topic(
    topic: FocusTopic, actor: User, values: dict[str, Any], seen_updated_at: str
) -> dict[str, Any]:
    """Change name, patron, position or retirement; refused if someone changed it meanwhile."""
    lock_chain()  # two offices at once: the second waits here, then sees the first's change
    db.session.refresh(topic)
    if seen_updated_at != topic.updated_at.isoformat():
        raise ConflictError(
            _("Das Schwerpunktthema wurde inzwischen geändert. Bitte laden Sie die Seite neu.")
        )
    _check_name(values["name"], topic)
    changes = {
        name: {"old": getattr(topic, name), "new": values[name]}
        for name in ("name", "patron", "position", "retired")
        if getattr(topic, name) != values[name]
    }
    if "name" in changes:
        rename = update(Body).where(Body.focus_topic == topic.name)
        db.session.execute(rename.values(focus_topic=values["name"]))
    for name, change in changes.items():
        setattr(topic, name, change["new"])
    if changes:
        _record(topic, actor, changes)
    return changes


def load_topics(entries: list[dict[str, Any]]) -> int:
    """Insert the seed's topics that are missing (the office's changes stay); returns how many."""
    known = set(db.session.scalars(select(FocusTopic.key)))
    added = 0
    for position, entry in enumerate(entries, start=1):
        if entry["key"] in known:
            continue
        topic = FocusTopic(
            key=entry["key"],
            name=entry["name"],
            patron=entry.get("patron"),
            position=position,
            retired=bool(entry.get("retired")),
        )
        db.session.add(topic)
        added += 1
    db.session.flush()
    forget_topic_rows()
    return added

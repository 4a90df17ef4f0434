"""Read side of the focus topics: in the office's order, as labels by stored value."""

from __future__ import annotations

from flask import g
from sqlalchemy import select

from app.extensions import db
from app.models import FocusTopic


def all_topics() -> list[FocusTopic]:
    """Every focus topic, current and retired, in the office's order."""
    stmt = select(FocusTopic).order_by(FocusTopic.position, FocusTopic.id)
    return list(db.session.scalars(stmt))


def topic_rows() -> list[tuple[str, str, bool]]:
    """(key, name, retired) of every topic in order; one query per request (kept in ``g``)."""
    if "focus_topic_rows" not in g:
        stmt = select(FocusTopic.key, FocusTopic.name, FocusTopic.retired).order_by(
            FocusTopic.position, FocusTopic.id
        )
        g.focus_topic_rows = [tuple(row) for row in db.session.execute(stmt)]
    return g.focus_topic_rows


def forget_topic_rows() -> None:
    """Drop the request's copy after a change (the next read queries again)."""
    g.pop("focus_topic_rows", None)


def current_topic_names() -> list[str]:
    """The names of the current (not retired) topics, in order."""
    return [name for _key, name, retired in topic_rows() if not retired]


def topic_names() -> list[str]:
    """The names of all topics, current first, in order."""
    rows = topic_rows()
    return [name for _k, name, retired in rows if not retired] + [
        name for _k, name, retired in rows if retired
    ]


def topic_label(value: str | None) -> str | None:
    """A stored topic (a Steckbrief's key or a registry entry's name) as its current name."""
    if not value:
        return None
    for key, name, _retired in topic_rows():
        if value in (key, name):
            return name
    return value


def topic_by_id(topic_id: int) -> FocusTopic | None:
    """The topic with this id, if any."""
    return db.session.get(FocusTopic, topic_id)

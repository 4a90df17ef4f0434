"""The office's actions on the registry: create, change, confirm the end; expiry reminders.

Every verb flushes and never commits; each change is appended to the history chain.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from app.audit.history import append_event, lock_chain
from app.domain import ConflictError, DomainError, PermissionDenied
from app.extensions import db
from app.formatting import german_date, today_berlin
from app.mail.outbox import queue_mail
from app.models import Body, OutboxMessage, User, UserRole
from app.names import KEY_MAX_LENGTH, slugify
from app.registry.queries import (
    DISSOLVED_ACTION,
    ExpiringBody,
    expiring_bodies,
    formally_dissolved_ids,
    proposal_for_body,
)

EDITABLE_FIELDS = (
    "name",
    "alias",
    "short_name",
    "kind",
    "category",
    "focus_topic",
    "parent_id",
    "start_date",
    "end_date",
    "open_ended",
    "lead",
    "description",
)
REMINDER_PERIODS = (90, 30, 7, 0)
RESERVED_KEYS = frozenset(
    {"neu", "aufgeloest", "befristungen", "zeitleiste"}
)  # the registry's own pages


def unique_key(name: str) -> str:
    """A new body key: the slug of the name, numbered when taken."""
    base = slugify(name)[:KEY_MAX_LENGTH] or "gremium"
    taken = set(db.session.scalars(select(Body.key).where(Body.key.like(f"{base[:90]}%"))))
    taken |= RESERVED_KEYS
    key, counter = base, 1
    while key in taken:
        counter += 1
        key = f"{base[: KEY_MAX_LENGTH - 1 - len(str(counter))]}-{counter}"
    return key


def ensure_editable(body: Body) -> None:
    """Entries established through a proposal are governed by the workflow, not this form."""
    if proposal_for_body(body) is not None:
        raise PermissionDenied(
            _(
                "Dieser Eintrag ist durch einen Beschluss über einen Antrag entstanden; "
                "Änderungen laufen über einen Änderungsbeschluss („Änderung beginnen“)."
            )
        )


def _check_parent(body: Body | None, parent_id: int | None) -> None:
    """The parent must exist and must not be the body itself or one of its descendants."""
    if parent_id is None:
        return
    parents = dict(db.session.execute(select(Body.id, Body.parent_id)).all())
    if parent_id not in parents:
        raise DomainError(_("Das übergeordnete Gremium gibt es nicht."), field="parent_id")
    seen: set[int] = set()
    current: int | None = parent_id
    while current is not None and current not in seen:
        if body is not None and current == body.id:
            raise DomainError(
                _(
                    "Ein Gremium kann nicht sich selbst oder einem eigenen Untergremium "
                    "zugeordnet werden."
                ),
                field="parent_id",
            )
        seen.add(current)
        current = parents.get(current)


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _parent_name(parent_id: int | None) -> str | None:
    parent = db.session.get(Body, parent_id) if parent_id else None
    return parent.name if parent else None


def _apply(body: Body, values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Set the fields; return the changes as {field: {old, new}} (JSON-safe)."""
    changes: dict[str, dict[str, Any]] = {}
    for name in EDITABLE_FIELDS:
        old, new = getattr(body, name), values.get(name)
        if name == "description":
            new = new or ""
        if old == new:
            continue
        setattr(body, name, new)
        if name == "parent_id":
            changes["parent"] = {"old": _parent_name(old), "new": _parent_name(new)}
        else:
            changes[name] = {"old": _plain(old), "new": _plain(new)}
    return changes


def create_entry(actor: User, values: dict[str, Any]) -> Body:
    """Enter a new body in the registry (not through a proposal)."""
    _check_parent(None, values.get("parent_id"))
    body = Body(key=unique_key(values["name"]))
    db.session.add(body)
    changes = _apply(body, values)
    db.session.flush()
    inputs = {"key": body.key, "changes": changes}
    append_event(None, actor, "registry_created", body_id=body.id, inputs=inputs)
    return body


def update_entry(body: Body, actor: User, values: dict[str, Any]) -> dict[str, Any]:
    """Change a registry entry; returns the changes (nothing recorded when nothing changed)."""
    ensure_editable(body)
    _check_parent(body, values.get("parent_id"))
    changes = _apply(body, values)
    if changes:
        db.session.flush()
        append_event(None, actor, "registry_updated", body_id=body.id, inputs={"changes": changes})
    return changes


def confirm_dissolution(body: Body, actor: User, today: date | None = None) -> None:
    """Record that the office has seen a body's time limit run out.

    The body is dissolved already (``Body.is_dissolved``: its end date has passed); the
    event takes it off the expiry list and shows in its history.
    """
    ensure_editable(body)
    today = today or today_berlin()
    if body.open_ended or body.end_date is None or body.end_date >= today:
        raise DomainError(_("Die Befristung dieses Gremiums ist noch nicht abgelaufen."))
    lock_chain()  # two confirmations at once: the second waits, then finds the first
    if body.id in formally_dissolved_ids():
        raise ConflictError(_("Die Auflösung dieses Gremiums ist bereits festgestellt."))
    append_event(None, actor, DISSOLVED_ACTION, body_id=body.id, inputs={"end_date": body.end_date})


def reminder_period(days_left: int) -> int | None:
    """The tightest reminder period a body has reached (90, 30, 7 or 0 days), if any."""
    reached = [period for period in REMINDER_PERIODS if days_left <= period]
    return min(reached) if reached else None


def _office_users() -> list[User]:
    stmt = (
        select(User)
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == "secretariat", User.active.is_(True))
        .order_by(User.id)
    )
    return list(db.session.scalars(stmt).unique())


def _reminder_text(item: ExpiringBody) -> tuple[str, str]:
    body, end = item.body, german_date(item.body.end_date)
    if item.days_left < 0:
        when = _("ist am %(date)s abgelaufen", date=end)
    else:
        when = ngettext(
            "endet am %(date)s (in %(num)d Tag)",
            "endet am %(date)s (in %(num)d Tagen)",
            item.days_left,
            date=end,
        )
    subject = _("Befristung von „%(name)s“ %(when)s", name=body.name, when=when)
    text = _(
        "Die Befristung des Gremiums „%(name)s“ %(when)s.\n\n"
        "Bitte veranlassen Sie die Verlängerung oder die Auflösung. "
        "Die Übersicht finden Sie im Gremienportal unter „Befristungen“.",
        name=body.name,
        when=when,
    )
    return subject.replace("\r", " ").replace("\n", " "), text


def _queued_keys(keys: list[str]) -> set[str]:
    if not keys:
        return set()
    stmt = select(OutboxMessage.dedup_key).where(OutboxMessage.dedup_key.in_(keys))
    return set(db.session.scalars(stmt))


def queue_expiry_reminders(days: int, today: date | None = None) -> int:
    """Queue one reminder per body, period and office user; returns how many were queued."""
    planned = []
    users = _office_users()
    for item in expiring_bodies(days, today):
        period = reminder_period(item.days_left)
        if period is None:
            continue
        for user in users:
            key = f"expiry:{item.body.id}:{item.body.end_date.isoformat()}:{period}:{user.id}"
            planned.append((key, user, item))
    existing = _queued_keys([key for key, _user, _item in planned])
    queued = 0
    for key, user, item in planned:
        if key in existing:
            continue
        subject, text = _reminder_text(item)
        queue_mail(user.email, subject, text, dedup_key=key)
        queued += 1
    db.session.flush()
    return queued

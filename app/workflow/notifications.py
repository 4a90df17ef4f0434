"""Who hears about a transition, and the German e-mail they get (queued in the outbox)."""

from __future__ import annotations

import os

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from app.extensions import db
from app.mail.outbox import queue_mail
from app.models import HistoryEvent, Proposal, User, UserRole
from app.workflow.event_text import input_lines
from workflows.proposal import STATE_LABELS, ProposalState, transition

DEFAULT_BASE_URL = "http://127.0.0.1:5000"


def base_url() -> str:
    """The public address of the portal, for links in e-mails."""
    configured = current_app.config.get("BASE_URL") or os.environ.get("BASE_URL")
    return (configured or DEFAULT_BASE_URL).rstrip("/")


def _active_with_role(role: str) -> list[User]:
    stmt = (
        select(User)
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == role, User.active.is_(True))
        .order_by(User.id)
    )
    return list(db.session.scalars(stmt))


def recipients(proposal: Proposal, to_state: str) -> list[User]:
    """The owner always; reviewers when it arrives for review; the office for a decision."""
    people = [proposal.owner]
    if to_state == ProposalState.REVIEW:
        people += [u for u in _active_with_role("reviewer") if u.id != proposal.owner_id]
    if to_state == ProposalState.RESOLUTION:
        people += _active_with_role("secretariat")
    unique = {person.id: person for person in people if person.active}
    return list(unique.values())


def _one_line(value: str) -> str:
    return " ".join((value or "").split())


def _body(proposal: Proposal, event: HistoryEvent, actor: User) -> str:
    row = transition(event.action)
    lines = [
        _("Guten Tag,"),
        "",
        _(
            "der Antrag %(reference)s „%(title)s“ hat einen neuen Status: %(state)s.",
            reference=proposal.reference,
            title=_one_line(proposal.title),
            state=STATE_LABELS[event.to_state],
        ),
        _("Aktion: %(action)s (durch %(actor)s)", action=row.label, actor=actor.name),
    ]
    lines += [f"{label}: {text}" for label, text in input_lines(event.inputs)]
    lines += [
        "",
        _("Zum Antrag: %(url)s", url=f"{base_url()}/antraege/{proposal.id}"),
        "",
        _("Diese Nachricht wurde automatisch vom Gremienportal des IT-Planungsrats versandt."),
    ]
    return "\n".join(lines)


def notify_transition(proposal: Proposal, event: HistoryEvent, actor: User) -> int:
    """Queue one e-mail per person concerned; returns how many were queued."""
    subject = _(
        "Gremienportal: %(reference)s – %(state)s: %(title)s",
        reference=proposal.reference,
        state=STATE_LABELS[event.to_state],
        title=proposal.title,
    )
    subject = _one_line(subject)[:300]
    body = _body(proposal, event, actor)
    people = recipients(proposal, event.to_state)
    for person in people:
        queue_mail(person.email, subject, body, dedup_key=f"event-{event.id}-user-{person.id}")
    return len(people)

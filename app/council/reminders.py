"""Reminders before a written procedure's deadline, to the members that have not answered.

Queued in the outbox once per procedure and person (the outbox's dedup key), so running the
command from cron every day sends each reminder once. Nothing here commits.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from app.council.procedures import answers
from app.extensions import db
from app.formatting import german_date, today_berlin
from app.mail.outbox import queue_mail
from app.models import CouncilMember, OutboxMessage, Proposal, User, WrittenProcedure
from app.workflow.notifications import base_url


def due_procedures(days: int, today: date | None = None) -> list[WrittenProcedure]:
    """Open procedures whose deadline is today or within ``days`` days."""
    today = today or today_berlin()
    stmt = (
        select(WrittenProcedure)
        .where(
            WrittenProcedure.outcome.is_(None),
            WrittenProcedure.deadline >= today,
            WrittenProcedure.deadline <= today + timedelta(days=days),
        )
        .order_by(WrittenProcedure.id)
    )
    return list(db.session.scalars(stmt))


def _waiting(procedure: WrittenProcedure) -> list[tuple[CouncilMember, User]]:
    """Each asked member without an answer, with the active accounts acting for it."""
    missing = set(procedure.asked_keys) - set(answers(procedure))
    stmt = (
        select(CouncilMember, User)
        .join(User, User.council_member_id == CouncilMember.id)
        .where(CouncilMember.key.in_(missing), User.active.is_(True))
        .order_by(CouncilMember.position, User.id)
    )
    return [(member, user) for member, user in db.session.execute(stmt)]


def _dedup_key(procedure: WrittenProcedure, user: User) -> str:
    return f"written-procedure-{procedure.id}-reminder-user-{user.id}"


def _already_queued(key: str) -> bool:
    return (
        db.session.scalar(select(OutboxMessage.id).where(OutboxMessage.dedup_key == key))
        is not None
    )


def queue_reminders(days: int, today: date | None = None) -> int:
    """Queue a reminder for every representative still to answer; returns how many."""
    queued = 0
    for procedure in due_procedures(days, today):
        proposal = db.session.get(Proposal, procedure.proposal_id)
        for member, user in _waiting(procedure):
            key = _dedup_key(procedure, user)
            if _already_queued(key):
                continue
            subject = _(
                "Erinnerung: Umlaufverfahren zu %(reference)s endet am %(deadline)s",
                reference=proposal.reference,
                deadline=german_date(procedure.deadline),
            )
            body = _(
                "Guten Tag,\n\nfür %(member)s liegt im Umlaufverfahren zu „%(title)s“ "
                "(%(reference)s) noch keine Antwort vor. Die Frist endet am %(deadline)s; "
                "wer nicht antwortet, gilt als enthalten.\n\nBitte stimmen Sie im Portal ab: "
                "%(url)s\n\nIhre Geschäftsstelle des IT-Planungsrats",
                member=member.name,
                title=proposal.title,
                reference=proposal.reference,
                deadline=german_date(procedure.deadline),
                url=f"{base_url()}/umlaufverfahren/{procedure.id}",
            )
            queue_mail(user.email, subject, body, dedup_key=key)
            queued += 1
    db.session.flush()
    return queued

"""The e-mails of the Mitzeichnung: to the invited members' representatives, and to the owner
when one answers (queued in the outbox, sent after the commit)."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from app.extensions import db
from app.mail.outbox import queue_mail
from app.models import Proposal, User
from app.workflow.notifications import base_url

FOOTER = "Diese Nachricht wurde automatisch vom Gremienportal des IT-Planungsrats versandt."


def _one_line(value: str) -> str:
    return " ".join((value or "").split())


def _representatives(member_ids: list[int]) -> list[User]:
    stmt = (
        select(User)
        .where(User.council_member_id.in_(member_ids), User.active.is_(True))
        .order_by(User.id)
    )
    return list(db.session.scalars(stmt))


def notify_invited(proposal: Proposal, actor: User, member_ids: list[int]) -> int:
    """One e-mail to each active account acting for an invited member."""
    title = _one_line(proposal.title)
    subject = _(
        "Gremienportal: Bitte um Mitzeichnung – %(reference)s", reference=proposal.reference
    )
    body = "\n".join(
        [
            _("Guten Tag,"),
            "",
            _(
                "%(actor)s (%(organisation)s) bittet Ihr Land, den Antrag %(reference)s "
                "„%(title)s“ mitzuzeichnen. Der IT-Planungsrat entscheidet nur auf Antrag des "
                "Bundes oder von mindestens drei Ländern.",
                actor=actor.name,
                organisation=actor.organisation or "–",
                reference=proposal.reference,
                title=title,
            ),
            "",
            _("Offene Einladungen: %(url)s", url=f"{base_url()}/konto/mitzeichnungen"),
            "",
            _(FOOTER),
        ]
    )
    people = _representatives(member_ids)
    for person in people:
        queue_mail(person.email, subject[:300], body)
    return len(people)


def notify_owner(proposal: Proposal, actor: User, member: str, *, accept: bool) -> None:
    """Tell the owner that an invited member answered."""
    if accept:
        line = _(
            "%(member)s hat den Antrag %(reference)s mitgezeichnet.",
            member=member,
            reference=proposal.reference,
        )
    else:
        line = _(
            "%(member)s hat die Mitzeichnung des Antrags %(reference)s abgelehnt.",
            member=member,
            reference=proposal.reference,
        )
    subject = _("Gremienportal: Mitzeichnung – %(reference)s", reference=proposal.reference)
    body = "\n".join(
        [
            _("Guten Tag,"),
            "",
            line + " " + _("(durch %(actor)s)", actor=actor.name),
            "",
            _("Zum Antrag: %(url)s", url=f"{base_url()}/antraege/{proposal.id}"),
            "",
            _(FOOTER),
        ]
    )
    if proposal.owner.active:
        queue_mail(proposal.owner.email, subject, body)

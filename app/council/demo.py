"""Demo data of the Mitzeichnung: the demo accounts' members, and the motions of the demo
drafts (the complete one moved by Hamburg, Hessen and Bremen; the half-filled one with an open
invitation for Hessen). Idempotent; development only (``flask seed --demo``)."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from app.auth.operations import find_user_by_email
from app.council import motions
from app.council.motion_status import signatures_of
from app.extensions import db
from app.models import CouncilMember, Proposal, User

# The member each demo account acts for (the applicant works at the Senatskanzlei Hamburg).
DEMO_MEMBERS = {
    "antrag@demo.gremienportal.de": "HH",
    "hessen@demo.gremienportal.de": "HE",
    "bremen@demo.gremienportal.de": "HB",
}
# (owner's title of the demo draft, Länder invited, Länder that confirm)
DEMO_MOTIONS = (
    ("Projektgruppe Schnittstellenregister für Online-Dienste", ("HE", "HB"), ("HE", "HB")),
    ("Projektgruppe Dachmarke und Domain-Strategie", ("HE",), ()),
)


def _member(key: str) -> CouncilMember | None:
    return db.session.scalar(select(CouncilMember).where(CouncilMember.key == key))


def assign_demo_members() -> None:
    """Let the demo accounts act for their members."""
    for email, key in DEMO_MEMBERS.items():
        user, member = find_user_by_email(email), _member(key)
        if user is not None and member is not None and user.council_member_id is None:
            user.council_member_id = member.id
    db.session.flush()


def _representative(key: str) -> User | None:
    email = next((mail for mail, member in DEMO_MEMBERS.items() if member == key), None)
    return find_user_by_email(email) if email else None


def _shape(proposal: Proposal, owner: User, invited: tuple, confirming: tuple) -> None:
    motions.sign_own(proposal, owner)
    ids = [member.id for key in invited if (member := _member(key)) is not None]
    for row in motions.invite_members(proposal, owner, ids):
        representative = _representative(row.member.key)
        if row.member.key in confirming and representative is not None:
            motions.answer_invitation(row.id, representative, accept=True)


def seed_demo_motions() -> str:
    """Give the demo drafts their motions, unless they have one; returns a German summary."""
    owner = find_user_by_email("antrag@demo.gremienportal.de")
    if owner is None or owner.council_member_id is None:
        return _("Mitzeichnung: kein Demo-Konto mit Mitglied gefunden.")
    shaped = 0
    for title, invited, confirming in DEMO_MOTIONS:
        stmt = select(Proposal).where(Proposal.owner_id == owner.id, Proposal.title == title)
        proposal = db.session.scalar(stmt)
        if proposal is None or signatures_of(proposal.id):
            continue
        _shape(proposal, owner, invited, confirming)
        shaped += 1
    return _("Mitzeichnung: %(count)d Beispielanträge mit Mitzeichnung.", count=shaped)

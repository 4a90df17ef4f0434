"""Which council member an account acts for: set by an administrator on the user page."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import SelectField

from app.council.outcome import voting_members
from app.domain import DomainError
from app.extensions import db
from app.models import CouncilMember, User
from app.security_events import security_event

NO_MEMBER = ""


class MemberAssignmentForm(FlaskForm):
    """The member (Bund or a Land) the account answers for in written procedures."""

    member = SelectField(
        _l("Vertritt im IT-Planungsrat"),
        description=_l("Für dieses Mitglied stimmt die Person in Umlaufverfahren ab."),
        validate_choice=True,
    )


def member_form(user: User, formdata=None) -> MemberAssignmentForm:
    """The assignment form with the voting members, preset to the account's member."""
    form = MemberAssignmentForm(formdata=formdata)
    form.member.choices = [(NO_MEMBER, _("kein Mitglied"))] + [
        (m.key, m.name) for m in voting_members()
    ]
    if formdata is None:
        member = (
            db.session.get(CouncilMember, user.council_member_id)
            if user.council_member_id
            else None
        )
        form.member.data = member.key if member else NO_MEMBER
    form.member.id = "council-member"
    form.member.label.field_id = "council-member"
    return form


def assign_member(user: User, key: str, actor: User) -> CouncilMember | None:
    """Let the account act for the voting member ``key`` (empty: for none)."""
    member = None
    if key:
        stmt = select(CouncilMember).where(CouncilMember.key == key, CouncilMember.voting)
        member = db.session.scalars(stmt).first()
        if member is None:
            raise DomainError(_("Bitte wählen Sie ein stimmberechtigtes Mitglied."), field="member")
    user.council_member_id = member.id if member else None
    db.session.flush()
    security_event(
        "council_member_assigned", account_id=user.id, actor_id=actor.id, member=key or None
    )
    return member

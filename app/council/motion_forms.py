"""Forms of the Mitzeichnung: invite Länder, and the one-button forms (CSRF only)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

from app.admin.forms import MultiCheckboxField
from app.models import CouncilMember


class InviteForm(FlaskForm):
    """The Länder the owner invites to co-sign."""

    members = MultiCheckboxField(
        _l("Länder zur Mitzeichnung einladen"),
        coerce=int,
        # The operation checks the ids (real Länder, not yet invited) and reports at the field.
        validate_choice=False,
        description=_l(
            "Die Vertreter:innen der gewählten Länder erhalten eine E-Mail und bestätigen im "
            "Portal."
        ),
    )

    def offer(self, members: list[CouncilMember]) -> InviteForm:
        """Offer these members as checkboxes."""
        self.members.choices = [(member.id, member.name) for member in members]
        return self


class ConfirmButtonForm(FlaskForm):
    """A form that is only a button: the CSRF token is all it carries."""

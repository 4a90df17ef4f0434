"""Forms of the Mitzeichnung (invite Länder; one-button forms, CSRF only) and of the
AL-Runde's Beschlussempfehlung."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from app.admin.forms import MultiCheckboxField
from app.forms_common import DATE_FORMAT_MESSAGE, GermanDateField, no_control_chars, strip_filter
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


class AlRecommendationForm(FlaskForm):
    """The AL-Runde's Beschlussempfehlung: its date and text."""

    recommended_on = GermanDateField(
        _l("Datum der Sitzung der AL-Runde"),
        validators=[InputRequired(DATE_FORMAT_MESSAGE)],
    )
    text = TextAreaField(
        _l("Beschlussempfehlung"),
        filters=[strip_filter],
        validators=[
            DataRequired(_l("Bitte geben Sie die Empfehlung ein.")),
            Length(max=5000, message=_l("Höchstens 5000 Zeichen.")),
            no_control_chars,
        ],
        description=_l("z. B. „Die AL-Runde empfiehlt dem IT-Planungsrat, … zu beschließen.“"),
    )

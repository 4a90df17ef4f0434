"""Forms of the API-token administration."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Length

from app.forms_common import no_control_chars, strip_filter


class TokenIssueForm(FlaskForm):
    """Name a new token and choose the account it acts for."""

    name = StringField(
        _l("Bezeichnung"),
        description=_l("Wofür das Token genutzt wird, z. B. „Auswertung Geschäftsstelle“."),
        filters=[strip_filter],
        validators=[
            DataRequired(_l("Bitte geben Sie eine Bezeichnung ein.")),
            Length(max=100, message=_l("Höchstens 100 Zeichen.")),
            no_control_chars,
        ],
    )
    user_id = SelectField(
        _l("Konto"),
        description=_l("Das Token handelt mit den Rollen dieses Kontos."),
        coerce=int,
        validators=[InputRequired(_l("Bitte wählen Sie ein Konto."))],
        validate_choice=True,
    )
    submit = SubmitField(_l("Token ausstellen"))


class TokenRevokeForm(FlaskForm):
    """A confirmed POST that revokes a token."""

    submit = SubmitField(_l("Token widerrufen"))

"""Forms for managing accounts."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from app.forms_common import PASSWORD_MAX, PASSWORD_MIN, no_control_chars, strip_filter
from app.models.user import ROLE_LABELS


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _role_field() -> MultiCheckboxField:
    return MultiCheckboxField(
        "Rollen",
        choices=list(ROLE_LABELS.items()),
        validate_choice=True,
        description="Eine Person kann mehrere Rollen haben.",
    )


class UserEditForm(FlaskForm):
    """Name, organisation and roles of an account."""

    name = StringField(
        "Name",
        filters=[strip_filter],
        validators=[
            DataRequired("Bitte geben Sie einen Namen ein."),
            Length(max=200, message="Höchstens 200 Zeichen."),
            no_control_chars,
        ],
    )
    organisation = StringField(
        "Organisation",
        filters=[strip_filter],
        validators=[
            Optional(),
            Length(max=200, message="Höchstens 200 Zeichen."),
            no_control_chars,
        ],
    )
    roles = _role_field()
    submit = SubmitField("Speichern")


class UserCreateForm(UserEditForm):
    """A new account: e-mail, name, organisation, roles and an initial password."""

    email = EmailField(
        "E-Mail-Adresse",
        filters=[strip_filter],
        validators=[
            DataRequired("Bitte geben Sie eine E-Mail-Adresse ein."),
            Length(max=254, message="Höchstens 254 Zeichen."),
            Email("Bitte geben Sie eine gültige E-Mail-Adresse ein.", check_deliverability=False),
            no_control_chars,
        ],
    )
    password = PasswordField(
        "Erstes Passwort",
        description=(
            f"Mindestens {PASSWORD_MIN} Zeichen. Teilen Sie es der Person auf sicherem Weg mit."
        ),
        validators=[
            DataRequired("Bitte vergeben Sie ein erstes Passwort."),
            Length(
                min=PASSWORD_MIN,
                max=PASSWORD_MAX,
                message=f"Das Passwort muss {PASSWORD_MIN} bis {PASSWORD_MAX} Zeichen lang sein.",
            ),
        ],
    )
    submit = SubmitField("Konto anlegen")


class ConfirmForm(FlaskForm):
    """An empty form: a POST with a CSRF token, for confirmed actions."""

    submit = SubmitField("Bestätigen")

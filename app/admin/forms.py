"""Forms for managing accounts."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, Email, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from app.forms_common import (
    PASSWORD_MIN,
    new_password_length,
    no_control_chars,
    strip_filter,
)
from app.models.user import ROLE_LABELS


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _role_field() -> MultiCheckboxField:
    return MultiCheckboxField(
        _l("Rollen"),
        choices=list(ROLE_LABELS.items()),
        validate_choice=True,
        description=_l("Eine Person kann mehrere Rollen haben."),
    )


class UserEditForm(FlaskForm):
    """Name, organisation and roles of an account."""

    name = StringField(
        _l("Name"),
        filters=[strip_filter],
        validators=[
            DataRequired(_l("Bitte geben Sie einen Namen ein.")),
            Length(max=200, message=_l("Höchstens 200 Zeichen.")),
            no_control_chars,
        ],
    )
    organisation = StringField(
        _l("Organisation"),
        filters=[strip_filter],
        validators=[
            Optional(),
            Length(max=200, message=_l("Höchstens 200 Zeichen.")),
            no_control_chars,
        ],
    )
    roles = _role_field()
    # Choices are the members (admin.operations.signing_members); the operation checks the id.
    council_member = SelectField(
        _l("Handelt für (Mitglied des IT-Planungsrats)"),
        description=_l(
            "Der Bund oder das Land, für das die Person Anträge zeichnet und mitzeichnet."
        ),
        validate_choice=False,
    )
    submit = SubmitField(_l("Speichern"))

    def offer_members(self, members) -> None:
        """The select's options: none, or one of the members."""
        self.council_member.choices = [("", _l("– keines –"))] + [
            (str(member.id), member.name) for member in members
        ]

    def member_id(self) -> int | None:
        """The chosen member's id (None: none); a forged value is not a number: -1."""
        value = (self.council_member.data or "").strip()
        if not value:
            return None
        return int(value) if value.isascii() and value.isdigit() else -1


class UserCreateForm(UserEditForm):
    """A new account: e-mail, name, organisation, roles and an initial password."""

    email = EmailField(
        _l("E-Mail-Adresse"),
        filters=[strip_filter],
        validators=[
            DataRequired(_l("Bitte geben Sie eine E-Mail-Adresse ein.")),
            Length(max=254, message=_l("Höchstens 254 Zeichen.")),
            Email(
                _l("Bitte geben Sie eine gültige E-Mail-Adresse ein."), check_deliverability=False
            ),
            no_control_chars,
        ],
    )
    password = PasswordField(
        _l("Erstes Passwort"),
        description=(
            _l(
                "Mindestens %(n)d Zeichen, kein häufig verwendetes Passwort, nicht der Name "
                "oder die E-Mail-Adresse der Person. Teilen Sie es ihr auf sicherem Weg mit.",
                n=PASSWORD_MIN,
            )
        ),
        validators=[
            DataRequired(_l("Bitte vergeben Sie ein erstes Passwort.")),
            new_password_length(),
        ],
    )
    submit = SubmitField(_l("Konto anlegen"))


class ConfirmForm(FlaskForm):
    """An empty form: a POST with a CSRF token, for confirmed actions."""

    submit = SubmitField(_l("Bestätigen"))


class AnonymiseForm(FlaskForm):
    """The explicit confirmation before a departed person's account is anonymised."""

    confirm = BooleanField(
        _l(
            "Ich bestätige, dass die Person ausgeschieden ist und ihr Konto unwiderruflich "
            "anonymisiert werden soll."
        ),
        validators=[DataRequired(_l("Bitte bestätigen Sie die Anonymisierung."))],
    )
    submit = SubmitField(_l("Konto anonymisieren"))

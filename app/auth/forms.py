"""Forms for signing in and changing the password."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp

from app.forms_common import (
    PASSWORD_MAX,
    PASSWORD_MIN,
    new_password_length,
    no_control_chars,
    strip_filter,
)


class LoginForm(FlaskForm):
    """E-mail and password."""

    email = EmailField(
        _l("E-Mail-Adresse"),
        filters=[strip_filter],
        validators=[
            DataRequired(_l("Bitte geben Sie Ihre E-Mail-Adresse ein.")),
            Length(max=254, message=_l("Die E-Mail-Adresse ist zu lang.")),
            no_control_chars,
            Regexp(
                r"^[^@\s]+@[^@\s]+$",
                message=_l("Bitte geben Sie eine E-Mail-Adresse im Format name@beispiel.de ein."),
            ),
        ],
    )
    password = PasswordField(
        _l("Passwort"),
        validators=[
            DataRequired(_l("Bitte geben Sie Ihr Passwort ein.")),
            Length(max=PASSWORD_MAX, message=_l("Das Passwort ist zu lang.")),
        ],
    )
    submit = SubmitField(_l("Anmelden"))


class ChangePasswordForm(FlaskForm):
    """The current password and a new one, twice."""

    current_password = PasswordField(
        _l("Aktuelles Passwort"),
        validators=[DataRequired(_l("Bitte geben Sie Ihr aktuelles Passwort ein."))],
    )
    new_password = PasswordField(
        _l("Neues Passwort"),
        description=_l(
            "Mindestens %(n)d Zeichen. Kein häufig verwendetes Passwort, keine einfache Folge "
            "wie „123456…“, nicht Ihr Name oder Ihre E-Mail-Adresse.",
            n=PASSWORD_MIN,
        ),
        validators=[
            DataRequired(_l("Bitte geben Sie ein neues Passwort ein.")),
            new_password_length(),
        ],
    )
    confirm_password = PasswordField(
        _l("Neues Passwort wiederholen"),
        validators=[
            DataRequired(_l("Bitte wiederholen Sie das neue Passwort.")),
            EqualTo("new_password", message=_l("Die beiden Passwörter stimmen nicht überein.")),
        ],
    )
    submit = SubmitField(_l("Passwort ändern"))


class SecondFactorForm(FlaskForm):
    """The code from the authenticator app, or a recovery code."""

    code = StringField(
        _l("Code"),
        description=_l(
            "Der sechsstellige Code aus Ihrer Authenticator-App. Haben Sie das Gerät nicht "
            "mehr, geben Sie einen Ihrer Wiederherstellungscodes ein (z. B. „abcde-fghjk“)."
        ),
        filters=[strip_filter],
        validators=[
            DataRequired(_l("Bitte geben Sie den Code ein.")),
            Length(max=32, message=_l("Der Code ist zu lang.")),
        ],
    )
    submit = SubmitField(_l("Bestätigen"))


class EnrolForm(FlaskForm):
    """The first code the newly set up app shows."""

    code = StringField(
        _l("Code aus der App"),
        description=_l("Der sechsstellige Code, den Ihre App jetzt anzeigt."),
        filters=[strip_filter],
        validators=[
            DataRequired(_l("Bitte geben Sie den Code aus Ihrer App ein.")),
            Length(max=16, message=_l("Der Code ist zu lang.")),
        ],
    )
    submit = SubmitField(_l("Zweiten Faktor einrichten"))


class DisableSecondFactorForm(FlaskForm):
    """A button: switch the voluntary second factor off."""

    submit = SubmitField(_l("Zweiten Faktor abschalten"))

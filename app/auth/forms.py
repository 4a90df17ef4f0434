"""Forms for signing in and changing the password."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from app.forms_common import PASSWORD_MAX, PASSWORD_MIN, no_control_chars, strip_filter


class LoginForm(FlaskForm):
    """E-mail and password."""

    email = EmailField(
        "E-Mail-Adresse",
        filters=[strip_filter],
        validators=[
            DataRequired("Bitte geben Sie Ihre E-Mail-Adresse ein."),
            Length(max=254, message="Die E-Mail-Adresse ist zu lang."),
            no_control_chars,
        ],
    )
    password = PasswordField(
        "Passwort",
        validators=[
            DataRequired("Bitte geben Sie Ihr Passwort ein."),
            Length(max=PASSWORD_MAX, message="Das Passwort ist zu lang."),
        ],
    )
    submit = SubmitField("Anmelden")


class ChangePasswordForm(FlaskForm):
    """The current password and a new one, twice."""

    current_password = PasswordField(
        "Aktuelles Passwort",
        validators=[DataRequired("Bitte geben Sie Ihr aktuelles Passwort ein.")],
    )
    new_password = PasswordField(
        "Neues Passwort",
        description=f"Mindestens {PASSWORD_MIN} Zeichen.",
        validators=[
            DataRequired("Bitte geben Sie ein neues Passwort ein."),
            Length(
                min=PASSWORD_MIN,
                max=PASSWORD_MAX,
                message=f"Das Passwort muss {PASSWORD_MIN} bis {PASSWORD_MAX} Zeichen lang sein.",
            ),
        ],
    )
    confirm_password = PasswordField(
        "Neues Passwort wiederholen",
        validators=[
            DataRequired("Bitte wiederholen Sie das neue Passwort."),
            EqualTo("new_password", message="Die beiden Passwörter stimmen nicht überein."),
        ],
    )
    submit = SubmitField("Passwort ändern")

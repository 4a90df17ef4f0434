"""Validators shared by the forms of several areas."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import ValidationError
from wtforms.validators import Length

CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
PASSWORD_MIN = 12
PASSWORD_MAX = 128


def no_control_chars(form, field) -> None:
    """Refuse control characters in text input."""
    if isinstance(field.data, str) and CONTROL_CHARS.search(field.data):
        raise ValidationError("Steuerzeichen sind nicht erlaubt.")


def strip_filter(value):
    """Strip surrounding whitespace from text input."""
    return value.strip() if isinstance(value, str) else value


# KERN's own width classes (kern-form-input__input--width-<n>) exist for 2 and 4 characters;
# wider short values (dates, numbers, codes) get the app's `input--short`.
KERN_WIDTHS = frozenset({2, 4})
SHORT_FIELD_TYPES = frozenset({"DateField", "GermanDateField", "IntegerField", "DecimalField"})


def _width_classes(field, type_, width) -> list[str]:
    """CSS classes sizing a text control to its content: short values get short fields."""
    if width in KERN_WIDTHS:
        return [f"kern-form-input__input--width-{width}"]
    if width == "medium":
        return ["input--medium"]
    if width == "short" or type_ == "date" or field.type in SHORT_FIELD_TYPES:
        return ["input--short"]
    return []


def control_attrs(field, type_=None, autocomplete=None, width=None) -> dict[str, str]:
    """HTML attributes of a KERN text control: classes, ARIA links to hint and errors."""
    invalid = bool(field.errors)
    classes = ["kern-form-input__input"]
    if invalid:
        classes.append("kern-form-input__input--error")
    classes += _width_classes(field, type_, width)
    attrs = {"class": " ".join(classes)}
    described = [f"{field.id}-hint"] if field.description else []
    described += [f"{field.id}-error-{i}" for i in range(1, len(field.errors) + 1)]
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if invalid:
        attrs["aria-invalid"] = "true"
    if type_:
        attrs["type"] = type_
    if autocomplete:
        attrs["autocomplete"] = autocomplete
    if field.type == "TextAreaField":
        attrs["rows"] = "6"
    return attrs


def show_domain_error(form, error) -> None:
    """Show a refused operation's message at its field, or above the form if it has none."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


def new_password_length():
    """The length rule of every new password (sign-up by an admin, change by the user)."""
    return Length(
        min=PASSWORD_MIN,
        max=PASSWORD_MAX,
        message=_l(
            "Das Passwort muss %(min)d bis %(max)d Zeichen lang sein.",
            min=PASSWORD_MIN,
            max=PASSWORD_MAX,
        ),
    )

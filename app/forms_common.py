"""Validators shared by the forms of several areas."""

from __future__ import annotations

import re
from datetime import date

from flask import g
from flask_babel import lazy_gettext as _l
from wtforms import DateField, ValidationError
from wtforms.validators import Length
from wtforms.widgets import TextInput

CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
PASSWORD_MIN = 12
PASSWORD_MAX = 128

DATE_HINT = _l("Format: TT.MM.JJJJ, z. B. 31.12.2027.")
DATE_FORMAT_MESSAGE = _l("Bitte geben Sie ein gültiges Datum an (TT.MM.JJJJ).")
NO_SUCH_DATE_MESSAGE = _l("Dieses Datum gibt es nicht. Bitte prüfen Sie Tag und Monat.")
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_GERMAN_DATE = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})")


class DateInputError(ValueError):
    """Typed text that is not a date; ``no_such_date`` when the form is right but the day
    does not exist (31.02.2027)."""

    def __init__(self, no_such_date: bool) -> None:
        super().__init__("no such date" if no_such_date else "not a date")
        self.no_such_date = no_such_date

    @property
    def message(self) -> str:
        """The German message for the user."""
        return str(NO_SUCH_DATE_MESSAGE if self.no_such_date else DATE_FORMAT_MESSAGE)


def parse_german_date(text: str) -> date:
    """A date typed as ``TT.MM.JJJJ`` (or ISO ``JJJJ-MM-TT``); raises DateInputError."""
    if match := _GERMAN_DATE.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO_DATE.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise DateInputError(no_such_date=False)
    try:
        return date(year, month, day)
    except ValueError:
        raise DateInputError(no_such_date=True) from None


class GermanDateField(DateField):
    """A date typed as TT.MM.JJJJ in a text input, on every form: a native date input would
    show the browser's locale (12/04/2026 in an English browser)."""

    widget = TextInput()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("description", DATE_HINT)
        super().__init__(label, validators, format=["%d.%m.%Y", "%Y-%m-%d"], **kwargs)

    def process_formdata(self, valuelist):
        """Parse the typed date; refuse anything else with a German message."""
        self.data = None
        text = " ".join(valuelist).strip() if valuelist else ""
        if not text:
            return
        try:
            self.data = parse_german_date(text)
        except DateInputError as error:
            raise ValueError(error.message) from None


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


def note_form_errors() -> str:
    """Called by the error summary macro: this page shows a refused form."""
    g.form_errors_shown = True
    return ""


def form_errors_shown() -> bool:
    """Whether the page rendered so far shows a refused form (its title says "Fehler: ")."""
    return g.get("form_errors_shown", False)

"""Forms of the documents area: the Beschlussvorschlag and the Sitzungsunterlage."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, StringField, TextAreaField, widgets
from wtforms.validators import DataRequired, InputRequired, Length, Regexp, ValidationError

from app.documents.operations import TEXT_MAX_LENGTH
from app.forms_common import (
    DATE_FORMAT_MESSAGE,
    GermanDateField,
    no_control_chars,
    strip_filter,
)

TEXT_TOO_LONG = _l("Der Beschlussvorschlag darf höchstens 10.000 Zeichen lang sein.")
SESSION_PATTERN = r"^(\d{1,3}|Umlaufverfahren)$"


class ResolutionTextForm(FlaskForm):
    """The office edits the Beschlussvorschlag before issuing the Vorlage."""

    text = TextAreaField(
        _l("Beschlussvorschlag"),
        filters=[strip_filter],
        validators=[
            DataRequired(_l("Bitte geben Sie einen Beschlussvorschlag ein.")),
            Length(max=TEXT_MAX_LENGTH, message=TEXT_TOO_LONG),
            no_control_chars,
        ],
        description=_l(
            "Im Wortlaut des IT-Planungsrats, eine Ziffer je Zeile. Höchstens 10.000 Zeichen."
        ),
    )


class IssueForm(FlaskForm):
    """A button that issues a document (CSRF only)."""


class MultiCheckboxField(SelectMultipleField):
    """Several checkboxes sharing one name."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class BundleForm(FlaskForm):
    """The office chooses the proposals for a session and its number and date."""

    session = StringField(
        _l("Sitzung"),
        filters=[strip_filter],
        validators=[
            DataRequired(_l("Bitte geben Sie die Sitzung an.")),
            Regexp(
                SESSION_PATTERN,
                message=_l(
                    "Bitte die Nummer der Sitzung (z. B. 42) oder „Umlaufverfahren“ angeben."
                ),
            ),
        ],
        description=_l("Die Nummer der Sitzung, z. B. 42, oder „Umlaufverfahren“."),
    )
    session_date = GermanDateField(_l("Datum"), validators=[InputRequired(DATE_FORMAT_MESSAGE)])
    proposals = MultiCheckboxField(_l("Anträge zur Beschlussfassung"), coerce=int)

    def validate_proposals(self, field) -> None:
        """At least one; no `required` flag, which would mark every checkbox as required."""
        if not field.data:
            raise ValidationError(_("Bitte wählen Sie mindestens einen Antrag aus."))

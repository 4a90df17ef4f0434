"""Forms of the documents area: the Beschlussvorschlag and the Sitzungsunterlage."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, SelectMultipleField, StringField, TextAreaField, widgets
from wtforms.validators import DataRequired, InputRequired, Length, Regexp, ValidationError

from app.documents.operations import TEXT_MAX_LENGTH
from app.forms_common import no_control_chars, strip_filter

TEXT_TOO_LONG = "Der Beschlussvorschlag darf höchstens 10.000 Zeichen lang sein."
SESSION_PATTERN = r"^(\d{1,3}|Umlaufverfahren)$"


class ResolutionTextForm(FlaskForm):
    """The office edits the Beschlussvorschlag before issuing the Vorlage."""

    text = TextAreaField(
        "Beschlussvorschlag",
        filters=[strip_filter],
        validators=[
            DataRequired("Bitte geben Sie einen Beschlussvorschlag ein."),
            Length(max=TEXT_MAX_LENGTH, message=TEXT_TOO_LONG),
            no_control_chars,
        ],
        description=(
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
        "Sitzung",
        filters=[strip_filter],
        validators=[
            DataRequired("Bitte geben Sie die Sitzung an."),
            Regexp(
                SESSION_PATTERN,
                message="Bitte die Nummer der Sitzung (z. B. 42) oder „Umlaufverfahren“ angeben.",
            ),
        ],
        description="Die Nummer der Sitzung, z. B. 42, oder „Umlaufverfahren“.",
    )
    session_date = DateField(
        "Datum",
        format=["%Y-%m-%d", "%d.%m.%Y"],
        validators=[InputRequired("Bitte geben Sie ein gültiges Datum an (TT.MM.JJJJ).")],
        description="TT.MM.JJJJ",
    )
    proposals = MultiCheckboxField("Anträge zur Beschlussfassung", coerce=int)

    def validate_proposals(self, field) -> None:
        """At least one; no `required` flag, which would mark every checkbox as required."""
        if not field.data:
            raise ValidationError("Bitte wählen Sie mindestens einen Antrag aus.")

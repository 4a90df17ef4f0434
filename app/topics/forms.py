"""The office's form for a focus topic."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from app.forms_common import no_control_chars, strip_filter
from app.registry.forms import single_line


class FocusTopicForm(FlaskForm):
    """Name, Themenpate, position in the list and whether the topic is retired."""

    name = StringField(
        _l("Name"),
        filters=[strip_filter],
        validators=[
            DataRequired(_l("Bitte geben Sie den Namen des Schwerpunktthemas an.")),
            Length(max=100, message=_l("Höchstens %(n)d Zeichen.", n=100)),
            no_control_chars,
            single_line,
        ],
    )
    patron = StringField(
        _l("Themenpate"),
        description=_l("z. B. ein Land oder ein Bundesressort, das das Thema im Rat betreut"),
        filters=[strip_filter],
        validators=[
            Optional(),
            Length(max=300, message=_l("Höchstens %(n)d Zeichen.", n=300)),
            no_control_chars,
            single_line,
        ],
    )
    position = StringField(
        _l("Reihenfolge"),
        description=_l("Eine ganze Zahl von 0 bis 999; kleinere Zahlen stehen weiter oben."),
        filters=[strip_filter],
        validators=[
            Optional(),
            Regexp(r"^[0-9]{1,3}$", message=_l("Bitte eine ganze Zahl von 0 bis 999.")),
        ],
    )
    retired = BooleanField(_l("Nicht mehr aktuell (wird im Gremiensteckbrief nicht angeboten)"))
    seen_updated_at = HiddenField()

    def values(self) -> dict:
        """The submitted values as plain data for the operations."""
        return {
            "name": self.name.data,
            "patron": self.patron.data or None,
            "position": int(self.position.data or 0),
            "retired": bool(self.retired.data),
        }

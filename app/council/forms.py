"""The office's form for a year's Königsteiner Schlüssel."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.council.members import LAND_NAMES
from app.forms_common import no_control_chars, strip_filter

SHARE_PREFIX = "share_"


class ShareTableForm(FlaskForm):
    """A year, each Land's share in per cent, the source and (for a correction) the reason.

    The shares are checked by the operation (sum exactly 100 %), which reports at the field."""

    year = StringField(
        _l("Jahr"),
        filters=[strip_filter],
        validators=[DataRequired(_l("Bitte geben Sie das Jahr an."))],
    )
    source = StringField(
        _l("Quelle"),
        description=_l("z. B. Bekanntmachung der GWK im Bundesanzeiger mit Datum"),
        filters=[strip_filter],
        validators=[
            DataRequired(_l("Bitte geben Sie die Quelle der Tabelle an.")),
            Length(max=500, message=_l("Bitte höchstens 500 Zeichen.")),
            no_control_chars,
        ],
    )
    note = TextAreaField(
        _l("Begründung der Korrektur"),
        description=_l("Nur nötig, wenn es für das Jahr schon eine Tabelle gibt."),
        filters=[strip_filter],
        validators=[
            Optional(),
            Length(max=2000, message=_l("Bitte höchstens 2000 Zeichen.")),
            no_control_chars,
        ],
    )

    def share_fields(self) -> list:
        """The Länder's share fields in their order."""
        return [self[f"{SHARE_PREFIX}{key}"] for key in LAND_NAMES]

    def shares(self) -> dict[str, str]:
        """The entered shares by the Land's key, as text (the operation parses them)."""
        return {key: self[f"{SHARE_PREFIX}{key}"].data or "" for key in LAND_NAMES}


# One text field per Land (WTForms' documented way to add fields to a form class).
for _key, _name in LAND_NAMES.items():
    setattr(
        ShareTableForm,
        f"{SHARE_PREFIX}{_key}",
        StringField(
            _l("%(land)s (in %%)", land=_name),
            filters=[strip_filter],
            validators=[DataRequired(_l("Bitte geben Sie den Anteil an."))],
        ),
    )

"""One form per workflow action, built from the transition table's inputs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp

from app.formatting import today_berlin
from app.forms_common import DATE_FORMAT_MESSAGE, GermanDateField, no_control_chars, strip_filter
from app.proposals.schema import SECTIONS
from workflows.proposal import EXPIRY_REASON, INPUT_LABELS, WRITTEN_PROCEDURE, transition

SESSION_PATTERN = rf"^(\d{{1,3}}|{WRITTEN_PROCEDURE})$"
SESSION_HINT = _l("Die Nummer der Sitzung, z. B. 42, oder „Umlaufverfahren“.")
NUMBER_HINT = _l(
    "Im Format JJJJ/NN, z. B. 2023/41. Vorschlag: die nächste freie Nummer des Jahres."
)
TOO_LONG = _l("Höchstens 5000 Zeichen.")
REMARK_PREFIX = "remark_"
# The confirmation in the words of the page an action is sent from (default: the form's).
CONFIRM_LABELS = {
    "submit": _l("Ich bestätige, dass die Angaben vollständig und richtig sind."),
}
TEXT_INPUTS = ("reason", "comment", "recommendation", "decision_text")


def _required(name: str) -> DataRequired:
    return DataRequired(
        _l("Bitte füllen Sie das Pflichtfeld „%(label)s“ aus.", label=INPUT_LABELS[name])
    )


def _text(name: str, required: bool) -> TextAreaField:
    first = _required(name) if required else Optional()
    return TextAreaField(
        INPUT_LABELS[name],
        filters=[strip_filter],
        validators=[first, Length(max=5000, message=TOO_LONG), no_control_chars],
    )


def _date(name: str, required: bool) -> GermanDateField:
    first = InputRequired(DATE_FORMAT_MESSAGE) if required else Optional()
    return GermanDateField(INPUT_LABELS[name], validators=[first])


def _number(required: bool) -> StringField:
    first = _required("decision_number") if required else Optional()
    pattern = Regexp(r"^\d{4}/\d{2,4}$", message=_l("Bitte im Format JJJJ/NN angeben."))
    return StringField(
        INPUT_LABELS["decision_number"],
        filters=[strip_filter],
        validators=[first, pattern],
        description=NUMBER_HINT,
    )


def _session(required: bool) -> StringField:
    first = _required("session") if required else Optional()
    message = _l("Bitte die Nummer der Sitzung oder „Umlaufverfahren“ angeben.")
    return StringField(
        INPUT_LABELS["session"],
        filters=[strip_filter],
        validators=[first, Regexp(SESSION_PATTERN, message=message)],
        description=SESSION_HINT,
    )


class ActionForm(FlaskForm):
    """Common to all actions: the row version seen, and a confirmation."""

    trigger = ""  # set on each action's form class

    lock_version = HiddenField(validators=[InputRequired(_l("Die Formularversion fehlt."))])
    confirm = BooleanField(
        _l("Ich bestätige diese Aktion."),
        validators=[DataRequired(_l("Bitte bestätigen Sie die Aktion."))],
    )

    def inputs(self) -> dict[str, Any]:
        """The workflow inputs the user gave (no CSRF, version or confirmation)."""
        skip = {"csrf_token", "lock_version", "confirm", "expired"}
        values = {
            f.name: f.data
            for f in self
            if f.name not in skip and not f.name.startswith(REMARK_PREFIX) and f.data
        }
        remarks = {
            f.name.removeprefix(REMARK_PREFIX): f.data
            for f in self
            if f.name.startswith(REMARK_PREFIX) and f.data
        }
        if remarks:
            values["remarks"] = remarks
        if getattr(self, "expired", None) is not None and self.expired.data:
            values["reason"] = EXPIRY_REASON
        return values

    def expected_version(self) -> int | None:
        """The lock_version the page was rendered with."""
        try:
            return int(self.lock_version.data)
        except (TypeError, ValueError):
            return None


def _fields_for(trigger: str) -> dict[str, Any]:
    """The form fields of one trigger: its required inputs, plus helpful optional ones."""
    required = frozenset(transition(trigger).required_inputs)
    fields: dict[str, Any] = {}
    for name in TEXT_INPUTS:
        if name in required:
            fields[name] = _text(name, True)
    for name in ("decision_date", "dissolution_date"):
        if name in required:
            fields[name] = _date(name, True)
    if "decision_number" in required:
        fields["decision_number"] = _number(True)
    extra = _EXTRA_FIELDS.get(trigger)
    if extra is not None:
        fields.update(extra(required))
    return fields


def _session_fields(required: frozenset[str]) -> dict[str, Any]:
    return {"session": _session("session" in required)}


def _remark_fields(_required: frozenset[str]) -> dict[str, Any]:
    return {
        f"{REMARK_PREFIX}{spec.key}": TextAreaField(
            _l("Anmerkung zu „%(title)s“", title=spec.title),
            filters=[strip_filter],
            validators=[Optional(), Length(max=5000, message=TOO_LONG), no_control_chars],
        )
        for spec in SECTIONS
    }


def section_choices() -> list[tuple[str, str]]:
    """The Steckbrief's sections as select options."""
    return [(spec.key, spec.title) for spec in SECTIONS]


class RemarkForm(FlaskForm):
    """A reviewer's remark on one section."""

    section = SelectField(
        _l("Abschnitt"), validators=[InputRequired(_l("Bitte Abschnitt wählen."))]
    )
    text = TextAreaField(
        _l("Anmerkung"),
        filters=[strip_filter],
        validators=[
            DataRequired(_l("Bitte geben Sie eine Anmerkung ein.")),
            Length(max=5000, message=TOO_LONG),
            no_control_chars,
        ],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.section.choices = section_choices()


def _dissolve_fields(_required: frozenset[str]) -> dict[str, Any]:
    return {
        "expired": BooleanField(
            _l("%(reason)s (Auflösung ohne Beschluss)", reason=EXPIRY_REASON),
            description=_l("Sonst geben Sie bitte den Beschluss zur Auflösung an."),
        ),
        "decision_number": _number(False),
        "decision_date": _date("decision_date", False),
        "session": _session(False),
        "decision_text": _text("decision_text", False),
    }


# The optional fields some triggers offer beyond their required inputs.
_EXTRA_FIELDS: dict[str, Callable[[frozenset[str]], dict[str, Any]]] = {
    "establish": _session_fields,
    "decide_change": _session_fields,
    "decline": _session_fields,
    "dissolve": _dissolve_fields,
    "return_for_revision": _remark_fields,
}
_FORM_CLASSES: dict[str, type[ActionForm]] = {}


def form_class(trigger: str) -> type[ActionForm]:
    """The (cached) form class of a trigger."""
    if trigger not in _FORM_CLASSES:
        name = "".join(part.title() for part in trigger.split("_")) + "Form"
        _FORM_CLASSES[trigger] = type(
            name, (ActionForm,), {"trigger": trigger, **_fields_for(trigger)}
        )
    return _FORM_CLASSES[trigger]


def build_form(
    trigger: str, lock_version: int, suggestion: str | None = None, fresh: bool = False
) -> ActionForm:
    """An action form with ids unique on the page (prefixed by trigger), names unprefixed;
    ``fresh``: not bound to a request's form data (a page beside a refused action)."""
    form = form_class(trigger)(formdata=None) if fresh else form_class(trigger)()
    if trigger in CONFIRM_LABELS:
        form.confirm.label.text = CONFIRM_LABELS[trigger]
    if fresh or not form.is_submitted():
        form.lock_version.data = str(lock_version)
        if suggestion and hasattr(form, "decision_number"):
            form.decision_number.data = suggestion
        if "decision_date" in transition(trigger).required_inputs:
            form.decision_date.data = today_berlin()
    for field in form:
        field.id = f"{trigger}-{field.name}"
        field.label.field_id = field.id
    return form

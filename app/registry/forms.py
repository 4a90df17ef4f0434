"""The office's form for registry entries, and the public search filters."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import (
    AnyOf,
    DataRequired,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)

from app.domain import DomainError
from app.forms_common import CONTROL_CHARS, GermanDateField, no_control_chars, strip_filter
from app.models.body import BODY_KIND_LABELS
from app.registry.display import CATEGORY_LABELS
from app.registry.queries import STATUSES
from workflows.changes import CHANGE_KINDS

CHOICE_MESSAGE = _l("Bitte wählen Sie einen Eintrag aus der Liste.")
QUERY_MAX = 200


def single_line(form, field) -> None:
    """Refuse line breaks and tabs in one-line text (names end up in mail subjects)."""
    if isinstance(field.data, str) and any(char in field.data for char in "\r\n\t"):
        raise ValidationError(_l("Zeilenumbrüche und Tabulatoren sind hier nicht erlaubt."))


def _text(label, maximum: int, required: bool = False, area: bool = False):
    first = DataRequired(_l("Bitte füllen Sie das Feld „%(label)s“ aus.", label=label))
    validators = [
        first if required else Optional(),
        Length(max=maximum, message=_l("Höchstens %(n)d Zeichen.", n=maximum)),
        no_control_chars,
    ]
    if not area:
        validators.append(single_line)
    field_class = TextAreaField if area else StringField
    return field_class(label, filters=[strip_filter], validators=validators)


def _select(label, choices: list[tuple[str, str]]) -> SelectField:
    values = [value for value, _label in choices]
    return SelectField(
        label,
        choices=choices,
        validate_choice=False,
        validators=[AnyOf(values, message=CHOICE_MESSAGE)],
    )


class BodyForm(FlaskForm):
    """A registry entry that did not come through a proposal."""

    name = _text(_l("Name"), 300, required=True)
    alias = _text(_l("Auch bezeichnet als"), 300)
    short_name = _text(_l("Kurzname"), 100)
    kind = _select(_l("Art"), list(BODY_KIND_LABELS.items()))
    category = _select(_l("Kategorie"), list(CATEGORY_LABELS.items()))
    focus_topic = SelectField(_l("Schwerpunktthema"), validate_choice=False, default="")
    parent_id = SelectField(_l("Übergeordnetes Gremium"), validate_choice=False, default="")
    start_date = GermanDateField(_l("Beginn"), validators=[Optional()])
    end_date = GermanDateField(
        _l("Ende der Befristung"),
        validators=[Optional()],
        description=_l("TT.MM.JJJJ. Leer lassen, wenn das Ende nicht bekannt ist."),
    )
    open_ended = BooleanField(_l("Bis auf Weiteres (ohne Befristung)"))
    lead = _text(_l("Leitung"), 300)
    description = _text(_l("Beschreibung"), 5000, area=True)

    def set_choices(self, topics: list[str], parents: list[tuple[int, str]]) -> None:
        """Fill the focus-topic and parent lists (values: label, body id)."""
        self.focus_topic.choices = [("", str(_l("kein Schwerpunktthema")))] + [
            (topic, topic) for topic in topics
        ]
        self.parent_id.choices = [("", str(_l("kein übergeordnetes Gremium")))] + [
            (str(body_id), name) for body_id, name in parents
        ]
        for field in (self.focus_topic, self.parent_id):
            field.validators = [AnyOf([v for v, _label in field.choices], message=CHOICE_MESSAGE)]

    def validate_end_date(self, field) -> None:
        """The end lies on or after the start; an open-ended body has no end date."""
        start = self.start_date.data
        if field.data and start and field.data < start:
            raise ValidationError(_l("Das Ende darf nicht vor dem Beginn liegen."))
        if field.data and self.open_ended.data:
            raise ValidationError(
                _l("Ein Gremium „bis auf Weiteres“ hat kein Ende der Befristung.")
            )

    def validate_open_ended(self, field) -> None:
        """A project group is always time-limited."""
        if field.data and self.kind.data == "projektgruppe":
            raise ValidationError(_l("Eine Projektgruppe ist immer befristet."))

    def values(self) -> dict:
        """The submitted values as plain data for the operations."""
        return {
            "name": self.name.data,
            "alias": self.alias.data or None,
            "short_name": self.short_name.data or None,
            "kind": self.kind.data,
            "category": self.category.data,
            "focus_topic": self.focus_topic.data or None,
            "parent_id": int(self.parent_id.data) if self.parent_id.data else None,
            "start_date": self.start_date.data,
            "end_date": self.end_date.data,
            "open_ended": bool(self.open_ended.data),
            "lead": self.lead.data or None,
            "description": self.description.data or "",
        }


class FilterError(DomainError):
    """A search parameter of the public registry is not acceptable."""


@dataclass(frozen=True)
class RegistryFilter:
    """The public registry's search: free text, kind, focus topic (label) and status."""

    q: str = ""
    kind: str = ""
    focus_topic: str = ""
    status: str = STATUSES[0]

    @property
    def active(self) -> bool:
        """True when the visitor searched or filtered."""
        return bool(self.q or self.kind or self.focus_topic or self.status != STATUSES[0])


def _param(args: MultiDict, name: str, allowed, label: str) -> str:
    value = (args.get(name) or "").strip()
    if value and value not in allowed:
        raise FilterError(
            _(
                "Unbekannter Filterwert für „%(label)s“. "
                "Bitte wählen Sie einen Wert aus der Liste.",
                label=label,
            )
        )
    return value


def parse_filter(args: MultiDict, topics: list[str]) -> RegistryFilter:
    """Read and check the search parameters; unknown values raise FilterError (German)."""
    q = (args.get("q") or "").strip()
    if len(q) > QUERY_MAX:
        raise FilterError(_("Der Suchbegriff ist zu lang (höchstens %(n)d Zeichen).", n=QUERY_MAX))
    if CONTROL_CHARS.search(q) or "\x00" in q:
        raise FilterError(_("Der Suchbegriff enthält unzulässige Steuerzeichen."))
    return RegistryFilter(
        q=q,
        kind=_param(args, "kind", BODY_KIND_LABELS, _("Art")),
        focus_topic=_param(args, "focus_topic", topics, _("Schwerpunktthema")),
        status=_param(args, "status", STATUSES, _("Status")) or STATUSES[0],
    )


class ChangeForm(FlaskForm):
    """The office starts a change of a body: what is to change (the kinds are data)."""

    change_kind = RadioField(
        _l("Was soll geändert werden?"),
        choices=[(kind.key, kind.label) for kind in CHANGE_KINDS],
        validators=[InputRequired(_l("Bitte wählen Sie aus, was geändert werden soll."))],
    )

"""History events as German text: the proposal page, a body's public history and the e-mails
describe an event through these functions, so no internal key or ISO date reaches a reader."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.formatting import german_date
from app.models.document import DOCUMENT_KIND_LABELS
from app.proposals.schema import SECTIONS
from workflows.proposal import INPUT_LABELS, TRANSITIONS, transition

TRIGGERS = frozenset(row.trigger for row in TRANSITIONS)
ACTION_LABELS = {
    "approval_recorded": _l("Befürwortung erfasst"),
    "remark": _l("Anmerkung"),
    "document_issued": _l("Dokument ausgestellt"),
    "registry_created": _l("Eintrag angelegt"),
    "registry_updated": _l("Eintrag geändert"),
    "registry_dissolved": _l("Auflösung festgestellt"),
    "agenda_item_added": _l("Auf die Tagesordnung gesetzt"),
    "agenda_item_postponed": _l("Vertagt"),
    "session_votes_recorded": _l("Stimmen in der Sitzung erfasst"),
    "vote_evaluated": _l("Abstimmung ausgewertet und bestätigt"),
    "written_procedure_started": _l("Umlaufverfahren gestartet"),
    "written_vote_cast": _l("Stimme im Umlaufverfahren abgegeben"),
    "written_answer_recorded": _l("Antwort im Umlaufverfahren erfasst"),
    "focus_topic_saved": _l("Schwerpunktthema gespeichert"),
    "registry_changed": _l("Änderung beschlossen"),
    "change_started": _l("Änderung begonnen"),
    "motion_signed": _l("Antrag gezeichnet"),
    "motion_invited": _l("Zur Mitzeichnung eingeladen"),
    "motion_confirmed": _l("Mitzeichnung bestätigt"),
    "motion_declined": _l("Mitzeichnung abgelehnt"),
    "motion_withdrawn": _l("Mitzeichnung zurückgezogen"),
    "al_recommendation": _l("Beschlussempfehlung der AL-Runde erfasst"),
}
EXTRA_INPUT_LABELS = {
    "section": _l("Abschnitt"),
    "text": _l("Anmerkung"),
    "remarks": _l("Anmerkungen"),
    "kind": _l("Dokument"),
    "sha256": _l("Prüfsumme (SHA-256)"),
    "agenda_item": _l("Tagesordnungspunkt"),
    "votes": _l("Stimmen"),
    "binding_test": _l("Beschluss (bindend)"),
    "recommendation_test": _l("Empfehlung (einfache Mehrheit)"),
    "outcome": _l("Ergebnis"),
    "departure_reason": _l("Begründung der Abweichung"),
    "binds_only_agreed": _l("Bindet nur die zustimmenden Länder"),
    "written_procedure": _l("Umlaufverfahren"),
    "deadline": _l("Frist"),
    "member": _l("Mitglied"),
    "members": _l("Länder"),
    "recommended_on": _l("Datum der Empfehlung"),
    "vote": _l("Stimme"),
    "received_on": _l("Eingegangen am"),
    "change": _l("Art der Änderung"),
    "body": _l("Gremium"),
    "amends": _l("Ändert Beschluss"),
}
DATE_INPUTS = frozenset(
    {"decision_date", "dissolution_date", "deadline", "received_on", "recommended_on"}
)


def action_label(action: str) -> str:
    """What happened, in German (an event another area adds later reads 'Eintrag')."""
    if action in ACTION_LABELS:
        return str(ACTION_LABELS[action])
    if action in TRIGGERS:
        return _(transition(action).label)
    return _("Eintrag")


def _section_title(key: Any) -> str:
    titles = {spec.key: spec.title for spec in SECTIONS}
    return str(titles.get(key, key))


def input_text(name: str, value: Any) -> str:
    """One recorded input as German text."""
    if name in DATE_INPUTS:
        return german_date(value)
    if name == "kind":
        return str(DOCUMENT_KIND_LABELS.get(value, value))
    if name == "section":
        return _section_title(value)
    if isinstance(value, Mapping):  # remarks per section
        return "; ".join(f"{_section_title(key)}: {text}" for key, text in value.items())
    if isinstance(value, bool):
        return _("ja") if value else _("nein")
    return "" if value is None else str(value)


def input_label(name: str) -> str:
    """The German name of a recorded input."""
    return str(INPUT_LABELS.get(name) or EXTRA_INPUT_LABELS.get(name) or _("Angabe"))


def input_lines(inputs: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    """An event's inputs as (label, text) pairs, in the order they were recorded."""
    return [(input_label(name), input_text(name, value)) for name, value in (inputs or {}).items()]

"""What a stored Steckbrief still lacks before it can be submitted, and section progress."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from app.proposals.schema import SECTIONS, TIME_LIMITED_KINDS, Field, Section, section
from app.proposals.schema_options import MEMBER_LEVEL_LAND
from app.proposals.schema_types import BODY_REF, CHOICE, MULTICHOICE
from app.proposals.validation_rules import (
    PROJECT_GROUP_TIME_LIMITED,
    cross_check,
    get_value,
    section_rule_errors,
)
from app.proposals.validation_values import is_empty

REQUIRED_TEXT = "Bitte füllen Sie „{label}“{where} aus."
REQUIRED_CHOICE = "Bitte wählen Sie „{label}“{where} aus."
MIN_ONE_ROW = "Bitte geben Sie mindestens einen Eintrag bei „{label}“ an."
MIN_ROWS = "Bitte geben Sie mindestens {count} Einträge bei „{label}“ an."
TIME_LIMIT_MISSING = "Bitte geben Sie ein Enddatum an oder wählen Sie „bis auf Weiteres“."
CONTACT_CHANNEL = (
    "Bitte geben Sie in Eintrag {number} eine E-Mail-Adresse oder eine Telefonnummer an."
)
OVERLAP_DELIMITATION = (
    "Bitte beschreiben Sie die Abgrenzung zu „{name}“: Dieses Gremium im Register ähnelt "
    "Ihrem Vorhaben stark, und doppelte Gremien sollen vermieden werden. Der Abgleich läuft "
    "gegen das aktuelle Register; ein Steckbrief kann daher wieder unvollständig werden, "
    "wenn inzwischen ein ähnliches Gremium eingesetzt wurde."
)

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
COMPLETE = "complete"
STATUS_LABELS = {
    NOT_STARTED: "nicht begonnen",
    IN_PROGRESS: "in Bearbeitung",
    COMPLETE: "vollständig",
}

_SECTION_ORDER = {spec.key: position for position, spec in enumerate(SECTIONS)}


@dataclass(frozen=True)
class Missing:
    """Something a submission lacks; ``field`` is the form field name, e.g. ``members-2-land``."""

    section: str
    field: str
    message: str


def _section_data(data: Any, key: str) -> Mapping[str, Any]:
    value = data.get(key) if isinstance(data, Mapping) else None
    return value if isinstance(value, Mapping) else {}


def _rows(section_data: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    value = section_data.get(key)
    return [row for row in value if isinstance(row, Mapping)] if isinstance(value, list) else []


def _required_message(found: Field, row_index: int | None = None) -> str:
    template = REQUIRED_CHOICE if found.type in (CHOICE, MULTICHOICE, BODY_REF) else REQUIRED_TEXT
    where = "" if row_index is None else f" in Eintrag {row_index + 1}"
    return template.format(label=found.label, where=where)


def _missing_rows(spec: Section, found: Field, rows: list[Mapping[str, Any]]) -> list[Missing]:
    missing = []
    if len(rows) < found.min_rows:
        template = MIN_ONE_ROW if found.min_rows == 1 else MIN_ROWS
        message = template.format(label=found.label, count=found.min_rows)
        missing.append(Missing(spec.key, found.key, message))
    for index, row in enumerate(rows):
        for sub in found.rows:
            if sub.required_for_submission and is_empty(row.get(sub.key)):
                name = f"{found.key}-{index}-{sub.key}"
                missing.append(Missing(spec.key, name, _required_message(sub, index)))
    return missing


def _missing_fields(spec: Section, section_data: Mapping[str, Any]) -> list[Missing]:
    missing = []
    for found in spec.fields:
        if found.is_list:
            missing += _missing_rows(spec, found, _rows(section_data, found.key))
        elif found.required_for_submission and is_empty(section_data.get(found.key)):
            missing.append(Missing(spec.key, found.key, _required_message(found)))
    return missing


def _missing_time_limit(data: Any) -> list[Missing]:
    if get_value(data, "establishment", "end_date"):
        return []
    kind = get_value(data, "master_data", "kind")
    if isinstance(kind, str) and kind in TIME_LIMITED_KINDS:
        return [Missing("establishment", "end_date", PROJECT_GROUP_TIME_LIMITED)]
    if get_value(data, "establishment", "open_ended") is True:
        return []
    return [Missing("establishment", "end_date", TIME_LIMIT_MISSING)]


def _missing_land(data: Any) -> list[Missing]:
    land = section("composition").field("members").row_field("land")
    return [
        Missing("composition", f"members-{index}-land", _required_message(land, index))
        for index, row in enumerate(_rows(_section_data(data, "composition"), "members"))
        if row.get("level") == MEMBER_LEVEL_LAND and is_empty(row.get("land"))
    ]


def _missing_contact_channel(data: Any) -> list[Missing]:
    return [
        Missing("contacts", f"contacts-{index}-email", CONTACT_CHANNEL.format(number=index + 1))
        for index, row in enumerate(_rows(_section_data(data, "contacts"), "contacts"))
        if is_empty(row.get("email")) and is_empty(row.get("phone"))
    ]


def _missing_delimitations(
    data: Any, overlap_needed: Collection[int], body_names: Mapping[int, str]
) -> list[Missing]:
    described = {
        row.get("body")
        for row in _rows(_section_data(data, "interfaces"), "related_bodies")
        if isinstance(row.get("body"), int) and not is_empty(row.get("delimitation"))
    }
    return [
        Missing(
            "interfaces",
            "related_bodies",
            OVERLAP_DELIMITATION.format(name=body_names.get(body_id, f"Gremium Nr. {body_id}")),
        )
        for body_id in sorted(set(overlap_needed))
        if body_id not in described
    ]


def _rule_errors(data: Any) -> list[Missing]:
    """Contradictions a stored document should never hold; re-checked before submission."""
    errors = [
        Missing(spec.key, name, message)
        for spec in SECTIONS
        for name, message in section_rule_errors(spec.key, _section_data(data, spec.key)).items()
    ]
    for key, section_errors in cross_check(data).items():
        errors += [Missing(key, name, message) for name, message in section_errors.items()]
    return errors


def missing_for_submission(
    data: Mapping[str, Any],
    *,
    overlap_needed: Collection[int] = (),
    body_names: Mapping[int, str] | None = None,
) -> list[Missing]:
    """Everything that blocks submission, ordered by section; empty when complete."""
    found = [
        item for spec in SECTIONS for item in _missing_fields(spec, _section_data(data, spec.key))
    ]
    found += _missing_time_limit(data) + _missing_land(data) + _missing_contact_channel(data)
    found += _missing_delimitations(data, overlap_needed, body_names or {})
    found += _rule_errors(data)
    unique = list(dict.fromkeys(found))
    return sorted(unique, key=lambda item: _SECTION_ORDER[item.section])


def _has_content(spec: Section, section_data: Mapping[str, Any]) -> bool:
    return any(not is_empty(section_data.get(found.key)) for found in spec.fields)


def section_statuses(
    data: Mapping[str, Any], *, overlap_needed: Collection[int] = ()
) -> dict[str, str]:
    """The status of every section, by section key, in schema order."""
    incomplete = {
        item.section for item in missing_for_submission(data, overlap_needed=overlap_needed)
    }
    statuses = {}
    for spec in SECTIONS:
        if not _has_content(spec, _section_data(data, spec.key)):
            statuses[spec.key] = NOT_STARTED
        else:
            statuses[spec.key] = IN_PROGRESS if spec.key in incomplete else COMPLETE
    return statuses


def section_status(
    section_key: str, data: Mapping[str, Any], *, overlap_needed: Collection[int] = ()
) -> str:
    """``not_started``, ``in_progress`` or ``complete`` (German in ``STATUS_LABELS``)."""
    section(section_key)
    return section_statuses(data, overlap_needed=overlap_needed)[section_key]

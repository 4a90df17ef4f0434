"""Rules spanning several fields of the Steckbrief (see ``schema.RULES``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from app.proposals.schema_options import MEMBER_LEVEL_LAND, TIME_LIMITED_KINDS

END_NOT_AFTER_START = "Das Enddatum muss nach dem Beginn liegen."
END_AND_OPEN_ENDED = (
    "Bitte geben Sie entweder ein Enddatum an oder wählen Sie „bis auf Weiteres“, nicht beides."
)
REVIEW_BEFORE_START = "Die Überprüfung der Fortführung kann nicht vor dem Beginn liegen."
FINAL_BEFORE_INTERIM = "Der Abschlussbericht kann nicht vor dem Zwischenbericht liegen."
LAND_ONLY_FOR_LAND = "Ein Land ist nur bei der Ebene „Land“ anzugeben."
DUPLICATE_BODY = "Dieses Gremium ist bereits aufgeführt."
PROJECT_GROUP_TIME_LIMITED = (
    "Eine Projektgruppe ist immer befristet. Bitte geben Sie ein Enddatum an."
)

IndexedRows = list[tuple[int, dict[str, Any]]]
RowError = tuple[int, str, str]


def _dates(cleaned: Mapping[str, Any], *keys: str) -> tuple[str, ...] | None:
    """The ISO date strings under ``keys``, or None unless all are given."""
    values = tuple(cleaned.get(key) for key in keys)
    return values if all(isinstance(value, str) and value for value in values) else None


def _end_date_errors(cleaned: Mapping[str, Any]) -> dict[str, str]:
    if cleaned.get("end_date") and cleaned.get("open_ended"):
        return {"end_date": END_AND_OPEN_ENDED}
    dates = _dates(cleaned, "start_date", "end_date")
    return {"end_date": END_NOT_AFTER_START} if dates and dates[1] <= dates[0] else {}


def _review_date_errors(cleaned: Mapping[str, Any]) -> dict[str, str]:
    dates = _dates(cleaned, "start_date", "review_date")
    return {"review_date": REVIEW_BEFORE_START} if dates and dates[1] < dates[0] else {}


def _report_date_errors(cleaned: Mapping[str, Any]) -> dict[str, str]:
    dates = _dates(cleaned, "interim_report_date", "final_report_date")
    return {"final_report_date": FINAL_BEFORE_INTERIM} if dates and dates[1] < dates[0] else {}


# ISO dates compare correctly as strings, so the rules work on cleaned (stored) values.
_SECTION_RULES: dict[str, tuple[Callable[[Mapping[str, Any]], dict[str, str]], ...]] = {
    "establishment": (_end_date_errors, _review_date_errors),
    "reporting": (_report_date_errors,),
}


def section_rule_errors(section_key: str, cleaned: Mapping[str, Any]) -> dict[str, str]:
    """Errors of the rules between scalar fields of one cleaned section, by field key."""
    errors: dict[str, str] = {}
    for rule in _SECTION_RULES.get(section_key, ()):
        for key, message in rule(cleaned).items():
            errors.setdefault(key, message)
    return errors


def _member_errors(rows: IndexedRows) -> list[RowError]:
    return [
        (index, "land", LAND_ONLY_FOR_LAND)
        for index, row in rows
        if row.get("land") and row.get("level") != MEMBER_LEVEL_LAND
    ]


def _related_body_errors(rows: IndexedRows) -> list[RowError]:
    seen: set[int] = set()
    errors = []
    for index, row in rows:
        body = row.get("body")
        if not isinstance(body, int):
            continue
        if body in seen:
            errors.append((index, "body", DUPLICATE_BODY))
        seen.add(body)
    return errors


_ROW_RULES: dict[str, Callable[[IndexedRows], list[RowError]]] = {
    "members": _member_errors,
    "related_bodies": _related_body_errors,
}


def row_rule_errors(list_key: str, rows: IndexedRows) -> list[RowError]:
    """Errors of the rules within the rows of a list, as (submitted index, sub-key, message)."""
    rule = _ROW_RULES.get(list_key)
    return rule(rows) if rule else []


def get_value(data: Any, section_key: str, field_key: str) -> Any:
    """A stored value, None if the document or section is missing or malformed."""
    section_data = data.get(section_key) if isinstance(data, Mapping) else None
    return section_data.get(field_key) if isinstance(section_data, Mapping) else None


def cross_check(data: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """Errors of the rules between sections, as {section key: {field name: message}}."""
    kind = get_value(data, "master_data", "kind")
    if (
        isinstance(kind, str)
        and kind in TIME_LIMITED_KINDS
        and get_value(data, "establishment", "open_ended") is True
    ):
        return {"establishment": {"end_date": PROJECT_GROUP_TIME_LIMITED}}
    return {}

"""Normalising and validating Gremiensteckbrief input: pure functions, no Flask, no database.

Raw input (``clean_section``) is a flat, form-like mapping (a werkzeug ``MultiDict`` or a
plain dict) keyed by form field name: ``<field>`` for scalar fields and
``<list>-<index>-<sub>`` for the rows of a list field (WTForms ``FieldList(FormField())``
naming), e.g. ``{"name": "…", "members-0-level": "land", "members-0-land": "by"}``. Values
are strings; a multichoice field takes several values (``getlist`` or a list). Keys of
other sections and unknown keys are ignored and never stored.

Stored shape: ``{"<section>": {"<field>": value, "<list>": [{"<sub>": value}, …]}}`` with
every field of a saved section present. Unanswered: ``None``; ``[]`` for multichoice and
lists; ``False`` for bool. Text: stripped, NFC, ``\\n`` line breaks. Date: ISO string
``"2026-03-01"``. Choice: option value string; multichoice: list in option order. Integer
and body reference: JSON int. Decimal: string with exactly ``places`` decimals and a dot,
e.g. ``"1500.00"`` (no float rounding). Rows: empty rows dropped, re-numbered from 0.
"""

from __future__ import annotations

import json
import re
from collections.abc import Container, Mapping
from functools import cache
from typing import Any

from app.proposals.schema import SECTIONS, Field, Section, section
from app.proposals.schema_types import german_number
from app.proposals.validation_completeness import (
    STATUS_LABELS,
    Missing,
    missing_for_submission,
    section_status,
    section_statuses,
)
from app.proposals.validation_rules import cross_check, row_rule_errors, section_rule_errors
from app.proposals.validation_values import clean_value, empty_value, is_empty, raw_values

__all__ = [
    "STATUS_LABELS",
    "Missing",
    "clean_section",
    "cross_check",
    "empty_section",
    "flatten_section",
    "missing_for_submission",
    "section_status",
    "section_statuses",
    "validate_document",
]

TOO_MANY_ROWS = "Höchstens {limit} Einträge erlaubt."
NOT_AN_OBJECT = "{where}: Erwartet wird ein Objekt."
UNKNOWN_KEY = "{where}: Unbekannter Schlüssel „{key}“."
NOT_CANONICAL = "{where}: Die gespeicherten Werte sind nicht normalisiert."
NOT_JSON = "{where}: Die Werte sind nicht als JSON speicherbar."

_SECTION_KEYS = frozenset(spec.key for spec in SECTIONS)


def _clean_field(
    found: Field, name: str, raw: Mapping[str, Any], body_ids: Container[int], errors: dict
) -> Any:
    """The cleaned value under form name ``name``; on error, record it and store empty."""
    value, message = clean_value(found, raw_values(raw, name), body_ids)
    if message:
        errors.setdefault(name, message)
        return empty_value(found)
    return value


@cache
def _row_name_pattern(list_key: str, sub_keys: tuple[str, ...]) -> re.Pattern[str]:
    """Matches ``<list>-<index>-<sub>`` as a form renders it (no leading zeros)."""
    subs = "|".join(re.escape(key) for key in sub_keys)
    return re.compile(rf"{re.escape(list_key)}-(0|[1-9][0-9]*)-(?:{subs})")


def _row_indices(found: Field, raw: Mapping[str, Any], errors: dict) -> list[int]:
    """The submitted row indices, sorted; an index beyond ``max_rows`` is an error."""
    pattern = _row_name_pattern(found.key, tuple(sub.key for sub in found.rows))
    indices = set()
    for name in raw:
        match = pattern.fullmatch(name) if isinstance(name, str) else None
        if not match:
            continue
        digits = match.group(1)
        if len(digits) > 6 or int(digits) >= found.max_rows:
            errors.setdefault(found.key, TOO_MANY_ROWS.format(limit=german_number(found.max_rows)))
            continue
        indices.add(int(digits))
    return sorted(indices)


def _clean_rows(
    found: Field, raw: Mapping[str, Any], body_ids: Container[int], errors: dict
) -> list[dict]:
    """The non-empty rows of a list field in index order; offending values are dropped."""
    rows = {
        index: {
            sub.key: _clean_field(sub, f"{found.key}-{index}-{sub.key}", raw, body_ids, errors)
            for sub in found.rows
        }
        for index in _row_indices(found, raw, errors)
    }
    for index, sub_key, message in row_rule_errors(found.key, list(rows.items())):
        errors.setdefault(f"{found.key}-{index}-{sub_key}", message)
        rows[index][sub_key] = empty_value(found.row_field(sub_key))
    return [row for row in rows.values() if not all(is_empty(value) for value in row.values())]


def clean_section(
    section_key: str, raw: Mapping[str, Any], *, body_ids: Container[int]
) -> tuple[dict, dict[str, str]]:
    """Normalise one section's raw form input into (stored section, errors by form name).

    Missing required values are not errors (drafts may be incomplete), malformed ones
    are. Values that caused an error are left out of the stored section, so it always
    passes ``validate_document``; still, store it only when ``errors`` is empty.
    """
    spec = section(section_key)
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for found in spec.fields:
        if found.is_list:
            cleaned[found.key] = _clean_rows(found, raw, body_ids, errors)
        else:
            cleaned[found.key] = _clean_field(found, found.key, raw, body_ids, errors)
    for key, message in section_rule_errors(section_key, cleaned).items():
        errors.setdefault(key, message)
        cleaned[key] = empty_value(spec.field(key))
    return cleaned, errors


def empty_section(section_key: str) -> dict:
    """A section with every field unanswered."""
    return {found.key: empty_value(found) for found in section(section_key).fields}


def flatten_section(section_key: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """A stored section as raw form input (the inverse of ``clean_section``)."""
    flat: dict[str, Any] = {}
    for found in section(section_key).fields:
        value = data.get(found.key)
        if not found.is_list:
            flat[found.key] = value
            continue
        for index, row in enumerate(value if isinstance(value, list) else []):
            for sub in found.rows if isinstance(row, Mapping) else ():
                flat[f"{found.key}-{index}-{sub.key}"] = row.get(sub.key)
    return flat


def _with_defaults(spec: Section, stored: Mapping[str, Any]) -> dict:
    """The known fields of a stored section; fields added to the schema later count as empty."""
    expected = {found.key: stored.get(found.key, empty_value(found)) for found in spec.fields}
    for found in spec.fields:
        value = expected[found.key]
        if found.is_list and isinstance(value, list):
            defaults = {sub.key: empty_value(sub) for sub in found.rows}
            expected[found.key] = [
                {**defaults, **row} if isinstance(row, Mapping) else row for row in value
            ]
    return expected


def _canonical_json(value: Any) -> str | None:
    try:
        return json.dumps(value, sort_keys=True, allow_nan=False)
    except (TypeError, ValueError):
        return None


def _section_problems(spec: Section, stored: Any, body_ids: Container[int]) -> list[str]:
    """Why one stored section is not what ``clean_section`` would store."""
    if not isinstance(stored, Mapping):
        return [NOT_AN_OBJECT.format(where=spec.key)]
    problems = [
        UNKNOWN_KEY.format(where=spec.key, key=key)
        for key in stored
        if key not in {found.key for found in spec.fields}
    ]
    cleaned, errors = clean_section(spec.key, flatten_section(spec.key, stored), body_ids=body_ids)
    problems += [f"{spec.key}.{name}: {message}" for name, message in errors.items()]
    stored_json = _canonical_json(_with_defaults(spec, stored))
    if stored_json is None:
        problems.append(NOT_JSON.format(where=spec.key))
    elif not errors and stored_json != _canonical_json(cleaned):
        problems.append(NOT_CANONICAL.format(where=spec.key))
    return problems


def validate_document(data: Any, *, body_ids: Container[int]) -> list[str]:
    """Re-validate a whole stored document; an empty list means it is valid (maybe a draft)."""
    if not isinstance(data, Mapping):
        return [NOT_AN_OBJECT.format(where="Steckbrief")]
    problems = [
        UNKNOWN_KEY.format(where="Steckbrief", key=key) for key in data if key not in _SECTION_KEYS
    ]
    for spec in SECTIONS:
        if spec.key in data:
            problems += _section_problems(spec, data[spec.key], body_ids)
    for key, section_errors in cross_check(data).items():
        problems += [f"{key}.{name}: {message}" for name, message in section_errors.items()]
    return problems

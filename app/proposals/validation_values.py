"""Cleaning of single values: raw form input to the JSON value stored on a proposal."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container, Mapping
from decimal import Decimal
from typing import Any

from email_validator import EmailNotValidError, validate_email

from app.forms_common import DateInputError, parse_german_date
from app.proposals.schema_types import (
    BODY_REF,
    BOOL,
    CHOICE,
    DATE,
    DATE_MAX_YEAR,
    DATE_MIN_YEAR,
    DECIMAL,
    EMAIL,
    INTEGER,
    LIST,
    MULTICHOICE,
    TEXT,
    TEXTAREA,
    Field,
    german_number,
)

INVALID_INPUT = "Ungültige Eingabe."
INVALID_CHOICE = "Ungültige Auswahl."
CONTROL_CHARS = "Steuerzeichen sind nicht erlaubt."
TOO_LONG = "Höchstens {limit} Zeichen erlaubt."
DATE_OUT_OF_RANGE = f"Das Datum muss zwischen {DATE_MIN_YEAR} und {DATE_MAX_YEAR} liegen."
INVALID_INTEGER = "Bitte geben Sie eine ganze Zahl an."
INVALID_DECIMAL = "Bitte geben Sie eine Zahl an, z. B. 1,5."
TOO_MANY_PLACES = "Höchstens {places} Nachkommastellen erlaubt."
OUT_OF_RANGE = "Bitte geben Sie einen Wert von {minimum} bis {maximum} an."
INVALID_EMAIL = "Bitte geben Sie eine gültige E-Mail-Adresse an."
UNKNOWN_BODY = "Bitte wählen Sie ein Gremium aus dem Register aus."

# C0/C1 controls, line/paragraph separators, bidi embeddings/overrides/isolates, surrogates.
_FORBIDDEN = "\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_CONTROL_SINGLE_LINE = re.compile(f"[\x00-\x1f{_FORBIDDEN}]")
_CONTROL_MULTILINE = re.compile(f"[\x00-\x08\x0b-\x1f{_FORBIDDEN}]")  # keeps \t and \n
_TRUE = frozenset({"y", "yes", "on", "true", "1", "ja"})
_FALSE = frozenset({"", "n", "no", "off", "false", "0", "nein"})
_INTEGER = re.compile(r"-?[0-9]{1,15}")
_DECIMAL = re.compile(r"(-?[0-9]{1,15})(?:[.,]([0-9]{1,15}))?")
_BODY_ID = re.compile(r"[0-9]{1,15}")

Cleaned = tuple[Any, str | None]


def raw_values(raw: Mapping[str, Any], name: str) -> list[Any]:
    """All values submitted under ``name`` (MultiDict or plain mapping)."""
    if hasattr(raw, "getlist"):
        return list(raw.getlist(name))
    value = raw.get(name)
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def as_string(value: Any) -> str | None:
    """A raw scalar as text; None if it cannot be one (e.g. a nested mapping)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "y" if value else ""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float | Decimal):
        return str(value)
    return None


def empty_value(found: Field) -> Any:
    """The stored value of an unanswered field."""
    if found.type in (MULTICHOICE, LIST):
        return []
    return False if found.type == BOOL else None


def is_empty(value: Any) -> bool:
    """Whether a stored value counts as unanswered (0 is an answer, False is not)."""
    if value is None or value is False:
        return True
    return isinstance(value, str | list | tuple | dict) and len(value) == 0


def normalise_text(value: str, *, multiline: bool) -> Cleaned:
    """NFC, unified line breaks, stripped; refuses control characters."""
    if multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = unicodedata.normalize("NFC", value).strip()
    pattern = _CONTROL_MULTILINE if multiline else _CONTROL_SINGLE_LINE
    if pattern.search(value):
        return None, CONTROL_CHARS
    return value, None


def clean_value(found: Field, values: list[Any], body_ids: Container[int]) -> Cleaned:
    """Clean the raw values submitted for one scalar field into (stored value, error)."""
    if found.type == MULTICHOICE:
        return _clean_multichoice(found, values)
    text = as_string(values[0]) if values else ""
    if text is None:
        return None, INVALID_INPUT
    text, error = normalise_text(text, multiline=found.type == TEXTAREA)
    if error:
        return None, error
    if found.type == BOOL:
        return _clean_bool(text)
    if text == "":
        return empty_value(found), None
    return _CLEANERS[found.type](found, text, body_ids)


def _clean_bool(text: str) -> Cleaned:
    lowered = text.lower()
    if lowered in _TRUE:
        return True, None
    return (False, None) if lowered in _FALSE else (None, INVALID_CHOICE)


def _clean_multichoice(found: Field, values: list[Any]) -> Cleaned:
    chosen = set()
    for value in values:
        text = as_string(value)
        text, error = normalise_text(text, multiline=False) if text is not None else (None, None)
        if error or text not in (*found.option_values, ""):
            return None, error or INVALID_CHOICE
        chosen.add(text)
    return [value for value in found.option_values if value in chosen], None


def _clean_text(found: Field, text: str, _body_ids: Container[int]) -> Cleaned:
    if found.max_length is not None and len(text) > found.max_length:
        return None, TOO_LONG.format(limit=german_number(found.max_length))
    if found.pattern and not re.fullmatch(found.pattern, text):
        return None, found.pattern_message or INVALID_INPUT
    return text, None


def _clean_email(found: Field, text: str, body_ids: Container[int]) -> Cleaned:
    text, error = _clean_text(found, text, body_ids)
    if error:
        return None, error
    try:
        normalized = validate_email(text, check_deliverability=False).normalized
    except EmailNotValidError:
        return None, INVALID_EMAIL
    return _clean_text(found, normalized, body_ids)


def _clean_choice(found: Field, text: str, _body_ids: Container[int]) -> Cleaned:
    return (text, None) if text in found.option_values else (None, INVALID_CHOICE)


def _clean_date(_found: Field, text: str, _body_ids: Container[int]) -> Cleaned:
    try:
        parsed = parse_german_date(text)
    except DateInputError as error:
        return None, error.message
    if not DATE_MIN_YEAR <= parsed.year <= DATE_MAX_YEAR:
        return None, DATE_OUT_OF_RANGE
    return parsed.isoformat(), None


def _in_range(found: Field, value: int | Decimal) -> str | None:
    if found.min_value <= value <= found.max_value:
        return None
    minimum, maximum = german_number(found.min_value), german_number(found.max_value)
    return OUT_OF_RANGE.format(minimum=minimum, maximum=maximum)


def _clean_integer(found: Field, text: str, _body_ids: Container[int]) -> Cleaned:
    if not _INTEGER.fullmatch(text):
        return None, INVALID_INTEGER
    value = int(text)
    error = _in_range(found, value)
    return (None, error) if error else (value, None)


def _clean_decimal(found: Field, text: str, _body_ids: Container[int]) -> Cleaned:
    match = _DECIMAL.fullmatch(text)
    if not match:
        return None, INVALID_DECIMAL
    whole, fraction = match.group(1), match.group(2) or ""
    if len(fraction) > found.places:
        return None, TOO_MANY_PLACES.format(places=found.places)
    value = Decimal(f"{whole}.{fraction or 0}")
    error = _in_range(found, value)
    if error:
        return None, error
    return f"{abs(value) if value == 0 else value:.{found.places}f}", None


def _clean_body_ref(_found: Field, text: str, body_ids: Container[int]) -> Cleaned:
    if not _BODY_ID.fullmatch(text):
        return None, INVALID_CHOICE
    value = int(text)
    return (value, None) if value in body_ids else (None, UNKNOWN_BODY)


_CLEANERS = {
    TEXT: _clean_text,
    TEXTAREA: _clean_text,
    EMAIL: _clean_email,
    CHOICE: _clean_choice,
    DATE: _clean_date,
    INTEGER: _clean_integer,
    DECIMAL: _clean_decimal,
    BODY_REF: _clean_body_ref,
}

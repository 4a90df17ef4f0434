"""A stored Steckbrief as German text: dates TT.MM.JJJJ, options by label, bodies by name
(the values through app.formatting)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.formatting import body_reference, german_date, german_decimal, german_number
from app.proposals.schema import SECTIONS, Field, Section, step_of_section
from app.proposals.schema_types import BODY_REF, BOOL, CHOICE, DATE, DECIMAL, INTEGER, MULTICHOICE

NOT_GIVEN = _l("keine Angabe")


@dataclass(frozen=True)
class DisplayItem:
    """One field: plain text, a bulleted list (one-column rows) or a table (rows)."""

    key: str
    label: str
    text: str = ""
    entries: tuple[str, ...] = ()
    headers: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    is_list: bool = False


@dataclass(frozen=True)
class DisplaySection:
    """One section with its number, title, wizard step and items."""

    key: str
    number: int
    title: str
    step_key: str
    items: list[DisplayItem] = field(default_factory=list)
    started: bool = False


def format_value(found: Field, value: Any, body_names: Mapping[int, str]) -> str:
    """One scalar stored value as German text ('' if unanswered): the one way the page, the
    reviewers' diff and the PDFs show a Steckbrief value."""
    if found.type == BOOL:
        return _("ja") if value is True else _("nein")
    if value is None or value == "" or value == []:
        return ""
    if found.type == DATE:
        return german_date(value)
    if found.type == CHOICE:
        return found.option_label(value)
    if found.type == MULTICHOICE:
        items = value if isinstance(value, list) else [value]
        return ", ".join(found.option_label(item) for item in items)
    if found.type == BODY_REF:
        return body_names[value] if value in body_names else body_reference(value)
    if found.type == INTEGER:
        return german_number(value)
    if found.type == DECIMAL:
        return german_decimal(value, found.places)
    return str(value)


def _list_item(found: Field, rows: Any, body_names: Mapping[int, str]) -> DisplayItem:
    rows = [row for row in rows if isinstance(row, Mapping)] if isinstance(rows, list) else []
    if len(found.rows) == 1:
        sub = found.rows[0]
        entries = tuple(format_value(sub, row.get(sub.key), body_names) for row in rows)
        return DisplayItem(found.key, found.label, entries=entries, is_list=True)
    table = tuple(
        tuple(format_value(sub, row.get(sub.key), body_names) for sub in found.rows) for row in rows
    )
    headers = tuple(sub.label for sub in found.rows)
    return DisplayItem(found.key, found.label, headers=headers, rows=table, is_list=True)


def _section(spec: Section, number: int, data: Any, body_names: Mapping[int, str]):
    data = data if isinstance(data, Mapping) else {}
    items = []
    for found in spec.fields:
        value = data.get(found.key)
        if found.is_list:
            items.append(_list_item(found, value, body_names))
        else:
            text = format_value(found, value, body_names) if found.key in data else ""
            items.append(DisplayItem(found.key, found.label, text=text))
    key, step_key = spec.key, step_of_section(spec.key).key
    return DisplaySection(key, number, spec.title, step_key, items, started=bool(data))


def _body_refs(found: Field, value: Any) -> list[Any]:
    if found.type == BODY_REF:
        return [value]
    if not found.is_list or not isinstance(value, list):
        return []
    subs = [sub for sub in found.rows if sub.type == BODY_REF]
    return [row.get(sub.key) for row in value if isinstance(row, Mapping) for sub in subs]


def body_ref_ids(content: Mapping[str, Any] | None) -> set[int]:
    """The ids of the registry bodies a stored Steckbrief names (the only names its display
    and a diff of it look up)."""
    content = content if isinstance(content, Mapping) else {}
    ids: set[int] = set()
    for spec in SECTIONS:
        data = content.get(spec.key)
        if not isinstance(data, Mapping):
            continue
        for found in spec.fields:
            for value in _body_refs(found, data.get(found.key)):
                if isinstance(value, int) and not isinstance(value, bool):
                    ids.add(value)
    return ids


def steckbrief_display(
    content: Mapping[str, Any] | None, body_names: Mapping[int, str] | None = None
) -> list[DisplaySection]:
    """Every section of a stored Steckbrief, ready for the template."""
    content = content if isinstance(content, Mapping) else {}
    names = body_names or {}
    return [
        _section(spec, number, content.get(spec.key), names)
        for number, spec in enumerate(SECTIONS, start=1)
    ]

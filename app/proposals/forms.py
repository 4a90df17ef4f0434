"""The step form as a view model built from the schema, and the parsing of its buttons.

Validation is the schema's (``validation.clean_section``); these classes only describe
what to render: the values exactly as typed (or stored values formatted for input), the
errors by form field name, and the rows of each list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from werkzeug.datastructures import MultiDict

from app.formatting import german_date
from app.forms_common import DATE_HINT
from app.proposals.schema import Field, Step, section
from app.proposals.schema_types import (
    BODY_REF,
    BOOL,
    CHOICE,
    DATE,
    DECIMAL,
    EMAIL,
    INTEGER,
    MULTICHOICE,
    TEXTAREA,
)
from app.proposals.validation import flatten_section

SAVE_NEXT = "next"
SAVE_STAY = "stay"
_ROW_ACTION = re.compile(r"(add):([a-z_]+)|(remove):([a-z_]+)-(0|[1-9][0-9]{0,5})")
_NEW_ROW = re.compile(r"([a-z_]+)-(0|[1-9][0-9]{0,5})")
_WIDGETS = {
    TEXTAREA: "textarea",
    CHOICE: "select",
    BODY_REF: "select",
    MULTICHOICE: "checkboxes",
    BOOL: "checkbox",
    DATE: "date",
    INTEGER: "integer",
    DECIMAL: "decimal",
    EMAIL: "email",
}


@dataclass(frozen=True)
class StepAction:
    """What a step form's button asks for: save (and go on or stay), add or remove a row."""

    kind: str
    list_key: str | None = None
    index: int | None = None


class BadAction(ValueError):
    """The form's button value is unknown or names a row that does not exist."""


def step_lists(spec: Step) -> dict[str, Field]:
    """The list fields of a step by key."""
    return {
        found.key: found
        for section_key in spec.sections
        for found in section(section_key).fields
        if found.is_list
    }


def parse_action(value: str | None, spec: Step) -> StepAction:
    """The action of a step form's button; BadAction if forged."""
    if value in (None, "", SAVE_NEXT):
        return StepAction(SAVE_NEXT)
    if value == SAVE_STAY:
        return StepAction(SAVE_STAY)
    match = _ROW_ACTION.fullmatch(value)
    lists = step_lists(spec)
    if not match:
        raise BadAction(value)
    if match.group(1):
        if match.group(2) not in lists:
            raise BadAction(value)
        return StepAction("add", match.group(2))
    list_key, index = match.group(4), int(match.group(5))
    if list_key not in lists or index >= lists[list_key].max_rows:
        raise BadAction(value)
    return StepAction("remove", list_key, index)


def submitted_indices(raw: Mapping[str, Any], found: Field) -> list[int]:
    """The row indices of a list present in the form input, below ``max_rows``."""
    prefix = f"{found.key}-"
    subs = {sub.key for sub in found.rows}
    indices = set()
    for name in raw:
        head, _, sub = name.rpartition("-")
        if sub in subs and head.startswith(prefix):
            digits = head[len(prefix) :]
            if _NEW_ROW.fullmatch(f"x-{digits}") and int(digits) < found.max_rows:
                indices.add(int(digits))
    return sorted(indices)


def without_row(raw: MultiDict, found: Field, index: int) -> MultiDict:
    """The form input without the row ``index`` of list ``found``; BadAction if absent."""
    if index not in submitted_indices(raw, found):
        raise BadAction(f"{found.key}-{index}")
    prefix = f"{found.key}-{index}-"
    return MultiDict(
        [(name, value) for name, value in raw.items(multi=True) if not name.startswith(prefix)]
    )


def parse_new_row(value: str | None, spec: Step) -> tuple[str, int] | None:
    """The ``?zeile=<list>-<index>`` of a freshly added row, if valid for this step."""
    match = _NEW_ROW.fullmatch(value or "")
    lists = step_lists(spec)
    if not match or match.group(1) not in lists:
        return None
    index = int(match.group(2))
    return (match.group(1), index) if index < lists[match.group(1)].max_rows else None


def _input_text(found: Field, value: Any) -> list[str]:
    """A stored value as the text an input shows."""
    if value is None or value is False:
        return []
    if found.type == BOOL:
        return ["y"]
    if found.type == MULTICHOICE:
        return [str(item) for item in value]
    if found.type == DATE:
        return [german_date(value)]
    if found.type == DECIMAL:  # typed without thousands separators, as the parser reads it
        return [str(value).replace(".", ",")]
    return [str(value)]


def stored_as_input(content: Mapping[str, Any], spec: Step) -> MultiDict:
    """The stored sections of a step as form input (what the user would have typed)."""
    values = MultiDict()
    for section_key in spec.sections:
        stored = content.get(section_key) or {}
        owner = section(section_key)
        for name, value in flatten_section(section_key, stored).items():
            list_key, _, sub_key = name.partition("-")
            found = owner.field(list_key)
            found = found.row_field(name.rsplit("-", 1)[1]) if sub_key else found
            for text in _input_text(found, value):
                values.add(name, text)
    return values


@dataclass
class FieldView:
    """One rendered input: name (= id), label, hint, value(s) as typed, options, errors."""

    name: str
    label: str
    hint: str
    widget: str
    values: list[str]
    options: list[tuple[str, str]]
    required: bool
    max_length: int | None
    errors: list[str]
    autofocus: bool = False
    condition: str = ""
    type: str = "SteckbriefField"

    @property
    def id(self) -> str:
        """The element id, equal to the form field name."""
        return self.name

    @property
    def value(self) -> str:
        """The first value (single-valued inputs)."""
        return self.values[0] if self.values else ""

    @property
    def described_by(self) -> str:
        """The ids of the hint and the error messages."""
        ids = [f"{self.name}-hint"] if self.hint else []
        return " ".join(ids + [f"{self.name}-error-{i}" for i in range(1, len(self.errors) + 1)])


@dataclass
class RowView:
    """One row of a list: a fieldset with its own inputs."""

    index: int
    number: int
    fields: list[FieldView]


@dataclass
class ListView:
    """A list field: its rows, whether another may be added, its own errors."""

    name: str
    label: str
    hint: str
    rows: list[RowView]
    max_rows: int
    required: bool
    errors: list[str]
    widget: str = "list"
    type: str = "SteckbriefList"

    @property
    def id(self) -> str:
        """The fieldset id, equal to the list key."""
        return self.name

    @property
    def can_add(self) -> bool:
        """Whether the list may take another row."""
        return len(self.rows) < self.max_rows


@dataclass
class SectionView:
    """A section of the step: its inputs and lists in schema order."""

    key: str
    title: str
    intro: str
    items: list[FieldView | ListView]


@dataclass
class StepForm:
    """The whole step form; iterating yields every input and list (for the error summary)."""

    sections: list[SectionView]
    form_errors: list[str] = field(default_factory=list)

    def __iter__(self) -> Iterator[FieldView | ListView]:
        for view in self.sections:
            for item in view.items:
                yield item
                if isinstance(item, ListView):
                    for row in item.rows:
                        yield from row.fields


def offered(found: Field, values: MultiDict, name: str) -> list[tuple[str, str]]:
    """The options to show: the offered ones, and a retired one the answer still holds."""
    options = list(found.offered_options())
    shown = {value for value, _label in options}
    for value in values.getlist(name):
        if value not in shown and value in found.option_values:
            options.append((value, found.option_label(value)))
    return options


class StepFormBuilder:
    """Builds a StepForm from form input, errors and the registry's body choices."""

    def __init__(self, values: MultiDict, errors: Mapping[str, str], bodies: list) -> None:
        self.values = values
        self.errors = errors
        self.bodies = bodies

    def field(self, found: Field, name: str, autofocus: bool = False) -> FieldView:
        """The view of one input named ``name``."""
        widget = _WIDGETS.get(found.type, "text")
        options = self.bodies if found.type == BODY_REF else offered(found, self.values, name)
        hint = found.help or (str(DATE_HINT) if found.type == DATE else "")
        if found.type == DATE and found.help:
            hint = f"{found.help} {DATE_HINT}"
        errors = [self.errors[name]] if name in self.errors else []
        values = [str(value) for value in self.values.getlist(name)]
        return FieldView(
            name=name,
            label=found.label,
            hint=hint,
            widget=widget,
            values=values,
            options=options,
            required=found.required_for_submission,
            max_length=found.max_length,
            errors=errors,
            autofocus=autofocus,
            condition=found.condition,
        )

    def rows(self, found: Field, new_row: tuple[str, int] | None) -> ListView:
        """The view of a list: the submitted rows (at least one), plus a new one if asked."""
        indices = submitted_indices(self.values, found) or [0]
        if new_row and new_row[0] == found.key:
            indices = sorted(set(indices) | set(range(new_row[1] + 1)))[: found.max_rows]
        focus = new_row[1] if new_row and new_row[0] == found.key else None
        rows = [
            RowView(index, number, self._row_fields(found, index, index == focus))
            for number, index in enumerate(indices, start=1)
        ]
        errors = [self.errors[found.key]] if found.key in self.errors else []
        return ListView(
            name=found.key,
            label=found.label,
            hint=found.help,
            rows=rows,
            max_rows=found.max_rows,
            required=found.required_for_submission,
            errors=errors,
        )

    def _row_fields(self, found: Field, index: int, focus: bool) -> list[FieldView]:
        return [
            self.field(sub, f"{found.key}-{index}-{sub.key}", focus and position == 0)
            for position, sub in enumerate(found.rows)
        ]

    def build(self, spec: Step, new_row: tuple[str, int] | None = None) -> StepForm:
        """The form of one step."""
        views = []
        for section_key in spec.sections:
            owner = section(section_key)
            items = [
                self.rows(found, new_row) if found.is_list else self.field(found, found.key)
                for found in owner.fields
            ]
            views.append(SectionView(owner.key, owner.title, owner.intro, items))
        return StepForm(views)

"""Building blocks of the Gremiensteckbrief schema: field types, fields, sections, steps."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

TEXT = "text"
TEXTAREA = "textarea"
CHOICE = "choice"
MULTICHOICE = "multichoice"
DATE = "date"
BOOL = "bool"
INTEGER = "integer"
DECIMAL = "decimal"
EMAIL = "email"
BODY_REF = "body_ref"
LIST = "list"

FIELD_TYPES = (
    TEXT,
    TEXTAREA,
    CHOICE,
    MULTICHOICE,
    DATE,
    BOOL,
    INTEGER,
    DECIMAL,
    EMAIL,
    BODY_REF,
    LIST,
)
TEXT_TYPES = (TEXT, TEXTAREA, EMAIL)
CHOICE_TYPES = (CHOICE, MULTICHOICE)

# Default limits; a field may set its own, and limits_table() documents every one.
TEXT_MAX_LENGTH = 200
TEXTAREA_MAX_LENGTH = 5000
EMAIL_MAX_LENGTH = 254
DATE_MIN_YEAR = 1990
DATE_MAX_YEAR = 2100

Option = tuple[str, str]
# Options kept as data: called with include_retired, returns (value, label) pairs in order.
OptionSource = Callable[[bool], tuple[Option, ...]]


def german_number(value: object) -> str:
    """A number in German notation, thousands separated by dots (no decimals here)."""
    return f"{value:,}".replace(",", ".")


@dataclass(frozen=True)
class Field:
    """One input of the Steckbrief: its type, German texts and limits."""

    key: str
    type: str
    label: str
    help: str = ""
    required_for_submission: bool = False
    max_length: int | None = None
    options: tuple[Option, ...] = ()
    options_from: OptionSource | None = None
    min_value: int | Decimal | None = None
    max_value: int | Decimal | None = None
    places: int = 0
    pattern: str | None = None
    pattern_message: str = ""
    rows: tuple[Field, ...] = ()
    min_rows: int = 0
    max_rows: int = 0
    # When the requirement depends on other answers: said next to the label instead of
    # "optional" (e.g. the end date, needed unless "bis auf Weiteres").
    condition: str = ""

    @property
    def is_list(self) -> bool:
        """Whether the field holds rows of sub-fields."""
        return self.type == LIST

    def offered_options(self) -> tuple[Option, ...]:
        """The options a new answer may choose from (data-kept options: the current ones)."""
        return self.options_from(False) if self.options_from else self.options

    def known_options(self) -> tuple[Option, ...]:
        """Every option a stored answer may hold (data-kept options: retired ones too)."""
        return self.options_from(True) if self.options_from else self.options

    @property
    def option_values(self) -> tuple[str, ...]:
        """The stored values of the options, in display order (retired ones included, so
        that a proposal keeps the option it chose)."""
        return tuple(value for value, _label in self.known_options())

    def option_label(self, value: object) -> str:
        """The German label of an option value (the value itself if unknown)."""
        return dict(self.known_options()).get(value, "" if value is None else str(value))

    def row_field(self, key: str) -> Field:
        """The sub-field ``key`` of a list field."""
        for sub in self.rows:
            if sub.key == key:
                return sub
        raise KeyError(f"{self.key}.{key}")


@dataclass(frozen=True)
class Section:
    """One of the 15 sections of the Steckbrief."""

    key: str
    title: str
    intro: str
    fields: tuple[Field, ...]

    def field(self, key: str) -> Field:
        """The field ``key`` of this section."""
        for candidate in self.fields:
            if candidate.key == key:
                return candidate
        raise KeyError(f"{self.key}.{key}")


@dataclass(frozen=True)
class Step:
    """A page of the form wizard, grouping one or more sections."""

    key: str
    title: str
    sections: tuple[str, ...]


def text(key: str, label: str, help: str = "", *, required: bool = False, **limits) -> Field:
    """A single-line text field (default 200 characters)."""
    limits.setdefault("max_length", TEXT_MAX_LENGTH)
    return Field(key, TEXT, label, help, required, **limits)


def textarea(key: str, label: str, help: str = "", *, required: bool = False, **limits) -> Field:
    """A multi-line text field (default 5000 characters)."""
    limits.setdefault("max_length", TEXTAREA_MAX_LENGTH)
    return Field(key, TEXTAREA, label, help, required, **limits)


def email(key: str, label: str, help: str = "", *, required: bool = False) -> Field:
    """An e-mail address."""
    return Field(key, EMAIL, label, help, required, max_length=EMAIL_MAX_LENGTH)


def choice(
    key: str,
    label: str,
    options: tuple[Option, ...] | OptionSource,
    help: str = "",
    *,
    required: bool = False,
) -> Field:
    """A single choice among options (a tuple, or a function for options kept as data)."""
    if callable(options):
        return Field(key, CHOICE, label, help, required, options_from=options)
    return Field(key, CHOICE, label, help, required, options=options)


def multichoice(
    key: str,
    label: str,
    options: tuple[Option, ...] | OptionSource,
    help: str = "",
    *,
    required: bool = False,
) -> Field:
    """Any number of choices among options (a tuple, or a function for data-kept options)."""
    if callable(options):
        return Field(key, MULTICHOICE, label, help, required, options_from=options)
    return Field(key, MULTICHOICE, label, help, required, options=options)


def date(
    key: str, label: str, help: str = "", *, required: bool = False, condition: str = ""
) -> Field:
    """A calendar date."""
    return Field(key, DATE, label, help, required, condition=condition)


def boolean(key: str, label: str, help: str = "") -> Field:
    """A yes/no checkbox; always answered, so never required."""
    return Field(key, BOOL, label, help)


def integer(
    key: str, label: str, help: str = "", *, minimum: int, maximum: int, required: bool = False
) -> Field:
    """A whole number within bounds."""
    return Field(key, INTEGER, label, help, required, min_value=minimum, max_value=maximum)


def decimal(
    key: str,
    label: str,
    help: str = "",
    *,
    minimum: Decimal,
    maximum: Decimal,
    places: int = 2,
    required: bool = False,
) -> Field:
    """A decimal number within bounds with at most ``places`` decimals."""
    return Field(
        key, DECIMAL, label, help, required, min_value=minimum, max_value=maximum, places=places
    )


def body_ref(key: str, label: str, help: str = "", *, required: bool = False) -> Field:
    """The id of a body in the registry."""
    return Field(key, BODY_REF, label, help, required)


def rows(
    key: str,
    label: str,
    row_fields: tuple[Field, ...],
    help: str = "",
    *,
    min_rows: int = 0,
    max_rows: int,
) -> Field:
    """A list of rows of sub-fields; required for submission iff ``min_rows`` > 0."""
    return Field(
        key, LIST, label, help, min_rows > 0, rows=row_fields, min_rows=min_rows, max_rows=max_rows
    )

"""The Gremiensteckbrief as data: sections, steps, option lists and their limits.

The fields live in ``schema_purpose`` (sections 1–6) and ``schema_organisation``
(sections 7–15); the office adjusts the Steckbrief there. Field keys are unique across
all sections, so one wizard step can be one flat form without prefixes.
"""

from __future__ import annotations

from app.proposals.schema_options import (
    FOCUS_TOPICS,
    KINDS,
    LAENDER,
    MEMBER_LEVEL_LAND,
    MEMBER_LEVELS,
    TIME_LIMITED_KINDS,
)
from app.proposals.schema_organisation import ORGANISATION_SECTIONS
from app.proposals.schema_purpose import PURPOSE_SECTIONS
from app.proposals.schema_types import (
    BODY_REF,
    BOOL,
    CHOICE,
    DATE,
    DATE_MAX_YEAR,
    DATE_MIN_YEAR,
    DECIMAL,
    FIELD_TYPES,
    INTEGER,
    LIST,
    MULTICHOICE,
    TEXT_TYPES,
    Field,
    Section,
    Step,
    german_number,
)

__all__ = [
    "FIELD_TYPES",
    "FOCUS_TOPICS",
    "KINDS",
    "LAENDER",
    "MEMBER_LEVELS",
    "MEMBER_LEVEL_LAND",
    "RULES",
    "SCHEMA_VERSION",
    "SECTIONS",
    "STEPS",
    "TIME_LIMITED_KINDS",
    "Field",
    "Section",
    "Step",
    "field",
    "label_for",
    "limits_table",
    "section",
    "step",
    "step_of_section",
]

# Store this beside each document; bump it when a change needs a data migration.
SCHEMA_VERSION = 1

SECTIONS: tuple[Section, ...] = PURPOSE_SECTIONS + ORGANISATION_SECTIONS

STEPS: tuple[Step, ...] = (
    Step("basics", "Stammdaten und Befristung", ("master_data", "establishment")),
    Step("mandate", "Anlass, Auftrag und Ziele", ("mandate", "goals")),
    Step("work_plan", "Aufgaben und Ergebnisse", ("tasks", "results")),
    Step("organisation", "Zusammensetzung und Leitung", ("composition", "leadership", "office")),
    Step("operations", "Arbeitsweise und Ressourcen", ("working_method", "reporting", "resources")),
    Step("boundaries", "Abgrenzung und Evaluation", ("interfaces", "evaluation")),
    Step("contacts", "Ansprechpersonen", ("contacts",)),
)

# Rules spanning several fields, as enforced by app.proposals.validation.
RULES: tuple[tuple[str, str], ...] = (
    ("establishment", "Das Enddatum liegt nach dem Beginn."),
    ("establishment", "Entweder ein Enddatum oder „bis auf Weiteres“, nicht beides."),
    ("establishment", "Zur Einreichung ist ein Enddatum oder „bis auf Weiteres“ nötig."),
    ("establishment", "Eine Projektgruppe hat immer ein Enddatum."),
    ("establishment", "Die Überprüfung der Fortführung liegt nicht vor dem Beginn."),
    ("composition", "Ein Land wird genau bei Mitgliedern der Ebene „Land“ angegeben."),
    ("reporting", "Der Abschlussbericht liegt nicht vor dem Zwischenbericht."),
    ("interfaces", "Jedes verwandte Gremium erscheint nur einmal."),
    ("interfaces", "Zu sehr ähnlichen Gremien ist eine Abgrenzung nötig."),
    ("contacts", "Jede Ansprechperson hat eine E-Mail-Adresse oder eine Telefonnummer."),
)

_SECTIONS_BY_KEY = {candidate.key: candidate for candidate in SECTIONS}
_STEPS_BY_KEY = {candidate.key: candidate for candidate in STEPS}


def section(key: str) -> Section:
    """The section ``key``; KeyError if unknown."""
    return _SECTIONS_BY_KEY[key]


def step(key: str) -> Step:
    """The wizard step ``key``; KeyError if unknown."""
    return _STEPS_BY_KEY[key]


def step_of_section(key: str) -> Step:
    """The wizard step that shows section ``key``."""
    for candidate in STEPS:
        if key in candidate.sections:
            return candidate
    raise KeyError(key)


def field(section_key: str, field_key: str) -> Field:
    """A field by section and key; ``"members.land"`` names a sub-field of a list."""
    list_key, _, sub_key = field_key.partition(".")
    found = section(section_key).field(list_key)
    return found.row_field(sub_key) if sub_key else found


def label_for(section_key: str, field_key: str, value: object) -> str:
    """The German label of an option value, for display."""
    return field(section_key, field_key).option_label(value)


_FIXED_LIMITS = {
    DATE: f"Datum von {DATE_MIN_YEAR} bis {DATE_MAX_YEAR} (TT.MM.JJJJ oder JJJJ-MM-TT)",
    BOOL: "ja/nein",
    BODY_REF: "ein Gremium aus dem Register",
}


def _range_text(found: Field) -> str:
    return f"von {german_number(found.min_value)} bis {german_number(found.max_value)}"


def _limit_text(found: Field) -> str:
    """A German description of the limits of one field."""
    if found.type in TEXT_TYPES:
        suffix = f"; Muster {found.pattern}" if found.pattern else ""
        return f"höchstens {german_number(found.max_length)} Zeichen{suffix}"
    if found.type in (CHOICE, MULTICHOICE):
        how_many = "eine Option" if found.type == CHOICE else "beliebig viele"
        return f"{how_many} aus: " + ", ".join(label for _value, label in found.offered_options())
    if found.type == INTEGER:
        return f"ganze Zahl {_range_text(found)}"
    if found.type == DECIMAL:
        return f"Zahl {_range_text(found)}, höchstens {found.places} Nachkommastellen"
    if found.type == LIST:
        return f"{found.min_rows} bis {found.max_rows} Einträge"
    return _FIXED_LIMITS[found.type]


def _limit_row(owner: Section, path: str, found: Field) -> dict:
    return {
        "section": owner.key,
        "section_title": owner.title,
        "field": path,
        "label": found.label,
        "type": found.type,
        "required": found.required_for_submission,
        "limit": _limit_text(found),
    }


def limits_table() -> list[dict]:
    """One row per field and sub-field with its German limit description, for the README."""
    table = []
    for owner in SECTIONS:
        for found in owner.fields:
            table.append(_limit_row(owner, found.key, found))
            for sub in found.rows:
                table.append(_limit_row(owner, f"{found.key}.{sub.key}", sub))
    return table


# Sections that hold personal data: left out wherever the Steckbrief is public (the public
# body page, the Beschluss PDF that anyone may download, its attachment).
PERSONAL_SECTIONS = frozenset({"contacts"})


def public_part(content: dict | None) -> dict:
    """The Steckbrief without its personal data."""
    return {key: value for key, value in (content or {}).items() if key not in PERSONAL_SECTIONS}

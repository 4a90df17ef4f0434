"""The Gremiensteckbrief schema as data: structure, invariants, lookups and the limits table."""

from __future__ import annotations

import re

import pytest

from app.models.body import BodyKind
from app.proposals import schema
from app.proposals.schema_types import (
    BOOL,
    CHOICE_TYPES,
    DECIMAL,
    FIELD_TYPES,
    INTEGER,
    LIST,
    TEXT_TYPES,
)
from app.proposals.validation_values import is_empty
from tests.factories_steckbrief import complete_steckbrief

SECTION_TITLES = [
    ("master_data", "Stammdaten"),
    ("establishment", "Einsetzung und Befristung"),
    ("mandate", "Anlass und Auftrag"),
    ("goals", "Ziele"),
    ("tasks", "Aufgaben"),
    ("results", "Ergebnisse und Meilensteine"),
    ("composition", "Zusammensetzung"),
    ("leadership", "Leitung"),
    ("office", "Geschäftsstelle"),
    ("working_method", "Arbeitsweise"),
    ("reporting", "Berichtspflichten"),
    ("resources", "Ressourcen"),
    ("interfaces", "Schnittstellen und Abgrenzung"),
    ("evaluation", "Evaluation und Auflösung"),
    ("contacts", "Ansprechpersonen"),
]
KEY = re.compile(r"[a-z][a-z0-9_]*")


def all_fields():
    """(section, dotted path, field) for every field and sub-field."""
    for section in schema.SECTIONS:
        for found in section.fields:
            yield section, found.key, found
            for sub in found.rows:
                yield section, f"{found.key}.{sub.key}", sub


def test_fifteen_sections_in_the_order_of_the_domain():
    assert [(section.key, section.title) for section in schema.SECTIONS] == SECTION_TITLES
    assert all(section.intro and section.fields for section in schema.SECTIONS)


def test_steps_show_every_section_once_in_order():
    shown = [key for step in schema.STEPS for key in step.sections]
    assert shown == [key for key, _title in SECTION_TITLES]
    assert 6 <= len(schema.STEPS) <= 7
    assert len({step.key for step in schema.STEPS}) == len(schema.STEPS)


def test_field_keys_are_unique_across_sections_so_a_step_is_one_flat_form():
    keys = [found.key for section in schema.SECTIONS for found in section.fields]
    assert len(keys) == len(set(keys))
    assert all(KEY.fullmatch(key) for key in keys)


@pytest.mark.parametrize(("section", "path", "found"), list(all_fields()), ids=lambda v: str(v))
def test_every_field_is_well_formed(section, path, found):
    assert found.type in FIELD_TYPES
    assert KEY.fullmatch(found.key)
    assert found.label
    if found.type in TEXT_TYPES:
        assert found.max_length and found.max_length > 0
    if found.type in CHOICE_TYPES:
        options = found.known_options()
        assert options
        assert len(set(found.option_values)) == len(options)
        assert all(KEY.fullmatch(value) and label for value, label in options)
    if found.type in (INTEGER, DECIMAL):
        assert found.min_value is not None and found.min_value <= found.max_value
    if found.type == LIST:
        assert found.rows and 0 <= found.min_rows <= found.max_rows
        assert found.required_for_submission == (found.min_rows > 0)
    if found.type == BOOL:
        assert not found.required_for_submission, "a checkbox is always answered"


def test_every_section_has_a_required_field_so_complete_implies_started():
    for section in schema.SECTIONS:
        assert any(found.required_for_submission for found in section.fields), section.key


def test_row_limits_from_the_brief():
    limits = {
        "goals": 20,
        "tasks": 30,
        "milestones": 30,
        "members": 60,
        "related_bodies": 20,
        "contacts": 10,
    }
    found = {f.key: f.max_rows for _s, _p, f in all_fields() if f.type == LIST}
    assert found == limits


def test_default_text_limits():
    assert schema.field("master_data", "name").max_length == 200
    assert schema.field("mandate", "mandate").max_length == 5000


def test_kinds_match_the_registry_model():
    kinds = {value for value, _label in schema.KINDS}
    assert kinds == {kind.value for kind in BodyKind} - {"organisation"}
    assert kinds >= schema.TIME_LIMITED_KINDS


def test_sixteen_laender_with_official_names():
    names = [label for _value, label in schema.LAENDER]
    assert len(names) == 16 and names[0] == "Baden-Württemberg" and names[-1] == "Thüringen"
    assert "Nordrhein-Westfalen" in names and "Mecklenburg-Vorpommern" in names


def test_focus_topics_keep_sonstiges():
    """Without the office's list (no application here), the published defaults apply."""
    assert ("sonstiges", "Sonstiges") in schema.FOCUS_TOPICS
    assert schema.field("master_data", "focus_topic").offered_options() == schema.FOCUS_TOPICS


def test_lookups():
    assert schema.section("contacts").title == "Ansprechpersonen"
    assert schema.step("contacts").sections == ("contacts",)
    assert schema.step_of_section("leadership").key == "organisation"
    assert schema.field("composition", "members.land").options == schema.LAENDER
    with pytest.raises(KeyError):
        schema.section("nope")
    with pytest.raises(KeyError):
        schema.field("composition", "members.nope")
    with pytest.raises(KeyError):
        schema.step_of_section("nope")


def test_label_for_shows_the_german_option_label():
    assert schema.label_for("master_data", "kind", "projektgruppe") == "Projektgruppe"
    assert schema.label_for("composition", "members.land", "th") == "Thüringen"
    assert schema.label_for("working_method", "meeting_format", "presence") == "in Präsenz"
    assert schema.label_for("master_data", "kind", "unbekannt") == "unbekannt"
    assert schema.label_for("master_data", "kind", None) == ""


def test_limits_table_documents_every_field():
    table = schema.limits_table()
    assert [(row["section"], row["field"]) for row in table] == [
        (section.key, path) for section, path, _found in all_fields()
    ]
    assert all(row["limit"] and row["label"] and row["section_title"] for row in table)
    rows = {(row["section"], row["field"]): row for row in table}
    assert rows[("master_data", "name")]["limit"] == "höchstens 200 Zeichen"
    assert rows[("composition", "members")]["limit"] == "1 bis 60 Einträge"
    assert rows[("resources", "budget_amount")]["limit"] == (
        "Zahl von 0 bis 100.000.000, höchstens 2 Nachkommastellen"
    )


def test_rules_are_documented_per_known_section():
    keys = {section.key for section in schema.SECTIONS}
    assert schema.RULES and all(key in keys and text for key, text in schema.RULES)


def test_the_factory_fills_every_field():
    document = complete_steckbrief()
    for section, path, found in all_fields():
        list_key, _, sub_key = path.partition(".")
        value = document[section.key][list_key]
        if sub_key:
            value = [row[sub_key] for row in value]
            assert any(not is_empty(item) for item in value), path
        elif found.key not in ("end_date", "open_ended"):
            assert not is_empty(value), path

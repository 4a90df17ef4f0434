"""List rows, cross-field rules, completeness for submission, section status, stored documents."""

from __future__ import annotations

import copy
import json
from decimal import Decimal

import pytest

from app.proposals import schema
from app.proposals.schema_types import LIST
from app.proposals.validation import (
    STATUS_LABELS,
    Missing,
    clean_section,
    cross_check,
    flatten_section,
    missing_for_submission,
    section_status,
    section_statuses,
    validate_document,
)
from app.proposals.validation_completeness import OVERLAP_DELIMITATION
from app.proposals.validation_values import empty_value
from tests.factories_steckbrief import complete_steckbrief

BODY_IDS = frozenset({1, 2, 3})


def clean(section_key, raw):
    return clean_section(section_key, raw, body_ids=BODY_IDS)


def where(missing):
    return {(item.section, item.field) for item in missing}


def required_inputs():
    """(section, list key or None, field) for every field required for submission."""
    for section in schema.SECTIONS:
        for found in section.fields:
            if found.required_for_submission:
                yield section.key, None, found
            for sub in found.rows:
                if sub.required_for_submission:
                    yield section.key, found.key, sub


# Rows


def test_rows_keep_index_order_drop_empty_rows_and_renumber():
    raw = {"tasks-3-text": "zweite", "tasks-1-text": "erste", "tasks-2-text": "   "}
    cleaned, errors = clean("tasks", raw)
    assert errors == {}
    assert cleaned["tasks"] == [{"text": "erste"}, {"text": "zweite"}]


LISTS = [(s.key, f) for s in schema.SECTIONS for f in s.fields if f.type == LIST]


@pytest.mark.parametrize(("section_key", "found"), LISTS, ids=[f.key for _s, f in LISTS])
def test_row_limit_and_forged_indices(section_key, found):
    sub = next(sub for sub in found.rows if sub.type in ("text", "textarea", "body_ref"))
    value = "2" if sub.type == "body_ref" else "x"
    cleaned, errors = clean(section_key, {f"{found.key}-{found.max_rows - 1}-{sub.key}": value})
    assert errors == {} and len(cleaned[found.key]) == 1
    message = f"Höchstens {found.max_rows} Einträge erlaubt."
    for forged in (found.max_rows, 10**9, int("9" * 40)):
        cleaned, errors = clean(section_key, {f"{found.key}-{forged}-{sub.key}": value})
        assert errors == {found.key: message}
        assert cleaned[found.key] == []


def test_non_canonical_row_names_are_ignored():
    cleaned, errors = clean(
        "tasks", {"tasks-01-text": "a", "tasks-0-nope": "b", "tasks--1-text": "c"}
    )
    assert errors == {} and cleaned["tasks"] == []


def test_errors_name_the_submitted_row():
    cleaned, errors = clean(
        "results", {"milestones-4-title": "A", "milestones-4-due_date": "31.02."}
    )
    assert errors == {
        "milestones-4-due_date": "Bitte geben Sie ein gültiges Datum an (TT.MM.JJJJ)."
    }
    assert cleaned["milestones"] == [{"product_type": None, "title": "A", "due_date": None}]


# Rules within a section


@pytest.mark.parametrize("end", ["2026-01-01", "2025-12-31"])
def test_end_date_must_be_after_start(end):
    cleaned, errors = clean("establishment", {"start_date": "2026-01-01", "end_date": end})
    assert errors == {"end_date": "Das Enddatum muss nach dem Beginn liegen."}
    assert cleaned["end_date"] is None and cleaned["start_date"] == "2026-01-01"


def test_end_date_and_open_ended_are_exclusive():
    cleaned, errors = clean("establishment", {"end_date": "2027-01-01", "open_ended": "y"})
    assert set(errors) == {"end_date"} and "nicht beides" in errors["end_date"]
    assert cleaned["end_date"] is None and cleaned["open_ended"] is True


def test_review_and_report_dates_keep_their_order():
    errors = clean("establishment", {"start_date": "2026-01-01", "review_date": "2025-01-01"})[1]
    assert set(errors) == {"review_date"}
    raw = {"interim_report_date": "2027-01-01", "final_report_date": "2026-01-01"}
    assert set(clean("reporting", raw)[1]) == {"final_report_date"}


def test_land_only_for_members_of_level_land():
    raw = {"members-0-level": "bund", "members-0-land": "by", "members-1-level": "land"}
    cleaned, errors = clean("composition", raw)
    assert errors == {"members-0-land": "Ein Land ist nur bei der Ebene „Land“ anzugeben."}
    assert [row["land"] for row in cleaned["members"]] == [None, None]
    assert clean("composition", {"members-0-level": "land", "members-0-land": "by"})[1] == {}


def test_related_bodies_are_listed_once():
    raw = {"related_bodies-0-body": "2", "related_bodies-3-body": "2"}
    cleaned, errors = clean("interfaces", raw)
    assert errors == {"related_bodies-3-body": "Dieses Gremium ist bereits aufgeführt."}
    assert cleaned["related_bodies"] == [{"body": 2, "delimitation": None}]


# Completeness


def test_the_factory_document_is_valid_and_complete():
    for kind, _label in schema.KINDS:
        document = complete_steckbrief(kind)
        assert validate_document(document, body_ids=BODY_IDS) == []
        assert missing_for_submission(document) == []
        assert json.loads(json.dumps(document)) == document


REQUIRED = list(required_inputs())


@pytest.mark.parametrize(
    ("section_key", "list_key", "found"),
    REQUIRED,
    ids=[f"{s}.{lk + '.' if lk else ''}{f.key}" for s, lk, f in REQUIRED],
)
def test_a_document_missing_only_one_required_field_reports_that_field(
    section_key, list_key, found
):
    document = complete_steckbrief()
    if list_key:
        document[section_key][list_key][0][found.key] = empty_value(found)
        name = f"{list_key}-0-{found.key}"
    else:
        document[section_key][found.key] = empty_value(found)
        name = found.key
    missing = missing_for_submission(document)
    assert where(missing) == {(section_key, name)}
    assert f"„{found.label}“" in missing[0].message


def test_messages_name_the_row():
    document = complete_steckbrief()
    document["composition"]["members"][1]["organisation"] = None
    assert missing_for_submission(document) == [
        Missing(
            "composition",
            "members-1-organisation",
            "Bitte füllen Sie „Organisation“ in Eintrag 2 aus.",
        )
    ]


def test_an_empty_document_lacks_every_required_field_and_list():
    missing = where(missing_for_submission({}))
    expected = {(s, found.key) for s, list_key, found in required_inputs() if list_key is None}
    assert expected | {("establishment", "end_date")} == missing


def test_a_projektgruppe_needs_an_end_date():
    document = complete_steckbrief("projektgruppe")
    document["establishment"].update(end_date=None, open_ended=True)
    message = "Eine Projektgruppe ist immer befristet. Bitte geben Sie ein Enddatum an."
    assert cross_check(document) == {"establishment": {"end_date": message}}
    assert missing_for_submission(document) == [Missing("establishment", "end_date", message)]
    assert validate_document(document, body_ids=BODY_IDS) == [f"establishment.end_date: {message}"]


def test_other_kinds_may_run_until_further_notice_but_need_some_time_limit():
    document = complete_steckbrief("arbeitsgruppe")
    assert cross_check(document) == {} and missing_for_submission(document) == []
    document["establishment"]["open_ended"] = False
    assert missing_for_submission(document) == [
        Missing(
            "establishment",
            "end_date",
            "Bitte geben Sie ein Enddatum an oder wählen Sie „bis auf Weiteres“.",
        )
    ]


def test_members_of_level_land_need_a_land():
    document = complete_steckbrief()
    document["composition"]["members"][1]["land"] = None
    assert where(missing_for_submission(document)) == {("composition", "members-1-land")}


def test_contacts_need_an_email_or_a_phone():
    document = complete_steckbrief()
    document["contacts"]["contacts"][0]["email"] = None
    assert missing_for_submission(document) == []
    document["contacts"]["contacts"][0]["phone"] = None
    assert where(missing_for_submission(document)) == {("contacts", "contacts-0-email")}


def test_overlapping_bodies_need_a_delimitation():
    document = complete_steckbrief(body_id=1, related_body_id=2)
    names = {3: "AG Cloud Computing"}
    assert missing_for_submission(document, overlap_needed={2}) == []
    assert missing_for_submission(document, overlap_needed=[3, 3], body_names=names) == [
        Missing(
            "interfaces",
            "related_bodies",
            OVERLAP_DELIMITATION.format(name="AG Cloud Computing"),
        )
    ]
    document["interfaces"]["related_bodies"][0]["delimitation"] = None
    missing = missing_for_submission(document, overlap_needed={2})
    assert "„Gremium Nr. 2“" in missing[-1].message


def test_missing_items_are_ordered_by_section():
    order = [section.key for section in schema.SECTIONS]
    sections = [item.section for item in missing_for_submission({})]
    assert sections == sorted(sections, key=order.index)


# Section status


def test_section_status():
    assert STATUS_LABELS == {
        "not_started": "nicht begonnen",
        "in_progress": "in Bearbeitung",
        "complete": "vollständig",
    }
    assert section_status("office", {}) == "not_started"
    assert section_status("office", {"office": {"support_scope": "Protokolle"}}) == "in_progress"
    assert section_status("office", {"office": {"supported_by": "FITKO"}}) == "complete"
    assert (
        section_status("establishment", {"establishment": {"open_ended": False}}) == "not_started"
    )
    assert set(section_statuses(complete_steckbrief()).values()) == {"complete"}
    with pytest.raises(KeyError):
        section_status("nope", {})


def test_an_unresolved_overlap_keeps_interfaces_in_progress():
    document = complete_steckbrief()
    assert section_status("interfaces", document, overlap_needed={3}) == "in_progress"


# Stored documents


def test_flatten_is_the_inverse_of_clean():
    document = complete_steckbrief()
    for section in schema.SECTIONS:
        flat = flatten_section(section.key, document[section.key])
        assert clean(section.key, flat) == (document[section.key], {})


def test_fields_added_to_the_schema_later_count_as_empty():
    document = complete_steckbrief()
    del document["master_data"]["further_topics"]
    del document["contacts"]["contacts"][0]["function"]
    assert validate_document(document, body_ids=BODY_IDS) == []


@pytest.mark.parametrize(
    ("section_key", "key", "value"),
    [
        ("master_data", "name", " Leerzeichen "),
        ("resources", "budget_amount", 1500.0),
        ("resources", "budget_amount", "1500"),
        ("resources", "person_days", 120.0),
        ("resources", "person_days", True),
        ("establishment", "open_ended", "y"),
        ("establishment", "start_date", "01.01.2026"),
        ("master_data", "parent_body", "1"),
        ("master_data", "further_topics", "sonstiges"),
        ("goals", "goals", [{"text": "Ziel", "extra": 1}]),
        ("goals", "goals", [{"text": None}]),
        ("goals", "goals", ["Ziel"]),
    ],
)
def test_malformed_or_non_canonical_values_are_reported(section_key, key, value):
    document = complete_steckbrief()
    document[section_key][key] = value
    problems = validate_document(document, body_ids=BODY_IDS)
    assert len(problems) == 1 and problems[0].startswith(section_key)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda d: d.update(extra={}), "Steckbrief: Unbekannter Schlüssel „extra“."),
        (lambda d: d["office"].update(x=1), "office: Unbekannter Schlüssel „x“."),
        (lambda d: d.update(office=[]), "office: Erwartet wird ein Objekt."),
        (lambda d: d["office"].update(supported_by=Decimal(1)), None),
        (lambda d: d["resources"].update(person_days=float("nan")), None),
        (lambda d: d["master_data"].update(parent_body=9), "master_data.parent_body: "),
        (lambda d: d["tasks"].update(tasks=[{"text": "a"}] * 31), "tasks.tasks: Höchstens 30"),
        (lambda d: d["establishment"].update(start_date="2030-01-01"), "establishment.end_date"),
    ],
)
def test_invalid_documents_are_reported(change, problem):
    document = copy.deepcopy(complete_steckbrief())
    change(document)
    problems = validate_document(document, body_ids=BODY_IDS)
    assert problems
    if problem:
        assert any(item.startswith(problem) for item in problems), problems


def test_a_document_must_be_a_mapping():
    assert validate_document([], body_ids=BODY_IDS) == ["Steckbrief: Erwartet wird ein Objekt."]
    assert validate_document({}, body_ids=BODY_IDS) == []

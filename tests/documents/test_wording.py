"""The Beschlussvorschlag in the council's wording, generated from Steckbrief data (no DB)."""

from __future__ import annotations

import pytest

from app.documents import wording
from app.documents.formatting import section_entries
from app.formatting import german_decimal
from tests.factories_steckbrief import complete_steckbrief


@pytest.fixture(autouse=True)
def _babel(app):
    """Values are formatted through Flask-Babel, which reads the app's locale and time zone."""
    with app.app_context():
        yield


def test_time_limited_project_group_with_reports():
    text = wording.default_resolution_text(complete_steckbrief())
    assert text.splitlines() == [
        "1. Der IT-Planungsrat beschließt die Einsetzung der Projektgruppe Barrierefreie "
        "Online-Dienste (PG BOD) befristet bis 31.12.2027 nach dem Gremiensteckbrief in der "
        "Anlage.",
        "2. Er bittet die Projektgruppe um jährlichen Bericht an den "
        "IT-Planungsrat, um einen Zwischenbericht zum 31.12.2026 und um einen "
        "Abschlussbericht zum 31.12.2027.",
    ]


def test_open_ended_board_reporting_to_the_al_runde():
    content = complete_steckbrief("board")
    content["master_data"]["name"] = "Föderales IT-Architekturboard"
    content["master_data"]["short_name"] = "FIT-AB"
    content["reporting"] = {"report_recipient": "al_runde", "report_frequency": "as_needed"}
    assert wording.default_resolution_text(content).splitlines() == [
        "1. Der IT-Planungsrat beschließt die Einsetzung des Boards „Föderales "
        "IT-Architekturboard“ (FIT-AB) bis auf Weiteres nach dem Gremiensteckbrief in der "
        "Anlage.",
        "2. Er bittet das Board um anlassbezogenen Bericht an die Abteilungsleiterrunde.",
    ]
    assert (
        wording.subject(content) == "Einsetzung des Boards „Föderales IT-Architekturboard“ (FIT-AB)"
    )


def test_incomplete_or_malformed_content_still_reads():
    assert wording.default_resolution_text({}, "Ohne Titel") == (
        "1. Der IT-Planungsrat beschließt die Einsetzung des Gremiums „Ohne Titel“ "
        "bis auf Weiteres nach dem Gremiensteckbrief in der Anlage."
    )
    entries = section_entries({"master_data": "kaputt", "goals": {"goals": "kaputt"}}, {})
    assert len(entries) == 15
    assert entries[0]["entries"][0] == {"label": "Vollständiger Name", "value": "–"}


def test_numbers_in_german_notation():
    assert german_decimal("150000.00", 2) == "150.000,00"
    assert german_decimal(120, 0) == "120"


@pytest.mark.parametrize(
    ("kind", "name", "named"),
    [
        ("projektgruppe", "Projektgruppe Digitale Beschlussfassung", "der Projektgruppe Digitale"),
        ("programm", "Programm Digitale Dienste", "des Programms Digitale Dienste"),
        ("arbeitsgruppe", "Cloud-Computing", "der Arbeitsgruppe „Cloud-Computing“"),
    ],
)
def test_the_kind_is_not_said_twice(kind, name, named):
    content = complete_steckbrief(kind)
    content["master_data"]["name"] = name
    content["master_data"]["short_name"] = None
    first = wording.default_resolution_text(content).splitlines()[0]
    assert f"die Einsetzung {named}" in first
    assert first.count(kind.capitalize()) == 1
    assert wording.subject(content).startswith(f"Einsetzung {named}")

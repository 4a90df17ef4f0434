"""The office's registry forms: create, edit, cycles, read-only entries, history, access."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.audit.history import verify_chain
from app.domain import DomainError
from app.extensions import db
from app.models import Body, HistoryEvent
from app.registry import operations
from tests.registry.conftest import add_proposal_body

VALID = {
    "name": "Arbeitsgruppe Barrierefreiheit",
    "short_name": "AG BF",
    "kind": "arbeitsgruppe",
    "category": "working_format",
    "focus_topic": "Digitale Infrastruktur",
    "parent_id": "",
    "start_date": "2026-02-01",
    "end_date": "2027-01-31",
    "lead": "Land Bremen",
    "description": "Erarbeitet Leitlinien.",
}


def _count() -> int:
    return db.session.scalar(select(func.count(Body.id)))


def _body(key: str) -> Body:
    db.session.expire_all()
    return db.session.scalar(select(Body).where(Body.key == key))


def test_anonymous_is_sent_to_sign_in(client, seeded):
    for url in ("/gremien/neu", "/gremien/fit-ab/bearbeiten", "/gremien/befristungen"):
        response = client.get(url)
        assert response.status_code == 302 and "/anmelden" in response.headers["Location"]


def test_applicants_get_403(web, seeded, user_factory):
    web.login(user_factory("applicant"))
    assert web.client.get("/gremien/neu").status_code == 403
    assert web.client.get("/gremien/fit-ab/bearbeiten").status_code == 403
    assert web.client.get("/gremien/antraege.csv").status_code == 403


def test_the_end_date_says_when_it_may_stay_empty(office_web, seeded):
    # Not "– optional" alone beside "Eine Projektgruppe ist immer befristet.": the hint says
    # when the field stays empty (the body's time limit is then "unbekannt").
    page = office_web.client.get("/gremien/neu").get_data(as_text=True)
    assert "Leer lassen, wenn das Ende nicht bekannt ist." in page


def test_office_creates_an_entry_with_a_slug_key_and_history(office_web, seeded, office):
    parent = str(seeded["it-planungsrat"])
    response = office_web.post("/gremien/neu", {**VALID, "parent_id": parent})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/gremien/arbeitsgruppe-barrierefreiheit")
    body = _body("arbeitsgruppe-barrierefreiheit")
    assert body.parent_id == seeded["it-planungsrat"] and body.lead == "Land Bremen"
    event = db.session.scalar(select(HistoryEvent).where(HistoryEvent.body_id == body.id))
    assert event.action == "registry_created" and event.actor_id == office.id
    assert event.inputs["changes"]["name"] == {"old": None, "new": VALID["name"]}
    assert event.inputs["changes"]["end_date"]["new"] == "2027-01-31"
    assert verify_chain().intact
    again = office_web.post("/gremien/neu", VALID)
    assert again.headers["Location"].endswith("/gremien/arbeitsgruppe-barrierefreiheit-2")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": ""}, "Bitte füllen Sie das Feld „Name“ aus."),
        ({"name": "x" * 301}, "Höchstens 300 Zeichen."),
        ({"lead": "Land\x07Bremen"}, "Steuerzeichen sind nicht erlaubt."),
        ({"name": "Zwei\nZeilen"}, "Zeilenumbrüche und Tabulatoren sind hier nicht erlaubt."),
        ({"end_date": "2026-01-01"}, "Das Ende darf nicht vor dem Beginn liegen."),
        ({"end_date": "31.02.2026"}, "Dieses Datum gibt es nicht."),
        ({"end_date": "morgen"}, "Bitte geben Sie ein gültiges Datum an (TT.MM.JJJJ)."),
        ({"kind": "geheimbund"}, "Bitte wählen Sie einen Eintrag aus der Liste."),
        ({"parent_id": "999999"}, "Bitte wählen Sie einen Eintrag aus der Liste."),
        ({"open_ended": "y"}, "Ein Gremium „bis auf Weiteres“ hat kein Ende der Befristung."),
        (
            {"kind": "projektgruppe", "open_ended": "y", "end_date": ""},
            "Eine Projektgruppe ist immer befristet.",
        ),
    ],
)
def test_invalid_input_is_refused_in_german_and_kept(office_web, seeded, change, message):
    before = _count()
    response = office_web.post("/gremien/neu", {**VALID, **change})
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in text
    assert 'value="Land Bremen"' in text or "lead" in change
    assert _count() == before


def test_missing_csrf_token_is_a_400(office_web, seeded):
    response = office_web.client.post("/gremien/neu", data=VALID)
    assert response.status_code == 400
    assert _body("arbeitsgruppe-barrierefreiheit") is None


def test_office_edits_an_entry_and_the_change_is_recorded(office_web, seeded):
    form = office_web.client.get("/gremien/pg-finanzplanung/bearbeiten").get_data(as_text=True)
    assert 'value="Finanzplanung"' in form
    data = {
        "name": "Finanzplanung",
        "kind": "projektgruppe",
        "category": "project_group",
        "parent_id": str(seeded["it-planungsrat"]),
        "end_date": "2027-06-30",
        "lead": "Bund",
    }
    response = office_web.post("/gremien/pg-finanzplanung/bearbeiten", data)
    assert response.status_code == 302
    body = _body("pg-finanzplanung")
    assert body.end_date.isoformat() == "2027-06-30" and body.lead == "Bund"
    event = db.session.scalar(select(HistoryEvent).where(HistoryEvent.body_id == body.id))
    assert event.action == "registry_updated"
    assert event.inputs["changes"]["end_date"] == {"old": None, "new": "2027-06-30"}
    assert event.inputs["changes"]["lead"] == {"old": None, "new": "Bund"}
    page = office_web.client.get("/gremien/pg-finanzplanung").get_data(as_text=True)
    assert "Ende der Befristung: – → 30.06.2027" in page


def test_a_parent_that_would_create_a_cycle_is_refused(office_web, seeded):
    data = {
        "name": "OZG-Programmmanagement",
        "kind": "programm",
        "category": "programme",
        "parent_id": str(seeded["ozg-koordination"]),
        "open_ended": "y",
    }
    response = office_web.post("/gremien/ozg-programmmanagement/bearbeiten", data)
    assert response.status_code == 400
    assert _body("ozg-programmmanagement").parent_id == seeded["it-planungsrat"]
    self_parent = {**data, "parent_id": str(seeded["ozg-programmmanagement"])}
    response = office_web.post("/gremien/ozg-programmmanagement/bearbeiten", self_parent)
    assert response.status_code == 400


def test_the_operation_refuses_cycles_too(db, seeded, office):
    body = db.session.get(Body, seeded["ozg-programmmanagement"])
    values = {name: getattr(body, name) for name in operations.EDITABLE_FIELDS}
    with pytest.raises(DomainError, match="Untergremium"):
        operations.update_entry(body, office, {**values, "parent_id": seeded["ozg-koordination"]})


def test_entries_from_a_proposal_are_read_only(office_web, seeded, user_factory):
    body = add_proposal_body(user_factory("applicant"))
    db.session.commit()
    url = f"/gremien/{body.key}/bearbeiten"
    response = office_web.client.get(url)
    assert response.status_code == 403
    assert "Änderungsbeschluss" in response.get_data(as_text=True)
    assert office_web.post(url, {**VALID}, form_url="/gremien/neu").status_code == 403
    page = office_web.client.get(f"/gremien/{body.key}").get_data(as_text=True)
    assert "bearbeiten" not in page.split('id="eckdaten-titel"')[0].lower().split("<main")[1]
    assert "Anträge zu diesem Gremium" in page  # the office reaches its proposal instead


def test_unchanged_save_records_nothing(office_web, seeded):
    data = {
        "name": "Finanzplanung",
        "kind": "projektgruppe",
        "category": "project_group",
        "parent_id": str(seeded["it-planungsrat"]),
        "description": _body("pg-finanzplanung").description,
    }
    response = office_web.post("/gremien/pg-finanzplanung/bearbeiten", data)
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(HistoryEvent.id))) == 0

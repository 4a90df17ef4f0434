"""The pages of sessions and the written procedure: forms, permissions, bad input."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.council import procedures, sessions
from app.council.majority import LAENDER
from app.formatting import today_berlin
from app.models import AgendaItem, CouncilSession, CouncilVote, Decision, HistoryEvent
from tests.council.votes_helpers import SHARE_FAILS, load_council, member, session_with_item
from tests.workflow import helpers

BASE = "/geschaeftsstelle/it-planungsrat/sitzungen"


@pytest.fixture(autouse=True)
def _council(db):
    load_council()


def count(db, model, *where) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_the_office_creates_a_session_and_builds_its_agenda(db, web, cast, proposal):
    helpers.to_resolution(proposal, cast)
    db.session.commit()
    web.login(cast.office)
    form = {
        "number": "48",
        "held_on": "2026-03-17",
        "place": "virtuell",
        "chair": "bund",
        "deadline": "2026-03-01",
    }
    response = web.post(f"{BASE}/neu", form)
    assert response.status_code == 302
    session = db.session.scalars(select(CouncilSession)).one()
    page = f"{BASE}/{session.id}"
    response = web.post(f"{page}/tagesordnung", {"proposal": str(proposal.id)}, form_url=page)
    assert response.status_code == 302
    html = web.client.get(page).get_data(as_text=True)
    assert "TOP 1" in html and proposal.reference in html and "Beschlussvorlage" in html
    again = web.post(f"{BASE}/neu", form, form_url=f"{BASE}/neu")
    assert again.status_code == 400 and "Die 48. Sitzung gibt es schon." in again.get_data(
        as_text=True
    )


def test_bad_session_input_gets_a_german_400(db, web, cast):
    web.login(cast.office)
    form = {
        "number": "x",
        "held_on": "17.13.2026",
        "place": "Ber\x01lin",
        "chair": "fitko",
        "deadline": "",
    }
    response = web.post(f"{BASE}/neu", form)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Bitte geben Sie ein gültiges Datum an" in html and "Steuerzeichen" in html
    assert count(db, CouncilSession) == 0


def test_votes_and_both_evaluations_side_by_side_then_the_confirmation(db, web, cast, proposal):
    session, item = session_with_item(cast, proposal)
    web.login(cast.office)
    page = f"{BASE}/{session.id}/top/{item.id}"
    votes = {f"vote_{k}": "yes" for k in ("bund", *LAENDER)} | {
        f"vote_{k}": "no" for k in SHARE_FAILS
    }
    assert web.post(f"{page}/stimmen", votes, form_url=page).status_code == 302
    html = web.client.get(page).get_data(as_text=True)
    assert "Beschluss (bindend): nicht erreicht" in html
    assert "Empfehlung (einfache Mehrheit): erreicht" in html
    assert "55,92 %" in html and "Königsteiner Schlüssel 2016" in html
    confirm = {
        "outcome": "adopted",
        "decision_text": "Der IT-Planungsrat beschließt …",
        "publish_votes": "y",
    }
    refused = web.post(f"{page}/ergebnis", confirm, form_url=page)
    assert refused.status_code == 400
    assert "bitte begründen Sie die Abweichung" in refused.get_data(as_text=True)
    assert count(db, Decision) == 0
    confirm |= {"reason": "Bindet nur die zustimmenden Länder.", "binds_only_agreed": "y"}
    assert web.post(f"{page}/ergebnis", confirm, form_url=page).status_code == 302
    assert db.session.scalars(select(Decision)).one().number == "2026/01"
    assert db.session.get(AgendaItem, item.id).outcome == "adopted"
    html = web.client.get(page).get_data(as_text=True)  # the result, after the session
    assert "Ergebnis: angenommen" in html and "Beschluss (bindend): nicht erreicht" in html


def test_an_incomplete_vote_or_missing_csrf_stores_nothing(db, web, cast, proposal):
    session, item = session_with_item(cast, proposal)
    web.login(cast.office)
    page = f"{BASE}/{session.id}/top/{item.id}"
    response = web.post(f"{page}/stimmen", {"vote_bund": "yes"}, form_url=page)
    assert response.status_code == 400
    assert "Bitte erfassen Sie die Stimme von Thüringen." in response.get_data(as_text=True)
    no_token = web.client.post(
        f"{page}/stimmen", data={f"vote_{k}": "yes" for k in ("bund", *LAENDER)}
    )
    assert no_token.status_code == 400
    assert count(db, CouncilVote) == 0


def test_only_the_office_sees_sessions(db, web, cast, proposal):
    session, item = session_with_item(cast, proposal)
    web.login(cast.owner)
    assert web.client.get(f"{BASE}/").status_code == 403
    assert web.client.get(f"{BASE}/{session.id}/top/{item.id}").status_code == 403


def _procedure(db, cast, proposal):
    helpers.to_resolution(proposal, cast)
    today = today_berlin()
    procedure = procedures.start_procedure(
        proposal.id, cast.office, today, today + timedelta(days=5), ("bund", *LAENDER)
    )
    rep = helpers.make_user("applicant")
    rep.council_member_id = member("HE").id
    db.session.commit()
    return procedure, rep


def test_a_member_votes_once_for_its_own_member(db, web, cast, proposal):
    procedure, rep = _procedure(db, cast, proposal)
    web.login(rep)
    page = f"/umlaufverfahren/{procedure.id}"
    assert "Ihre Stimme für Hessen" in web.client.get(page).get_data(as_text=True)
    forged = web.post(
        f"{page}/stimme", {"member": str(member("BY").id), "vote": "no"}, form_url=page
    )
    assert forged.status_code == 403
    assert "Ihr Konto vertritt dieses Mitglied nicht." in forged.get_data(as_text=True)
    hessen = str(member("HE").id)
    assert (
        web.post(f"{page}/stimme", {"member": hessen, "vote": "yes"}, form_url=page).status_code
        == 302
    )
    second = web.post(f"{page}/stimme", {"member": hessen, "vote": "no"}, form_url=page)
    assert second.status_code == 409 and "schon eine Antwort" in second.get_data(as_text=True)
    assert count(db, CouncilVote) == 1
    assert count(db, HistoryEvent, HistoryEvent.action == "written_vote_cast") == 1


def test_a_procedure_is_hidden_from_those_not_asked(db, web, cast, proposal):
    procedure, _rep = _procedure(db, cast, proposal)
    web.login(cast.outsider)
    assert web.client.get(f"/umlaufverfahren/{procedure.id}").status_code == 404
    assert web.client.get("/umlaufverfahren/999999").status_code == 404


def test_the_office_starts_a_procedure_and_records_an_answer(db, web, cast, proposal):
    helpers.to_resolution(proposal, cast)
    db.session.commit()
    web.login(cast.office)
    today = today_berlin()
    form = {
        "proposal": str(proposal.id),
        "dispatched_on": today.isoformat(),
        "deadline": (today + timedelta(days=7)).isoformat(),
        "asked": ["bund", *LAENDER],
    }
    assert web.post("/umlaufverfahren/neu", form).status_code == 302
    procedure = procedures.all_procedures()[0]
    page = f"/umlaufverfahren/{procedure.id}"
    answer = {"member": "NW", "vote": "no", "received_on": today.isoformat()}
    assert web.post(f"{page}/antwort", answer, form_url=page).status_code == 302
    html = web.client.get(page).get_data(as_text=True)
    assert "über die Geschäftsstelle" in html
    early = web.post(
        f"{page}/ergebnis", {"outcome": "rejected", "decision_text": "x"}, form_url=page
    )
    assert early.status_code == 409
    assert sessions.ready_proposals() == []


def test_a_procedure_page_after_its_result_shows_the_decision(db, web, cast, proposal):
    helpers.to_resolution(proposal, cast)
    today = today_berlin()
    procedure = procedures.start_procedure(
        proposal.id, cast.office, today, today, ("bund", *LAENDER)
    )
    for key in ("bund", *LAENDER):
        procedures.record_answer(procedure, cast.office, key, "yes", today)
    db.session.commit()
    web.login(cast.office)
    page = f"/umlaufverfahren/{procedure.id}"
    html = web.client.get(page).get_data(as_text=True)
    assert "Beschluss (bindend): erreicht" in html
    fixed = web.post(
        f"{page}/ergebnis", {"outcome": "adopted", "decision_text": "Text."}, form_url=page
    )
    assert fixed.status_code == 302
    html = web.client.get(page).get_data(as_text=True)
    assert f"Beschluss {today.year}/01 vom " in html

"""The office changes a body from its page; the registry, the API and OParl say what the
decided Steckbrief says (real SQLite file or PostgreSQL, the app's own test client)."""

from __future__ import annotations

import copy
from datetime import date

import pytest
from sqlalchemy import func, select

from app.models import Body, Proposal
from app.proposals import changes
from app.proposals.operations import sync_columns
from app.workflow import operations
from tests.workflow.helpers import make_cast, make_proposal, to_established

LEAD = "Vorsitz: Bayern; stellv. Vorsitz: Bund; Federführung: FITKO"


@pytest.fixture
def world(db):
    """An established Projektgruppe (Beschluss 2026/07) and everyone around it, committed."""
    cast = make_cast()
    proposal = make_proposal(cast.owner, cast.parent)
    to_established(proposal, cast)
    db.session.commit()
    return cast, proposal, proposal.body


def text_of(response) -> str:
    return response.get_data(as_text=True)


def change_url(body: Body) -> str:
    return f"/gremien/{body.key}/aenderung"


def open_changes(db, body) -> int:
    db.session.expire_all()
    stmt = select(func.count()).select_from(Proposal).where(Proposal.target_body_id == body.id)
    return db.session.scalar(stmt)


def test_the_registry_shows_lead_and_start_of_the_decided_steckbrief(db, client, world):
    _cast, _proposal, body = world
    html = text_of(client.get(f"/gremien/{body.key}"))
    assert LEAD in html
    assert "01.01.2026" in html  # Beginn from the Steckbrief, not the decision of 17.03.2026
    listed = client.get("/api/v1/bodies", query_string={"q": body.short_name}).get_json()
    item = next(row for row in listed["data"] if row["id"] == body.id)
    assert (item["lead"], item["start_date"]) == (LEAD, "2026-01-01")
    detail = client.get(f"/api/v1/bodies/{body.id}").get_json()["data"]
    assert (detail["lead"], detail["start_date"]) == (LEAD, "2026-01-01")
    organization = client.get(f"/oparl/v1/organizations/{body.id}").get_json()
    assert organization["startDate"] == "2026-01-01"
    assert organization["endDate"] == "2027-12-31"


def test_the_office_sees_change_and_dissolution_at_any_time(db, web, world):
    cast, proposal, body = world
    web.login(cast.office)
    html = text_of(web.client.get(f"/gremien/{body.key}"))
    assert change_url(body) in html
    assert f"/antraege/{proposal.id}/aktion/dissolve" in html  # 390 days before its end
    assert f"/antraege/{proposal.id}" in html  # the proposal that established it
    page = web.client.get(change_url(body))
    assert page.status_code == 200
    assert "Befristung verlängern" in text_of(page)


def test_the_public_sees_no_office_tools(db, client, world):
    _cast, proposal, body = world
    html = text_of(client.get(f"/gremien/{body.key}"))
    assert "Änderung beginnen" not in html
    assert f"/antraege/{proposal.id}" not in html


def test_starting_a_change_opens_the_step_of_that_change(db, web, world):
    cast, _proposal, body = world
    web.login(cast.office)
    response = web.post(change_url(body), {"change_kind": "lead"}, form_url=change_url(body))
    assert response.status_code == 302
    change = db.session.scalars(select(Proposal).where(Proposal.target_body_id == body.id)).one()
    assert response.headers["Location"].endswith(f"/antraege/{change.id}/schritt/organisation")
    page = text_of(web.client.get(f"/antraege/{change.id}"))
    assert f"/gremien/{body.key}" in page  # and back to the registry
    assert "Ändert Beschluss" in page and "2026/07" in page
    assert f"/antraege/{change.id}/bearbeiten" in page  # the office goes on editing it
    body_page = text_of(web.client.get(f"/gremien/{body.key}"))
    assert change.reference in body_page  # the change in progress, linked from the body


@pytest.mark.parametrize("value", ["", "abolish", "lead\x00"])
def test_a_missing_or_forged_kind_of_change_is_refused(db, web, world, value):
    cast, _proposal, body = world
    web.login(cast.office)
    response = web.post(change_url(body), {"change_kind": value}, form_url=change_url(body))
    assert response.status_code == 400
    assert "Bitte wählen Sie" in text_of(response) or "gültige" in text_of(response)
    assert open_changes(db, body) == 0


def test_without_csrf_nothing_is_stored(db, web, world):
    cast, _proposal, body = world
    web.login(cast.office)
    response = web.client.post(change_url(body), data={"change_kind": "extend"})
    assert response.status_code == 400
    assert open_changes(db, body) == 0


def test_others_may_not_start_a_change(db, web, world):
    cast, _proposal, body = world
    web.login(cast.owner)
    assert web.client.get(change_url(body)).status_code == 403
    assert open_changes(db, body) == 0


def test_a_second_change_answers_409_with_a_link_to_the_first(db, web, world):
    cast, _proposal, body = world
    first, _kind = changes.start_change(body, cast.office, "extend")
    db.session.commit()
    web.login(cast.office)
    page = text_of(web.client.get(change_url(body)))
    assert first.reference in page  # the form is replaced by the change in progress
    response = web.post(change_url(body), {"change_kind": "lead"}, form_url=f"/gremien/{body.key}")
    assert response.status_code == 409
    assert first.reference in text_of(response)
    assert open_changes(db, body) == 1


def test_a_dissolved_body_answers_409(db, web, world):
    cast, proposal, body = world
    operations.dissolve_body(
        proposal,
        cast.office,
        {"dissolution_date": date(2026, 11, 30), "decision_number": "2026/40", "session": "45"},
    )
    db.session.commit()
    web.login(cast.office)
    response = web.client.get(change_url(body))
    assert response.status_code == 409
    assert "aufgelöst" in text_of(response)
    assert "Änderung beginnen" not in text_of(web.client.get(f"/gremien/{body.key}"))


def test_the_body_page_lists_every_version_in_force(db, web, world):
    cast, _proposal, body = world
    change, _kind = changes.start_change(body, cast.office, "extend")
    content = copy.deepcopy(change.content)
    content["establishment"]["end_date"] = "2028-12-31"
    change.content = content
    sync_columns(change, content)
    operations.submit_for_decision(change, cast.office)
    operations.decide_change(
        change,
        cast.office,
        {
            "decision_number": "2026/31",
            "decision_date": date(2026, 11, 20),
            "session": "45",
            "decision_text": "Der IT-Planungsrat ändert seinen Beschluss 2026/07.",
        },
    )
    db.session.commit()
    html = text_of(web.client.get(f"/gremien/{body.key}"))
    assert "Fassungen des Gremiensteckbriefs" in html
    assert html.index("2026/07") < html.index("2026/31")
    assert "geltende Fassung" in html
    assert "befristet bis 31.12.2028" in html
    assert "Änderung beschlossen" in html  # the public history
    api = web.client.get(f"/api/v1/bodies/{body.id}").get_json()["data"]
    assert api["end_date"] == "2028-12-31"
    assert web.client.get(f"/oparl/v1/organizations/{body.id}").get_json()["endDate"] == (
        "2028-12-31"
    )

""" "Dissolved" is decided in one place (Body.is_dissolved): a body dissolved today is dissolved
on every page, in the CSV, the JSON API and OParl at once; a time limit runs through its day."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from sqlalchemy import select

from app.formatting import today_berlin
from app.models import Body, Proposal
from app.workflow import operations
from tests.registry.conftest import add_body, add_proposal_body, element_by_id, parse_html, text_of


def _csv_status(client, name: str) -> str:
    text = client.get("/gremien/export.csv").get_data().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    status = rows[0].index("Status")
    return next(row[status] for row in rows if name in row)


def _listed(client, url: str, name: str) -> bool:
    return name in client.get(url).get_data(as_text=True)


def _api_status(client, body_id: int) -> str:
    return client.get(f"/api/v1/bodies/{body_id}").get_json()["data"]["status"]


def _api_ids(client, status: str) -> set[int]:
    data = client.get(f"/api/v1/bodies?status={status}&per_page=100").get_json()["data"]
    return {body["id"] for body in data}


def _dissolved_section(client) -> str:
    html = client.get("/gremien/").get_data(as_text=True)
    return text_of(element_by_id(parse_html(html), "aufgeloeste-gremien"))


def test_a_body_dissolved_today_is_dissolved_everywhere_at_once(client, db, seeded, user_factory):
    today = today_berlin()
    body = add_proposal_body(user_factory("applicant"), end_date=today + timedelta(days=400))
    body_id, key, name = body.id, body.key, body.name
    db.session.commit()
    assert "aktuell" in client.get(f"/gremien/{key}").get_data(as_text=True)
    assert _api_status(client, body_id) == "current"
    etag = client.get(f"/gremien/{key}").headers["ETag"]

    established = db.session.scalars(select(Proposal).where(Proposal.body_id == body_id)).one()
    inputs = {"dissolution_date": today, "decision_number": f"{today.year}/95"}
    operations.dissolve_body(established, user_factory("secretariat"), inputs)
    db.session.commit()

    page = client.get(f"/gremien/{key}", headers={"If-None-Match": etag})
    assert page.status_code == 200  # the anonymous copy is stale at once
    html = page.get_data(as_text=True)
    assert "Aufgelöst zum" in html and today.strftime("%d.%m.%Y") in html
    assert name in _dissolved_section(client)
    assert _listed(client, "/gremien/aufgeloest", name)
    assert _listed(client, "/gremien/?status=aufgeloest", name)
    assert not _listed(client, "/gremien/?status=aktuell&q=" + key, name)
    assert _csv_status(client, name) == "aufgelöst"
    assert _api_status(client, body_id) == "dissolved"
    assert body_id in _api_ids(client, "dissolved")
    assert body_id not in _api_ids(client, "current")
    organization = client.get(f"/oparl/v1/organizations/{body_id}").get_json()
    assert organization["endDate"] == today.isoformat()
    assert db.session.get(Body, body_id).is_dissolved(today)
    assert db.session.scalar(select(Body.id).where(Body.is_dissolved(today))) is not None


def test_a_time_limit_ending_today_is_still_current_and_dissolved_tomorrow(client, db, seeded):
    today = today_berlin()
    body = add_body("ag-bis-heute", name="AG bis heute", end_date=today)
    db.session.commit()
    assert not body.is_dissolved(today)
    assert body.is_dissolved(today + timedelta(days=1))
    assert _csv_status(client, "AG bis heute") == "aktuell"
    assert _api_status(client, body.id) == "current"
    assert "AG bis heute" not in _dissolved_section(client)
    ids = db.session.scalars(select(Body.id).where(Body.is_dissolved(today + timedelta(days=1))))
    assert body.id in set(ids)


def test_a_time_limit_that_ran_out_is_dissolved(client, db, seeded):
    today = today_berlin()
    body = add_body("ag-gestern", name="AG bis gestern", end_date=today - timedelta(days=1))
    db.session.commit()
    assert _csv_status(client, "AG bis gestern") == "aufgelöst"
    assert _api_status(client, body.id) == "dissolved"
    assert "AG bis gestern" in _dissolved_section(client)

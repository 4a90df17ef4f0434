"""The public API documents are correct at once after a change, and revalidate with 304."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, text

from app.models import Body
from tests.api.helpers import make_decision

pytestmark = pytest.mark.usefixtures("registry")

GREEN_IT = "kooperationsgruppe-green-it"


def _green_it(db) -> Body:
    return db.session.scalars(select(Body).where(Body.key == GREEN_IT)).one()


def test_a_changed_body_shows_on_the_next_request(client, db):
    url = "/api/v1/bodies?q=Green-IT"
    before = client.get(url)
    assert client.get(url).get_json() == before.get_json()
    db.session.execute(
        text("UPDATE bodies SET name = :name, updated_at = :now WHERE key = :key"),
        {"name": "Kooperationsgruppe Green-IT neu", "now": "2099-01-01 00:00:00", "key": GREEN_IT},
    )  # as another process would: nothing in this process is told
    db.session.commit()
    after = client.get(url)
    assert [body["name"] for body in after.get_json()["data"]] == [
        "Kooperationsgruppe Green-IT neu"
    ]
    assert after.headers["ETag"] != before.headers["ETag"]


def test_a_parents_new_name_shows_in_its_childs_reference(client, db):
    child = db.session.scalars(select(Body).where(Body.parent_id.is_not(None))).first()
    url = f"/api/v1/bodies/{child.id}"
    assert client.get(url).get_json()["data"]["parent"]["name"] == child.parent.name
    child.parent.name = "Umbenanntes Gremium"
    db.session.commit()
    assert client.get(url).get_json()["data"]["parent"]["name"] == "Umbenanntes Gremium"
    listed = client.get("/api/v1/bodies?status=all&per_page=100").get_json()["data"]
    assert {"Umbenanntes Gremium"} == {
        body["parent"]["name"] for body in listed if body["id"] == child.id
    }


def test_a_new_decision_shows_on_the_next_request(client):
    make_decision("2026/01", date(2026, 1, 10))
    assert [d["number"] for d in client.get("/api/v1/decisions").get_json()["data"]] == ["2026/01"]
    make_decision("2026/02", date(2026, 2, 10))
    assert [d["number"] for d in client.get("/api/v1/decisions").get_json()["data"]] == [
        "2026/02",
        "2026/01",
    ]


def test_matching_etag_is_answered_304(client, db):
    url = "/api/v1/bodies?q=Green-IT"
    etag = client.get(url).headers["ETag"]
    revalidated = client.get(url, headers={"If-None-Match": etag})
    assert revalidated.status_code == 304
    assert revalidated.get_data() == b""
    assert revalidated.headers["ETag"] == etag
    assert revalidated.headers["Cache-Control"] == "no-cache"
    _green_it(db).lead = "Land Musterland"
    db.session.commit()
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.get_json()["data"][0]["lead"] == "Land Musterland"


def test_each_query_string_has_its_own_document(client):
    two = client.get("/api/v1/bodies?per_page=2").get_json()
    three = client.get("/api/v1/bodies?per_page=3").get_json()
    assert len(two["data"]) == 2
    assert len(three["data"]) == 3
    assert client.get("/api/v1/bodies?per_page=2").get_json() == two
    sorted_desc = client.get("/api/v1/bodies?per_page=2&sort=-name").get_json()
    assert sorted_desc["data"] != two["data"]


def test_links_follow_the_host_asked_for(client):
    here = client.get("/api/v1/bodies?per_page=1").get_json()
    there = client.get("/api/v1/bodies?per_page=1", base_url="https://other.example").get_json()
    assert here["links"]["self"].startswith("http://localhost/")
    assert there["links"]["self"].startswith("https://other.example/")
    assert there["data"][0]["links"]["self"].startswith("https://other.example/api/v1/bodies/")


def test_problems_are_problems(client):
    assert client.get("/api/v1/bodies?per_page=0").status_code == 400
    assert client.get("/api/v1/bodies/999999").status_code == 404

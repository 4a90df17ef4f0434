"""Reuse of the public API documents (app/api/documents.py): correct at once after a change."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, text

from app.api.documents import document_cache
from app.models import Body
from tests.api.helpers import QueryCounter, make_decision

pytestmark = pytest.mark.usefixtures("registry")

GREEN_IT = "kooperationsgruppe-green-it"


def _green_it(db) -> Body:
    return db.session.scalars(select(Body).where(Body.key == GREEN_IT)).one()


def _comparable(response) -> tuple:
    headers = {k: v for k, v in response.headers.items() if k not in ("Date", "X-Request-ID")}
    return response.status_code, headers, response.get_data()


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/bodies",
        "/api/v1/bodies?status=all&per_page=3&page=2&sort=-start_date",
        "/api/v1/bodies/1",
        "/api/v1/decisions",
        "/api/v1/decisions/{decision}",
    ],
)
def test_a_stored_document_is_answered_exactly_as_a_fresh_one(app, client, db, url):
    decision = make_decision("2026/07", date(2026, 3, 1), body_id=1)
    url = url.format(decision=decision.id)
    fresh = client.get(url)
    assert fresh.status_code == 200
    assert len(document_cache(app)) == 1
    with QueryCounter(db.engine) as counter:
        stored = client.get(url)
    assert counter.count == 1  # only the data version: the document came from the cache
    assert _comparable(stored) == _comparable(fresh)
    assert stored.headers["Date"]  # a date of this response, not of the stored one
    document_cache(app).clear()
    assert _comparable(client.get(url)) == _comparable(fresh)


def test_a_changed_body_shows_on_the_next_request(client, db):
    url = "/api/v1/bodies?q=Green-IT"
    before = client.get(url)
    assert client.get(url).get_json() == before.get_json()  # now stored
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


def test_matching_etag_is_answered_304_from_the_store(client, db):
    url = "/api/v1/bodies?q=Green-IT"
    etag = client.get(url).headers["ETag"]
    with QueryCounter(db.engine) as counter:
        revalidated = client.get(url, headers={"If-None-Match": etag})
    assert revalidated.status_code == 304
    assert revalidated.get_data() == b""
    assert revalidated.headers["ETag"] == etag
    assert counter.count == 1
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


def test_problems_are_not_stored(app, client):
    assert client.get("/api/v1/bodies?per_page=0").status_code == 400
    assert client.get("/api/v1/bodies/999999").status_code == 404
    assert len(document_cache(app)) == 0


def test_the_store_is_bounded(app, client):
    app.config["API_DOCUMENT_CACHE_SIZE"] = 2
    app.extensions.pop("api_document_cache", None)
    for per_page in (1, 2, 3):
        client.get(f"/api/v1/bodies?per_page={per_page}")
    assert len(document_cache(app)) == 2

"""OParl 1.1: the whole interface validates against the specification's schemas; paging with
every ``limit`` and filter reaches every element exactly once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app.models import Body
from tests.oparl import schemas
from tests.oparl.walk import START, Walk

pytestmark = pytest.mark.usefixtures("registry")
BASE = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def distinct_times(db):
    """Every body gets its own whole-second created/modified times (order differs by kind)."""
    bodies = db.session.scalars(select(Body).order_by(Body.id)).all()
    for number, body in enumerate(bodies):
        body.created_at = BASE + timedelta(days=number)
        body.updated_at = BASE + timedelta(days=30 + (number * 7) % len(bodies), seconds=number)
    db.session.commit()
    return bodies


def _moment(value: str) -> datetime:
    return datetime.fromisoformat(value)


def test_walk_from_system_validates_every_object(client, distinct_times):
    walk = Walk(client)
    kinds = [document["type"].rsplit("/", 1)[1] for document in walk.objects.values()]
    assert kinds.count("System") == 1
    assert kinds.count("Body") == 1
    assert kinds.count("Organization") == len(distinct_times) == 24
    system = walk.objects[START]
    assert system["created"] == "2026-01-01T10:00:00+01:00"
    assert system["modified"] == max(document["modified"] for document in walk.objects.values())
    (body,) = walk.lists[system["body"]]
    assert (body["name"], body["shortName"], body["legislativeTerm"]) == (
        "IT-Planungsrat",
        "IT-PLR",
        [],
    )
    for name in ("meeting", "paper", "person"):
        assert walk.lists[body[name]] == []


@pytest.mark.parametrize("limit", ["1", "5", "7", "23", "24", "100"])
def test_paging_with_limit_reaches_every_element_once(client, distinct_times, limit):
    everything = Walk(client)
    paged = Walk(client, {"limit": limit})
    assert paged.lists.keys() == everything.lists.keys()
    for url, items in everything.lists.items():
        assert [item["id"] for item in paged.lists[url]] == [item["id"] for item in items]


FILTERS = {
    "created_since": ("created", lambda moment, limit: moment >= limit),
    "created_until": ("created", lambda moment, limit: moment <= limit),
    "modified_since": ("modified", lambda moment, limit: moment >= limit),
    "modified_until": ("modified", lambda moment, limit: moment <= limit),
}


@pytest.mark.parametrize("limit", [None, "4"])
@pytest.mark.parametrize("name", sorted(FILTERS))
def test_every_filter_keeps_to_its_elements_on_every_page(client, distinct_times, name, limit):
    everything = Walk(client)
    field, matches = FILTERS[name]
    organizations_url = next(url for url in everything.lists if url.endswith("/organizations"))
    organizations = everything.lists[organizations_url]
    moments = sorted(_moment(item[field]) for item in organizations)
    threshold = moments[len(moments) // 3].astimezone(UTC).isoformat()
    query = {name: threshold} | ({"limit": limit} if limit else {})
    filtered = Walk(client, query, start=None)
    for url, items in everything.lists.items():
        filtered.walk_list(url, everything.item_types[url])
        expected = [
            item["id"] for item in items if matches(_moment(item[field]), _moment(threshold))
        ]
        assert [item["id"] for item in filtered.lists[url]] == expected, url
    assert 0 < len(filtered.lists[organizations_url]) < 24


def test_organization_fields(client, db):
    body = db.session.scalars(select(Body).where(Body.key == "ag-informationssicherheit")).one()
    organization = client.get(f"/oparl/v1/organizations/{body.id}").get_json()
    assert organization["type"] == "https://schema.oparl.org/1.1/Organization"
    assert organization["organizationType"] == "Gremium"
    assert organization["classification"] == "Arbeitsgruppe"
    assert organization["keyword"] == ["Informationssicherheit"]
    assert organization["subOrganizationOf"].endswith(f"/oparl/v1/organizations/{body.parent_id}")
    assert organization["web"] == "http://localhost/gremien/ag-informationssicherheit"
    assert organization["id"] == f"http://localhost/oparl/v1/organizations/{body.id}"


def test_dissolved_body_keeps_its_end_date(client, db):
    body = db.session.scalars(select(Body).where(Body.key == "kooperationsgruppe-strategie")).one()
    organization = client.get(f"/oparl/v1/organizations/{body.id}").get_json()
    assert organization["endDate"] == "2010-10-31"
    assert organization["classification"] == "Kooperationsgruppe"


def test_last_page_has_no_next_link(client):
    page = client.get("/oparl/v1/bodies/1/organizations?limit=10&page=3").get_json()
    assert len(page["data"]) == 4
    assert "next" not in page["links"]
    assert "page=2" in page["links"]["prev"]


def test_modified_since_filter(client):
    everything = client.get("/oparl/v1/bodies/1/organizations?limit=100").get_json()
    assert everything["pagination"]["totalElements"] == 24
    later = client.get(
        "/oparl/v1/bodies/1/organizations?modified_since=2999-01-01T00:00:00%2B01:00"
    ).get_json()
    assert later["data"] == []
    bad = client.get("/oparl/v1/bodies/1/organizations?modified_since=gestern")
    assert bad.status_code == 400
    _assert_oparl_error(bad, "modified_since")


def _assert_oparl_error(response, fragment: str = "") -> None:
    assert response.mimetype == "application/json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    error = response.get_json()
    schemas.validate(error, schemas.ERROR)
    assert fragment in error["message"]
    assert error["debug"]["status"] == response.status_code


def test_next_link_keeps_limit_and_filter(client):
    url = "/oparl/v1/bodies/1/organizations?limit=5&modified_since=2000-01-01T00:00:00%2B01:00"
    page = client.get(url).get_json()
    assert page["pagination"]["totalPages"] == 5
    for name in ("first", "next", "last", "self"):
        assert "limit=5" in page["links"][name]
        assert "modified_since=2000-01-01T00:00:00%2B01:00" in page["links"][name]
    assert page["links"]["next"].endswith("page=2")


def test_dates_are_in_oparl_form(client, db):
    body = db.session.scalars(select(Body).order_by(Body.id)).first()
    body.created_at = datetime(2026, 12, 4, 14, 38, 24, 717085, tzinfo=UTC)
    body.updated_at = datetime(2026, 7, 1, 10, 0, 0, 1, tzinfo=UTC)
    db.session.commit()
    organization = client.get(f"/oparl/v1/organizations/{body.id}").get_json()
    assert organization["created"] == "2026-12-04T15:38:24+01:00"
    assert organization["modified"] == "2026-07-01T12:00:00+02:00"


@pytest.mark.parametrize(
    "url",
    [
        "/oparl/v1/bodies/2",
        "/oparl/v1/organizations/999",
        "/oparl/v1/bodies/2/organizations",
        "/oparl/v1/x",
    ],
)
def test_unknown_objects_are_404_oparl_errors(client, url):
    response = client.get(url)
    assert response.status_code == 404
    _assert_oparl_error(response)


def test_writing_methods_are_405_oparl_errors(client):
    response = client.post("/oparl/v1/system")
    assert response.status_code == 405
    assert response.headers["Allow"]
    _assert_oparl_error(response)


def test_empty_optional_lists_are_left_out(client, db):
    body = db.session.scalars(select(Body).where(Body.focus_topic.is_(None))).first()
    organization = client.get(f"/oparl/v1/organizations/{body.id}").get_json()
    assert "keyword" not in organization


def test_oparl_responses_are_cacheable_and_revalidate(client):
    response = client.get("/oparl/v1/bodies/1/organizations")
    assert response.headers["Cache-Control"] == "no-cache"
    again = client.get(
        "/oparl/v1/bodies/1/organizations", headers={"If-None-Match": response.headers["ETag"]}
    )
    assert again.status_code == 304
    assert again.headers["Access-Control-Allow-Origin"] == "*"
    assert "Last-Modified" not in response.headers

"""OParl 1.1: objects validate against the specification's schemas; every link resolves."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from sqlalchemy import select

from app.models import Body
from tests.oparl import schemas

pytestmark = pytest.mark.usefixtures("registry")
FORMATS = FormatChecker()


@FORMATS.checks("uri", raises=ValueError)
def _absolute_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


@FORMATS.checks("date-time", raises=ValueError)
def _timestamp_with_zone(value: str) -> bool:
    return datetime.fromisoformat(value).tzinfo is not None


def validate(document: dict, schema: dict) -> None:
    Draft202012Validator(schema, format_checker=FORMATS).validate(document)


def fetch(client, url: str) -> dict:
    """GET an absolute OParl URL through the test client; it must be JSON with 200."""
    parts = urlsplit(url)
    assert parts.netloc == "localhost", url
    response = client.get(parts.path + (f"?{parts.query}" if parts.query else ""))
    assert response.status_code == 200, url
    assert response.mimetype == "application/json"
    return response.get_json()


def walk_list(client, url: str, item_schema: dict) -> list[dict]:
    """Every object of a paginated list, following links.next to the end."""
    items, pages = [], 0
    while url:
        page = fetch(client, url)
        validate(page, schemas.object_list(item_schema))
        items += page["data"]
        pages += 1
        assert page["pagination"]["currentPage"] == pages
        url = page["links"].get("next")
    assert pages == page["pagination"]["totalPages"]
    assert len(items) == page["pagination"]["totalElements"]
    return items


def test_follow_links_from_system_to_every_organization(app, client):
    app.config["OPARL_PAGE_SIZE"] = 5
    system = fetch(client, "http://localhost/oparl/v1/system")
    validate(system, schemas.SYSTEM)
    (listed_body,) = walk_list(client, system["body"], schemas.BODY)
    body = fetch(client, listed_body["id"])
    validate(body, schemas.BODY)
    assert body == listed_body
    assert (body["name"], body["shortName"], body["legislativeTerm"]) == (
        "IT-Planungsrat",
        "IT-PLR",
        [],
    )
    for name in ("meeting", "paper", "person"):
        assert walk_list(client, body[name], {"type": "object"}) == []
    organizations = walk_list(client, body["organization"], schemas.ORGANIZATION)
    assert len(organizations) == 24
    ids = {organization["id"] for organization in organizations}
    for listed in organizations:
        single = fetch(client, listed["id"])
        validate(single, schemas.ORGANIZATION)
        assert single == listed
        assert single["body"] == body["id"]
        assert single["deleted"] is False
        if "subOrganizationOf" in single:
            assert single["subOrganizationOf"] in ids
            fetch(client, single["subOrganizationOf"])


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
    assert bad.mimetype == "application/problem+json"


@pytest.mark.parametrize(
    "url",
    [
        "/oparl/v1/bodies/2",
        "/oparl/v1/organizations/999",
        "/oparl/v1/bodies/2/organizations",
        "/oparl/v1/x",
    ],
)
def test_unknown_objects_are_404_problems(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"


def test_oparl_responses_are_cacheable_and_revalidate(client):
    response = client.get("/oparl/v1/bodies/1/organizations")
    assert response.headers["Cache-Control"] == "no-cache"
    again = client.get(
        "/oparl/v1/bodies/1/organizations", headers={"If-None-Match": response.headers["ETag"]}
    )
    assert again.status_code == 304

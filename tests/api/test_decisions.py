"""GET /api/v1/decisions: council decisions, newest first."""

from __future__ import annotations

from datetime import date

import pytest

from tests.api.helpers import make_decision


@pytest.fixture
def decisions(db):
    return [
        make_decision("2023/41", date(2023, 10, 27)),
        make_decision("2021/11", date(2021, 3, 17)),
        make_decision("2023/02", date(2023, 3, 10)),
    ]


def test_lists_decisions_newest_first(client, decisions):
    payload = client.get("/api/v1/decisions").get_json()
    assert [d["number"] for d in payload["data"]] == ["2023/41", "2023/02", "2021/11"]
    first = payload["data"][0]
    assert first["date"] == "2023-10-27"
    assert first["session"] == "42"
    assert first["title"] == "Beschluss 2023/41"
    assert first["kind"] == "establish"
    assert first["body_id"] is None
    assert payload["pagination"]["total"] == 3


def test_filter_by_year_and_paginate(client, decisions):
    payload = client.get("/api/v1/decisions?year=2023&per_page=1").get_json()
    assert [d["number"] for d in payload["data"]] == ["2023/41"]
    assert payload["pagination"]["total"] == 2
    assert "year=2023" in payload["pagination"]["next"]


def test_single_decision_and_unknown_one(client, decisions):
    response = client.get(f"/api/v1/decisions/{decisions[1].id}")
    assert response.get_json()["data"]["number"] == "2021/11"
    assert client.get("/api/v1/decisions/999").status_code == 404


@pytest.mark.parametrize(
    "query", ["year=1999", "year=twenty", "body_id=0", "body_id=2147483648", "body_id="]
)
def test_bad_decision_parameters(client, query):
    response = client.get(f"/api/v1/decisions?{query}")
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"


@pytest.mark.parametrize("body_id", ["1000000000", "2147483647"])
def test_the_whole_documented_id_range_is_accepted(client, decisions, body_id):
    """openapi.json allows body_id up to 2147483647: ten digits are a valid, unknown id."""
    response = client.get(f"/api/v1/decisions?body_id={body_id}")
    assert response.status_code == 200
    assert response.get_json()["data"] == []

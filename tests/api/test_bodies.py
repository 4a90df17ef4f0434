"""GET /api/v1/bodies: filters, sorting, pagination, single objects and their problems."""

from __future__ import annotations

import pytest

from app.extensions import db
from tests.api.helpers import QueryCounter

pytestmark = pytest.mark.usefixtures("registry")


def names(response) -> list[str]:
    return [body["name"] for body in response.get_json()["data"]]


def test_default_lists_current_bodies_by_name_with_envelope(client):
    response = client.get("/api/v1/bodies")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    payload = response.get_json()
    assert set(payload) == {"data", "pagination", "links"}
    assert payload["pagination"] == {
        "page": 1,
        "per_page": 20,
        "total": 23,
        "total_pages": 2,
        "next": "http://localhost/api/v1/bodies?status=current&sort=name&page=2&per_page=20",
        "prev": None,
    }
    assert payload["links"]["last"].endswith("page=2&per_page=20")
    assert names(response) == sorted(names(response))
    assert "Kooperationsgruppe Strategie" not in names(response)


def test_pages_walk_through_every_body_once(client):
    seen, url, pages = [], "/api/v1/bodies?status=all&per_page=5", 0
    while url:
        payload = client.get(url).get_json()
        seen += [body["id"] for body in payload["data"]]
        url, pages = payload["pagination"]["next"], pages + 1
    assert pages == 5
    assert len(seen) == len(set(seen)) == 24


def test_last_page_has_prev_but_no_next(client):
    payload = client.get("/api/v1/bodies?per_page=10&page=3").get_json()
    assert len(payload["data"]) == 3
    assert payload["pagination"]["next"] is None
    assert payload["pagination"]["prev"].endswith("page=2&per_page=10")
    assert payload["pagination"]["total"] == 23


def test_page_beyond_the_end_is_empty_but_counts(client):
    payload = client.get("/api/v1/bodies?page=9").get_json()
    assert payload["data"] == []
    assert payload["pagination"]["total"] == 23


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=arbeitsgruppe", 3),
        ("kind=projektgruppe", 5),
        ("focus_topic=Digitale Infrastruktur", 3),
        ("focus_topic=digitale_infrastruktur", 3),
        ("status=dissolved", 1),
        ("status=all", 24),
        ("q=ozg", 3),
        ("q=FIT-AB", 1),
        ("q=100%25", 0),
        ("kind=projektgruppe&q=finanz", 2),
    ],
)
def test_filters(client, query, expected):
    payload = client.get(f"/api/v1/bodies?{query}&per_page=100").get_json()
    assert payload["pagination"]["total"] == expected
    assert len(payload["data"]) == expected


def test_dissolved_body_keeps_its_end_date(client):
    (body,) = client.get("/api/v1/bodies?status=dissolved").get_json()["data"]
    assert body["name"] == "Kooperationsgruppe Strategie"
    assert body["status"] == "dissolved"
    assert body["end_date"] == "2010-10-31"


def test_sort_by_name_descending(client):
    result = names(client.get("/api/v1/bodies?sort=-name&status=all&per_page=100"))
    assert result == sorted(result, reverse=True)


@pytest.mark.parametrize("sort", ["start_date", "-start_date"])
def test_sort_by_start_date_puts_unknown_dates_last(client, sort):
    data = client.get(f"/api/v1/bodies?sort={sort}&per_page=100").get_json()["data"]
    assert data[0]["name"] == "Kommunalgremium"
    assert all(body["start_date"] is None for body in data[1:])


def test_sort_by_end_date(client):
    data = client.get("/api/v1/bodies?sort=-end_date&status=all&per_page=3").get_json()["data"]
    assert data[0]["end_date"] == "2010-10-31"


def test_single_body_with_parent_and_children(client):
    listed = client.get("/api/v1/bodies?q=OZG-Programmmanagement").get_json()["data"][0]
    response = client.get(listed["links"]["self"])
    body = response.get_json()["data"]
    assert body["parent"]["name"] == "IT-Planungsrat"
    assert {child["name"] for child in body["children"]} == {
        "OZG-Koordination",
        "OZG-Themenfeldführung",
    }
    assert body["description"]
    assert response.get_json()["links"]["self"] == listed["links"]["self"]


@pytest.mark.parametrize("url", ["/api/v1/bodies/99999", "/api/v1/bodies/99999999999999999999"])
def test_unknown_body_is_a_404_problem(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["status"] == 404
    assert problem["instance"] == url
    assert problem["title"] and problem["detail"] and problem["type"]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("sort=size", "sort"),
        ("per_page=101", "per_page"),
        ("per_page=0", "per_page"),
        ("page=0", "page"),
        ("page=-1", "page"),
        ("page=abc", "page"),
        ("page=1.5", "page"),
        ("per_page=%C2%B2", "per_page"),
        ("status=gone", "status"),
        ("kind=verein", "kind"),
        ("kind=", "kind"),  # an empty value is not "no filter": refused, as documented
        ("status=", "status"),
        ("sort=", "sort"),
        ("q=a%00b", "q"),
        ("q=" + "x" * 201, "q"),
    ],
)
def test_bad_parameters_are_400_problems(client, query, parameter):
    response = client.get(f"/api/v1/bodies?{query}")
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["status"] == 400
    assert parameter in problem["detail"]
    assert problem["invalid_params"][0]["name"] == parameter


def test_unknown_path_under_the_api_is_a_404_problem(client):
    response = client.get("/api/v1/gremien")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"


def test_html_pages_keep_html_errors(client):
    response = client.get("/gibt-es-nicht")
    assert response.status_code == 404
    assert response.mimetype == "text/html"


def test_writing_is_a_405_problem_with_allow_header(client):
    response = client.post("/api/v1/bodies", json={"name": "Neu"})
    assert response.status_code == 405
    assert response.mimetype == "application/problem+json"
    assert "GET" in response.headers["Allow"]


def test_query_count_does_not_grow_with_the_page_size(app, client):
    engine = db.engines[None] if hasattr(db, "engines") else db.engine
    counts = []
    for per_page in (2, 20):
        with QueryCounter(engine) as counter:
            assert client.get(f"/api/v1/bodies?per_page={per_page}").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1]
    assert counts[0] <= 3

"""The OpenAPI document describes the API, and schemathesis finds no breach of it."""

from __future__ import annotations

from datetime import date

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.helpers import bearer, make_decision, make_proposal, seed_registry, token_for

CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
]


def test_document_shape(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.1")
    assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    bodies = document["paths"]["/bodies"]["get"]
    by_name = {p["name"]: p["schema"] for p in bodies["parameters"]}
    assert by_name["per_page"]["maximum"] == 100
    assert by_name["sort"]["enum"] == [
        "name",
        "-name",
        "start_date",
        "-start_date",
        "end_date",
        "-end_date",
    ]
    assert by_name["status"]["enum"] == ["current", "dissolved", "all"]
    assert "400" in bodies["responses"]
    proposals = document["paths"]["/proposals"]["get"]
    assert proposals["security"] == [{"bearerAuth": []}]
    assert {"401", "403"} <= set(proposals["responses"])
    proposal_params = {p["name"]: p for p in proposals["parameters"]}
    assert proposal_params["cursor"]["schema"]["maxLength"] == 200
    assert proposal_params["page"]["deprecated"] is True
    assert proposal_params["page"]["schema"]["maximum"] == 1
    schemas = document["components"]["schemas"]
    listed = schemas["ProposalList"]["properties"]
    assert listed["pagination"] == {"$ref": "#/components/schemas/CursorPagination"}
    assert "total" not in schemas["CursorPagination"]["properties"]


class FreshContext:
    """WSGI wrapper: each request in its own app context (as the test client does)."""

    def __init__(self, app) -> None:
        self.app = app

    def __call__(self, environ, start_response):
        with self.app.app_context():
            return self.app(environ, start_response)


@pytest.fixture
def api_data(db, user_factory):
    """Registry, decisions and proposals; a reviewer's token."""
    seed_registry()
    make_decision("2023/41", date(2023, 10, 27), body_id=1)
    applicant = user_factory("applicant")
    make_proposal(applicant, "draft")
    make_proposal(applicant, "review")
    return token_for(user_factory("reviewer"))


WITH_PARAMETERS = [
    "/bodies",
    "/bodies/{body_id}",
    "/decisions",
    "/decisions/{decision_id}",
    "/proposals",
    "/proposals/{proposal_id}",
]
# Negative cases (invalid parameters) only where there are parameters to break.
RUNS = [(path, GenerationMode.POSITIVE) for path in ["/", "/openapi.json", *WITH_PARAMETERS]]
RUNS += [(path, GenerationMode.NEGATIVE) for path in WITH_PARAMETERS]


# The schemathesis pytest plugin (from_fixture) breaks on pytest 9, so the operations are
# driven through its Python API with Hypothesis directly: same generators, same checks.
@pytest.mark.parametrize(("path", "mode"), RUNS)
def test_api_conforms_to_its_openapi_document(app, api_data, path, mode):
    app.config["API_RATE_LIMIT"] = "100000 per minute"
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", FreshContext(app))
    operation = schema[path]["GET"]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
    def run(case):
        case.call_and_validate(headers=bearer(api_data), checks=CHECKS)

    run()


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_writing_methods_answer_the_declared_405(client, api_data, method):
    document = client.get("/api/v1/openapi.json").get_json()
    for path, operations in document["paths"].items():
        declared = operations["get"]["responses"]["405"]
        url = "/api/v1" + path.replace("{body_id}", "1").replace("{decision_id}", "1")
        response = client.open(url.replace("{proposal_id}", "1"), method=method)
        assert response.status_code == 405, (method, path)
        assert "GET" in response.headers["Allow"]
        assert response.mimetype in declared["content"], path
        assert response.get_json()["status"] == 405

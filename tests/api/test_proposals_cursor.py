"""GET /api/v1/proposals walked by cursor: every proposal once, strict cursors, no count."""

from __future__ import annotations

import re

import pytest
from flask import url_for
from itsdangerous import URLSafeSerializer

from app.extensions import db
from app.models import Proposal
from app.models.base import utcnow
from tests.api.helpers import QueryCounter, bearer, make_proposal, token_for

LINK_NEXT = re.compile(r'<([^>]+)>; rel="next"')


@pytest.fixture
def staff(db, user_factory):
    """Eight submitted proposals and four drafts of two applicants; a reviewer's token."""
    first, second = user_factory("applicant"), user_factory("applicant")
    states = ["review", "draft", "established", "rejected", "review", "draft"] * 2
    proposals = [make_proposal(first if i % 2 else second, state) for i, state in enumerate(states)]
    return token_for(user_factory("reviewer")), proposals, (first, second)


def visible_to_staff(proposals) -> list[int]:
    return sorted((p.id for p in proposals if p.state != "draft"), reverse=True)


def walk(client, url: str, headers: dict[str, str], between=None) -> list[list[int]]:
    """Follow `next` from the first page to the end; the ids of each page."""
    pages = []
    while url:
        assert len(pages) < 20, "the walk does not end"
        response = client.get(url, headers=headers)
        assert response.status_code == 200, response.get_json()
        body = response.get_json()
        pages.append([item["id"] for item in body["data"]])
        url = body["pagination"]["next"]
        link = LINK_NEXT.search(response.headers.get("Link", ""))
        assert (link.group(1) if link else None) == url
        if between:
            between(len(pages))
    return pages


def test_walk_lists_every_visible_proposal_once_newest_first(client, staff):
    token, proposals, _ = staff
    pages = walk(client, "/api/v1/proposals?per_page=2", bearer(token))
    listed = [pid for page in pages for pid in page]
    assert listed == visible_to_staff(proposals)
    assert [len(page) for page in pages] == [2, 2, 2, 2]
    last = client.get("/api/v1/proposals?per_page=8", headers=bearer(token)).get_json()
    assert last["pagination"]["next"] is None and last["pagination"]["next_cursor"] is None
    assert "total" not in last["pagination"]


def test_envelope_links_keep_the_filter_and_page_size(app, client, staff):
    token, proposals, _ = staff
    body = client.get("/api/v1/proposals?state=review&per_page=1", headers=bearer(token)).get_json()
    pagination, links = body["pagination"], body["links"]
    assert pagination["cursor"] is None and pagination["per_page"] == 1
    assert pagination["next"].startswith("http://localhost/api/v1/proposals?")
    assert "state=review" in pagination["next"] and "per_page=1" in pagination["next"]
    assert f"cursor={pagination['next_cursor']}" in pagination["next"]
    assert links["first"] == "http://localhost/api/v1/proposals?state=review&per_page=1"
    with app.test_request_context():  # the links are exactly what url_for builds
        assert pagination["next"] == url_for(
            "api.list_proposals",
            state="review",
            per_page=1,
            cursor=pagination["next_cursor"],
            _external=True,
        )
    second = client.get(pagination["next"], headers=bearer(token)).get_json()
    assert second["pagination"]["cursor"] == pagination["next_cursor"]
    assert second["links"]["self"] == pagination["next"]
    reviews = sorted((p.id for p in proposals if p.state == "review"), reverse=True)
    assert [body["data"][0]["id"], second["data"][0]["id"]] == reviews[:2]


def test_walk_while_rows_are_inserted_and_updated(client, staff):
    """Keyed on the id: updates move nothing; new rows belong to a fresh first page."""
    token, proposals, (first, _second) = staff
    expected = visible_to_staff(proposals)
    created = []

    def meanwhile(pages_read: int) -> None:
        if pages_read == 1:
            created.append(make_proposal(first, "review").id)  # newer than the cursor
            listed, pending = db.session.get(Proposal, expected[0]), expected[-1]
            listed.title = "Geändert nach dem Lesen"
            db.session.get(Proposal, pending).title = "Geändert vor dem Lesen"
            db.session.commit()
        if pages_read == 2:
            draft = next(p for p in proposals if p.state == "draft")
            draft.state = "review"  # submitted meanwhile, older than the cursor: appears
            draft.submitted_at = utcnow()
            db.session.commit()
            expected.append(draft.id)

    pages = walk(client, "/api/v1/proposals?per_page=2", bearer(token), between=meanwhile)
    listed = [pid for page in pages for pid in page]
    assert len(listed) == len(set(listed))
    assert created[0] not in listed
    assert sorted(listed) == sorted(expected)
    fresh = client.get("/api/v1/proposals?per_page=2", headers=bearer(token)).get_json()
    assert fresh["data"][0]["id"] == created[0]


def test_applicant_walks_only_own_proposals(client, staff):
    _, proposals, (first, _second) = staff
    pages = walk(client, "/api/v1/proposals?per_page=3", bearer(token_for(first)))
    own = sorted((p.id for p in proposals if p.owner_id == first.id), reverse=True)
    assert [pid for page in pages for pid in page] == own


def test_office_filtering_drafts_sees_only_its_own(client, user_factory, staff):
    assert len(staff[1]) == 12  # four drafts of others are not listed
    office = user_factory("secretariat")
    own = make_proposal(office, "draft")
    response = client.get("/api/v1/proposals?state=draft", headers=bearer(token_for(office)))
    assert [item["id"] for item in response.get_json()["data"]] == [own.id]


def _signed(app, payload) -> str:
    return URLSafeSerializer(app.config["SECRET_KEY"], salt="api.cursor").dumps(payload)


@pytest.mark.parametrize(
    "make_cursor",
    [
        lambda app, real: "nonsense",
        lambda app, real: "ä-not-base64",
        lambda app, real: real[:-1] + ("A" if real[-1] != "A" else "B"),  # signature tampered
        lambda app, real: real.split(".")[0] + ".",
        lambda app, real: "x" * 201,
        lambda app, real: URLSafeSerializer("other-key", salt="api.cursor").dumps(
            ["proposals:", 5]
        ),
        lambda app, real: _signed(app, ["proposals:", "5"]),
        lambda app, real: _signed(app, ["proposals:", 0]),
        lambda app, real: _signed(app, {"id": 5}),
        lambda app, real: _signed(app, ["bodies:", 5]),
    ],
    ids=[
        "garbled",
        "not-ascii",
        "tampered",
        "no-signature",
        "too-long",
        "other-key",
        "id-as-text",
        "id-zero",
        "wrong-shape",
        "other-list",
    ],
)
def test_forged_or_garbled_cursor_is_a_400_problem(app, client, staff, make_cursor):
    token, _, _ = staff
    real = client.get("/api/v1/proposals?per_page=2", headers=bearer(token)).get_json()
    response = client.get(
        "/api/v1/proposals",
        query_string={"cursor": make_cursor(app, real["pagination"]["next_cursor"])},
        headers=bearer(token),
    )
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["invalid_params"][0]["name"] == "cursor"
    assert "Der Cursor ist ungültig" in problem["detail"]


def test_cursor_of_another_filter_is_refused(client, staff):
    token, _, _ = staff
    reviews = client.get("/api/v1/proposals?state=review&per_page=1", headers=bearer(token))
    cursor = reviews.get_json()["pagination"]["next_cursor"]
    other = client.get(f"/api/v1/proposals?cursor={cursor}", headers=bearer(token))
    assert other.status_code == 400
    same = client.get(f"/api/v1/proposals?state=review&cursor={cursor}", headers=bearer(token))
    assert same.status_code == 200


def test_page_one_is_accepted_and_later_pages_point_to_the_cursor(client, staff):
    token, _, _ = staff
    assert client.get("/api/v1/proposals?page=1", headers=bearer(token)).status_code == 200
    response = client.get("/api/v1/proposals?page=2", headers=bearer(token))
    assert response.status_code == 400
    assert response.get_json()["invalid_params"][0]["name"] == "page"
    assert "„cursor“" in response.get_json()["detail"]
    assert client.get("/api/v1/proposals?page=x", headers=bearer(token)).status_code == 400


def test_every_page_issues_the_same_statements(app, client, staff):
    token, _, _ = staff
    headers = bearer(token)
    client.get("/api/v1/proposals", headers=headers)  # records the token's first use
    counts, url = [], "/api/v1/proposals?per_page=2"
    while url:
        with QueryCounter(db.engine) as counter:
            response = client.get(url, headers=headers)
        counts.append(counter.count)
        url = response.get_json()["pagination"]["next"]
    assert len(counts) == 4
    assert len(set(counts)) == 1, counts


def test_cursor_pages_answer_304_when_unchanged(client, staff):
    token = staff[0]
    headers = bearer(token)
    first = client.get("/api/v1/proposals?per_page=2", headers=headers).get_json()
    url = first["pagination"]["next"]
    response = client.get(url, headers=headers)
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.last_modified is None
    revalidated = client.get(url, headers={**headers, "If-None-Match": response.headers["ETag"]})
    assert revalidated.status_code == 304
    listed = db.session.get(Proposal, response.get_json()["data"][0]["id"])
    listed.title = "Neu"
    db.session.commit()
    changed = client.get(url, headers={**headers, "If-None-Match": response.headers["ETag"]})
    assert changed.status_code == 200

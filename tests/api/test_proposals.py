"""GET /api/v1/proposals: bearer tokens, roles, visibility, hashed storage."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from app.api.serializers import iso_datetime
from app.api.tokens import revoke_token
from app.models import ApiToken, Body
from tests.api.helpers import bearer, make_proposal, token_for
from workflows.proposal import STATE_LABELS


@pytest.fixture
def cast(db, user_factory):
    """An applicant with a draft and a submitted proposal; another applicant's draft."""
    applicant = user_factory("applicant")
    other = user_factory("applicant")
    proposals = {
        "own_draft": make_proposal(applicant, "draft"),
        "own_review": make_proposal(applicant, "review"),
        "other_draft": make_proposal(other, "draft"),
        "other_established": make_proposal(other, "established"),
    }
    return applicant, proposals


def references(response) -> set[str]:
    return {item["reference"] for item in response.get_json()["data"]}


def assert_401(response, *, invalid: bool) -> None:
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"
    challenge = response.headers["WWW-Authenticate"]
    assert challenge.startswith("Bearer")
    assert ('error="invalid_token"' in challenge) is invalid


def test_without_token_is_401(client, cast):
    assert_401(client.get("/api/v1/proposals"), invalid=False)
    assert_401(client.get("/api/v1/proposals", headers={"Authorization": "Basic x"}), invalid=False)


def test_unknown_token_is_401(client, cast):
    assert_401(client.get("/api/v1/proposals", headers=bearer("gp_wrong")), invalid=True)


def test_revoked_token_is_401(client, db, user_factory, cast):
    token = token_for(user_factory("reviewer"))
    assert client.get("/api/v1/proposals", headers=bearer(token)).status_code == 200
    revoke_token(db.session.scalars(select(ApiToken)).one())
    db.session.commit()
    assert_401(client.get("/api/v1/proposals", headers=bearer(token)), invalid=True)


def test_token_of_deactivated_account_is_401(client, db, user_factory, cast):
    reviewer = user_factory("reviewer")
    token = token_for(reviewer)
    reviewer.active = False
    db.session.commit()
    assert_401(client.get("/api/v1/proposals", headers=bearer(token)), invalid=True)


def test_admin_without_proposal_role_is_403(client, user_factory, cast):
    response = client.get("/api/v1/proposals", headers=bearer(token_for(user_factory("admin"))))
    assert response.status_code == 403
    assert response.mimetype == "application/problem+json"


@pytest.mark.parametrize("role", ["reviewer", "secretariat"])
def test_staff_see_every_submitted_proposal(client, user_factory, cast, role):
    _, proposals = cast
    response = client.get("/api/v1/proposals", headers=bearer(token_for(user_factory(role))))
    assert response.status_code == 200
    assert references(response) == {
        proposals["own_review"].reference,
        proposals["other_established"].reference,
    }
    assert response.headers["Cache-Control"] == "private, no-store"


def test_applicant_sees_only_own_proposals(client, cast):
    applicant, proposals = cast
    response = client.get("/api/v1/proposals", headers=bearer(token_for(applicant)))
    assert references(response) == {
        proposals["own_draft"].reference,
        proposals["own_review"].reference,
    }
    other = proposals["other_established"].id
    assert (
        client.get(f"/api/v1/proposals/{other}", headers=bearer(token_for(applicant))).status_code
        == 404
    )


def test_state_filter_and_single_proposal(client, user_factory, cast):
    _, proposals = cast
    headers = bearer(token_for(user_factory("reviewer")))
    response = client.get("/api/v1/proposals?state=established", headers=headers)
    assert references(response) == {proposals["other_established"].reference}
    single = client.get(f"/api/v1/proposals/{proposals['own_review'].id}", headers=headers)
    assert single.get_json()["data"]["state_label"] == "In Prüfung"
    draft = client.get(f"/api/v1/proposals/{proposals['other_draft'].id}", headers=headers)
    assert draft.status_code == 404


def test_token_is_stored_only_as_sha256_and_last_use_recorded(client, db, user_factory, cast):
    token = token_for(user_factory("reviewer"))
    stored = db.session.scalars(select(ApiToken)).one()
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert stored.last_used_at is None
    for column in ApiToken.__table__.columns:
        assert getattr(stored, column.key) != token
    assert token.startswith(stored.hint)
    assert len(stored.hint) < 12
    client.get("/api/v1/proposals", headers=bearer(token))
    db.session.expire_all()
    assert db.session.scalars(select(ApiToken)).one().last_used_at is not None


def test_every_field_of_a_proposal_is_its_own(client, db, registry, user_factory):
    """Each column lands in its own field, in the list and alone (rows are unpacked)."""
    owner = user_factory("applicant", name="Ada Antrag", organisation="Land Berlin")
    parent, body = db.session.scalars(select(Body).order_by(Body.id).limit(2)).all()
    proposal = make_proposal(owner, "established", title="Ein Titel")
    proposal.short_name = "Kurz"
    proposal.kind = "projektgruppe"
    proposal.focus_topic = "Ein Schwerpunkt"
    proposal.parent_body_id = parent.id
    proposal.body_id = body.id
    proposal.end_date = date(2031, 2, 3)
    proposal.open_ended = True
    proposal.submitted_at = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)
    db.session.commit()
    expected = {
        "id": proposal.id,
        "reference": proposal.reference,
        "state": "established",
        "state_label": STATE_LABELS["established"],
        "title": "Ein Titel",
        "short_name": "Kurz",
        "kind": "projektgruppe",
        "focus_topic": "Ein Schwerpunkt",
        "parent_body_id": parent.id,
        "body_id": body.id,
        "end_date": "2031-02-03",
        "open_ended": True,
        "owner": {"name": "Ada Antrag", "organisation": "Land Berlin"},
        "submitted_at": "2030-01-02T03:04:05Z",
        "created_at": iso_datetime(proposal.created_at),
        "updated_at": iso_datetime(proposal.updated_at),
        "links": {"self": f"http://localhost/api/v1/proposals/{proposal.id}"},
    }
    headers = bearer(token_for(owner))
    assert client.get("/api/v1/proposals", headers=headers).get_json()["data"] == [expected]
    single = client.get(f"/api/v1/proposals/{proposal.id}", headers=headers).get_json()
    assert single["data"] == expected

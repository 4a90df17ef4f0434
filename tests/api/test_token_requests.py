"""Requests with a bearer token: one look-up statement, roles and state read on every request."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event, select

from app.models import ApiToken
from app.models.base import utcnow
from tests.api.helpers import bearer, make_proposal, token_for


class Statements:
    """The SQL statements sent to the engine while active."""

    def __init__(self, engine) -> None:
        self.engine = engine
        self.sql: list[str] = []

    def _record(self, _conn, _cursor, statement, *_args) -> None:
        self.sql.append(statement)

    def __enter__(self) -> Statements:
        event.listen(self.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *exc) -> None:
        event.remove(self.engine, "before_cursor_execute", self._record)

    def updates(self) -> list[str]:
        return [sql for sql in self.sql if sql.lstrip().upper().startswith("UPDATE")]


def test_a_list_request_is_two_statements_and_records_the_use_once_a_minute(
    client, db, user_factory
):
    reviewer = user_factory("reviewer")
    make_proposal(reviewer, "review")
    headers = bearer(token_for(reviewer))
    with Statements(db.engine) as first:
        assert client.get("/api/v1/proposals", headers=headers).status_code == 200
    assert len(first.updates()) == 1  # last_used_at, never recorded before
    assert len(first.sql) == 3  # token with account and roles, the page, the update
    db.session.expire_all()
    recorded = db.session.scalars(select(ApiToken)).one().last_used_at
    assert recorded is not None
    with Statements(db.engine) as second:
        assert client.get("/api/v1/proposals", headers=headers).status_code == 200
    assert len(second.sql) == 2
    assert second.updates() == []
    db.session.expire_all()
    assert db.session.scalars(select(ApiToken)).one().last_used_at == recorded


def test_last_use_is_recorded_again_after_a_minute(client, db, user_factory):
    headers = bearer(token_for(user_factory("reviewer")))
    token = db.session.scalars(select(ApiToken)).one()
    long_ago = utcnow() - timedelta(minutes=5)
    token.last_used_at = long_ago
    db.session.commit()
    assert client.get("/api/v1/proposals", headers=headers).status_code == 200
    db.session.expire_all()
    renewed = db.session.scalars(select(ApiToken)).one().last_used_at
    assert renewed.replace(tzinfo=None) > long_ago.replace(tzinfo=None)


def test_roles_are_read_on_every_request(client, db, user_factory):
    user = user_factory("reviewer")
    own = make_proposal(user, "draft")
    other = make_proposal(user_factory("applicant"), "review")
    headers = bearer(token_for(user))

    def references() -> set[str]:
        response = client.get("/api/v1/proposals", headers=headers)
        return {item["reference"] for item in response.get_json()["data"]}

    assert references() == {own.reference, other.reference}
    user.set_roles({"applicant"})
    db.session.commit()
    assert references() == {own.reference}
    user.set_roles({"applicant", "secretariat"})
    db.session.commit()
    assert references() == {own.reference, other.reference}
    user.set_roles(set())
    db.session.commit()
    assert client.get("/api/v1/proposals", headers=headers).status_code == 403


def test_an_account_without_a_proposal_role_is_refused_a_single_proposal(client, user_factory):
    proposal = make_proposal(user_factory("applicant"), "review")
    headers = bearer(token_for(user_factory("admin")))
    response = client.get(f"/api/v1/proposals/{proposal.id}", headers=headers)
    assert response.status_code == 403
    assert response.mimetype == "application/problem+json"


def test_the_first_use_is_committed_with_the_request(client, db, user_factory):
    """The token's ``last_used_at`` is written in a transaction that the request commits."""
    reviewer = user_factory("reviewer")
    headers = bearer(token_for(reviewer))
    assert client.get("/api/v1/proposals", headers=headers).status_code == 200
    db.session.remove()
    db.engine.dispose()  # a new connection: sees only what was committed
    assert db.session.scalars(select(ApiToken)).one().last_used_at is not None

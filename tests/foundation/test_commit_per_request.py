"""One commit per request: every request that writes (ORM or Core) commits; CSRF tokens are
the session's own."""

from __future__ import annotations

import re

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from app.models import ApiToken, Proposal
from tests.api.helpers import bearer, make_proposal, token_for
from tests.conftest import Browserless

NEW_PROPOSAL = "/antraege/neu"
TOKEN_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class Commits:
    """How many times any session committed while active."""

    def __init__(self) -> None:
        self.count = 0

    def _record(self, _session) -> None:
        self.count += 1

    def __enter__(self) -> Commits:
        event.listen(Session, "after_commit", self._record)
        return self

    def __exit__(self, *exc) -> None:
        event.remove(Session, "after_commit", self._record)


def test_a_core_write_in_a_get_is_committed(client, db, user_factory):
    reviewer = user_factory("reviewer")
    make_proposal(reviewer, "review")
    headers = bearer(token_for(reviewer))
    db.session.commit()
    with Commits() as commits:
        assert client.get("/api/v1/proposals", headers=headers).status_code == 200
    assert commits.count == 1  # the token's last use, an UPDATE without the ORM
    db.session.expire_all()
    assert db.session.scalars(select(ApiToken.last_used_at)).one() is not None


def test_an_orm_write_is_committed(web, db, user_factory):
    user = user_factory("applicant")
    web.login(user)
    with Commits() as commits:
        response = web.post(NEW_PROPOSAL, {}, form_url=NEW_PROPOSAL)
    assert response.status_code == 302
    assert commits.count >= 1  # the request's commit (the reference counter may add its own)
    db.session.expire_all()
    owned = db.session.scalars(select(Proposal).where(Proposal.owner_id == user.id)).all()
    assert len(owned) == 1


def _token(response) -> str:
    match = TOKEN_RE.search(response.get_data(as_text=True))
    assert match, "page has no CSRF token"
    return match.group(1)


def test_another_session_never_gets_the_token(app, user_factory):
    one, two = Browserless(app.test_client()), Browserless(app.test_client())
    one.login(user_factory("applicant"))
    two.login(user_factory("applicant"))
    token_one = _token(one.client.get("/meine-antraege"))
    token_two = _token(two.client.get("/meine-antraege"))
    assert token_one != token_two
    refused = two.client.post("/abmelden", data={"csrf_token": token_one})
    assert refused.status_code == 400
    accepted = two.client.post("/abmelden", data={"csrf_token": token_two})
    assert accepted.status_code == 302

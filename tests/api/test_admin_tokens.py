"""/verwaltung/api-tokens: administrators issue (plaintext once), list and revoke tokens."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.models import ApiToken
from tests.api.helpers import bearer

TOKEN_RE = re.compile(r'<code id="api-token">(gp_[A-Za-z0-9_-]+)</code>')
LIST = "/verwaltung/api-tokens/"


@pytest.fixture
def admin(web, user_factory):
    user = user_factory("admin")
    web.login(user)
    return user


def issue(web, user, name="Auswertung") -> str:
    response = web.post(LIST + "neu", {"name": name, "user_id": str(user.id)})
    assert response.status_code == 200
    match = TOKEN_RE.search(response.get_data(as_text=True))
    assert match, "the plaintext token is shown once"
    return match.group(1)


def test_admin_issues_token_that_works_and_is_shown_once(admin, web, client, db, user_factory):
    reviewer = user_factory("reviewer", name="Rita Prüferin")
    token = issue(web, reviewer)
    assert client.get("/api/v1/proposals", headers=bearer(token)).status_code == 200
    listing = client.get(LIST).get_data(as_text=True)
    assert "Auswertung" in listing and "Rita Prüferin" in listing
    assert token not in listing
    assert token[:8] in listing
    stored = db.session.scalars(select(ApiToken)).one()
    assert stored.created_by_id == admin.id


def test_revoke_needs_confirmation_and_csrf(admin, web, client, db, user_factory):
    token = issue(web, user_factory("reviewer"))
    token_id = db.session.scalars(select(ApiToken.id)).one()
    url = f"{LIST}{token_id}/widerrufen"
    confirm = client.get(url)
    assert "wirklich widerrufen" in confirm.get_data(as_text=True)
    assert client.post(url, data={}).status_code == 400  # no CSRF token
    assert client.get("/api/v1/proposals", headers=bearer(token)).status_code == 200
    response = web.post(url, follow_redirects=True)
    assert "wurde widerrufen" in response.get_data(as_text=True)
    assert client.get("/api/v1/proposals", headers=bearer(token)).status_code == 401
    assert "widerrufen am" in client.get(LIST).get_data(as_text=True)


def test_issue_form_validates(admin, web):
    response = web.post(LIST + "neu", {"name": "", "user_id": "999999"})
    assert response.status_code == 400
    assert "Bitte geben Sie eine Bezeichnung ein." in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["reviewer", "secretariat", "applicant"])
def test_only_admins_reach_the_token_pages(web, client, user_factory, role):
    web.login(user_factory(role))
    assert client.get(LIST).status_code == 403
    assert client.get(LIST + "neu").status_code == 403


def test_users_page_links_to_tokens(admin, client):
    assert LIST in client.get("/verwaltung/benutzer").get_data(as_text=True)

"""Signed-in registry pages: everyone sees the same registry content, the name, navigation and
office-only buttons are each user's own, and a change shows at once."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app import create_app
from app.extensions import db
from app.models import Body
from config import TestingConfig
from tests.conftest import Browserless, IsolatedClient
from tests.performance.conftest import REGISTRY_EDIT as EDIT
from tests.registry.conftest import add_proposal_body

OFFICE_ONLY = (
    "Gremium eintragen",
    "/gremien/neu",
    "Auslaufende Befristungen",
    "/gremien/befristungen",
    "/gremien/antraege.csv",
    "/bearbeiten",
    "Änderung beginnen",
    "/aenderung",
    "Anträge zu diesem Gremium",
)
MAIN_RE = re.compile(r"<main.*?</main>", re.S)


@pytest.fixture
def people(app, user_factory) -> dict[str, Browserless]:
    """An office member and an applicant with distinct names, each signed in on app."""
    signed_in = {}
    for role, name in (("secretariat", "Greta Geschäftsstelle"), ("applicant", "Anna Antrag")):
        web = Browserless(app.test_client())
        web.login(user_factory(role, name=name))
        web.client.get("/")  # shows (and so drops) the welcome message
        signed_in[role] = web
    return signed_in


@pytest.fixture
def second_app(app, database_uri):
    """Another app process on the same database (as a second gunicorn worker)."""
    other = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=database_uri)
    other.test_client_class = IsolatedClient
    yield other
    with other.app_context():
        db.engine.dispose()


def _html(web: Browserless, url: str) -> str:
    response = web.client.get(url)
    assert response.status_code == 200, url
    assert "ETag" not in response.headers and response.headers["Cache-Control"] == "no-store"
    return response.get_data(as_text=True)


def _main(html: str) -> str:
    return MAIN_RE.search(html).group(0)


def test_office_and_applicant_share_the_parts_but_not_the_frame(app, seeded, people, user_factory):
    parent = db.session.scalar(select(Body).where(Body.key == "pg-finanzplanung"))
    created = add_proposal_body(user_factory("applicant"), parent=parent)
    db.session.commit()
    urls = ("/gremien/", "/gremien/pg-finanzplanung", f"/gremien/{created.key}")
    office = {url: _html(people["secretariat"], url) for url in urls}
    applicant = {url: _html(people["applicant"], url) for url in urls}
    anonymous = {url: app.test_client().get(url).get_data(as_text=True) for url in urls}

    assert "Greta Geschäftsstelle" in office["/gremien/"]
    assert "Anna Antrag" in applicant["/gremien/"]
    for url in urls:
        assert "Anna Antrag" not in office[url] and "Greta Geschäftsstelle" not in applicant[url]
        assert "Angemeldet als" not in anonymous[url]
        for text in OFFICE_ONLY:
            assert text not in _main(applicant[url]), (url, text)
            assert text not in anonymous[url], (url, text)
        # Apart from the office's buttons, everyone sees the same page content.
        assert _main(applicant[url]) == _main(anonymous[url])
    assert "Gremium eintragen" in office["/gremien/"]
    assert "Auslaufende Befristungen" in office["/gremien/"]
    assert 'href="/gremien/pg-finanzplanung/bearbeiten"' in office["/gremien/pg-finanzplanung"]
    body_page = office[f"/gremien/{created.key}"]
    assert "Änderung beginnen" in body_page and "/bearbeiten" not in _main(body_page)
    assert "Anträge zu diesem Gremium" in body_page  # the office reaches the proposal
    assert "Gremiensteckbrief" in body_page


def test_a_change_on_another_instance_shows_at_once_when_signed_in(
    app, second_app, seeded, people, user_factory
):
    urls = ("/gremien/", "/gremien/pg-finanzplanung")
    for web in people.values():
        for url in urls:
            assert "Freie Hansestadt Bremen" not in _html(web, url)
    office_elsewhere = Browserless(second_app.test_client())
    office_elsewhere.login(user_factory("secretariat"))
    assert office_elsewhere.post("/gremien/pg-finanzplanung/bearbeiten", EDIT).status_code == 302
    for web in people.values():
        for url in urls:
            assert "Freie Hansestadt Bremen" in _html(web, url), url
        page = _html(web, "/gremien/pg-finanzplanung")
        assert "befristet bis 30.06.2027" in page and "Eintrag geändert" in page


def test_a_flashed_message_is_shown_to_its_user_only(app, seeded, people):
    office, applicant = people["secretariat"], people["applicant"]
    with office.client.session_transaction() as session:
        session["_flashes"] = [("info", "Nur für die Geschäftsstelle.")]
    assert "Nur für die Geschäftsstelle." in _html(office, "/gremien/")
    assert "Nur für die Geschäftsstelle." not in _html(applicant, "/gremien/")
    assert "Nur für die Geschäftsstelle." not in _html(office, "/gremien/")


def test_a_search_is_its_own_page(app, seeded, people):
    search = _html(people["applicant"], "/gremien/?q=Finanzplanung")
    everything = _html(people["applicant"], "/gremien/")
    assert "Suchergebnisse" in search and "Suchergebnisse" not in everything
    assert 'value="Finanzplanung"' in search and 'value="Finanzplanung"' not in everything


def test_errors_are_german_4xx_for_signed_in_users(app, seeded, people):
    response = people["secretariat"].client.get("/gremien/?status=kaputt")
    assert response.status_code == 400
    assert people["secretariat"].client.get("/gremien/gibt-es-nicht").status_code == 404

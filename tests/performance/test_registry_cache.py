"""Revalidation of the public registry pages: strong ETag, 304, freshness across processes."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app import create_app
from app.extensions import db
from app.models import Body, Decision
from config import TestingConfig
from tests.conftest import Browserless, IsolatedClient
from tests.performance.conftest import REGISTRY_EDIT as EDIT
from tests.performance.conftest import counting

PAGES = ("/gremien/", "/gremien/aufgeloest", "/gremien/pg-finanzplanung", "/gremien/?q=gruppe")


@pytest.fixture
def office(user_factory):
    """A secretariat user (committed)."""
    return user_factory("secretariat")


@pytest.fixture
def second_app(app, database_uri):
    """Another app process on the same database (as a second gunicorn worker)."""
    other = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=database_uri)
    other.test_client_class = IsolatedClient
    yield other
    with other.app_context():
        db.engine.dispose()


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_pages_carry_a_strong_etag_and_answer_304(client, seeded, url):
    first = client.get(url)
    etag = first.headers["ETag"]
    assert first.status_code == 200 and etag.startswith('"') and not etag.startswith("W/")
    assert first.headers["Cache-Control"] == "no-cache"
    assert "Cookie" in first.headers["Vary"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag
    assert client.get(url, headers={"If-None-Match": '"anders"'}).status_code == 200


def test_a_current_copy_is_answered_304_with_one_statement(client, seeded):
    etag = client.get("/gremien/pg-finanzplanung").headers["ETag"]
    with counting(db.engine) as statements:
        again = client.get("/gremien/pg-finanzplanung", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert len(statements) == 1  # the data version; the page's data is not loaded


def test_a_fresh_render_issues_as_many_statements_with_more_bodies(app, client, seeded):
    def fresh_render_counts() -> dict[str, int]:
        counts = {}
        for url in PAGES:
            with counting(db.engine) as statements:
                assert client.get(url).status_code == 200
            counts[url] = len(statements)
        return counts

    before = fresh_render_counts()
    parent = db.session.scalar(select(Body).where(Body.key == "pg-finanzplanung"))
    for number in range(1, 41):
        db.session.add(
            Body(
                key=f"zusatzgruppe-{number}",
                name=f"Zusatzgruppe {number}",
                kind="arbeitsgruppe",
                parent_id=parent.id,
                lead="Bund" if number % 2 else None,
                end_date=date(2020, 1, number % 28 + 1) if number % 3 == 0 else None,
            )
        )
    db.session.commit()
    assert fresh_render_counts() == before


def test_different_query_strings_are_different_pages(client, seeded):
    everything = client.get("/gremien/")
    search = client.get("/gremien/?q=Finanzplanung")
    assert everything.headers["ETag"] != search.headers["ETag"]
    assert "Suchergebnisse" in search.get_data(as_text=True)
    assert "Suchergebnisse" not in everything.get_data(as_text=True)


def test_an_office_edit_on_another_instance_shows_at_once(app, second_app, seeded, office):
    anonymous = app.test_client()
    before = {url: anonymous.get(url) for url in PAGES[:3]}
    assert "Freie Hansestadt Bremen" not in before["/gremien/"].get_data(as_text=True)
    office_web = Browserless(second_app.test_client())
    office_web.login(office)
    edit = office_web.post("/gremien/pg-finanzplanung/bearbeiten", EDIT)
    assert edit.status_code == 302
    for url, old in before.items():
        new = anonymous.get(url, headers={"If-None-Match": old.headers["ETag"]})
        assert new.status_code == 200, url
        assert new.headers["ETag"] != old.headers["ETag"]
    assert "Freie Hansestadt Bremen" in anonymous.get("/gremien/").get_data(as_text=True)
    page = anonymous.get("/gremien/pg-finanzplanung").get_data(as_text=True)
    assert "befristet bis 30.06.2027" in page and "Eintrag geändert" in page


def test_a_decision_recorded_elsewhere_shows_on_the_body_page(app, second_app, seeded):
    anonymous = app.test_client()
    old = anonymous.get("/gremien/pg-finanzplanung")
    with second_app.app_context():
        body_id = db.session.scalar(select(Body.id).where(Body.key == "pg-finanzplanung"))
        db.session.add(
            Decision(
                number="2026/77",
                year=2026,
                sequence=77,
                decided_on=date(2026, 11, 27),
                session="43",
                title="Auflösung der Projektgruppe",
                text="Der IT-Planungsrat löst die Projektgruppe auf.",
                kind="dissolve",
                body_id=body_id,
            )
        )
        db.session.commit()
    new = anonymous.get("/gremien/pg-finanzplanung", headers={"If-None-Match": old.headers["ETag"]})
    assert new.status_code == 200
    assert "Auflösung der Projektgruppe" in new.get_data(as_text=True)


def test_signed_in_users_never_get_the_anonymous_page(app, web, seeded, office):
    anonymous = app.test_client().get("/gremien/")
    assert "Angemeldet als" not in anonymous.get_data(as_text=True)
    web.login(office)
    for headers in ({}, {"If-None-Match": anonymous.headers["ETag"]}):
        page = web.client.get("/gremien/", headers=headers)
        assert page.status_code == 200
        assert "Angemeldet als" in page.get_data(as_text=True)
        assert "Gremium eintragen" in page.get_data(as_text=True)
        assert "ETag" not in page.headers
        assert page.headers["Cache-Control"] == "no-store"
    web.logout()
    after = web.client.get("/gremien/")
    assert "Angemeldet als" not in after.get_data(as_text=True)


def test_a_flashed_message_is_shown_and_not_shared(app, client, seeded):
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "Eine Nachricht nur für diesen Besuch.")]
    page = client.get("/gremien/")
    assert "Eine Nachricht nur für diesen Besuch." in page.get_data(as_text=True)
    assert "ETag" not in page.headers
    assert "Eine Nachricht" not in client.get("/gremien/").get_data(as_text=True)


def test_bad_filters_are_still_a_german_400_without_etag(app, client, seeded):
    response = client.get("/gremien/?status=kaputt")
    assert response.status_code == 400
    assert "ETag" not in response.headers

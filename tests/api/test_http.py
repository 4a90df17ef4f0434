"""Conditional GET, cache headers, rate limiting and cookies of the API."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import select
from werkzeug.http import http_date

from app.formatting import BERLIN, today_berlin
from app.models import Body
from tests.api.helpers import bearer, token_for

pytestmark = pytest.mark.usefixtures("registry")


def test_strong_etag_is_the_hash_of_the_body(client):
    response = client.get("/api/v1/bodies")
    etag = response.headers["ETag"]
    assert not etag.startswith("W/")
    assert etag.strip('"') == hashlib.sha256(response.get_data()).hexdigest()
    assert response.headers["Cache-Control"] == "no-cache"


def test_if_none_match_answers_304_until_the_data_changes(client, db):
    url = "/api/v1/bodies?q=Green-IT"
    etag = client.get(url).headers["ETag"]
    revalidated = client.get(url, headers={"If-None-Match": etag})
    assert revalidated.status_code == 304
    assert revalidated.get_data() == b""
    assert revalidated.headers["ETag"] == etag
    body = db.session.scalars(select(Body).where(Body.key == "kooperationsgruppe-green-it")).one()
    body.lead = "Land Musterland"
    db.session.commit()
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag


def test_last_modified_is_the_newest_updated_at_and_answers_304(client, db):
    url = "/api/v1/bodies/1"
    response = client.get(url)
    body = db.session.get(Body, 1)
    expected = body.updated_at.replace(microsecond=0)
    assert response.last_modified.replace(tzinfo=None) == expected.replace(tzinfo=None)
    since = response.headers["Last-Modified"]
    assert client.get(url, headers={"If-Modified-Since": since}).status_code == 304
    assert (
        client.get(url, headers={"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"}).status_code
        == 200
    )


def test_if_none_match_wins_over_if_modified_since(client):
    url = "/api/v1/bodies/1"
    since = client.get(url).headers["Last-Modified"]
    headers = {"If-None-Match": '"other"', "If-Modified-Since": since}
    assert client.get(url, headers=headers).status_code == 200


def _insert_first(db) -> None:
    db.session.add(Body(key="aaa-neu", name="AAA Neues Gremium", kind="working_group"))


def _delete_first(db) -> None:
    leaf = db.session.scalars(
        select(Body).where(~Body.children.any()).order_by(Body.name).limit(1)
    ).one()
    db.session.delete(leaf)


def _rename_last_to_first(db) -> None:
    db.session.scalars(select(Body).order_by(Body.name.desc()).limit(1)).one().name = "AAA"


API_PAGE = "/api/v1/bodies?per_page=5&sort=name"
OPARL_PAGE = "/oparl/v1/bodies/1/organizations?limit=5"  # ordered by id: renaming moves nothing


@pytest.mark.parametrize(
    ("url", "change"),
    [
        (API_PAGE, _insert_first),
        (API_PAGE, _delete_first),
        (API_PAGE, _rename_last_to_first),
        (OPARL_PAGE, _insert_first),
        (OPARL_PAGE, _delete_first),
    ],
)
def test_list_validators_see_items_moving_between_pages(client, db, url, change):
    """A list sends no Last-Modified: a change elsewhere moves items onto or off the page."""
    response = client.get(url)
    assert "Last-Modified" not in response.headers
    since = "Fri, 01 Jan 2100 00:00:00 GMT"  # later than any row
    assert client.get(url, headers={"If-None-Match": response.headers["ETag"]}).status_code == 304
    change(db)
    db.session.commit()
    assert client.get(url, headers={"If-None-Match": response.headers["ETag"]}).status_code == 200
    assert client.get(url, headers={"If-Modified-Since": since}).status_code == 200
    assert client.get(url).get_json() != response.get_json()


def test_token_responses_are_private_and_not_stored(client, user_factory):
    headers = bearer(token_for(user_factory("reviewer")))
    response = client.get("/api/v1/proposals", headers=headers)
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "Authorization" in response.headers["Vary"]
    assert (
        client.get(
            "/api/v1/proposals", headers={**headers, "If-None-Match": response.headers["ETag"]}
        ).status_code
        == 304
    )


def test_rate_limit_is_shared_by_api_and_oparl_and_answers_429_problem(app, client):
    app.config["API_RATE_LIMIT"] = "3 per minute"
    urls = ("/api/v1/bodies", "/api/v1/bodies/1", "/oparl/v1/system")
    assert [client.get(url).status_code for url in urls] == [200, 200, 200]
    response = client.get("/api/v1/decisions")
    assert response.status_code == 429
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["status"] == 429


def test_api_sets_no_cookie_even_for_a_signed_in_browser(client, web, user_factory):
    web.login(user_factory("reviewer"))
    for url in ("/api/v1/bodies", "/api/v1/bodies/999", "/api/v1/nope", "/oparl/v1/system"):
        response = client.get(url)
        # Flask-Login looks at the session after every response, so Flask adds "Vary:
        # Cookie"; the answer itself never depends on it (below) and never sets one.
        assert "Set-Cookie" not in response.headers, url
    assert client.get("/api/v1/proposals").status_code == 401  # the session does not authenticate


def test_api_is_exempt_from_csrf_yet_read_only(client):
    response = client.post("/api/v1/bodies")
    assert response.status_code == 405
    assert response.mimetype == "application/problem+json"


def test_a_body_is_modified_when_a_child_it_shows_is_renamed(client, db):
    parent = db.session.scalars(select(Body).where(Body.children.any()).limit(1)).one()
    parent.updated_at = datetime(2020, 1, 1, tzinfo=UTC)
    for child in parent.children:
        child.updated_at = datetime(2020, 1, 1, tzinfo=UTC)
    db.session.commit()
    url = f"/api/v1/bodies/{parent.id}"
    since = client.get(url).headers["Last-Modified"]
    assert client.get(url, headers={"If-Modified-Since": since}).status_code == 304
    parent.children[0].name = "Umbenannte Arbeitsgruppe"
    db.session.commit()
    renamed = client.get(url, headers={"If-Modified-Since": since})
    assert renamed.status_code == 200
    assert "Umbenannte Arbeitsgruppe" in renamed.get_data(as_text=True)


def test_a_body_is_modified_on_the_day_it_turns_dissolved(client, db):
    body = db.session.scalars(select(Body).where(~Body.children.any()).limit(1)).one()
    body.end_date = today_berlin() - timedelta(days=1)
    body.open_ended = False
    db.session.commit()
    body.updated_at = datetime(2020, 1, 1, tzinfo=UTC)
    db.session.commit()
    response = client.get(f"/api/v1/bodies/{body.id}")
    assert response.get_json()["data"]["status"] == "dissolved"
    start_of_today = datetime.combine(today_berlin(), time(), tzinfo=BERLIN)
    assert response.last_modified >= start_of_today
    yesterday = http_date(start_of_today - timedelta(hours=1))
    assert (
        client.get(response.request.path, headers={"If-Modified-Since": yesterday}).status_code
        == 200
    )

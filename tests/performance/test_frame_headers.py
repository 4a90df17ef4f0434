"""The security headers: each exactly once, a value the view set is kept."""

from __future__ import annotations

from flask import Response

from app.security import SECURITY_HEADERS


def _once_each(response) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.getlist(name) == [value], name


def test_each_security_header_once_for_visitors_and_signed_in_users(app, client, web, user_factory):
    page = client.get("/impressum")
    _once_each(page)
    assert "Cache-Control" not in page.headers
    web.login(user_factory("applicant"))
    signed_in = web.client.get("/impressum")
    _once_each(signed_in)
    assert signed_in.headers.getlist("Cache-Control") == ["no-store"]


def test_headers_set_by_the_view_are_kept(app, web, user_factory):
    @app.get("/_test/own-headers")
    def own_headers():
        response = Response("ok")
        response.headers["cache-control"] = "private, max-age=5"
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
        return response

    web.login(user_factory("applicant"))
    response = web.client.get("/_test/own-headers")
    assert response.headers.getlist("Cache-Control") == ["private, max-age=5"]
    assert response.headers.getlist("X-Frame-Options") == ["SAMEORIGIN"]
    assert response.headers.getlist("Referrer-Policy") == ["same-origin"]


def test_assets_stay_publicly_cacheable(client):
    page = client.get("/impressum").get_data(as_text=True)
    href = page.split('<link rel="stylesheet" href="', 2)[1].split('"', 1)[0]
    asset = client.get(href)
    assert asset.status_code == 200
    cache_control = asset.headers.getlist("Cache-Control")
    assert len(cache_control) == 1 and "no-store" not in cache_control[0]

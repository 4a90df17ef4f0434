"""The minimal endpoint: the benchmark's baseline and a liveness probe; it reveals nothing."""

from __future__ import annotations


def test_healthz_answers_ok_without_session_or_caching(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "ok"
    assert response.mimetype == "text/plain"
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


def test_healthz_accepts_only_get(client):
    assert client.post("/healthz").status_code in (400, 405)

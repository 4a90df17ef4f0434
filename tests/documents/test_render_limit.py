"""Steckbrief PDFs are rendered on demand: a signed-in user gets a bounded number per period,
shared by the draft and the version PDFs, then a German 429; other users are not affected."""

from __future__ import annotations

import pytest

from tests.documents import factories


@pytest.fixture
def tight_limit(app, monkeypatch):
    monkeypatch.setitem(app.config, "PDF_RENDER_RATE_LIMIT", "3 per 10 minutes")


def _url(proposal, tail: str) -> str:
    return f"/dokumente/antraege/{proposal.id}/{tail}"


def test_renders_are_bounded_per_account(web, client, app, resolution, office, tight_limit):
    proposal, owner = resolution["proposal"], resolution["owner"]
    web.login(owner)
    statuses = [
        web.client.get(_url(proposal, "entwurf/steckbrief.pdf")).status_code,
        web.client.get(_url(proposal, "versionen/1/steckbrief.pdf")).status_code,
        web.client.get(_url(proposal, "entwurf/steckbrief.pdf")).status_code,
    ]
    assert statuses == [200, 200, 200]
    refused = web.client.get(_url(proposal, "versionen/1/steckbrief.pdf"))
    assert refused.status_code == 429
    page = refused.get_data(as_text=True)
    assert "sehr viele Steckbrief-PDFs" in page
    assert refused.mimetype == "text/html"
    # another account still gets its PDF
    other = app.test_client()
    web.client = other
    web.login(office)
    assert other.get(_url(proposal, "versionen/1/steckbrief.pdf")).status_code == 200


def test_the_default_allows_ordinary_use(app):
    assert app.config["PDF_RENDER_RATE_LIMIT"] == "30 per 10 minutes"
    assert factories  # the fixtures above build on the documents factories

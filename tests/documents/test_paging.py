"""The office's document overview pages the proposals before the council; a proposal's
documents page lists all of its documents, however many others were issued since."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from sqlalchemy import insert

from app.documents import queries
from app.models import IssuedDocument
from tests.documents import factories

EDIT_LINK = re.compile(r"Beschlussvorlage bearbeiten: (D-2026-\d{4})")


def test_overview_pages_the_proposals_in_resolution(web, db, office, monkeypatch):
    monkeypatch.setattr(queries, "RESOLUTION_PAGE_SIZE", 2)
    references = sorted(factories.in_resolution()["proposal"].reference for _ in range(5))
    web.login(office)

    first = web.client.get("/dokumente/").get_data(as_text=True)
    assert EDIT_LINK.findall(first) == references[:2]
    assert "Anträge zur Beschlussfassung (5)" in first
    assert "Seite 1 von 3" in first
    assert 'rel="next"' in first and 'rel="prev"' not in first
    assert "seite=2" in first

    last = web.client.get("/dokumente/?seite=3").get_data(as_text=True)
    assert EDIT_LINK.findall(last) == references[4:]
    assert "Seite 3 von 3" in last
    assert 'rel="prev"' in last and 'rel="next"' not in last


def test_overview_refuses_pages_that_do_not_exist(web, office, resolution, monkeypatch):
    monkeypatch.setattr(queries, "RESOLUTION_PAGE_SIZE", 2)
    web.login(office)
    for bad in ("2", "0", "-1", "abc", "9999999"):
        response = web.client.get(f"/dokumente/?seite={bad}")
        assert response.status_code == 404, bad
        assert "Diese Seite der Liste gibt es nicht." in response.get_data(as_text=True)


def test_one_page_without_page_links(web, office, resolution):
    web.login(office)
    page = web.client.get("/dokumente/").get_data(as_text=True)
    assert resolution["proposal"].reference in page
    assert "Seite 1 von 1" not in page and 'rel="next"' not in page


def test_a_proposals_documents_include_ones_older_than_the_overview_shows(
    web, db, office, resolution
):
    proposal = resolution["proposal"]
    moment = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    fields = {"sha256": "0" * 64, "size": 4, "data": b"%PDF", "created_at": moment}
    db.session.execute(
        insert(IssuedDocument),
        [{"kind": "vorlage", "proposal_id": proposal.id, "filename": "alt.pdf", **fields}]
        + [{"kind": "vorlage", "filename": f"andere-{n}.pdf", **fields} for n in range(201)],
    )
    db.session.commit()
    web.login(office)
    assert "alt.pdf" not in web.client.get("/dokumente/").get_data(as_text=True)
    page = web.client.get(f"/dokumente/antraege/{proposal.id}").get_data(as_text=True)
    assert "alt.pdf" in page
    assert "andere-0.pdf" not in page

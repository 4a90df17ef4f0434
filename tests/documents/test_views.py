"""The document routes: who gets which PDF, stored bytes served, forms and bad input."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select, update

from app.models import HistoryEvent, IssuedDocument, ResolutionDraft
from tests.documents import factories


def _url(proposal, tail: str) -> str:
    return f"/dokumente/antraege/{proposal.id}/{tail}"


def _issued(db, kind: str) -> list[IssuedDocument]:
    db.session.expire_all()
    return list(db.session.scalars(select(IssuedDocument).where(IssuedDocument.kind == kind)))


def _history(db) -> list[HistoryEvent]:
    db.session.expire_all()
    stmt = select(HistoryEvent).where(HistoryEvent.action == "document_issued")
    return list(db.session.scalars(stmt.order_by(HistoryEvent.id)))


@pytest.mark.parametrize("who", ["owner", "reviewer", "office"])
def test_steckbrief_pdfs_for_owner_reviewers_and_office(web, resolution, office, who):
    user = {"owner": resolution["owner"], "reviewer": resolution["reviewers"][0], "office": office}
    web.login(user[who])
    proposal = resolution["proposal"]
    for tail in ("versionen/1/steckbrief.pdf", "entwurf/steckbrief.pdf", ""):
        response = web.client.get(_url(proposal, tail).rstrip("/"))
        assert response.status_code == 200, tail
    response = web.client.get(_url(proposal, "versionen/1/steckbrief.pdf"))
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-1.7")
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith(
        f'attachment; filename="Steckbrief-{proposal.reference}-PG-BOD-v1.pdf"'
    )
    assert response.headers["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("who", ["other applicant", "anonymous"])
def test_steckbrief_pdfs_hidden_from_others(web, resolution, user_factory, who):
    if who != "anonymous":
        web.login(user_factory("applicant"))
    proposal = resolution["proposal"]
    for tail in (
        "versionen/1/steckbrief.pdf",
        "entwurf/steckbrief.pdf",
        "beschlussvorlage.pdf",
        "",
    ):
        assert web.client.get(_url(proposal, tail).rstrip("/")).status_code == 404, tail


def test_forged_ids_and_unknown_kinds_are_404(web, resolution, office):
    web.login(office)
    proposal = resolution["proposal"]
    for url in (
        "/dokumente/antraege/99999/versionen/1/steckbrief.pdf",
        _url(proposal, "versionen/7/steckbrief.pdf"),
        "/dokumente/antraege/99999/beschlussvorlage",
        "/dokumente/unbekannt/1.pdf",
        "/dokumente/beschluss/99999.pdf",
        "/dokumente/beschluesse/2023-99.pdf",
        "/dokumente/beschluesse/..%2F..%2Fetc.pdf",
        "/dokumente/beschluesse/2023_41.pdf",
    ):
        assert web.client.get(url).status_code == 404, url


def test_office_edits_and_issues_the_vorlage(web, db, resolution, office):
    proposal = resolution["proposal"]
    web.login(office)
    page = web.client.get(_url(proposal, "beschlussvorlage")).get_data(as_text=True)
    assert "beschließt die Einsetzung der Projektgruppe" in page
    text = "1. Der IT-Planungsrat beschließt die Einsetzung der Projektgruppe „PG BOD“."
    response = web.post(_url(proposal, "beschlussvorlage"), {"text": text, "action": "save"})
    assert response.status_code == 302
    assert db.session.scalar(select(ResolutionDraft.text)) == text
    response = web.post(_url(proposal, "beschlussvorlage"), {"text": text, "action": "issue"})
    assert response.status_code == 302
    [document] = _issued(db, "vorlage")
    assert document.proposal_text == text
    [event] = _history(db)
    assert event.inputs == {"kind": "vorlage", "sha256": document.sha256}
    web.logout()
    web.login(resolution["owner"])
    download = web.client.get(_url(proposal, "beschlussvorlage.pdf"))
    assert download.status_code == 200
    assert hashlib.sha256(download.data).hexdigest() == document.sha256


def test_vorlage_form_only_for_the_office(web, resolution):
    proposal = resolution["proposal"]
    assert web.client.get(_url(proposal, "beschlussvorlage")).status_code == 404
    web.login(resolution["reviewers"][0])
    assert web.client.get(_url(proposal, "beschlussvorlage")).status_code == 404


def test_vorlage_bad_input(web, db, resolution, office):
    proposal = resolution["proposal"]
    web.login(office)
    too_long = web.post(
        _url(proposal, "beschlussvorlage"), {"text": "x" * 10_001, "action": "issue"}
    )
    assert too_long.status_code == 400
    assert "höchstens 10.000 Zeichen" in too_long.get_data(as_text=True)
    empty = web.post(_url(proposal, "beschlussvorlage"), {"text": "  ", "action": "save"})
    assert empty.status_code == 400
    no_csrf = web.client.post(_url(proposal, "beschlussvorlage"), data={"text": "1. Text"})
    assert no_csrf.status_code == 400
    assert _issued(db, "vorlage") == [] and db.session.scalar(select(ResolutionDraft)) is None


def test_vorlage_only_in_resolution(web, decided, office):
    web.login(office)
    assert web.client.get(_url(decided["proposal"], "beschlussvorlage")).status_code == 409


def _issue_beschluss(web, office, slug: str = "2023-41"):
    web.login(office)
    response = web.post(f"/dokumente/beschluesse/{slug}/ausstellen", form_url="/dokumente/")
    web.logout()
    return response


def test_beschluss_issued_once_public_and_served_from_storage(web, db, decided, office):
    assert web.client.get("/dokumente/beschluesse/2023-41.pdf").status_code == 404
    assert _issue_beschluss(web, office).status_code == 302
    [document] = _issued(db, "beschluss")
    [event] = _history(db)
    assert event.inputs == {"kind": "beschluss", "sha256": document.sha256}
    assert event.version_sha256 == decided["proposal"].latest_version.sha256
    response = web.client.get("/dokumente/beschluesse/2023-41.pdf")
    assert response.status_code == 200
    assert hashlib.sha256(response.data).hexdigest() == document.sha256
    assert response.headers["Content-Disposition"].startswith(
        'attachment; filename="Beschluss-2023-41.pdf"'
    )
    assert _issue_beschluss(web, office).status_code == 409
    assert len(_issued(db, "beschluss")) == 1


def test_downloads_never_re_render(web, db, decided, office):
    _issue_beschluss(web, office)
    db.session.execute(update(IssuedDocument).values(data=b"%PDF-stored-bytes"))
    db.session.commit()
    assert web.client.get("/dokumente/beschluesse/2023-41.pdf").data == b"%PDF-stored-bytes"


def test_beschluss_not_public_before_establishment(web, db, office):
    cast = factories.in_resolution()
    factories.decide(cast["proposal"], "decline", number="2024/02", year=2024, sequence=2)
    assert _issue_beschluss(web, office, "2024-02").status_code == 409
    assert web.client.get("/dokumente/beschluesse/2024-02.pdf").status_code == 404


def test_issue_beschluss_needs_the_office_and_csrf(web, decided, user_factory):
    assert web.client.post("/dokumente/beschluesse/2023-41/ausstellen").status_code in (302, 400)
    web.login(decided["reviewers"][0])
    response = web.post(
        "/dokumente/beschluesse/2023-41/ausstellen",
        form_url=f"/dokumente/antraege/{decided['proposal'].id}",
    )
    assert response.status_code == 403


def test_office_builds_a_sitzungsunterlage(web, db, office):
    first = factories.in_resolution()["proposal"]
    second = factories.in_resolution()["proposal"]
    web.login(office)
    page = web.client.get("/dokumente/sitzungsunterlage").get_data(as_text=True)
    assert first.reference in page and second.reference in page
    data = {"session": "42", "session_date": "18.06.2026", "proposals": [first.id, second.id]}
    response = web.post("/dokumente/sitzungsunterlage", data)
    assert response.status_code == 302
    [document] = _issued(db, "sitzung")
    assert response.headers["Location"].endswith(f"/dokumente/sitzungsunterlage/{document.id}.pdf")
    download = web.client.get(response.headers["Location"])
    assert hashlib.sha256(download.data).hexdigest() == document.sha256
    assert "Sitzungsunterlage-42-Sitzung-2026-06-18.pdf" in download.headers["Content-Disposition"]
    assert [e.proposal_id for e in _history(db)] == [first.id, second.id]
    assert document.filename in web.client.get("/dokumente/").get_data(as_text=True)
    web.logout()
    assert web.client.get(response.headers["Location"]).status_code == 404


def test_sitzungsunterlage_form_reads_only_the_listed_columns(web, db, office):
    """The picker lists every proposal in resolution: it must not read their Steckbriefe."""
    from sqlalchemy import event

    chosen = [factories.in_resolution()["proposal"] for _ in range(3)]
    web.login(office)
    web.client.get("/dokumente/sitzungsunterlage")
    seen: list[str] = []

    def record(conn, cursor, statement, *args) -> None:
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        page = web.client.get("/dokumente/sitzungsunterlage").get_data(as_text=True)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert all(f"{p.reference}: {p.title}" in page for p in chosen)
    listed = [sql for sql in seen if "FROM proposals" in sql]
    assert len(listed) == 1, seen
    assert "content" not in listed[0] and "steckbrief" not in listed[0].lower()


def test_sitzungsunterlage_bad_input(web, db, resolution, office):
    web.login(office)
    empty = web.post(
        "/dokumente/sitzungsunterlage", {"session": "42", "session_date": "18.06.2026"}
    )
    assert empty.status_code == 400
    assert "mindestens einen Antrag" in empty.get_data(as_text=True)
    forged = {"session": "42", "session_date": "18.06.2026", "proposals": [99999]}
    assert web.post("/dokumente/sitzungsunterlage", forged).status_code == 400
    bad_session = {
        "session": "<b>",
        "session_date": "18.06.2026",
        "proposals": [resolution["proposal"].id],
    }
    assert web.post("/dokumente/sitzungsunterlage", bad_session).status_code == 400
    assert _issued(db, "sitzung") == []


def test_document_pages_for_the_office_only(web, resolution, user_factory):
    assert web.client.get("/dokumente/").status_code == 302  # to the login page
    web.login(user_factory("reviewer"))
    assert web.client.get("/dokumente/").status_code == 403
    assert web.client.get("/dokumente/sitzungsunterlage").status_code == 403


def test_published_list_shows_only_public_issued_beschluesse(web, db, decided, office):
    assert "2023/41" not in web.client.get("/dokumente/beschluesse/").get_data(as_text=True)
    _issue_beschluss(web, office)
    page = web.client.get("/dokumente/beschluesse/").get_data(as_text=True)
    assert "Beschluss 2023/41 (PDF)" in page and "/dokumente/beschluesse/2023-41.pdf" in page

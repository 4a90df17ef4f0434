"""Start page, task list, summary, 'Meine Anträge', deletion and who may see what."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from app.models.proposal import Proposal, ProposalVersion
from tests.factories_proposals import make_complete_proposal, make_proposal, seed_registry


@pytest.fixture
def bodies(db):
    ids = seed_registry()
    db.session.commit()
    return ids


@pytest.fixture
def applicant(user_factory, web):
    user = user_factory("applicant")
    web.login(user)
    return user


@pytest.fixture
def draft(db, applicant, bodies):
    proposal = make_proposal(applicant)
    db.session.commit()
    return proposal


def edit_urls(proposal):
    base = f"/antraege/{proposal.id}"
    return [
        f"{base}/bearbeiten",
        f"{base}/schritt/basics",
        f"{base}/schritt/contacts",
        f"{base}/angaben-pruefen",
        f"{base}/loeschen",
    ]


def test_start_page_explains_and_creates_a_draft(db, web, applicant):
    page = web.client.get("/antraege/neu").get_data(as_text=True)
    assert "Neuen Gremiensteckbrief anlegen" in page and "Ansprechpersonen" in page
    response = web.post("/antraege/neu")
    proposal = db.session.query(Proposal).one()
    assert response.location == f"/antraege/{proposal.id}/schritt/basics"
    assert re.fullmatch(r"GS-\d{4}-0001", proposal.reference)
    assert proposal.owner_id == applicant.id


def test_start_page_is_for_applicants_only(user_factory, web):
    web.login(user_factory("reviewer"))
    assert web.client.get("/antraege/neu").status_code == 403
    assert web.client.get("/meine-antraege").status_code == 403


def test_task_list_shows_statuses_progress_and_steps(client, draft):
    page = client.get(f"/antraege/{draft.id}/bearbeiten").get_data(as_text=True)
    assert "0 von 15 Abschnitten vollständig" in page
    assert page.count('class="kern-task-list__item"') == 15
    assert "nicht begonnen" in page and "1. Stammdaten und Befristung" in page
    assert f'href="/antraege/{draft.id}/schritt/basics#abschnitt-master_data"' in page


def test_summary_lists_what_is_missing_with_links(client, draft):
    page = client.get(f"/antraege/{draft.id}/angaben-pruefen").get_data(as_text=True)
    assert "Vor der Einreichung fehlt noch:" in page
    assert f'href="/antraege/{draft.id}/schritt/basics#name"' in page
    assert 'action="/antraege/' not in page.split("Einreichen")[-1]


def test_summary_of_a_complete_draft_offers_submission(db, client, applicant, bodies):
    proposal = make_complete_proposal(applicant, bodies)
    db.session.commit()
    page = client.get(f"/antraege/{proposal.id}/angaben-pruefen").get_data(as_text=True)
    assert "Vor der Einreichung fehlt noch" not in page
    assert "15 von 15 Abschnitten vollständig" in page
    assert "31.12.2027" in page and "Projektgruppe" in page and "IT-Planungsrat" in page
    assert "Erika Mustermann" in page
    assert f'href="/antraege/{proposal.id}/schritt/boundaries#abschnitt-interfaces"' in page
    if "workflow.fire_action" in client.application.view_functions:
        assert f'action="/antraege/{proposal.id}/aktion/submit"' in page
        assert (
            'name="confirm"' in page
            and f'name="lock_version" value="{proposal.lock_version}"' in page
        )
    else:
        assert "disabled" in page


def test_user_text_is_escaped_in_the_summary(db, web, draft):
    data = {"lock_version": "1", "action": "stay", "name": "<script>alert(1)</script>"}
    assert web.post(f"/antraege/{draft.id}/schritt/basics", data).status_code == 302
    page = web.client.get(f"/antraege/{draft.id}/angaben-pruefen").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page


def test_my_proposals_are_paginated_newest_first_with_badges(db, client, applicant):
    start = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    for number in range(23):
        proposal = make_proposal(applicant)
        proposal.title = f"Vorhaben {number:02d}"
        proposal.updated_at = start + timedelta(days=number)
    db.session.commit()
    first = client.get("/meine-antraege").get_data(as_text=True)
    titles = re.findall(r"Vorhaben \d\d", first)
    assert titles[:2] == ["Vorhaben 22", "Vorhaben 21"] and len(titles) == 20
    assert "Seite 1 von 2" in first and "?seite=2" in first
    assert "kern-badge kern-badge--" in first and "Entwurf" in first
    assert "23.01.2026, 13:00 Uhr" in first  # Europe/Berlin
    second = client.get("/meine-antraege?seite=2").get_data(as_text=True)
    assert re.findall(r"Vorhaben \d\d", second) == ["Vorhaben 02", "Vorhaben 01", "Vorhaben 00"]


@pytest.mark.parametrize("page", ["3", "0", "-1", "abc", "99999999999"])
def test_pages_out_of_range_are_404(client, applicant, page):
    assert client.get(f"/meine-antraege?seite={page}").status_code == 404


def test_other_applicants_proposals_are_not_listed(db, client, applicant, user_factory):
    make_proposal(user_factory("applicant")).title = "Fremd"
    db.session.commit()
    assert "Fremd" not in client.get("/meine-antraege").get_data(as_text=True)


def test_deleting_a_draft_after_confirmation(db, web, draft):
    proposal_id, reference = draft.id, draft.reference
    confirm = web.client.get(f"/antraege/{proposal_id}/loeschen").get_data(as_text=True)
    assert "wirklich löschen" in confirm and reference in confirm
    response = web.post(f"/antraege/{proposal_id}/loeschen")
    assert response.location == "/meine-antraege"
    db.session.expire_all()
    assert db.session.get(Proposal, proposal_id) is None


def test_a_submitted_draft_cannot_be_deleted(db, web, draft, applicant):
    version = ProposalVersion(number=1, content={}, sha256="0" * 64, created_by_id=applicant.id)
    draft.versions.append(version)
    db.session.commit()
    assert web.client.get(f"/antraege/{draft.id}/loeschen").status_code == 409
    assert web.post(f"/antraege/{draft.id}/loeschen", form_url="/meine-antraege").status_code == 409
    db.session.expire_all()
    assert db.session.get(Proposal, draft.id) is not None


@pytest.mark.parametrize("roles", [("applicant",), ("reviewer",), ("secretariat",)])
def test_someone_elses_draft_is_404_everywhere(db, web, user_factory, bodies, roles):
    proposal = make_proposal(user_factory("applicant"))
    db.session.commit()
    web.login(user_factory(*roles))
    for address in edit_urls(proposal):
        assert web.client.get(address).status_code == 404, address
    data = {"lock_version": "1", "reason": "x"}
    assert (
        web.post(f"/antraege/{proposal.id}/schritt/mandate", data, form_url="/").status_code == 404
    )
    assert web.post(f"/antraege/{proposal.id}/loeschen", form_url="/").status_code == 404
    db.session.expire_all()
    assert db.session.get(Proposal, proposal.id).content == {}


def test_pages_need_a_login(client, draft, web):
    web.logout()
    for address in [*edit_urls(draft), "/antraege/neu", "/meine-antraege"]:
        response = client.get(address)
        assert response.status_code in (302, 401), address

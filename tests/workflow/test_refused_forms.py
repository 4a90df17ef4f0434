"""A refused action or remark is shown where it was sent from, nothing stored."""

from __future__ import annotations

import re

from tests.workflow.helpers import to_review


def _post(web, url, data, form_url):
    return web.post(url, data, form_url=form_url)


def test_refused_submission_stays_on_the_summary(db, web, cast, proposal):
    web.login(cast.owner)
    summary = f"/antraege/{proposal.id}/angaben-pruefen"
    response = _post(
        web,
        f"/antraege/{proposal.id}/aktion/submit",
        {"lock_version": proposal.lock_version},
        summary,
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "<title>Fehler: Angaben prüfen" in html
    assert "Ich bestätige, dass die Angaben vollständig und richtig sind." in html
    assert "Ich bestätige diese Aktion." not in html
    assert 'id="fehleruebersicht"' in html and "autofocus" in html
    db.session.refresh(proposal)
    assert proposal.state == "draft"


def test_refused_action_opens_its_form_on_the_proposal_page(db, web, cast, proposal):
    to_review(proposal, cast)
    db.session.commit()
    web.login(cast.reviewer1)
    page = f"/antraege/{proposal.id}"
    response = _post(
        web,
        f"/antraege/{proposal.id}/aktion/return_for_revision",
        {"lock_version": proposal.lock_version, "confirm": "y"},
        page,
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert re.search(r'<details class="kern-accordion" id="aktion-return_for_revision" open>', html)
    assert "Kommentar: Bitte füllen Sie das Pflichtfeld" in html
    assert '<details class="kern-accordion" id="aktion-approve">' in html  # others closed


def test_after_a_refused_remark_the_actions_keep_their_version(db, web, cast, proposal):
    to_review(proposal, cast)
    db.session.commit()
    web.login(cast.reviewer1)
    page = f"/antraege/{proposal.id}"
    response = _post(web, f"{page}/anmerkung", {"section": "resources", "text": ""}, page)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    versions = re.findall(r'name="lock_version" value="([^"]*)"', html)
    assert versions and set(versions) == {str(proposal.lock_version)}

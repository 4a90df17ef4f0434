"""The workflow screens: queues, the proposal page, actions, remarks, the diagram."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app.models import Decision, HistoryEvent, Proposal
from app.workflow import operations
from tests.factories_motion import give_motion
from tests.workflow.helpers import make_proposal, to_established, to_resolution, to_review


def page_url(proposal):
    return f"/antraege/{proposal.id}"


def action_url(proposal, trigger):
    return f"/antraege/{proposal.id}/aktion/{trigger}"


def fire(web, proposal, trigger, data=None, lock_version=None):
    """POST an action with a CSRF token from the proposal page."""
    payload = {"confirm": "y", "lock_version": lock_version or proposal.lock_version}
    return web.post(
        action_url(proposal, trigger), {**payload, **(data or {})}, form_url=page_url(proposal)
    )


def text_of(response):
    return response.get_data(as_text=True)


def current(db, proposal):
    db.session.expire_all()
    return db.session.get(Proposal, proposal.id)


def events(db):
    return db.session.scalar(select(func.count()).select_from(HistoryEvent))


# Queues


def test_review_queue_shows_others_proposals_in_review(db, web, cast, proposal):
    to_review(proposal, cast)
    own = to_review(
        make_proposal(cast.reviewer_owner, cast.parent),
        cast.__class__(**{**cast.__dict__, "owner": cast.reviewer_owner}),
    )
    operations.approve_proposal(proposal, cast.reviewer1, {"recommendation": "Gut."})
    db.session.commit()
    web.login(cast.reviewer1)
    html = text_of(web.client.get("/pruefung/"))
    assert proposal.reference in html
    assert own.reference in html
    assert "1 von 2 Befürwortungen" in html
    web.logout()
    web.login(cast.reviewer_owner)
    html = text_of(web.client.get("/pruefung/"))
    assert proposal.reference in html
    assert own.reference not in html


def test_queue_filters(db, web, cast, proposal):
    to_review(proposal, cast)
    group = to_review(make_proposal(cast.owner, cast.parent, kind="arbeitsgruppe"), cast)
    db.session.commit()
    web.login(cast.reviewer1)
    html = text_of(web.client.get("/pruefung/?kind=arbeitsgruppe"))
    assert group.reference in html and proposal.reference not in html
    html = text_of(web.client.get("/pruefung/?focus_topic=informationssicherheit"))
    assert group.reference not in html and proposal.reference not in html
    response = web.client.get("/pruefung/?kind=erfunden")
    assert response.status_code == 400
    assert "Unbekannter Filterwert" in text_of(response)


def test_office_queue(db, web, cast, proposal):
    to_resolution(proposal, cast)
    db.session.commit()
    web.login(cast.office)
    html = text_of(web.client.get("/geschaeftsstelle/"))
    assert proposal.reference in html
    assert "2 von 2 Befürwortungen" in html
    assert web.client.get("/geschaeftsstelle/?focus_topic=nix").status_code == 400


@pytest.mark.parametrize(
    ("url", "who"), [("/pruefung/", "office"), ("/geschaeftsstelle/", "reviewer1")]
)
def test_queues_refuse_wrong_roles(db, web, cast, url, who):
    web.login(getattr(cast, who))
    assert web.client.get(url).status_code == 403


@pytest.mark.parametrize("url", ["/pruefung/", "/geschaeftsstelle/", "/antraege/1"])
def test_anonymous_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/anmelden" in response.headers["Location"]


# The proposal page


def test_outsider_and_forged_ids_get_404(db, web, cast, proposal):
    to_review(proposal, cast)
    db.session.commit()
    web.login(cast.outsider)
    assert web.client.get(page_url(proposal)).status_code == 404
    assert web.client.get("/antraege/999999").status_code == 404
    assert fire(web, proposal, "withdraw", {"reason": "x"}).status_code == 404
    web.logout()
    web.login(cast.reviewer1)
    assert web.client.get(action_url(proposal, "explode")).status_code == 404


def test_reviewers_do_not_see_unsubmitted_drafts(db, web, cast, proposal):
    web.login(cast.reviewer1)
    assert web.client.get(page_url(proposal)).status_code == 404


def _action_triggers(html):
    return set(re.findall(r'id="aktion-([a-z_]+)"', html))


def test_only_allowed_actions_are_shown(db, web, cast, proposal):
    web.login(cast.owner)
    assert _action_triggers(text_of(web.client.get(page_url(proposal)))) == {"submit", "withdraw"}
    to_review(proposal, cast)
    db.session.commit()
    assert _action_triggers(text_of(web.client.get(page_url(proposal)))) == {"withdraw"}
    web.logout()
    web.login(cast.reviewer1)
    html = text_of(web.client.get(page_url(proposal)))
    assert _action_triggers(html) == {"return_for_revision", "approve", "reject"}
    assert proposal.latest_version.sha256 in html
    assert 'name="lock_version"' in html
    assert "Ich bestätige diese Aktion." in html
    web.logout()
    web.login(cast.office)
    assert _action_triggers(text_of(web.client.get(page_url(proposal)))) == set()


def test_own_proposal_shows_no_review_actions(db, web, cast):
    own = make_proposal(cast.reviewer_owner, cast.parent)
    operations.submit_proposal(own, cast.reviewer_owner)
    db.session.commit()
    web.login(cast.reviewer_owner)
    assert _action_triggers(text_of(web.client.get(page_url(own)))) == {"withdraw"}
    response = fire(web, own, "approve", {"recommendation": "Ich finde mich gut."})
    assert response.status_code == 403


def test_page_shows_steckbrief_timeline_and_approvals(db, web, cast, proposal):
    to_resolution(proposal, cast)
    db.session.commit()
    web.login(cast.owner)
    html = text_of(web.client.get(page_url(proposal)))
    assert "Zur Beschlussfassung" in html
    assert "Verlauf" in html and "Zur Prüfung einreichen" in html and "Befürwortung erfasst" in html
    assert "2 von 2 Befürwortungen" in html
    assert "Projektgruppe Barrierefreie Online-Dienste" in html
    assert f"/dokumente/antraege/{proposal.id}/versionen/1/steckbrief.pdf" in html
    assert f"/dokumente/antraege/{proposal.id}" in html


# Actions by POST


def test_submit_approve_establish_dissolve_via_web(db, web, cast, proposal):
    web.login(cast.owner)
    assert fire(web, proposal, "submit").status_code == 302
    web.logout()
    for reviewer in (cast.reviewer1, cast.reviewer2):
        web.login(reviewer)
        response = fire(web, current(db, proposal), "approve", {"recommendation": "Empfohlen."})
        assert response.status_code == 302
        web.logout()
    assert current(db, proposal).state == "resolution"
    give_motion(current(db, proposal), cast.owner)  # the Bund moves it
    db.session.commit()
    web.login(cast.office)
    form = text_of(web.client.get(page_url(proposal)))
    assert 'value="20' in form  # the suggested Beschluss number
    data = {
        "decision_number": "2026/11",
        "decision_date": "2026-03-17",
        "session": "42",
        "decision_text": "Der IT-Planungsrat beschließt die Einsetzung.",
    }
    assert fire(web, current(db, proposal), "establish", data).status_code == 302
    assert current(db, proposal).state == "established"
    data = {"dissolution_date": "31.12.2027", "expired": "y"}
    assert fire(web, current(db, proposal), "dissolve", data).status_code == 302
    done = current(db, proposal)
    assert done.state == "dissolved"
    assert str(done.body.end_date) == "2027-12-31"


def test_missing_input_is_400_with_values_kept(db, web, cast, proposal):
    to_review(proposal, cast)
    db.session.commit()
    web.login(cast.reviewer1)
    response = fire(web, proposal, "reject", {"reason": ""})
    assert response.status_code == 400
    assert "Pflichtfeld „Begründung“" in text_of(response)
    response = fire(web, proposal, "return_for_revision", {"remark_goals": "Bleibt stehen."})
    assert response.status_code == 400
    assert "Bleibt stehen." in text_of(response)
    response = web.post(
        action_url(proposal, "reject"),
        {"reason": "Doppelt.", "lock_version": proposal.lock_version},
        form_url=page_url(proposal),
    )
    assert response.status_code == 400
    assert "Bitte bestätigen Sie die Aktion." in text_of(response)
    assert current(db, proposal).state == "review"


@pytest.mark.parametrize("bad", ["\x00", "Ziele\x07 messbar", "\u202e\x00\ufeff"])
def test_control_characters_in_a_revision_remark_are_400(db, web, cast, proposal, bad):
    """Found by the hostile-input test on PostgreSQL (a NUL byte made the flush fail, 500)."""
    to_review(proposal, cast)
    db.session.commit()
    before = events(db)
    web.login(cast.reviewer1)
    data = {"comment": "Bitte überarbeiten.", "remark_goals": "Gut.", "remark_contacts": bad}
    response = fire(web, proposal, "return_for_revision", data)
    assert response.status_code == 400
    assert "Steuerzeichen sind nicht erlaubt." in text_of(response)
    assert current(db, proposal).state == "review"
    assert events(db) == before


def test_stale_lock_version_is_409(db, web, cast, proposal):
    to_review(proposal, cast)
    db.session.commit()
    seen = proposal.lock_version
    operations.approve_proposal(proposal, cast.reviewer2, {"recommendation": "Gut."})
    db.session.commit()
    before = events(db)
    web.login(cast.reviewer1)
    response = fire(web, proposal, "reject", {"reason": "Doppelt."}, lock_version=seen)
    assert response.status_code == 409
    assert "zwischenzeitlich geändert" in text_of(response)
    assert events(db) == before


def test_missing_csrf_is_400(db, web, cast, proposal):
    web.login(cast.owner)
    response = web.client.post(
        action_url(proposal, "submit"), data={"confirm": "y", "lock_version": 1}
    )
    assert response.status_code == 400
    assert current(db, proposal).state == "draft"


def test_wrong_state_and_wrong_role(db, web, cast, proposal):
    web.login(cast.reviewer1)
    to_review(proposal, cast)
    db.session.commit()
    response = fire(web, proposal, "withdraw", {"reason": "Fremder Antrag."})
    assert response.status_code == 403
    response = fire(web, proposal, "establish", {"decision_number": "2026/01"})
    assert response.status_code == 409
    web.logout()
    web.login(cast.owner)
    response = web.client.get(action_url(proposal, "submit"))
    assert response.status_code == 409
    assert "nicht möglich" in text_of(response)


def test_used_decision_number_is_a_field_error(db, web, cast, proposal):
    to_established(proposal, cast)
    second = to_resolution(make_proposal(cast.owner, cast.parent), cast)
    db.session.commit()
    web.login(cast.office)
    data = {
        "decision_number": "2026/07",
        "decision_date": "2026-05-01",
        "session": "Umlaufverfahren",
        "decision_text": "Einsetzung.",
    }
    response = fire(web, second, "establish", data)
    assert response.status_code == 400
    html = text_of(response)
    assert "2026/07 ist bereits vergeben" in html and "2026/08" in html
    assert 'value="Einsetzung."' in html or "Einsetzung." in html
    assert db.session.scalar(select(func.count()).select_from(Decision)) == 1
    assert current(db, second).state == "resolution"
    response = fire(web, second, "establish", {**data, "session": "Sondersitzung"})
    assert response.status_code == 400


def test_action_page_get(db, web, cast, proposal):
    to_resolution(proposal, cast)
    db.session.commit()
    web.login(cast.office)
    html = text_of(web.client.get(action_url(proposal, "establish")))
    assert "Beschlussnummer" in html and "Einsetzung erfassen" in html


# Diff and remarks


def test_diff_between_versions(db, web, cast, proposal):
    to_review(proposal, cast)
    operations.return_proposal(proposal, cast.reviewer1, {"comment": "Bitte Kurzname ändern."})
    content = dict(proposal.content)
    content["master_data"] = {**content["master_data"], "short_name": "PG BF"}
    proposal.content = content
    operations.submit_proposal(proposal, cast.owner)
    db.session.commit()
    web.login(cast.reviewer2)
    html = text_of(web.client.get(page_url(proposal)))
    assert "Änderungen gegenüber Version 1" in html
    row = re.search(r"<th scope=\"row\"[^>]*>Kurzbezeichnung</th>(.*?)</tr>", html, re.S)
    assert row
    cells = re.sub(r"<span class=\"kern-sr-only\">[^<]*</span>", "", row.group(1))
    assert "PG <del" in cells and ">BOD</del>" in cells and ">BF</ins>" in cells  # words marked


def test_remarks_posted_and_shown_to_applicant(db, web, cast, proposal):
    to_review(proposal, cast)
    db.session.commit()
    web.login(cast.reviewer1)
    response = web.post(
        f"/antraege/{proposal.id}/anmerkung",
        {"section": "resources", "text": "Budgetquelle bitte belegen."},
        form_url=page_url(proposal),
    )
    assert response.status_code == 302
    response = web.post(
        f"/antraege/{proposal.id}/anmerkung",
        {"section": "resources", "text": ""},
        form_url=page_url(proposal),
    )
    assert response.status_code == 400
    response = fire(
        web,
        current(db, proposal),
        "return_for_revision",
        {"comment": "Bitte überarbeiten.", "remark_goals": "Ziele messbar machen."},
    )
    assert response.status_code == 302
    web.logout()
    web.login(cast.owner)
    html = text_of(web.client.get(page_url(proposal)))
    assert "Budgetquelle bitte belegen." in html
    assert "Ziele messbar machen." in html
    response = web.post(
        f"/antraege/{proposal.id}/anmerkung",
        {"section": "goals", "text": "Ich darf das nicht."},
        form_url=page_url(proposal),
    )
    assert response.status_code == 403


def test_diagram_page_is_public(client):
    response = client.get("/ablauf")
    html = text_of(response)
    assert response.status_code == 200
    assert "<svg" in html and 'role="img"' in html
    assert "Befürworten" in html and "<table" in html

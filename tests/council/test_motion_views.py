"""The Mitzeichnung on the web: the proposal page, the invitations page, the answers, the
administrator's setting of an account's member; bad input gets a German 4xx, nothing stored."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.models import HistoryEvent, MotionSignature, User
from tests.council.motion_helpers import awaiting_decision, make_laender
from tests.factories_motion import member_id
from tests.workflow.helpers import ESTABLISH, make_user
from tests.workflow.test_views import current, fire, page_url, text_of

INVITATIONS = "/konto/mitzeichnungen"


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def laender(db, cast):
    people = make_laender(cast)
    db.session.commit()
    return people


def invite_url(proposal) -> str:
    return f"/antraege/{proposal.id}/mitzeichnung/einladen"


def answer_url(signature_id: int, verb: str) -> str:
    return f"/mitzeichnungen/{signature_id}/{verb}"


def signature_id(db, proposal, key: str) -> int:
    return db.session.scalar(
        select(MotionSignature.id).where(
            MotionSignature.proposal_id == proposal.id,
            MotionSignature.member_id == member_id(key),
        )
    )


def test_invite_confirm_and_decide_on_the_web(db, web, cast, proposal, laender):
    awaiting_decision(proposal, cast)
    db.session.commit()
    web.login(cast.owner)
    page = text_of(web.client.get(page_url(proposal)))
    assert "Noch kein gültiger Antrag." in page and "Ihr Konto handelt für: Hamburg." in page
    sign = web.post(f"/antraege/{proposal.id}/mitzeichnung/zeichnen", form_url=page_url(proposal))
    assert sign.status_code == 302
    ids = [str(member_id(key)) for key in ("HE", "HB")]
    response = web.post(invite_url(proposal), {"members": ids}, form_url=page_url(proposal))
    assert response.status_code == 302
    web.logout()
    for key, person in (("HE", laender.HE), ("HB", laender.HB)):
        web.login(person)
        listing = text_of(web.client.get(INVITATIONS))
        assert proposal.reference in listing
        sid = signature_id(db, proposal, key)
        assert web.post(answer_url(sid, "bestaetigen"), form_url=INVITATIONS).status_code == 302
        assert proposal.reference in text_of(web.client.get(INVITATIONS))  # now as signed
        web.logout()
    web.login(cast.office)
    page = text_of(web.client.get(page_url(proposal)))
    assert "Der Antrag ist gültig." in page and "Beantragt von: Bremen, Hamburg, Hessen" in page
    data = {**ESTABLISH, "decision_date": ESTABLISH["decision_date"].isoformat()}
    assert fire(web, current(db, proposal), "establish", data).status_code == 302
    assert current(db, proposal).state == "established"


def test_the_office_cannot_decide_without_a_motion(db, web, cast, proposal):
    awaiting_decision(proposal, cast)
    db.session.commit()
    web.login(cast.office)
    page = text_of(web.client.get(page_url(proposal)))
    assert 'id="aktion-establish"' not in page and "Noch kein gültiger Antrag." in page
    data = {**ESTABLISH, "decision_date": ESTABLISH["decision_date"].isoformat()}
    response = fire(web, current(db, proposal), "establish", data)
    assert response.status_code == 400
    assert "mindestens drei Ländern (§ 1 Abs. 5 IT-Staatsvertrag)" in text_of(response)
    assert current(db, proposal).state == "resolution"


def test_the_invitations_page_names_the_accounts_member(db, web, cast, laender):
    web.login(laender.HE)
    page = text_of(web.client.get(INVITATIONS))
    assert "Ihr Konto handelt für" in page and "Hessen" in page
    assert "Zurzeit liegen keine Einladungen vor." in page
    web.logout()
    web.login(cast.outsider)
    page = text_of(web.client.get(INVITATIONS))
    assert "Ihr Konto handelt für kein Mitglied des IT-Planungsrats." in page


def assert_unchanged(db, before) -> None:
    db.session.expire_all()
    states = db.session.execute(select(MotionSignature.id, MotionSignature.state)).all()
    assert (states, count(db, HistoryEvent)) == before


def snapshot(db):
    states = db.session.execute(select(MotionSignature.id, MotionSignature.state)).all()
    return states, count(db, HistoryEvent)


def test_bad_answers_get_a_german_4xx_and_store_nothing(db, web, cast, proposal, laender):
    web.login(cast.owner)
    ids = [str(member_id("HE"))]
    assert (
        web.post(invite_url(proposal), {"members": ids}, form_url=page_url(proposal)).status_code
        == 302
    )
    web.logout()
    sid = signature_id(db, proposal, "HE")
    before = snapshot(db)
    web.login(laender.HB)  # Bremen answers for Hessen
    response = web.post(answer_url(sid, "bestaetigen"), form_url=INVITATIONS)
    assert response.status_code == 403 and "für das Ihr Konto handelt" in text_of(response)
    assert_unchanged(db, before)
    response = web.post(answer_url(10**9, "bestaetigen"), form_url=INVITATIONS)  # forged id
    assert response.status_code == 404 and "gibt es nicht" in text_of(response)
    web.logout()
    web.login(laender.HE)
    response = web.client.post(answer_url(sid, "bestaetigen"))  # no CSRF token
    assert response.status_code == 400
    assert_unchanged(db, before)
    assert web.post(answer_url(sid, "bestaetigen"), form_url=INVITATIONS).status_code == 302
    before = snapshot(db)
    response = web.post(answer_url(sid, "bestaetigen"), form_url=INVITATIONS)  # twice
    assert response.status_code == 409 and "bereits beantwortet" in text_of(response)
    response = web.post(answer_url(sid, "ablehnen"), form_url=INVITATIONS)
    assert response.status_code == 409
    assert_unchanged(db, before)


def test_bad_invitations_show_the_message_on_the_page(db, web, cast, proposal, laender):
    web.login(cast.owner)
    before = snapshot(db)
    for members in ([], [str(member_id("bund"))], ["x' OR 1=1"], [str(10**12)]):
        response = web.post(invite_url(proposal), {"members": members}, form_url=page_url(proposal))
        assert response.status_code == 400, members
        page = text_of(response)
        assert "Bitte wählen Sie" in page and 'id="einladen"' in page
    response = web.client.post(invite_url(proposal), data={"members": [str(member_id("HE"))]})
    assert response.status_code == 400  # no CSRF token
    assert_unchanged(db, before)


def test_the_administrator_sets_the_accounts_member(db, web, cast):
    admin = make_user("admin")
    person = make_user("applicant")
    member_id("HE")  # seeds the members (before a request writes)
    db.session.commit()
    web.login(admin)
    url = f"/verwaltung/benutzer/{person.id}"
    form = {"name": person.name, "organisation": "Hessische Staatskanzlei", "roles": ["applicant"]}
    response = web.post(url, {**form, "council_member": str(member_id("HE"))})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, person.id).council_member_id == member_id("HE")
    assert 'selected value="{}"'.format(member_id("HE")) in text_of(web.client.get(url)) or (
        f'value="{member_id("HE")}" selected' in text_of(web.client.get(url))
    )
    for forged in (str(member_id("fitko")), "999999", "abc"):
        response = web.post(url, {**form, "council_member": forged})
        assert response.status_code == 400, forged
        assert "Bitte wählen Sie den Bund oder ein Land" in text_of(response)
    db.session.expire_all()
    assert db.session.get(User, person.id).council_member_id == member_id("HE")
    assert web.post(url, {**form, "council_member": ""}).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, person.id).council_member_id is None

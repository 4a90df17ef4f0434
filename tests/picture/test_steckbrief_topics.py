"""The Steckbrief offers the office's current focus topics; a proposal keeps a retired one."""

from __future__ import annotations

from sqlalchemy import select

from app.models import FocusTopic, Proposal
from app.proposals import operations
from app.topics import operations as topic_operations
from app.topics.queries import forget_topic_rows
from tests.factories_proposals import make_proposal, seed_registry, step_input
from tests.factories_steckbrief import complete_steckbrief


def _step(web, proposal, data):
    payload = {"lock_version": str(proposal.lock_version), "action": "next", **data}
    return web.post(f"/antraege/{proposal.id}/schritt/basics", payload)


def _topic(db, key):
    return db.session.scalar(select(FocusTopic).where(FocusTopic.key == key))


def test_a_new_topic_is_offered_and_accepted(db, web, user_factory):
    bodies = seed_registry()
    office, applicant = user_factory("secretariat"), user_factory("applicant")
    topic = topic_operations.create_topic(office, {"name": "Digitale Identitäten"})
    proposal = make_proposal(applicant)
    db.session.commit()
    web.login(applicant)
    page = web.client.get(f"/antraege/{proposal.id}/schritt/basics").get_data(as_text=True)
    assert f'<option value="{topic.key}">Digitale Identitäten</option>' in page
    content = complete_steckbrief(body_id=bodies["it-planungsrat"])
    content["master_data"]["focus_topic"] = topic.key
    data = step_input(content, "basics").to_dict(flat=False)
    response = _step(web, proposal, data)
    assert response.status_code in (200, 302, 303)
    db.session.expire_all()
    stored = db.session.get(Proposal, proposal.id)
    assert stored.content["master_data"]["focus_topic"] == topic.key


def test_a_retired_topic_is_not_offered_but_an_old_proposal_keeps_it(db, web, user_factory):
    bodies = seed_registry()
    office, applicant = user_factory("secretariat"), user_factory("applicant")
    content = complete_steckbrief(body_id=bodies["it-planungsrat"])
    content["master_data"]["focus_topic"] = "informationssicherheit"
    old = make_proposal(applicant, content)
    fresh = make_proposal(applicant)
    topic = _topic(db, "informationssicherheit")
    values = {"name": topic.name, "patron": None, "position": topic.position, "retired": True}
    topic_operations.update_topic(topic, office, values, topic.updated_at.isoformat())
    db.session.commit()
    forget_topic_rows()
    web.login(applicant)
    fresh_page = web.client.get(f"/antraege/{fresh.id}/schritt/basics").get_data(as_text=True)
    assert 'value="informationssicherheit"' not in fresh_page
    assert 'value="digitale_infrastruktur"' in fresh_page
    old_page = web.client.get(f"/antraege/{old.id}/schritt/basics").get_data(as_text=True)
    assert '<option value="informationssicherheit" selected' in old_page
    # Saving the old proposal's step again keeps its topic: no error, nothing lost.
    raw = step_input(old.content, "basics")
    errors = operations.save_step(old, applicant, "basics", raw, old.lock_version)
    assert errors == {}
    assert old.content["master_data"]["focus_topic"] == "informationssicherheit"


def test_a_forged_topic_is_refused(db, web, user_factory):
    bodies = seed_registry()
    applicant = user_factory("applicant")
    proposal = make_proposal(applicant)
    db.session.commit()
    content = complete_steckbrief(body_id=bodies["it-planungsrat"])
    raw = step_input(content, "basics")
    raw.setlist("focus_topic", ["gibt_es_nicht"])
    errors = operations.save_step(proposal, applicant, "basics", raw, proposal.lock_version)
    assert errors.get("focus_topic") == "Ungültige Auswahl."

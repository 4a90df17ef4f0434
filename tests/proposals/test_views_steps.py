"""The step pages: rendering, saving, list rows, errors as typed, conflicts, hostile input."""

from __future__ import annotations

import pytest

from app.models.proposal import Proposal
from app.proposals.schema import STEPS
from tests.factories_proposals import make_proposal, seed_registry, step_input
from tests.factories_steckbrief import complete_steckbrief


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


def url(proposal, step_key):
    return f"/antraege/{proposal.id}/schritt/{step_key}"


def reload(db, proposal):
    db.session.expire_all()
    return db.session.get(Proposal, proposal.id)


def post_step(web, proposal, step_key, data, *, lock_version=None, action="next"):
    payload = {"lock_version": str(lock_version or proposal.lock_version), "action": action}
    return web.post(url(proposal, step_key), {**payload, **data})


@pytest.mark.parametrize("spec", STEPS, ids=lambda spec: spec.key)
def test_every_step_renders_its_fields(client, draft, spec):
    page = client.get(url(draft, spec.key)).get_data(as_text=True)
    assert spec.title in page
    assert 'name="lock_version" value="1"' in page
    assert "Speichern und weiter" in page and "Zwischenspeichern" in page


def test_fields_carry_labels_hints_limits_and_optional_markers(client, draft):
    page = client.get(url(draft, "basics")).get_data(as_text=True)
    assert '<label class="kern-label" for="short_name">Kurzbezeichnung</label>' in page
    assert 'id="short_name" name="short_name" type="text" value="" maxlength="40"' in page
    assert 'aria-describedby="short_name-hint"' in page
    assert "Vorgängergremium <span" in page and "– optional" in page
    assert '<option value="projektgruppe">Projektgruppe</option>' in page
    assert ">IT-Planungsrat</option>" in page


@pytest.mark.parametrize("index", range(len(STEPS)))
def test_saving_a_step_stores_it_and_goes_on(db, web, draft, bodies, index):
    spec = STEPS[index]
    content = complete_steckbrief(body_id=bodies["it-planungsrat"])
    response = post_step(web, draft, spec.key, step_input(content, spec.key).to_dict(flat=False))
    following = STEPS[index + 1].key if index + 1 < len(STEPS) else None
    expected = url(draft, following) if following else f"/antraege/{draft.id}/angaben-pruefen"
    assert response.status_code == 302 and response.location == expected
    stored = reload(db, draft)
    for key in spec.sections:
        assert stored.content[key] == content[key]


def test_zwischenspeichern_stays_on_the_step(db, web, draft):
    response = post_step(web, draft, "mandate", {"reason": "Weil"}, action="stay")
    assert response.location == url(draft, "mandate")
    assert reload(db, draft).content["mandate"]["reason"] == "Weil"
    assert "zwischengespeichert" in web.client.get(response.location).get_data(as_text=True)


def test_an_error_keeps_the_values_as_typed_and_stores_nothing(db, web, draft):
    typed = {"name": "  Meine <Gruppe> ", "start_date": "31.02.2026", "kind": "projektgruppe"}
    response = post_step(web, draft, "basics", typed)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'value="  Meine &lt;Gruppe&gt; "' in page
    assert 'value="31.02.2026"' in page
    assert '<a class="kern-link" href="#start_date">Beginn: Dieses Datum gibt es nicht.' in page
    assert 'aria-invalid="true"' in page
    assert reload(db, draft).content == {}


def test_control_characters_are_refused_with_a_message(db, web, draft):
    response = post_step(web, draft, "mandate", {"reason": "Hallo\x00Welt", "mandate": "ok"})
    assert response.status_code == 400
    assert "Steuerzeichen sind nicht erlaubt." in response.get_data(as_text=True)
    assert reload(db, draft).content == {}


def test_unknown_option_and_oversized_text_are_refused(db, web, draft):
    response = post_step(web, draft, "basics", {"kind": "geheimbund", "name": "x" * 201})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Ungültige Auswahl." in page and "Höchstens 200 Zeichen erlaubt." in page


def test_adding_a_row_saves_and_shows_one_more(db, web, draft):
    response = post_step(web, draft, "work_plan", {"tasks-0-text": "Erste"}, action="add:tasks")
    assert response.status_code == 302
    assert response.location == url(draft, "work_plan") + "?zeile=tasks-1"
    assert reload(db, draft).content["tasks"]["tasks"] == [{"text": "Erste"}]
    page = web.client.get(response.location).get_data(as_text=True)
    assert 'name="tasks-1-text"' in page and "Aufgaben: Eintrag 2" in page
    assert (
        'id="tasks-1-text" name="tasks-1-text" rows="6" maxlength="1000" aria-describedby' in page
    )


def test_removing_a_row_saves_the_others(db, web, draft):
    rows = {"tasks-0-text": "A", "tasks-1-text": "B", "tasks-2-text": "C"}
    response = post_step(web, draft, "work_plan", rows, action="remove:tasks-1")
    assert response.status_code == 302 and response.location.endswith("#tasks")
    assert reload(db, draft).content["tasks"]["tasks"] == [{"text": "A"}, {"text": "C"}]


@pytest.mark.parametrize(
    "action", ["remove:tasks-7", "remove:tasks-99999", "remove:members-0", "add:nothing", "boom"]
)
def test_forged_actions_are_a_400_with_a_german_message(db, web, draft, action):
    response = post_step(web, draft, "work_plan", {"tasks-0-text": "A"}, action=action)
    assert response.status_code == 400
    assert "nicht möglich" in response.get_data(as_text=True)
    assert reload(db, draft).content == {}


def test_a_forged_row_index_in_the_data_is_refused(db, web, draft):
    data = {"members-99-level": "bund", "members-99-organisation": "X"}
    response = post_step(web, draft, "organisation", data)
    assert response.status_code == 400
    assert "Höchstens 60 Einträge erlaubt." in response.get_data(as_text=True)
    assert reload(db, draft).content == {}


def test_a_missing_csrf_token_is_refused(db, client, draft):
    response = client.post(url(draft, "mandate"), data={"lock_version": "1", "reason": "x"})
    assert response.status_code == 400
    assert "Sicherheitsmerkmal fehlt" in response.get_data(as_text=True)
    assert reload(db, draft).content == {}


def test_a_stale_lock_version_is_a_conflict_and_keeps_the_input(db, web, draft):
    assert post_step(web, draft, "mandate", {"reason": "Erster Tab"}).status_code == 302
    response = post_step(web, draft, "mandate", {"reason": "Zweiter Tab"}, lock_version=1)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "in einem anderen Fenster oder von einer anderen Person geändert" in page
    assert "Zweiter Tab" in page and 'name="lock_version" value="2"' in page
    assert reload(db, draft).content["mandate"]["reason"] == "Erster Tab"


def test_a_missing_lock_version_is_a_conflict(db, web, draft):
    response = web.post(url(draft, "mandate"), {"reason": "x", "action": "stay"})
    assert response.status_code == 409


def test_unknown_step_is_404(client, draft):
    assert client.get(url(draft, "gibt-es-nicht")).status_code == 404


def test_a_submitted_proposal_is_not_editable(db, client, draft):
    draft.state = "review"
    db.session.commit()
    response = client.get(url(draft, "basics"))
    assert response.status_code in (302, 409)
    if response.status_code == 302:
        assert response.location == f"/antraege/{draft.id}"


def test_remarks_of_a_returned_draft_are_shown(db, client, draft, applicant):
    from app.models.proposal import ProposalVersion, SectionRemark

    version = ProposalVersion(number=1, content={}, sha256="0" * 64, created_by_id=applicant.id)
    draft.versions.append(version)
    db.session.flush()
    db.session.add(
        SectionRemark(
            proposal_id=draft.id,
            version_id=version.id,
            section="mandate",
            author_id=applicant.id,
            text="Bitte den Auftrag schärfen.",
        )
    )
    db.session.commit()
    assert "Bitte den Auftrag schärfen." in client.get(url(draft, "mandate")).get_data(as_text=True)
    task_list = client.get(f"/antraege/{draft.id}/bearbeiten").get_data(as_text=True)
    assert "Bitte den Auftrag schärfen." in task_list

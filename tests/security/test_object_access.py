"""Guessing or counting up ids never reveals another user's proposal, version, PDF or history.

Someone else's object and an object that does not exist look the same: 404, never 403.
"""

from __future__ import annotations

import pytest
from flask import url_for

from app.proposals.schema import STEPS
from tests.security.world import AUTHORS, STATES, World
from workflows.proposal import TRANSITIONS

FIRST_STEP = STEPS[0].key
# Fields of the Steckbrief that only the author and the staff may read.
PRIVATE_MARKERS = ("Erika Mustermann", "poststelle@fitko.example", "+49 69 401270-0")


def _proposal_rules(app):
    """Web routes with a proposal id (the API's answer 401 to sessions; see the API test)."""
    return [
        rule
        for rule in app.url_map.iter_rules()
        if "proposal_id" in rule.arguments and not rule.endpoint.startswith("api.")
    ]


def _urls(app, proposal_id: int) -> list[tuple[str, str]]:
    """(method, URL) of every route that carries a proposal id, with valid other arguments."""
    extra = {"step_key": FIRST_STEP, "trigger": TRANSITIONS[0].trigger, "number": 1}
    urls = []
    with app.test_request_context():
        for rule in _proposal_rules(app):
            values = {name: extra[name] for name in rule.arguments if name != "proposal_id"}
            url = url_for(rule.endpoint, proposal_id=proposal_id, **values)
            urls += [(method, url) for method in ("GET", "POST") if method in rule.methods]
    return urls


def _send(web, method: str, url: str, token: str):
    if method == "GET":
        return web.client.get(url)
    return web.client.post(url, data={"csrf_token": token})


@pytest.fixture(scope="module")
def tokens(callers):
    return {
        name: web.token("/konto/passwort")
        for name, web in callers.items()
        if name != "anonymous" and name != "deactivated"
    }


def test_every_route_with_a_proposal_id_is_covered(shared_app):
    # If this list grows, the tests below iterate the new route automatically.
    assert len(_proposal_rules(shared_app)) >= 12


@pytest.mark.parametrize("state", STATES)
def test_another_applicant_gets_404_on_every_url_of_a_proposal(
    shared_app, world, callers, tokens, state
):
    proposal_id = world.proposals[("owner", state)]
    web = callers["applicant"]
    for method, url in _urls(shared_app, proposal_id):
        response = _send(web, method, url, tokens["applicant"])
        assert response.status_code == 404, (method, url, response.status_code)
        assert b"Projektgruppe Barrierefreie" not in response.data


def _missing_ids(world: World) -> list[int]:
    highest = max(world.proposals.values())
    return [highest + step for step in range(1, 6)]


@pytest.mark.parametrize("caller", ["owner", "applicant", "reviewer", "office", "admin"])
def test_ids_that_do_not_exist_are_404_for_everyone(shared_app, world, callers, tokens, caller):
    for proposal_id in _missing_ids(world):
        for method, url in _urls(shared_app, proposal_id):
            response = _send(callers[caller], method, url, tokens[caller])
            assert response.status_code == 404, (caller, method, url, response.status_code)


@pytest.mark.parametrize("author", AUTHORS)
def test_versions_that_do_not_exist_are_404(world, callers, author):
    proposal_id = world.proposals[(author, "review")]
    web = callers[author]
    assert (
        web.client.get(f"/dokumente/antraege/{proposal_id}/versionen/1/steckbrief.pdf").status_code
        == 200
    )
    for number in (0, 2, 3, 99):
        url = f"/dokumente/antraege/{proposal_id}/versionen/{number}/steckbrief.pdf"
        assert web.client.get(url).status_code == 404, url


@pytest.mark.parametrize("caller", ["anonymous", "applicant", "admin", "deactivated"])
def test_non_public_pdfs_are_404_by_id(world, callers, caller):
    client = callers[caller].client
    for segment in ("beschlussvorlage", "sitzungsunterlage"):
        document_id = world.documents[segment]
        assert client.get(f"/dokumente/{segment}/{document_id}.pdf").status_code == 404
    highest = max(world.documents.values())
    for document_id in range(1, highest + 6):
        for segment in ("beschlussvorlage", "sitzungsunterlage", "steckbrief"):
            response = client.get(f"/dokumente/{segment}/{document_id}.pdf")
            assert response.status_code == 404, (segment, document_id)


def test_a_document_id_under_another_kind_is_404(world, callers):
    # The public Beschluss under the Vorlage's segment is not a way around may_read.
    office = callers["office"].client
    beschluss, vorlage = world.documents["beschluss"], world.documents["beschlussvorlage"]
    assert office.get(f"/dokumente/beschluss/{beschluss}.pdf").status_code == 200
    assert office.get(f"/dokumente/beschlussvorlage/{beschluss}.pdf").status_code == 404
    assert office.get(f"/dokumente/beschluss/{vorlage}.pdf").status_code == 404


def test_declined_decision_has_no_public_pdf(world, callers):
    slug = world.slugs["rejected"]
    for caller in ("anonymous", "applicant", "owner"):
        assert callers[caller].client.get(f"/dokumente/beschluesse/{slug}.pdf").status_code == 404


def test_lists_show_only_what_the_caller_may_see(world, callers):
    own = callers["applicant"].client.get("/meine-antraege").get_data(as_text=True)
    assert "Projektgruppe Barrierefreie" not in own  # every proposal of the world has this title
    queue = callers["reviewer_owner"].client.get("/pruefung/").get_data(as_text=True)
    review_of = {author: world.proposals[(author, "review")] for author in AUTHORS}
    assert f"/antraege/{review_of['owner']}" in queue
    assert f'/antraege/{review_of["reviewer_owner"]}"' not in queue  # never the own proposal


def test_public_body_page_hides_the_steckbrief_contacts(world, callers):
    key = world.bodies["established"]
    page = callers["anonymous"].client.get(f"/gremien/{key}").get_data(as_text=True)
    for marker in PRIVATE_MARKERS:
        assert marker not in page


def test_api_hides_other_proposals_and_missing_ids_alike(shared_app, world):
    client = shared_app.test_client()
    headers = {"Authorization": f"Bearer {world.tokens['applicant']}"}
    others = [world.proposals[("owner", state)] for state in STATES]
    for proposal_id in others + _missing_ids(world):
        response = client.get(f"/api/v1/proposals/{proposal_id}", headers=headers)
        assert response.status_code == 404
        assert response.get_json()["status"] == 404


def test_a_reviewer_cannot_approve_the_own_proposal_with_a_complete_form(
    shared_app, world, callers
):
    web = callers["reviewer_owner"]
    proposal_id = world.proposals[("reviewer_owner", "review")]
    page = web.client.get(f"/antraege/{proposal_id}")
    assert page.status_code == 200
    token = web.token("/konto/passwort")
    for trigger, field in (("approve", "recommendation"), ("reject", "reason")):
        response = web.client.post(
            f"/antraege/{proposal_id}/aktion/{trigger}",
            data={"csrf_token": token, "lock_version": "99", "confirm": "y", field: "Gut."},
        )
        assert response.status_code in (403, 409), (trigger, response.status_code)

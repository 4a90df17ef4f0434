"""One visibility rule for the web pages, the API and OParl (docs/security.md, "Who sees
what"): a proposal is seen by its owner always and by reviewers and the office once it was
submitted; a never-submitted draft stays its owner's, also when withdrawn. Public decisions
are those establishing or dissolving a body; a declined proposal's decision is not public."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Decision
from app.workflow import operations
from tests.api.helpers import bearer, token_for
from tests.conftest import Browserless
from tests.workflow.helpers import make_cast, make_proposal, to_established, to_resolution

DECLINE_TEXT = "Ablehnung des Antrags: die Projektgruppe Zaunkönig wird nicht eingesetzt."


def titled(cast, title: str):
    proposal = make_proposal(cast.owner, cast.parent)
    proposal.title = title
    return proposal


@pytest.fixture
def scene(app):
    """A withdrawn draft never submitted, a proposal returned for revision, a declined and
    an established one; the staff's web clients and API tokens."""
    cast = make_cast()
    never = titled(cast, "Nie eingereicht")
    operations.withdraw_proposal(never, cast.owner, {"reason": "Doch nicht nötig."})
    returned = titled(cast, "In Überarbeitung")
    operations.submit_proposal(returned, cast.owner)
    operations.return_proposal(returned, cast.reviewer1, {"comment": "Bitte ergänzen."})
    declined = to_resolution(titled(cast, "Zaunkönig"), cast)
    operations.decline_proposal(
        declined,
        cast.office,
        {
            "decision_number": "2026/09",
            "decision_date": date(2026, 6, 1),
            "decision_text": DECLINE_TEXT,
        },
    )
    to_established(titled(cast, "Eingesetzt"), cast)
    db.session.commit()
    callers = {}
    for name in ("owner", "reviewer1", "office", "outsider"):
        user = getattr(cast, name)
        web = Browserless(app.test_client())
        assert web.login(user).status_code == 302
        callers[name] = (web, token_for(user))
    return cast, callers, {"never": never.id, "returned": returned.id, "declined": declined.id}


# name -> (web status, API status) per proposal
EXPECTED = {
    "owner": {"never": 200, "returned": 200},
    "reviewer1": {"never": 404, "returned": 200},
    "office": {"never": 404, "returned": 200},
    "outsider": {"never": 404, "returned": 404},
}


@pytest.mark.parametrize("caller", sorted(EXPECTED))
def test_web_and_api_agree_on_who_sees_a_proposal(client, scene, caller):
    _cast, callers, ids = scene
    web, token = callers[caller]
    listed = {
        item["id"]
        for item in client.get("/api/v1/proposals?per_page=100", headers=bearer(token)).get_json()[
            "data"
        ]
    }
    for name, status in EXPECTED[caller].items():
        page = web.client.get(f"/antraege/{ids[name]}")
        api = client.get(f"/api/v1/proposals/{ids[name]}", headers=bearer(token))
        assert page.status_code == status, (caller, name, "web")
        assert api.status_code == status, (caller, name, "api")
        assert (ids[name] in listed) == (status == 200), (caller, name, "api list")


def test_the_state_filter_keeps_the_rule(client, scene):
    _cast, callers, ids = scene
    _web, token = callers["reviewer1"]
    drafts = client.get("/api/v1/proposals?state=draft", headers=bearer(token)).get_json()
    assert [item["id"] for item in drafts["data"]] == [ids["returned"]]
    withdrawn = client.get("/api/v1/proposals?state=withdrawn", headers=bearer(token)).get_json()
    assert withdrawn["data"] == []


def test_a_declined_decision_is_nowhere_public(client, scene):
    _cast, callers, ids = scene
    declined = db.session.scalar(select(Decision).where(Decision.kind == "decline"))
    listing = client.get("/api/v1/decisions?per_page=100").get_json()
    assert [item["kind"] for item in listing["data"]] == ["establish"]
    assert client.get(f"/api/v1/decisions/{declined.id}").status_code == 404
    assert client.get("/dokumente/beschluesse/2026-09.pdf").status_code == 404
    public_pages = ["/gremien/", "/dokumente/beschluesse/", "/oparl/v1/bodies"]
    body_url = client.get("/oparl/v1/bodies").get_json()["data"][0]["id"]
    public_pages += [body_url, body_url + "/organizations", body_url + "/papers"]
    for url in public_pages:
        text = client.get(url).get_data(as_text=True)
        assert DECLINE_TEXT not in text and "Zaunkönig" not in text, url
    # The applicant and the office still see it on the proposal page.
    for caller in ("owner", "office"):
        page = callers[caller][0].client.get(f"/antraege/{ids['declined']}")
        assert page.status_code == 200 and "2026/09" in page.get_data(as_text=True)

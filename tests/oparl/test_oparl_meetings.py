"""OParl 1.1: council sessions as Meeting objects with their agenda items inline."""

from __future__ import annotations

from datetime import date

import pytest

from app.council import sessions
from app.council.outcome import Confirmation
from app.extensions import db
from app.models import Proposal
from tests.council.votes_helpers import BOTH_PASS, load_council, session_with_item, split_votes
from tests.oparl.walk import Walk
from tests.workflow import helpers

pytestmark = pytest.mark.usefixtures("registry")


@pytest.fixture
def two_sessions(db, cast, proposal):
    """Session 48 with one item, session 49 with the same kind of item."""
    load_council()
    first, _item = session_with_item(cast, proposal)
    second_proposal = helpers.make_proposal(cast.owner, cast.parent)
    second, _other = session_with_item(cast, second_proposal, number=49, day=date(2026, 6, 16))
    db.session.commit()
    return first, second


def _meetings(walk: Walk) -> list[dict]:
    url = next(url for url in walk.lists if url.endswith("/meetings"))
    return walk.lists[url]


def test_walk_reaches_and_validates_the_meetings(client, two_sessions):
    walk = Walk(client)
    meetings = _meetings(walk)
    assert [meeting["name"] for meeting in meetings] == [
        "48. Sitzung des IT-Planungsrats",
        "49. Sitzung des IT-Planungsrats",
    ]
    assert meetings[0]["start"] == "2026-03-17T00:00:00+01:00"
    assert meetings[0]["location"]["description"] == "Berlin"
    assert meetings[1]["start"] == "2026-06-16T00:00:00+02:00"
    (item,) = meetings[0]["agendaItem"]
    assert (item["number"], item["order"], item["meeting"]) == ("TOP 1", 1, meetings[0]["id"])
    proposal = db.session.get(Proposal, two_sessions[0].items[0].proposal_id)
    assert proposal.title and item["name"] == proposal.title
    assert "result" not in item  # not decided yet
    council = next(
        document
        for document in walk.objects.values()
        if document["type"].endswith("/Organization") and "meeting" in document
    )
    assert council["name"] == "IT-Planungsrat"
    assert [meeting["id"] for meeting in walk.lists[council["meeting"]]] == [
        meeting["id"] for meeting in meetings
    ]
    assert meetings[0]["organization"] == [council["id"]]
    kinds = [document["type"].rsplit("/", 1)[1] for document in walk.objects.values()]
    assert kinds.count("Meeting") == 2


@pytest.mark.parametrize("limit", ["1", "2"])
def test_meetings_page_with_small_limits(client, two_sessions, limit):
    everything = [meeting["id"] for meeting in _meetings(Walk(client))]
    assert [meeting["id"] for meeting in _meetings(Walk(client, {"limit": limit}))] == everything


def test_a_meeting_revalidates_with_its_etag(client, two_sessions):
    first, _second = two_sessions
    response = client.get(f"/oparl/v1/meetings/{first.id}")
    assert response.status_code == 200
    again = client.get(
        f"/oparl/v1/meetings/{first.id}", headers={"If-None-Match": response.headers["ETag"]}
    )
    assert again.status_code == 304


def test_an_unknown_meeting_is_a_german_404(client, two_sessions):
    response = client.get("/oparl/v1/meetings/999999")
    assert response.status_code == 404
    assert "Sitzung" in response.get_data(as_text=True)
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_a_postponed_item_shows_its_result(client, two_sessions):
    first, _second = two_sessions
    (item,) = first.items
    item.outcome = "postponed"
    db.session.commit()
    document = client.get(f"/oparl/v1/meetings/{first.id}").get_json()
    assert document["agendaItem"][0]["result"] == "vertagt"
    item.outcome = "rejected"
    db.session.commit()
    document = client.get(f"/oparl/v1/meetings/{first.id}").get_json()
    assert "result" not in document["agendaItem"][0]


TEXT = "Der IT-Planungsrat beschließt die Einsetzung der Projektgruppe."


def _agenda_item(client, session) -> dict:
    document = client.get(f"/oparl/v1/meetings/{session.id}").get_json()
    return document["agendaItem"][0]


def test_an_adopted_item_carries_result_and_decision_text(client, two_sessions, cast):
    first, _second = two_sessions
    (item,) = first.items
    sessions.record_votes(first, item.id, cast.office, split_votes(BOTH_PASS))
    sessions.confirm_item(first, item.id, cast.office, Confirmation("adopted", decision_text=TEXT))
    db.session.commit()
    agenda_item = _agenda_item(client, first)
    assert (agenda_item["result"], agenda_item["resolutionText"]) == ("angenommen", TEXT)
    Walk(client)  # the decided meeting still validates


def test_a_rejected_item_shows_neither_result_nor_text(client, two_sessions, cast):
    first, _second = two_sessions
    (item,) = first.items
    sessions.record_votes(first, item.id, cast.office, split_votes(()) | {"bund": "no"})
    sessions.confirm_item(first, item.id, cast.office, Confirmation("rejected", decision_text=TEXT))
    db.session.commit()
    agenda_item = _agenda_item(client, first)
    assert "result" not in agenda_item and "resolutionText" not in agenda_item
    assert TEXT not in client.get("/oparl/v1/bodies/1/meetings").get_data(as_text=True)


def test_another_organization_has_no_meetings(client, two_sessions):
    response = client.get("/oparl/v1/organizations/999999/meetings")
    assert response.status_code == 404
    assert "keine Sitzungen" in response.get_data(as_text=True)

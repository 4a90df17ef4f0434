"""The vote record where it is read: the Beschluss PDF (read back), the API, the history."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.audit.history import verify_chain
from app.council import sessions
from app.council.outcome import Confirmation
from app.documents.operations import beschluss_pdf
from app.models import Decision, HistoryEvent
from tests.council.votes_helpers import SHARE_FAILS, load_council, session_with_item, split_votes
from tests.documents.pdfs import flat_text

TEXT = "Der IT-Planungsrat beschließt die Einsetzung der Projektgruppe als Dachmarke."


@pytest.fixture(autouse=True)
def _council(db):
    load_council()


def _decided(db, cast, proposal, *, publish: bool) -> Decision:
    session, item = session_with_item(cast, proposal)
    sessions.record_votes(session, item.id, cast.office, split_votes(SHARE_FAILS))
    confirmation = Confirmation("adopted", "Freiwillige Dachmarke.", True, publish, TEXT)
    sessions.confirm_item(session, item.id, cast.office, confirmation)
    db.session.commit()
    return db.session.scalars(select(Decision)).one()


def test_the_beschluss_pdf_has_the_header_the_vote_table_and_the_text(db, cast, proposal):
    decision = _decided(db, cast, proposal, publish=True)
    text = flat_text(beschluss_pdf(decision))
    assert "IT-Planungsrat | 17.03.2026 | 48. Sitzung | Beschluss 2026/01" in text
    assert TEXT in text
    assert "Abstimmungsergebnis" in text
    assert "Der Beschluss bindet nur die Länder, die zugestimmt haben." in text
    for land in (
        "Bayern Nein",
        "Nordrhein-Westfalen Nein",
        "Hessen Nein",
        "Bund Ja",
        "Thüringen Ja",
    ):
        assert land in text
    assert "55,92 % der Anteile" in text and "13 Ja" not in text
    assert "Begründung der Geschäftsstelle: Freiwillige Dachmarke." in text


def test_an_unpublished_vote_stays_out_of_the_pdf_and_the_api(db, client, cast, proposal):
    decision = _decided(db, cast, proposal, publish=False)
    assert "Abstimmungsergebnis" not in flat_text(beschluss_pdf(decision))
    assert client.get(f"/api/v1/decisions/{decision.id}").get_json()["data"]["votes"] is None


def test_the_api_gives_the_votes_and_both_evaluations(db, client, cast, proposal):
    decision = _decided(db, cast, proposal, publish=True)
    votes = client.get(f"/api/v1/decisions/{decision.id}").get_json()["data"]["votes"]
    assert votes["procedure"] == "session" and votes["laender_yes"] == 13
    assert {v["member"]: v["vote"] for v in votes["votes"]}["BY"] == "no"
    assert votes["binding"]["passed"] is False and votes["recommendation"]["passed"] is True
    assert (votes["outcome"], votes["suggested"]) == ("adopted", "rejected")
    assert votes["binds_only_agreed"] is True and votes["shares"] == {"year": 2016, "revision": 1}


def test_each_vote_and_the_evaluation_are_in_the_hash_chained_history(db, cast, proposal):
    _decided(db, cast, proposal, publish=True)
    events = {e.action: e for e in db.session.scalars(select(HistoryEvent))}
    recorded = events["session_votes_recorded"].inputs
    assert recorded["votes"]["Nordrhein-Westfalen"] == "Nein" and len(recorded["votes"]) == 17
    evaluated = events["vote_evaluated"].inputs
    assert evaluated["decision_number"] == "2026/01" and "55,92 %" in evaluated["binding_test"]
    assert evaluated["departure_reason"] == "Freiwillige Dachmarke."
    assert verify_chain().intact

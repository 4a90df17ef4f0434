"""Sessions: agenda, votes of the 17 voting members, evaluation, confirmation, decision."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from app.council import sessions
from app.council.outcome import Confirmation
from app.domain import ConflictError, DomainError
from app.models import AgendaItem, Body, CouncilVote, Decision, HistoryEvent, Proposal
from app.proposals import changes
from app.proposals.operations import sync_columns
from app.workflow import operations
from tests.council.votes_helpers import (
    BOTH_PASS,
    SESSION_DAY,
    SHARE_FAILS,
    load_council,
    session_with_item,
    split_votes,
)
from tests.workflow import helpers

TEXT = "Der IT-Planungsrat beschließt die Einsetzung der Projektgruppe."


@pytest.fixture(autouse=True)
def _council(db):
    load_council()


def count(db, model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_the_agenda_is_built_from_proposals_ready_for_decision_and_ordered(db, cast):
    first = helpers.make_proposal(cast.owner, cast.parent)
    second = helpers.make_proposal(cast.owner, cast.parent)
    draft = helpers.make_proposal(cast.owner, cast.parent)
    for proposal in (first, second):
        helpers.to_resolution(proposal, cast)
    session = sessions.create_session(
        cast.office, 48, SESSION_DAY, "virtuell", "BY", date(2026, 3, 3)
    )
    assert [p.id for p in sessions.ready_proposals()] == [first.id, second.id]
    one = sessions.add_item(session, first.id, cast.office)
    two = sessions.add_item(session, second.id, cast.office)
    with pytest.raises(DomainError, match="nicht zur Beschlussfassung"):
        sessions.add_item(session, draft.id, cast.office)
    assert sessions.ready_proposals() == []  # both wait on this agenda
    sessions.move_item(session, two.id, -1)
    db.session.expire(session, ["items"])
    assert [(i.proposal_id, i.position) for i in session.items] == [(second.id, 1), (first.id, 2)]
    sessions.remove_item(session, two.id)
    db.session.expire(session, ["items"])
    assert [(i.proposal_id, i.position) for i in session.items] == [(first.id, 1)]
    assert session.chair.name == "Bayern" and one.position == 1


@pytest.mark.parametrize(
    ("number", "place", "deadline", "field"),
    [
        (48, "Berlin", date(2026, 3, 1), "number"),  # the 48th exists
        (49, "  ", date(2026, 3, 1), "place"),
        (49, "Berlin", date(2026, 3, 18), "deadline"),  # after the session
    ],
)
def test_bad_sessions_are_refused(db, cast, number, place, deadline, field):
    sessions.create_session(cast.office, 48, SESSION_DAY, "Berlin", "bund", date(2026, 3, 1))
    with pytest.raises(DomainError) as refused:
        sessions.create_session(cast.office, number, SESSION_DAY, place, "bund", deadline)
    assert refused.value.field == field


def test_a_split_vote_failing_the_share_test_needs_a_reason_and_may_bind_only_the_agreed(
    db, cast, proposal
):
    session, item = session_with_item(cast, proposal)
    sessions.record_votes(session, item.id, cast.office, split_votes(SHARE_FAILS))
    db.session.commit()
    assert count(db, CouncilVote, CouncilVote.agenda_item_id == item.id) == 17
    with pytest.raises(DomainError) as refused:
        sessions.confirm_item(
            session, item.id, cast.office, Confirmation("adopted", decision_text=TEXT)
        )
    assert refused.value.field == "reason" and "abgelehnt" in refused.value.message
    db.session.rollback()
    assert count(db, Decision) == 0
    confirmation = Confirmation("adopted", "Bindet nur die zustimmenden Länder.", True, True, TEXT)
    sessions.confirm_item(session, item.id, cast.office, confirmation)
    decision = db.session.scalars(select(Decision)).one()
    assert (decision.number, decision.decided_on, decision.session) == (
        "2026/01",
        SESSION_DAY,
        "48",
    )
    record = decision.vote_record
    assert record["evaluation"]["binding"]["passed"] is False
    assert record["evaluation"]["laender_yes"] == 13
    assert record["evaluation"]["yes_share_percent"] == "55.92"
    assert record["evaluation"]["recommendation"]["passed"] is True
    assert record["suggested"] == "rejected" and record["outcome"] == "adopted"
    assert record["departure_reason"] == "Bindet nur die zustimmenden Länder."
    assert record["binds_only_agreed"] is True and record["session"]["agenda_item"] == 1
    assert {row["member"]: row["vote"] for row in record["votes"]}["NW"] == "no"
    assert db.session.get(Proposal, proposal.id).state == "established"
    actions = list(db.session.scalars(select(HistoryEvent.action).order_by(HistoryEvent.id)))
    assert actions[-4:] == [
        "agenda_item_added",
        "session_votes_recorded",
        "establish",
        "vote_evaluated",
    ]
    assert db.session.get(AgendaItem, item.id).outcome == "adopted"


def test_a_vote_passing_both_tests_is_adopted_without_a_reason(db, cast, proposal):
    session, item = session_with_item(cast, proposal)
    sessions.record_votes(session, item.id, cast.office, split_votes(BOTH_PASS))
    sessions.confirm_item(
        session, item.id, cast.office, Confirmation("adopted", decision_text=TEXT)
    )
    record = db.session.scalars(select(Decision)).one().vote_record
    assert record["evaluation"]["binding"]["passed"] is True
    assert record["evaluation"]["yes_share_percent"] == "95.82"
    assert record["departure_reason"] == ""


def test_a_rejected_item_records_a_declining_decision(db, cast, proposal):
    session, item = session_with_item(cast, proposal)
    votes = split_votes(()) | {"bund": "no"}
    sessions.record_votes(session, item.id, cast.office, votes)
    sessions.confirm_item(
        session, item.id, cast.office, Confirmation("rejected", decision_text=TEXT)
    )
    decision = db.session.scalars(select(Decision)).one()
    assert decision.kind == "decline" and decision.vote_record["suggested"] == "rejected"
    assert db.session.get(Proposal, proposal.id).state == "rejected"


def test_a_postponed_item_moves_to_a_later_session(db, cast, proposal):
    session, item = session_with_item(cast, proposal)
    sessions.confirm_item(session, item.id, cast.office, Confirmation("postponed"))
    assert [p.id for p in sessions.ready_proposals()] == [proposal.id]
    later = sessions.create_session(
        cast.office, 49, date(2026, 6, 20), "Kiel", "bund", date(2026, 6, 1)
    )
    moved = sessions.add_item(later, proposal.id, cast.office)
    sessions.record_votes(later, moved.id, cast.office, split_votes(()))
    sessions.confirm_item(later, moved.id, cast.office, Confirmation("adopted", decision_text=TEXT))
    decision = db.session.scalars(select(Decision)).one()
    assert (decision.session, decision.decided_on) == ("49", date(2026, 6, 20))
    assert db.session.get(AgendaItem, item.id).outcome == "postponed"


def test_votes_are_complete_and_known_and_a_decided_item_is_closed(db, cast, proposal):
    session, item = session_with_item(cast, proposal)
    incomplete = split_votes(())
    del incomplete["TH"]
    with pytest.raises(DomainError) as refused:
        sessions.record_votes(session, item.id, cast.office, incomplete)
    assert refused.value.field == "vote_TH"
    with pytest.raises(DomainError):
        sessions.record_votes(session, item.id, cast.office, split_votes(()) | {"BW": "vielleicht"})
    db.session.rollback()
    assert count(db, CouncilVote) == 0
    with pytest.raises(DomainError, match="Stimmen aller 17"):
        sessions.confirm_item(
            session, item.id, cast.office, Confirmation("adopted", decision_text=TEXT)
        )
    sessions.record_votes(session, item.id, cast.office, split_votes(()))
    sessions.confirm_item(
        session, item.id, cast.office, Confirmation("adopted", decision_text=TEXT)
    )
    with pytest.raises(ConflictError):
        sessions.record_votes(session, item.id, cast.office, split_votes(()))


def test_a_future_session_cannot_decide_yet(db, cast, proposal):
    session, item = session_with_item(cast, proposal, day=date(2099, 1, 20))
    sessions.record_votes(session, item.id, cast.office, split_votes(()))
    with pytest.raises(ConflictError, match="noch nicht stattgefunden"):
        sessions.confirm_item(
            session, item.id, cast.office, Confirmation("adopted", decision_text=TEXT)
        )


def test_an_adopted_change_of_a_body_records_the_change_decision(db, cast, proposal):
    helpers.to_established(proposal, cast)  # Beschluss 2026/07, until 31.12.2027
    db.session.commit()
    change, _kind = changes.start_change(proposal.body, cast.office, "extend")
    content = {key: dict(value) for key, value in change.content.items()}
    content["establishment"]["end_date"] = "2028-12-31"
    change.content = content
    sync_columns(change, content)
    operations.submit_for_decision(change, cast.office)
    session = sessions.create_session(
        cast.office, 49, date(2026, 11, 20), "Berlin", "bund", date(2026, 11, 1)
    )
    item = sessions.add_item(session, change.id, cast.office)
    sessions.record_votes(session, item.id, cast.office, split_votes(BOTH_PASS))
    sessions.confirm_item(
        session, item.id, cast.office, Confirmation("adopted", decision_text="Er verlängert.")
    )
    db.session.commit()
    decision = db.session.scalars(select(Decision).where(Decision.kind == "change")).one()
    assert (decision.proposal_id, decision.body_id) == (change.id, proposal.body_id)
    assert decision.decided_on == date(2026, 11, 20) and decision.session == "49"
    assert decision.vote_record["outcome"] == "adopted"
    assert db.session.get(Proposal, change.id).state == "decided"
    assert db.session.get(Body, proposal.body_id).end_date == date(2028, 12, 31)

"""The written procedure: answers until the deadline, the office's answers, the result."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.council import procedures
from app.council.majority import VOTING_MEMBERS
from app.council.outcome import Confirmation
from app.domain import ConflictError, DomainError, PermissionDenied
from app.formatting import today_berlin
from app.models import CouncilVote, Decision, HistoryEvent, Proposal
from tests.council.votes_helpers import load_council, member
from tests.workflow import helpers

TEXT = "Der IT-Planungsrat beschließt die Einsetzung der Projektgruppe."


@pytest.fixture(autouse=True)
def _council(db):
    load_council()


def count(db, model, *where) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def representative(db, key: str):
    """An account acting for the member ``key``."""
    user = helpers.make_user("applicant")
    user.council_member_id = member(key).id
    db.session.commit()
    return user


def started(db, cast, proposal, days: int = 7, asked=VOTING_MEMBERS, sent_ago: int = 0):
    """The proposal in a written procedure sent ``sent_ago`` days ago, due ``days`` after."""
    helpers.to_resolution(proposal, cast)
    sent = today_berlin() - timedelta(days=sent_ago)
    procedure = procedures.start_procedure(
        proposal.id, cast.office, sent, sent + timedelta(days=days), asked
    )
    db.session.commit()
    return procedure


def refused(db, error, call, *, field=None):
    """The call is refused with ``error``; no vote is stored."""
    db.session.commit()
    votes = count(db, CouncilVote)
    with pytest.raises(error) as caught:
        call()
    db.session.rollback()
    assert count(db, CouncilVote) == votes
    if field:
        assert caught.value.field == field
    return caught.value.message


def test_a_member_answers_once_for_the_member_it_represents(db, cast, proposal):
    procedure = started(db, cast, proposal)
    bayern = representative(db, "BY")
    procedures.cast_vote(procedure, bayern, member("BY").id, "no")
    db.session.commit()
    message = refused(
        db,
        PermissionDenied,
        lambda: procedures.cast_vote(procedure, bayern, member("HE").id, "yes"),
    )
    assert message == "Ihr Konto vertritt dieses Mitglied nicht."
    message = refused(
        db, ConflictError, lambda: procedures.cast_vote(procedure, bayern, member("BY").id, "yes")
    )
    assert "Für Bayern liegt schon eine Antwort vor" in message
    hessen = representative(db, "HE")
    refused(
        db,
        DomainError,
        lambda: procedures.cast_vote(procedure, hessen, member("HE").id, "ja"),
        field="vote",
    )
    late = procedure.deadline + timedelta(days=1)
    message = refused(
        db,
        ConflictError,
        lambda: procedures.cast_vote(procedure, hessen, member("HE").id, "yes", late),
    )
    assert message.startswith("Die Frist ist am ") and "abgelaufen" in message
    assert count(db, CouncilVote) == 1
    event = db.session.scalars(select(HistoryEvent).order_by(HistoryEvent.id.desc())).first()
    assert event.action == "written_vote_cast" and event.inputs["member"] == "Bayern"


def test_a_member_not_asked_may_not_answer(db, cast, proposal):
    procedure = started(db, cast, proposal, asked=("bund", "BW"))
    berlin = representative(db, "BE")
    refused(
        db,
        PermissionDenied,
        lambda: procedures.cast_vote(procedure, berlin, member("BE").id, "yes"),
    )


def test_the_office_records_an_answer_received_otherwise_with_its_day(db, cast, proposal):
    procedure = started(db, cast, proposal)
    today = today_berlin()
    procedures.record_answer(procedure, cast.office, "NW", "abstention", today)
    db.session.commit()
    answer = db.session.scalars(select(CouncilVote)).one()
    assert (answer.by_office, answer.cast_on, answer.vote) == (True, today, "abstention")
    refused(
        db,
        DomainError,
        lambda: procedures.record_answer(
            procedure, cast.office, "BY", "yes", today + timedelta(days=1)
        ),
        field="received_on",
    )
    refused(
        db,
        ConflictError,
        lambda: procedures.record_answer(procedure, cast.office, "NW", "yes", today),
    )


def test_the_result_waits_for_all_answers_or_the_deadline(db, cast, proposal):
    procedure = started(db, cast, proposal)
    message = refused(
        db,
        ConflictError,
        lambda: procedures.fix_result(
            procedure, cast.office, Confirmation("adopted", decision_text=TEXT)
        ),
    )
    assert "wenn alle geantwortet haben" in message


def test_a_member_not_answering_counts_as_abstaining_and_the_decision_is_dated_when_fixed(
    db, cast, proposal
):
    procedure = started(db, cast, proposal, days=9, sent_ago=10)  # the deadline was yesterday
    for key in VOTING_MEMBERS:
        if key != "SL":  # the Saarland does not answer
            procedures.record_answer(procedure, cast.office, key, "yes", procedure.dispatched_on)
    db.session.commit()
    after_deadline = today_berlin()
    procedures.fix_result(procedure, cast.office, Confirmation("adopted", decision_text=TEXT))
    db.session.commit()
    decision = db.session.scalars(select(Decision)).one()
    assert decision.session == "Umlaufverfahren" and decision.decided_on == after_deadline
    assert decision.number == f"{after_deadline.year}/01"
    rows = {row["member"]: row["vote"] for row in decision.vote_record["votes"]}
    assert rows["SL"] == "no_answer" and list(rows.values()).count("yes") == 16
    assert decision.vote_record["evaluation"]["binding"]["passed"] is True
    assert db.session.get(Proposal, proposal.id).state == "established"
    hessen = representative(db, "HE")
    message = refused(
        db, ConflictError, lambda: procedures.cast_vote(procedure, hessen, member("HE").id, "no")
    )
    assert message == "Das Ergebnis des Umlaufverfahrens steht schon fest."


def test_when_all_have_answered_the_result_is_fixed_before_the_deadline(db, cast, proposal):
    procedure = started(db, cast, proposal, asked=("bund", "BW", "BY"))
    for key in ("bund", "BW", "BY"):
        procedures.record_answer(procedure, cast.office, key, "yes", today_berlin())
    db.session.commit()
    assert procedures.can_fix(procedure)
    # Only 2 Länder answered yes: no binding decision; rejecting follows the evaluation.
    procedures.fix_result(procedure, cast.office, Confirmation("rejected", decision_text=TEXT))
    decision = db.session.scalars(select(Decision)).one()
    assert decision.kind == "decline" and decision.decided_on == today_berlin()


def test_a_procedure_needs_a_proposal_ready_and_sensible_dates(db, cast, proposal):
    today = today_berlin()
    with pytest.raises(ConflictError):
        procedures.start_procedure(proposal.id, cast.office, today, today, VOTING_MEMBERS)
    db.session.rollback()
    helpers.to_resolution(proposal, cast)
    db.session.commit()
    with pytest.raises(DomainError) as caught:
        procedures.start_procedure(
            proposal.id, cast.office, today, today - timedelta(days=1), VOTING_MEMBERS
        )
    assert caught.value.field == "deadline"
    db.session.rollback()
    with pytest.raises(DomainError) as caught:
        procedures.start_procedure(proposal.id, cast.office, today, today, ("bund", "XX"))
    assert caught.value.field == "asked"

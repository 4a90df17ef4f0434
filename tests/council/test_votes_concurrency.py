"""Votes at once, on SQLite (a file) and PostgreSQL: exactly one result, nothing lost.

Each worker runs in its own app context and database connection, released together by a
barrier, as two requests on two server workers would.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, OperationalError

from app import create_app
from app.council import procedures, sessions
from app.council.majority import VOTING_MEMBERS
from app.council.outcome import Confirmation
from app.domain import ConflictError, DomainError
from app.extensions import db as _db
from app.formatting import today_berlin
from app.models import CouncilVote, Decision, HistoryEvent, User, WrittenProcedure
from config import TestingConfig
from tests.council.votes_helpers import load_council, member, session_with_item, split_votes
from tests.workflow import helpers

TEXT = "Der IT-Planungsrat beschließt die Einsetzung der Projektgruppe."


@pytest.fixture(autouse=True)
def _council(db):
    load_council()


@pytest.fixture
def worker_app(database_uri):
    options: dict = {"pool_size": 10}
    if database_uri.startswith("sqlite"):
        options["connect_args"] = {"timeout": 30}
    app = create_app(
        TestingConfig, SQLALCHEMY_DATABASE_URI=database_uri, SQLALCHEMY_ENGINE_OPTIONS=options
    )
    yield app
    with app.app_context():
        _db.engine.dispose()


def _run(worker_app, barrier, call: Callable[[], object]) -> str:
    with worker_app.app_context():
        try:
            barrier.wait(timeout=60)
            call()
            _db.session.commit()
            return "ok"
        except (ConflictError, IntegrityError, OperationalError):
            return "conflict"
        except DomainError as error:
            return f"refused: {error.message}"
        finally:
            _db.session.rollback()
            _db.session.remove()


def at_once(worker_app, calls: list[Callable[[], object]]) -> Counter:
    barrier = threading.Barrier(len(calls))
    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return Counter(pool.map(lambda call: _run(worker_app, barrier, call), calls))


def _count(db, model, *where) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _procedure(db, cast, proposal, sent_ago: int = 0, days: int = 7) -> int:
    helpers.to_resolution(proposal, cast)
    sent = today_berlin() - timedelta(days=sent_ago)
    procedure = procedures.start_procedure(
        proposal.id, cast.office, sent, sent + timedelta(days=days), VOTING_MEMBERS
    )
    db.session.commit()
    return procedure.id


def _voter(db, key: str) -> int:
    user = helpers.make_user("applicant")
    user.council_member_id = member(key).id
    db.session.commit()
    return user.id


def _cast(procedure_id: int, user_id: int, key: str, vote: str, today=None):
    def call():
        procedure = _db.session.get(WrittenProcedure, procedure_id)
        actor = _db.session.get(User, user_id)
        procedures.cast_vote(procedure, actor, member(key).id, vote, today)

    return call


def test_one_member_voting_from_six_windows_at_once_votes_once(db, cast, proposal, worker_app):
    procedure_id = _procedure(db, cast, proposal)
    user_id = _voter(db, "NW")
    votes = ["yes", "no", "abstention", "yes", "no", "abstention"]
    results = at_once(worker_app, [_cast(procedure_id, user_id, "NW", v) for v in votes])
    assert results["ok"] == 1 and results["conflict"] == 5, results
    assert _count(db, CouncilVote, CouncilVote.procedure_id == procedure_id) == 1
    assert _count(db, HistoryEvent, HistoryEvent.action == "written_vote_cast") == 1


def test_many_members_voting_at_once_are_all_kept(db, cast, proposal, worker_app):
    procedure_id = _procedure(db, cast, proposal)
    keys = ["bund", "BW", "BY", "BE", "BB", "HB"]
    users = {key: _voter(db, key) for key in keys}
    results = at_once(worker_app, [_cast(procedure_id, users[k], k, "yes") for k in keys])
    assert results["ok"] == len(keys), results
    assert _count(db, CouncilVote, CouncilVote.procedure_id == procedure_id) == len(keys)
    assert _count(db, HistoryEvent, HistoryEvent.action == "written_vote_cast") == len(keys)


def test_the_deadline_passing_while_a_vote_is_cast_gives_exactly_one_result(
    db, cast, proposal, worker_app
):
    # Sent 8 days ago, due yesterday. The member's request began on the last day (its clock
    # says the deadline day) while the office fixes the result today: either the vote is
    # stored and counted, or it is refused and counts as abstaining; never lost, never both.
    procedure_id = _procedure(db, cast, proposal, sent_ago=8, days=7)
    deadline = db.session.get(WrittenProcedure, procedure_id).deadline
    user_id = _voter(db, "HE")

    def fix():
        procedure = _db.session.get(WrittenProcedure, procedure_id)
        office = _db.session.get(User, cast.office.id)
        procedures.fix_result(procedure, office, Confirmation("rejected", decision_text=TEXT))

    results = at_once(worker_app, [_cast(procedure_id, user_id, "HE", "yes", deadline), fix])
    assert results["ok"] >= 1, results
    decision = db.session.scalars(select(Decision)).one()
    counted = {row["member"]: row["vote"] for row in decision.vote_record["votes"]}["HE"]
    stored = _count(db, CouncilVote, CouncilVote.procedure_id == procedure_id)
    if results["ok"] == 2:  # the vote came first and is in the result
        assert (counted, stored) == ("yes", 1)
    else:  # the result came first: the vote was refused, nothing of it stored
        assert (counted, stored) == ("no_answer", 0)
        assert results["conflict"] == 1


def test_two_offices_confirming_one_item_at_once_make_one_decision(db, cast, proposal, worker_app):
    session, item = session_with_item(cast, proposal)
    sessions.record_votes(session, item.id, cast.office, split_votes(()))
    db.session.commit()
    session_id, item_id = session.id, item.id
    second = helpers.make_user("secretariat")
    db.session.commit()

    def confirm(user_id):
        def call():
            actor = _db.session.get(User, user_id)
            current = sessions.lock_session(session_id)
            sessions.confirm_item(
                current, item_id, actor, Confirmation("adopted", decision_text=TEXT)
            )

        return call

    results = at_once(worker_app, [confirm(cast.office.id), confirm(second.id)])
    assert results["ok"] == 1 and results["conflict"] == 1, results
    assert _count(db, Decision) == 1
    assert _count(db, HistoryEvent, HistoryEvent.action == "vote_evaluated") == 1

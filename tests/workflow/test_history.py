"""The hash chain and `flask audit verify`."""

from __future__ import annotations

import itertools

from sqlalchemy import select, text

from app.audit.history import GENESIS_HASH, event_hash, verify_chain
from app.models import HistoryEvent
from tests.workflow.helpers import make_proposal, to_established, to_review


def _events(db):
    return db.session.scalars(select(HistoryEvent).order_by(HistoryEvent.id)).all()


def _verify(app):
    return app.test_cli_runner().invoke(args=["audit", "verify"])


def _chain_of_two_proposals(db, cast, proposal):
    to_established(proposal, cast)
    to_review(make_proposal(cast.owner, cast.parent), cast)
    db.session.commit()
    return _events(db)


def test_one_global_chain_across_proposals(db, cast, proposal):
    events = _chain_of_two_proposals(db, cast, proposal)
    assert len({e.proposal_id for e in events}) == 2
    assert events[0].prev_hash == GENESIS_HASH
    for before, after in itertools.pairwise(events):
        assert after.prev_hash == before.hash
    assert all(event_hash(e) == e.hash for e in events)


def test_verify_intact(app, db, cast, proposal):
    events = _chain_of_two_proposals(db, cast, proposal)
    result = _verify(app)
    assert result.exit_code == 0, result.output
    assert f"Verlauf intakt: {len(events)} Ereignisse" in result.output


def test_verify_empty_chain(app, db):
    result = _verify(app)
    assert result.exit_code == 0
    assert "Verlauf intakt: 0 Ereignisse" in result.output


def test_tampered_row_is_named(app, db, cast, proposal):
    events = _chain_of_two_proposals(db, cast, proposal)
    victim = events[2]
    db.session.execute(
        text("UPDATE history_events SET actor_id = :actor WHERE id = :id"),
        {"actor": cast.outsider.id, "id": victim.id},
    )
    db.session.commit()
    result = _verify(app)
    assert result.exit_code == 1
    assert f"Ereignis {victim.id}" in result.output
    assert verify_chain().broken_id == victim.id


def test_tampered_inputs_are_detected(app, db, cast, proposal):
    events = _chain_of_two_proposals(db, cast, proposal)
    establish = next(e for e in events if e.action == "establish")
    db.session.execute(
        text("UPDATE history_events SET inputs = :inputs WHERE id = :id"),
        {"inputs": '{"decision_number": "2026/99"}', "id": establish.id},
    )
    db.session.commit()
    assert verify_chain().broken_id == establish.id


def test_deleted_row_is_detected(app, db, cast, proposal):
    events = _chain_of_two_proposals(db, cast, proposal)
    db.session.execute(text("DELETE FROM history_events WHERE id = :id"), {"id": events[1].id})
    db.session.commit()
    result = _verify(app)
    assert result.exit_code == 1
    assert f"Ereignis {events[2].id}" in result.output


def test_rehashed_row_still_breaks_the_next_link(app, db, cast, proposal):
    events = _chain_of_two_proposals(db, cast, proposal)
    victim = events[1]
    victim.action = "approve"
    victim.hash = event_hash(victim)  # forger recomputes this row's hash
    db.session.commit()
    assert verify_chain().broken_id == events[2].id

"""Two offices changing the same body at once, under gunicorn (2 workers): one change is
started, every other request gets the German 409; SQLite (a file, WAL) and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import func, select

from app.models import HistoryEvent, Proposal
from bench.reliability_load import consistency_problems
from tests.reliability.races import at_once, judge, posts, windows, wins
from tests.workflow import helpers


def test_two_offices_starting_a_change_of_one_body_at_once_start_one(app, db, race_server):
    cast = helpers.make_cast()
    second_office = helpers.make_user("secretariat")
    proposal = helpers.to_established(helpers.make_proposal(cast.owner, cast.parent), cast)
    db.session.commit()
    body = proposal.body
    browsers = windows(app, cast.office.id, race_server.port, 1)
    browsers += windows(app, second_office.id, race_server.port, 1)
    path = f"/gremien/{body.key}/aenderung"
    kinds = ["extend", "lead"]
    answers = at_once(posts(browsers, path, lambda n: {"change_kind": kinds[n % 2]}))
    statuses = judge(answers)
    assert wins(statuses) == 1, statuses
    assert statuses.count(409) == len(statuses) - 1
    refused = [body_text for status, body_text, _h in answers if status == 409]
    assert all("bereits eine Änderung" in text for text in refused)
    db.session.expire_all()
    stmt = select(func.count()).select_from(Proposal).where(Proposal.target_body_id == body.id)
    assert db.session.scalar(stmt) == 1
    started = select(func.count()).select_from(HistoryEvent)
    assert db.session.scalar(started.where(HistoryEvent.action == "change_started")) == 1
    assert consistency_problems() == []

"""Simultaneous workflow actions under gunicorn (2 workers): one wins, the rest get the 409.

Two windows of one person (or two people) send the same form with the same ``lock_version``
at once; the database must hold exactly one effect and stay consistent (states, approvals,
decisions, the hash chain). Runs on SQLite (a file, WAL) and on PostgreSQL.
"""

from __future__ import annotations

from sqlalchemy import func, select

from app.models import Approval, Body, Decision, HistoryEvent, Proposal, SectionRemark
from app.proposals.schema import SECTIONS
from bench.reliability_load import ESTABLISH_TEXT, LOCK_RE, basics_values, consistency_problems
from tests.reliability.races import BURST, at_once, judge, posts, windows, wins
from tests.workflow import helpers


def _version(browser, path: str) -> str:
    status, body, _headers = browser.get(path)
    assert status == 200, status
    return LOCK_RE.search(body.decode()).group(1)


def _count(db, model, *where) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _cast_with(db, state: str):
    cast = helpers.make_cast()
    proposal = helpers.make_proposal(cast.owner, cast.parent)
    if state == "review":
        helpers.to_review(proposal, cast)
    elif state == "resolution":
        helpers.to_resolution(proposal, cast)
    db.session.commit()
    return cast, proposal.id


def _action(app, db, race_server, state: str, trigger: str, who: str, fields: dict):
    """Fire one action BURST times at once from two windows of ``who``; the statuses."""
    cast, proposal_id = _cast_with(db, state)
    browsers = windows(app, getattr(cast, who).id, race_server.port)
    path = f"/antraege/{proposal_id}/aktion/{trigger}"
    form = {"lock_version": _version(browsers[0], path), "confirm": "y", **fields}
    statuses = judge(at_once(posts(browsers, path, lambda _n: form)))
    assert consistency_problems() == []
    return cast, proposal_id, statuses


def test_establish_ten_times_at_once_records_one_decision(app, db, race_server):
    fields = {"decision_number": "2026/07", "decision_date": "2026-03-17", "session": "42"}
    fields["decision_text"] = ESTABLISH_TEXT
    _cast, proposal_id, statuses = _action(
        app, db, race_server, "resolution", "establish", "office", fields
    )
    assert wins(statuses) == 1, statuses
    assert _count(db, Decision, Decision.proposal_id == proposal_id) == 1
    assert _count(db, Body) == 2  # the parent and the one established body
    proposal = db.session.get(Proposal, proposal_id)
    assert proposal.state == "established" and proposal.body_id is not None


def test_decline_at_once_records_one_decision(app, db, race_server):
    fields = {"decision_number": "2026/08", "decision_date": "2026-03-17", "session": "42"}
    fields["decision_text"] = "Der IT-Planungsrat lehnt die Einsetzung ab."
    _cast, proposal_id, statuses = _action(
        app, db, race_server, "resolution", "decline", "office", fields
    )
    assert wins(statuses) == 1, statuses
    assert _count(db, Decision, Decision.proposal_id == proposal_id) == 1


def test_one_reviewer_approving_in_two_windows_approves_once(app, db, race_server):
    cast, _proposal_id, statuses = _action(
        app, db, race_server, "review", "approve", "reviewer1", {"recommendation": "Gut."}
    )
    assert wins(statuses) == 1, statuses
    assert _count(db, Approval, Approval.reviewer_id == cast.reviewer1.id) == 1


def test_withdraw_and_submit_at_once_move_the_state_once(app, db, race_server):
    for state, trigger, who in (("review", "withdraw", "owner"), ("draft", "submit", "owner")):
        _cast, proposal_id, statuses = _action(
            app, db, race_server, state, trigger, who, {"reason": "Nicht mehr nötig."}
        )
        assert wins(statuses) == 1, (trigger, statuses)
        events = HistoryEvent.proposal_id == proposal_id, HistoryEvent.action == trigger
        assert _count(db, HistoryEvent, *events) == 1, trigger


def test_return_and_reject_at_once_by_two_reviewers(app, db, race_server):
    cast, proposal_id = _cast_with(db, "review")
    one, two = (
        windows(app, r.id, race_server.port, 1)[0] for r in (cast.reviewer1, cast.reviewer2)
    )
    base = f"/antraege/{proposal_id}/aktion/"
    forms = {
        "return_for_revision": {"lock_version": _version(one, base + "return_for_revision")},
        "reject": {"lock_version": _version(two, base + "reject")},
    }
    calls = []
    for n in range(BURST):
        trigger = "reject" if n % 2 else "return_for_revision"
        fields = {
            **forms[trigger],
            "confirm": "y",
            "reason": "Bitte überarbeiten.",
            "comment": "Nein.",
        }
        browser = two if n % 2 else one
        calls.append(lambda b=browser, t=trigger, f=fields: b.post(base + t, f))
    statuses = judge(at_once(calls))
    assert wins(statuses) == 1, statuses
    assert consistency_problems() == []


def test_remarks_at_once_are_each_kept_once(app, db, race_server):
    cast, proposal_id = _cast_with(db, "review")
    browsers = windows(app, cast.reviewer1.id, race_server.port)
    path = f"/antraege/{proposal_id}/anmerkung"
    section = SECTIONS[0].key
    statuses = judge(
        at_once(posts(browsers, path, lambda n: {"section": section, "text": f"Anmerkung {n}"}))
    )
    kept = _count(db, SectionRemark, SectionRemark.proposal_id == proposal_id)
    assert kept == wins(statuses) >= 1, statuses
    assert consistency_problems() == []


def test_one_steckbrief_step_saved_from_ten_windows_at_once(app, db, race_server):
    cast = helpers.make_cast()
    proposal_id = helpers.make_proposal(cast.owner, cast.parent).id
    db.session.commit()
    values = basics_values([proposal_id])[proposal_id]
    browsers = windows(app, cast.owner.id, race_server.port)
    path = f"/antraege/{proposal_id}/schritt/basics"
    version = _version(browsers[0], path)
    keep = [(k, v) for k, v in values if k not in {"short_name", "lock_version"}]

    def fields(n: int) -> list:
        return [*keep, ("short_name", f"PG Fenster {n}"), ("lock_version", version)]

    statuses = judge(at_once(posts(browsers, path, fields)))
    assert wins(statuses) == 1, statuses
    db.session.expire_all()
    proposal = db.session.get(Proposal, proposal_id)
    assert proposal.lock_version == int(version) + 1
    assert proposal.short_name.startswith("PG Fenster ")

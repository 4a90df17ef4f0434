"""Reminders before a written procedure's deadline: over real SMTP on loopback, once each."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.council import procedures
from app.council.majority import VOTING_MEMBERS
from app.formatting import today_berlin
from app.mail.sender import send_pending
from tests.council.votes_helpers import load_council, member
from tests.workflow import helpers
from tests.workflow.test_mail import smtp  # noqa: F401 (the loopback SMTP server fixture)


@pytest.fixture(autouse=True)
def _council(db):
    load_council()


def _representative(db, key: str):
    user = helpers.make_user("applicant")
    user.council_member_id = member(key).id
    db.session.commit()
    return user


def test_members_still_to_answer_are_reminded_once(app, db, cast, proposal, smtp):  # noqa: F811
    helpers.to_resolution(proposal, cast)
    today = today_berlin()
    procedure = procedures.start_procedure(
        proposal.id, cast.office, today, today + timedelta(days=2), VOTING_MEMBERS
    )
    db.session.commit()
    bayern, hessen = _representative(db, "BY"), _representative(db, "HE")
    far = procedures.start_procedure  # a second procedure due later gets no reminder yet
    other = helpers.make_proposal(cast.owner, cast.parent)
    helpers.to_resolution(other, cast)
    far(other.id, cast.office, today, today + timedelta(days=30), VOTING_MEMBERS)
    procedures.cast_vote(procedure, hessen, member("HE").id, "yes")
    db.session.commit()
    send_pending(app)  # the workflow's notifications so far
    smtp.messages.clear()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["council", "remind", "--days", "2"])
    assert result.exit_code == 0, result.output
    # Bayern's representative, and the owner, who acts for the Bund since moving the proposal.
    assert "Erinnerungen eingereiht: 2; E-Mails versandt: 2" in result.output
    assert sorted(smtp.recipients()) == sorted([bayern.email, cast.owner.email])
    message = next(m for rcpts, m in smtp.messages if bayern.email in rcpts)
    assert proposal.reference in message["Subject"]
    body = message.get_content()
    assert "für Bayern liegt" in body and f"/umlaufverfahren/{procedure.id}" in body
    again = runner.invoke(args=["council", "remind", "--days", "2"])
    assert "Erinnerungen eingereiht: 0" in again.output
    assert len(smtp.messages) == 2

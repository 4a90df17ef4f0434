"""A decision's date against the decided version, its Vorlage and today (Berlin days)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.domain import DomainError
from app.formatting import today_berlin
from app.models import Decision, DocumentKind, HistoryEvent, IssuedDocument, Proposal
from app.workflow import operations
from tests.workflow.helpers import ESTABLISH, to_established, to_resolution
from tests.workflow.test_views import fire


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def submitted_at(db, proposal: Proposal, moment: datetime) -> None:
    """Date the decided version's submission (the test world dates it 02.01.2026)."""
    proposal.latest_version.created_at = moment
    db.session.commit()


def issue_vorlage(db, proposal: Proposal, moment: datetime) -> None:
    """An issued Vorlage of the current version, dated ``moment``."""
    document = IssuedDocument(
        kind=DocumentKind.VORLAGE.value,
        proposal_id=proposal.id,
        version_id=proposal.latest_version.id,
        filename="vorlage.pdf",
        sha256="0" * 64,
        size=1,
        data=b"x",
    )
    db.session.add(document)
    db.session.flush()
    document.created_at = moment
    db.session.commit()


def establish(proposal, cast, **inputs):
    return operations.establish_body(proposal, cast.office, {**ESTABLISH, **inputs})


def assert_refused(db, proposal, call, field: str, text: str) -> None:
    """The operation is refused at field with text; nothing of the decision is stored."""
    db.session.commit()
    events = count(db, HistoryEvent)
    with pytest.raises(DomainError) as refused:
        call()
    db.session.rollback()
    assert refused.value.field == field and text in refused.value.message
    assert count(db, Decision) == 0 and count(db, HistoryEvent) == events
    assert db.session.get(Proposal, proposal.id).state == "resolution"


def test_a_decision_before_the_submission_is_refused(db, cast, proposal):
    to_resolution(proposal, cast)
    submitted_at(db, proposal, datetime(2026, 3, 20, 10, 0, tzinfo=UTC))
    assert_refused(
        db,
        proposal,
        lambda: establish(proposal, cast),
        "decision_date",
        "Das Beschlussdatum 17.03.2026 liegt vor der Einreichung der beschlossenen Fassung 1 "
        "am 20.03.2026.",
    )
    establish(proposal, cast, decision_date=date(2026, 3, 20))  # the same day is fine
    assert proposal.state == "established"


def test_the_submission_day_is_the_berlin_day(db, cast, proposal):
    to_resolution(proposal, cast)
    # 23:30 UTC on 19 March is 00:30 on 20 March in Berlin
    submitted_at(db, proposal, datetime(2026, 3, 19, 23, 30, tzinfo=UTC))
    assert_refused(
        db,
        proposal,
        lambda: establish(proposal, cast, decision_date=date(2026, 3, 19)),
        "decision_date",
        "am 20.03.2026",
    )


def test_a_decision_before_the_vorlage_was_issued_is_refused(db, cast, proposal):
    to_resolution(proposal, cast)
    issue_vorlage(db, proposal, datetime(2026, 4, 1, 8, 0, tzinfo=UTC))
    assert_refused(
        db,
        proposal,
        lambda: establish(proposal, cast, decision_date=date(2026, 3, 25)),
        "decision_date",
        "liegt vor der Ausgabe der Beschlussvorlage am 01.04.2026",
    )
    establish(proposal, cast, decision_date=date(2026, 4, 1))
    assert count(db, Decision) == 1


def test_a_decision_in_the_future_is_refused(db, cast, proposal):
    to_resolution(proposal, cast)
    tomorrow = today_berlin() + timedelta(days=1)
    assert_refused(
        db,
        proposal,
        lambda: establish(
            proposal, cast, decision_date=tomorrow, decision_number=f"{tomorrow.year}/07"
        ),
        "decision_date",
        "liegt in der Zukunft",
    )
    today = today_berlin()
    establish(proposal, cast, decision_date=today, decision_number=f"{today.year}/07")
    assert proposal.state == "established"


def test_a_declining_decision_is_checked_too(db, cast, proposal):
    to_resolution(proposal, cast)
    submitted_at(db, proposal, datetime(2026, 5, 2, 10, 0, tzinfo=UTC))
    decline = {"decision_number": "2026/08", "decision_date": date(2026, 5, 1), "reason": "Nein."}
    assert_refused(
        db,
        proposal,
        lambda: operations.decline_proposal(proposal, cast.office, decline),
        "decision_date",
        "vor der Einreichung",
    )


def test_a_dissolving_decision_in_the_future_is_refused_an_expiry_is_not(db, cast, proposal):
    to_established(proposal, cast)
    db.session.commit()
    later = today_berlin() + timedelta(days=30)
    dissolve = {"dissolution_date": later, "decision_number": f"{later.year}/30"}
    with pytest.raises(DomainError) as refused:
        operations.dissolve_body(proposal, cast.office, dissolve)
    db.session.rollback()
    assert refused.value.field == "dissolution_date"
    assert count(db, Decision) == 1  # only the establishing decision
    expiry = {"dissolution_date": later, "reason": "Befristung abgelaufen"}
    operations.dissolve_body(db.session.get(Proposal, proposal.id), cast.office, expiry)
    assert count(db, Decision) == 1


def test_the_form_shows_the_date_error_and_stores_nothing(db, web, cast, proposal):
    to_resolution(proposal, cast)
    submitted_at(db, proposal, datetime(2026, 3, 20, 10, 0, tzinfo=UTC))
    web.login(cast.office)
    data = {**ESTABLISH, "decision_date": "2026-03-17"}
    response = fire(web, db.session.get(Proposal, proposal.id), "establish", data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Das Beschlussdatum 17.03.2026 liegt vor der Einreichung" in page
    db.session.expire_all()
    assert db.session.get(Proposal, proposal.id).state == "resolution"
    assert count(db, Decision) == 0


def test_a_dissolving_decision_before_the_establishment_is_refused(db, cast, proposal):
    to_established(proposal, cast)  # established by a decision of 17.03.2026
    db.session.commit()
    dissolve = {"dissolution_date": date(2026, 3, 16), "decision_number": "2026/31"}
    with pytest.raises(DomainError) as refused:
        operations.dissolve_body(proposal, cast.office, dissolve)
    db.session.rollback()
    assert refused.value.field == "dissolution_date"
    assert refused.value.message == (
        "Das Datum des Auflösungsbeschlusses 16.03.2026 liegt vor der Einsetzung des Gremiums "
        "am 17.03.2026."
    )
    assert count(db, Decision) == 1
    proposal = db.session.get(Proposal, proposal.id)
    operations.dissolve_body(
        proposal, cast.office, {**dissolve, "dissolution_date": date(2026, 3, 17)}
    )
    assert proposal.state == "dissolved" and count(db, Decision) == 2

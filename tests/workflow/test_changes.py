"""Change decisions: a change proposal starts from the Steckbrief in force, is decided as
"ändert Beschluss …", and the registry then shows the new state (real database)."""

from __future__ import annotations

import copy
from datetime import date

import pytest
from sqlalchemy import func, select

from app.domain import ConflictError, DomainError, PermissionDenied
from app.models import Body, Decision, HistoryEvent, Proposal, ProposalVersion
from app.proposals import changes
from app.proposals.operations import sync_columns
from app.registry import queries
from app.workflow import operations
from tests.workflow.helpers import make_proposal, to_established

CHANGE = {
    "decision_number": "2026/31",
    "decision_date": date(2026, 11, 20),
    "session": "45",
    "decision_text": "Der IT-Planungsrat ändert seinen Beschluss 2026/07.",
}


@pytest.fixture
def body(db, cast, proposal):
    """An established Projektgruppe (Beschluss 2026/07, until 31.12.2027), committed."""
    to_established(proposal, cast)
    db.session.commit()
    return proposal.body


def edit(db, change: Proposal, **establishment) -> Proposal:
    """Change the draft's time limit (and the lead when given), as the form would store it."""
    content = copy.deepcopy(change.content)
    lead = establishment.pop("chair", None)
    kind = establishment.pop("kind", None)
    content["establishment"].update(establishment)
    if lead:
        content["leadership"]["chair"] = lead
    if kind:
        content["master_data"]["kind"] = kind
    change.content = content
    sync_columns(change, content)
    db.session.commit()
    return change


def count(db, model, *where) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_a_change_starts_from_the_version_in_force(db, cast, body):
    change, kind = changes.start_change(body, cast.office, "extend")
    db.session.commit()
    decided = db.session.scalars(select(Decision).where(Decision.kind == "establish")).one()
    version = db.session.get(ProposalVersion, decided.version_id)
    assert kind.section == "establishment"
    assert change.content == version.content
    assert (change.target_body_id, change.amends_decision_id) == (body.id, decided.id)
    assert change.state == "draft" and change.owner_id == cast.office.id
    assert change.is_change and change.body_id is None
    event = db.session.scalars(select(HistoryEvent).where(HistoryEvent.proposal_id == change.id))
    assert [e.action for e in event] == ["change_started"]


def test_only_the_office_starts_a_change(db, cast, body):
    with pytest.raises(PermissionDenied):
        changes.start_change(body, cast.owner, "extend")
    db.session.rollback()
    assert count(db, Proposal, Proposal.target_body_id.is_not(None)) == 0


def test_an_unknown_kind_of_change_is_refused(db, cast, body):
    with pytest.raises(DomainError) as refused:
        changes.start_change(body, cast.office, "abolish-everything")
    assert refused.value.status_code == 400
    assert "Bitte wählen Sie aus" in refused.value.message


def test_extension_decided_without_review_updates_the_registry(db, cast, body):
    change, _kind = changes.start_change(body, cast.office, "extend")
    db.session.commit()
    edit(db, change, end_date="2028-12-31", chair="Hessen")
    operations.submit_for_decision(change, cast.office)
    assert change.state == "resolution" and change.latest_version.number == 1
    operations.decide_change(change, cast.office, CHANGE)
    db.session.commit()
    db.session.expire_all()
    body = db.session.get(Body, body.id)
    assert change.state == "decided"
    assert body.end_date == date(2028, 12, 31) and not body.open_ended
    assert body.lead == "Vorsitz: Hessen; stellv. Vorsitz: Bund; Federführung: FITKO"
    assert body.start_date == date(2026, 1, 1)  # the Steckbrief's start, not a decision date
    decision = db.session.scalars(select(Decision).where(Decision.kind == "change")).one()
    assert (decision.number, decision.body_id, decision.proposal_id) == (
        "2026/31",
        body.id,
        change.id,
    )
    assert decision.is_public
    lines = queries.versions_in_force(body)
    assert [(d.number, number) for d, _ref, number in lines] == [("2026/07", 1), ("2026/31", 1)]
    assert queries.content_in_force(body, None)["establishment"]["end_date"] == "2028-12-31"
    registry_event = db.session.scalars(
        select(HistoryEvent).where(HistoryEvent.action == "registry_changed")
    ).one()
    assert registry_event.body_id == body.id
    assert registry_event.inputs["changes"]["end_date"] == {
        "old": "2027-12-31",
        "new": "2028-12-31",
    }


def test_a_change_can_go_through_review(db, cast, body):
    change, _kind = changes.start_change(body, cast.office, "open_ended")
    db.session.commit()
    # A Projektgruppe is always time-limited: continuing without limit makes it an AG.
    edit(db, change, end_date=None, open_ended=True, kind="arbeitsgruppe")
    operations.submit_proposal(change, cast.office)
    operations.approve_proposal(change, cast.reviewer1, {"recommendation": "Ja."})
    operations.approve_proposal(change, cast.reviewer2, {"recommendation": "Ja."})
    assert change.state == "resolution"
    operations.decide_change(change, cast.office, CHANGE)
    db.session.commit()
    db.session.expire_all()
    body = db.session.get(Body, body.id)
    assert body.open_ended and body.end_date is None
    assert body.kind == "arbeitsgruppe"


@pytest.mark.parametrize(
    ("end_date", "reason"),
    [("2026-06-30", "before today"), ("2025-12-31", "before the start")],
)
def test_an_end_date_in_the_past_or_before_the_start_is_refused(db, cast, body, end_date, reason):
    change, _kind = changes.start_change(body, cast.office, "shorten")
    db.session.commit()
    edit(db, change, end_date=end_date)
    with pytest.raises(DomainError) as refused:
        operations.submit_for_decision(change, cast.office)
    db.session.rollback()
    assert refused.value.status_code == 400, reason
    assert "nicht vor dem heutigen Tag" in refused.value.message
    assert db.session.get(Proposal, change.id).state == "draft"
    assert count(db, ProposalVersion, ProposalVersion.proposal_id == change.id) == 0


def test_a_change_leaving_the_steckbrief_incomplete_is_refused(db, cast, body):
    change, _kind = changes.start_change(body, cast.office, "lead")
    db.session.commit()
    content = copy.deepcopy(change.content)
    content["leadership"]["chair"] = ""
    change.content = content
    db.session.commit()
    with pytest.raises(DomainError) as refused:
        operations.submit_for_decision(change, cast.office)
    db.session.rollback()
    assert refused.value.status_code == 400
    assert "nicht vollständig" in refused.value.message
    assert db.session.get(Proposal, change.id).state == "draft"


def test_a_second_change_of_the_same_body_is_refused(db, cast, body):
    first, _kind = changes.start_change(body, cast.office, "extend")
    db.session.commit()
    with pytest.raises(ConflictError) as refused:
        changes.start_change(body, cast.office, "lead")
    db.session.rollback()
    assert first.reference in refused.value.message
    assert count(db, Proposal, Proposal.target_body_id == body.id) == 1


def test_a_dissolved_body_cannot_be_changed(db, cast, proposal, body):
    operations.dissolve_body(
        proposal,
        cast.office,
        {"dissolution_date": date(2026, 11, 30), "decision_number": "2026/40", "session": "45"},
    )
    db.session.commit()
    with pytest.raises(ConflictError) as refused:
        changes.start_change(body, cast.office, "extend")
    db.session.rollback()
    assert "aufgelöst" in refused.value.message
    assert count(db, Proposal, Proposal.target_body_id == body.id) == 0


def test_a_change_decided_after_the_body_was_dissolved_stores_nothing(db, cast, proposal, body):
    change, _kind = changes.start_change(body, cast.office, "extend")
    db.session.commit()
    edit(db, change, end_date="2028-12-31")
    operations.submit_for_decision(change, cast.office)
    db.session.commit()
    operations.dissolve_body(
        proposal,
        cast.office,
        {"dissolution_date": date(2026, 11, 30), "decision_number": "2026/40", "session": "45"},
    )
    db.session.commit()
    with pytest.raises(ConflictError):
        operations.decide_change(change, cast.office, CHANGE)
    db.session.rollback()
    assert db.session.get(Proposal, change.id).state == "resolution"
    assert count(db, Decision, Decision.kind == "change") == 0
    assert db.session.get(Body, body.id).end_date == date(2026, 11, 30)


def test_establish_and_decide_change_keep_to_their_kind_of_proposal(db, cast, body):
    change, _kind = changes.start_change(body, cast.office, "extend")
    db.session.commit()
    edit(db, change, end_date="2028-12-31")
    operations.submit_for_decision(change, cast.office)
    db.session.commit()
    with pytest.raises(ConflictError, match="kein neues Gremium"):
        operations.establish_body(change, cast.office, CHANGE)
    db.session.rollback()
    other = make_proposal(cast.owner, cast.parent)
    db.session.commit()
    with pytest.raises(ConflictError, match="Änderungsantrag"):
        operations.submit_for_decision(other, cast.owner)
    db.session.rollback()
    assert db.session.get(Proposal, other.id).state == "draft"


def test_a_withdrawn_change_frees_the_body_for_the_next_one(db, cast, body):
    first, _kind = changes.start_change(body, cast.office, "extend")
    db.session.commit()
    assert not first.can_delete(cast.office)  # its start is on record: withdrawn, not deleted
    operations.withdraw_proposal(first, cast.office, {"reason": "Doch nicht nötig."})
    db.session.commit()
    second, _kind = changes.start_change(body, cast.office, "lead")
    db.session.commit()
    assert (first.state, second.state) == ("withdrawn", "draft")
    assert changes.open_change(body.id).id == second.id

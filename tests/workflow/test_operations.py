"""The workflow's operations against a real database: state, versions, approvals, effects."""

from __future__ import annotations

import hashlib
import itertools
import json
from datetime import date

import pytest
from sqlalchemy import func, select

from app.audit.history import verify_chain
from app.domain import ConflictError, DomainError, PermissionDenied
from app.models import Approval, Body, Decision, HistoryEvent, OutboxMessage, SectionRemark
from app.proposals.queries import remarks_for
from app.workflow import operations
from app.workflow.decisions import next_free_number, parse_number
from tests.workflow.helpers import ESTABLISH, to_established, to_resolution, to_review
from workflows.proposal import TRANSITIONS


def count(db, model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_every_trigger_has_its_operation():
    """The action view dispatches through VERBS: a trigger without an operation is a 404."""
    assert set(operations.VERBS) == {row.trigger for row in TRANSITIONS}
    assert len(set(operations.VERBS.values())) == len(TRANSITIONS)


def test_submit_freezes_version_with_sha256(db, cast, proposal):
    operations.submit_proposal(proposal, cast.owner)
    db.session.commit()
    version = proposal.latest_version
    assert proposal.state == "review"
    assert version.number == 1
    assert version.created_by_id == cast.owner.id
    assert version.content == proposal.content
    canonical = json.dumps(
        proposal.content, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    assert version.sha256 == hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    assert proposal.submitted_at is not None


def test_frozen_version_does_not_follow_later_edits(db, cast, proposal):
    to_review(proposal, cast)
    operations.return_proposal(proposal, cast.reviewer1, {"comment": "Bitte Ziele schärfen."})
    proposal.content = {**proposal.content, "goals": {"goals": [], "non_goals": "neu"}}
    db.session.commit()
    assert proposal.latest_version.content["goals"]["non_goals"] != "neu"


def test_incomplete_draft_cannot_be_submitted(db, cast, proposal):
    proposal.content = {}
    db.session.commit()
    with pytest.raises(DomainError, match="nicht vollständig"):
        operations.submit_proposal(proposal, cast.owner)
    db.session.rollback()
    assert proposal.state == "draft"
    assert count(db, HistoryEvent) == 0


def test_submission_needs_delimitation_from_overlapping_body(app, db, cast, proposal):
    from app.proposals.overlap import DEFAULT_THRESHOLD
    from tests.workflow.helpers import make_proposal

    to_established(proposal, cast)
    twin = make_proposal(cast.owner, cast.parent)
    db.session.commit()
    app.config["OVERLAP_THRESHOLD"] = DEFAULT_THRESHOLD
    with pytest.raises(DomainError, match="nicht vollständig"):
        operations.submit_proposal(twin, cast.owner)


def test_only_owner_submits(db, cast, proposal):
    with pytest.raises(PermissionDenied):
        operations.submit_proposal(proposal, cast.outsider)


def test_resubmission_creates_version_2_and_approvals_reset(db, cast, proposal):
    to_review(proposal, cast)
    operations.approve_proposal(proposal, cast.reviewer1, {"recommendation": "Gut."})
    operations.return_proposal(
        proposal,
        cast.reviewer2,
        {"comment": "Bitte überarbeiten.", "remarks": {"goals": "Ziele messbar machen."}},
    )
    assert proposal.state == "draft"
    content = dict(proposal.content)
    content["goals"] = {**content["goals"], "non_goals": "Keine Einzelprüfungen mehr."}
    proposal.content = content
    operations.submit_proposal(proposal, cast.owner)
    db.session.commit()
    assert [v.number for v in proposal.versions] == [1, 2]
    assert proposal.versions[0].sha256 != proposal.versions[1].sha256
    # reviewer1's approval of version 1 does not count for version 2
    operations.approve_proposal(proposal, cast.reviewer2, {"recommendation": "Jetzt gut."})
    assert proposal.state == "review"
    operations.approve_proposal(proposal, cast.reviewer1, {"recommendation": "Auch gut."})
    assert proposal.state == "resolution"
    assert count(db, Approval, Approval.version_id == proposal.versions[1].id) == 2


def test_quorum_needs_two_distinct_reviewers(db, cast, proposal):
    to_review(proposal, cast)
    db.session.commit()
    event = operations.approve_proposal(proposal, cast.reviewer1, {"recommendation": "Gut."})
    db.session.commit()
    assert event.action == "approval_recorded"
    assert proposal.state == "review"
    with pytest.raises(ConflictError, match="bereits befürwortet"):
        operations.approve_proposal(proposal, cast.reviewer1, {"recommendation": "Nochmal."})
    db.session.rollback()
    event = operations.approve_proposal(proposal, cast.reviewer2, {"recommendation": "Gut."})
    assert (event.action, event.from_state, event.to_state) == ("approve", "review", "resolution")


def test_quorum_is_configurable(app, db, cast, proposal):
    app.config["APPROVALS_REQUIRED"] = 1
    to_review(proposal, cast)
    operations.approve_proposal(proposal, cast.reviewer1, {"recommendation": "Gut."})
    assert proposal.state == "resolution"


def test_nobody_reviews_their_own_proposal(db, cast):
    from tests.workflow.helpers import make_proposal

    own = make_proposal(cast.reviewer_owner, cast.parent)
    operations.submit_proposal(own, cast.reviewer_owner)
    for action in (
        lambda: operations.approve_proposal(own, cast.reviewer_owner, {"recommendation": "Super."}),
        lambda: operations.reject_proposal(own, cast.reviewer_owner, {"reason": "Nein."}),
        lambda: operations.return_proposal(own, cast.reviewer_owner, {"comment": "Hm."}),
    ):
        with pytest.raises(PermissionDenied, match="eigenen Antrag"):
            action()
    assert own.state == "review"


def test_wrong_state_is_a_conflict(db, cast, proposal):
    with pytest.raises(ConflictError, match="nicht möglich"):
        operations.approve_proposal(proposal, cast.reviewer1, {"recommendation": "Zu früh."})


def test_missing_input_names_the_field(db, cast, proposal):
    to_review(proposal, cast)
    with pytest.raises(DomainError) as caught:
        operations.reject_proposal(proposal, cast.reviewer1, {"reason": "  "})
    assert caught.value.field == "reason"
    assert caught.value.status_code == 400


def test_stale_lock_version_is_a_conflict(db, cast, proposal):
    seen = proposal.lock_version
    to_review(proposal, cast)
    db.session.commit()
    with pytest.raises(ConflictError, match="zwischenzeitlich geändert"):
        operations.withdraw_proposal(
            proposal, cast.owner, {"reason": "Doch nicht."}, expected_lock_version=seen
        )


def test_withdraw_and_reject(db, cast, proposal):
    operations.withdraw_proposal(proposal, cast.owner, {"reason": "Nicht mehr nötig."})
    assert proposal.state == "withdrawn"
    from tests.workflow.helpers import make_proposal

    other = to_review(make_proposal(cast.owner, cast.parent), cast)
    operations.reject_proposal(other, cast.reviewer1, {"reason": "Doppelt zu AG Cloud."})
    assert other.state == "rejected"


# Beschluss numbers


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [("2023/02", "2023/02"), ("2023/41", "2023/41"), ("2024/105", "2024/105"), ("2024/7x", None)],
)
def test_parse_number(raw, canonical):
    if canonical is None:
        with pytest.raises(DomainError, match="JJJJ/NN"):
            parse_number(raw)
    else:
        assert str(parse_number(raw)) == canonical


@pytest.mark.parametrize("raw", ["2023/2", "23/41", "2023-41", "", "2023/00", "abcd/12"])
def test_parse_number_refuses(raw):
    with pytest.raises(DomainError) as caught:
        parse_number(raw)
    assert caught.value.field == "decision_number"


def test_establish_creates_body_decision_and_links(db, cast, proposal):
    to_established(proposal, cast)
    db.session.commit()
    body = proposal.body
    assert proposal.state == "established"
    assert body.name == proposal.title
    assert body.short_name == "PG BOD"
    assert body.kind == "projektgruppe"
    assert body.category == "project_group"
    assert body.parent_id == cast.parent.id
    # The registry says what the decided Steckbrief says: its start, not the decision's date.
    assert body.start_date == date(2026, 1, 1)
    assert body.lead == "Vorsitz: Bayern; stellv. Vorsitz: Bund; Federführung: FITKO"
    assert body.end_date == date(2027, 12, 31)
    assert body.key.startswith("pg-bod-a-2026-")
    assert body.focus_topic == "Digitale Infrastruktur"  # the registry keeps the German label
    decision = db.session.scalars(select(Decision)).one()
    assert (decision.number, decision.year, decision.sequence) == ("2026/07", 2026, 7)
    assert (decision.kind, decision.session, decision.body_id) == ("establish", "42", body.id)
    assert decision.version_id == proposal.latest_version.id


def test_open_ended_kind_gives_working_format(db, cast):
    from tests.workflow.helpers import make_proposal

    group = make_proposal(cast.owner, cast.parent, kind="arbeitsgruppe")
    to_established(group, cast)
    assert group.body.category == "working_format"
    assert group.body.open_ended is True
    assert group.body.end_date is None


def test_used_number_is_refused_with_next_free(db, cast, proposal):
    from tests.workflow.helpers import make_proposal

    to_established(proposal, cast)
    second = to_resolution(make_proposal(cast.owner, cast.parent), cast)
    db.session.commit()
    with pytest.raises(DomainError) as caught:
        operations.establish_body(second, cast.office, ESTABLISH)
    assert caught.value.field == "decision_number"
    assert "2026/07 ist bereits vergeben" in caught.value.message
    assert "2026/08" in caught.value.message
    db.session.rollback()
    assert second.state == "resolution"
    assert count(db, Body, Body.name == second.title) == 1  # only the first body


def test_number_year_must_match_decision_date(db, cast, proposal):
    to_resolution(proposal, cast)
    with pytest.raises(DomainError, match="gehört nicht zum Jahr") as caught:
        operations.establish_body(
            proposal, cast.office, {**ESTABLISH, "decision_number": "2025/03"}
        )
    assert caught.value.field == "decision_number"


def test_next_free_number(db, cast, proposal):
    assert next_free_number(2026) == "2026/01"
    to_established(proposal, cast, decision_number="2026/41")
    assert next_free_number(2026) == "2026/42"
    assert next_free_number(2027) == "2027/01"


def test_decline_records_decision(db, cast, proposal):
    to_resolution(proposal, cast)
    inputs = {
        "decision_number": "2026/09",
        "decision_date": date(2026, 6, 1),
        "decision_text": "Der IT-Planungsrat lehnt ab.",
    }
    operations.decline_proposal(proposal, cast.office, inputs)
    assert proposal.state == "rejected"
    assert db.session.scalars(select(Decision.kind)).one() == "decline"


def test_dissolve_ends_body_which_stays(db, cast, proposal):
    to_established(proposal, cast)
    operations.dissolve_body(
        proposal,
        cast.office,
        {"dissolution_date": date(2026, 11, 30), "decision_number": "2026/30"},
    )
    db.session.commit()
    assert proposal.state == "dissolved"
    assert proposal.body.end_date == date(2026, 11, 30)
    assert proposal.body.open_ended is False
    assert count(db, Decision, Decision.kind == "dissolve") == 1


def test_dissolve_by_expiry_needs_no_decision(db, cast, proposal):
    to_established(proposal, cast)
    operations.dissolve_body(
        proposal,
        cast.office,
        {"dissolution_date": date(2027, 12, 31), "reason": "Befristung abgelaufen"},
    )
    assert proposal.state == "dissolved"
    assert count(db, Decision, Decision.kind == "dissolve") == 0


def test_dissolve_needs_decision_or_expiry(db, cast, proposal):
    to_established(proposal, cast)
    with pytest.raises(DomainError, match="entweder"):
        operations.dissolve_body(proposal, cast.office, {"dissolution_date": date(2027, 1, 1)})


def test_refer_back_needs_fresh_approvals(db, cast, proposal):
    to_resolution(proposal, cast)
    operations.refer_back(proposal, cast.office, {"reason": "Überschneidung mit FIT-AB prüfen."})
    assert proposal.state == "review"
    operations.approve_proposal(proposal, cast.reviewer1, {"recommendation": "Geprüft."})
    assert proposal.state == "review"


# Remarks


def test_return_with_remarks_per_section(db, cast, proposal):
    to_review(proposal, cast)
    operations.return_proposal(
        proposal,
        cast.reviewer1,
        {"comment": "Bitte überarbeiten.", "remarks": {"goals": "Messbar?", "tasks": "Mehr."}},
    )
    db.session.commit()
    grouped = remarks_for(proposal)
    assert set(grouped) == {"goals", "tasks"}
    assert grouped["goals"][0].text == "Messbar?"
    assert grouped["goals"][0].author_id == cast.reviewer1.id


def test_standalone_remark_in_review(db, cast, proposal):
    to_review(proposal, cast)
    operations.post_remark(proposal, cast.reviewer1, "resources", "Budgetquelle klären.")
    assert count(db, SectionRemark) == 1
    assert db.session.scalars(select(HistoryEvent.action)).all()[-1] == "remark"
    with pytest.raises(PermissionDenied):
        operations.post_remark(proposal, cast.owner, "resources", "Selbstkritik.")
    with pytest.raises(DomainError):
        operations.post_remark(proposal, cast.reviewer1, "nope", "Unbekannt.")


# History and outbox in the same transaction


def test_each_transition_writes_one_chained_event(db, cast, proposal):
    to_established(proposal, cast)
    db.session.commit()
    events = db.session.scalars(select(HistoryEvent).order_by(HistoryEvent.id)).all()
    assert [e.action for e in events] == [
        "submit",
        "motion_signed",
        "approval_recorded",
        "approve",
        "establish",
    ]
    assert events[0].prev_hash == "0" * 64
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(events))
    assert events[-1].inputs["decision_number"] == "2026/07"
    assert events[-1].inputs["decision_date"] == "2026-03-17"
    assert events[-1].version_sha256 == proposal.latest_version.sha256
    assert verify_chain().intact


def test_outbox_rows_written_with_the_transition(db, cast, proposal):
    operations.submit_proposal(proposal, cast.owner)
    pending = db.session.scalars(select(OutboxMessage.recipient)).all()
    # owner + reviewers except the owner (reviewer1, reviewer2, reviewer_owner)
    expected = {cast.owner.email, cast.reviewer1.email, cast.reviewer2.email}
    assert expected | {cast.reviewer_owner.email} == set(pending)
    db.session.rollback()
    assert count(db, OutboxMessage) == 0  # same transaction: rolled back together


def test_office_hears_of_resolution(db, cast, proposal):
    to_resolution(proposal, cast)
    last = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == cast.office.email)
    ).all()
    assert len(last) == 1
    assert "Zur Beschlussfassung" in last[0].subject
    assert f"/antraege/{proposal.id}" in last[0].body
    assert proposal.reference in last[0].body


def test_no_outbox_row_when_transition_fails(db, cast, proposal):
    with pytest.raises(DomainError):
        operations.reject_proposal(proposal, cast.reviewer1, {"reason": "Falscher Status."})
    db.session.rollback()
    assert count(db, OutboxMessage) == 0
    assert count(db, HistoryEvent) == 0


def test_header_injection_refused(db):
    from app.mail.outbox import HeaderInjectionError, queue_mail

    with pytest.raises(HeaderInjectionError):
        queue_mail("a@example.org\r\nBcc: x@example.org", "Betreff", "Text")
    with pytest.raises(HeaderInjectionError):
        queue_mail("a@example.org", "Betreff\nBcc: x@example.org", "Text")

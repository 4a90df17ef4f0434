"""Motions (§ 1 Abs. 5 IT-Staatsvertrag): signing, inviting, confirming, declining and
withdrawing, the guard on recording a decision, and what is refused (nothing stored)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.council import motions
from app.council.motion_status import motion_status, open_invitations
from app.domain import ConflictError, DomainError, PermissionDenied
from app.models import Decision, HistoryEvent, MotionSignature, OutboxMessage, Proposal
from app.workflow import operations
from tests.council.motion_helpers import awaiting_decision, make_laender
from tests.factories_motion import act_for, member_id
from tests.workflow.helpers import ESTABLISH


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def signature(db, proposal, key: str) -> MotionSignature:
    return db.session.scalar(
        select(MotionSignature).where(
            MotionSignature.proposal_id == proposal.id,
            MotionSignature.member_id == member_id(key),
        )
    )


@pytest.fixture
def laender(db, cast):
    people = make_laender(cast)
    db.session.commit()
    return people


def invite(db, proposal, cast, *keys):
    rows = motions.invite_members(proposal, cast.owner, [member_id(key) for key in keys])
    db.session.commit()
    return rows


def test_three_laender_make_a_valid_motion_and_only_then_the_office_decides(
    db, cast, proposal, laender
):
    awaiting_decision(proposal, cast)
    motions.sign_own(proposal, cast.owner)
    invite(db, proposal, cast, "HE", "HB", "BY")
    assert not motion_status(proposal).valid
    with pytest.raises(DomainError) as refused:
        operations.establish_body(proposal, cast.office, ESTABLISH)
    db.session.rollback()
    assert "mindestens drei Ländern" in refused.value.message
    assert count(db, Decision) == 0
    motions.answer_invitation(signature(db, proposal, "HE").id, laender.HE, accept=True)
    motions.answer_invitation(signature(db, proposal, "BY").id, laender.BY, accept=False)
    assert not motion_status(proposal).valid
    motions.answer_invitation(signature(db, proposal, "HB").id, laender.HB, accept=True)
    db.session.commit()
    status = motion_status(proposal)
    assert status.valid and not status.bund_signed
    assert status.signed_laender == ["Bremen", "Hamburg", "Hessen"]
    proposal = db.session.get(Proposal, proposal.id)
    operations.establish_body(proposal, cast.office, ESTABLISH)
    assert proposal.state == "established"


def test_the_bund_alone_moves_a_proposal(db, cast, proposal):
    act_for(cast.owner, "bund")
    awaiting_decision(proposal, cast)
    assert not motion_status(proposal).valid
    motions.sign_own(proposal, cast.owner)
    assert motion_status(proposal).valid and motion_status(proposal).movers == "Bund"


def test_a_declining_decision_needs_the_motion_too(db, cast, proposal):
    act_for(cast.owner, "HH")
    awaiting_decision(proposal, cast)
    db.session.commit()
    decline = {"decision_number": "2026/08", "decision_date": ESTABLISH["decision_date"]}
    with pytest.raises(DomainError) as refused:
        operations.decline_proposal(proposal, cast.office, {**decline, "decision_text": "Nein."})
    assert "§ 1 Abs. 5 IT-Staatsvertrag" in refused.value.message


def test_history_and_mail_record_every_step(db, cast, proposal, laender):
    awaiting_decision(proposal, cast)
    db.session.commit()
    mails = count(db, OutboxMessage)
    motions.sign_own(proposal, cast.owner)
    invite(db, proposal, cast, "HE", "HB")
    invited = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()[mails:]
    assert {m.recipient for m in invited} == {laender.HE.email, laender.HB.email}
    assert all("Bitte um Mitzeichnung" in m.subject for m in invited)
    assert "/konto/mitzeichnungen" in invited[0].body
    he = signature(db, proposal, "HE")
    motions.answer_invitation(he.id, laender.HE, accept=True)
    motions.answer_invitation(signature(db, proposal, "HB").id, laender.HB, accept=False)
    motions.withdraw_signature(he.id, laender.HE)
    db.session.commit()
    events = db.session.scalars(
        select(HistoryEvent).where(HistoryEvent.proposal_id == proposal.id)
    ).all()
    actions = [e.action for e in events if e.action.startswith("motion_")]
    assert actions == [
        "motion_signed",
        "motion_invited",
        "motion_confirmed",
        "motion_declined",
        "motion_withdrawn",
    ]
    assert events[-1].inputs == {"member": "Hessen"}
    owner_mail = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == cast.owner.email)
    ).all()
    assert any("Hessen hat den Antrag" in m.body for m in owner_mail)
    assert signature(db, proposal, "HE").state == "withdrawn"


def test_a_withdrawn_signature_makes_the_motion_invalid_again(db, cast, proposal, laender):
    awaiting_decision(proposal, cast)
    motions.sign_own(proposal, cast.owner)
    invite(db, proposal, cast, "HE", "HB")
    for key, person in (("HE", laender.HE), ("HB", laender.HB)):
        motions.answer_invitation(signature(db, proposal, key).id, person, accept=True)
    assert motion_status(proposal).valid
    motions.withdraw_signature(signature(db, proposal, "HB").id, laender.HB)
    db.session.commit()
    assert not motion_status(proposal).valid
    with pytest.raises(DomainError):
        operations.establish_body(db.session.get(Proposal, proposal.id), cast.office, ESTABLISH)


def test_open_invitations_are_those_of_the_accounts_member(db, cast, proposal, laender):
    motions.sign_own(proposal, cast.owner)
    invite(db, proposal, cast, "HE")
    assert [p.id for _, p in open_invitations(laender.HE)] == [proposal.id]
    assert open_invitations(laender.HB) == []
    assert open_invitations(cast.outsider) == []


# Refused, nothing stored


def assert_nothing_stored(db, call, error: type[DomainError], text: str) -> None:
    db.session.commit()
    before = (count(db, MotionSignature), count(db, HistoryEvent), count(db, OutboxMessage))
    states = dict(db.session.execute(select(MotionSignature.id, MotionSignature.state)).all())
    with pytest.raises(error) as refused:
        call()
    db.session.rollback()
    assert text in refused.value.message
    after = (count(db, MotionSignature), count(db, HistoryEvent), count(db, OutboxMessage))
    assert after == before
    assert dict(db.session.execute(select(MotionSignature.id, MotionSignature.state)).all()) == (
        states
    )


def test_cosigning_for_a_member_the_account_does_not_represent(db, cast, proposal, laender):
    invite(db, proposal, cast, "HE")
    he = signature(db, proposal, "HE")
    assert_nothing_stored(
        db,
        lambda: motions.answer_invitation(he.id, laender.HB, accept=True),
        PermissionDenied,
        "für das Ihr Konto handelt",
    )
    assert_nothing_stored(
        db,
        lambda: motions.answer_invitation(he.id, cast.outsider, accept=True),
        PermissionDenied,
        "für das Ihr Konto handelt",
    )


def test_cosigning_twice_is_a_conflict(db, cast, proposal, laender):
    invite(db, proposal, cast, "HE")
    he = signature(db, proposal, "HE")
    motions.answer_invitation(he.id, laender.HE, accept=True)
    assert_nothing_stored(
        db,
        lambda: motions.answer_invitation(he.id, laender.HE, accept=True),
        ConflictError,
        "bereits beantwortet",
    )
    motions.sign_own(proposal, cast.owner)
    assert_nothing_stored(
        db, lambda: motions.sign_own(proposal, cast.owner), ConflictError, "bereits gezeichnet"
    )


def test_a_forged_invitation_id_is_not_found(db, cast, proposal, laender):
    assert_nothing_stored(
        db,
        lambda: motions.answer_invitation(987654, laender.HE, accept=True),
        motions.InvitationNotFound,
        "gibt es nicht",
    )


@pytest.mark.parametrize(
    ("keys", "text"),
    [
        ([], "mindestens ein Land"),
        (["bund"], "nur Länder"),
        (["HH"], "nur Länder"),  # the owner's own Land
        (["fitko"], "nur Länder"),
    ],
)
def test_bad_invitations_are_refused(db, cast, proposal, laender, keys, text):
    ids = [member_id(key) for key in keys]
    assert_nothing_stored(
        db, lambda: motions.invite_members(proposal, cast.owner, ids), DomainError, text
    )


def test_forged_member_ids_and_a_second_invitation_are_refused(db, cast, proposal, laender):
    assert_nothing_stored(
        db,
        lambda: motions.invite_members(proposal, cast.owner, [10**9]),
        DomainError,
        "nur Länder",
    )
    invite(db, proposal, cast, "HE")
    assert_nothing_stored(
        db,
        lambda: motions.invite_members(proposal, cast.owner, [member_id("HE")]),
        DomainError,
        "noch nicht eingeladen",
    )


def test_only_the_owner_acting_for_a_member_shapes_the_motion(db, cast, proposal, laender):
    assert_nothing_stored(
        db,
        lambda: motions.invite_members(proposal, laender.HE, [member_id("HB")]),
        PermissionDenied,
        "kann nur, wer den Antrag gestellt hat",
    )
    cast.owner.council_member_id = None  # the owner acts for no member
    assert_nothing_stored(
        db,
        lambda: motions.sign_own(proposal, cast.owner),
        PermissionDenied,
        "kein stimmberechtigtes Mitglied",
    )
    act_for(cast.owner, "fitko")  # an advisory member does not move proposals
    assert_nothing_stored(
        db,
        lambda: motions.sign_own(proposal, cast.owner),
        PermissionDenied,
        "kein stimmberechtigtes Mitglied",
    )


def test_after_the_decision_the_motion_is_closed(db, cast, proposal, laender):
    awaiting_decision(proposal, cast)
    act_for(cast.owner, "bund")
    motions.sign_own(proposal, cast.owner)
    operations.establish_body(proposal, cast.office, ESTABLISH)
    db.session.commit()
    bund = signature(db, proposal, "bund")
    act_for(laender.HE, "bund")
    assert_nothing_stored(
        db,
        lambda: motions.withdraw_signature(bund.id, laender.HE),
        ConflictError,
        "entschieden",
    )

"""The written procedure (Umlaufverfahren): start, answer, record an answer, fix the result.

Answers are taken until the end of the deadline (a Berlin day); the result is fixed once every
member asked has answered or the deadline has passed, by the same rule as in a session, a
member without an answer counting as abstaining. Every write locks the procedure's row first
(PostgreSQL: FOR UPDATE; SQLite: the write lock), so an answer and the fixing of the result
never overlap. Nothing here commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from app.audit.history import append_event
from app.conflicts import flush_or_conflict, sqlite_write_lock
from app.council import outcome
from app.council.majority import Evaluation, Procedure, Vote
from app.council.sessions import ready_proposals
from app.domain import ConflictError, DomainError, PermissionDenied
from app.extensions import db
from app.formatting import german_date, today_berlin
from app.models import (
    CouncilMember,
    CouncilVote,
    Outcome,
    Proposal,
    ShareTable,
    User,
    WrittenProcedure,
)
from app.workflow.operations import lock_proposal
from workflows.proposal import WRITTEN_PROCEDURE

WRITTEN_VOTE_VALUES = frozenset(vote.value for vote in outcome.WRITTEN_VOTES)
DECIDING = frozenset({Outcome.ADOPTED.value, Outcome.REJECTED.value})


def all_procedures() -> list[WrittenProcedure]:
    """Every written procedure, the newest first."""
    return list(db.session.scalars(select(WrittenProcedure).order_by(WrittenProcedure.id.desc())))


def open_for_member(member_id: int | None) -> list[WrittenProcedure]:
    """The open procedures that ask this member."""
    if member_id is None:
        return []
    member = db.session.get(CouncilMember, member_id)
    return [p for p in all_procedures() if p.is_open and member.key in p.asked_keys]


def start_procedure(
    proposal_id: int,
    actor: User,
    dispatched_on: date,
    deadline: date,
    asked: Iterable[str],
) -> WrittenProcedure:
    """Send a proposal ready for decision to the members asked, with a deadline."""
    proposal = lock_proposal(proposal_id)
    if proposal not in ready_proposals():
        raise ConflictError(_("Dieser Antrag steht nicht zur Beschlussfassung an."))
    if dispatched_on > today_berlin():
        raise DomainError(_("Der Versand kann nicht in der Zukunft liegen."), field="dispatched_on")
    if deadline < dispatched_on:
        raise DomainError(_("Die Frist muss nach dem Versand enden."), field="deadline")
    keys = [m.key for m in outcome.voting_members() if m.key in set(asked)]
    if not keys or len(keys) != len(set(asked)):
        raise DomainError(_("Bitte wählen Sie die gefragten Mitglieder."), field="asked")
    procedure = WrittenProcedure(
        proposal_id=proposal.id,
        dispatched_on=dispatched_on,
        deadline=deadline,
        asked=",".join(keys),
        created_by_id=actor.id,
    )
    db.session.add(procedure)
    flush_or_conflict()
    _log(procedure, proposal, actor, "written_procedure_started", {"deadline": deadline})
    return procedure


def lock_procedure(procedure_id: int) -> WrittenProcedure:
    """The procedure's row, locked until commit; refused once its result is fixed."""
    sqlite_write_lock()
    stmt = (
        select(WrittenProcedure)
        .where(WrittenProcedure.id == procedure_id)
        .with_for_update(of=WrittenProcedure)
        .execution_options(populate_existing=True)
    )
    procedure = db.session.scalars(stmt).one_or_none()
    if procedure is None:
        raise DomainError(_("Das Umlaufverfahren wurde nicht gefunden."))
    if not procedure.is_open:
        raise ConflictError(_("Das Ergebnis des Umlaufverfahrens steht schon fest."))
    db.session.expire(procedure, ["votes"])
    return procedure


def _check_answer(procedure: WrittenProcedure, member: CouncilMember, vote: str) -> None:
    if member.key not in procedure.asked_keys:
        raise PermissionDenied(
            _("%(member)s ist in diesem Umlaufverfahren nicht gefragt.", member=member.name)
        )
    if any(v.member_id == member.id for v in procedure.votes):
        raise ConflictError(
            _(
                "Für %(member)s liegt schon eine Antwort vor; sie kann nicht geändert werden.",
                member=member.name,
            )
        )
    if vote not in WRITTEN_VOTE_VALUES:
        raise DomainError(_("Bitte wählen Sie Ja, Nein oder Enthaltung."), field="vote")


def _answer(
    procedure: WrittenProcedure,
    member: CouncilMember,
    vote: str,
    day: date,
    actor: User,
    by_office: bool,
) -> CouncilVote:
    answer = CouncilVote(
        member_id=member.id, vote=vote, cast_on=day, by_office=by_office, recorded_by_id=actor.id
    )
    procedure.votes.append(answer)
    flush_or_conflict(_("Für %(member)s wurde soeben schon geantwortet.", member=member.name))
    proposal = db.session.get(Proposal, procedure.proposal_id)
    inputs = {"member": member.name, "vote": str(outcome.VOTE_LABELS[vote]), "received_on": day}
    action = "written_answer_recorded" if by_office else "written_vote_cast"
    _log(procedure, proposal, actor, action, inputs)
    return answer


def cast_vote(
    procedure: WrittenProcedure, actor: User, member_id: int, vote: str, today: date | None = None
) -> CouncilVote:
    """A member's representative answers in the portal, until the end of the deadline."""
    if actor.council_member_id is None or actor.council_member_id != member_id:
        raise PermissionDenied(_("Ihr Konto vertritt dieses Mitglied nicht."))
    procedure = lock_procedure(procedure.id)
    today = today or today_berlin()
    if today > procedure.deadline:
        raise ConflictError(
            _("Die Frist ist am %(deadline)s abgelaufen.", deadline=german_date(procedure.deadline))
        )
    member = db.session.get(CouncilMember, member_id)
    _check_answer(procedure, member, vote)
    return _answer(procedure, member, vote, today, actor, by_office=False)


def record_answer(
    procedure: WrittenProcedure, actor: User, member_key: str, vote: str, received_on: date
) -> CouncilVote:
    """The office records an answer received by other means, with the day it arrived."""
    procedure = lock_procedure(procedure.id)
    member = db.session.scalars(
        select(CouncilMember).where(CouncilMember.key == member_key)
    ).first()
    if member is None or member.key not in procedure.asked_keys:
        raise DomainError(_("Bitte wählen Sie ein gefragtes Mitglied."), field="member")
    last_day = min(procedure.deadline, today_berlin())
    if not procedure.dispatched_on <= received_on <= last_day:
        raise DomainError(
            _(
                "Eine Antwort zählt, wenn sie zwischen dem Versand (%(start)s) und dem Ende der "
                "Frist (%(end)s) eingegangen ist, und nicht in der Zukunft.",
                start=german_date(procedure.dispatched_on),
                end=german_date(procedure.deadline),
            ),
            field="received_on",
        )
    _check_answer(procedure, member, vote)
    return _answer(procedure, member, vote, received_on, actor, by_office=True)


def answers(procedure: WrittenProcedure) -> dict[str, str]:
    """The answers given, by member key."""
    return {vote.member.key: vote.vote for vote in procedure.votes}


def can_fix(procedure: WrittenProcedure, today: date | None = None) -> bool:
    """True once every member asked answered, or the deadline has passed."""
    everyone = set(procedure.asked_keys) <= set(answers(procedure))
    return everyone or (today or today_berlin()) > procedure.deadline


def all_votes(procedure: WrittenProcedure) -> dict[str, str]:
    """Every voting member's vote; no answer counts as abstaining (majority.py)."""
    given = answers(procedure)
    return {m.key: given.get(m.key, Vote.NO_ANSWER.value) for m in outcome.voting_members()}


def may_answer(procedure: WrittenProcedure, member: CouncilMember | None) -> bool:
    """True while the member is asked, has not answered and the deadline has not passed."""
    return (
        procedure.is_open
        and member is not None
        and member.key in procedure.asked_keys
        and member.key not in answers(procedure)
        and today_berlin() <= procedure.deadline
    )


def evaluation(procedure: WrittenProcedure) -> tuple[Evaluation, ShareTable]:
    """Both evaluations of the answers as they stand, dated today."""
    return outcome.evaluate_votes(all_votes(procedure), today_berlin(), Procedure.WRITTEN)


def fix_result(
    procedure: WrittenProcedure,
    actor: User,
    confirmation: outcome.Confirmation,
    today: date | None = None,
) -> WrittenProcedure:
    """Fix the result: the decision dated the day it was fixed, with the next number."""
    procedure = lock_procedure(procedure.id)
    today = today or today_berlin()
    if not can_fix(procedure, today):
        raise ConflictError(
            _(
                "Das Ergebnis steht erst fest, wenn alle geantwortet haben oder die Frist am "
                "%(deadline)s abgelaufen ist.",
                deadline=german_date(procedure.deadline),
            )
        )
    if confirmation.outcome not in DECIDING:
        raise DomainError(_("Bitte wählen Sie „angenommen“ oder „abgelehnt“."), field="outcome")
    votes = all_votes(procedure)
    evaluation, table = outcome.evaluate_votes(votes, today, Procedure.WRITTEN)
    outcome.check_confirmation(evaluation, confirmation)
    rows = outcome.vote_rows(outcome.voting_members(), votes)
    record = outcome.vote_record(Procedure.WRITTEN, rows, evaluation, table, confirmation)
    record["written"] = {
        "dispatched_on": procedure.dispatched_on.isoformat(),
        "deadline": procedure.deadline.isoformat(),
        "asked": procedure.asked_keys,
    }
    proposal = db.session.get(Proposal, procedure.proposal_id)
    decision = outcome.decide(proposal, actor, today, WRITTEN_PROCEDURE, confirmation, record)
    procedure.outcome, procedure.decision_id = confirmation.outcome, decision.id
    flush_or_conflict()
    return procedure


def _log(
    procedure: WrittenProcedure, proposal: Proposal, actor: User, action: str, inputs: dict
) -> None:
    append_event(
        proposal,
        actor,
        action,
        from_state=proposal.state,
        to_state=proposal.state,
        inputs={"written_procedure": procedure.id, **inputs},
        body_id=proposal.body_id,
    )

"""Council sessions: create one, build and order its agenda, record the votes, confirm.

Nothing here commits (one commit per request, in the view's request cycle).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select

from app.audit.history import append_event
from app.conflicts import flush_or_conflict, sqlite_write_lock
from app.council import outcome
from app.council.majority import Procedure
from app.domain import ConflictError, DomainError
from app.extensions import db
from app.formatting import today_berlin
from app.models import (
    AgendaItem,
    CouncilMember,
    CouncilSession,
    CouncilVote,
    Outcome,
    Proposal,
    User,
    WrittenProcedure,
)
from workflows.proposal import ProposalState

VIRTUAL = "virtuell"
SESSION_VOTE_VALUES = frozenset(vote.value for vote in outcome.SESSION_VOTES)


def all_sessions() -> list[CouncilSession]:
    """Every session, the newest first."""
    return list(db.session.scalars(select(CouncilSession).order_by(CouncilSession.number.desc())))


def ready_proposals() -> list[Proposal]:
    """Proposals ready for decision that wait for no open agenda item or written procedure."""
    on_agenda = select(AgendaItem.proposal_id).where(AgendaItem.outcome.is_(None))
    in_writing = select(WrittenProcedure.proposal_id).where(WrittenProcedure.outcome.is_(None))
    stmt = (
        select(Proposal)
        .where(
            Proposal.state == ProposalState.RESOLUTION.value,
            Proposal.id.not_in(on_agenda),
            Proposal.id.not_in(in_writing),
        )
        .order_by(Proposal.id)
    )
    return list(db.session.scalars(stmt))


def session_label(session: CouncilSession) -> str:
    """„48. Sitzung“."""
    return _("%(number)s. Sitzung", number=session.number)


def create_session(
    actor: User, number: int, held_on: date, place: str, chair_key: str, deadline: date
) -> CouncilSession:
    """A new session; its number is unique, its documents are due before it."""
    place = (place or "").strip()
    if not place:
        raise DomainError(_("Bitte geben Sie den Ort an oder „virtuell“."), field="place")
    if deadline > held_on:
        raise DomainError(
            _("Die Frist für die Unterlagen muss vor der Sitzung liegen."), field="deadline"
        )
    chair = db.session.scalars(
        select(CouncilMember).where(CouncilMember.key == chair_key, CouncilMember.voting)
    ).first()
    if chair is None:
        raise DomainError(_("Bitte wählen Sie den Vorsitz."), field="chair")
    if db.session.scalar(select(CouncilSession.id).where(CouncilSession.number == number)):
        raise DomainError(
            _("Die %(number)s. Sitzung gibt es schon.", number=number), field="number"
        )
    session = CouncilSession(
        number=number,
        held_on=held_on,
        place=place,
        chair_id=chair.id,
        documents_deadline=deadline,
        created_by_id=actor.id,
    )
    db.session.add(session)
    flush_or_conflict(_("Die %(number)s. Sitzung wurde soeben angelegt.", number=number))
    return session


def lock_session(session_id: int) -> CouncilSession:
    """The session's row, locked for the agenda's change (SQLite: the write lock)."""
    sqlite_write_lock()
    stmt = (
        select(CouncilSession)
        .where(CouncilSession.id == session_id)
        .with_for_update(of=CouncilSession)
        .execution_options(populate_existing=True)
    )
    session = db.session.scalars(stmt).unique().one_or_none()
    if session is None:
        raise DomainError(_("Die Sitzung wurde nicht gefunden."))
    db.session.expire(session, ["items"])  # the agenda as it stands under the lock
    return session


def add_item(session: CouncilSession, proposal_id: int, actor: User) -> AgendaItem:
    """Put a proposal ready for decision on the agenda as the last item."""
    session = lock_session(session.id)
    proposal = next((p for p in ready_proposals() if p.id == proposal_id), None)
    if proposal is None:
        raise DomainError(_("Dieser Antrag steht nicht zur Beschlussfassung an."), field="proposal")
    last = db.session.scalar(
        select(func.max(AgendaItem.position)).where(AgendaItem.session_id == session.id)
    )
    item = AgendaItem(session_id=session.id, proposal_id=proposal.id, position=(last or 0) + 1)
    db.session.add(item)
    flush_or_conflict()
    _log(item, proposal, actor, "agenda_item_added")
    return item


def _open_item(session: CouncilSession, item_id: int) -> AgendaItem:
    item = next((i for i in session.items if i.id == item_id), None)
    if item is None:
        raise DomainError(_("Dieser Tagesordnungspunkt gehört nicht zur Sitzung."))
    if item.outcome is not None:
        raise ConflictError(_("Über diesen Tagesordnungspunkt ist schon entschieden."))
    return item


def move_item(session: CouncilSession, item_id: int, step: int) -> None:
    """Move an item one place up (-1) or down (+1); the items keep positions 1, 2, …"""
    session = lock_session(session.id)
    items = list(session.items)
    index = next((n for n, i in enumerate(items) if i.id == item_id), None)
    if index is None or step not in (-1, 1):
        raise DomainError(_("Dieser Tagesordnungspunkt gehört nicht zur Sitzung."))
    other = index + step
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    for position, item in enumerate(items, start=1):
        item.position = position
    flush_or_conflict()


def remove_item(session: CouncilSession, item_id: int) -> None:
    """Take an undecided item off the agenda (with any votes recorded for it)."""
    session = lock_session(session.id)
    item = _open_item(session, item_id)
    session.items.remove(item)
    for position, rest in enumerate(session.items, start=1):
        rest.position = position
    flush_or_conflict()


def _checked_votes(members: list[CouncilMember], votes: Mapping[str, str]) -> dict[str, str]:
    checked = {}
    for member in members:
        value = votes.get(member.key)
        if value not in SESSION_VOTE_VALUES:
            raise DomainError(
                _("Bitte erfassen Sie die Stimme von %(member)s.", member=member.name),
                field=f"vote_{member.key}",
            )
        checked[member.key] = value
    return checked


def record_votes(
    session: CouncilSession, item_id: int, actor: User, votes: Mapping[str, str]
) -> AgendaItem:
    """Record (or correct, before the outcome is confirmed) every voting member's vote."""
    session = lock_session(session.id)
    item = _open_item(session, item_id)
    members = outcome.voting_members()
    checked = _checked_votes(members, votes)
    item.votes.clear()
    flush_or_conflict()
    for member in members:
        item.votes.append(
            CouncilVote(
                member_id=member.id,
                vote=checked[member.key],
                cast_on=session.held_on,
                by_office=True,
                recorded_by_id=actor.id,
            )
        )
    flush_or_conflict()
    evaluation, table = outcome.evaluate_votes(checked, session.held_on, Procedure.SESSION)
    record = outcome.vote_record(
        Procedure.SESSION,
        outcome.vote_rows(members, checked),
        evaluation,
        table,
        outcome.Confirmation(outcome.suggested_outcome(evaluation)),
    )
    proposal = db.session.get(Proposal, item.proposal_id)
    inputs = outcome.history_inputs(record)
    inputs.pop("outcome")
    _log(item, proposal, actor, "session_votes_recorded", inputs)
    return item


def item_votes(item: AgendaItem) -> dict[str, str]:
    """The recorded votes of an item by member key."""
    return {vote.member.key: vote.vote for vote in item.votes}


def confirm_item(
    session: CouncilSession, item_id: int, actor: User, confirmation: outcome.Confirmation
) -> AgendaItem:
    """Confirm an item's outcome: adopted or rejected (a decision dated the session's day,
    with the next number) or postponed (the proposal may go on a later agenda)."""
    session = lock_session(session.id)
    item = _open_item(session, item_id)
    proposal = db.session.get(Proposal, item.proposal_id)
    if confirmation.outcome == Outcome.POSTPONED:
        item.outcome = Outcome.POSTPONED.value
        _log(item, proposal, actor, "agenda_item_postponed", {"reason": confirmation.reason})
        return item
    if session.held_on > today_berlin():
        raise ConflictError(_("Die Sitzung hat noch nicht stattgefunden."))
    votes = item_votes(item)
    if len(votes) < len(outcome.VOTING_KEYS):
        raise DomainError(_("Bitte erfassen Sie zuerst die Stimmen aller 17 Mitglieder."))
    evaluation, table = outcome.evaluate_votes(votes, session.held_on, Procedure.SESSION)
    outcome.check_confirmation(evaluation, confirmation)
    rows = outcome.vote_rows(outcome.voting_members(), votes)
    record = outcome.vote_record(Procedure.SESSION, rows, evaluation, table, confirmation)
    record["session"] = {"number": session.number, "agenda_item": item.position}
    decision = outcome.decide(
        proposal, actor, session.held_on, str(session.number), confirmation, record
    )
    item.outcome, item.decision_id = confirmation.outcome, decision.id
    flush_or_conflict()
    return item


def _log(
    item: AgendaItem, proposal: Proposal, actor: User, action: str, inputs: dict | None = None
) -> None:
    session = item.session or db.session.get(CouncilSession, item.session_id)
    append_event(
        proposal,
        actor,
        action,
        from_state=proposal.state,
        to_state=proposal.state,
        inputs={"session": session.number, "agenda_item": item.position, **(inputs or {})},
        body_id=proposal.body_id,
    )

"""Preparing a change of an established body: a proposal whose Steckbrief starts from the
version in force. Flush, never commit."""

from __future__ import annotations

import copy
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.audit.history import append_event
from app.domain import ConflictError, DomainError, PermissionDenied
from app.extensions import db
from app.formatting import today_berlin
from app.models import Body, Decision, Proposal, ProposalVersion, User
from app.models.decision import IN_FORCE_KINDS
from app.proposals.operations import insert_with_reference, sync_columns
from app.workflow.effects import DISSOLVED_BODY, lock_body
from workflows.changes import CHANGE_KIND_BY_KEY, OPEN_CHANGE_STATES, ChangeKind

NOT_OFFICE = _l("Nur die Geschäftsstelle kann Änderungen eines Gremiums vorbereiten.")
NO_STECKBRIEF = _l(
    "Für dieses Gremium liegt kein beschlossener Gremiensteckbrief vor. Bitte ändern Sie den "
    "Eintrag über „Eintrag bearbeiten“."
)
OPEN_CHANGE = _l(
    "Für dieses Gremium wird bereits eine Änderung vorbereitet (%(ref)s). Bitte setzen Sie "
    "diese fort, statt eine zweite zu beginnen."
)
BAD_KIND = _l("Bitte wählen Sie aus, was geändert werden soll.")


def decision_in_force(body_id: int) -> Decision | None:
    """The latest decision that put a version of the body's Steckbrief in force."""
    stmt = (
        select(Decision)
        .where(Decision.body_id == body_id, Decision.kind.in_(IN_FORCE_KINDS))
        .order_by(Decision.decided_on.desc(), Decision.id.desc())
        .limit(1)
    )
    return db.session.scalar(stmt)


def open_change(body_id: int) -> Proposal | None:
    """The change of this body in progress, if any."""
    stmt = select(Proposal).where(
        Proposal.target_body_id == body_id, Proposal.state.in_(OPEN_CHANGE_STATES)
    )
    return db.session.scalars(stmt).unique().first()


def change_kind(key: str | None) -> ChangeKind:
    """The change kind named by key; a DomainError (400) for anything else."""
    kind = CHANGE_KIND_BY_KEY.get(key or "")
    if kind is None:
        raise DomainError(str(BAD_KIND), field="change_kind")
    return kind


def check_changeable(body: Body, actor: User, today: date) -> Decision:
    """Raise unless the office may start a change of this body now; the decision in force."""
    if not actor.has_role("secretariat"):
        raise PermissionDenied(str(NOT_OFFICE))
    if body.is_dissolved(today) or body.dissolution_decided:
        raise ConflictError(str(DISSOLVED_BODY))
    decision = decision_in_force(body.id)
    if decision is None or decision.version_id is None:
        raise ConflictError(str(NO_STECKBRIEF))
    running = open_change(body.id)
    if running is not None:
        raise ConflictError(str(OPEN_CHANGE % {"ref": running.reference}))
    return decision


def _new_change(body: Body, actor: User, decision: Decision) -> Proposal:
    version = db.session.get(ProposalVersion, decision.version_id)
    content = copy.deepcopy(version.content or {})
    proposal = Proposal(
        owner=actor,
        content=content,
        target_body_id=body.id,
        amends_decision_id=decision.id,
    )
    sync_columns(proposal, content)
    return proposal


def start_change(
    body: Body, actor: User, kind_key: str | None, today: date | None = None
) -> tuple[Proposal, ChangeKind]:
    """A change draft of the body, owned by the acting office user, its Steckbrief a copy of
    the version in force. Two offices at once: the body's row lock makes the second wait and
    find the first's change (409); the unique index is the database's own guard."""
    kind = change_kind(kind_key)
    today = today or today_berlin()
    body = lock_body(body.id)
    decision = check_changeable(body, actor, today)
    proposal = _new_change(body, actor, decision)
    if not insert_with_reference(proposal, today.year):
        proposal = _new_change(body, actor, decision)
        if not insert_with_reference(proposal, today.year, retry=True):
            running = open_change(body.id)
            ref = running.reference if running else "–"
            raise ConflictError(str(OPEN_CHANGE % {"ref": ref}))
    inputs = {"change": kind.label, "body": body.name, "amends": decision.number}
    state = proposal.state
    append_event(proposal, actor, "change_started", from_state=state, to_state=state, inputs=inputs)
    db.session.flush()
    return proposal, kind


def changes_of(body: Body) -> list[Proposal]:
    """The change proposals of this body, newest first (for the office)."""
    stmt = select(Proposal).where(Proposal.target_body_id == body.id).order_by(Proposal.id.desc())
    return list(db.session.scalars(stmt).unique())


def message_started(proposal: Proposal) -> str:
    """The flash message after starting a change."""
    return _("Die Änderung %(ref)s wurde angelegt.", ref=proposal.reference)

"""What a transition changes besides the state: versions, approvals, remarks, bodies, decisions."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from app.audit.history import sha256_of
from app.conflicts import sqlite_write_lock
from app.domain import ConflictError
from app.extensions import db
from app.models import (
    Approval,
    Body,
    Decision,
    Proposal,
    ProposalVersion,
    SectionRemark,
    User,
)
from app.models.base import utcnow
from app.names import KEY_MAX_LENGTH, slugify
from app.registry.facts import apply_values, body_values
from app.workflow.decisions import parse_number


def freeze_version(proposal: Proposal, actor: User) -> ProposalVersion:
    """Snapshot the Steckbrief as the next immutable version."""
    content = copy.deepcopy(proposal.content or {})
    latest = proposal.latest_version
    version = ProposalVersion(
        number=(latest.number if latest else 0) + 1,
        content=content,
        sha256=sha256_of(content),
        created_by_id=actor.id,
        created_at=utcnow(),
    )
    proposal.versions.append(version)
    proposal.submitted_at = version.created_at
    return version


def record_approval(proposal: Proposal, actor: User, recommendation: str) -> Approval:
    """Record the actor's approval of the current version."""
    approval = Approval(
        proposal_id=proposal.id,
        version_id=proposal.latest_version.id,
        reviewer_id=actor.id,
        recommendation=recommendation,
    )
    db.session.add(approval)
    return approval


def reset_approvals(proposal: Proposal) -> None:
    """Referred back: the current version needs fresh approvals (the history keeps the old)."""
    db.session.execute(delete(Approval).where(Approval.version_id == proposal.latest_version.id))


def add_remarks(proposal: Proposal, actor: User, remarks: dict[str, str]) -> None:
    """Store one remark per section on the current version."""
    for section_key, text in remarks.items():
        db.session.add(
            SectionRemark(
                proposal_id=proposal.id,
                version_id=proposal.latest_version.id,
                section=section_key,
                author_id=actor.id,
                text=text,
            )
        )


def _unique_key(base: str) -> str:
    base = base[:KEY_MAX_LENGTH] or "gremium"
    key, counter = base, 1
    while db.session.scalar(select(Body.id).where(Body.key == key)) is not None:
        counter += 1
        key = f"{base[: KEY_MAX_LENGTH - 4]}-{counter}"
    return key


def create_body(proposal: Proposal, decided_on: date) -> Body:
    """Enter the established body in the registry, as the decided Steckbrief states it, and
    link it to the proposal."""
    values = body_values(_decided_content(proposal), decided_on)
    values["name"] = proposal.title or values["name"] or proposal.reference
    body = Body(
        key=_unique_key(slugify(f"{values['short_name'] or values['name']}-{proposal.reference}"))
    )
    apply_values(body, values)
    db.session.add(body)
    db.session.flush()
    proposal.body_id = body.id
    return body


def _decided_content(proposal: Proposal) -> dict[str, Any]:
    version = proposal.latest_version
    return (version.content if version else proposal.content) or {}


def lock_body(body_id: int) -> Body:
    """The body row, locked until commit (PostgreSQL: FOR UPDATE; SQLite: the write lock)."""
    sqlite_write_lock()
    stmt = (
        select(Body)
        .where(Body.id == body_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return db.session.scalars(stmt).one()


def apply_change(proposal: Proposal, decided_on: date, today: date) -> dict[str, Any]:
    """Put the decided change in force: the registry takes the body's fields from the new
    version; refused when the body was dissolved meanwhile."""
    body = lock_body(proposal.target_body_id)
    if body.is_dissolved(today) or body.dissolution_decided:
        raise ConflictError(str(DISSOLVED_BODY))
    changes = apply_values(body, body_values(_decided_content(proposal), decided_on))
    body.updated_at = utcnow()
    return changes


def end_body(proposal: Proposal, dissolved_on: date) -> None:
    """Dissolve the proposal's body: it stays in the registry with an end date."""
    if proposal.body is not None:
        proposal.body.end_date = dissolved_on
        proposal.body.open_ended = False


DISSOLVED_BODY = _l("Dieses Gremium ist aufgelöst; es kann nicht mehr geändert werden.")

# A published decision is titled by its topic, as the council's are ("Digitale
# Infrastruktur"); what it decides is in its text.
_DECISION_TITLES = {
    "establish": _l("%(name)s"),
    "decline": _l("Ablehnung des Antrags: %(name)s"),
    "change": _l("%(name)s"),
    "dissolve": _l("%(name)s"),
}


def record_decision(proposal: Proposal, kind: str, inputs: dict[str, Any]) -> Decision:
    """Store the council's decision with its number."""
    number = parse_number(inputs["decision_number"])
    decided_on = inputs.get("decision_date") or inputs.get("dissolution_date")
    body = proposal.body or proposal.target_body
    name = body.name if body else proposal.title or proposal.reference
    decision = Decision(
        number=str(number),
        year=number.year,
        sequence=number.sequence,
        decided_on=decided_on,
        session=inputs.get("session") or "",
        title=(str(_DECISION_TITLES[kind]) % {"name": name})[:300],
        text=inputs.get("decision_text") or inputs.get("reason") or "",
        kind=kind,
        proposal_id=proposal.id,
        version_id=proposal.latest_version.id if proposal.latest_version else None,
        body_id=proposal.body_id or proposal.target_body_id,
    )
    db.session.add(decision)
    return decision

"""Read-only queries of the documents area."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from math import ceil

from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    Approval,
    Body,
    Decision,
    IssuedDocument,
    Proposal,
    ProposalVersion,
    ResolutionDraft,
)
from app.models import decision as decision_rules
from workflows.proposal import ProposalState

# The one rule is Decision.is_public (app/models/decision.py); these name it for the views.
PUBLIC_DECISION_KINDS = frozenset(decision_rules.PUBLIC_DECISION_KINDS)
RESOLUTION_PAGE_SIZE = 50


def body_names(ids: set[int]) -> dict[int, str]:
    """Registry names by id."""
    if not ids:
        return {}
    return dict(db.session.execute(select(Body.id, Body.name).where(Body.id.in_(ids))).all())


def version_by_number(proposal: Proposal, number: int) -> ProposalVersion | None:
    """One frozen version of the proposal."""
    stmt = select(ProposalVersion).where(
        ProposalVersion.proposal_id == proposal.id, ProposalVersion.number == number
    )
    return db.session.scalar(stmt)


def approvals_of(version: ProposalVersion) -> list[Approval]:
    """The reviewers' approvals of a version, oldest first."""
    stmt = select(Approval).where(Approval.version_id == version.id).order_by(Approval.id)
    return list(db.session.scalars(stmt))


def resolution_draft(version: ProposalVersion) -> ResolutionDraft | None:
    """The office's edited Beschlussvorschlag for a version, if saved."""
    return db.session.scalar(
        select(ResolutionDraft).where(ResolutionDraft.version_id == version.id)
    )


def latest_issued(kind: str, proposal_id: int) -> IssuedDocument | None:
    """The newest issued document of a kind for a proposal."""
    stmt = (
        select(IssuedDocument)
        .where(IssuedDocument.kind == kind, IssuedDocument.proposal_id == proposal_id)
        .order_by(IssuedDocument.id.desc())
        .limit(1)
    )
    return db.session.scalar(stmt)


def issued_for_decision(decision: Decision) -> IssuedDocument | None:
    """The Beschluss PDF issued for a decision."""
    return db.session.scalar(
        select(IssuedDocument).where(IssuedDocument.decision_id == decision.id)
    )


def decision_by_number(number: str) -> Decision | None:
    """A decision by its canonical number YYYY/NN."""
    return db.session.scalar(select(Decision).where(Decision.number == number))


def decisions_of(proposal: Proposal) -> list[Decision]:
    """A proposal's decisions, oldest first."""
    stmt = select(Decision).where(Decision.proposal_id == proposal.id).order_by(Decision.id)
    return list(db.session.scalars(stmt))


def resolution_choices() -> list[tuple[int, str]]:
    """The proposals before the council as (id, "reference: title"), by reference.

    One statement over the three shown columns: the office picks a session's proposals from
    this list, and loading each as an object would read its whole Steckbrief as well.
    """
    stmt = (
        select(Proposal.id, Proposal.reference, Proposal.title)
        .where(Proposal.state == ProposalState.RESOLUTION.value)
        .order_by(Proposal.reference)
    )
    return [(row.id, f"{row.reference}: {row.title}") for row in db.session.execute(stmt)]


def proposals_in_resolution(ids: Iterable[int]) -> list[Proposal]:
    """The proposals with these ids that are before the council, by reference."""
    stmt = (
        select(Proposal)
        .where(Proposal.id.in_(list(ids)), Proposal.state == ProposalState.RESOLUTION.value)
        .order_by(Proposal.reference)
    )
    return list(db.session.scalars(stmt).unique())


@dataclass(frozen=True)
class ResolutionItem:
    """A proposal before the council, as the office's overview lists it."""

    id: int
    reference: str
    title: str


@dataclass(frozen=True)
class ResolutionPage:
    """One page of the proposals before the council, and how many there are."""

    items: list[ResolutionItem]
    number: int
    pages: int
    total: int


def resolution_page(number: int = 1) -> ResolutionPage | None:
    """One page of the proposals before the council, by reference; None if there is no such
    page. The count uses the (state, submitted_at) index; only the shown columns are read."""
    in_resolution = Proposal.state == ProposalState.RESOLUTION.value
    total = db.session.scalar(select(func.count()).select_from(Proposal).where(in_resolution)) or 0
    pages = max(ceil(total / RESOLUTION_PAGE_SIZE), 1)
    if number > pages:
        return None
    stmt = (
        select(Proposal.id, Proposal.reference, Proposal.title)
        .where(in_resolution)
        .order_by(Proposal.reference)
        .limit(RESOLUTION_PAGE_SIZE)
        .offset((number - 1) * RESOLUTION_PAGE_SIZE)
    )
    items = [ResolutionItem(*row) for row in db.session.execute(stmt)]
    return ResolutionPage(items, number, pages, total)


def issued_documents(limit: int = 200) -> list[IssuedDocument]:
    """The newest issued documents first."""
    stmt = select(IssuedDocument).order_by(IssuedDocument.id.desc()).limit(limit)
    return list(db.session.scalars(stmt))


def issued_for_proposal(proposal: Proposal) -> list[IssuedDocument]:
    """Every document issued for one proposal, newest first."""
    stmt = (
        select(IssuedDocument)
        .where(IssuedDocument.proposal_id == proposal.id)
        .order_by(IssuedDocument.id.desc())
    )
    return list(db.session.scalars(stmt))


def is_public_decision(decision: Decision) -> bool:
    """Beschlüsse establishing or dissolving a body are public (``Decision.is_public``)."""
    return decision.is_public


def published_beschluesse() -> list[tuple[Decision, IssuedDocument]]:
    """Issued Beschluss PDFs of established or dissolved bodies, newest decision first."""
    stmt = (
        select(Decision, IssuedDocument)
        .join(IssuedDocument, IssuedDocument.decision_id == Decision.id)
        .where(Decision.public())
        .order_by(Decision.year.desc(), Decision.sequence.desc())
    )
    return [(decision, document) for decision, document in db.session.execute(stmt)]


def amended_decision(proposal: Proposal, decision: Decision | None = None) -> Decision | None:
    """The earlier decision a document says it changes ("ändert Beschluss …"): a change
    proposal's decision in force when it began; a dissolution's, the body's decision in force
    before it."""
    if proposal.amends_decision_id is not None:
        return db.session.get(Decision, proposal.amends_decision_id)
    if decision is None or decision.kind != "dissolve" or decision.body_id is None:
        return None
    stmt = (
        select(Decision)
        .where(
            Decision.body_id == decision.body_id,
            Decision.kind.in_(decision_rules.IN_FORCE_KINDS),
            Decision.id != decision.id,
        )
        .order_by(Decision.decided_on.desc(), Decision.id.desc())
        .limit(1)
    )
    return db.session.scalar(stmt)


def version_content(version_id: int | None) -> dict:
    """The Steckbrief content of a version (empty when there is none)."""
    version = db.session.get(ProposalVersion, version_id) if version_id else None
    return (version.content or {}) if version else {}

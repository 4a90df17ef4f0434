"""Proposals in resolution and decided, built directly with the models (no other area's UI)."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime
from typing import Any

from app.audit.history import sha256_of
from app.extensions import db
from app.models import Approval, Body, Decision, Proposal, ProposalVersion, User
from tests.factories import make_user
from tests.factories_steckbrief import complete_steckbrief

_numbers = itertools.count(1)
FROZEN_AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def make_body(name: str = "IT-Planungsrat") -> Body:
    """A registry body (the Steckbrief's parent and related body)."""
    number = next(_numbers)
    body = Body(key=f"body-{number}", name=name, kind="gremium")
    db.session.add(body)
    db.session.flush()
    return body


def make_draft(owner: User, content: dict[str, Any] | None = None, **overrides) -> Proposal:
    """A proposal in draft, with a complete Steckbrief unless content is given."""
    content = content if content is not None else complete_steckbrief(body_id=make_body().id)
    master = content.get("master_data") or {}
    proposal = Proposal(
        reference=overrides.pop("reference", f"D-2026-{next(_numbers):04d}"),
        owner_id=owner.id,
        title=master.get("name") or "Ohne Titel",
        short_name=master.get("short_name"),
        kind=master.get("kind"),
        content=content,
        **overrides,
    )
    db.session.add(proposal)
    db.session.flush()
    return proposal


def freeze(proposal: Proposal, actor: User, moment: datetime = FROZEN_AT) -> ProposalVersion:
    """Freeze the proposal's content as its next version."""
    content = dict(proposal.content)
    version = ProposalVersion(
        number=len(proposal.versions) + 1,
        content=content,
        sha256=sha256_of(content),
        created_by_id=actor.id,
        created_at=moment,
    )
    proposal.versions.append(version)
    proposal.submitted_at = moment  # as the workflow's freeze_version does
    db.session.flush()
    return version


def approve(proposal: Proposal, reviewer: User, text: str) -> Approval:
    """A reviewer's approval of the latest version."""
    approval = Approval(
        proposal_id=proposal.id,
        version_id=proposal.latest_version.id,
        reviewer_id=reviewer.id,
        recommendation=text,
        created_at=datetime(2026, 3, 10, 8, 0, tzinfo=UTC),
    )
    db.session.add(approval)
    db.session.flush()
    return approval


def in_resolution(owner: User | None = None, content: dict | None = None, **overrides) -> dict:
    """A proposal in resolution: frozen version, two approvals; returns the cast by role."""
    owner = owner or make_user("applicant", name="Alex Antrag", organisation="Land Hessen")
    reviewers = [
        make_user("reviewer", name="Rita Prüfer", organisation="FITKO"),
        make_user("reviewer", name="Paul Prüfer", organisation="BMI"),
    ]
    proposal = make_draft(owner, content, **overrides)
    freeze(proposal, owner)
    approve(proposal, reviewers[0], "Vollständig; keine Überschneidung mit bestehenden Gremien.")
    approve(proposal, reviewers[1], "Empfehlung zur Einsetzung.")
    proposal.state = "resolution"
    db.session.commit()
    return {"proposal": proposal, "owner": owner, "reviewers": reviewers}


def decide(proposal: Proposal, kind: str = "establish", **fields) -> Decision:
    """Record a council decision and move the proposal to its state."""
    decision = Decision(
        number=fields.pop("number", "2023/41"),
        year=fields.pop("year", 2023),
        sequence=fields.pop("sequence", 41),
        decided_on=fields.pop("decided_on", date(2023, 11, 3)),
        session=fields.pop("session", "42"),
        title=fields.pop("title", proposal.title),
        text=fields.pop("text", ""),
        kind=kind,
        proposal_id=proposal.id,
        version_id=proposal.latest_version.id,
        **fields,
    )
    db.session.add(decision)
    proposal.state = {"establish": "established", "dissolve": "dissolved"}.get(kind, "rejected")
    db.session.commit()
    return decision


def established(**kwargs) -> dict:
    """A proposal whose body was established by Beschluss 2023/41."""
    cast = in_resolution(**kwargs)
    cast["decision"] = decide(cast["proposal"])
    return cast

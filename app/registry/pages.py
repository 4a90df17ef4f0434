"""What the registry's pages show: the body page's context and the form's choice lists."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.extensions import db
from app.formatting import german_date, today_berlin
from app.models import Body, Decision, IssuedDocument, Proposal
from app.models.proposal import STAFF_ROLES
from app.proposals.changes import (
    NO_STECKBRIEF,
    changes_of,
    decision_in_force,
    open_change,
)
from app.registry import display, queries
from app.security import acting_user
from app.topics.queries import current_topic_names
from app.workflow.effects import DISSOLVED_BODY
from workflows.proposal import ProposalState

# Display helpers of the registry templates (given to them by the blueprint).
HELPERS = {
    "time_limit_label": display.time_limit_label,
    "focus_label": display.focus_label,
    "category_label": display.category_label,
}


@dataclass(frozen=True)
class DecisionLine:
    """A council decision about a body: a stored Decision or a note from the reference data."""

    number: str
    date: str
    title: str
    pdf_url: str | None = None
    from_seed: bool = False


def decision_pdf_url(decision: Decision) -> str:
    """The URL of a decision's public Beschluss PDF (/dokumente/beschluesse/<YYYY-NN>.pdf)."""
    return url_for("documents.beschluss_pdf", slug=f"{decision.year}-{decision.sequence:02d}")


def _issued_decision_ids(decisions: list[Decision]) -> set[int]:
    """Decisions with an issued PDF (linked only then: no dead links)."""
    ids = [decision.id for decision in decisions]
    stmt = select(IssuedDocument.decision_id).where(IssuedDocument.decision_id.in_(ids))
    return set(db.session.scalars(stmt)) if ids else set()


def decision_lines(body: Body) -> list[DecisionLine]:
    """Stored decisions first, then the reference data's notes not stored as decisions."""
    decisions = queries.decisions_for(body)
    issued = _issued_decision_ids(decisions)
    lines = [
        DecisionLine(
            d.number,
            german_date(d.decided_on),
            d.title,
            decision_pdf_url(d) if d.id in issued else None,
        )
        for d in decisions
    ]
    stored = {line.number for line in lines}
    lines += [
        DecisionLine(note["number"], "", note["note"], from_seed=True)
        for note in queries.seed_decision_notes(body.key)
        if note["number"] not in stored
    ]
    return lines


@dataclass(frozen=True)
class VersionLine:
    """A version of the body's Steckbrief that was in force, with the decision behind it."""

    decision: DecisionLine
    kind: str
    reference: str
    version: int | None
    proposal_id: int | None
    in_force: bool


IN_FORCE_LABELS = {"establish": _l("Einsetzung"), "change": _l("Änderung")}


def version_lines(body: Body) -> list[VersionLine]:
    """Every version in force over the body's life, oldest first; the last one is current."""
    rows = queries.versions_in_force(body)
    issued = _issued_decision_ids([decision for decision, _ref, _number in rows])
    lines = []
    for position, (decision, reference, number) in enumerate(rows, start=1):
        line = DecisionLine(
            decision.number,
            german_date(decision.decided_on),
            decision.title,
            decision_pdf_url(decision) if decision.id in issued else None,
        )
        kind = str(IN_FORCE_LABELS.get(decision.kind, decision.kind))
        current = position == len(rows)
        lines.append(VersionLine(line, kind, reference, number, decision.proposal_id, current))
    return lines


def _dissolve_url(founding: Proposal | None) -> str | None:
    """The dissolution of a body established through a proposal: its ``dissolve`` action."""
    if founding is None or founding.state != ProposalState.ESTABLISHED.value:
        return None
    return url_for("workflow.fire_action", proposal_id=founding.id, trigger="dissolve")


def body_context(body: Body) -> dict[str, Any]:
    """What the body page shows: facts and the Steckbrief in force, parent and children,
    decisions, the versions in force, history; for the office its change tools."""
    proposal = queries.proposal_for_body(body)
    children = db.session.scalars(select(Body).where(Body.parent_id == body.id).order_by(Body.id))
    today = today_berlin()
    dissolved = body.is_dissolved(today) or body.dissolution_decided
    user = acting_user()
    staff = user.is_authenticated and user.has_role(*STAFF_ROLES)
    versions = version_lines(body)
    return {
        "body": body,
        "parent": body.parent,
        "children": list(display.body_entries(children, today).values()),
        "dissolved": body.is_dissolved(today),
        "decisions": decision_lines(body),
        "versions": versions,
        "history": display.history_lines(queries.history_for(body)),
        "editable": proposal is None,
        "founding": proposal if staff else None,
        "changes": [c for c in changes_of(body) if c.can_view(user)] if staff else [],
        "may_change": bool(versions) and not dissolved,  # a decided Steckbrief to start from
        "dissolve_url": _dissolve_url(proposal),
        "steckbrief_content": queries.content_in_force(body, proposal),
    }


def change_context(body: Body) -> dict[str, Any]:
    """The page that starts a change: the body, the change in progress, the way to dissolve
    it, and why no change can start (dissolved, no decided Steckbrief)."""
    founding = queries.proposal_for_body(body)
    refusal = None
    if body.is_dissolved(today_berlin()) or body.dissolution_decided:
        refusal = str(DISSOLVED_BODY)
    elif founding is None:
        refusal = str(NO_STECKBRIEF)
    running = open_change(body.id)
    return {
        "body": body,
        "refusal": refusal,
        "running": running,
        "in_force": decision_in_force(body.id),
        "dissolve_url": _dissolve_url(founding),
    }


def _descendant_ids(body: Body, parents: dict[int, int | None]) -> set[int]:
    """Ids of the body's sub-bodies at any depth (offering them would create a cycle)."""
    found: set[int] = set()
    changed = True
    while changed:
        changed = False
        for body_id, parent_id in parents.items():
            if body_id not in found and (parent_id == body.id or parent_id in found):
                found.add(body_id)
                changed = True
    return found


def body_form_choices(body: Body | None) -> tuple[list[str], list[tuple[int, str]]]:
    """The current focus topics (and the body's own, if retired meanwhile), and the bodies
    that may be the parent (not itself, not its sub-bodies)."""
    rows = db.session.execute(select(Body.id, Body.name, Body.parent_id).order_by(Body.name))
    rows = list(rows)
    excluded: set[int] = set()
    if body is not None:
        excluded = {body.id} | _descendant_ids(body, {r.id: r.parent_id for r in rows})
    parents = [(row.id, row.name) for row in rows if row.id not in excluded]
    topics = current_topic_names()
    own = display.focus_label(body) if body is not None else ""
    return topics + ([own] if own and own not in topics else []), parents

"""What the registry's pages show: the body page's context and the form's choice lists."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import url_for
from sqlalchemy import select

from app.extensions import db
from app.formatting import german_date, today_berlin
from app.models import Body, Decision, IssuedDocument
from app.registry import display, queries
from app.topics.queries import current_topic_names

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


def body_context(body: Body) -> dict[str, Any]:
    """What the body page shows: facts or Steckbrief, parent and children, decisions,
    history, and whether the office may edit it (not when a proposal created it)."""
    proposal = queries.proposal_for_body(body)
    children = db.session.scalars(select(Body).where(Body.parent_id == body.id).order_by(Body.id))
    today = today_berlin()
    return {
        "body": body,
        "parent": body.parent,
        "children": list(display.body_entries(children, today).values()),
        "dissolved": body.is_dissolved(today),
        "decisions": decision_lines(body),
        "history": display.history_lines(queries.history_for(body)),
        "editable": proposal is None,
        "steckbrief_content": queries.decided_content(proposal) if proposal else None,
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

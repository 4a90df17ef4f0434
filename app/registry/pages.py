"""What the registry's pages show: the body page's context and the form's choice lists."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, url_for
from sqlalchemy import select
from werkzeug.routing import BuildError

from app.extensions import db
from app.models import Body, Decision, IssuedDocument
from app.registry import display, page_cache, queries

STECKBRIEF_PARTIAL = "proposals/_steckbrief.html"
# Display helpers of the registry templates (the frames get them from the blueprint's context
# processor, the shared parts as arguments).
HELPERS = {
    "date_de": display.date_de,
    "time_limit_label": display.time_limit_label,
    "focus_label": display.focus_label,
    "category_label": display.category_label,
}
# The documents area's public Beschluss PDF (/dokumente/beschluesse/<YYYY-NN>.pdf).
PDF_ENDPOINTS = ("documents.public_decision", "documents.beschluss_pdf")


@dataclass(frozen=True)
class DecisionLine:
    """A council decision about a body: a stored Decision or a note from the reference data."""

    number: str
    date: str
    title: str
    pdf_url: str | None = None
    from_seed: bool = False


def _pdf_endpoint() -> str | None:
    return next((e for e in PDF_ENDPOINTS if e in current_app.view_functions), None)


def decision_pdf_url(decision: Decision) -> str | None:
    """The URL of a decision's public PDF, if the documents area offers that page."""
    endpoint = _pdf_endpoint()
    if endpoint is None:
        return None
    rule = next(iter(current_app.url_map.iter_rules(endpoint)), None)
    if rule is None or len(rule.arguments) != 1:
        return None
    value = f"{decision.year}-{decision.sequence:02d}"
    try:
        return url_for(endpoint, **{next(iter(rule.arguments)): value})
    except BuildError:
        return None


def _issued_decision_ids(decisions: list[Decision]) -> set[int]:
    """Decisions with an issued PDF (linked only then: no dead links)."""
    ids = [decision.id for decision in decisions]
    stmt = select(IssuedDocument.decision_id).where(IssuedDocument.decision_id.in_(ids))
    return set(db.session.scalars(stmt)) if ids else set()


def decision_lines(body: Body) -> list[DecisionLine]:
    """Stored decisions first, then the reference data's notes not stored as decisions."""
    decisions = queries.decisions_for(body)
    issued = _issued_decision_ids(decisions) if _pdf_endpoint() else set()
    lines = [
        DecisionLine(
            d.number,
            display.date_de(d.decided_on),
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


def _steckbrief_partial() -> str | None:
    loader = current_app.jinja_env.loader
    return STECKBRIEF_PARTIAL if STECKBRIEF_PARTIAL in loader.list_templates() else None


def body_parts(body: Body) -> dict:
    """The body page's shared parts (the same for every visitor), and what its frame needs:
    the body's key and whether the office may edit it (not when a proposal created it)."""
    proposal = queries.proposal_for_body(body)
    partial = _steckbrief_partial() if proposal else None
    children = db.session.scalars(select(Body).where(Body.parent_id == body.id).order_by(Body.id))
    today = queries.today_berlin()
    parts = page_cache.render_parts(
        "registry/_body_parts.html",
        **HELPERS,
        body=body,
        parent=body.parent,
        children=list(display.body_entries(children, today).values()),
        dissolved=body.is_dissolved(today),
        decisions=decision_lines(body),
        history=display.history_lines(queries.history_for(body)),
        proposal=proposal,
        steckbrief_partial=partial,
        steckbrief_content=queries.decided_content(proposal) if partial else None,
    )
    return {**parts, "key": body.key, "editable": proposal is None}


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
    """Focus topics, and the bodies that may be the parent (not itself, not its sub-bodies)."""
    rows = db.session.execute(select(Body.id, Body.name, Body.parent_id).order_by(Body.name))
    rows = list(rows)
    excluded: set[int] = set()
    if body is not None:
        excluded = {body.id} | _descendant_ids(body, {r.id: r.parent_id for r in rows})
    parents = [(row.id, row.name) for row in rows if row.id not in excluded]
    return queries.known_focus_topics(), parents

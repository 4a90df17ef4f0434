"""Proposals put into a state directly in the live app's database, for browser tests."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from app.extensions import db
from app.models import Body, Proposal, User
from app.workflow import operations
from tests.factories_motion import give_motion
from tests.workflow.helpers import make_proposal


def proposal_in(
    app: Flask, state: str, owner_id: int, reviewer_ids: tuple[int, ...] = (), **inputs
) -> tuple[int, str]:
    """A complete proposal of the owner, taken to ``state`` ("draft", "review",
    "resolution", "returned" or "rejected"); returns its id and reference."""
    with app.app_context():
        owner = db.session.get(User, owner_id)
        parent = db.session.scalars(select(Body).order_by(Body.id)).first()
        proposal = make_proposal(owner, parent)
        if state != "draft":
            operations.submit_proposal(proposal, owner)
        reviewers = [db.session.get(User, reviewer_id) for reviewer_id in reviewer_ids]
        if state == "returned":
            comment = inputs.get("comment", "Bitte die Ziele messbar fassen.")
            operations.return_proposal(proposal, reviewers[0], {"comment": comment})
        if state == "rejected":
            reason = inputs.get("reason", "Die AG Cloud deckt diesen Auftrag bereits ab.")
            operations.reject_proposal(proposal, reviewers[0], {"reason": reason})
        if state == "resolution":
            for reviewer in reviewers:
                operations.approve_proposal(proposal, reviewer, {"recommendation": "Empfohlen."})
            give_motion(proposal, owner)  # the Bund moves it: the council may decide
        db.session.commit()
        found = (proposal.id, proposal.reference)
        db.session.remove()
    return found


def partial_draft(app: Flask, owner_id: int, sections: int) -> int:
    """A draft whose first ``sections`` sections are filled in (the rest empty)."""
    with app.app_context():
        owner = db.session.get(User, owner_id)
        parent = db.session.scalars(select(Body).order_by(Body.id)).first()
        proposal = make_proposal(owner, parent)
        proposal.content = dict(list(proposal.content.items())[:sections])
        db.session.commit()
        found = proposal.id
        db.session.remove()
    return found


def resubmit_with_new_mandate(app: Flask, proposal_id: int, owner_id: int, mandate: str) -> None:
    """The owner changes the mandate of a returned draft and submits it again."""
    with app.app_context():
        owner = db.session.get(User, owner_id)
        proposal = db.session.get(Proposal, proposal_id)
        content = {key: dict(value) for key, value in proposal.content.items()}
        content["mandate"]["mandate"] = mandate
        proposal.content = content
        operations.submit_proposal(proposal, owner)
        db.session.commit()
        db.session.remove()

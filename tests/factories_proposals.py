"""Factories for proposals (Gremiensteckbriefe), built through the real operations."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from app.extensions import db
from app.models.body import Body
from app.models.proposal import Proposal
from app.models.user import User
from app.proposals import operations
from app.proposals.forms import stored_as_input
from app.proposals.schema import STEPS, step
from app.registry.seed import load_seed_bodies
from tests.factories_steckbrief import complete_steckbrief


def seed_registry() -> dict[str, int]:
    """Load the reference bodies; returns their ids by key."""
    load_seed_bodies()
    return {body.key: body.id for body in db.session.scalars(select(Body))}


def step_input(content: dict[str, Any], step_key: str) -> MultiDict:
    """A stored Steckbrief's sections of one step as the form input a user would send."""
    return stored_as_input(content, step(step_key))


def make_proposal(owner: User, content: dict[str, Any] | None = None) -> Proposal:
    """A draft of ``owner``, its content saved step by step through ``save_step``."""
    proposal = operations.create_proposal(owner)
    for spec in STEPS if content else ():
        if any(key in content for key in spec.sections):
            raw = step_input(content, spec.key)
            errors = operations.save_step(proposal, owner, spec.key, raw, proposal.lock_version)
            assert errors == {}, errors
    return proposal


def make_complete_proposal(owner: User, bodies: dict[str, int], **kwargs) -> Proposal:
    """A complete Projektgruppe draft whose parent and related body is the IT-Planungsrat."""
    content = complete_steckbrief(body_id=bodies["it-planungsrat"], **kwargs)
    return make_proposal(owner, content)

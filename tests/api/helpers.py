"""Test data for the API tests: seeded registry, decisions, proposals, tokens."""

from __future__ import annotations

import itertools
from datetime import date

from sqlalchemy import event

from app.api.tokens import issue_token
from app.extensions import db
from app.models import Decision, Proposal, User
from app.models.base import utcnow
from app.registry.seed import load_seed_bodies

_numbers = itertools.count(1)


def seed_registry() -> None:
    """The 24 reference bodies, committed."""
    load_seed_bodies()
    db.session.commit()


def make_decision(number: str, decided_on: date, body_id: int | None = None) -> Decision:
    """A council decision row, committed."""
    year, sequence = number.split("/")
    decision = Decision(
        number=number,
        year=int(year),
        sequence=int(sequence),
        decided_on=decided_on,
        session="42",
        title=f"Beschluss {number}",
        text="Der IT-Planungsrat beschließt …",
        kind="establish",
        body_id=body_id,
    )
    db.session.add(decision)
    db.session.commit()
    return decision


def make_proposal(owner: User, state: str, title: str | None = None) -> Proposal:
    """A proposal row in the given state, committed (the workflow is tested elsewhere);
    any state but a draft was reached through a submission."""
    number = next(_numbers)
    proposal = Proposal(
        reference=f"GS-T-{number:04d}",
        owner=owner,
        state=state,
        title=title or f"Antrag {number}",
        content={},
        submitted_at=None if state == "draft" else utcnow(),
    )
    db.session.add(proposal)
    db.session.commit()
    return proposal


def token_for(user: User) -> str:
    """Issue a token for the user and return its plaintext."""
    issued = issue_token(user=user, name="Test", actor=user)
    db.session.commit()
    return issued.plaintext


def bearer(token: str) -> dict[str, str]:
    """The Authorization header for a token."""
    return {"Authorization": f"Bearer {token}"}


class QueryCounter:
    """Counts SQL statements sent to the engine while active."""

    def __init__(self, engine) -> None:
        self.engine = engine
        self.count = 0

    def _count(self, *args, **kwargs) -> None:
        self.count += 1

    def __enter__(self) -> QueryCounter:
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *exc) -> None:
        event.remove(self.engine, "before_cursor_execute", self._count)

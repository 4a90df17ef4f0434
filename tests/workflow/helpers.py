"""Builders for workflow tests: a parent body, proposals in any state, the cast of users."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date
from functools import cache

from app.extensions import db
from app.models import Body, Proposal, User
from app.models.user import _hasher
from app.workflow import operations
from tests.factories import DEFAULT_PASSWORD, give_second_factor
from tests.factories_motion import give_motion
from tests.factories_steckbrief import complete_steckbrief

_references = itertools.count(1)


@cache
def _password_hash() -> str:
    """argon2 is slow on purpose: hash the test password once per run."""
    return _hasher.hash(DEFAULT_PASSWORD)


def make_user(*roles: str) -> User:
    """An active user with roles who signs in with DEFAULT_PASSWORD (fast: shared hash)."""
    number = next(_references)
    user = User(
        email=f"wf{number}@verwaltung.example.org",
        name=f"Person {number}",
        organisation="Testbehörde",
        password_hash=_password_hash(),
    )
    user.set_roles(set(roles or ("applicant",)))
    db.session.add(user)
    db.session.flush()
    if user.requires_second_factor:
        give_second_factor(user)
    return user


def make_parent_body() -> Body:
    """A body to report to (the Steckbrief's parent and related body)."""
    body = Body(key=f"it-planungsrat-{next(_references)}", name="IT-Planungsrat", kind="gremium")
    db.session.add(body)
    db.session.flush()
    return body


def make_proposal(owner: User, parent: Body, kind: str = "projektgruppe", **overrides) -> Proposal:
    """A complete draft owned by owner."""
    content = complete_steckbrief(kind, parent.id)
    master = content["master_data"]
    proposal = Proposal(
        reference=overrides.pop("reference", f"A-2026-{next(_references):04d}"),
        owner_id=owner.id,
        title=master["name"],
        short_name=master["short_name"],
        kind=kind,
        focus_topic=master["focus_topic"],
        parent_body_id=parent.id,
        end_date=date(2027, 12, 31) if kind == "projektgruppe" else None,
        open_ended=kind != "projektgruppe",
        content=content,
        **overrides,
    )
    db.session.add(proposal)
    db.session.flush()
    return proposal


@dataclass
class Cast:
    """Everyone who may touch a proposal."""

    owner: User
    reviewer1: User
    reviewer2: User
    reviewer_owner: User
    office: User
    outsider: User
    parent: Body


def make_cast() -> Cast:
    """The owner, two reviewers, a reviewer who applies, the office, an outsider."""
    return Cast(
        owner=make_user("applicant"),
        reviewer1=make_user("reviewer"),
        reviewer2=make_user("reviewer"),
        reviewer_owner=make_user("reviewer", "applicant"),
        office=make_user("secretariat"),
        outsider=make_user("applicant"),
        parent=make_parent_body(),
    )


ESTABLISH = {
    "decision_number": "2026/07",
    "decision_date": date(2026, 3, 17),
    "session": "42",
    "decision_text": "Der IT-Planungsrat beschließt die Einsetzung der Projektgruppe.",
}


def to_review(proposal: Proposal, cast: Cast) -> Proposal:
    """Submit the draft."""
    operations.submit_proposal(proposal, cast.owner)
    return proposal


def to_resolution(proposal: Proposal, cast: Cast) -> Proposal:
    """Submit, approve twice, with the Bund's motion (the council may decide on it)."""
    to_review(proposal, cast)
    give_motion(proposal, cast.owner)
    operations.approve_proposal(proposal, cast.reviewer1, {"recommendation": "Empfohlen."})
    operations.approve_proposal(
        proposal, cast.reviewer2, {"recommendation": "Ebenfalls empfohlen."}
    )
    return proposal


def to_established(proposal: Proposal, cast: Cast, **inputs) -> Proposal:
    """All the way to an established body."""
    to_resolution(proposal, cast)
    operations.establish_body(proposal, cast.office, {**ESTABLISH, **inputs})
    return proposal

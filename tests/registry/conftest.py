"""Fixtures of the registry tests: the seeded registry, the office, proposal-made bodies."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
import tinyhtml5

from app.audit.history import sha256_of
from app.extensions import db as _db
from app.models import Body, Decision, Proposal, ProposalVersion, User
from app.registry.seed import load_seed_bodies
from tests.factories_steckbrief import complete_steckbrief

XHTML = "{http://www.w3.org/1999/xhtml}"
_numbers = itertools.count(1)


@pytest.fixture
def seeded(db):
    """The reference registry from seed_bodies.json, committed."""
    load_seed_bodies()
    db.session.commit()
    return {body.key: body.id for body in db.session.scalars(_db.select(Body))}


@pytest.fixture
def office(user_factory):
    """A secretariat user (committed)."""
    return user_factory("secretariat")


@pytest.fixture
def office_web(web, office):
    """The form helper, signed in as the office."""
    web.login(office)
    return web


def add_body(key: str, **fields) -> Body:
    """A body with sensible defaults, flushed."""
    values = {"name": key.replace("-", " ").title(), "kind": "arbeitsgruppe", **fields}
    body = Body(key=key, **values)
    _db.session.add(body)
    _db.session.flush()
    return body


def add_proposal_body(owner: User, parent: Body | None = None, **fields) -> Body:
    """A body established through a proposal, with its frozen version and decision."""
    number = next(_numbers)
    body = add_body(f"pg-aus-antrag-{number}", kind="projektgruppe", **fields)
    content = complete_steckbrief("projektgruppe", parent.id if parent else body.id)
    proposal = Proposal(
        reference=f"R-2026-{number:04d}",
        owner_id=owner.id,
        state="established",
        title=body.name,
        kind="projektgruppe",
        content=content,
        body_id=body.id,
    )
    _db.session.add(proposal)
    _db.session.flush()
    version = ProposalVersion(
        proposal_id=proposal.id,
        number=1,
        content=content,
        sha256=sha256_of(content),
        created_by_id=owner.id,
    )
    _db.session.add(version)
    _db.session.flush()
    proposal.submitted_at = version.created_at  # as the workflow's freeze_version does
    _db.session.add(
        Decision(
            number=f"2026/{number + 10:02d}",
            year=2026,
            sequence=number + 10,
            decided_on=date(2026, 3, 17),
            session="42",
            title=body.name,
            text="Der IT-Planungsrat beschließt die Einsetzung.",
            kind="establish",
            proposal_id=proposal.id,
            version_id=version.id,
            body_id=body.id,
        )
    )
    _db.session.flush()
    return body


def parse_html(html: str):
    """The page as an ElementTree (XHTML namespace)."""
    return tinyhtml5.parse(html)


def element_by_id(root, element_id: str):
    """The element with this id, or None."""
    for element in root.iter():
        if element.get("id") == element_id:
            return element
    return None


def text_of(element) -> str:
    """All text inside an element, whitespace collapsed."""
    return " ".join("".join(element.itertext()).split())

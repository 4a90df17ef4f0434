"""Fixtures of the workflow tests."""

from __future__ import annotations

import pytest

from tests.workflow.helpers import make_cast, make_proposal


@pytest.fixture
def cast(db):
    """The cast of users and a parent body, committed."""
    people = make_cast()
    db.session.commit()
    return people


@pytest.fixture
def proposal(db, cast):
    """A complete draft of cast.owner, committed."""
    draft = make_proposal(cast.owner, cast.parent)
    db.session.commit()
    return draft


@pytest.fixture(autouse=True)
def _no_overlap_check(app):
    """Tests submit near-identical Steckbriefe; the overlap rule has its own test."""
    app.config["OVERLAP_THRESHOLD"] = 1000

"""Fixtures of the API tests."""

from __future__ import annotations

import pytest

from tests.api.helpers import seed_registry


@pytest.fixture
def registry(db):
    """The seeded registry of bodies."""
    seed_registry()

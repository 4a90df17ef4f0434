"""Fixtures of the API tests."""

from __future__ import annotations

import pytest

from tests.api.helpers import seed_registry
from tests.workflow.conftest import _no_overlap_check, cast, proposal  # noqa: F401


@pytest.fixture
def registry(db):
    """The seeded registry of bodies."""
    seed_registry()

"""Fixtures of the picture tests: the seeded registry and the office (from the registry's)."""

from __future__ import annotations

from tests.registry.conftest import office, office_web, seeded  # noqa: F401 (fixtures)

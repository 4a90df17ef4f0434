"""Fixtures of the documents tests: the cast of a proposal in resolution and of a decided one."""

from __future__ import annotations

import pytest

from tests.documents import factories


@pytest.fixture
def resolution(db):
    """A proposal in resolution with a frozen version and two approvals."""
    return factories.in_resolution()


@pytest.fixture
def decided(db):
    """A proposal whose body was established by Beschluss 2023/41 (42. Sitzung, 03.11.2023)."""
    return factories.established()


@pytest.fixture
def office(user_factory):
    """A member of the Geschäftsstelle."""
    return user_factory("secretariat", name="Gabi Geschäftsstelle", organisation="FITKO")

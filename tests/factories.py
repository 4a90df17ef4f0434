"""Factories for test objects, built through the real operations."""

from __future__ import annotations

import itertools

from app.admin import operations as accounts
from app.models.user import User

DEFAULT_PASSWORD = "Richtig-Langes-Passwort-1"
_counter = itertools.count(1)


def make_user(*roles: str, email: str | None = None, name: str | None = None, **kwargs) -> User:
    """A new active user holding the given roles (default: applicant)."""
    number = next(_counter)
    return accounts.create_user(
        email=email or f"person{number}@verwaltung.example.org",
        name=name or f"Person {number}",
        organisation=kwargs.pop("organisation", "Testbehörde"),
        password=kwargs.pop("password", DEFAULT_PASSWORD),
        roles=roles or ("applicant",),
    )

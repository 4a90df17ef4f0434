"""Fixtures of the security suites: one shared world per module, built once."""

from __future__ import annotations

import pytest

from app import create_app
from app.documents import operations
from app.extensions import db as _db
from app.extensions import limiter
from config import TestingConfig
from tests.conftest import IsolatedClient, _clear_tables
from tests.security.world import build_world, signed_in_clients


def _memoised(render):
    """The real renderer, remembering each distinct document: the matrix asks for the same
    PDFs thousands of times, and rendering is deterministic (tests/documents proves it)."""
    cache: dict = {}

    def render_once(html, attachments=()):
        key = (html, tuple(attachments))
        if key not in cache:
            cache[key] = render(html, attachments)
        return cache[key]

    return render_once


@pytest.fixture(scope="module")
def shared_app(database_uri, _schema):
    """One app and database for a whole module; real PDFs, each distinct one rendered once."""
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=database_uri)
    app.test_client_class = IsolatedClient
    # Near-identical Steckbriefe on purpose: the overlap rule has its own tests.
    app.config["OVERLAP_THRESHOLD"] = 1000
    # Thousands of requests from one address: the API's rate limit is tested in tests/api.
    app.config["API_RATE_LIMIT"] = "100000 per minute"
    with pytest.MonkeyPatch.context() as patch, app.app_context():
        patch.setattr(operations, "render_pdf", _memoised(operations.render_pdf))
        limiter.reset()
        yield app
        _db.session.remove()
        _clear_tables()
        _db.engine.dispose()


@pytest.fixture(scope="module")
def world(shared_app):
    """Users, proposals in every state, documents, bodies and API tokens."""
    return build_world()


@pytest.fixture(scope="module")
def callers(shared_app, world):
    """One signed-in client per caller."""
    return signed_in_clients(shared_app, world)

"""Shared fixtures: app, isolated database, client and a login helper."""

from __future__ import annotations

import os
import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import create_engine, event, text

from app import create_app
from app.extensions import db as _db
from app.extensions import limiter
from app.models import DocumentKind, IssuedDocument, ProposalVersion
from config import TestingConfig, database_url
from tests.factories import DEFAULT_PASSWORD, fresh_totp_code, make_user

SECOND_FACTOR_URL = "/anmelden/code"
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@pytest.fixture(scope="session")
def database_uri(tmp_path_factory) -> str:
    """PostgreSQL when TEST_DATABASE_URL is set, otherwise a real SQLite file."""
    url = database_url(os.environ.get("TEST_DATABASE_URL"))
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


@pytest.fixture
def empty_database_uri(tmp_path):
    """A database nobody has touched: a new SQLite file, or a new PostgreSQL database."""
    server = database_url(os.environ.get("TEST_DATABASE_URL"))
    if not server:
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    name = f"gp_empty_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield server.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def _schema(database_uri):
    """Create the schema once per test session."""
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=database_uri)
    with app.app_context():
        _db.drop_all()
        _db.create_all()
    yield
    with app.app_context():
        _db.drop_all()
        _db.engine.dispose()


def _clear_tables() -> None:
    """Empty every table, children first."""
    if _db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in _db.metadata.sorted_tables)
        _db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in reversed(_db.metadata.sorted_tables):
            _db.session.execute(table.delete())
    _db.session.commit()


class IsolatedClient(FlaskClient):
    """A test client whose every request runs in its own app context, as in production.

    Without this, requests would share the test's app context: its ``g`` (cached user,
    CSRF token) and its database session would leak from one request into the next.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def app(database_uri, _schema):
    """A fresh app per test on an emptied database."""
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=database_uri)
    app.test_client_class = IsolatedClient
    with app.app_context():
        limiter.reset()
        yield app
        _db.session.remove()
        _clear_tables()
        _db.engine.dispose()


@pytest.fixture
def db(app):
    """The database handle, inside the app context."""
    return _db


@pytest.fixture
def client(app):
    """A test client (CSRF protection stays on, as in production)."""
    return app.test_client()


def csrf_from(html: str) -> str:
    """The CSRF token of the first form in a page."""
    match = CSRF_RE.search(html)
    assert match, "page has no CSRF token"
    return match.group(1)


class Browserless:
    """Helpers to drive forms through the test client, with real CSRF tokens."""

    def __init__(self, client) -> None:
        self.client = client

    def token(self, url: str) -> str:
        """Fetch a page and return its CSRF token."""
        return csrf_from(self.client.get(url).get_data(as_text=True))

    def post(self, url: str, data: dict | None = None, *, form_url: str | None = None, **kwargs):
        """POST to url with the CSRF token of form_url (default: url itself)."""
        payload = {"csrf_token": self.token(form_url or url), **(data or {})}
        return self.client.post(url, data=payload, **kwargs)

    def login(self, user_or_email, password: str = DEFAULT_PASSWORD):
        """Sign in through the login form, and with the second factor where the password
        step asks for it (the code the user's app would show); returns the last response."""
        email = getattr(user_or_email, "email", user_or_email)
        response = self.post("/anmelden", {"email": email, "password": password})
        if response.status_code == 302 and response.headers["Location"] == SECOND_FACTOR_URL:
            response = self.post(SECOND_FACTOR_URL, {"code": fresh_totp_code(email)})
        return response

    def logout(self):
        """Sign out through the form in the page header."""
        return self.post("/abmelden", form_url="/")


@pytest.fixture
def web(client) -> Browserless:
    """Form helper bound to the test client."""
    return Browserless(client)


@pytest.fixture
def user_factory(db):
    """Create users with roles; committed so that requests see them."""

    def factory(*roles: str, **kwargs):
        user = make_user(*roles, **kwargs)
        db.session.commit()
        return user

    return factory


# The test world's dates: proposals are submitted and their Vorlagen issued on this day, so the
# fixed decision dates of 2026 the tests record (e.g. 17.03.2026) follow them, as the date
# rules of app/council/dates.py demand. A test of those rules sets its own times after insert.
WORLD_SUBMITTED_AT = datetime(2026, 1, 2, 9, 0, tzinfo=UTC)


def _date_the_world(_mapper, _connection, target) -> None:
    """Move a version or Vorlage stamped now to WORLD_SUBMITTED_AT; a chosen time stays."""
    if not isinstance(target, ProposalVersion) and target.kind != DocumentKind.VORLAGE.value:
        return
    stamped = target.created_at
    if stamped is not None and stamped.tzinfo is None:
        stamped = stamped.replace(tzinfo=UTC)
    if stamped is None or abs(datetime.now(UTC) - stamped) < timedelta(minutes=5):
        target.created_at = WORLD_SUBMITTED_AT


@pytest.fixture(scope="session", autouse=True)
def _world_dates():
    """Date new versions and Vorlagen on WORLD_SUBMITTED_AT for the whole test session."""
    for model in (ProposalVersion, IssuedDocument):
        event.listen(model, "before_insert", _date_the_world)
    yield
    for model in (ProposalVersion, IssuedDocument):
        event.remove(model, "before_insert", _date_the_world)

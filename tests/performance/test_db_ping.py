"""Pooled connections are tested only after an idle spell; a signed-in page costs one round trip.

On PostgreSQL the round trips are read from libpq's own protocol trace of the pooled
connection: every exchange with the server ends with a ReadyForQuery message from it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from sqlalchemy import create_engine, text

from app import create_app
from app.extensions import db as _db
from config import TestingConfig
from tests import pg_trace
from tests.conftest import Browserless, IsolatedClient

PING = 'Query ";"'  # psycopg's ping: an empty statement


@pytest.fixture
def app_with_ping(database_uri):
    """Make a second app on the test database with the given idle threshold."""
    made = []

    def make(seconds: int):
        other = create_app(
            TestingConfig, SQLALCHEMY_DATABASE_URI=database_uri, DATABASE_PING_AFTER_IDLE=seconds
        )
        other.test_client_class = IsolatedClient
        made.append(other)
        return other

    yield make
    for other in made:
        with other.app_context():
            _db.engine.dispose()


def _signed_in(other, user) -> Browserless:
    web = Browserless(other.test_client())
    assert web.login(user).status_code == 302
    web.client.get("/impressum")  # the first page may store the CSRF token in the session
    return web


def _one_pooled_connection(other):
    """Empty the pool, then open and return exactly one connection; its DBAPI connection."""
    with other.app_context():
        _db.engine.dispose()
        with _db.engine.connect() as connection:
            return connection.connection.dbapi_connection


def test_a_recently_used_connection_is_not_pinged(app, app_with_ping, user_factory):
    other = app_with_ping(3600)
    web = _signed_in(other, user_factory("secretariat"))
    dbapi = _one_pooled_connection(other)
    if _db.engine.dialect.name == "sqlite":
        statements: list[str] = []
        dbapi.set_trace_callback(statements.append)
        assert web.client.get("/impressum").status_code == 200
        dbapi.set_trace_callback(None)
        assert len(statements) == 1 and "user_roles" in statements[0], statements
        return
    assert _db.engine.dialect.name == "postgresql"
    with pg_trace.pg_trace(dbapi) as lines:
        page = web.client.get("/impressum")
    assert page.status_code == 200
    assert "Beschlussfassung" in page.get_data(as_text=True)  # the user and roles were loaded
    # The user's SELECT, sent outside a transaction: no ping, no BEGIN, no COMMIT.
    exchanges = pg_trace.exchanges(lines)
    assert len(exchanges) == 1, exchanges
    assert exchanges[0][1] == "I"


def _sqlite_trace(dbapi) -> list[str]:
    statements: list[str] = []
    dbapi.set_trace_callback(statements.append)
    return statements


def test_a_read_page_sends_its_reads_without_a_transaction(app, app_with_ping, user_factory):
    other = app_with_ping(3600)
    web = _signed_in(other, user_factory("applicant"))
    dbapi = _one_pooled_connection(other)
    if _db.engine.dialect.name == "sqlite":
        statements = _sqlite_trace(dbapi)
        assert web.client.get("/meine-antraege").status_code == 200
        dbapi.set_trace_callback(None)
        assert len(statements) == 2, statements  # the user, then the page
        assert not any(sql.split()[0].upper() in ("BEGIN", "COMMIT") for sql in statements)
        return
    with pg_trace.pg_trace(dbapi) as lines:
        assert web.client.get("/meine-antraege").status_code == 200
    exchanges = pg_trace.exchanges(lines)
    # The user, then the page's one statement: each a round trip of its own, outside a
    # transaction (no BEGIN, no COMMIT, no ping).
    assert len(exchanges) == 2, exchanges
    assert all(status == "I" for _sent, status in exchanges), exchanges
    assert not any("BEGIN" in sent or "COMMIT" in sent for sent, _status in exchanges)
    # Afterwards the connection is transactional again, as SQLAlchemy expects.
    assert dbapi.autocommit is False


def test_a_request_that_writes_still_commits_one_transaction(app, app_with_ping, user_factory):
    other = app_with_ping(3600)
    web = _signed_in(other, user_factory("applicant"))
    form = web.client.get("/antraege/neu")  # also warms the connection
    assert form.status_code == 200
    dbapi = _one_pooled_connection(other)
    if _db.engine.dialect.name == "sqlite":
        statements = _sqlite_trace(dbapi)
        assert web.post("/antraege/neu").status_code == 302
        dbapi.set_trace_callback(None)
        verbs = [sql.split()[0].upper() for sql in statements]
        assert "INSERT" in verbs and verbs[-1] == "COMMIT", verbs
        assert verbs.count("COMMIT") == 1, verbs
        return
    with pg_trace.pg_trace(dbapi) as lines:
        assert web.post("/antraege/neu").status_code == 302
    exchanges = pg_trace.exchanges(lines)
    begins = [i for i, (sent, _status) in enumerate(exchanges) if sent == 'Query "BEGIN"']
    assert len(begins) == 1, exchanges
    assert exchanges[-1] == ('Query "COMMIT"', "I"), exchanges
    # Everything from BEGIN to COMMIT ran inside the one transaction.
    assert all(status == "T" for _sent, status in exchanges[begins[0] : -1]), exchanges
    assert dbapi.autocommit is False


def test_a_connection_killed_while_idle_is_replaced(app, app_with_ping, user_factory, database_uri):
    other = app_with_ping(1)
    web = _signed_in(other, user_factory("applicant"))
    dbapi = _one_pooled_connection(other)
    if _db.engine.dialect.name == "sqlite":
        # SQLite files cannot be disconnected: no ping, even after an idle spell.
        statements: list[str] = []
        dbapi.set_trace_callback(statements.append)
        time.sleep(1.1)
        assert web.client.get("/impressum").status_code == 200
        dbapi.set_trace_callback(None)
        assert len(statements) == 1 and "user_roles" in statements[0], statements
        return
    assert _db.engine.dialect.name == "postgresql"
    pid = dbapi.info.backend_pid
    admin = create_engine(database_uri)
    try:
        with admin.connect() as connection:
            connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            for _ in range(100):  # the server ends the backend asynchronously
                gone = connection.execute(
                    text("SELECT count(*) = 0 FROM pg_stat_activity WHERE pid = :pid"),
                    {"pid": pid},
                ).scalar()
                connection.rollback()
                if gone:
                    break
                time.sleep(0.05)
            assert gone
    finally:
        admin.dispose()
    time.sleep(1.1)  # idle for longer than the threshold
    with pg_trace.pg_trace(dbapi) as lines:
        response = web.client.get("/impressum")
    assert response.status_code == 200
    assert "Meine Anträge" in response.get_data(as_text=True)
    assert lines[0].endswith('\tQuery\t ";"'), lines  # the dead connection was tested ...
    assert dbapi.closed  # ... and discarded
    with other.app_context(), _db.engine.connect() as connection:
        assert connection.connection.dbapi_connection.info.backend_pid != pid


def test_an_idle_connection_is_pinged_once_then_used(app, app_with_ping, user_factory):
    other = app_with_ping(1)
    web = _signed_in(other, user_factory("applicant"))
    dbapi = _one_pooled_connection(other)
    if _db.engine.dialect.name == "sqlite":
        return  # covered above: never a ping on SQLite
    time.sleep(1.1)
    with pg_trace.pg_trace(dbapi) as lines:
        assert web.client.get("/impressum").status_code == 200
        assert web.client.get("/impressum").status_code == 200  # used moments ago: no ping
    exchanges = pg_trace.exchanges(lines)
    assert [sent for sent, _status in exchanges].count(PING) == 1, exchanges
    assert len(exchanges) == 3, exchanges  # the ping, then one SELECT per page


def test_the_threshold_comes_from_the_environment():
    def configured(value: str | None) -> str:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_PING_AFTER_IDLE"}
        if value is not None:
            env["DATABASE_PING_AFTER_IDLE"] = value
        code = "import config; print(config.Config.DATABASE_PING_AFTER_IDLE)"
        return subprocess.run(  # noqa: S603 - our interpreter, a fixed command
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        ).stdout.strip()

    assert configured("5") == "5"
    assert configured("0") == "0"
    assert configured(None) == "30"
    assert "pool_pre_ping" not in TestingConfig.SQLALCHEMY_ENGINE_OPTIONS

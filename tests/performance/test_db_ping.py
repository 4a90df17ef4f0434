"""A dead pooled database connection is replaced before use (SQLAlchemy's pool_pre_ping).

On PostgreSQL the test kills the pooled connection's server process from another
connection (as a database restart or a dropped idle connection would); the next request
must still succeed on a new connection. SQLite files cannot be disconnected: there the
test checks that the option is configured.
"""

from __future__ import annotations

import time

from sqlalchemy import create_engine, text

from app.extensions import db
from config import Config, TestingConfig
from tests.conftest import Browserless


def _terminate(database_uri: str, pid: int) -> None:
    """End the server process `pid` from a connection of its own; wait until it is gone."""
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
                    return
                time.sleep(0.05)
        raise AssertionError(f"backend {pid} still running")
    finally:
        admin.dispose()


def _pooled_backend_pid() -> int:
    """Empty the pool, then open and return exactly one connection; its server pid."""
    db.engine.dispose()
    with db.engine.connect() as connection:
        return connection.connection.dbapi_connection.info.backend_pid


def test_a_dead_pooled_connection_is_replaced(app, user_factory, database_uri):
    assert Config.SQLALCHEMY_ENGINE_OPTIONS == {"pool_pre_ping": True}
    assert TestingConfig.SQLALCHEMY_ENGINE_OPTIONS["pool_pre_ping"] is True
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"]["pool_pre_ping"] is True
    if db.engine.dialect.name == "sqlite":
        return
    assert db.engine.dialect.name == "postgresql"
    web = Browserless(app.test_client())
    assert web.login(user_factory("applicant")).status_code == 302
    db.session.remove()
    pid = _pooled_backend_pid()
    _terminate(database_uri, pid)

    response = web.client.get("/impressum")
    assert response.status_code == 200
    assert "Meine Anträge" in response.get_data(as_text=True)  # still signed in
    with db.engine.connect() as connection:
        assert connection.connection.dbapi_connection.info.backend_pid != pid

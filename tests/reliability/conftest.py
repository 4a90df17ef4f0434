"""Reliability tests: the real app under gunicorn, an SMTP server on loopback."""

from __future__ import annotations

import pytest

from bench.reliability_load import Inbox, Server, SmtpServer


@pytest.fixture
def inbox():
    """An SMTP server on loopback that counts messages by Message-ID; stopped afterwards."""
    box = Inbox()
    server = SmtpServer(box).start()
    box.server = server
    yield box
    server.stop()


@pytest.fixture
def live_url(app, database_uri) -> str:
    """The database URL the gunicorn subprocess uses: the test database, as plain text."""
    return app.config["SQLALCHEMY_DATABASE_URI"]


@pytest.fixture(scope="module")
def race_server(database_uri, _schema):
    """gunicorn with 2 workers on the suite's database, started once per module; an SMTP
    server on loopback takes what the requests send."""
    smtp = SmtpServer(Inbox()).start()
    server = Server(database_uri, smtp.port, workers=2).start()
    yield server
    server.stop()
    smtp.stop()

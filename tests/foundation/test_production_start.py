"""The production configuration starts under gunicorn: a page, a sign-in, rate limits in Redis.

As an operator would: ``flask db upgrade`` and ``flask users create`` on a new PostgreSQL
database, then gunicorn with 2 workers (bench/server.py's helper) with
``GREMIENPORTAL_CONFIG=production`` and ``RATELIMIT_STORAGE_URI=redis://...``. The database
is a scratch one on the server of ``TEST_DATABASE_URL`` (the suite's own database holds the
schema without the migrations' history), or on postgresql://postgres@127.0.0.1:5432 when
that is not set: the test runs on the SQLite pass too. Redis is the one on 127.0.0.1:6379
(`.ci/run` starts it); the test uses database 11 of its own and empties it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
import redis
from sqlalchemy import create_engine, text

from bench.load import Request, send
from bench.reliability_load import CSRF_RE
from bench.scenarios import COOKIE, session_cookie
from bench.server import HOST, SECRET_KEY, Gunicorn
from config import database_url

ROOT = Path(__file__).resolve().parents[2]
POSTGRES_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
REDIS_URL = "redis://127.0.0.1:6379/11"  # a Redis database of this test's own
EMAIL = "betrieb@example.org"
PASSWORD = "Produktions-Passwort-1"  # a test account on a scratch database
LIMIT = 3


@pytest.fixture
def scratch_postgres() -> Iterator[str]:
    """A new, empty PostgreSQL database (URL); dropped afterwards."""
    server = database_url(os.environ.get("TEST_DATABASE_URL") or POSTGRES_SERVER)
    assert server.startswith("postgresql"), "TEST_DATABASE_URL must name a PostgreSQL server"
    name = f"gp_production_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def limiter_redis() -> Iterator[redis.Redis]:
    """This test's Redis database, empty before and after."""
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


@pytest.fixture
def production(scratch_postgres, limiter_redis, monkeypatch) -> Iterator[Gunicorn]:
    """The migrated database with one account, served by gunicorn in production mode."""
    monkeypatch.setenv("GREMIENPORTAL_CONFIG", "production")
    monkeypatch.setenv("SECRET_KEY", SECRET_KEY)
    monkeypatch.setenv("DATABASE_URL", scratch_postgres)
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", REDIS_URL)
    monkeypatch.setenv("LOGIN_RATE_LIMIT", f"{LIMIT} per minute")
    flask_cli("db", "upgrade")
    role = ("--role", "applicant", "--password", PASSWORD)
    flask_cli("users", "create", "--email", EMAIL, "--name", "Betriebs Test", *role)
    with Gunicorn(scratch_postgres, workers=2) as server:
        yield server


def flask_cli(*args: str) -> None:
    """Run the app's command line (the venv's flask) in this environment; it must succeed."""
    command = [str(Path(sys.executable).with_name("flask")), "--app", "app", *args]
    done = subprocess.run(  # noqa: S603 - our venv's flask, fixed arguments
        command, cwd=ROOT, capture_output=True, text=True, timeout=180, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


class Visitor:
    """A browser's cookie handling over plain HTTP: keeps the session cookie it is given."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookie: str | None = None

    def request(self, method: str, path: str, fields: dict | None = None):
        """Send one request; returns status, body text and headers (lower-case names)."""
        headers = {"Cookie": f"{COOKIE}={self.cookie}"} if self.cookie else {}
        body = urlencode(fields).encode() if fields is not None else None
        status, data, answer = send(HOST, self.port, Request(method, path, body, headers))
        self.cookie = session_cookie(answer.get("set-cookie")) or self.cookie
        return status, data.decode(), answer

    def sign_in(self, password: str):
        """The sign-in form, filled in with its CSRF token and sent."""
        status, page, _headers = self.request("GET", "/anmelden")
        assert status == 200
        token = CSRF_RE.search(page).group(1)
        fields = {"csrf_token": token, "email": EMAIL, "password": password}
        return self.request("POST", "/anmelden", fields)


def _workers(master: int) -> set[int]:
    """The process ids of the gunicorn master's workers."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text()
    return {int(pid) for pid in children.split()}


def _replace_workers(server: Gunicorn) -> None:
    """SIGHUP: gunicorn starts new workers and stops the old ones; wait until it has."""
    before = _workers(server.process.pid)
    server.process.send_signal(signal.SIGHUP)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        now = _workers(server.process.pid)
        if len(now) == 2 and not now & before:
            return
        time.sleep(0.2)
    raise AssertionError(f"workers not replaced: {before} -> {now}")


def test_page_sign_in_and_rate_limit_in_redis(production, limiter_redis):
    status, page, _headers = Visitor(production.port).request("GET", "/")
    assert status == 200
    assert "Gremienportal" in page

    member = Visitor(production.port)
    status, _page, headers = member.sign_in(PASSWORD)
    assert status == 302, production.log_tail()
    assert headers["location"] == "/"
    status, page, _headers = member.request("GET", "/")
    assert status == 200
    assert "Betriebs Test" in page and "Abmelden" in page

    # Failed attempts count in Redis, whichever worker answers them.
    for _ in range(LIMIT):
        assert Visitor(production.port).sign_in("falsch-falsch-falsch")[0] == 401
    keys = [key.decode() for key in limiter_redis.keys("*")]
    account = [key for key in keys if f"login-account:{EMAIL}" in key]
    assert len(account) == 1, keys
    assert int(limiter_redis.get(account[0])) == LIMIT

    # New worker processes (empty memory) still refuse: the counter lives in Redis.
    _replace_workers(production)
    for _ in range(4):
        status, page, _headers = Visitor(production.port).sign_in(PASSWORD)
        assert status == 429
        assert "Zu viele Versuche" in page

"""Browser suite harness: a live server on SQLite and session-wide headless Chromium.

Fixtures
    live_server        session: ``.url`` (http://127.0.0.1:<port>) and ``.app``
    account            function: ``account(*roles, **kwargs) -> Account(email, password, name, id)``
    browser            session: Chromium (``CHROMIUM_PATH``, default /usr/bin/chromium)
    new_context        function: ``new_context(**kwargs) -> BrowserContext`` (one per role)
    page               function: a page in a fresh context

Every context has ``base_url`` set to the live server and locale de-DE. At teardown a test
fails if a console message mentions the Content Security Policy, a page threw a JavaScript
error, or a request went to a host other than 127.0.0.1 (those requests are aborted).
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Playwright, Route, sync_playwright
from werkzeug.serving import make_server

from app import create_app
from app.extensions import db
from app.registry.seed import load_seed_bodies
from config import TestingConfig
from tests.browser.helpers import AXE_PATH, SECOND_FACTOR_CODES
from tests.factories import DEFAULT_PASSWORD, fresh_totp_code, make_user

HERE = Path(__file__).resolve().parent
CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
LOOPBACK = "127.0.0.1"
# Matched inside the Playwright driver: loopback requests never wait for Python.
NOT_LOOPBACK = re.compile(r"^(?!https?://127\.0\.0\.1(?:[:/]|$))")
TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(config, items) -> None:
    """Mark every test under tests/browser with ``browser``."""
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


@dataclass(frozen=True)
class LiveServer:
    """The app served over HTTP in a background thread."""

    url: str
    app: Flask


@dataclass(frozen=True)
class Account:
    """A user created in the live app's database, with its plain password."""

    email: str
    password: str
    name: str
    id: int


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[LiveServer]:
    """The app on a real SQLite file (also when TEST_DATABASE_URL is set), schema and registry."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no access log per request
    database = tmp_path_factory.mktemp("browser-db") / "browser.sqlite3"
    app = create_app(
        TestingConfig,
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}",
        LOGIN_RATE_LIMIT="1000 per minute",
    )
    with app.app_context():
        db.create_all()
        load_seed_bodies()
        db.session.commit()
    server = make_server(LOOPBACK, 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(url=f"http://{LOOPBACK}:{server.server_port}", app=app)
    finally:
        server.shutdown()
        thread.join(timeout=5)
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def account(live_server) -> Callable[..., Account]:
    """Create an active user with roles (default: applicant) in the live app's database."""

    def create(*roles: str, password: str = DEFAULT_PASSWORD, **kwargs) -> Account:
        with live_server.app.app_context():
            user = make_user(*roles, password=password, **kwargs)
            db.session.commit()
            created = Account(email=user.email, password=password, name=user.name, id=user.id)
            enrolled = user.has_second_factor
            db.session.remove()
        if enrolled:
            SECOND_FACTOR_CODES[created.email] = lambda: _code_for(live_server.app, created.email)
        return created

    return create


def _code_for(app: Flask, email: str) -> str:
    with app.app_context():
        return fresh_totp_code(email)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    """The Playwright driver (sync API); uses the system Chromium, never downloads one."""
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright) -> Iterator[Browser]:
    """Headless Chromium, shared by the whole session."""
    if not Path(CHROMIUM_PATH).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM_PATH} (set CHROMIUM_PATH)")
    if not AXE_PATH.exists():
        pytest.fail(f"axe-core not found at {AXE_PATH} (run npm install)")
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@dataclass
class _Watch:
    """What the contexts of one test did that must fail it."""

    csp_messages: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)

    def on_console(self, message) -> None:
        if "content security policy" in message.text.lower():
            self.csp_messages.append(f"{message.type}: {message.text}")

    def on_page_error(self, error) -> None:
        self.page_errors.append(str(error))

    def on_route(self, route: Route) -> None:
        url = route.request.url
        if urlsplit(url).hostname == LOOPBACK:  # only if NOT_LOOPBACK ever lets one through
            route.continue_()
        else:
            self.foreign_requests.append(url)
            route.abort("blockedbyclient")

    def problems(self) -> list[str]:
        return (
            [f"CSP console message: {text}" for text in self.csp_messages]
            + [f"JavaScript error: {text}" for text in self.page_errors]
            + [f"request to a foreign host (aborted): {url}" for url in self.foreign_requests]
        )


@pytest.fixture
def new_context(browser, live_server) -> Iterator[Callable[..., BrowserContext]]:
    """Factory for browser contexts (one per role/person); closed and checked at teardown."""
    watch = _Watch()
    contexts: list[BrowserContext] = []

    def create(**kwargs) -> BrowserContext:
        options = {"base_url": live_server.url, "locale": "de-DE", **kwargs}
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        context.on("console", watch.on_console)
        context.on("weberror", lambda web_error: watch.on_page_error(web_error.error))
        context.route(NOT_LOOPBACK, watch.on_route)
        contexts.append(context)
        return context

    yield create
    for context in contexts:
        context.close()
    problems = watch.problems()
    if problems:
        pytest.fail("Browser problems during the test:\n" + "\n".join(problems))


@pytest.fixture
def page(new_context):
    """A page in a fresh context (de-DE, base_url = live server)."""
    return new_context().new_page()

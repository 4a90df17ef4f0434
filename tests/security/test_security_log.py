"""Security event log and structured logs (issue #7): events, request IDs, JSON lines, no secrets.

The records are taken from the real logging stack: a handler attached to the loggers formats
every record with both of the app's formatters, as production would write them.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import re
import sys
import time

import pytest
from sqlalchemy import select

from app import create_app
from app.api.tokens import revoke_token
from app.logging_setup import JsonFormatter, LineBreakFilter, RequestIdFilter, TextFormatter
from app.models import ApiToken, User
from app.security_events import SECURITY_LOGGER, security_event
from config import ProductionConfig, TestingConfig
from tests.api.helpers import bearer, make_proposal, token_for
from tests.factories import DEFAULT_PASSWORD

HEX32 = re.compile(r"[0-9a-f]{32}")
NEW_PASSWORD = "Ganz-Neues-Passwort-2026"
CONTEXT_FIELDS = ("request_id", "client", "method", "path")


class Recorder(logging.Handler):
    """Keeps every record and its formatted text in both formats."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []
        self.lines: list[str] = []
        self.addFilter(RequestIdFilter())
        self.addFilter(LineBreakFilter())

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
        self.lines.append(JsonFormatter().format(record))
        self.lines.append(TextFormatter().format(record))

    def events(self, name: str) -> list[dict]:
        """The JSON objects of the events with this name."""
        entries = [json.loads(line) for line in self.lines if line.startswith("{")]
        return [entry for entry in entries if entry.get("event") == name]

    def one(self, name: str) -> dict:
        found = self.events(name)
        assert len(found) == 1, (name, [e.get("event") for e in self.all_events()])
        return found[0]

    def all_events(self) -> list[dict]:
        return [json.loads(line) for line in self.lines if line.startswith('{"ts"')]


@pytest.fixture
def log(app):
    """Every record of the app and security loggers (and their children) during the test."""
    recorder = Recorder()
    loggers = (app.logger, SECURITY_LOGGER, logging.getLogger("flask_limiter"))
    for logger in loggers:
        logger.addHandler(recorder)
    yield recorder
    for logger in loggers:
        logger.removeHandler(recorder)


def _assert_context(entry: dict, response, path: str, method: str = "GET") -> None:
    assert entry["request_id"] == response.headers["X-Request-ID"]
    assert entry["client"] == "127.0.0.1"
    assert entry["method"] == method
    assert entry["path"] == path


# --- request IDs ------------------------------------------------------------------------------


def test_every_response_gets_a_fresh_request_id(client):
    first = client.get("/anmelden").headers["X-Request-ID"]
    second = client.get("/gibt-es-nicht").headers["X-Request-ID"]
    assert HEX32.fullmatch(first) and HEX32.fullmatch(second)
    assert first != second


def test_a_well_formed_incoming_request_id_is_echoed(client):
    response = client.get("/anmelden", headers={"X-Request-ID": "lb-4711.abc_DEF"})
    assert response.headers["X-Request-ID"] == "lb-4711.abc_DEF"


@pytest.mark.parametrize(
    "hostile",
    [
        "abcdefgh\r\nSet-Cookie: x=1",
        "abcdefgh\nINFO FAKE",
        "<script>alert(1)</script>",
        "a" * 65,
        "kurz",
        "mit leerzeichen 123",
        "",
    ],
)
def test_a_hostile_incoming_request_id_is_replaced(client, hostile):
    # environ_base: the test client would refuse CR/LF in a header; a raw server would not.
    response = client.get("/anmelden", environ_base={"HTTP_X_REQUEST_ID": hostile})
    assert HEX32.fullmatch(response.headers["X-Request-ID"])


def test_static_assets_carry_a_request_id(client):
    page = client.get("/gremien/").get_data(as_text=True)
    asset = re.search(r'<link[^>]*href="(/[^"]+\.css[^"]*)"', page).group(1)
    response = client.get(asset.replace("&amp;", "&"))
    assert response.status_code == 200
    assert HEX32.fullmatch(response.headers["X-Request-ID"])


def test_app_log_records_carry_the_request_id(app, client, log):
    @app.get("/_log-probe")
    def probe():
        app.logger.warning("Probe")
        return "ok"

    response = client.get("/_log-probe", headers={"X-Request-ID": "probe-12345678"})
    probe_line = next(json.loads(line) for line in log.lines if '"Probe"' in line)
    assert response.headers["X-Request-ID"] == "probe-12345678"
    assert probe_line["request_id"] == "probe-12345678"
    assert probe_line["logger"] == app.logger.name and probe_line["level"] == "WARNING"


# --- sign-in, sign-out, passwords -------------------------------------------------------------


def test_failed_sign_in_of_a_known_account_names_the_account_by_id(web, user_factory, log):
    user = user_factory()
    response = web.post("/anmelden", {"email": user.email, "password": "falsch-falsch"})
    assert response.status_code == 401
    entry = log.one("login_failed")
    assert entry["reason"] == "wrong_password" and entry["account_id"] == user.id
    assert entry["level"] == "WARNING" and entry["logger"] == "gremienportal.security"
    _assert_context(entry, response, "/anmelden", "POST")
    assert "user_id" not in entry  # nobody is signed in
    assert not any(user.email in line for line in log.lines)


def test_failed_sign_in_of_an_unknown_name_keeps_only_a_keyed_reference(web, log):
    typed = "Mein-Passwort-Im-Falschen-Feld@x.example.org"
    for _attempt in range(2):
        web.post("/anmelden", {"email": typed, "password": "egal-egal-egal"})
    first, second = log.events("login_failed")
    assert first["reason"] == "unknown_account" and "account_id" not in first
    assert re.fullmatch(r"[0-9a-f]{16}", first["account_ref"])
    assert first["account_ref"] == second["account_ref"]  # repeated attempts can be told apart
    assert first["account_ref"] not in hashlib.sha256(typed.lower().encode()).hexdigest()
    assert not any(typed.lower() in line.lower() for line in log.lines)


def test_sign_in_of_a_deactivated_account_is_logged_as_such(web, db, user_factory, log):
    user = user_factory()
    user.active = False
    db.session.commit()
    assert web.login(user).status_code == 401
    assert log.one("login_failed")["reason"] == "inactive_account"


def test_sign_in_and_sign_out_are_logged_with_the_user(web, user_factory, log):
    user = user_factory()
    response = web.login(user)
    assert response.status_code == 302
    entry = log.one("login_succeeded")
    assert entry["user_id"] == user.id and entry["level"] == "INFO"
    _assert_context(entry, response, "/anmelden", "POST")
    response = web.logout()
    assert response.status_code == 302
    entry = log.one("logout")
    assert entry["user_id"] == user.id
    _assert_context(entry, response, "/abmelden", "POST")


def test_throttled_sign_in_is_logged(web, user_factory, log):
    user = user_factory()
    for _attempt in range(5):
        web.post("/anmelden", {"email": user.email, "password": "falsch-falsch"})
    response = web.login(user)
    assert response.status_code == 429
    entry = log.one("login_throttled")
    _assert_context(entry, response, "/anmelden", "POST")
    assert len(log.events("login_failed")) == 5
    assert not log.events("login_succeeded")


def test_password_change_and_wrong_current_password_are_logged(web, user_factory, log):
    user = user_factory()
    web.login(user)
    url = "/konto/passwort"
    wrong = {"current_password": "nicht-das-aktuelle", "new_password": NEW_PASSWORD}
    refused = web.post(url, {**wrong, "confirm_password": NEW_PASSWORD})
    assert refused.status_code == 400
    failed = log.one("password_change_failed")
    assert failed["user_id"] == user.id and failed["reason"] == "wrong_current_password"
    right = {"current_password": DEFAULT_PASSWORD, "new_password": NEW_PASSWORD}
    response = web.post(url, {**right, "confirm_password": NEW_PASSWORD})
    assert response.status_code == 302
    entry = log.one("password_changed")
    assert entry["user_id"] == user.id
    _assert_context(entry, response, url, "POST")


def test_throttled_password_change_is_logged(web, user_factory, log):
    user = user_factory()
    web.login(user)
    url = "/konto/passwort"
    wrong = {"current_password": "nicht-das-aktuelle", "new_password": NEW_PASSWORD}
    for _attempt in range(5):
        assert web.post(url, {**wrong, "confirm_password": NEW_PASSWORD}).status_code == 400
    right = {"current_password": DEFAULT_PASSWORD, "new_password": NEW_PASSWORD}
    response = web.post(url, {**right, "confirm_password": NEW_PASSWORD})
    assert response.status_code == 429
    entry = log.one("password_change_throttled")
    assert entry["user_id"] == user.id and entry["level"] == "WARNING"
    _assert_context(entry, response, url, "POST")
    assert len(log.events("password_change_failed")) == 5
    assert not log.events("password_changed")


# --- refusals by status -----------------------------------------------------------------------


def test_forbidden_page_is_logged_as_access_denied(web, client, user_factory, log):
    user = user_factory("applicant")
    web.login(user)
    response = client.get("/verwaltung/benutzer")
    assert response.status_code == 403
    entry = log.one("access_denied")
    assert entry["user_id"] == user.id and entry["level"] == "WARNING"
    _assert_context(entry, response, "/verwaltung/benutzer")


def test_missing_object_is_logged_but_an_unknown_url_is_not(web, client, user_factory, log):
    admin = user_factory("admin")
    web.login(admin)
    response = client.get("/verwaltung/benutzer/987654")
    assert response.status_code == 404
    entry = log.one("object_not_found")
    assert entry["user_id"] == admin.id
    assert entry["view_args"] == {"user_id": 987654}  # the object, apart from the actor
    _assert_context(entry, response, "/verwaltung/benutzer/987654")
    assert client.get("/gibt-es-nicht/987654").status_code == 404
    assert len(log.events("object_not_found")) == 1


def test_missing_api_object_is_logged(client, log):
    response = client.get("/api/v1/bodies/424242")
    assert response.status_code == 404
    assert log.one("object_not_found")["view_args"] == {"body_id": 424242}


def test_missing_csrf_token_is_logged(client, user_factory, log):
    user = user_factory()
    response = client.post("/anmelden", data={"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 400
    entry = log.one("csrf_failed")
    assert "CSRF" in entry["reason"]
    _assert_context(entry, response, "/anmelden", "POST")
    assert not any(DEFAULT_PASSWORD in line for line in log.lines)


def test_api_rate_limit_is_logged(app, client, log):
    app.config["API_RATE_LIMIT"] = "1 per minute"
    assert client.get("/api/v1/bodies").status_code == 200
    response = client.get("/api/v1/bodies")
    assert response.status_code == 429
    _assert_context(log.one("rate_limited"), response, "/api/v1/bodies")


# --- API tokens -------------------------------------------------------------------------------


def test_token_use_is_logged_by_token_and_user_id(client, db, user_factory, log):
    user = user_factory("applicant")
    url = f"/api/v1/proposals/{make_proposal(user, 'review').id}"
    token = token_for(user)
    token_id = db.session.scalars(select(ApiToken.id)).one()
    response = client.get(url, headers=bearer(token))
    assert response.status_code == 200
    entry = log.one("api_token_used")
    assert entry["token_id"] == token_id and entry["user_id"] == user.id
    _assert_context(entry, response, url)


def test_token_user_without_the_role_is_logged_as_access_denied(client, user_factory, log):
    user = user_factory("admin")  # no role that may read proposals
    response = client.get("/api/v1/proposals", headers=bearer(token_for(user)))
    assert response.status_code == 403
    assert log.one("access_denied")["user_id"] == user.id


@pytest.mark.parametrize(
    ("headers", "reason"),
    [({}, "missing"), (bearer("gp_erfunden-aber-gut-geformt-123456"), "unknown")],
)
def test_missing_or_forged_token_is_rejected_without_its_value(client, log, headers, reason):
    response = client.get("/api/v1/proposals", headers=headers)
    assert response.status_code == 401
    entry = log.one("api_token_rejected")
    assert entry["reason"] == reason and "token_id" not in entry
    _assert_context(entry, response, "/api/v1/proposals")
    forged = "gp_erfunden-aber-gut-geformt-123456"
    digest = hashlib.sha256(forged.encode()).hexdigest()
    assert not any(forged in line or digest in line for line in log.lines)


def test_revoked_token_is_rejected_by_its_id(client, db, user_factory, log):
    user = user_factory("reviewer")
    token = token_for(user)
    stored = db.session.scalars(select(ApiToken)).one()
    revoke_token(stored)
    db.session.commit()
    assert client.get("/api/v1/proposals", headers=bearer(token)).status_code == 401
    entry = log.one("api_token_rejected")
    assert entry["reason"] == "revoked" and entry["token_id"] == stored.id
    assert entry["account_id"] == user.id


# --- administration ---------------------------------------------------------------------------


def test_admin_account_and_token_actions_are_logged(web, client, db, user_factory, log):
    admin = user_factory("admin")
    web.login(admin)
    created = web.post(
        "/verwaltung/benutzer/neu",
        {
            "email": "neu@verwaltung.example.org",
            "name": "Nora Person",  # no word of the name may be in the password
            "password": NEW_PASSWORD,
            "roles": ["applicant"],
        },
    )
    assert created.status_code == 302
    account = db.session.scalars(select(User).where(User.email.like("neu@%"))).one()
    entry = next(e for e in log.events("account_created") if e["account_id"] == account.id)
    assert entry["user_id"] == admin.id
    assert entry["roles"] == ["applicant"]

    edit_url = f"/verwaltung/benutzer/{account.id}"
    edited = web.post(edit_url, {"name": "Nora Person", "roles": ["applicant", "reviewer"]})
    assert edited.status_code == 302
    entry = log.one("roles_changed")
    assert entry["roles_before"] == ["applicant"] and entry["roles"] == ["applicant", "reviewer"]
    assert entry["account_id"] == account.id and entry["user_id"] == admin.id

    toggled = web.post(f"{edit_url}/aktiv", form_url="/verwaltung/benutzer")
    assert toggled.status_code == 302
    assert log.one("account_deactivated")["account_id"] == account.id

    issued = web.post("/verwaltung/api-tokens/neu", {"name": "Auswertung", "user_id": admin.id})
    assert issued.status_code == 200
    token_id = db.session.scalars(select(ApiToken.id)).one()
    entry = log.one("token_created")
    assert entry["token_id"] == token_id and entry["account_id"] == admin.id
    revoke_url = f"/verwaltung/api-tokens/{token_id}/widerrufen"
    assert web.post(revoke_url).status_code == 302
    entry = log.one("token_revoked")
    assert entry["token_id"] == token_id and entry["user_id"] == admin.id
    assert not any(NEW_PASSWORD in line for line in log.lines)


# --- no secrets in any record -----------------------------------------------------------------


def test_no_record_holds_a_password_or_token(web, client, db, user_factory, log):
    user = user_factory("applicant")
    url = f"/api/v1/proposals/{make_proposal(user, 'review').id}"
    wrong_password = "Beinahe-Richtig-Passwort-9"
    web.post("/anmelden", {"email": user.email, "password": wrong_password})
    web.post("/anmelden", {"email": wrong_password, "password": DEFAULT_PASSWORD})
    assert web.login(user).status_code == 302
    changed = web.post(
        "/konto/passwort",
        {
            "current_password": DEFAULT_PASSWORD,
            "new_password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD,
        },
    )
    assert changed.status_code == 302
    token = token_for(db.session.get(User, user.id))
    assert client.get(url, headers=bearer(token)).status_code == 200
    assert client.get(url, headers=bearer(token + "x")).status_code == 401

    events = {entry["event"] for entry in log.all_events() if "event" in entry}
    assert {"login_failed", "login_succeeded", "password_changed", "api_token_used"} <= events
    assert "api_token_rejected" in events
    secrets = [wrong_password, DEFAULT_PASSWORD, NEW_PASSWORD, token, token + "x"]
    secrets += [hashlib.sha256(s.encode()).hexdigest() for s in (token, token + "x")]
    text = "\n".join(log.lines + [repr(vars(record)) for record in log.records])
    for secret in secrets:
        assert secret not in text, secret


# --- formatters and robustness ----------------------------------------------------------------


def _record(message: str, *args, exc_info=None) -> logging.LogRecord:
    return logging.LogRecord("app", logging.ERROR, __file__, 1, message, args, exc_info)


def test_json_formatter_writes_one_object_per_line_even_for_line_breaks():
    record = _record("Wert: %s", "a\r\nFAKE\u2028ENTRY\u0085")
    record.request_id = "req-12345678"
    line = JsonFormatter().format(record)
    assert len(line.splitlines()) == 1
    entry = json.loads(line)
    assert entry["message"] == "Wert: a\r\nFAKE\u2028ENTRY\u0085"
    assert entry["request_id"] == "req-12345678" and entry["level"] == "ERROR"
    assert entry["ts"].endswith("+00:00") and entry["logger"] == "app"


def test_json_formatter_escapes_the_traceback():
    try:
        raise ValueError("kaputt\nFAKE ENTRY")
    except ValueError:
        record = _record("Unhandled error", exc_info=sys.exc_info())
    line = JsonFormatter().format(record)
    assert len(line.splitlines()) == 1
    entry = json.loads(line)
    assert entry["exc"].startswith("Traceback") and "ValueError: kaputt\nFAKE ENTRY" in entry["exc"]
    assert entry["request_id"] is None


def test_text_formatter_escapes_event_fields():
    record = _record("%s", "login_failed")
    record.event_fields = {"path": "/a\r\nFAKE ENTRY", "account_id": 3}
    line = TextFormatter().format(record)
    assert len(line.splitlines()) == 1
    assert line.endswith("login_failed path=/a\\r\\nFAKE ENTRY account_id=3")
    assert " [-] " in line  # no request


def test_security_event_outside_a_request_has_no_request_fields(app, log):
    security_event("account_created", account_id=5, hint=None)
    entry = log.one("account_created")
    assert entry["account_id"] == 5 and "hint" not in entry
    assert entry["request_id"] is None and "path" not in entry


def test_a_failing_log_handler_never_fails_the_request(app, web, user_factory):
    class Broken(logging.Filter):
        def filter(self, record):
            raise RuntimeError("log storage gone")

    broken = Broken()
    SECURITY_LOGGER.addFilter(broken)
    try:
        user = user_factory()
        assert web.post("/anmelden", {"email": user.email, "password": "x"}).status_code == 401
        assert web.login(user).status_code == 302
    finally:
        SECURITY_LOGGER.removeFilter(broken)


def test_production_writes_json_lines_and_testing_writes_text(monkeypatch, app):
    assert ProductionConfig.LOG_FORMAT == "json" and TestingConfig.LOG_FORMAT == "text"
    json_app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI="sqlite://", LOG_FORMAT="json")
    ours = [h for h in json_app.logger.handlers if getattr(h, "gremienportal", False)]
    assert len(ours) == 1 and isinstance(ours[0].formatter, JsonFormatter)
    assert ours[0] in SECURITY_LOGGER.handlers
    stream = io.StringIO()
    monkeypatch.setattr(ours[0], "stream", stream)
    with json_app.test_request_context("/x", headers={"X-Request-ID": "json-app-0001"}):
        security_event("logout", user_id=1)
    assert json.loads(stream.getvalue())["request_id"] == "json-app-0001"


@pytest.mark.parametrize("settings", [{"LOG_FORMAT": "xml"}, {"LOG_LEVEL": "LAUT"}])
def test_unknown_log_settings_refuse_to_start(settings):
    with pytest.raises(RuntimeError, match="LOG_FORMAT"):
        create_app(TestingConfig, SQLALCHEMY_DATABASE_URI="sqlite://", **settings)


@pytest.mark.parametrize(
    ("key", "age", "reason"), [("seen_at", 31 * 60, "idle"), ("login_at", 11 * 3600, "absolute")]
)
def test_session_timeout_is_logged(app, web, user_factory, log, key, age, reason):
    """A session ended by a timeout leaves an event, as a sign-out does."""
    user = user_factory()
    web.login(user)
    with web.client.session_transaction() as session:
        session[key] = int(time.time()) - age
    response = web.client.get("/konto/passwort")
    assert response.status_code == 302
    entry = log.one("session_expired")
    assert entry["reason"] == reason
    assert entry["user_id"] == user.id
    _assert_context(entry, response, "/konto/passwort")
    assert web.client.get("/konto/passwort").status_code == 302
    assert len(log.events("session_expired")) == 1

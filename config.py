"""Configuration classes; values come from environment variables.

The class is chosen by ``GREMIENPORTAL_CONFIG`` (development, testing, production).
"""

from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path

import wtforms

BASE_DIR = Path(__file__).resolve().parent


def _env_int(name: str, default: int) -> int:
    """Read an integer environment variable, falling back to ``default``."""
    value = os.environ.get(name)
    return int(value) if value else default


def database_url(url: str | None) -> str | None:
    """Normalise a PostgreSQL URL to the psycopg 3 driver."""
    if url and re.match(r"^postgres(ql)?://", url):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


class Config:
    """Settings shared by every environment."""

    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = database_url(os.environ.get("DATABASE_URL"))
    # A pooled connection is tested before use (SQLAlchemy's pool_pre_ping); a dead one, e.g.
    # after a database restart, is replaced instead of failing the request.
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    # Reverse proxies in front of the app that set X-Forwarded-For/-Proto (0: none; the headers
    # are then ignored, so a client cannot forge its address for the rate limits and the logs).
    TRUSTED_PROXIES = _env_int("TRUSTED_PROXIES", 0)
    INSTANCE_DIR = Path(os.environ.get("GREMIENPORTAL_INSTANCE", BASE_DIR / "instance"))

    # Sessions: HttpOnly, SameSite=Lax; Secure where served over HTTPS.
    SESSION_COOKIE_NAME = "gremienportal_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    SESSION_IDLE_TIMEOUT = timedelta(minutes=_env_int("SESSION_IDLE_MINUTES", 30))
    SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=_env_int("SESSION_ABSOLUTE_HOURS", 10))
    PERMANENT_SESSION_LIFETIME = SESSION_ABSOLUTE_TIMEOUT
    # The cookie is sent again only when the session changed (its "last seen" time is renewed
    # at most once a minute, app/security.py): most responses carry no Set-Cookie.
    SESSION_REFRESH_EACH_REQUEST = False
    REMEMBER_COOKIE_DURATION = timedelta(seconds=0)

    WTF_CSRF_TIME_LIMIT = None  # tied to the session instead of a wall clock
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024

    # Rate limits (Flask-Limiter). Storage: memory:// counts in each process (development,
    # tests); redis://host:6379 counts across all workers and hosts (production).
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_STRATEGY = "fixed-window"
    RATELIMIT_HEADERS_ENABLED = False
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "5 per 15 minutes")
    API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "300 per minute")
    PDF_RENDER_RATE_LIMIT = os.environ.get("PDF_RENDER_RATE_LIMIT", "30 per 10 minutes")

    BABEL_DEFAULT_LOCALE = "de"
    # WTForms' own messages ("Kein gültiges Datum.") come from its German catalogue.
    BABEL_TRANSLATION_DIRECTORIES = "translations;" + str(Path(wtforms.__file__).parent / "locale")
    BABEL_DOMAIN = "messages;wtforms"
    BABEL_DEFAULT_TIMEZONE = "Europe/Berlin"

    # Operator details shown on Impressum, Datenschutz and accessibility pages.
    OPERATOR_NAME = os.environ.get("OPERATOR_NAME", "Betreiber noch nicht konfiguriert")
    OPERATOR_ADDRESS = os.environ.get("OPERATOR_ADDRESS", "Anschrift noch nicht konfiguriert")
    OPERATOR_EMAIL = os.environ.get("OPERATOR_EMAIL", "kontakt@gremienportal.invalid")
    ACCESSIBILITY_CONTACT_EMAIL = os.environ.get(
        "ACCESSIBILITY_CONTACT_EMAIL", "barrierefreiheit@gremienportal.invalid"
    )
    DATA_PROTECTION_OFFICER = os.environ.get(
        "DATA_PROTECTION_OFFICER",
        "Datenschutzbeauftragte:r des Betreibers (noch nicht konfiguriert)",
    )
    ACCESSIBILITY_STATEMENT_DATE = os.environ.get("ACCESSIBILITY_STATEMENT_DATE", "28.11.2026")

    ALLOW_DEMO_DATA = False
    APPROVALS_REQUIRED = _env_int("APPROVALS_REQUIRED", 2)
    EXPIRY_WARNING_DAYS = _env_int("EXPIRY_WARNING_DAYS", 90)
    OVERLAP_THRESHOLD = _env_int("OVERLAP_THRESHOLD", 80)

    # Front-end assets installed by npm (package.json); served by the app itself.
    NODE_MODULES_DIR = Path(os.environ.get("NODE_MODULES_DIR", BASE_DIR / "node_modules"))

    # Logs: "text" lines for people, "json" lines (one object per line) for collectors.
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")

    @classmethod
    def init_app(cls, app) -> None:
        """Hook for environment-specific checks."""


class DevelopmentConfig(Config):
    """Local development: SQLite under instance/, a fixed development secret."""

    DEBUG = False
    ALLOW_DEMO_DATA = True
    SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-not-secret"
    SQLALCHEMY_DATABASE_URI = database_url(os.environ.get("DATABASE_URL")) or (
        f"sqlite:///{Config.INSTANCE_DIR / 'gremienportal.sqlite3'}"
    )


class TestingConfig(Config):
    """Test runs: an isolated database chosen by the test fixtures."""

    TESTING = True
    ALLOW_DEMO_DATA = True
    SECRET_KEY = "testing-only-not-secret"  # noqa: S105
    SQLALCHEMY_DATABASE_URI = database_url(os.environ.get("TEST_DATABASE_URL")) or "sqlite://"
    RATELIMIT_STORAGE_URI = "memory://"


class ProductionConfig(Config):
    """Production: PostgreSQL, secrets from the environment, secure cookies."""

    SESSION_COOKIE_SECURE = True
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")

    @classmethod
    def init_app(cls, app) -> None:
        """Refuse to start without a secret key and a database URL."""
        missing = [name for name in ("SECRET_KEY", "DATABASE_URL") if not os.environ.get(name)]
        if missing:
            raise RuntimeError(
                "Production configuration needs these environment variables: " + ", ".join(missing)
            )
        app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
        app.config["SQLALCHEMY_DATABASE_URI"] = database_url(os.environ["DATABASE_URL"])


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_from_env() -> type[Config]:
    """Pick the configuration class named by GREMIENPORTAL_CONFIG (default: development)."""
    name = os.environ.get("GREMIENPORTAL_CONFIG", "development").lower()
    if name not in CONFIGS:
        raise RuntimeError(f"Unknown GREMIENPORTAL_CONFIG {name!r}; use one of {sorted(CONFIGS)}")
    return CONFIGS[name]

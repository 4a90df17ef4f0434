"""Gremienportal: the application factory."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from app import cli, db_setup, errors, extensions, formatting, request_cycle, security  # noqa: F401
from app.admin.views import bp as admin_bp
from app.api.admin import bp as api_admin_bp
from app.api.views import bp as api_bp
from app.assets import bp as assets_bp
from app.auth.views import bp as auth_bp
from app.converters import DatabaseIntegerConverter
from app.council.motion_views import bp as motions_bp
from app.council.procedure_views import bp as procedures_bp
from app.council.session_views import bp as sessions_bp
from app.council.views import bp as council_bp
from app.documents.views import bp as documents_bp
from app.forms_common import control_attrs, form_errors_shown, note_form_errors
from app.logging_setup import install_logging
from app.main.views import bp as main_bp
from app.navigation import init_navigation
from app.office.views import bp as office_bp
from app.oparl.views import bp as oparl_bp
from app.picture.views import bp as picture_bp
from app.proposals.views import bp as proposals_bp
from app.registry.views import bp as registry_bp
from app.review.views import bp as review_bp
from app.security_events import install_status_events
from app.topics.views import bp as topics_bp
from app.workflow.views import bp as workflow_bp
from config import Config, config_from_env

ROOT = Path(__file__).resolve().parent.parent


def create_app(config_class: type[Config] | None = None, **overrides) -> Flask:
    """Create the app: bind extensions, register blueprints and CLI commands."""
    config_class = config_class or config_from_env()
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=None,  # app/static is served by app.assets, with versioned URLs
        instance_path=str(config_class.INSTANCE_DIR),
    )
    app.config.from_object(config_class)
    app.config.update(overrides)
    config_class.init_app(app)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    _trust_proxies(app)

    _init_extensions(app)
    security.init_app(app)
    request_cycle.init_app(app)
    errors.init_app(app)
    install_logging(app)
    install_status_events(app)
    init_navigation(app)
    app.jinja_env.globals["control_attrs"] = control_attrs
    app.jinja_env.globals["note_form_errors"] = note_form_errors
    app.jinja_env.globals["form_errors_shown"] = form_errors_shown
    formatting.register(app)
    _register_blueprints(app)
    cli.init_app(app)
    return app


def _init_extensions(app: Flask) -> None:
    """Bind the extensions created in app.extensions."""
    extensions.db.init_app(app)
    extensions.migrate.init_app(
        app,
        extensions.db,
        directory=str(ROOT / "migrations"),
        render_as_batch=True,
        compare_type=True,
    )
    extensions.csrf.init_app(app)
    extensions.babel.init_app(app, locale_selector=lambda: "de")
    extensions.limiter.init_app(app)


def _trust_proxies(app: Flask) -> None:
    """Behind TRUSTED_PROXIES reverse proxies, take the client's address and scheme from the
    X-Forwarded-For/-Proto headers they set (Werkzeug's ProxyFix reads as many hops from the
    right as there are proxies, so a value the client sent itself is not believed)."""
    hops = app.config.get("TRUSTED_PROXIES", 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)


def _register_blueprints(app: Flask) -> None:
    """One blueprint per area, their `<int:…>` ids capped at the database's range."""
    app.url_map.converters["int"] = DatabaseIntegerConverter  # before the routes that use it

    for blueprint in (
        main_bp,
        assets_bp,
        auth_bp,
        admin_bp,
        proposals_bp,
        workflow_bp,
        review_bp,
        office_bp,
        council_bp,
        sessions_bp,
        procedures_bp,
        topics_bp,
        picture_bp,
        motions_bp,
        registry_bp,
        documents_bp,
        api_bp,
        oparl_bp,
        api_admin_bp,
    ):
        app.register_blueprint(blueprint)

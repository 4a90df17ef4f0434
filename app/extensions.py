"""Flask extensions: created here, bound to the app in create_app."""

import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace

from babel import Locale
from babel.support import NullTranslations
from flask import current_app, g, request
from flask_babel import Babel, Domain, get_locale, get_translations
from flask_babel.speaklater import LazyString
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup
from psycopg.pq import TransactionStatus
from sqlalchemy import BindParameter, Integer, MetaData, bindparam, event, literal
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeEngine
from werkzeug.utils import cached_property

from app import rate_limit_storage  # noqa: F401 (registers "gremienportal-memory://")

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with a naming convention, so migrations name constraints stably."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class RequestDomain(Domain):
    """flask-babel's domain, but the translations are resolved once per request.

    flask-babel looks up the request context, the locale and the catalogue cache on every
    call (~5 µs); a page with a few hundred strings paid milliseconds for it. The result is
    kept on flask-babel's own per-request namespace, next to the locale it was made for, so
    ``force_locale`` and ``refresh`` still switch the language.
    """

    def get_translations(self) -> NullTranslations:
        """The catalogue for the request's locale, from the request's namespace when known."""
        translations = _request_translations()
        if translations is None:
            translations = super().get_translations()
            ns = _babel_namespace()
            if ns is not None and ns.__dict__.get("babel_domain") is self:
                ns.fast_translations = (ns.__dict__.get("babel_locale"), self, translations)
        return translations


def _babel_namespace() -> SimpleNamespace | None:
    """flask-babel's per-request namespace, read from ``g`` itself: an attribute read through
    the ``g`` proxy costs about 2 µs, and pages read it for every string."""
    try:
        return g._get_current_object().__dict__.get("_flask_babel")
    except RuntimeError:  # outside an app context
        return None


def current_locale() -> Locale:
    """flask-babel's ``get_locale()``, from the request's namespace once it is known."""
    ns = _babel_namespace()
    known = ns.__dict__.get("babel_locale") if ns is not None else None
    return known if known is not None else get_locale()


def _request_translations() -> NullTranslations | None:
    """The translations stored for this request, if still valid for its locale and domain."""
    ns = _babel_namespace()
    if ns is None:
        return None
    found = ns.__dict__
    cached = found.get("fast_translations")
    if cached is None or cached[0] is not found.get("babel_locale"):
        return None
    if cached[1] is not found.get("babel_domain"):
        return None
    return cached[2]


def translations() -> NullTranslations:
    """The current catalogue: cheap after the first call of a request."""
    found = _request_translations()
    return found if found is not None else get_translations()


def gettext(string: str, **variables) -> str:
    """flask-babel's ``gettext`` (``%(name)s`` formatting included), on the fast path."""
    text = translations().ugettext(string)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, num: int, **variables) -> str:
    """flask-babel's ``ngettext`` (``num`` is available to the format), on the fast path."""
    variables.setdefault("num", num)
    return translations().ungettext(singular, plural, num) % variables


def lazy_gettext(string: str, **variables) -> LazyString:
    """A string translated when it is used, through the fast path."""
    return LazyString(gettext, string, **variables)


def _template_gettext(string: str) -> str:
    return translations().ugettext(string)


def _template_ngettext(singular: str, plural: str, num: int) -> str:
    return translations().ungettext(singular, plural, num)


@pass_eval_context
def template_underscore(eval_context: EvalContext, string: str, **variables) -> str:
    """Jinja's ``_()``, as its new-style gettext behaves, in one call instead of three.

    Jinja's ``_`` looks ``gettext`` up in the template's context and calls it, which calls
    the translation function: three ``Context.call`` dispatches, each inspecting the callee,
    about 15 µs per ``_()``, and pages hold dozens. Same result: the translation, marked
    safe where the template autoescapes, then always formatted with the (escaped) variables,
    so that "%%" prints "%" with or without them.
    """
    text = translations().ugettext(string)
    if eval_context.autoescape:
        text = Markup(text)  # noqa: S704 - our own catalogue's text, as Jinja's gettext does
    if not variables and "%" not in text:
        return text  # formatting with no variables would return it unchanged
    return text % variables


class RequestBabel(Babel):
    """Flask-Babel with the request-cached domain, also bound to Jinja's ``_()``."""

    @cached_property
    def domain_instance(self) -> RequestDomain:
        """The app's message domains (``BABEL_DOMAIN``, e.g. our messages and WTForms')."""
        return RequestDomain(domain=self.domain)

    def init_app(self, app, *args, **kwargs) -> None:
        """Bind as flask-babel does, then give Jinja the fast gettext callables."""
        super().init_app(app, *args, **kwargs)
        app.jinja_env.install_gettext_callables(
            gettext=_template_gettext,
            ngettext=_template_ngettext,
            newstyle=True,
            pgettext=lambda c, s: translations().upgettext(c, s),
            npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
        )
        app.jinja_env.globals["_"] = template_underscore


# Database connections -------------------------------------------------------------------
IDLE_SINCE = "gremienportal_idle_since"  # key in a pooled connection's info dict


def install_idle_ping(engine: Engine, after_idle_seconds: int) -> None:
    """Test a pooled connection before use only if it was idle longer than the threshold.

    SQLAlchemy's ``pool_pre_ping`` costs a round trip on every checkout, i.e. on every request
    that uses the database. A connection that was in use moments ago is very unlikely to be
    dead, so only connections idle for more than ``after_idle_seconds`` (0: every reused
    connection) are pinged. A failing ping raises ``DisconnectionError``: the pool discards the
    connection and checks out a fresh one ("pessimistic disconnect handling" with a checkout
    event, as documented by SQLAlchemy). SQLite files cannot be disconnected: no ping there.
    """
    if engine.dialect.name == "sqlite":
        return
    dialect = engine.dialect

    @event.listens_for(engine, "checkin")
    def _mark_idle(dbapi_connection, connection_record) -> None:
        if dbapi_connection is not None:
            connection_record.info[IDLE_SINCE] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping_if_idle(dbapi_connection, connection_record, _proxy) -> None:
        idle_since = connection_record.info.pop(IDLE_SINCE, None)
        if idle_since is None:  # a new connection: just made, nothing to test
            return
        if time.monotonic() - idle_since < after_idle_seconds:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as error:
            raise DisconnectionError("pooled connection failed its ping") from error


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
csrf = CSRFProtect()
login_manager = LoginManager()
babel = RequestBabel()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


# Rate limits ---------------------------------------------------------------------------------
UNLIMITED = "gremienportal.unlimited_endpoints"  # app.extensions key: endpoint -> no limit


def carries_no_limit() -> bool:
    """Flask-Limiter request filter: True for an endpoint without any limit (nothing to check).

    Flask-Limiter works out the limits of every request's endpoint before it evaluates them,
    even where there are none (most pages: only the sign-in form and the APIs are limited).
    Whether an endpoint has limits (its own, its blueprint's, the application's or the
    defaults) is fixed once the app's views are registered, so it is asked once per endpoint
    with Flask-Limiter's own resolution and remembered; an endpoint with limits is never
    skipped. Limits on callables inside a view show up as "hints" only when first used: those
    are checked on every request. Our limit strings come from the app's configuration only
    (LOGIN_RATE_LIMIT, API_RATE_LIMIT), never from the request, so the answer per app and
    endpoint cannot change while the app runs.
    """
    endpoint = request.endpoint
    if not endpoint:
        return False
    manager = limiter.limit_manager
    if manager.has_hints(endpoint):
        return False
    app = current_app._get_current_object()
    known = app.extensions.setdefault(UNLIMITED, {})
    unlimited = known.get(endpoint)
    if unlimited is None:
        own, decorated = manager.resolve_limits(app, endpoint, request.blueprint)
        unlimited = known[endpoint] = not (own or decorated or manager.application_limits)
    return unlimited


limiter.request_filter(carries_no_limit)

# The configuration keys our limit strings come from (see carries_no_limit).
LIMIT_SETTINGS = ("API_RATE_LIMIT", "LOGIN_RATE_LIMIT")
RESOLVED_LIMITS = 1024  # remembered resolutions per process; emptied when full


def remember_resolved_limits(manager) -> None:
    """Resolve an endpoint's limits once per app and configured limit strings.

    On an endpoint with limits (the APIs, the sign-in form) Flask-Limiter resolves them on
    every request: it collects the blueprint's and the view's limit groups, calls our limit
    callables, parses their strings and builds its runtime limit objects (0.25 million
    instructions per API request, 3 % of it). The result depends only on the endpoint, the
    app's registered views and our limit strings from the configuration, and the objects
    hold no state of a request (Flask-Limiter copies the lists it gets), so it is kept per
    (app, endpoint, blueprint, call) and the limit strings' current values: changing
    ``API_RATE_LIMIT`` in a running app is seen on the next request. Endpoints with hints
    (limits on callables inside a view, added on first use) are resolved every time, as
    ``carries_no_limit`` does.
    """
    resolve = manager.resolve_limits
    known: dict[tuple, tuple] = {}

    def resolve_limits(
        app,
        endpoint=None,
        blueprint=None,
        callable_name=None,
        in_middleware=False,
        marked_for_limiting=False,
    ):
        arguments = (app, endpoint, blueprint, callable_name, in_middleware, marked_for_limiting)
        if endpoint and manager.has_hints(endpoint):
            return resolve(*arguments)
        app = getattr(app, "_get_current_object", lambda: app)()  # Flask-Limiter: current_app
        settings = tuple(str(app.config.get(name)) for name in LIMIT_SETTINGS)
        key = (id(app), endpoint, blueprint, callable_name, in_middleware, marked_for_limiting)
        found = known.get(key)
        if found is None or found[0]() is not app or found[1] != settings:
            if len(known) >= RESOLVED_LIMITS:
                known.clear()
            found = known[key] = (weakref.ref(app), settings, resolve(*arguments))
        return found[2]

    manager.resolve_limits = resolve_limits


remember_resolved_limits(limiter.limit_manager)


def written_in(name: str, type_: type[TypeEngine] = Integer) -> BindParameter:
    """A value bound at execution but written into the SQL (``literal_execute``): a LIMIT or
    OFFSET, or a filter that takes only a few, validated values (a queue's state).

    psycopg prepares a statement on the server after five executions, and PostgreSQL then
    plans it once (a generic plan) if that plan's estimated cost is no worse than the plans
    made for the actual values. A LIMIT or OFFSET as a parameter spoils that comparison (a
    generic plan has to assume a large limit), so every execution was planned anew: 0.3-0.6
    ms of the server's CPU for a list page. Written into the SQL, the generic plan is
    costed right and is reused; each distinct value is its own prepared statement (page
    sizes and states are few, offsets one per page number). SQLite: the same SQL, no plan
    cache.
    """
    return bindparam(name, type_=type_, literal_execute=True)


def fixed_limit(value: int) -> BindParameter:
    """A constant LIMIT (``.limit(1)`` in a look-up) written into the SQL, as ``written_in``
    explains."""
    return literal(value, Integer, literal_execute=True)


@contextmanager
def single_statements() -> Iterator[Connection]:
    """The session's connection; on PostgreSQL, the statements of the block run each on its
    own (autocommit), before any transaction, as long as the connection was idle.

    psycopg opens a transaction with a ``BEGIN`` round trip of its own before the first
    statement, and the request ends it with ``COMMIT``: a signed-in page that needs nothing
    but its user, or a token request reading two rows, paid two extra round trips. Under READ
    COMMITTED (the default; the app sets no other level) every statement sees the data
    committed before it anyway, so reading them one by one sees the same. If the request
    reads or writes more after the block, psycopg begins the transaction before that next
    statement, and the request commits it as usual; psycopg sends no ``COMMIT`` for a
    connection that never began one. SQLAlchemy's own pre-ping switches autocommit the same
    way. Only an idle connection without changes waiting to be flushed is switched, and
    always back. SQLite: a plain pass-through.
    """
    session = db.session()
    connection = session.connection()
    dbapi = connection.connection.dbapi_connection
    if (
        session.new
        or session.dirty
        or session.deleted
        or connection.dialect.driver != "psycopg"
        or dbapi is None
        or dbapi.autocommit
        or dbapi.info.transaction_status != TransactionStatus.IDLE
    ):
        yield connection
        return
    dbapi.autocommit = True
    try:
        with session.no_autoflush:
            yield connection
    finally:
        if not dbapi.closed:
            dbapi.autocommit = False

"""Flask extensions: created here, bound to the app in create_app."""

from collections.abc import Iterator
from contextlib import contextmanager

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from psycopg.pq import TransactionStatus
from sqlalchemy import BindParameter, Integer, MetaData, bindparam, literal
from sqlalchemy.engine import Connection
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeEngine

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


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
csrf = CSRFProtect()
login_manager = LoginManager()
babel = Babel()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


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

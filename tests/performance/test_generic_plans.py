"""The list pages' statements are planned once per connection, not on every request.

psycopg prepares a statement on the server from its fifth execution; PostgreSQL then reuses
one generic plan for it if that plan is costed no worse than plans for the actual values.
With LIMIT, OFFSET, the queue's state and the API account as parameters it never was, and
every request paid for planning (``app.extensions.written_in``). These values are now
written into the SQL, and the same SQL comes back for the same page (so SQLite's statement
cache reuses its compiled statement too).
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event

from app.office import queue as queries
from bench import data
from tests.performance.conftest import counting, sign_in

PAGES = {
    "queue": ("office_id", "/geschaeftsstelle/?kind=projektgruppe"),
    "own": ("applicant_id", "/meine-antraege"),
}
# Words that open each page's own statement (after the user's or the token's).
MARKERS = {
    "queue": "proposals.state = 'resolution'",
    "own": "proposals.owner_id = ",
}
# past psycopg's prepare threshold (5 executions) and PostgreSQL's five custom plans
REQUESTS = 14


@pytest.fixture
def dataset(db, monkeypatch):
    monkeypatch.setattr(queries, "QUEUE_PAGE_SIZE", 5)
    with db.engine.begin() as connection:
        return data.generate(connection, 300, 12, pools=(1, 0))


def _page_statement(statements: list[str], page: str) -> str:
    found = [statement for statement in statements if MARKERS[page] in statement]
    assert len(found) == 1, statements
    return found[0]


def _get(app, dataset, page: str):
    who, url = PAGES[page]
    client = app.test_client()
    headers = {}
    if who:
        sign_in(client, getattr(dataset, who))
    else:
        headers = {"Authorization": f"Bearer {dataset.api_token}"}
    return lambda: client.get(url, headers=headers)


@pytest.mark.parametrize("page", sorted(PAGES))
def test_limits_and_fixed_values_are_written_into_the_sql(app, db, dataset, page):
    get = _get(app, dataset, page)
    texts = []
    for _ in range(3):
        with counting(db.engine) as statements:
            assert get().status_code == 200
        texts.append(_page_statement(statements, page))
    assert texts[0] == texts[1] == texts[2]  # the same SQL text each time: one statement
    sql = texts[0]
    assert re.search(r"LIMIT \d+", sql), sql
    assert not re.search(r"LIMIT (%\(|\?|\$)", sql), sql  # no LIMIT parameter left
    assert re.search(r"OFFSET 0\b", sql), sql
    if page == "queue":
        assert "proposals.kind = 'projektgruppe'" in sql


@pytest.mark.parametrize("page", sorted(PAGES))
def test_the_server_plans_a_list_page_once(app, db, dataset, page):
    """On PostgreSQL: after a few requests on one connection, the page's prepared statement
    runs on a generic plan (made once), and no more custom plans are made for it. On SQLite:
    the page's statement is in the connection's statement cache (compiled once)."""
    get = _get(app, dataset, page)
    connections = set()

    def used(conn, *_args) -> None:
        connections.add(conn.connection.dbapi_connection)

    event.listen(db.engine, "before_cursor_execute", used)
    try:
        with counting(db.engine) as statements:
            for _ in range(REQUESTS):
                assert get().status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", used)
    sql = [statement for statement in statements if MARKERS[page] in statement][-1]
    if db.engine.dialect.name != "postgresql":
        assert statements.count(sql) == REQUESTS
        return
    assert len(connections) == 1  # one pooled connection served every request
    (dbapi,) = connections
    rows = dbapi.execute(
        "SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements"
    ).fetchall()
    dbapi.rollback()
    mine = [row for row in rows if MARKERS[page] in row[0]]
    assert len(mine) == 1, rows
    _statement, generic, custom = mine[0]
    # psycopg prepared it after five executions; PostgreSQL planned the first five
    # executions of the prepared statement for their values, then kept its generic plan.
    # (With the values as parameters it made a custom plan every time and no generic one.)
    assert custom <= 5, mine
    assert generic >= 1, mine

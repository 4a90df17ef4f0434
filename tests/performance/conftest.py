"""Generated data sets of two sizes, and the number of SQL statements each page issues."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event, text

from app import create_app
from app.api.params import encode_cursor
from app.extensions import db
from bench import data
from config import TestingConfig
from tests.conftest import IsolatedClient

SMALL, LARGE = 10, 1000
# A valid edit of the seeded body pg-finanzplanung (the registry cache tests).
REGISTRY_EDIT = {
    "name": "Finanzplanung",
    "kind": "projektgruppe",
    "category": "project_group",
    "end_date": "2027-06-30",
    "lead": "Freie Hansestadt Bremen",
}
BODIES = {SMALL: 12, LARGE: 300}

# name: (who asks, URL with {placeholders} from the data set)
PAGES = {
    "start": (None, "/"),
    "healthz": (None, "/healthz"),
    "registry": (None, "/gremien/"),
    "registry_search": (None, "/gremien/?q=gruppe&status=alle"),
    "body": (None, "/gremien/{body_key}"),
    # Signed in, the registry is rendered afresh (the page cache serves anonymous visitors).
    "registry_signed_in": ("office", "/gremien/"),
    "body_signed_in": ("office", "/gremien/{body_key}"),
    "dissolved": (None, "/gremien/aufgeloest"),
    # Small pages, full on both data sets: a short last page skips the count by design.
    "api_bodies": (None, "/api/v1/bodies?per_page=5"),
    "api_decisions": (None, "/api/v1/decisions?per_page=2"),
    "api_proposals": ("token", "/api/v1/proposals?per_page=5"),
    "api_proposals_cursor": ("token", "/api/v1/proposals?per_page=2&cursor={api_cursor}"),
    "oparl_organizations": (None, "/oparl/v1/bodies/1/organizations?limit=5"),
    "review_queue": ("reviewer", "/pruefung/"),
    "office_queue": ("office", "/geschaeftsstelle/"),
    "office_queue_filtered": ("office", "/geschaeftsstelle/?kind=projektgruppe"),
    "my_proposals": ("applicant", "/meine-antraege"),
    "proposal_office": ("office", "/antraege/{show_proposal_id}"),
    "proposal_owner": ("applicant", "/antraege/{show_proposal_id}"),
    "task_list": ("applicant", "/antraege/{draft_id}/bearbeiten"),
    "summary": ("applicant", "/antraege/{draft_id}/angaben-pruefen"),
    "step": ("applicant", "/antraege/{draft_id}/schritt/basics"),
    "expiring": ("office", "/gremien/befristungen"),
    "documents": ("office", "/dokumente/"),
    "bundle_form": ("office", "/dokumente/sitzungsunterlage"),
}


@contextmanager
def counting(engine) -> Iterator[list[str]]:
    """Collect the SQL statements sent to the database while the block runs."""
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def page_statements(statements: list[str]) -> list[str]:
    """The statements of a page beyond loading the signed-in user and their roles."""
    user = ("SELECT users.", "SELECT user_roles.")
    return [statement for statement in statements if not statement.startswith(user)]


def _clear() -> None:
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
    db.session.commit()


def sign_in(client, user_id: int):
    """Give the test client the session of a fresh sign-in of this user (no password form)."""
    from app.models import User

    user = db.session.get(User, user_id)
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["login_at"] = session["seen_at"] = int(time.time())
    return client


def _client_for(app, who: str | None, dataset: data.Dataset):
    client = app.test_client()
    if who in ("applicant", "reviewer", "office"):
        sign_in(client, getattr(dataset, f"{who}_id"))
    return client


def measure(app, dataset: data.Dataset) -> dict[str, tuple[int, int, list[str]]]:
    """Per page: (status, number of statements, the statements) of a second, warm request."""
    values = {**vars(dataset), "draft_id": dataset.edit_draft_ids[0]}
    values["api_cursor"] = encode_cursor(dataset.proposals // 2 + 1, "proposals:")  # mid-walk
    headers = {"Authorization": f"Bearer {dataset.api_token}"}
    results = {}
    for name, (who, template) in PAGES.items():
        client = _client_for(app, who, dataset)
        url = template.format(**values)
        client.get(url, headers=headers)  # warm-up: per-process caches fill here
        with counting(db.engine) as statements:
            response = client.get(url, headers=headers)
        results[name] = (response.status_code, len(statements), statements)
    return results


@pytest.fixture(scope="module")
def query_counts(database_uri, _schema) -> dict[int, dict[str, tuple[int, int, list[str]]]]:
    """The statements of every page on a small and on a large data set."""
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=database_uri)
    app.test_client_class = IsolatedClient
    found = {}
    with app.app_context():
        for size in (SMALL, LARGE):
            with db.engine.begin() as connection:
                dataset = data.generate(connection, size, BODIES[size], pools=(1, 0))
            found[size] = measure(app, dataset)
            db.session.remove()
            _clear()
        db.engine.dispose()
    return found


@pytest.fixture
def seeded(db) -> None:
    """The reference registry from seed_bodies.json, committed."""
    from app.registry.seed import load_seed_bodies

    load_seed_bodies()
    db.session.commit()

"""The timeline, the figures and their CSV issue the same statements for 12 bodies and 10
proposals as for 300 bodies and 10 000 proposals: no query per row."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app import create_app
from app.extensions import db
from app.models import Proposal
from bench import data
from config import TestingConfig
from tests.conftest import IsolatedClient
from tests.performance.conftest import _clear, counting, page_statements, sign_in

SIZES = {"small": (10, 12), "large": (10_000, 300)}
PAGES = {
    "timeline": (False, "/gremien/zeitleiste"),
    "figures": (True, "/geschaeftsstelle/kennzahlen"),
    "figure_csv": (True, "/geschaeftsstelle/kennzahlen/antraege-nach-status.csv"),
}
# Bodies (with the workflow's dissolution in the same SELECT) and the topics; the figures:
# one statement each, and the topics.
LIMITS = {"timeline": 2, "figures": 5, "figure_csv": 5}


def _measure(app, dataset) -> dict[str, tuple[int, list[str], str]]:
    results = {}
    for name, (office, url) in PAGES.items():
        client = app.test_client()
        if office:
            sign_in(client, dataset.office_id)
        client.get(url)  # warm-up
        with counting(db.engine) as statements:
            response = client.get(url)
        body = response.get_data(as_text=True)
        results[name] = (response.status_code, page_statements(statements), body)
    return results


@pytest.fixture(scope="module")
def measured(database_uri, _schema):
    """Status, statements and body of each page on the small and the large data set."""
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=database_uri)
    app.test_client_class = IsolatedClient
    found = {}
    with app.app_context():
        for size, (proposals, bodies) in SIZES.items():
            with db.engine.begin() as connection:
                dataset = data.generate(connection, proposals, bodies, pools=(1, 0))
            found[size] = _measure(app, dataset)
            found[size]["proposals"] = db.session.scalar(select(func.count(Proposal.id)))
            db.session.remove()
            _clear()
        db.engine.dispose()
    return found


@pytest.mark.parametrize("page", sorted(PAGES))
def test_the_statements_do_not_grow_with_the_data(measured, page):
    small, large = measured["small"][page], measured["large"][page]
    assert small[0] == large[0] == 200
    assert len(large[1]) == len(small[1]), large[1][len(small[1]) :][:3]
    assert len(large[1]) <= LIMITS[page], large[1]


def test_the_large_timeline_shows_every_body(measured):
    html = measured["large"]["timeline"][2]
    bars = html.count("<title>") - 1  # one <title> per bar, one for the chart
    assert bars == 300


def test_the_large_figures_count_every_proposal(measured):
    lines = measured["large"]["figure_csv"][2].lstrip("\ufeff").splitlines()
    assert lines[0] == "Status;Anträge"
    assert measured["large"]["proposals"] >= 10_000
    assert sum(int(line.split(";")[1]) for line in lines[1:]) == measured["large"]["proposals"]
    assert "Anträge nach Status" in measured["large"]["figures"][2]

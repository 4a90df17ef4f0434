"""The paged lists count their totals only so far ahead: "mehr als N" past the cap.

The review and decision queues and "Meine Anträge" count at most COUNT_AHEAD rows past the
page's offset (at least a page), so the count costs the same whatever the size of the data.
Here the cap is 3 and a page holds 2 rows: every page is checked against the real totals.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app.models import Proposal, User
from app.proposals import queries
from app.workflow import queue
from bench import data
from tests.performance.conftest import counting, page_statements, sign_in

AHEAD, SIZE = 3, 2
ROW_RE = re.compile(
    r'<tr class="kern-table__row">\s*<t[dh] (?:scope="row" )?class="kern-table__cell'
)
CAPTION_RE = re.compile(r'<caption class="kern-title">[^<]*\(([^)]*)\)</caption>')
PAGER_RE = re.compile(
    r'<nav aria-label="Seiten" class="pagination">\s*<p class="kern-body">([^<]*)</p>'
)

# (URL, state (None: the user's own proposals), who asks, caption in the table)
LISTS = [
    ("/geschaeftsstelle/", "resolution", "office_id", True),
    ("/pruefung/", "review", "reviewer_id", True),
    ("/meine-antraege", None, "applicant_id", False),
]


@pytest.fixture
def dataset(db, monkeypatch):
    """1 000 proposals in every state; lists of 2 rows per page, counted 3 rows ahead."""
    monkeypatch.setattr(queue, "QUEUE_PAGE_SIZE", SIZE)
    monkeypatch.setattr(queries, "PER_PAGE", SIZE)
    monkeypatch.setattr(queries, "COUNT_AHEAD", AHEAD)
    with db.engine.begin() as connection:
        return data.generate(connection, 1000, 30, pools=(1, 0))


def _total(db, state: str | None, user_id: int) -> int:
    if state is None:
        where = [Proposal.owner_id == user_id]
    else:
        where = [Proposal.state == state, Proposal.owner_id != user_id]
    return db.session.scalar(select(func.count(Proposal.id)).where(*where))


@pytest.mark.parametrize(("url", "state", "who", "caption"), LISTS)
def test_every_page_says_what_it_knows(client, db, dataset, url, state, who, caption):
    """Walk all pages: exact totals where the count reaches the end, "mehr als" before; the
    next link whenever there are more rows; the last page reachable; one past it a 404."""
    user_id = getattr(dataset, who)
    total = _total(db, state, user_id)
    assert total > 2 * (AHEAD + SIZE)  # several pages with an open-ended count
    sign_in(client, user_id)
    last = -(-total // SIZE)
    shown, open_ended = 0, 0
    for number in range(1, last + 1):
        html = client.get(f"{url}?seite={number}").get_data(as_text=True)
        rows = len(ROW_RE.findall(html))
        assert rows == min(SIZE, total - SIZE * (number - 1))
        shown += rows
        counted = SIZE * (number - 1) + AHEAD  # the rows counted exactly at most
        pager = PAGER_RE.search(html).group(1)
        if counted < total:
            open_ended += 1
            assert pager == f"Seite {number} von mehr als {counted // SIZE}"
            if caption:
                assert CAPTION_RE.search(html).group(1) == f"mehr als {counted}"
        else:
            assert pager == f"Seite {number} von {last}"
            if caption:
                assert CAPTION_RE.search(html).group(1) == str(total)
        assert ('rel="next"' in html) == (number < last)
        assert ('rel="prev"' in html) == (number > 1)
    assert shown == total
    assert open_ended == last - 2 or open_ended == last - 1  # all but the last page or two
    assert client.get(f"{url}?seite={last + 1}").status_code == 404


@pytest.mark.parametrize(("url", "state", "who", "caption"), LISTS)
def test_below_the_cap_the_page_is_as_before(
    client, db, dataset, monkeypatch, url, state, who, caption
):
    """A total within the cap is exact, and the page is the same byte for byte as with a cap
    far away: exactly at the cap is still below it."""
    user_id = getattr(dataset, who)
    total = _total(db, state, user_id)
    sign_in(client, user_id)
    module = queries  # the queues count as far ahead as "Meine Anträge"
    monkeypatch.setattr(module, "COUNT_AHEAD", 10**6)
    far = client.get(url).get_data(as_text=True)
    monkeypatch.setattr(module, "COUNT_AHEAD", total)
    at_cap = client.get(url).get_data(as_text=True)
    assert at_cap == far
    assert "mehr als" not in far
    assert PAGER_RE.search(far).group(1) == f"Seite 1 von {-(-total // SIZE)}"
    if caption:
        assert CAPTION_RE.search(far).group(1) == str(total)
    monkeypatch.setattr(module, "COUNT_AHEAD", total - 1)  # one row past the cap
    assert "mehr als" in client.get(url).get_data(as_text=True)


@pytest.mark.parametrize(("url", "state", "who", "caption"), LISTS)
def test_a_capped_page_is_still_one_statement(client, db, dataset, url, state, who, caption):
    sign_in(client, getattr(dataset, who))
    client.get(url)
    with counting(db.engine) as statements:
        html = client.get(url).get_data(as_text=True)
    assert "von mehr als" in html
    # The signed-in user and their roles, then the page's rows with the (capped) size, and one
    # short read besides: a queue's filter reads the office's focus topics, "Meine Anträge"
    # the reviewers' comments on the returned drafts of the page.
    (page,) = [s for s in page_statements(statements) if ") AS counted" in s]
    assert len(page_statements(statements)) == 2, statements
    counted = page.split("(SELECT 1", 1)[1].split(") AS counted", 1)[0]
    assert "LIMIT" in counted  # the count reads a bounded number of rows


def test_the_count_is_capped_in_the_page_objects(app, db, dataset):
    """The page objects: total_exact false with total and pages as lower bounds."""
    owner = db.session.get(User, dataset.applicant_id)
    total = _total(db, None, owner.id)
    with app.test_request_context():
        first = queries.proposals_of(owner, 1)
        assert (first.total, first.pages, first.total_exact) == (AHEAD, AHEAD // SIZE, False)
        assert first.total < total
        last = queries.proposals_of(owner, -(-total // SIZE))
        assert (last.total, last.total_exact) == (total, True)
        assert queries.proposals_of(owner, 1, per_page=total).total_exact

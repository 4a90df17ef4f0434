"""The review and decision queues come in pages: a page's size does not grow with the data."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app.models import Proposal
from app.workflow import queue as queries
from bench import data
from tests.performance.conftest import counting, page_statements, sign_in

ROW_RE = re.compile(r'<tr class="kern-table__row">\s*<td')


@pytest.fixture
def dataset(db, monkeypatch):
    """1 000 proposals in every state; queues of 5 rows per page."""
    monkeypatch.setattr(queries, "QUEUE_PAGE_SIZE", 5)
    with db.engine.begin() as connection:
        return data.generate(connection, 1000, 30, pools=(1, 0))


def _waiting(db, state: str, user_id: int, **where) -> int:
    stmt = select(func.count(Proposal.id)).where(
        Proposal.state == state, Proposal.owner_id != user_id
    )
    for name, value in where.items():
        stmt = stmt.where(getattr(Proposal, name) == value)
    return db.session.scalar(stmt)


@pytest.mark.parametrize(
    ("url", "state", "who"), [("/geschaeftsstelle/", "resolution", "office_id"),
                              ("/pruefung/", "review", "reviewer_id")]
)  # fmt: skip
def test_queue_pages_hold_a_fixed_number_of_rows(client, db, dataset, url, state, who):
    user_id = getattr(dataset, who)
    total = _waiting(db, state, user_id)
    assert total > 10
    sign_in(client, user_id)
    first = client.get(url).get_data(as_text=True)
    assert len(ROW_RE.findall(first)) == 5
    assert f"({total})" in first  # the caption counts the whole queue
    last_number = -(-total // 5)
    assert f'seite={last_number}"' not in first  # links only to the neighbouring pages
    assert 'rel="next"' in first and 'rel="prev"' not in first
    last = client.get(f"{url}?seite={last_number}").get_data(as_text=True)
    assert len(ROW_RE.findall(last)) == total - 5 * (last_number - 1)
    assert 'rel="prev"' in last and 'rel="next"' not in last
    assert client.get(f"{url}?seite={last_number + 1}").status_code == 404
    assert client.get(f"{url}?seite=0").status_code == 404


def test_page_links_keep_the_filters(client, db, dataset):
    total = _waiting(db, "resolution", dataset.office_id, kind="projektgruppe")
    sign_in(client, dataset.office_id)
    page = client.get("/geschaeftsstelle/?kind=projektgruppe").get_data(as_text=True)
    assert f"({total})" in page
    if total > 5:
        assert re.search(r'href="[^"]*kind=projektgruppe[^"]*seite=2', page)


CELL_RE = re.compile(r'<td class="kern-table__cell[^"]*">(.*?)</td>', re.S)


def test_queue_rows_show_the_latest_versions_progress(client, db, dataset):
    """Version, approvals and "approved by you" come from one statement: check every row of
    the queue against the ORM's view of the same proposals."""
    from app.models import Approval

    waiting = select(Proposal).where(
        Proposal.state == "review", Proposal.owner_id != dataset.reviewer_id
    )
    approved = db.session.scalars(waiting.order_by(Proposal.submitted_at.desc())).first()
    version = max(approved.versions, key=lambda v: v.number)
    db.session.add(
        Approval(
            proposal_id=approved.id,
            version_id=version.id,
            reviewer_id=dataset.reviewer_id,
            recommendation="Gut.",
        )
    )
    db.session.commit()
    sign_in(client, dataset.reviewer_id)
    pages = -(-_waiting(db, "review", dataset.reviewer_id) // 5)
    approvals_seen = 0
    for number in range(1, pages + 1):
        html = client.get(f"/pruefung/?seite={number}").get_data(as_text=True)
        for row in re.findall(r'<tr class="kern-table__row">\s*(<td.*?)</tr>', html, re.S):
            cells = [cell.strip() for cell in CELL_RE.findall(row)]
            reference = re.search(r">([^<]+)</a>", cells[0]).group(1)
            proposal = db.session.scalar(select(Proposal).where(Proposal.reference == reference))
            latest = max(proposal.versions, key=lambda v: v.number)
            stmt = select(Approval.reviewer_id).where(Approval.version_id == latest.id)
            reviewers = set(db.session.scalars(stmt))
            assert cells[4] == str(latest.number)
            assert cells[5].startswith(f"{len(reviewers)} von ")
            assert cells[6] == ("ja" if dataset.reviewer_id in reviewers else "nein")
            approvals_seen += len(reviewers)
    assert approvals_seen == 1  # the one approval above was found and counted once


@pytest.mark.parametrize(
    ("url", "who"),
    [("/geschaeftsstelle/", "office_id"), ("/geschaeftsstelle/?kind=projektgruppe", "office_id"),
     ("/pruefung/", "reviewer_id"), ("/meine-antraege", "applicant_id")],
)  # fmt: skip
def test_a_list_page_is_one_statement_after_the_user(client, db, dataset, url, who):
    sign_in(client, getattr(dataset, who))
    client.get(url)
    with counting(db.engine) as statements:
        assert client.get(url).status_code == 200
    # The signed-in user and their roles, then the page's rows with the size of the whole list;
    # a queue's filter also reads the office's focus topics (a short list, one statement), and
    # "Meine Anträge" the reviewers' comments on the page's returned drafts (one statement).
    assert any("user_roles" in statement for statement in statements)
    page = page_statements(statements)
    rows = [s for s in page if "FROM focus_topics" not in s and "history_events" not in s]
    assert len(rows) == 1, statements
    topics = [s for s in page if "FROM focus_topics" in s]
    returned_notes = [s for s in page if "history_events" in s]
    assert len(topics) == (0 if url == "/meine-antraege" else 1), statements
    assert len(returned_notes) == (1 if url == "/meine-antraege" else 0), statements


def test_queue_rows_link_to_their_proposals(client, db, dataset):
    sign_in(client, dataset.reviewer_id)
    html = client.get("/pruefung/").get_data(as_text=True)
    links = re.findall(r'<a class="kern-link" href="/antraege/(\d+)">([^<]+)</a>', html)
    assert len(links) == 5
    for proposal_id, reference in links:
        assert db.session.get(Proposal, int(proposal_id)).reference == reference


def test_my_proposals_link_drafts_to_their_task_list(client, db, dataset):
    sign_in(client, dataset.applicant_id)
    html = client.get("/meine-antraege").get_data(as_text=True)
    link = r'<a class="kern-link" href="/antraege/(\d+)(/bearbeiten)?">([^<]+)</a>'
    links = re.findall(link, html)
    assert len(links) == 20
    kinds = set()
    for proposal_id, edit, reference in links:
        proposal = db.session.get(Proposal, int(proposal_id))
        assert proposal.reference == reference and proposal.owner_id == dataset.applicant_id
        assert bool(edit) == (proposal.state == "draft")
        kinds.add(bool(edit))
    assert kinds == {True, False}  # the data set has drafts and submitted proposals here


@pytest.mark.parametrize(
    ("url", "role", "empty"),
    [("/geschaeftsstelle/", "secretariat", "Zurzeit liegen keine Anträge vor."),
     ("/pruefung/", "reviewer", "Zurzeit liegen keine Anträge vor."),
     ("/meine-antraege", "applicant", "Sie haben noch keinen Antrag angelegt.")],
)  # fmt: skip
def test_an_empty_list_has_one_empty_page(client, db, user_factory, url, role, empty):
    sign_in(client, user_factory(role).id)
    assert empty in client.get(url).get_data(as_text=True)
    assert client.get(f"{url}?seite=2").status_code == 404


SELECTED_RE = re.compile(r'<option value="([^"]*)" selected>')


def test_the_filter_form_shows_each_requests_choice(client, db, dataset):
    """The chosen values of one request never show in another's."""
    sign_in(client, dataset.office_id)
    url = "/geschaeftsstelle/"
    chosen = client.get(f"{url}?kind=projektgruppe&focus_topic=digitale_infrastruktur")
    assert SELECTED_RE.findall(chosen.get_data(as_text=True)) == [
        "projektgruppe",
        "digitale_infrastruktur",
    ]
    assert SELECTED_RE.findall(client.get(url).get_data(as_text=True)) == []
    assert SELECTED_RE.findall(client.get(f"{url}?kind=board").get_data(as_text=True)) == ["board"]
    # The reviewers' queue has its own form (its own action URL).
    sign_in(client, dataset.reviewer_id)
    review = client.get("/pruefung/?kind=board").get_data(as_text=True)
    assert 'action="/pruefung/"' in review and 'action="/geschaeftsstelle/"' not in review
    assert 'value="board" selected' in review

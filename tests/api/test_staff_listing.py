"""GET /api/v1/proposals for reviewers and the office: every submitted proposal and the
account's own drafts, without walking past the drafts of others (partial indexes)."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import insert, select, text
from sqlalchemy.dialects import postgresql

from app.api.queries import _proposals_statement, proposals_after
from app.api.tokens import ApiUser
from app.extensions import db
from app.models import Proposal, User
from app.models.base import utcnow
from tests.api.helpers import bearer, make_proposal, token_for

INDEX = "ix_proposals_submitted_id"
SUBMITTED = ("review", "resolution", "established", "rejected", "withdrawn", "dissolved")
_references = itertools.count(1)


def add_proposals(owner_id: int, states: list[str]) -> None:
    """Many proposal rows at once, committed, ids in the order of ``states``."""
    rows = [
        {
            "reference": f"GS-S-{next(_references):05d}",
            "owner_id": owner_id,
            "state": state,
            "title": f"Antrag {state}",
            "submitted_at": None if state == "draft" else utcnow(),
        }
        for state in states
    ]
    db.session.execute(insert(Proposal), rows)
    db.session.commit()


def add_owners(count: int) -> list[int]:
    """Accounts that only own proposals (they never sign in), committed; their ids."""
    first = next(_references)
    rows = [
        {"email": f"entwurf{first + i}@example.org", "name": f"Entwurf {i}", "password_hash": "-"}
        for i in range(count)
    ]
    ids = db.session.scalars(insert(User).returning(User.id), rows).all()
    db.session.commit()
    return list(ids)


def visible_ids(user_id: int) -> list[int]:
    """The rule of the web pages, computed in Python: own proposals and every submitted one."""
    rows = db.session.execute(select(Proposal.id, Proposal.owner_id, Proposal.submitted_at)).all()
    return sorted(
        (row.id for row in rows if row.owner_id == user_id or row.submitted_at is not None),
        reverse=True,
    )


@pytest.fixture
def crowded(db, user_factory):
    """Submitted proposals, then many newer drafts of two applicants, the office's own drafts
    between them, and a few submitted ones at the very end.

    Returns the reviewer, the office and their tokens.
    """
    first, second = user_factory("applicant"), user_factory("applicant")
    reviewer, office = user_factory("reviewer"), user_factory("secretariat")
    for index, state in enumerate(SUBMITTED * 2):
        make_proposal(first if index % 2 else second, state)
    make_proposal(office, "draft")  # an old own draft, behind everything else
    make_proposal(office, "review")  # submitted by the office itself
    for index in range(30):
        make_proposal(first if index % 3 else second, "draft")
        if index % 10 == 4:
            make_proposal(office, "draft")
        if index == 12:
            never_submitted = make_proposal(first, "withdrawn")  # withdrawn as a draft
            never_submitted.submitted_at = None
            returned = make_proposal(second, "draft")  # returned for revision
            returned.submitted_at = utcnow()
            db.session.commit()
    make_proposal(second, "review")
    make_proposal(office, "draft")
    make_proposal(first, "established")
    return reviewer, office, token_for(reviewer), token_for(office)


def walk_ids(client, token: str, per_page: int) -> list[list[int]]:
    """The ids of every page, following ``next`` from the first page to the end."""
    pages, url = [], f"/api/v1/proposals?per_page={per_page}"
    while url:
        assert len(pages) < 100, "the walk does not end"
        response = client.get(url, headers=bearer(token))
        assert response.status_code == 200, response.get_json()
        body = response.get_json()
        pages.append([item["id"] for item in body["data"]])
        url = body["pagination"]["next"]
    return pages


@pytest.mark.parametrize("per_page", [1, 2, 3, 7, 100])
def test_staff_walk_equals_the_old_semantics(client, crowded, per_page):
    reviewer, office, reviewer_token, office_token = crowded
    for user, token in ((reviewer, reviewer_token), (office, office_token)):
        expected = visible_ids(user.id)
        pages = walk_ids(client, token, per_page)
        assert [pid for page in pages for pid in page] == expected
        assert all(len(page) == per_page for page in pages[:-1])
        assert 0 < len(pages[-1]) <= per_page
        assert len(pages) == -(-len(expected) // per_page)


def test_the_office_sees_its_own_drafts_but_no_other(client, crowded):
    _, office, _, office_token = crowded
    listed = [pid for page in walk_ids(client, office_token, 5) for pid in page]
    drafts = db.session.execute(
        select(Proposal.id, Proposal.owner_id, Proposal.submitted_at).where(
            Proposal.state.in_(("draft", "withdrawn"))
        )
    ).all()
    own = {row.id for row in drafts if row.owner_id == office.id}
    others = {row.id for row in drafts if row.owner_id != office.id and not row.submitted_at}
    returned = {row.id for row in drafts if row.owner_id != office.id and row.submitted_at}
    assert len(own) == 5 and len(others) == 31 and len(returned) == 3
    assert returned <= set(listed)  # submitted once: seen, also in revision or withdrawn
    assert own <= set(listed)
    assert not others & set(listed)


def test_listed_rows_carry_the_columns_in_order(client, crowded):
    """The union keeps ``PROPOSAL_COLUMNS``' order: owner and dates land in their fields."""
    _, office, _, office_token = crowded
    item = client.get("/api/v1/proposals?per_page=2", headers=bearer(office_token)).get_json()
    newest = db.session.get(Proposal, item["data"][0]["id"])
    assert item["data"][0]["reference"] == newest.reference
    assert item["data"][0]["state"] == newest.state == "established"
    own = client.get(f"/api/v1/proposals/{item['data'][1]['id']}", headers=bearer(office_token))
    assert item["data"][1] == own.get_json()["data"]
    assert item["data"][1]["state"] == "draft"
    assert item["data"][1]["owner"] == {"name": office.name, "organisation": office.organisation}
    assert item["data"][0]["owner"]["name"] == newest.owner.name != office.name


def test_every_cursor_and_page_size_gives_the_old_page(db, crowded):
    """Straight through the query function: each id as the cursor, several page sizes."""
    reviewer, office, _, _ = crowded
    all_ids = [pid for (pid,) in db.session.execute(select(Proposal.id)).all()]
    for user, roles in ((reviewer, {"reviewer"}), (office, {"secretariat"})):
        api_user = ApiUser(id=user.id, roles=frozenset(roles))
        expected = visible_ids(user.id)
        for after_id, per_page in itertools.product([None, *all_ids], [1, 4, 9]):
            after = [pid for pid in expected if after_id is None or pid < after_id]
            page = proposals_after(api_user, None, after_id, per_page)
            assert [row.id for row in page.items] == after[:per_page], (user.id, after_id)
            more = len(after) > per_page
            assert page.next_after == (after[per_page - 1] if more else None)


def _statement(values: dict[str, int]):
    """The staff listing's statement as the app builds it for these values."""
    return _proposals_statement(
        "staff", values["user_id"], None, values.get("after_id"), values["limit"]
    )


def _explain(prefix: str, values: dict[str, int]) -> list:
    """``prefix`` (an EXPLAIN) before the staff listing's statement, run with its values."""
    compiled = _statement(values).compile(dialect=db.engine.dialect)
    params = compiled.construct_params()
    if compiled.positiontup is not None:  # SQLite's qmark style
        params = tuple(params[name] for name in compiled.positiontup)
    return db.session.connection().exec_driver_sql(f"{prefix} {compiled}", params).all()


def _explain_generic(values: dict[str, int]) -> dict:
    """PostgreSQL: the plan of the statement prepared as psycopg prepares a statement it
    runs often, forced to the generic plan (planned without the values)."""
    dialect = postgresql.dialect(paramstyle="numeric_dollar")
    compiled = _statement(values).compile(dialect=dialect)
    params = compiled.construct_params()
    arguments = ", ".join(str(int(params[name])) for name in compiled.positiontup)
    connection = db.session.connection()
    connection.exec_driver_sql("SET LOCAL plan_cache_mode = force_generic_plan")
    connection.exec_driver_sql(f"PREPARE staff_listing AS {compiled}")
    try:
        explain = f"EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE staff_listing({arguments})"
        return connection.exec_driver_sql(explain).scalar()[0]["Plan"]
    finally:
        connection.exec_driver_sql("DEALLOCATE staff_listing")


def _proposal_rows_read(plan: dict) -> int:
    """Rows that the plan's scans of proposals produced or threw away."""
    read = 0
    if plan.get("Relation Name") == "proposals":
        read += plan["Actual Rows"] * plan["Actual Loops"] + plan.get("Rows Removed by Filter", 0)
    return read + sum(_proposal_rows_read(child) for child in plan.get("Plans", []))


@pytest.mark.parametrize("keyset", [False, True], ids=["first-page", "cursor"])
def test_staff_listing_reads_partial_indexes_not_the_drafts_of_others(db, user_factory, keyset):
    """Hundreds of drafts of many applicants, newer than every submitted proposal: the page
    comes from the partial index, and on PostgreSQL no more than two pages of rows are read,
    in the plan for the values and in the generic plan of a prepared statement alike."""
    applicant, office = user_factory("applicant"), user_factory("secretariat")
    reviewer = user_factory("reviewer")  # without any proposal of its own
    add_proposals(applicant.id, ["review", "established", "rejected"] * 40)
    add_proposals(office.id, ["draft"] * 3)
    for owner_id in add_owners(40):
        add_proposals(owner_id, ["draft"] * 15)
    add_proposals(applicant.id, ["review"] * 5)
    limit = 21
    db.session.execute(text("ANALYZE"))
    newest_submitted = visible_ids(reviewer.id)[5]  # below the drafts: the walk skips them
    for user in (office, reviewer):
        values = {"user_id": user.id, "limit": limit}
        expected = visible_ids(user.id)
        if keyset:
            values["after_id"] = newest_submitted
            expected = [pid for pid in expected if pid < newest_submitted]
        if db.engine.dialect.name == "sqlite":
            plan = " ".join(row[-1] for row in _explain("EXPLAIN QUERY PLAN", values))
            assert f"USING INDEX {INDEX}" in plan, plan
        else:
            assert db.engine.dialect.name == "postgresql"
            ((explained,),) = _explain("EXPLAIN (ANALYZE, FORMAT JSON)", values)
            for plan in (explained[0]["Plan"], _explain_generic(values)):
                assert INDEX in str(plan), plan
                assert _proposal_rows_read(plan) <= 2 * limit, plan
        rows = _explain("", values)
        assert [row.id for row in rows] == expected[:limit]

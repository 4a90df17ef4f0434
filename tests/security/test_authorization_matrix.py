"""Every route × every caller × every workflow state, checked against one table (matrix.py).

A route that the table does not classify fails the test, so a new route cannot slip in
unreviewed. POSTs carry a valid CSRF token and an empty form: the check is about who may
act, and a refused (or merely invalid) request must not change anything in the database.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import url_for
from sqlalchemy import func, select

from app.extensions import db
from app.models import ApiToken, Body, Proposal, ResolutionDraft, User
from app.proposals.schema import STEPS
from tests.security.matrix import (
    EXPECTED,
    IGNORED_ENDPOINTS,
    UNKNOWN_STEP,
    UNKNOWN_TRIGGER,
    Cell,
    expected,
)
from tests.security.world import CALLERS, STATES, World
from workflows.proposal import TRANSITIONS

API_PROPOSALS = "/api/v1/proposals"
CHECKED_METHODS = ("GET", "POST")
# Cells that end the state they test (a deleted draft, a rotated session) run last.
RUN_LAST = {"proposals.delete_proposal": 1, "auth.logout": 2}


def _rules(app):
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint not in IGNORED_ENDPOINTS]


def _variants(rule, world: World, caller: str) -> Iterator[tuple[str | None, str | None, dict]]:
    """(state, arg, URL values) for every object the rule is tried with."""
    names = set(rule.arguments)
    if "proposal_id" in names:
        args = [None]
        if "step_key" in names:
            args = [step.key for step in STEPS] + [UNKNOWN_STEP]
        elif "trigger" in names:
            args = [row.trigger for row in TRANSITIONS] + [UNKNOWN_TRIGGER]
        for state in STATES:
            for arg in args:
                values = {"proposal_id": world.proposal(caller, state)}
                if "number" in names:
                    values["number"] = 1
                if arg is not None:
                    values["trigger" if "trigger" in names else "step_key"] = arg
                yield state, arg, values
    elif "slug" in names:
        for state, slug in world.slugs.items():
            yield state, None, {"slug": slug}
    elif "document_id" in names:
        for segment, document_id in world.documents.items():
            yield None, segment, {"segment": segment, "document_id": document_id}
    elif "key" in names:
        for variant, key in world.bodies.items():
            yield None, variant, {"key": key}
    else:
        yield None, None, _plain_values(rule.endpoint, names, world)


def _plain_values(endpoint: str, names: set[str], world: World) -> dict:
    values = {
        "user_id": world.spare_user_id,
        "token_id": world.spare_token_id,
        "decision_id": world.decision_id,
        "signature_id": 10**9,  # a forged invitation id
        "topic_id": 10**9,  # a forged focus topic id
        "figure": "antraege-nach-status",
        "occasion": "sitzung-42",  # the world's decisions are taken in the 42nd session
        "organization_id": world.body_ids["register"],
        # OParl knows one body (the council, id 1); the API's bodies are registry entries.
        "body_id": 1 if endpoint.startswith("oparl.") else world.body_ids["register"],
        "meeting_id": world.council["session_id"],
        **world.council,
    }
    return {name: values[name] for name in names}


def build_cells(app, world: World) -> tuple[list[Cell], list[str]]:
    """Every cell of the matrix, and the routes the table does not classify."""
    cells, unclassified = [], []
    with app.test_request_context():
        for rule in _rules(app):
            if rule.endpoint not in EXPECTED:
                unclassified.append(f"unclassified route: {rule.endpoint} {rule.rule}")
                continue
            methods = [m for m in CHECKED_METHODS if m in rule.methods]
            refused = [m for m in CHECKED_METHODS if m not in rule.methods]
            for caller in CALLERS:
                variants = list(_variants(rule, world, caller))
                for state, arg, values in variants:
                    url = url_for(rule.endpoint, **values)
                    cells += [Cell(rule.endpoint, m, caller, state, arg, url) for m in methods]
                # The other method, once per caller: 405 before any view code runs.
                state, arg, values = variants[0]
                url = url_for(rule.endpoint, **values)
                cells += [Cell(rule.endpoint, m, caller, state, arg, url, False) for m in refused]
    cells.sort(
        key=lambda cell: (
            RUN_LAST.get(cell.endpoint, 0) * (cell.method == "POST"),
            expected(cell) == "302-acts",
        )
    )
    return cells, unclassified


def outcome(response) -> str:
    """The response as a matrix outcome."""
    if response.status_code in (301, 302, 303):
        location = response.headers["Location"]
        return "302-login" if "/anmelden?next=" in location else "302"
    return str(response.status_code)


def snapshot() -> tuple:
    """What a refused request must not change: row counts and the rows that carry state."""
    tables = db.metadata.sorted_tables
    counts = db.session.execute(
        select(*[select(func.count()).select_from(t).scalar_subquery() for t in tables])
    ).one()
    return (
        tuple(counts),
        db.session.execute(
            select(Proposal.id, Proposal.state, Proposal.lock_version, Proposal.owner_id).order_by(
                Proposal.id
            )
        ).all(),
        db.session.execute(
            select(User.id, User.active, User.session_token).order_by(User.id)
        ).all(),
        db.session.execute(select(ApiToken.id, ApiToken.revoked_at).order_by(ApiToken.id)).all(),
        db.session.execute(select(Body.id, Body.updated_at, Body.end_date).order_by(Body.id)).all(),
        db.session.execute(
            select(ResolutionDraft.id, ResolutionDraft.text).order_by(ResolutionDraft.id)
        ).all(),
    )


def fresh_snapshot(app) -> tuple:
    """A snapshot through a new session, so it sees what the requests committed."""
    with app.app_context():
        taken = snapshot()
        db.session.remove()
    return taken


def csrf_tokens(callers) -> dict[str, str]:
    """A valid CSRF token per caller, from a page with a form."""
    return {
        caller: web.token(
            "/anmelden" if caller in ("anonymous", "deactivated") else "/konto/passwort"
        )
        for caller, web in callers.items()
    }


def send(callers, tokens, cell: Cell) -> str | None:
    """Send one request; describe the difference from the table, if any."""
    want = expected(cell)
    client = callers[cell.caller].client
    if cell.method == "GET":
        response = client.get(cell.url)
    else:
        response = client.post(cell.url, data={"csrf_token": tokens[cell.caller]})
    got = outcome(response)
    if got != want.removesuffix("-acts"):
        return f"{label(cell)}: expected {want}, got {got}"
    return None


def label(cell: Cell) -> str:
    """A cell as one line of a failure report."""
    return f"{cell.caller:>14} {cell.method:4} {cell.url} [{cell.state or '-'}]"


def run_matrix(app, callers, tokens, cells: list[Cell]) -> list[str]:
    """Every cell, with the database compared after each POST and each run of GETs."""
    failures: list[str] = []
    baseline, unchecked = fresh_snapshot(app), []
    for index, cell in enumerate(cells):
        if problem := send(callers, tokens, cell):
            failures.append(problem)
        if expected(cell) == "302-acts":  # the one kind of cell allowed to change data
            baseline, unchecked = fresh_snapshot(app), []
            continue
        unchecked.append(cell)
        following = cells[index + 1] if index + 1 < len(cells) else None
        if (
            cell.method == "POST"
            or following is None
            or following.method == "POST"
            or following.endpoint != cell.endpoint
        ):
            current = fresh_snapshot(app)
            if current != baseline:
                span = f"{label(unchecked[0])} … {label(unchecked[-1])}"
                failures.append(f"the database changed during: {span}")
            baseline, unchecked = current, []
    return failures


# --- the JSON API: bearer tokens, not sessions ------------------------------------------------
# Runs before the page matrix, which deletes the drafts and signs everyone out at its end.
API_CALLERS = (
    None,
    "owner",
    "applicant",
    "reviewer",
    "office",
    "admin",
    "revoked",
    "deactivated",
    "forged",
)
UNAUTHENTICATED = {None, "revoked", "deactivated", "forged"}


def _api_headers(world: World, who: str | None) -> dict[str, str]:
    if who is None:
        return {}
    token = "gp_" + "A" * 43 if who == "forged" else world.tokens[who]
    return {"Authorization": f"Bearer {token}"}


def _api_visible(world: World, who: str) -> set[int]:
    """The proposal ids of the world a token's user may see through the API."""
    if who == "owner":
        return {pid for (author, _), pid in world.proposals.items() if author == "owner"}
    if who in ("reviewer", "office"):
        return {pid for (_, state), pid in world.proposals.items() if state != "draft"}
    return set()


def _api_expected(world: World, who: str | None, proposal_id: int) -> int:
    if who in UNAUTHENTICATED:
        return 401
    if who == "admin":
        return 403  # the admin role sees no proposals
    return 200 if proposal_id in _api_visible(world, who) else 404


@pytest.mark.parametrize("who", API_CALLERS)
def test_api_proposals_by_token(shared_app, world, who):
    client = shared_app.test_client()
    headers = _api_headers(world, who)
    listing = client.get(f"{API_PROPOSALS}?per_page=100", headers=headers)
    if who in UNAUTHENTICATED:
        assert listing.status_code == 401
        assert listing.headers["WWW-Authenticate"].startswith("Bearer")
    elif who == "admin":
        assert listing.status_code == 403
    else:
        assert listing.status_code == 200
        listed = {item["id"] for item in listing.get_json()["data"]}
        assert listed & set(world.proposals.values()) == _api_visible(world, who)
        assert "private" in listing.headers["Cache-Control"]
    for (author, state), proposal_id in world.proposals.items():
        response = client.get(f"{API_PROPOSALS}/{proposal_id}", headers=headers)
        want = _api_expected(world, who, proposal_id)
        assert response.status_code == want, (who, author, state, response.get_json())


# --- the web pages ----------------------------------------------------------------------------


def test_every_route_every_caller_every_state(shared_app, world, callers):
    cells, unclassified = build_cells(shared_app, world)
    assert not unclassified, "\n".join(unclassified)
    stale = sorted(set(EXPECTED) - {rule.endpoint for rule in _rules(shared_app)})
    assert not stale, f"table rows for routes that no longer exist: {stale}"
    tokens = csrf_tokens(callers)
    failures = run_matrix(shared_app, callers, tokens, cells)
    assert not failures, f"{len(failures)} of {len(cells)} cells differ:\n" + "\n".join(failures)

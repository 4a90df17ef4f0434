"""Hostile input into every form and URL: never a 5xx, never a change the form does not offer.

The forms are found by crawling every page each caller may open (the matrix's 200 cells), so
a new form is fuzzed without being listed here.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from flask import url_for
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import MethodNotAllowed, NotFound

from app.extensions import db
from app.models import Proposal, User
from tests.security.forms import Form, forms_of
from tests.security.matrix import EXPECTED, Cell, expected
from tests.security.test_authorization_matrix import _rules, _variants
from tests.security.world import CALLERS, World
from workflows.proposal import transition

MASS_ASSIGNMENT = ("state", "owner_id", "lock_version", "reference", "body_id", "id", "roles")
NOT_HTML = (".pdf", ".csv", "/api/", "/oparl/", "/healthz")
# Forms that only confirm an action (no field to fill) are not fuzzed: the matrix sends them.
NASTY = [
    "",
    " ",
    "A" * 20_000,
    "\x00",
    "\r\nSet-Cookie: x=1",
    "\u202e\u0000\ufeff",
    "{{ 7*7 }}",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "2026/99",
    "-1",
    "99999999999999999999",
    "31.02.2026",
]
hostile_text = st.one_of(
    st.sampled_from(NASTY),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=300),
    st.text(st.characters(max_codepoint=0x1F), max_size=20),
)


def _html_pages(app, world: World) -> list[tuple[str, str]]:
    """(caller, URL) of every HTML page a caller may open, per the matrix."""
    pages = []
    with app.test_request_context():
        for rule in _rules(app):
            if "GET" not in rule.methods:
                continue
            for caller in CALLERS:
                for state, arg, values in _variants(rule, world, caller):
                    url = url_for(rule.endpoint, **values)
                    cell = Cell(rule.endpoint, "GET", caller, state, arg, url)
                    if not any(part in url for part in NOT_HTML) and expected(cell) == "200":
                        pages.append((caller, url))
    return pages


def _endpoint(app, form: Form, page: str) -> str | None:
    path = urlsplit(form.action or page).path
    try:
        endpoint, _ = app.url_map.bind("localhost").match(path, method=form.method.upper())
    except (NotFound, MethodNotAllowed):
        return None
    return endpoint


def discover_forms(app, world: World, callers) -> list[tuple[str, str, str, Form]]:
    """(caller, page, endpoint, form) for each distinct fillable form."""
    found, seen = [], set()
    for caller, page in _html_pages(app, world):
        html = callers[caller].client.get(page).get_data(as_text=True)
        for form in forms_of(html):
            endpoint = _endpoint(app, form, page)
            names = frozenset(f.name for f in form.user_fields)
            key = (endpoint, caller in ("anonymous", "deactivated"), names)
            if not names or endpoint is None or key in seen:
                continue
            seen.add(key)
            found.append((caller, page, endpoint, form))
    return found


def guarded_state() -> tuple:
    """What no form may change as a side effect: proposals' identity and state, accounts."""
    with db.session.no_autoflush:
        proposals = db.session.execute(
            select(Proposal.id, Proposal.state, Proposal.owner_id, Proposal.reference).order_by(
                Proposal.id
            )
        ).all()
        accounts = db.session.scalars(select(User).order_by(User.id))
        users = [(u.id, u.active, tuple(sorted(u.roles))) for u in accounts]
    return tuple(proposals), tuple(sorted(users))


def fresh_guarded_state(app) -> tuple:
    with app.app_context():
        state = guarded_state()
        db.session.remove()
    return state


@st.composite
def hostile_form(draw, form: Form) -> MultiDict:
    """The form's own defaults with hostile values, extra keys and repeated parameters."""
    data = MultiDict(form.defaults())
    for f in form.user_fields:
        if draw(st.booleans()):
            data.setlist(f.name, [draw(hostile_text)])
    for name in draw(st.lists(st.sampled_from(MASS_ASSIGNMENT), max_size=3, unique=True)):
        data.add(name, draw(st.sampled_from(["1", "2", "established", "admin", "-1", "X" * 300])))
    for _ in range(draw(st.integers(0, 2))):
        data.add(draw(st.text(min_size=1, max_size=30)), draw(hostile_text))
    if form.user_fields and draw(st.booleans()):
        repeated = draw(st.sampled_from(form.user_fields)).name
        data.add(repeated, draw(hostile_text))
    return data


def _allowed_moves(app, endpoint: str, form: Form, page: str) -> dict[int, str]:
    """The one state change a form may make: an action form moves its proposal to dest."""
    if endpoint != "workflow.fire_action":
        return {}
    path = urlsplit(form.action or page).path
    _, values = app.url_map.bind("localhost").match(path, method="POST")
    return {values["proposal_id"]: transition(values["trigger"]).dest}


def _unchanged(before: tuple, after: tuple, moves: dict[int, str]) -> bool:
    """Proposals are as before, except a permitted move of the action form's proposal."""
    if len(before) != len(after):
        return False
    for old, new in zip(before, after, strict=True):
        if old != new and not (
            old.id == new.id
            and old.id in moves
            and new.state == moves[old.id]
            and (old.owner_id, old.reference) == (new.owner_id, new.reference)
        ):
            return False
    return True


def _fuzz(app, web, token: str, page: str, endpoint: str, form: Form) -> None:
    guarded = fresh_guarded_state(app)
    # Only account administration may change accounts; only action forms move a proposal.
    may_change_accounts = endpoint.startswith("admin.")
    moves = _allowed_moves(app, endpoint, form, page)

    @settings(
        max_examples=15,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=hostile_form(form))
    def post(data):
        data.setlist("csrf_token", [token])
        action = form.action or page
        if form.method == "post":
            response = web.client.post(action, data=data)
        else:
            response = web.client.get(action, query_string=data)
        assert response.status_code < 500, (endpoint, dict(data.lists()))
        after = fresh_guarded_state(app)
        assert _unchanged(guarded[0], after[0], moves), f"{endpoint} changed a proposal: {data}"
        if not may_change_accounts:
            assert after[1] == guarded[1], f"{endpoint} changed an account"

    post()


def test_every_form_survives_hostile_input(shared_app, world, callers):
    forms = discover_forms(shared_app, world, callers)
    endpoints = {endpoint for _, _, endpoint, _ in forms}
    # The crawl must reach the forms that matter (if this shrinks, the crawl broke).
    for needed in (
        "auth.login",
        "auth.change_password",
        "proposals.edit_step",
        "workflow.fire_action",
        "workflow.post_remark",
        "documents.edit_vorlage",
        "documents.new_bundle",
        "registry.new_body",
        "registry.edit_body",
        "registry.index",
        "admin.create_user",
        "admin.edit_user",
        "api_admin.issue_token",
    ):
        assert needed in endpoints, f"no form of {needed} found"
    tokens = {}
    # Action forms may legitimately move their proposal: fuzz them last.
    forms.sort(key=lambda found: found[2] == "workflow.fire_action")
    for caller, page, endpoint, form in forms:
        if caller not in tokens:
            signed_out = caller in ("anonymous", "deactivated")
            tokens[caller] = callers[caller].token("/anmelden" if signed_out else "/konto/passwort")
        _fuzz(shared_app, callers[caller], tokens[caller], page, endpoint, form)


BROKEN_UTF8 = ("%ff%fe", "%c3%28", "%ed%a0%80", "%00", "%e2%82")


@pytest.mark.parametrize("caller", ["anonymous", "owner", "office"])
def test_invalid_utf8_in_paths_and_query_strings(shared_app, world, callers, caller):
    client = callers[caller].client
    paths = ["/antraege/%ff%fe", "/gremien/%c3%28", "/dokumente/beschluesse/%ff.pdf"]
    paths += [f"/antraege/{world.proposals[('owner', 'draft')]}/schritt/{b}" for b in BROKEN_UTF8]
    paths += [f"/antraege/{world.proposals[('owner', 'review')]}/aktion/{b}" for b in BROKEN_UTF8]
    for path in paths:
        assert client.get(path).status_code < 500, path
    pages = {url for _, url in _html_pages(shared_app, world)} | {
        "/api/v1/bodies",
        "/api/v1/decisions",
        "/oparl/v1/bodies/1/organizations",
    }
    for page in sorted(pages):
        for broken in BROKEN_UTF8[:2]:
            query = f"q={broken}&seite={broken}&page={broken}&kind={broken}&next={broken}"
            response = client.get(f"{page}?{query}")
            assert response.status_code < 500, (page, query)


def test_every_route_is_classified_before_fuzzing(shared_app):
    # The crawl relies on the matrix table; a route without a row is not crawled.
    assert {rule.endpoint for rule in _rules(shared_app)} <= set(EXPECTED)

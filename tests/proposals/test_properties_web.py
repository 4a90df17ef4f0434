"""Hostile input through the real step forms: never a 5xx, the stored JSON always valid."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.models.body import Body
from app.models.proposal import Proposal
from app.proposals.schema import STEPS, Field, section
from app.proposals.schema_types import BODY_REF, BOOL, CHOICE, DATE, DECIMAL, INTEGER, MULTICHOICE
from app.proposals.validation import validate_document
from tests.factories_proposals import make_proposal, seed_registry

HOSTILE_TEXT = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(max_codepoint=0x9F), max_size=20),
    st.sampled_from(["\x00", "a\u202eb", "x" * 201, "y" * 5001, "<script>", " ", "\r\n"]),
)
DATES = st.sampled_from(["31.02.2026", "2026-13-01", "01.01.2026", "1.1.1900", "2099-12-31"])
NUMBERS = st.sampled_from(["1,5", "1.555", "-1", "1e9", "0", "100000001", "12", "abc"])
ROW_INDICES = st.sampled_from(["0", "1", "2", "59", "99", "007", "1000000"])


def value_strategy(found: Field, body_ids: list[int]) -> st.SearchStrategy:
    """Plausible and hostile raw values for one input."""
    if found.type in (CHOICE, MULTICHOICE):
        plausible = st.sampled_from([*found.option_values, "", "unbekannt"])
    elif found.type == BODY_REF:
        plausible = st.sampled_from([*map(str, body_ids), "0", "999999", "abc"])
    elif found.type == DATE:
        plausible = DATES
    elif found.type in (INTEGER, DECIMAL):
        plausible = NUMBERS
    elif found.type == BOOL:
        plausible = st.sampled_from(["y", "", "vielleicht"])
    else:
        plausible = HOSTILE_TEXT
    single = st.one_of(plausible, HOSTILE_TEXT)
    return st.lists(single, min_size=1, max_size=3) if found.type == MULTICHOICE else single


def step_input(step_key: str, body_ids: list[int]) -> st.SearchStrategy:
    """Form input for one step: any subset of its fields, rows with forged indices, junk."""
    parts = []
    for section_key in next(spec for spec in STEPS if spec.key == step_key).sections:
        for found in section(section_key).fields:
            if not found.is_list:
                parts.append(st.tuples(st.just(found.key), value_strategy(found, body_ids)))
                continue
            for sub in found.rows:
                name = st.builds(lambda i, f=found, s=sub: f"{f.key}-{i}-{s.key}", ROW_INDICES)
                parts.append(st.tuples(name, value_strategy(sub, body_ids)))
    junk = st.tuples(st.text(max_size=15), st.text(max_size=15))
    return st.lists(st.one_of(*parts, junk), max_size=25).map(dict)


ACTIONS = st.sampled_from(["next", "stay", "add:tasks", "remove:tasks-0", "remove:x-1", "", "🙂"])


@pytest.fixture
def setting(db, user_factory, web):
    """A signed-in applicant with one draft, the registry and a CSRF token."""
    body_ids = sorted(seed_registry().values())
    owner = user_factory("applicant")
    proposal = make_proposal(owner)
    db.session.commit()
    web.login(owner)
    token = web.token(f"/antraege/{proposal.id}/bearbeiten")
    return web.client, proposal.id, body_ids, token


@pytest.mark.parametrize("step_key", [spec.key for spec in STEPS])
def test_hostile_step_input_never_breaks_the_stored_document(db, setting, step_key):
    client, proposal_id, body_ids, token = setting

    @settings(
        max_examples=30,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=step_input(step_key, body_ids), action=ACTIONS, stale=st.booleans())
    def check(data, action, stale):
        db.session.expire_all()
        version = db.session.get(Proposal, proposal_id).lock_version - (1 if stale else 0)
        payload = {**data, "csrf_token": token, "lock_version": str(version), "action": action}
        response = client.post(f"/antraege/{proposal_id}/schritt/{step_key}", data=payload)
        assert response.status_code < 500
        db.session.expire_all()
        stored = db.session.get(Proposal, proposal_id).content
        assert validate_document(stored, body_ids=set(body_ids)) == []

    check()
    assert db.session.query(Body).count() == len(body_ids)

"""Operations on drafts: reference numbers, saving a step, conflicts, deletion."""

from __future__ import annotations

from datetime import date

import pytest
from werkzeug.datastructures import MultiDict

from app.domain import ConflictError, PermissionDenied
from app.models.proposal import Proposal, ProposalVersion
from app.proposals import operations
from app.proposals.validation import validate_document
from tests.factories import make_user
from tests.factories_proposals import make_complete_proposal, seed_registry, step_input
from tests.factories_steckbrief import complete_steckbrief


@pytest.fixture
def bodies(db):
    return seed_registry()


@pytest.fixture
def owner(db):
    return make_user("applicant")


def test_reference_numbers_count_up_per_year(db, owner):
    first = operations.create_proposal(owner, today=date(2026, 3, 1))
    second = operations.create_proposal(owner, today=date(2026, 5, 1))
    other_year = operations.create_proposal(owner, today=date(2027, 1, 2))
    assert (first.reference, second.reference) == ("GS-2026-0001", "GS-2026-0002")
    assert other_year.reference == "GS-2027-0001"
    assert first.state == "draft" and first.content == {} and first.lock_version == 1


def test_a_taken_reference_is_retried_once(db, owner, monkeypatch):
    taken = operations.create_proposal(owner, today=date(2026, 1, 1))
    calls = []
    real = operations.next_reference

    def stale_first(year):
        calls.append(year)
        return taken.reference if len(calls) == 1 else real(year)

    monkeypatch.setattr(operations, "next_reference", stale_first)
    created = operations.create_proposal(owner, today=date(2026, 1, 1))
    assert created.reference == "GS-2026-0002"
    assert len(calls) == 2


def test_only_applicants_create_proposals(db):
    with pytest.raises(PermissionDenied):
        operations.create_proposal(make_user("reviewer"))


def test_save_step_stores_cleaned_json_and_the_queried_columns(db, owner, bodies):
    proposal = operations.create_proposal(owner)
    raw = MultiDict(
        {
            "name": "  Projektgruppe Barrierefreiheit ",
            "short_name": "PG BF",
            "kind": "projektgruppe",
            "focus_topic": "digitale_infrastruktur",
            "parent_body": str(bodies["it-planungsrat"]),
            "start_date": "01.01.2026",
            "end_date": "2027-12-31",
        }
    )
    assert operations.save_step(proposal, owner, "basics", raw, 1) == {}
    assert proposal.content["master_data"]["name"] == "Projektgruppe Barrierefreiheit"
    assert proposal.content["establishment"]["start_date"] == "2026-01-01"
    assert proposal.title == "Projektgruppe Barrierefreiheit"
    assert (proposal.short_name, proposal.kind) == ("PG BF", "projektgruppe")
    assert proposal.parent_body_id == bodies["it-planungsrat"]
    assert proposal.end_date == date(2027, 12, 31) and proposal.open_ended is False
    assert proposal.lock_version == 2
    assert validate_document(proposal.content, body_ids=set(bodies.values())) == []


def test_save_step_with_errors_stores_nothing(db, owner, bodies):
    proposal = operations.create_proposal(owner)
    raw = MultiDict({"name": "Gut", "start_date": "31.02.2026", "kind": "projektgruppe"})
    errors = operations.save_step(proposal, owner, "basics", raw, 1)
    assert errors == {"start_date": "Dieses Datum gibt es nicht. Bitte prüfen Sie Tag und Monat."}
    assert proposal.content == {} and proposal.title == ""


def test_cross_section_rule_is_checked_within_step_one(db, owner, bodies):
    proposal = operations.create_proposal(owner)
    raw = MultiDict({"kind": "projektgruppe", "open_ended": "y"})
    errors = operations.save_step(proposal, owner, "basics", raw, 1)
    assert "end_date" in errors and proposal.content == {}


def test_a_stale_version_is_a_conflict(db, owner, bodies):
    proposal = operations.create_proposal(owner)
    operations.save_step(proposal, owner, "mandate", MultiDict({"reason": "A"}), 1)
    with pytest.raises(ConflictError):
        operations.save_step(proposal, owner, "mandate", MultiDict({"reason": "B"}), 1)
    assert proposal.content["mandate"]["reason"] == "A"


def test_only_the_owner_saves_and_only_a_draft(db, owner, bodies):
    proposal = operations.create_proposal(owner)
    with pytest.raises(PermissionDenied):
        operations.save_step(proposal, make_user("applicant"), "mandate", MultiDict(), 1)
    proposal.state = "review"
    db.session.flush()
    with pytest.raises(PermissionDenied):
        operations.save_step(proposal, owner, "mandate", MultiDict(), proposal.lock_version)


def test_a_complete_steckbrief_round_trips_through_every_step(db, owner, bodies):
    proposal = make_complete_proposal(owner, bodies)
    expected = complete_steckbrief(body_id=bodies["it-planungsrat"])
    assert proposal.content == expected
    assert step_input(proposal.content, "contacts")["contacts-0-name"] == "Erika Mustermann"


def test_delete_draft_removes_a_never_submitted_draft(db, owner):
    proposal = operations.create_proposal(owner)
    operations.delete_draft(proposal, owner)
    assert db.session.get(Proposal, proposal.id) is None


def test_delete_draft_refuses_others_and_submitted_drafts(db, owner):
    proposal = operations.create_proposal(owner)
    with pytest.raises(PermissionDenied):
        operations.delete_draft(proposal, make_user("applicant"))
    version = ProposalVersion(number=1, content={}, sha256="0" * 64, created_by_id=owner.id)
    proposal.versions.append(version)
    db.session.flush()
    with pytest.raises(PermissionDenied):
        operations.delete_draft(proposal, owner)


def test_demo_drafts_are_realistic_and_seeded_once(db, bodies):
    from app.cli import seed_demo_users
    from app.proposals.demo import DEMO_APPLICANT, seed_demo_proposals
    from app.proposals.queries import body_names, overview

    seed_demo_users()
    assert seed_demo_proposals() == "Beispielanträge: 2 neu."
    assert seed_demo_proposals() == "Beispielanträge: 0 neu."
    drafts = {p.title: p for p in db.session.query(Proposal).all()}
    complete = drafts["Projektgruppe Schnittstellenregister für Online-Dienste"]
    assert complete.owner.email == DEMO_APPLICANT
    assert overview(complete.content, body_names()).missing == []
    half = overview(drafts["Projektgruppe Dachmarke und Domain-Strategie"].content, body_names())
    assert half.missing and half.needed == {bodies["pg-dachmarke-domain"]}


def test_the_limits_document_is_up_to_date():
    from app.proposals.limits_doc import DOC_PATH, limits_markdown

    assert DOC_PATH.read_text(encoding="utf-8") == limits_markdown()

"""What the start page counts and what a returned draft tells its owner (SQLite and PG)."""

from __future__ import annotations

from app.main.start import OfficeStart, applicant_start, office_start, reviewer_start
from app.models.document import DocumentKind, IssuedDocument
from app.proposals.queries import return_notes
from app.workflow import operations
from app.workflow.page import outcome
from app.workflow.queries import events_of
from tests.workflow.helpers import make_proposal, to_resolution, to_review


def test_return_notes_carry_the_latest_comment(db, cast, proposal):
    to_review(proposal, cast)
    operations.return_proposal(proposal, cast.reviewer1, {"comment": "Erste Runde."})
    operations.submit_proposal(proposal, cast.owner)
    operations.return_proposal(proposal, cast.reviewer2, {"comment": "Zweite Runde."})
    db.session.commit()
    notes = return_notes(cast.owner)
    assert [(note.proposal_id, note.comment) for note in notes] == [(proposal.id, "Zweite Runde.")]
    assert return_notes(cast.owner, proposal.id)[0].reference == proposal.reference
    assert return_notes(cast.outsider) == []
    assert outcome(proposal, events_of(proposal)).entry.inputs == [("Kommentar", "Zweite Runde.")]


def test_a_draft_never_submitted_has_no_return_note_nor_outcome(db, cast, proposal):
    assert return_notes(cast.owner) == []
    assert outcome(proposal, events_of(proposal)) is None
    assert applicant_start(cast.owner).drafts == [(proposal.id, proposal.reference, proposal.title)]


def test_reviewer_counts_exclude_own_and_count_missing_approvals(db, cast, proposal):
    to_review(proposal, cast)
    own = make_proposal(cast.reviewer_owner, cast.parent)
    operations.submit_proposal(own, cast.reviewer_owner)
    db.session.commit()
    assert reviewer_start(cast.reviewer_owner).in_review == 1
    operations.approve_proposal(proposal, cast.reviewer_owner, {"recommendation": "Gut."})
    db.session.commit()
    counts = reviewer_start(cast.reviewer_owner)
    assert (counts.in_review, counts.without_my_approval) == (1, 0)
    assert reviewer_start(cast.reviewer1).without_my_approval == 2


def test_office_counts_proposals_with_and_without_vorlage(db, cast, proposal):
    to_resolution(proposal, cast)
    db.session.commit()
    assert office_start() == OfficeStart(1, 1, 0)
    db.session.add(
        IssuedDocument(
            kind=DocumentKind.VORLAGE.value,
            proposal_id=proposal.id,
            filename="Beschlussvorlage.pdf",
            sha256="0" * 64,
            size=8,
            data=b"%PDF-1.7",
            created_by_id=cast.office.id,
        )
    )
    db.session.commit()
    assert office_start() == OfficeStart(1, 0, 1)

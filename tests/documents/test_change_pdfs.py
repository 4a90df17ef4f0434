"""The documents of a change say which earlier decision they change (real PDFs, read back)."""

from __future__ import annotations

import copy
from datetime import date

from sqlalchemy import select

from app.documents import operations as documents
from app.models import Decision
from app.proposals import changes
from app.proposals.operations import sync_columns
from app.workflow import operations
from tests.documents.pdfs import flat_text, reader
from tests.workflow.helpers import make_cast, make_proposal, to_established


def _changed(db):
    """Beschluss 2026/07 established a Projektgruppe; a change extends it to 31.12.2028."""
    cast = make_cast()
    proposal = make_proposal(cast.owner, cast.parent)
    to_established(proposal, cast)
    change, _kind = changes.start_change(proposal.body, cast.office, "extend")
    content = copy.deepcopy(change.content)
    content["establishment"]["end_date"] = "2028-12-31"
    content["leadership"]["chair"] = "Hessen"
    change.content = content
    sync_columns(change, content)
    operations.submit_for_decision(change, cast.office)
    db.session.commit()
    return cast, proposal, change


def test_the_vorlage_of_a_change_names_the_decision_it_changes(db):
    _cast, _proposal, change = _changed(db)
    text = flat_text(documents.vorlage_pdf(documents.vorlage_snapshot(change)))
    assert "(ändert Beschluss 2026/07)" in text
    assert "Ändert Beschluss 2026/07" in text
    assert "Der IT-Planungsrat ändert seinen Beschluss 2026/07" in text
    assert "Die Befristung wird bis zum 31.12.2028 verlängert." in text
    assert "Vorsitz: Hessen" in text


def test_the_beschluss_of_a_change_and_of_the_dissolution_name_what_they_change(db):
    cast, proposal, change = _changed(db)
    wording = documents.current_resolution_text(change)
    operations.decide_change(
        change,
        cast.office,
        {
            "decision_number": "2026/31",
            "decision_date": date(2026, 11, 20),
            "session": "45",
            "decision_text": wording,
        },
    )
    db.session.commit()
    decision = db.session.scalars(select(Decision).where(Decision.number == "2026/31")).one()
    data = documents.issue_beschluss(decision, cast.office).data
    text = flat_text(data)
    assert "IT-Planungsrat | 20.11.2026 | 45. Sitzung | Beschluss 2026/31" in text
    assert "Ändert Beschluss 2026/07" in text
    assert "bis zum 31.12.2028 verlängert" in text
    assert reader(data).metadata.title.startswith("Beschluss 2026/31")
    operations.dissolve_body(
        proposal,
        cast.office,
        {"dissolution_date": date(2026, 11, 30), "decision_number": "2026/40", "session": "45"},
    )
    db.session.commit()
    dissolution = db.session.scalars(select(Decision).where(Decision.number == "2026/40")).one()
    text = flat_text(documents.issue_beschluss(dissolution, cast.office).data)
    assert "Ändert Beschluss 2026/31" in text  # the version in force when it was dissolved
    assert "Er hebt seinen Beschluss 2026/31 auf." in text

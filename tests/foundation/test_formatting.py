"""One way to show a value: the same stored values read the same on the proposal page, in the
reviewers' diff, in the PDF, in the CSV exports, in the e-mails and in the histories."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from app.documents import operations as documents
from app.documents.formatting import display as pdf_value
from app.extensions import db as _db
from app.formatting import (
    body_reference,
    german_date,
    german_datetime,
    german_decimal,
    german_number,
    today_berlin,
)
from app.models import Body, HistoryEvent, IssuedDocument, OutboxMessage
from app.proposals.display import format_value as page_value
from app.proposals.schema import SECTIONS, field
from app.workflow import operations
from app.workflow.display import format_value as diff_value
from tests.documents.pdfs import flat_text
from tests.factories_motion import give_motion
from tests.workflow.helpers import ESTABLISH, make_cast, make_proposal, to_review

GOALS_TITLE = next(spec.title for spec in SECTIONS if spec.key == "goals")


@pytest.fixture
def cast(db):
    people = make_cast()
    db.session.commit()
    return people


@pytest.fixture
def context(app):
    with app.test_request_context("/"):
        yield


def test_the_primitives_speak_german_in_berlin_time(context):
    assert german_date(date(2026, 12, 2)) == "02.12.2026"
    assert german_date("2026-12-02") == "02.12.2026"
    assert german_date(None) == german_date("") == ""
    assert german_date("kein Datum") == "kein Datum"
    # a timestamp's day is its day in Berlin: 23:30 UTC on 31 December is New Year's Day there
    assert german_date(datetime(2026, 12, 31, 23, 30, tzinfo=UTC)) == "01.01.2027"
    assert german_datetime(datetime(2026, 7, 2, 23, 59, tzinfo=UTC)) == "03.07.2026, 01:59 Uhr"
    assert german_datetime(datetime(2026, 1, 2, 3, 4)) == "02.01.2026, 04:04 Uhr"  # naive = UTC
    assert german_datetime(None) == ""
    assert german_decimal("150000.50") == "150.000,50"
    assert german_decimal(Decimal("1.5"), 2) == "1,50"
    assert german_decimal("abc") == "abc"
    assert german_number(10000) == "10.000"
    assert body_reference(7) == "Gremium Nr. 7"
    assert today_berlin() == datetime.now(ZoneInfo("Europe/Berlin")).date()


@pytest.mark.parametrize(
    ("section_key", "key", "stored", "shown"),
    [
        ("resources", "budget_amount", "150000.50", "150.000,50"),
        ("resources", "staff_fte", "1.50", "1,50"),
        ("resources", "person_days", 12000, "12.000"),
        ("establishment", "start_date", "2026-12-02", "02.12.2026"),
        ("master_data", "parent_body", 7, "Gremium Nr. 7"),
        ("master_data", "kind", "projektgruppe", "Projektgruppe"),
    ],
)
def test_page_diff_and_pdf_show_a_steckbrief_value_alike(context, section_key, key, stored, shown):
    spec = field(section_key, key)
    assert page_value(spec, stored, {}) == diff_value(spec, stored, {}) == shown
    assert pdf_value(spec, stored, {}) == shown


def _through_the_workflow(app, db, cast):
    """v1 with a budget of 120000.00, returned with a remark on the goals, v2 with 150000.50;
    approved, a Vorlage issued, established by Beschluss 2026/07 of 17.03.2026."""
    app.config["OVERLAP_THRESHOLD"] = 1000
    proposal = make_proposal(cast.owner, cast.parent)
    content = copy.deepcopy(proposal.content)
    content["resources"]["budget_amount"] = "120000.00"
    proposal.content = content
    to_review(proposal, cast)
    remarks = {"goals": "Ziele messbar machen."}
    operations.return_proposal(proposal, cast.reviewer1, {"comment": "Bitte.", "remarks": remarks})
    content = copy.deepcopy(proposal.content)
    content["resources"]["budget_amount"] = "150000.50"
    proposal.content = content
    to_review(proposal, cast)
    give_motion(proposal, cast.owner)
    operations.approve_proposal(proposal, cast.reviewer1, {"recommendation": "Empfohlen."})
    operations.approve_proposal(proposal, cast.reviewer2, {"recommendation": "Ja."})
    document = documents.issue_vorlage(proposal, cast.office)
    operations.establish_body(proposal, cast.office, dict(ESTABLISH))
    db.session.commit()
    return proposal, document


def test_every_output_shows_the_stored_values_alike(app, db, web, cast):
    proposal, document = _through_the_workflow(app, db, cast)
    body = db.session.get(Body, proposal.body_id)
    web.login(cast.office)
    page = web.client.get(f"/antraege/{proposal.id}").get_data(as_text=True)
    pdf = web.client.get(f"/dokumente/antraege/{proposal.id}/versionen/2/steckbrief.pdf")
    documents_page = web.client.get(f"/dokumente/antraege/{proposal.id}").get_data(as_text=True)
    registry_csv = web.client.get("/gremien/export.csv").get_data(as_text=True)
    proposals_csv = web.client.get("/gremien/antraege.csv").get_data(as_text=True)
    body_page = web.client.get(f"/gremien/{body.key}").get_data(as_text=True)
    mail = _db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.subject.contains("Eingesetzt"))
    ).first()
    with app.test_request_context("/"):
        issued = german_datetime(document.created_at)
        issued_utc = document.created_at.replace(tzinfo=UTC).strftime("%d.%m.%Y, %H:%M Uhr")
        start, end = german_date(body.start_date), german_date(body.end_date)
        created = german_datetime(proposal.created_at)
        events = _db.session.scalars(
            select(HistoryEvent).where(HistoryEvent.proposal_id == proposal.id)
        ).all()
        event_times = {german_datetime(event.occurred_at) for event in events}

    # The budget: the page, both sides of the diff and the PDF agree
    assert "150.000,50" in page and "120.000,00" in page
    assert "150000,50" not in page and "150000.50" not in page
    assert "150.000,50" in flat_text(pdf.data)
    # Dates and times: the history, the e-mail, the documents page, the registry and the CSVs
    assert "Beschlussdatum: 17.03.2026" in page and "2026-03-17" not in page
    assert mail is not None and "Beschlussdatum: 17.03.2026" in mail.body
    assert issued in documents_page and issued_utc not in documents_page
    assert any(when in page for when in event_times)
    assert f"{end}" in body_page and f";{end}" in registry_csv.replace('"', "")
    assert start in body_page and start in registry_csv
    assert created in proposals_csv
    # No internal key reaches a reader
    assert f"Anmerkungen: {GOALS_TITLE}: Ziele messbar machen." in page
    assert "Dokument: Beschlussvorlage" in page
    for key in ("goals:", ": vorlage", "document_issued", "registry_created"):
        assert key not in page and key not in body_page


def test_a_documents_issue_time_is_berlin_time_on_every_page(app, db, web, cast):
    proposal, _document = _through_the_workflow(app, db, cast)
    web.login(cast.office)
    moment = datetime(2026, 12, 4, 23, 30, tzinfo=UTC)  # already 5 December in Berlin
    for document in _db.session.scalars(select(IssuedDocument)):
        document.created_at = moment
    _db.session.commit()
    documents_page = web.client.get(f"/dokumente/antraege/{proposal.id}").get_data(as_text=True)
    assert "05.12.2026, 00:30 Uhr" in documents_page
    assert "04.12.2026" not in documents_page

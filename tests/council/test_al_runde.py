"""The AL-Runde's Beschlussempfehlung: recorded by the office, dated consistently, in the
history, on the proposal page and in the Beschlussvorlage (read back from the PDF)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from app.formatting import today_berlin
from app.models import AlRecommendation, HistoryEvent
from tests.documents.pdfs import flat_text
from tests.workflow.helpers import to_resolution, to_review
from tests.workflow.test_views import page_url, text_of

TEXT = "Die AL-Runde empfiehlt dem IT-Planungsrat, die Projektgruppe einzusetzen."


def url(proposal) -> str:
    return f"/geschaeftsstelle/it-planungsrat/antraege/{proposal.id}/al-runde"


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_office_records_it_and_it_shows_everywhere(db, web, cast, proposal):
    to_resolution(proposal, cast)
    db.session.commit()
    web.login(cast.office)
    data = {"recommended_on": "10.02.2026", "text": TEXT}
    response = web.post(url(proposal), data, form_url=page_url(proposal))
    assert response.status_code == 302
    page = text_of(web.client.get(page_url(proposal)))
    assert "Beschlussempfehlung der AL-Runde" in page and "10.02.2026" in page and TEXT in page
    assert "Beschlussempfehlung der AL-Runde erfasst" in page  # the history
    [event] = db.session.scalars(
        select(HistoryEvent).where(HistoryEvent.action == "al_recommendation")
    ).all()
    assert event.inputs == {"recommended_on": "2026-02-10", "text": TEXT}
    vorlage = f"/dokumente/antraege/{proposal.id}/beschlussvorlage"
    issued = web.post(vorlage, {"text": "1. Der IT-Planungsrat beschließt.", "action": "issue"})
    assert issued.status_code == 302
    pdf = web.client.get(f"{vorlage}.pdf")
    assert pdf.status_code == 200
    text = flat_text(pdf.data)
    assert "Beschlussempfehlung der AL-Runde" in text
    assert "Die Abteilungsleiterrunde hat am 10.02.2026 empfohlen:" in text and TEXT in text
    assert "Antrag nach § 1 Abs. 5" in text and "Staatsvertrag Bund Steckbrief" in text


def assert_refused(db, web, proposal, data, status: int, message: str) -> None:
    before = (count(db, AlRecommendation), count(db, HistoryEvent))
    response = web.post(url(proposal), data, form_url=page_url(proposal))
    assert response.status_code == status
    assert message in text_of(response)
    assert (count(db, AlRecommendation), count(db, HistoryEvent)) == before


def test_dates_and_bad_input_are_refused(db, web, cast, proposal):
    to_resolution(proposal, cast)
    proposal.latest_version.created_at = datetime(2026, 3, 20, 10, 0, tzinfo=UTC)
    db.session.commit()
    web.login(cast.office)
    tomorrow = (today_berlin() + timedelta(days=1)).isoformat()
    cases = [
        ({"recommended_on": tomorrow, "text": TEXT}, "liegt in der Zukunft"),
        (
            {"recommended_on": "19.03.2026", "text": TEXT},
            "Das Datum der Empfehlung 19.03.2026 liegt vor der Einreichung der Fassung 1 am "
            "20.03.2026.",
        ),
        ({"recommended_on": "31.02.2026", "text": TEXT}, "Dieses Datum gibt es nicht"),
        ({"recommended_on": "20.03.2026", "text": ""}, "Bitte geben Sie die Empfehlung ein."),
        ({"recommended_on": "20.03.2026", "text": "a\x00b"}, "Steuerzeichen"),
        ({"recommended_on": "20.03.2026", "text": "x" * 5001}, "Höchstens 5000 Zeichen."),
    ]
    for data, message in cases:
        assert_refused(db, web, proposal, data, 400, message)
    response = web.client.post(url(proposal), data={"recommended_on": "20.03.2026", "text": TEXT})
    assert response.status_code == 400  # no CSRF token
    assert count(db, AlRecommendation) == 0
    ok = web.post(url(proposal), {"recommended_on": "20.03.2026", "text": TEXT})
    assert ok.status_code == 302  # the submission's day itself is fine


def test_only_the_office_and_only_before_the_decision(db, web, cast, proposal):
    to_review(proposal, cast)
    db.session.commit()
    data = {"recommended_on": date(2026, 2, 10).isoformat(), "text": TEXT}
    web.login(cast.office)
    assert_refused(db, web, proposal, data, 409, "nur für Anträge zur Beschlussfassung")
    web.logout()
    web.login(cast.reviewer1)
    assert_refused(db, web, proposal, data, 403, "Nur die Geschäftsstelle")

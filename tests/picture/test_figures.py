"""The office's figures: the numbers are right, the charts show them, the CSV carries them."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

from app.extensions import db as _db
from app.formatting import today_berlin
from app.models import Decision, Proposal, ProposalVersion
from tests.conftest import Browserless
from tests.registry.conftest import add_body, element_by_id, parse_html, text_of
from workflows.proposal import ProposalState

URL = "/geschaeftsstelle/kennzahlen"
_numbers = itertools.count(1)


def add_decided(owner, submitted: date, decided: date, kind="establish", state="established"):
    """A proposal first submitted at noon UTC on ``submitted``, resubmitted (returned for
    revision) five days later, and decided on ``decided``."""
    number = next(_numbers)
    first = datetime(submitted.year, submitted.month, submitted.day, 12, tzinfo=UTC)
    proposal = Proposal(
        reference=f"K-{number:04d}",
        owner_id=owner.id,
        state=state,
        title=f"Antrag {number}",
        kind="projektgruppe",
        content={},
        submitted_at=first + timedelta(days=5),
    )
    _db.session.add(proposal)
    _db.session.flush()
    for version, when in enumerate((first, first + timedelta(days=5)), start=1):
        _db.session.add(
            ProposalVersion(
                proposal_id=proposal.id,
                number=version,
                content={},
                sha256="0" * 64,
                created_by_id=owner.id,
                created_at=when,
            )
        )
    _db.session.add(
        Decision(
            number=f"{decided.year}/{number:02d}",
            year=decided.year,
            sequence=number,
            decided_on=decided,
            session="42",
            title=proposal.title,
            text="Der IT-Planungsrat beschließt.",
            kind=kind,
            proposal_id=proposal.id,
        )
    )
    _db.session.flush()
    return proposal


def _csv(client, slug: str) -> list[list[str]]:
    response = client.get(f"{URL}/{slug}.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    text = response.get_data(as_text=True).lstrip("\ufeff")
    return [line.split(";") for line in text.splitlines()]


def test_time_to_decision_per_year_median_and_range(office_web, office, db, seeded):
    add_decided(office, date(2025, 1, 1), date(2025, 1, 11))  # 10 days
    add_decided(office, date(2025, 2, 1), date(2025, 2, 21))  # 20 days
    add_decided(office, date(2025, 3, 1), date(2025, 4, 15), kind="decline", state="rejected")
    add_decided(office, date(2026, 1, 1), date(2026, 1, 31))  # 30 days
    add_decided(office, date(2026, 2, 1), date(2026, 2, 6))  # 5 days
    db.session.commit()
    rows = _csv(office_web.client, "dauer-bis-zum-beschluss")
    assert rows[0] == ["Jahr", "Beschlüsse", "Median (Tage)", "kürzeste", "längste"]
    assert rows[1:] == [["2025", "3", "20,0", "10", "45"], ["2026", "2", "17,5", "5", "30"]]


def test_proposals_per_state_lists_every_state(office_web, office, db, seeded):
    add_decided(office, date(2025, 1, 1), date(2025, 1, 11))
    add_decided(office, date(2025, 1, 1), date(2025, 1, 11), kind="decline", state="rejected")
    db.session.commit()
    rows = dict(_csv(office_web.client, "antraege-nach-status")[1:])
    assert rows["Eingesetzt"] == "1" and rows["Abgelehnt"] == "1" and rows["Entwurf"] == "0"
    assert len(rows) == len(ProposalState)


def test_bodies_per_year_and_per_topic(office_web, db, seeded):
    today = today_berlin()
    add_body("neu-2024", name="Neu 2024", start_date=date(2024, 5, 1), focus_topic="Sonstiges")
    add_body("aus-2025", name="Aus 2025", start_date=date(2024, 2, 1), end_date=date(2025, 6, 30))
    add_body(
        "laeuft", name="Läuft", start_date=date(2025, 1, 1), end_date=today + timedelta(days=9)
    )
    db.session.commit()
    years = {row[0]: row[1:] for row in _csv(office_web.client, "gremien-je-jahr")[1:]}
    assert years["2024"] == ["2", "0"] and years["2025"] == ["1", "1"]
    assert years["2010"] == ["0", "1"]  # the Kooperationsgruppe Strategie ended in 2010
    assert years["2020"] == ["1", "0"]  # the Kommunalgremium
    assert years["Beginn unbekannt"][0] == str(len(seeded) - 1)
    topics = dict(_csv(office_web.client, "gremien-nach-thema")[1:])
    assert topics["Digitale Infrastruktur"] == "3" and topics["Sonstiges"] == "1"
    assert topics["Informationssicherheit"] == "1"


def test_the_page_shows_a_chart_and_a_table_per_figure(office_web, office, db, seeded):
    add_decided(office, date(2025, 1, 1), date(2025, 1, 11))
    db.session.commit()
    html = office_web.client.get(URL).get_data(as_text=True)
    root = parse_html(html)
    for slug in ("antraege-nach-status", "dauer-bis-zum-beschluss", "gremien-je-jahr"):
        chart = element_by_id(root, f"diagramm-{slug}")
        assert chart is not None and chart.get("role") == "img", slug
        assert "Fira Sans" in chart.get("font-family")
        assert f'href="{URL}/{slug}.csv"' in html
    chart = text_of(element_by_id(root, "diagramm-dauer-bis-zum-beschluss"))
    assert "2025" in chart and "10" in chart
    tables = [text_of(t) for t in root.iter("{http://www.w3.org/1999/xhtml}table")]
    assert any("Median (Tage)" in t and "10,0" in t for t in tables)


def test_only_the_office_and_no_unknown_figure(app, user_factory, office_web, seeded):
    visitor = app.test_client()
    assert visitor.get(URL).status_code in (302, 401, 403)
    assert visitor.get(f"{URL}/gremien-je-jahr.csv").status_code in (302, 401, 403)
    response = office_web.client.get(f"{URL}/gibt-es-nicht.csv")
    assert response.status_code == 404
    assert "Diese Kennzahl gibt es nicht." in response.get_data(as_text=True)
    reviewer = Browserless(app.test_client())
    reviewer.login(user_factory("reviewer"))
    assert reviewer.client.get(URL).status_code == 403


def test_no_data_yet_says_so(office_web, db):
    html = office_web.client.get(URL).get_data(as_text=True)
    assert "Noch keine Daten." in html  # no decision yet: no durations
    rows = _csv(office_web.client, "dauer-bis-zum-beschluss")
    assert rows == [["Jahr", "Beschlüsse", "Median (Tage)", "kürzeste", "längste"]]

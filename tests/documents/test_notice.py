"""The Bundesanzeiger notice: per session or written procedure, as text and as PDF/A, made
from the stored decisions; only the office gets it; bad keys are 404."""

from __future__ import annotations

from datetime import date

import pytest

from app.formatting import today_berlin
from tests.documents import factories
from tests.documents.pdfs import flat_text, reader


@pytest.fixture
def session_42(db):
    """Two bodies established in the 42nd session, one in a written procedure, one declined."""
    first = factories.established()
    second = factories.in_resolution()
    factories.decide(
        second["proposal"],
        number="2023/42",
        sequence=42,
        text="1. Der IT-Planungsrat beschließt die Einsetzung.\n2. Er bittet um Bericht.",
    )
    written = factories.in_resolution()
    factories.decide(
        written["proposal"],
        number="2023/50",
        sequence=50,
        session="Umlaufverfahren",
        decided_on=date(2023, 12, 1),
    )
    declined = factories.in_resolution()
    factories.decide(declined["proposal"], kind="decline", number="2023/43", sequence=43)
    return first, second


def test_the_office_gets_the_text_of_a_session(web, office, session_42):
    first, second = session_42
    web.login(office)
    page = web.client.get("/dokumente/bekanntmachung/").get_data(as_text=True)
    assert "42. Sitzung am 03.11.2023" in page and "Umlaufverfahren vom 01.12.2023" in page
    response = web.client.get("/dokumente/bekanntmachung/sitzung-42.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    assert 'filename="Bekanntmachung-sitzung-42.txt"' in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    lines = text.splitlines()
    assert lines[0] == "Bekanntmachung der Entscheidungen des IT-Planungsrats"
    assert lines[2] == f"Vom {today_berlin().strftime('%d.%m.%Y')}"
    assert "in der 42. Sitzung am 03.11.2023 getroffen" in text
    assert "Geschäftsstelle des IT-Planungsrats" in text
    for cast, number in ((first, "2023/41"), (second, "2023/42")):
        assert f"{cast['proposal'].title}\nBeschluss {number}\n" in text
    assert "2. Er bittet um Bericht." in text
    assert text.index("Beschluss 2023/41") < text.index("Beschluss 2023/42")
    assert "2023/43" not in text and "2023/50" not in text  # declined; another occasion


def test_a_written_procedure_and_its_pdf(web, office, session_42):
    web.login(office)
    response = web.client.get("/dokumente/bekanntmachung/umlauf-2023-12-01.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = flat_text(response.data)
    assert "Bekanntmachung der Entscheidungen des IT-Planungsrats" in text
    assert "im Umlaufverfahren vom 01.12.2023 getroffen" in text
    assert "Beschluss 2023/50" in text and "2023/41" not in text
    metadata = reader(response.data).metadata
    assert metadata.title.startswith("Bekanntmachung der Entscheidungen des IT-Planungsrats")


@pytest.mark.parametrize(
    "key",
    ["sitzung-99", "umlauf-2023-12-02", "sitzung-", "umlauf-2023-13-45", "x" * 300, "..%2f"],
)
def test_unknown_or_malformed_occasions_are_404(web, office, session_42, key):
    web.login(office)
    assert web.client.get(f"/dokumente/bekanntmachung/{key}.txt").status_code == 404


def test_only_the_office(web, client, user_factory, session_42):
    assert client.get("/dokumente/bekanntmachung/sitzung-42.txt").status_code in (302, 401, 404)
    web.login(user_factory("reviewer"))
    for path in ("/dokumente/bekanntmachung/", "/dokumente/bekanntmachung/sitzung-42.pdf"):
        assert web.client.get(path).status_code in (403, 404)

"""Decision documents in a real browser: the office downloads a Vorlage and a Sitzungsunterlage,
the public downloads a Beschluss; axe-core passes on every document page."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from app.extensions import db
from tests.browser.helpers import assert_accessible, login, visit
from tests.documents import factories


def _cast(live_server) -> dict:
    """A proposal in resolution and an established one (Beschluss 2023/41), as plain values."""
    with live_server.app.app_context():
        pending = factories.in_resolution()["proposal"]
        decided = factories.established()["proposal"]
        cast = {"pending": (pending.id, pending.reference), "decided": (decided.id,)}
        db.session.remove()
    return cast


def _download(page, click) -> bytes:
    with page.expect_download() as info:
        click()
    download = info.value
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"%PDF-1.7")
    return download.suggested_filename


def test_office_issues_and_downloads_documents_public_gets_the_beschluss(
    live_server, account, new_context
):
    cast = _cast(live_server)
    reference = cast["pending"][1]
    office = account("secretariat")
    page = new_context().new_page()
    login(page, office.email, office.password)

    visit(page, "/dokumente/")
    page.get_by_role("link", name=f"Beschlussvorlage bearbeiten: {reference}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Beschlussvorlage {reference}")
    expect(page.get_by_label("Beschlussvorschlag")).to_contain_text("beschließt die Einsetzung")
    assert_accessible(page)
    page.get_by_role("button", name="Vorlage ausstellen").click()
    expect(page.get_by_text("Die Beschlussvorlage wurde ausgestellt.")).to_be_visible()
    assert_accessible(page)
    name = _download(page, page.get_by_role("link", name=f"Beschlussvorlage-{reference}.pdf").click)
    assert name == f"Beschlussvorlage-{reference}.pdf"

    visit(page, "/dokumente/sitzungsunterlage")
    page.get_by_label("Sitzung", exact=True).fill("42")
    page.get_by_label("Datum").fill("2026-06-18")
    page.get_by_label(reference, exact=False).check()
    button = page.get_by_role("button", name="Sitzungsunterlage ausstellen")
    assert _download(page, button.click) == "Sitzungsunterlage-42-Sitzung-2026-06-18.pdf"

    visit(page, f"/dokumente/antraege/{cast['decided'][0]}")
    page.get_by_role("button", name="Beschluss-PDF 2023/41 ausstellen").click()
    expect(page.get_by_text("Das Beschluss-PDF 2023/41 wurde ausgestellt.")).to_be_visible()
    assert_accessible(page)

    public = new_context().new_page()
    visit(public, "/dokumente/beschluesse/")
    link = public.get_by_role("link", name="Beschluss 2023/41 (PDF)")
    assert _download(public, link.click) == "Beschluss-2023-41.pdf"

    # The publication: from the documents page to the notice of the 42nd session.
    visit(page, "/dokumente/")
    page.get_by_role("link", name="Bekanntmachung im Bundesanzeiger").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bekanntmachung im Bundesanzeiger")
    assert_accessible(page)
    # Other browser tests may add decisions of the 42nd session: the label names its newest day.
    link = page.get_by_role("link", name=re.compile(r"^PDF: 42\. Sitzung am "))
    assert _download(page, link.click) == "Bekanntmachung-sitzung-42.pdf"

"""The public registry in a real browser: structure, search with the keyboard, org chart, axe."""

from __future__ import annotations

import re
from uuid import uuid4

from playwright.sync_api import expect

from tests.browser.helpers import assert_accessible, login, main_nav, visit


def test_registry_page_is_accessible_and_grouped(page):
    visit(page, "/gremien/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Gremienstruktur")
    for heading in (
        "Der IT-Planungsrat und die mit ihm verbundenen Gremien",
        "Arbeitsformate nach Schwerpunktthemen",
        "Befristete Projektgruppen des IT-Planungsrats",
        "Programme im Umfeld des IT-Planungsrats",
        "Aufgelöste Gremien",
    ):
        expect(page.get_by_role("heading", level=2, name=heading)).to_be_visible()
    programmes = page.locator("#gruppe-programme")
    expect(programmes.get_by_role("link", name="OZG-Koordination")).to_be_visible()
    expect(page.locator("#aufgeloeste-gremien")).to_contain_text("31.10.2010")


def test_org_chart_is_an_image_with_a_name(page):
    visit(page, "/gremien/", check=False)
    chart = page.get_by_role("img", name="Organigramm der Gremienstruktur des IT-Planungsrats")
    expect(chart).to_be_visible()
    expect(chart.locator("text").first).to_contain_text("IT-Planungsrat")


def _tab_to(page, locator, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError("element not reachable with Tab")


def test_search_and_filter_with_the_keyboard(page):
    visit(page, "/gremien/", check=False)
    _tab_to(page, page.get_by_label("Suchbegriff"))
    page.keyboard.type("Finanz")
    page.keyboard.press("Tab")
    kind = page.get_by_label("Art", exact=True)
    expect(kind).to_be_focused()
    page.keyboard.type("Projektgruppe")  # type-ahead selects the option of a closed select
    expect(kind).to_have_value("projektgruppe")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Schwerpunktthema")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Status")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Suchen")).to_be_focused()
    page.keyboard.press("Enter")
    results = page.locator("#ergebnisse")
    expect(page.get_by_role("heading", level=2, name="Suchergebnisse")).to_be_visible()
    expect(results.get_by_role("link", name="Finanzplanung")).to_be_visible()
    expect(results.get_by_role("link", name="EfA-Finanzierung")).to_be_visible()
    expect(results.get_by_role("link", name="OZG-Koordination")).to_have_count(0)
    assert "kind=projektgruppe" in page.url
    assert_accessible(page)
    page.get_by_label("Suchbegriff").fill("gibt es nicht")
    page.get_by_label("Suchbegriff").press("Enter")
    expect(results).to_contain_text("Keine Gremien gefunden")
    assert_accessible(page)
    page.get_by_role("link", name="Suche zurücksetzen").click()
    expect(page).to_have_url(re.compile(r"/gremien/$"))


def test_body_page_is_accessible(page):
    visit(page, "/gremien/kooperationsgruppe-green-it")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kooperationsgruppe Green-IT")
    expect(page.get_by_role("cell", name="Beschluss 2019/63")).to_be_visible()
    page.get_by_role("link", name="IT-Planungsrat", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("IT-Planungsrat")
    assert_accessible(page)


def test_dissolved_list_and_unknown_body(page):
    visit(page, "/gremien/aufgeloest")
    expect(page.get_by_role("cell", name="31.10.2010")).to_be_visible()
    visit(page, "/gremien/gibt-es-nicht", status=404)
    expect(page.get_by_text("Dieses Gremium gibt es im Register nicht.")).to_be_visible()


def test_office_form_errors_and_expiry_list_are_accessible(page, account):
    office = account("secretariat")
    login(page, office.email, office.password)
    expect(main_nav(page).get_by_role("link", name="Befristungen")).to_be_visible()
    visit(page, "/gremien/befristungen")
    expect(page.get_by_role("heading", level=1)).to_have_text("Auslaufende Befristungen")
    visit(page, "/gremien/neu")
    page.get_by_role("button", name="Eintragen").click()
    expect(page.get_by_role("alert")).to_contain_text("Bitte füllen Sie das Feld „Name“ aus.")
    assert_accessible(page)
    name = f"Arbeitsgruppe Test {uuid4().hex[:6]}"
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Übergeordnetes Gremium").select_option(label="IT-Planungsrat")
    page.get_by_role("button", name="Eintragen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.get_by_text("Eintrag angelegt")).to_be_visible()
    assert_accessible(page)

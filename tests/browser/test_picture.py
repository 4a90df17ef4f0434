"""The timeline, the figures and the focus topics in a real browser: axe, names, keyboard."""

from __future__ import annotations

from uuid import uuid4

from playwright.sync_api import expect

from tests.browser.helpers import assert_accessible, login, main_nav, visit


def test_timeline_is_accessible_with_its_table_one_keypress_away(page):
    visit(page, "/gremien/", check=False)
    page.get_by_role("link", name="Zeitleiste aller Gremien").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zeitleiste der Gremien")
    assert_accessible(page)
    chart = page.get_by_role("img", name="Zeitleiste der Gremien nach Schwerpunktthemen")
    expect(chart).to_be_visible()
    font = chart.evaluate("svg => getComputedStyle(svg.querySelector('text')).fontFamily")
    assert "Fira Sans" in font
    region = page.get_by_role("region", name="Zeitleiste, seitlich verschiebbar")
    expect(region).to_have_attribute("tabindex", "0")  # scrolled with the arrow keys
    skip = page.get_by_role("link", name="Zur Tabelle mit denselben Angaben")
    skip.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(page.url.split("#")[0] + "#zeitleiste-tabelle")
    table = page.get_by_role("table", name="Schwerpunktthema: Digitale Infrastruktur")
    expect(table.get_by_role("link", name="Kooperationsgruppe Green-IT")).to_be_visible()
    expect(table).to_contain_text("bis auf Weiteres")


def test_figures_page_for_the_office_is_accessible(page, account):
    office = account("secretariat")
    login(page, office.email, office.password)
    main_nav(page).get_by_role("link", name="Kennzahlen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kennzahlen")
    assert_accessible(page)
    for title in ("Anträge nach Status", "Aktuelle Gremien nach Schwerpunktthema"):
        expect(page.get_by_role("heading", level=2, name=title)).to_be_visible()
    chart = page.get_by_role("img", name="Balkendiagramm: Anträge nach Status")
    expect(chart).to_be_visible()
    topics = page.get_by_role("table", name="Aktuelle Gremien nach Schwerpunktthema")
    expect(topics.get_by_role("row", name="Digitale Infrastruktur")).to_contain_text("3")
    with page.expect_download() as download:
        page.get_by_role("link", name="„Anträge nach Status“ als CSV herunterladen").click()
    assert download.value.suggested_filename.startswith("kennzahlen-antraege-nach-status")


def test_office_keeps_the_focus_topics_with_the_keyboard(page, account):
    office = account("secretariat")
    login(page, office.email, office.password)
    main_nav(page).get_by_role("link", name="Schwerpunktthemen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Schwerpunktthemen")
    assert_accessible(page)
    page.get_by_role("link", name="Schwerpunktthema anlegen").click()
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("alert")).to_contain_text("Bitte geben Sie den Namen")
    assert_accessible(page)
    name = f"Thema {uuid4().hex[:6]}"
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Themenpate").fill("Freie Hansestadt Bremen")
    page.get_by_label("Themenpate").press("Enter")
    row = page.get_by_role("row", name=name)
    expect(row).to_contain_text("Freie Hansestadt Bremen")
    row.get_by_role("link", name=f"„{name}“ bearbeiten").click()
    assert_accessible(page)
    page.get_by_label("Nicht mehr aktuell").check()
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("row", name=name)).to_contain_text("nicht mehr aktuell")

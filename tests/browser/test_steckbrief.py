"""An applicant writes a complete Gremiensteckbrief in a real browser, partly by keyboard."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.helpers import assert_accessible, login

NAME = "Projektgruppe Dachmarke und Domain-Strategie"
SIMILAR_BODY = "Dachmarke & Domain"


def save_and_continue(page: Page, heading: str) -> None:
    """Press 'Speichern und weiter', land on the next step, and check it with axe-core."""
    page.get_by_role("button", name="Speichern und weiter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_accessible(page)


def fill(page: Page, values: dict[str, str]) -> None:
    """Fill text inputs and text areas by their exact label."""
    for label, value in values.items():
        page.get_by_role("textbox", name=label, exact=True).fill(value)


def choose(page: Page, values: dict[str, str]) -> None:
    """Choose options of selects by their exact label."""
    for label, option in values.items():
        page.get_by_label(label, exact=True).select_option(label=option)


def start_draft(page: Page) -> None:
    page.goto("/meine-antraege")
    assert_accessible(page)
    page.get_by_role("link", name="Neuen Gremiensteckbrief anlegen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Neuen Gremiensteckbrief anlegen")
    assert_accessible(page)
    page.get_by_role("button", name="Entwurf anlegen und beginnen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Stammdaten und Befristung")
    assert_accessible(page)


def basics_by_keyboard(page: Page) -> None:
    """Step 1 with Tab, typing and Enter only; first with an impossible date."""
    page.get_by_label("Vollständiger Name", exact=True).focus()
    keys = page.keyboard
    keys.type(NAME)
    keys.press("Tab")
    keys.type("PG Dachmarke")
    keys.press("Tab")
    expect(page.get_by_label("Art des Gremiums")).to_be_focused()
    keys.type("Projektgruppe")
    keys.press("Tab")
    keys.type("Digitale")
    for _ in range(5):  # four checkboxes of further topics, then the parent body
        keys.press("Tab")
    expect(page.get_by_label("Übergeordnetes Gremium")).to_be_focused()
    keys.type("IT-Planungsrat")
    keys.press("Tab")
    keys.type("IT-Planungsrat")
    keys.press("Tab")
    keys.type("31.02.2027")
    keys.press("Tab")
    keys.type("31.12.2028")
    keys.press("Enter")
    error = page.get_by_role("link", name="Beginn: Dieses Datum gibt es nicht.", exact=False)
    expect(error).to_be_visible()
    expect(page.get_by_label("Vollständiger Name", exact=True)).to_have_value(NAME)
    assert_accessible(page)
    error.click()
    expect(page.get_by_label("Beginn", exact=True)).to_be_focused()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("01.01.2027")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Anlass, Auftrag und Ziele")
    assert_accessible(page)


def mandate_and_work_plan(page: Page) -> None:
    hint = page.get_by_role("status").filter(has_text="Mögliche Überschneidung")
    expect(hint).to_contain_text(SIMILAR_BODY)
    fill(
        page,
        {
            "Anlass": "Die Verwaltung tritt im Netz uneinheitlich auf.",
            "Auftrag": "Eine gemeinsame Domain-Strategie für die Verwaltung erarbeiten.",
            "Bezug zur Föderalen Digitalstrategie": "Stärkt Vertrauen in digitale Angebote.",
            "Ziel": "Bis 2028 nutzen alle Länder die gemeinsame Domain.",
        },
    )
    save_and_continue(page, "Aufgaben und Ergebnisse")
    page.get_by_label("Aufgabe", exact=True).fill("Bestehende Domains erheben.")
    page.get_by_role("button", name=re.compile(r"^Weiteren Eintrag hinzufügen\W+Aufgaben$")).click()
    second = page.get_by_role("group", name="Aufgaben: Eintrag 2")
    expect(second.get_by_label("Aufgabe", exact=True)).to_be_focused()
    assert_accessible(page)
    second.get_by_label("Aufgabe", exact=True).fill("Strategie entwerfen.")
    choose(page, {"Art des Ergebnisses": "Konzept"})
    fill(page, {"Titel": "Domain-Strategie", "Fällig am": "30.09.2028"})
    save_and_continue(page, "Zusammensetzung und Leitung")


def organisation_and_operations(page: Page) -> None:
    choose(page, {"Ebene": "Bund"})
    fill(page, {"Organisation": "Bundesministerium des Innern"})
    page.get_by_label("stimmberechtigt", exact=True).check()
    fill(
        page,
        {
            "Vorsitz": "Bund",
            "Bestimmung der Leitung": "Die Mitglieder bestimmen den Vorsitz.",
            "Geschäftsstelle": "FITKO",
        },
    )
    save_and_continue(page, "Arbeitsweise und Ressourcen")
    fill(page, {"Sitzungsrhythmus": "viermal im Jahr"})
    choose(
        page,
        {
            "Sitzungsformat": "virtuell",
            "Entscheidungsfindung": "Konsens",
            "Bericht an": "IT-Planungsrat",
            "Berichtsturnus": "jährlich",
            "Finanzierung": "FITKO-Budget",
        },
    )
    save_and_continue(page, "Abgrenzung und Evaluation")


def boundaries_and_contacts(page: Page) -> None:
    fill(page, {"Prüfung auf Überschneidungen": "Geprüft: Projektgruppe Dachmarke & Domain."})
    choose(page, {"Gremium": SIMILAR_BODY})
    fill(
        page,
        {
            "Abgrenzung": "Die bestehende Gruppe entwickelt die Marke, wir die Domains.",
            "Erfolgskriterien": "Alle Länder nutzen die Domain.",
            "Kriterien für die Auflösung": "Die Strategie ist beschlossen.",
        },
    )
    save_and_continue(page, "Ansprechpersonen")
    fill(
        page,
        {
            "Organisation": "Senatskanzlei Hamburg",
            "Name": "Anna Antrag",
            "Dienstliche E-Mail-Adresse – optional": "anna.antrag@verwaltung.example.org",
        },
    )
    save_and_continue(page, "Angaben prüfen")


def test_applicant_writes_a_complete_steckbrief(page, account):
    user = account("applicant")
    login(page, user.email, user.password)
    start_draft(page)
    basics_by_keyboard(page)
    mandate_and_work_plan(page)
    organisation_and_operations(page)
    boundaries_and_contacts(page)
    expect(page.get_by_text("Vor der Einreichung fehlt noch")).to_have_count(0)
    expect(page.get_by_text("15 von 15 Abschnitten vollständig.")).to_be_visible()
    expect(page.get_by_text("31.12.2028").first).to_be_visible()
    page.get_by_role("link", name="Zurück zur Übersicht").click()
    expect(page.get_by_text("15 von 15 Abschnitten vollständig")).to_be_visible()
    assert_accessible(page)
    page.goto("/meine-antraege")
    expect(page.get_by_role("cell", name=NAME)).to_be_visible()
    assert_accessible(page)
    expect(page).to_have_url(re.compile(r"/meine-antraege$"))

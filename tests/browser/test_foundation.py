"""Foundation journeys in a real browser: public pages, keyboard use, accounts, sign-out."""

from __future__ import annotations

import json
import re
from pathlib import Path
from uuid import uuid4

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_accessible, login, logout, main_nav, visit

SESSION_COOKIE = "gremienportal_session"

PUBLIC_PAGES = [
    ("/", "Gremienportal des IT-Planungsrats"),
    ("/impressum", "Impressum"),
    ("/datenschutz", "Datenschutz"),
    ("/barrierefreiheit", "Erklärung zur Barrierefreiheit"),
    ("/leichte-sprache", "Leichter Sprache"),
    ("/anmelden", "Anmelden"),
]

FOOTER_LINKS = [
    ("Impressum", "/impressum"),
    ("Datenschutz", "/datenschutz"),
    ("Erklärung zur Barrierefreiheit", "/barrierefreiheit"),
    ("Leichte Sprache", "/leichte-sprache"),
]


@pytest.mark.parametrize("path, heading", PUBLIC_PAGES)
def test_public_page_is_accessible(page, path, heading):
    visit(page, path)
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    expect(page).to_have_title(re.compile("Gremienportal des IT-Planungsrats"))


def test_not_found_page_is_accessible(page):
    visit(page, "/gibt-es-nicht", status=404)
    expect(page.get_by_role("heading", level=1)).to_have_text("Seite nicht gefunden")
    expect(page.get_by_role("link", name="Zur Startseite")).to_be_visible()


def test_footer_links_lead_to_the_information_pages(page):
    visit(page, "/", check=False)
    footer = page.get_by_role("navigation", name="Service-Links")
    for name, path in FOOTER_LINKS:
        footer.get_by_role("link", name=name, exact=True).click()
        expect(page).to_have_url(re.compile(re.escape(path) + "$"))
        expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page):
    visit(page, "/", check=False)
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Zum Inhalt springen")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#inhalt")).to_be_focused()


def test_sign_in_with_the_keyboard_only(page, account):
    user = account("applicant")
    visit(page, "/anmelden", check=False)
    email = page.get_by_label("E-Mail-Adresse")
    for _ in range(30):  # Tab from the page start until the e-mail field has focus
        page.keyboard.press("Tab")
        if email.evaluate("element => element === document.activeElement"):
            break
    expect(email).to_be_focused()
    page.keyboard.type(user.email)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Passwort", exact=True)).to_be_focused()
    page.keyboard.type(user.password)
    page.keyboard.press("Enter")
    expect(page.get_by_text("Angemeldet als")).to_be_visible()
    expect(page.get_by_text(user.name, exact=True)).to_be_visible()


def test_admin_creates_an_account_and_signs_out(page, account):
    admin = account("admin", name="Ada Admin")
    login(page, admin.email, admin.password)

    main_nav(page).get_by_role("link", name="Benutzerverwaltung").click()
    expect(page.get_by_role("heading", level=1, name="Benutzerverwaltung")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Konto anlegen").click()
    expect(page.get_by_role("heading", level=1, name="Konto anlegen")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Konto anlegen").click()
    summary = page.get_by_role("alert").filter(has_text="Bitte korrigieren Sie Ihre Angaben")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link", name="Bitte geben Sie einen Namen ein.")).to_be_visible()
    expect(page.get_by_label("E-Mail-Adresse")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)

    new_email = f"neue.person.{uuid4().hex[:8]}@verwaltung.example.org"  # server lives per session
    page.get_by_label("E-Mail-Adresse").fill(new_email)
    page.get_by_label("Name", exact=True).fill("Neue Person")
    page.get_by_label("Organisation").fill("Landesamt für Tests")
    page.get_by_label("Antragsteller:in").check()
    page.get_by_label("Prüfer:in").check()
    page.get_by_label("Erstes Passwort").fill("Ein-Frisches-Startpasswort-7")
    page.get_by_role("button", name="Konto anlegen").click()

    expect(page.get_by_role("status")).to_contain_text(f"Das Konto für {new_email} wurde angelegt.")
    row = page.get_by_role("row").filter(has_text=new_email)
    expect(row).to_contain_text("Neue Person")
    expect(row).to_contain_text("Antragsteller:in, Prüfer:in")
    assert_accessible(page)

    page.get_by_role("link", name="Passwort ändern").click()
    expect(page.get_by_role("heading", level=1, name="Passwort ändern")).to_be_visible()
    assert_accessible(page)

    logout(page)
    expect(page).to_have_url(re.compile(r"/anmelden$"))
    expect(page.get_by_text("Angemeldet als")).to_have_count(0)
    assert_accessible(page)


def test_admin_exports_and_anonymises_a_departed_account(page, account):
    admin = account("admin")
    departed = account("applicant", name="Dora Ausgeschieden")
    login(page, admin.email, admin.password)

    visit(page, f"/verwaltung/benutzer/{departed.id}")
    expect(page.get_by_role("heading", level=2, name="Datenschutz")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Datenauskunft herunterladen (JSON)").click()
    exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert exported["account"]["email"] == departed.email

    page.get_by_role("link", name="Konto anonymisieren").click()
    expect(page.get_by_role("heading", level=1, name="Konto anonymisieren")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Konto anonymisieren").click()
    summary = page.get_by_role("alert").filter(has_text="Bitte korrigieren Sie Ihre Angaben")
    expect(summary).to_contain_text("Bitte bestätigen Sie die Anonymisierung.")
    assert_accessible(page)

    page.get_by_label("Ich bestätige", exact=False).focus()
    page.keyboard.press("Space")  # by keyboard
    page.get_by_role("button", name="Konto anonymisieren").click()
    pseudonym = f"Ehemalige Person {departed.id}"
    expect(page.get_by_role("status")).to_contain_text(pseudonym)
    row = page.get_by_role("row").filter(has_text=pseudonym)
    expect(row).to_contain_text("anonymisiert")
    expect(page.get_by_text("Dora Ausgeschieden")).to_have_count(0)
    assert_accessible(page)


def test_applicant_does_not_see_the_user_administration(page, account):
    applicant = account("applicant")
    login(page, applicant.email, applicant.password)
    visit(page, "/")
    expect(main_nav(page).get_by_role("link", name="Start")).to_be_visible()
    expect(page.get_by_role("link", name="Benutzerverwaltung")).to_have_count(0)
    visit(page, "/verwaltung/benutzer", status=403)


def test_saved_session_cookie_is_useless_after_sign_out(new_context, account):
    user = account("applicant")
    context = new_context()
    page = context.new_page()
    login(page, user.email, user.password)
    saved = [cookie for cookie in context.cookies() if cookie["name"] == SESSION_COOKIE]
    assert saved, "no session cookie after sign-in"
    logout(page)

    replay = new_context()
    replay.add_cookies(saved)
    stolen = replay.new_page()
    stolen.goto("/konto/passwort")
    expect(stolen).to_have_url(re.compile(r"/anmelden"))
    expect(stolen.get_by_role("heading", level=1, name="Anmelden")).to_be_visible()
    expect(stolen.get_by_text("Angemeldet als")).to_have_count(0)


def _brightness(css_color: str) -> float:
    """Perceived brightness 0..1 of an oklch() or rgb() colour."""
    numbers = [float(part) for part in re.findall(r"[\d.]+", css_color)]
    if css_color.startswith("oklch"):
        return numbers[0]  # oklch's first component is the perceptual lightness
    red, green, blue = numbers[:3]
    return (0.299 * red + 0.587 * green + 0.114 * blue) / 255


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_kern_theme_makes_text_visible(page, scheme):
    """The page is light in either OS colour scheme: text stays dark on the white background."""
    page.emulate_media(color_scheme=scheme)
    visit(page, "/anmelden")
    for selector in ("h1", "label.kern-label", ".kern-title"):
        color = page.eval_on_selector(selector, "e => getComputedStyle(e).color")
        assert _brightness(color) < 0.3, (selector, color)

"""The second factor in the browser: enrolment with the QR page, sign-in with the code and
with a recovery code, every page checked with axe-core. The codes are computed with pyotp
from the key the enrolment page shows, as the person's authenticator app would."""

from __future__ import annotations

import re
import time

import pyotp
from playwright.sync_api import expect

from tests.browser.helpers import assert_accessible, login, logout


def test_office_enrols_then_signs_in_with_code_and_recovery_code(page, account):
    office = account("secretariat", enrolled=False)
    login(page, office.email, office.password)
    # Required for the office: every page leads to the enrolment first.
    expect(page).to_have_url(re.compile(r"/konto/zweiter-faktor$"))
    expect(
        page.get_by_text("Für Ihre Rolle ist ein zweiter Faktor vorgeschrieben.").first
    ).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("QR-Code"))).to_be_visible()
    assert_accessible(page)
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    totp = pyotp.TOTP(secret)

    page.get_by_label("Code aus der App").fill("000000")
    page.get_by_role("button", name="Zweiten Faktor einrichten").click()
    expect(page.get_by_text("Der Code stimmt nicht.").first).to_be_visible()
    assert_accessible(page)

    enrolment_code = totp.now()
    page.get_by_label("Code aus der App").fill(enrolment_code)
    page.get_by_role("button", name="Zweiten Faktor einrichten").click()
    expect(page.get_by_role("heading", name="Zweiter Faktor eingerichtet")).to_be_visible()
    assert_accessible(page)
    codes = page.locator("#recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    logout(page)

    # Next sign-in: the password, then the code (the next time step: this one is used up).
    page.get_by_label("E-Mail-Adresse").fill(office.email)
    page.get_by_label("Passwort", exact=True).fill(office.password)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", name="Anmelden: zweiter Faktor")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Code").fill(enrolment_code)  # replayed: refused
    page.get_by_role("button", name="Bestätigen").click()
    expect(page.get_by_text("nicht gültig oder wurde bereits verwendet").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Code").fill(totp.at(time.time() + 30))
    page.get_by_role("button", name="Bestätigen").click()
    expect(page.get_by_text("Angemeldet als")).to_be_visible()
    logout(page)

    # Device lost: a recovery code signs in once and leads to setting up the new device.
    page.get_by_label("E-Mail-Adresse").fill(office.email)
    page.get_by_label("Passwort", exact=True).fill(office.password)
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Bestätigen").click()
    expect(page).to_have_url(re.compile(r"/konto/zweiter-faktor$"))
    expect(page.get_by_text("9 sind noch übrig")).to_be_visible()
    assert_accessible(page)


def test_admin_resets_the_second_factor_of_an_account(page, account):
    admin = account("admin")
    office = account("secretariat")
    login(page, admin.email, admin.password)
    page.goto(f"/verwaltung/benutzer/{office.id}")
    assert_accessible(page)
    page.get_by_role("button", name="Zweiten Faktor zurücksetzen").click()
    expect(page.get_by_text("wurde zurückgesetzt").first).to_be_visible()
    expect(page.get_by_text("Noch nicht eingerichtet").first).to_be_visible()
    assert_accessible(page)

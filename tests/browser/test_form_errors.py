"""After a refused POST on every form: the error summary has the focus, the page title
starts with "Fehler: ", and the summary names the field of each message."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import assert_accessible, login
from tests.browser.journeys import proposal_in


@dataclass(frozen=True)
class Ctx:
    """What a case may use: the live app and the accounts."""

    app: object
    account: Callable


def _signed_in(page: Page, ctx: Ctx, *roles: str):
    person = ctx.account(*roles)
    login(page, person.email, person.password)
    return person


def login_form(page: Page, ctx: Ctx) -> str:
    page.goto("/anmelden")
    page.get_by_label("E-Mail-Adresse").fill("kein-konto")
    page.get_by_label("Passwort", exact=True).fill("irgendetwas")
    page.get_by_role("button", name="Anmelden").click()
    return "E-Mail-Adresse: Bitte geben Sie eine E-Mail-Adresse im Format name@beispiel.de ein."


def second_factor_code(page: Page, ctx: Ctx) -> str:
    person = ctx.account("secretariat")
    page.goto("/anmelden")
    page.get_by_label("E-Mail-Adresse").fill(person.email)
    page.get_by_label("Passwort", exact=True).fill(person.password)
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_role("button", name="Bestätigen").click()
    return "Code:"


def change_password(page: Page, ctx: Ctx) -> str:
    _signed_in(page, ctx, "applicant")
    page.goto("/konto/passwort")
    page.get_by_role("button", name="Passwort ändern").click()
    return "Aktuelles Passwort: Bitte geben Sie Ihr aktuelles Passwort ein."


def second_factor_setup(page: Page, ctx: Ctx) -> str:
    _signed_in(page, ctx, "applicant")
    page.goto("/konto/zweiter-faktor")
    page.get_by_role("button", name="Zweiten Faktor einrichten").click()
    return "Code"


def steckbrief_step(page: Page, ctx: Ctx) -> str:
    _signed_in(page, ctx, "applicant")
    page.goto("/antraege/neu")
    page.get_by_role("button", name="Entwurf anlegen und beginnen").click()
    page.get_by_label("Beginn", exact=True).fill("31.02.2027")
    page.get_by_role("button", name="Zwischenspeichern").click()
    return "Beginn: Dieses Datum gibt es nicht."


def submission(page: Page, ctx: Ctx) -> str:
    owner = _signed_in(page, ctx, "applicant")
    proposal_id, _ = proposal_in(ctx.app, "draft", owner.id)
    page.goto(f"/antraege/{proposal_id}/angaben-pruefen")
    page.get_by_role("button", name="Zur Prüfung einreichen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Angaben prüfen")
    box = page.get_by_label("Ich bestätige, dass die Angaben vollständig und richtig sind.")
    expect(box).to_be_visible()
    expect(page.get_by_text("Ich bestätige diese Aktion.")).to_have_count(0)
    return "Bitte bestätigen Sie die Aktion."


def workflow_action(page: Page, ctx: Ctx) -> str:
    owner = ctx.account("applicant")
    proposal_id, _ = proposal_in(ctx.app, "review", owner.id)
    _signed_in(page, ctx, "reviewer")
    page.goto(f"/antraege/{proposal_id}")
    action = page.locator("#aktion-return_for_revision")
    action.locator("summary").first.click()
    action.get_by_role("button", name="Zur Überarbeitung zurückgeben").click()
    expect(page).to_have_url(re.compile(rf"/antraege/{proposal_id}/aktion/return_for_revision$"))
    expect(page.locator("#aktion-return_for_revision")).to_have_attribute("open", "")
    return "Kommentar:"


def remark(page: Page, ctx: Ctx) -> str:
    owner = ctx.account("applicant")
    proposal_id, _ = proposal_in(ctx.app, "review", owner.id)
    _signed_in(page, ctx, "reviewer")
    page.goto(f"/antraege/{proposal_id}")
    page.get_by_role("button", name="Anmerkung speichern").click()
    return "Anmerkung: Bitte geben Sie eine Anmerkung ein."


def admin_user(page: Page, ctx: Ctx) -> str:
    _signed_in(page, ctx, "admin")
    page.goto("/verwaltung/benutzer/neu")
    page.get_by_role("button", name="Konto anlegen").click()
    return "Name:"


def admin_anonymise(page: Page, ctx: Ctx) -> str:
    someone = ctx.account("applicant")
    _signed_in(page, ctx, "admin")
    page.goto(f"/verwaltung/benutzer/{someone.id}/anonymisieren")
    page.get_by_role("button", name="Konto anonymisieren").click()
    return "Bitte bestätigen Sie die Anonymisierung."


def registry_body(page: Page, ctx: Ctx) -> str:
    _signed_in(page, ctx, "secretariat")
    page.goto("/gremien/neu")
    page.get_by_label("Name", exact=True).fill("Arbeitsgruppe Test")
    page.get_by_label("Ende der Befristung").fill("31.02.2027")
    page.get_by_role("button", name="Eintragen").click()
    return "Ende der Befristung: Dieses Datum gibt es nicht."


def council_shares(page: Page, ctx: Ctx) -> str:
    _signed_in(page, ctx, "secretariat")
    page.goto("/geschaeftsstelle/it-planungsrat/koenigsteiner-schluessel")
    page.get_by_label("Jahr").fill("")
    page.get_by_role("button", name="Tabelle speichern").click()
    return "Jahr: Bitte geben Sie das Jahr an."


def vorlage(page: Page, ctx: Ctx) -> str:
    owner = ctx.account("applicant")
    reviewers = (ctx.account("reviewer").id, ctx.account("reviewer").id)
    proposal_id, _ = proposal_in(ctx.app, "resolution", owner.id, reviewers)
    _signed_in(page, ctx, "secretariat")
    page.goto(f"/dokumente/antraege/{proposal_id}/beschlussvorlage")
    page.get_by_role("textbox").first.fill("")
    page.get_by_role("button", name="Speichern").last.click()
    return "Bitte geben Sie einen Beschlussvorschlag ein."


def bundle(page: Page, ctx: Ctx) -> str:
    _signed_in(page, ctx, "secretariat")
    page.goto("/dokumente/sitzungsunterlage")
    page.get_by_label("Sitzung", exact=True).fill("42")
    page.get_by_label("Datum", exact=True).fill("30.02.2027")
    page.get_by_role("button", name="Sitzungsunterlage ausstellen").click()
    return "Datum: Dieses Datum gibt es nicht."


def api_token(page: Page, ctx: Ctx) -> str:
    _signed_in(page, ctx, "admin")
    page.goto("/verwaltung/api-tokens/neu")
    page.get_by_role("button", name="Token ausstellen").click()
    return ":"


FORMS = [
    login_form,
    second_factor_code,
    change_password,
    second_factor_setup,
    steckbrief_step,
    submission,
    workflow_action,
    remark,
    admin_user,
    admin_anonymise,
    registry_body,
    council_shares,
    vorlage,
    bundle,
    api_token,
]


@pytest.mark.parametrize("refuse", FORMS, ids=[case.__name__ for case in FORMS])
def test_refused_form_focuses_summary_and_marks_title(live_server, account, page, refuse):
    expected = refuse(page, Ctx(live_server.app, account))
    summary = page.locator("#fehleruebersicht")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Fehler: "))
    expect(summary).to_contain_text(expected)
    for link in summary.get_by_role("link").all():  # "Feld: Meldung", not the message alone
        text = link.inner_text()
        assert re.match(r"^[^:]{2,80}: \S", text) or text.startswith("Bitte bestätigen"), text
    assert_accessible(page)


def test_page_without_errors_keeps_its_title(page):
    page.goto("/anmelden")
    expect(page).to_have_title(re.compile(r"^Anmelden – "))

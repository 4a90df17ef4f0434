"""Guidance for first-time users (issue 22): start pages, next steps, outcomes, the way back."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.helpers import assert_accessible, login, visit
from tests.browser.journeys import partial_draft, proposal_in, resubmit_with_new_mandate

MANDATE = "Die Projektgruppe erarbeitet einen Leitfaden für barrierefreie Dienste."


def _signed_in(new_context, person, **options) -> Page:
    page = new_context(**options).new_page()
    login(page, person.email, person.password)
    return page


def _top(page: Page, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not rendered"
    return box["y"]


def _count(page: Page, selector: str) -> int:
    return int(re.match(r"\d+", page.locator(selector).first.inner_text().strip()).group())


def test_applicant_start_page_leads_with_antrag_stellen(live_server, account, new_context):
    owner = account("applicant")
    page = _signed_in(new_context, owner)
    expect(page).to_have_url(re.compile(r"/$"))
    first_section = page.locator("main h2").first
    expect(first_section).to_have_text("Antrag stellen")
    expect(page.get_by_role("link", name="Neuen Gremiensteckbrief anlegen")).to_be_visible()
    assert_accessible(page)

    proposal_id, reference = proposal_in(live_server.app, "draft", owner.id)
    visit(page, "/")
    page.get_by_role("link", name=re.compile(reference)).click()
    expect(page).to_have_url(re.compile(rf"/antraege/{proposal_id}/bearbeiten$"))


def test_reviewer_start_page_shows_the_queue_with_counts(live_server, account, new_context):
    reviewer = account("reviewer")
    page = _signed_in(new_context, reviewer)
    before = _count(page, "#start-pruefung-zahlen")
    proposal_in(live_server.app, "review", account("applicant").id)
    visit(page, "/")
    expect(page.locator("main h2").first).to_have_text("Prüfung")
    numbers = page.locator("#start-pruefung-zahlen")
    expect(numbers).to_contain_text(
        re.compile(rf"\b{before + 1} (Antrag|Anträge) (ist|sind) in Prüfung")
    )
    expect(numbers).to_contain_text("noch ohne Ihre Befürwortung")
    page.get_by_role("link", name="Zur Prüfliste").click()
    expect(page).to_have_url(re.compile(r"/pruefung/$"))


def test_office_start_page_shows_what_waits(live_server, account, new_context):
    office = account("secretariat")
    page = _signed_in(new_context, office)
    lines = page.locator("#start-geschaeftsstelle-zahlen")
    before = _count(page, "#start-geschaeftsstelle-zahlen li")
    reviewers = (account("reviewer").id, account("reviewer").id)
    proposal_in(live_server.app, "resolution", account("applicant").id, reviewers)
    visit(page, "/")
    expect(page.locator("main h2").first).to_have_text("Geschäftsstelle: Was ansteht")
    waiting = rf"\b{before + 1} (Antrag|Anträge) warte(t|n) auf die Entscheidung"
    expect(lines).to_contain_text(re.compile(waiting))
    expect(lines).to_contain_text("noch ohne Beschlussvorlage")
    expect(lines).to_contain_text("bereit für die Sitzungsunterlage")
    expect(page.get_by_role("heading", name="Auslaufende Befristungen")).to_be_visible()


def test_task_list_offers_the_next_incomplete_section(live_server, account, new_context):
    owner = account("applicant")
    page = _signed_in(new_context, owner)
    partial = partial_draft(live_server.app, owner.id, sections=4)
    visit(page, f"/antraege/{partial}/bearbeiten")
    expect(page.get_by_text("Mit Schritt 1 beginnen")).to_have_count(0)
    page.get_by_role("link", name="Weiter mit „Aufgaben“").click()
    expect(page).to_have_url(re.compile(rf"/antraege/{partial}/schritt/work_plan#abschnitt-tasks$"))

    complete, _ = proposal_in(live_server.app, "draft", owner.id)
    visit(page, f"/antraege/{complete}/bearbeiten")
    expect(page.get_by_text(re.compile("^Weiter mit"))).to_have_count(0)
    page.get_by_role("link", name="Angaben prüfen", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Angaben prüfen")


def test_returned_draft_shows_the_banner_with_the_comment(live_server, account, new_context):
    owner = account("applicant")
    comment = "Bitte die Ziele messbar fassen und die Befristung begründen."
    proposal_id, reference = proposal_in(
        live_server.app, "returned", owner.id, (account("reviewer").id,), comment=comment
    )
    page = _signed_in(new_context, owner)
    visit(page, "/meine-antraege")
    banner = page.locator("#zurueckgegeben-hinweis")
    expect(banner).to_contain_text("Zur Überarbeitung zurückgegeben")
    expect(banner).to_contain_text(comment)
    row = page.get_by_role("row").filter(has_text=reference)
    expect(row).to_contain_text("Zur Überarbeitung zurückgegeben")
    banner.get_by_role("link", name=re.compile(reference)).click()
    expect(page).to_have_url(re.compile(rf"/antraege/{proposal_id}/bearbeiten$"))
    expect(page.locator("#zurueckgegeben-hinweis")).to_contain_text(comment)
    assert_accessible(page)


def test_rejected_proposal_shows_outcome_and_reason_first(live_server, account, new_context):
    owner = account("applicant")
    reason = "Die AG Cloud deckt diesen Auftrag bereits ab."
    proposal_id, _ = proposal_in(
        live_server.app, "rejected", owner.id, (account("reviewer").id,), reason=reason
    )
    page = _signed_in(new_context, owner)
    visit(page, f"/antraege/{proposal_id}")
    outcome = page.locator("#ergebnis-hinweis")
    expect(outcome).to_contain_text("Abgelehnt")
    expect(outcome).to_contain_text(reason)
    assert _top(page, "#ergebnis-hinweis") < _top(page, "#steckbrief")
    assert _top(page, "#ergebnis-hinweis") < _top(page, "#aktionen")


def test_reviewer_sees_content_before_the_action_forms(live_server, account, new_context):
    proposal_id, _ = proposal_in(live_server.app, "review", account("applicant").id)
    page = _signed_in(new_context, account("reviewer"))
    visit(page, f"/antraege/{proposal_id}")
    assert _top(page, "#steckbrief") < _top(page, "#aktionen")
    page.get_by_role("link", name=re.compile("Zu Ihren Möglichkeiten")).click()
    expect(page).to_have_url(re.compile(r"#aktionen$"))


def test_office_finds_the_beschlussvorlage_among_its_options(live_server, account, new_context):
    reviewers = (account("reviewer").id, account("reviewer").id)
    proposal_id, _ = proposal_in(live_server.app, "resolution", account("applicant").id, reviewers)
    page = _signed_in(new_context, account("secretariat"))
    visit(page, f"/antraege/{proposal_id}")
    options = page.locator("section").filter(has=page.locator("#aktionen"))
    options.get_by_role("link", name="Beschlussvorlage bearbeiten und ausstellen").click()
    expect(page).to_have_url(re.compile(rf"/dokumente/antraege/{proposal_id}/beschlussvorlage$"))


def test_conflict_page_leads_back_to_the_proposal(live_server, account, new_context):
    proposal_id, _ = proposal_in(live_server.app, "review", account("applicant").id)
    reviewer = account("reviewer")
    first = _signed_in(new_context, reviewer)
    second = first.context.new_page()
    for page in (first, second):
        visit(page, f"/antraege/{proposal_id}")
        page.locator("#aktion-approve summary").click()
        page.locator("#aktion-approve").get_by_label("Empfehlung").fill("Empfohlen.")
        page.locator("#aktion-approve").get_by_label("Ich bestätige diese Aktion.").check()
    first.locator("#aktion-approve").get_by_role("button", name="Befürworten").click()
    expect(first.get_by_text("„Befürworten“ wurde ausgeführt.")).to_be_visible()
    second.locator("#aktion-approve").get_by_role("button", name="Befürworten").click()
    expect(second.get_by_role("heading", level=1)).to_have_text("Zwischenzeitlich geändert")
    assert_accessible(second)
    second.get_by_role("link", name="Zurück zum Antrag").click()
    expect(second).to_have_url(re.compile(rf"/antraege/{proposal_id}$"))


def test_reviewers_diff_marks_the_changed_words(live_server, account, new_context):
    owner = account("applicant")
    reviewer = account("reviewer")
    proposal_id, _ = proposal_in(live_server.app, "returned", owner.id, (reviewer.id,))
    changed = MANDATE.replace("einen Leitfaden", "einen verbindlichen Leitfaden")
    resubmit_with_new_mandate(live_server.app, proposal_id, owner.id, changed)
    page = _signed_in(new_context, reviewer)
    visit(page, f"/antraege/{proposal_id}")
    inserted = page.locator("section[aria-labelledby=aenderungen] ins")
    expect(inserted).to_have_count(1)
    expect(inserted).to_contain_text("verbindlichen")
    expect(inserted.locator(".kern-sr-only").first).to_have_text("[neu:]")
    style = inserted.evaluate("e => getComputedStyle(e).textDecorationLine")
    assert "underline" in style  # not colour alone


def test_office_dates_are_german_text_fields_in_any_browser(live_server, account, new_context):
    reviewers = (account("reviewer").id, account("reviewer").id)
    proposal_id, _ = proposal_in(live_server.app, "resolution", account("applicant").id, reviewers)
    page = _signed_in(new_context, account("secretariat"), locale="en-US")
    visit(page, f"/antraege/{proposal_id}")
    page.locator("#aktion-establish summary").click()
    date_input = page.locator("#aktion-establish").get_by_label("Beschlussdatum")
    expect(date_input).to_have_attribute("type", "text")
    expect(date_input).to_have_value(re.compile(r"^\d{2}\.\d{2}\.\d{4}$"))
    visit(page, "/gremien/neu")
    expect(page.get_by_label("Beginn")).to_have_attribute("type", "text")
    visit(page, "/dokumente/sitzungsunterlage")
    expect(page.get_by_label("Datum", exact=True)).to_have_attribute("type", "text")

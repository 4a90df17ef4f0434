"""Motions in a real browser: an applicant for Hamburg invites three Länder, Hessen and Bremen
confirm, the motion becomes valid and the office records the AL-Runde's recommendation and
the council's decision; axe-core checks every page on the way."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.extensions import db
from app.models import Body, User
from app.workflow import operations
from tests.browser.helpers import assert_accessible, login, main_nav, visit
from tests.factories_motion import act_for
from tests.workflow.helpers import make_proposal


def _awaiting_decision(app, owner_id: int, reviewer_ids: list[int]) -> int:
    """A complete proposal, submitted and approved twice in the database, without a motion."""
    with app.app_context():
        owner = db.session.get(User, owner_id)
        parent = db.session.scalars(select(Body).order_by(Body.id)).first()
        proposal = make_proposal(owner, parent)
        operations.submit_proposal(proposal, owner)
        for reviewer_id in reviewer_ids:
            reviewer = db.session.get(User, reviewer_id)
            operations.approve_proposal(proposal, reviewer, {"recommendation": "Empfohlen."})
        db.session.commit()
        found = proposal.id
        db.session.remove()
    return found


def _members(app, people: dict[str, int]) -> None:
    """Let each account (by id) act for a member (by key)."""
    with app.app_context():
        for key, user_id in people.items():
            act_for(db.session.get(User, user_id), key)
        db.session.commit()
        db.session.remove()


def _signed_in(new_context, account) -> Page:
    page = new_context().new_page()
    login(page, account.email, account.password)
    return page


def _confirm_as(new_context, account, reference: str) -> None:
    page = _signed_in(new_context, account)
    main_nav(page).get_by_role("link", name="Mitzeichnungen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mitzeichnungen")
    expect(page.get_by_text(reference)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Mitzeichnen").click()
    expect(page.get_by_text("hat mitgezeichnet.")).to_be_visible()
    expect(page.get_by_text("Zurzeit liegen keine Einladungen vor.")).to_be_visible()
    assert_accessible(page)


def test_three_laender_invited_two_confirm_then_the_office_decides(
    live_server, account, new_context
):
    owner, hessen, bremen, bayern = (account("applicant") for _ in range(4))
    reviewers = [account("reviewer"), account("reviewer")]
    office = account("secretariat")
    _members(live_server.app, {"HH": owner.id, "HE": hessen.id, "HB": bremen.id, "BY": bayern.id})
    proposal_id = _awaiting_decision(live_server.app, owner.id, [r.id for r in reviewers])
    url = f"/antraege/{proposal_id}"

    page = _signed_in(new_context, owner)
    visit(page, url)
    reference = page.locator("dd").first.inner_text()
    expect(page.locator("#antrag-status")).to_contain_text("Noch kein gültiger Antrag.")
    page.get_by_role("button", name="Für Hamburg zeichnen").click()
    expect(page.get_by_text("Hamburg hat den Antrag gezeichnet.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Einladen").click()  # nothing chosen
    expect(page.get_by_role("alert")).to_contain_text("Bitte wählen Sie mindestens ein Land aus.")
    assert_accessible(page)
    for land in ("Hessen", "Bremen", "Bayern"):
        page.get_by_label(land, exact=True).check()
    page.get_by_role("button", name="Einladen").click()
    expect(page.get_by_text("Zur Mitzeichnung eingeladen: Bayern, Bremen, Hessen.")).to_be_visible()
    expect(page.locator("#antrag-status")).to_contain_text("Noch kein gültiger Antrag.")
    assert_accessible(page)

    _confirm_as(new_context, hessen, reference)
    _confirm_as(new_context, bremen, reference)

    page = _signed_in(new_context, office)
    visit(page, url)
    expect(page.locator("#antrag-status")).to_contain_text("Der Antrag ist gültig.")
    expect(page.locator("#antrag-status")).to_contain_text("Bremen, Hamburg, Hessen")
    page.locator("#al-runde-erfassen summary").click()
    page.get_by_label("Datum der Sitzung der AL-Runde").fill("2026-02-10")
    recommendation = page.get_by_label("Beschlussempfehlung", exact=True)
    recommendation.fill("Die AL-Runde empfiehlt die Einsetzung.")
    page.get_by_role("button", name="Empfehlung erfassen").click()
    expect(page.get_by_text("Die Beschlussempfehlung der AL-Runde wurde erfasst.")).to_be_visible()
    expect(page.locator("#al-empfehlung")).to_contain_text("10.02.2026")
    assert_accessible(page)
    # The council declines here: an established body would stay in the shared registry and
    # overlap with the next browser test's identical Steckbrief.
    action = page.locator("#aktion-decline")
    action.locator("summary").click()
    action.get_by_label("Beschlussnummer").fill("2026/23")
    action.get_by_label("Beschlussdatum").fill("2026-03-17")
    action.get_by_label("Beschlusstext").fill("Der IT-Planungsrat lehnt die Einsetzung ab.")
    action.get_by_label("Ich bestätige diese Aktion.").check()
    action.get_by_role("button", name="Ablehnung erfassen").click()
    expect(page.locator("#status")).to_contain_text("Abgelehnt")
    assert_accessible(page)


def test_the_account_without_a_member_sees_why(account, new_context):
    page = _signed_in(new_context, account("applicant"))
    visit(page, "/konto/mitzeichnungen")
    expect(page.get_by_text("Ihr Konto handelt für kein Mitglied")).to_be_visible()

"""The proposal workflow in a real browser: two approvals, establishment, dissolution."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.extensions import db
from app.models import Body, User
from app.workflow import operations
from tests.browser.helpers import login, visit
from tests.factories_motion import give_motion
from tests.workflow.helpers import make_proposal


def _submitted_proposal(app, owner_id: int) -> tuple[int, str]:
    """A complete proposal, submitted directly in the database (not through the form UI)."""
    with app.app_context():
        owner = db.session.get(User, owner_id)
        parent = db.session.scalars(select(Body).order_by(Body.id)).first()
        proposal = make_proposal(owner, parent)
        operations.submit_proposal(proposal, owner)
        give_motion(proposal, owner)  # the Bund moves it: the council may decide
        db.session.commit()
        found = (proposal.id, proposal.reference)
        db.session.remove()
    return found


def _fire(page: Page, trigger: str, label: str, fields: dict[str, str], checks=()) -> None:
    """Open an action on the proposal page, fill it in, confirm and send it."""
    action = page.locator(f"#aktion-{trigger}")
    action.locator("summary").click()
    for name, value in fields.items():
        action.get_by_label(name, exact=False).first.fill(value)
    for name in (*checks, "Ich bestätige diese Aktion."):
        action.get_by_label(name).check()
    action.get_by_role("button", name=label).click()
    expect(page.get_by_text(f"„{label}“ wurde ausgeführt.")).to_be_visible()


def _signed_in(new_context, account) -> Page:
    page = new_context().new_page()
    login(page, account.email, account.password)
    return page


def test_proposal_from_review_to_dissolution(live_server, account, new_context):
    owner = account("applicant")
    reviewers = [account("reviewer"), account("reviewer")]
    office = account("secretariat")
    proposal_id, reference = _submitted_proposal(live_server.app, owner.id)
    url = f"/antraege/{proposal_id}"

    for reviewer in reviewers:
        page = _signed_in(new_context, reviewer)
        visit(page, "/pruefung/")
        page.get_by_role("link", name=reference).click()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        visit(page, url)
        _fire(page, "approve", "Befürworten", {"Empfehlung": "Zur Einsetzung empfohlen."})

    page = _signed_in(new_context, office)
    visit(page, "/geschaeftsstelle/")
    expect(page.get_by_role("link", name=reference)).to_be_visible()
    visit(page, url)
    _fire(
        page,
        "establish",
        "Einsetzung erfassen",
        {
            "Beschlussnummer": "2026/17",
            "Beschlussdatum": "2026-03-17",
            "Sitzung": "42",
            "Beschlusstext": "Der IT-Planungsrat beschließt die Einsetzung.",
        },
    )
    expect(page.locator("#status")).to_contain_text("Eingesetzt")
    visit(page, url)
    _fire(
        page,
        "dissolve",
        "Auflösung erfassen",
        {"Auflösungsdatum": "2027-12-31"},
        checks=("Befristung abgelaufen (Auflösung ohne Beschluss)",),
    )
    expect(page.locator("#status")).to_contain_text("Aufgelöst")
    visit(page, url)

    owner_page = _signed_in(new_context, owner)
    visit(owner_page, url)
    expect(owner_page.get_by_text("Auflösung erfassen").first).to_be_visible()


def test_diagram_page_is_accessible(page):
    visit(page, "/ablauf")
    expect(page.get_by_role("img", name="Ablauf eines Antrags")).to_be_visible()
    expect(page.get_by_role("table", name="Alle Übergänge als Tabelle")).to_be_visible()
    for procedure in ("In einer Sitzung", "Im Umlaufverfahren"):  # how the council decides
        expect(page.get_by_role("table", name=procedure)).to_be_visible()
    expect(page.get_by_role("rowheader", name="4. Ergebnis feststellen")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Zur Mitzeichnung einladen")).to_be_visible()

"""A body over its lifetime in a real browser: the office extends its time limit by a change
decision, then dissolves it early from its page; at each step the registry page, the API,
OParl and the Beschluss PDFs (read back) agree. axe-core runs on every page visited."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from app.extensions import db
from app.formatting import today_berlin
from tests.browser.helpers import login, visit
from tests.documents.pdfs import flat_text
from tests.workflow.helpers import make_cast, make_proposal, to_established


def _established_body(app) -> tuple[int, str]:
    """A Projektgruppe established today by Beschluss 2026/07 (until 31.12.2027)."""
    with app.app_context():
        cast = make_cast()
        proposal = make_proposal(cast.owner, cast.parent)
        to_established(proposal, cast, decision_date=today_berlin())
        db.session.commit()
        found = (proposal.body.id, proposal.body.key)
        db.session.remove()
    return found


def _fire(page: Page, trigger: str, label: str, fields: dict[str, str]) -> None:
    """Open an action on the proposal page, fill it in, confirm and send it."""
    action = page.locator(f"#aktion-{trigger}")
    action.locator("summary").click()
    for name, value in fields.items():
        action.get_by_label(name, exact=False).first.fill(value)
    action.get_by_label("Ich bestätige diese Aktion.").check()
    action.get_by_role("button", name=label).click()
    expect(page.get_by_text(f"„{label}“ wurde ausgeführt.")).to_be_visible()


def _beschluss_text(page: Page, proposal_id: int, number: str) -> str:
    """Issue the Beschluss PDF on the proposal's documents page, then read it back."""
    visit(page, f"/dokumente/antraege/{proposal_id}")
    page.get_by_role("button", name=f"Beschluss-PDF {number} ausstellen").click()
    expect(page.get_by_text(f"Das Beschluss-PDF {number} wurde ausgestellt.")).to_be_visible()
    response = page.request.get(f"/dokumente/beschluesse/{number.replace('/', '-')}.pdf")
    assert response.status == 200
    return flat_text(response.body())


def _agree(page: Page, body_id: int, key: str, *, end: str, status: str, time_limit: str):
    """The registry page, the API and OParl say the same."""
    visit(page, f"/gremien/{key}")
    expect(page.locator("main")).to_contain_text(time_limit)
    api = page.request.get(f"/api/v1/bodies/{body_id}").json()["data"]
    assert (api["end_date"], api["status"]) == (end, status)
    assert api["lead"].startswith("Vorsitz: Hessen")
    oparl = page.request.get(f"/oparl/v1/organizations/{body_id}").json()
    assert oparl["endDate"] == end


def test_extend_by_a_change_decision_then_dissolve_early(live_server, account, new_context):
    body_id, key = _established_body(live_server.app)
    today = today_berlin()
    office = account("secretariat")
    page = new_context().new_page()
    login(page, office.email, office.password)

    # Start the change from the body's page.
    visit(page, f"/gremien/{key}")
    page.get_by_role("link", name="Änderung beginnen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Änderung beginnen")
    visit(page, page.url)
    page.get_by_label("Befristung verlängern").check()
    page.get_by_role("button", name="Änderung anlegen").click()
    expect(page.get_by_text("wurde angelegt")).to_be_visible()
    change_id = int(re.search(r"/antraege/(\d+)/schritt/basics", page.url)[1])

    # The Steckbrief starts from the version in force: extend it, lead by Hessen.
    visit(page, f"/antraege/{change_id}/schritt/basics")
    page.get_by_label("Befristet bis").first.fill("31.12.2028")
    page.get_by_role("button", name="Zwischenspeichern").click()
    visit(page, f"/antraege/{change_id}/schritt/organisation")
    page.get_by_label("Vorsitz", exact=True).fill("Hessen")
    page.get_by_role("button", name="Zwischenspeichern").click()
    visit(page, f"/antraege/{change_id}/angaben-pruefen")
    page.get_by_label("Ich bestätige", exact=False).nth(1).check()
    page.get_by_role("button", name="Ohne Prüfung zur Beschlussfassung").click()
    expect(page.locator("#status")).to_contain_text("Zur Beschlussfassung")
    visit(page, f"/antraege/{change_id}")
    diff = page.locator("section[aria-labelledby=aenderungen-geltend]")
    expect(diff).to_contain_text("31.12.2028")
    expect(diff).to_contain_text("Hessen")
    expect(page.locator("#aendert-beschluss")).to_have_text("2026/07")

    # Decide it; the registry, the API, OParl and the Beschluss agree.
    _fire(
        page,
        "decide_change",
        "Änderungsbeschluss erfassen",
        {
            "Beschlussnummer": "2026/31",
            "Beschlussdatum": today.isoformat(),
            "Sitzung": "45",
            "Beschlusstext": "Der IT-Planungsrat ändert seinen Beschluss 2026/07: "
            "Die Befristung wird bis zum 31.12.2028 verlängert.",
        },
    )
    expect(page.locator("#status")).to_contain_text("Beschlossen")
    text = _beschluss_text(page, change_id, "2026/31")
    assert "Ändert Beschluss 2026/07" in text
    assert "bis zum 31.12.2028 verlängert" in text
    _agree(page, body_id, key, end="2028-12-31", status="current", time_limit="31.12.2028")
    expect(page.locator("main")).to_contain_text("Fassungen des Gremiensteckbriefs")

    # Dissolve it early, from its page, long before its end.
    page.get_by_role("link", name="Auflösung einleiten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Auflösung erfassen")
    visit(page, page.url)
    founding_id = int(re.search(r"/antraege/(\d+)/aktion/dissolve", page.url)[1])
    page.get_by_label("Auflösungsdatum").fill(today.isoformat())
    page.get_by_label("Beschlussnummer").fill("2026/40")
    page.get_by_label("Beschlussdatum").fill(today.isoformat())
    page.get_by_label("Sitzung").fill("45")
    page.get_by_label("Ich bestätige diese Aktion.").check()
    page.get_by_role("button", name="Auflösung erfassen").click()
    expect(page.locator("#status")).to_contain_text("Aufgelöst")
    text = _beschluss_text(page, founding_id, "2026/40")
    assert "Ändert Beschluss 2026/31" in text
    assert "Auflösung der Projektgruppe" in text and today.strftime("%d.%m.%Y") in text
    _agree(page, body_id, key, end=today.isoformat(), status="dissolved", time_limit="Aufgelöst")
    expect(page.get_by_role("link", name="Änderung beginnen")).to_have_count(0)
    visit(page, f"/gremien/{key}/aenderung", status=409)

"""The office's page on the council's members and the Königsteiner Schlüssel, in a browser."""

from __future__ import annotations

from playwright.sync_api import expect

from app.council.seed import load_members, load_seed_shares
from app.extensions import db
from tests.browser.helpers import assert_accessible, login, main_nav, visit


def _seeded(app) -> None:
    with app.app_context():
        load_members()
        load_seed_shares()
        db.session.commit()
        db.session.remove()


def test_office_corrects_a_year_of_shares(live_server, account, page):
    _seeded(live_server.app)
    office = account("secretariat")
    login(page, office.email, office.password)
    main_nav(page).get_by_role("link", name="Mitglieder").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Mitglieder und Königsteiner Schlüssel"
    )
    assert_accessible(page)
    expect(page.get_by_role("cell", name="21,14424")).to_be_visible()

    page.get_by_role("link", name="Tabelle 2016 korrigieren").click()
    expect(page.get_by_label("Nordrhein-Westfalen (in %)")).to_have_value("21,14424")
    assert_accessible(page)
    page.get_by_label("Bayern (in %)").fill("15,53328")
    page.get_by_label("Begründung der Korrektur").fill("Probe einer Korrektur")
    page.get_by_role("button", name="Tabelle speichern").click()
    expect(page.get_by_role("alert")).to_contain_text("ergeben zusammen 100,00001 %")
    assert_accessible(page)

    page.get_by_label("Baden-Württemberg (in %)").fill("12,96661")
    page.get_by_role("button", name="Tabelle speichern").click()
    expect(
        page.get_by_text("Der Königsteiner Schlüssel 2016 ist gespeichert (Fassung 2).")
    ).to_be_visible()
    expect(page.get_by_text("Begründung der Korrektur: Probe einer Korrektur")).to_be_visible()
    expect(page.get_by_text("frühere Fassung")).to_be_visible()
    visit(page, "/geschaeftsstelle/it-planungsrat/koenigsteiner-schluessel?jahr=2016")
    expect(page.get_by_label("Baden-Württemberg (in %)")).to_have_value("12,96661")

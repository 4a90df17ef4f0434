"""The council decides, in a browser: a session from agenda to results with split votes, and an
Umlaufverfahren with one member not answering; both end in Beschluss PDFs read back."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from pathlib import Path

from playwright.sync_api import expect
from sqlalchemy import select

from app.council import procedures
from app.council.majority import VOTING_MEMBERS
from app.council.seed import load_members, load_seed_shares
from app.extensions import db
from app.formatting import today_berlin
from app.models import CouncilMember, User, WrittenProcedure
from tests.browser.helpers import assert_accessible, login, main_nav, visit
from tests.council.votes_helpers import BOTH_PASS, SHARE_FAILS
from tests.documents import factories
from tests.documents.pdfs import flat_text
from tests.factories_motion import give_motion
from tests.factories_steckbrief import complete_steckbrief

NAMES = {
    "BY": "Bayern",
    "NW": "Nordrhein-Westfalen",
    "HE": "Hessen",
    "HB": "Bremen",
    "SL": "Saarland",
    "MV": "Mecklenburg-Vorpommern",
}
DECIDED = re.compile(r"Beschluss (\d{4}/\d{2,})")


def _own_steckbrief(n: int) -> dict:
    """A complete Steckbrief of its own: the bodies these tests establish stay in the shared
    browser database, and later tests' Steckbriefe must not overlap with them."""
    tag = uuid.uuid4().hex[:6]
    content = complete_steckbrief(body_id=factories.make_body().id)
    content["master_data"] |= {"name": f"Arbeitsgruppe Ratsabstimmung {n} {tag}"}
    content["master_data"] |= {"short_name": f"AG RA{n}{tag}"}
    content["mandate"] |= {"mandate": f"Erprobt Abstimmungsverfahren im Rat, Auftrag {n}-{tag}."}
    return content


def _proposals(app, count: int) -> list[tuple[int, str]]:
    """The council's data and ``count`` proposals in resolution, as (id, reference)."""
    with app.app_context():
        load_members()
        load_seed_shares()
        made = [
            factories.in_resolution(content=_own_steckbrief(n))["proposal"] for n in range(count)
        ]
        for proposal in made:
            give_motion(proposal)  # the Bund moves it: the council may decide
        result = [(p.id, p.reference) for p in made]
        db.session.commit()
        db.session.remove()
    return result


def _beschluss_text(page, public, proposal_id: int, number: str) -> str:
    """Issue the Beschluss PDF as the office, download it as the public, read it back."""
    visit(page, f"/dokumente/antraege/{proposal_id}")
    page.get_by_role("button", name=f"Beschluss-PDF {number} ausstellen").click()
    expect(page.get_by_text(f"Das Beschluss-PDF {number} wurde ausgestellt.")).to_be_visible()
    visit(public, "/dokumente/beschluesse/")
    with public.expect_download() as info:
        public.get_by_role("link", name=f"Beschluss {number} (PDF)").click()
    data = Path(info.value.path()).read_bytes()
    assert data.startswith(b"%PDF-1.7")
    return flat_text(data)


def _vote_item(page, position: int, no: tuple[str, ...]) -> None:
    page.get_by_role("link", name=f"Abstimmung zu TOP {position}").click()
    assert_accessible(page)
    for key in VOTING_MEMBERS:  # each select is labelled with the member's name
        page.locator(f"#vote_{key}").select_option("no" if key in no else "yes")
    expect(page.get_by_label("Nordrhein-Westfalen", exact=True)).to_have_value(
        "no" if "NW" in no else "yes"
    )
    page.get_by_role("button", name="Stimmen erfassen und auswerten").click()
    expect(page.get_by_text("Die Stimmen sind erfasst und ausgewertet.")).to_be_visible()
    assert_accessible(page)


def test_a_session_from_agenda_to_results_with_split_votes(live_server, account, new_context):
    (split_id, split_ref), (clear_id, _clear_ref) = _proposals(live_server.app, 2)
    office = account("secretariat")
    page = new_context().new_page()
    login(page, office.email, office.password)
    main_nav(page).get_by_role("link", name="Sitzungen").click()
    assert_accessible(page)
    page.get_by_role("link", name="Sitzung anlegen").click()
    assert_accessible(page)
    page.get_by_label("Nummer der Sitzung").fill("148")
    page.get_by_label("Datum der Sitzung").fill("2026-03-17")
    page.get_by_label("Ort").fill("virtuell")
    page.get_by_label("Vorsitz").select_option(label="Bayern")
    page.get_by_label("Frist für die Sitzungsunterlagen").fill("2026-03-03")
    page.get_by_role("button", name="Sitzung anlegen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("148. Sitzung des IT-Planungsrats")
    assert_accessible(page)
    for proposal_id in (clear_id, split_id):
        page.get_by_label("Antrag zur Beschlussfassung").select_option(str(proposal_id))
        page.get_by_role("button", name="Auf die Tagesordnung setzen").click()
        expect(page.get_by_text("Der Antrag steht auf der Tagesordnung.")).to_be_visible()
    page.get_by_role("button", name="TOP 2 nach oben").click()  # the split vote first
    expect(page.get_by_role("row", name=re.compile(f"TOP 1 {split_ref}"))).to_be_visible()
    assert_accessible(page)

    # TOP 1: 13 Länder yes, Bayern, NRW and Hessen no: 11 Länder pass, two thirds fail.
    _vote_item(page, 1, SHARE_FAILS)
    expect(page.get_by_text("Beschluss (bindend): nicht erreicht")).to_be_visible()
    expect(page.get_by_text("Empfehlung (einfache Mehrheit): erreicht")).to_be_visible()
    expect(page.get_by_text(re.compile("halten 55,92 % der Anteile"))).to_be_visible()
    page.get_by_label("angenommen").check()
    page.get_by_role("button", name="Ergebnis bestätigen").click()
    expect(page.get_by_role("alert")).to_contain_text("bitte begründen Sie die Abweichung")
    assert_accessible(page)
    page.get_by_label("Begründung").fill(
        "Die Dachmarke ist freiwillig; sie bindet nur, wer zustimmte."
    )
    page.get_by_label("Der Beschluss bindet nur die Länder, die zugestimmt haben.").check()
    page.get_by_role("button", name="Ergebnis bestätigen").click()
    expect(page.get_by_text("Das Ergebnis ist bestätigt.")).to_be_visible()
    split_number = DECIDED.search(page.get_by_role("row", name=re.compile("TOP 1")).inner_text())[1]

    # TOP 2: Bremen, Saarland, Mecklenburg-Vorpommern no: both tests pass.
    _vote_item(page, 2, BOTH_PASS)
    expect(page.get_by_text("Beschluss (bindend): erreicht")).to_be_visible()
    page.get_by_role("button", name="Ergebnis bestätigen").click()
    expect(page.get_by_text("Das Ergebnis ist bestätigt.")).to_be_visible()
    assert_accessible(page)
    clear_number = DECIDED.search(page.get_by_role("row", name=re.compile("TOP 2")).inner_text())[1]
    page.get_by_role("link", name="Abstimmung und Beschluss").first.click()
    expect(page.get_by_role("heading", name="Ergebnis: angenommen")).to_be_visible()
    expect(page.get_by_role("row", name="Hessen Nein")).to_be_visible()
    assert_accessible(page)

    public = new_context().new_page()
    text = _beschluss_text(page, public, split_id, split_number)
    assert f"IT-Planungsrat | 17.03.2026 | 148. Sitzung | Beschluss {split_number}" in text
    assert "beschließt die Einsetzung" in text
    assert "Der Beschluss bindet nur die Länder, die zugestimmt haben." in text
    for key in SHARE_FAILS:
        assert f"{NAMES[key]} Nein" in text
    assert "Bund Ja" in text and "Sachsen Ja" in text
    assert "55,92 % der Anteile" in text and "Begründung der Geschäftsstelle: Die Dachmarke" in text
    text = _beschluss_text(page, public, clear_id, clear_number)
    assert f"IT-Planungsrat | 17.03.2026 | 148. Sitzung | Beschluss {clear_number}" in text
    assert "Saarland Nein" in text and "Der Bund und 13 Länder mit 95,82 %" in text
    assert "bindet nur" not in text


def _represent(app, email: str, key: str) -> None:
    with app.app_context():
        user = db.session.scalars(select(User).where(User.email == email)).one()
        member = db.session.scalars(select(CouncilMember).where(CouncilMember.key == key)).one()
        user.council_member_id = member.id
        db.session.commit()
        db.session.remove()


def _answers_by_mail_and_the_deadline_passes(app, procedure_id: int, office_id: int) -> None:
    """The answers the office received by other means (all but the Saarland's), then two days
    pass: the procedure was sent and answered two days earlier, its deadline was yesterday."""
    with app.app_context():
        procedure = db.session.get(WrittenProcedure, procedure_id)
        office = db.session.get(User, office_id)
        for key in VOTING_MEMBERS:
            if key not in {"HE", "HB", "SL"}:
                procedures.record_answer(procedure, office, key, "yes", procedure.dispatched_on)
        db.session.commit()
        procedure = db.session.get(WrittenProcedure, procedure_id)
        procedure.dispatched_on -= timedelta(days=2)
        procedure.deadline -= timedelta(days=2)
        for vote in procedure.votes:
            vote.cast_on -= timedelta(days=2)
        db.session.commit()
        db.session.remove()


def test_an_umlaufverfahren_with_one_member_not_answering(live_server, account, new_context):
    ((proposal_id, reference),) = _proposals(live_server.app, 1)
    office = account("secretariat")
    hessen = account("applicant")
    _represent(live_server.app, hessen.email, "HE")
    page = new_context().new_page()
    login(page, office.email, office.password)
    main_nav(page).get_by_role("link", name="Umlaufverfahren").click()
    assert_accessible(page)
    page.get_by_role("link", name="Umlaufverfahren starten").click()
    assert_accessible(page)
    page.get_by_label("Antrag zur Beschlussfassung").select_option(str(proposal_id))
    today = today_berlin()
    page.get_by_label("Frist (einschließlich)").fill(today.isoformat())
    page.get_by_role("button", name="Umlaufverfahren starten").click()
    expect(page.get_by_text("Das Umlaufverfahren ist gestartet.")).to_be_visible()
    assert_accessible(page)
    procedure_id = int(page.url.rsplit("/", 1)[1])

    member_page = new_context().new_page()
    login(member_page, hessen.email, hessen.password)
    main_nav(member_page).get_by_role("link", name="Umlaufverfahren").click()
    assert_accessible(member_page)
    member_page.get_by_role("link", name=re.compile(reference)).click()
    expect(member_page.get_by_role("heading", name="Ihre Stimme für Hessen")).to_be_visible()
    assert_accessible(member_page)
    member_page.get_by_label("Ja").check()
    member_page.get_by_role("button", name="Stimme abgeben").click()
    expect(member_page.get_by_text("Ihre Stimme ist erfasst.")).to_be_visible()
    expect(member_page.get_by_text("Für Hessen ist geantwortet: Ja.")).to_be_visible()
    assert_accessible(member_page)

    page.reload()
    page.get_by_label("Mitglied", exact=True).select_option(label="Bremen")
    page.locator("#antwort-form").get_by_label("Ja").check()
    page.get_by_role("button", name="Antwort erfassen").click()
    expect(page.get_by_text("Die Antwort ist erfasst.")).to_be_visible()
    assert_accessible(page)

    with live_server.app.app_context():
        office_id = db.session.scalars(select(User.id).where(User.email == office.email)).one()
        db.session.remove()
    _answers_by_mail_and_the_deadline_passes(live_server.app, procedure_id, office_id)
    page.reload()
    expect(page.get_by_role("row", name=re.compile("Saarland noch keine Antwort"))).to_be_visible()
    expect(page.get_by_text("Beschluss (bindend): erreicht")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Ergebnis bestätigen").click()
    expect(page.get_by_text("Das Ergebnis des Umlaufverfahrens ist festgestellt.")).to_be_visible()
    assert_accessible(page)
    number = DECIDED.search(page.get_by_text(re.compile(r"Beschluss \d{4}/")).inner_text())[1]
    assert f"vom {today.strftime('%d.%m.%Y')}" in page.content()

    text = _beschluss_text(page, new_context().new_page(), proposal_id, number)
    assert (
        f"IT-Planungsrat | {today.strftime('%d.%m.%Y')} | Umlaufverfahren | Beschluss {number}"
        in text
    )
    assert "Saarland keine Antwort (zählt als Enthaltung)" in text
    assert "Hessen Ja" in text and "Bremen Ja" in text and "Bund Ja" in text
    assert "beschließt die Einsetzung" in text

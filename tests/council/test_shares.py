"""The members and the Königsteiner Schlüssel: seed, operations and the office's page."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.council import shares
from app.council.seed import SEED_YEAR, SHARES_2016, load_members, load_seed_shares
from app.domain import DomainError
from app.models import CouncilMember, LandShare, ShareTable

URL = "/geschaeftsstelle/it-planungsrat/koenigsteiner-schluessel"


@pytest.fixture
def seeded(db):
    """The members and the 2016 table, committed."""
    load_members()
    load_seed_shares()
    db.session.commit()


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def form_data(year="2025", source="BAnz AT 01.01.2025", note="", **changes) -> dict[str, str]:
    """The 2016 shares in German notation, with some changed."""
    data = {f"share_{k}": str(v).replace(".", ",") for k, v in SHARES_2016.items()}
    data.update({f"share_{k}": v for k, v in changes.items()})
    return {"year": year, "source": source, "note": note, **data}


def test_seed_has_17_voting_and_6_advisory_members_and_the_2016_table(db, seeded):
    members = shares.all_members()
    assert [m.key for m in members if m.voting][:2] == ["bund", "BW"]
    assert sum(m.voting for m in members) == 17 and len(members) == 23
    table = shares.current_table(SEED_YEAR)
    assert table.revision == 1 and "KommunalWiki" in table.source
    assert table.as_mapping() == SHARES_2016
    assert sum(table.as_mapping().values()) == Decimal(100)
    assert load_seed_shares() is False and load_members() == (0, 23)  # idempotent


def test_a_correction_adds_a_revision_and_keeps_the_old(db, seeded):
    corrected = {**SHARES_2016, "BW": Decimal("12.96661"), "BY": Decimal("15.53328")}
    with pytest.raises(DomainError) as refused:
        shares.record_share_table(SEED_YEAR, corrected, "Bundesanzeiger", None)
    assert refused.value.field == "note"
    table = shares.record_share_table(SEED_YEAR, corrected, "Bundesanzeiger", None, "Tippfehler")
    db.session.commit()
    assert table.revision == 2 and shares.current_table(SEED_YEAR).id == table.id
    revisions = [t.revision for t in shares.all_tables()]
    assert revisions == [2, 1] and count(db, LandShare) == 32


@pytest.mark.parametrize(
    "change, field",
    [
        ({"BW": "12,96663"}, "share_total"),  # sums to 100.00001
        ({"BW": "abc"}, "share_BW"),
        ({"BW": "-1"}, "share_BW"),
        ({"BW": "12,966620"}, None),  # trailing zero: still five places, accepted
        ({"BW": "12,9666201"}, "share_BW"),
    ],
)
def test_shares_are_checked(db, seeded, change, field):
    values = {**{k: str(v) for k, v in SHARES_2016.items()}, **change}
    if field is None:
        assert shares.record_share_table(2024, values, "Quelle", None).year == 2024
        return
    with pytest.raises(DomainError) as refused:
        shares.record_share_table(2024, values, "Quelle", None)
    assert refused.value.field == field


def test_page_shows_members_and_shares(db, seeded, web, user_factory):
    web.login(user_factory("secretariat"))
    page = web.client.get("/geschaeftsstelle/it-planungsrat/").get_data(as_text=True)
    assert "Nordrhein-Westfalen" in page and "21,14424" in page
    assert "Königsteiner Schlüssel 2016, Fassung 1" in page
    assert "Präsident:in der FITKO" in page and "beratend" in page
    assert "Anteil in %</th>" in page and "%%" not in page


def test_office_enters_a_new_year(db, seeded, web, user_factory):
    web.login(user_factory("secretariat"))
    form = web.client.get(f"{URL}?jahr=2016").get_data(as_text=True)
    assert 'value="21,14424"' in form
    response = web.post(URL, form_data())
    assert response.status_code == 302
    assert shares.current_table(2025).as_mapping() == SHARES_2016


def test_shares_not_summing_to_100_are_refused_and_nothing_stored(db, seeded, web, user_factory):
    web.login(user_factory("secretariat"))
    response = web.post(URL, form_data(NW="21,14425"))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "ergeben zusammen 100,00001 %; sie müssen genau 100 % ergeben" in page
    assert count(db, ShareTable) == 1 and count(db, LandShare) == 16


def test_a_correction_without_reason_is_refused(db, seeded, web, user_factory):
    web.login(user_factory("secretariat"))
    response = web.post(URL, form_data(year="2016"))
    assert response.status_code == 400
    assert "bitte begründen Sie die Korrektur" in response.get_data(as_text=True)
    assert count(db, ShareTable) == 1
    assert web.post(URL, form_data(year="2016", note="Berichtigt")).status_code == 302
    assert [t.revision for t in shares.all_tables()] == [2, 1]


def test_only_the_office_sees_the_pages(db, seeded, web, user_factory):
    web.login(user_factory("applicant"))
    assert web.client.get("/geschaeftsstelle/it-planungsrat/").status_code == 403
    assert count(db, CouncilMember) == 23


def test_flask_seed_loads_members_and_the_2016_table_once(app, db):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed"])
    assert first.exit_code == 0, first.output
    assert "Mitglieder des IT-Planungsrats: 23 neu, 0 aktualisiert." in first.output
    assert "Königsteiner Schlüssel 2016 angelegt." in first.output
    second = runner.invoke(args=["seed"])
    assert "Mitglieder des IT-Planungsrats: 0 neu, 23 aktualisiert." in second.output
    assert "Königsteiner Schlüssel 2016 angelegt." not in second.output
    assert count(db, ShareTable) == 1


def test_a_decision_uses_the_table_of_its_year(db, seeded):
    shares.record_share_table(2025, SHARES_2016, "Bundesanzeiger", None)
    assert shares.table_for(date(2025, 3, 17)).year == 2025
    assert shares.table_for(date(2016, 12, 31)).year == 2016
    assert shares.table_for(date(2020, 1, 1)) is None


@pytest.mark.parametrize("year", ["99999999999999999999", "٢٠١٦", "-1", "abc", ""])
def test_an_odd_year_in_the_address_starts_a_new_table(db, seeded, web, user_factory, year):
    web.login(user_factory("secretariat"))
    response = web.client.get(f"{URL}?jahr={year}")
    assert response.status_code == 200
    assert 'value="21,14424"' in response.get_data(as_text=True)  # from the newest table

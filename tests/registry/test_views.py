"""The public registry pages: grouping as on the seed page, dissolved bodies, body pages."""

from __future__ import annotations

from datetime import date, timedelta

from app.extensions import db
from app.formatting import today_berlin
from app.models import Body, HistoryEvent
from app.registry import operations
from app.registry.queries import seed_data
from tests.registry.conftest import (
    XHTML,
    add_body,
    add_proposal_body,
    element_by_id,
    parse_html,
    text_of,
)
from tests.registry.test_seed_data import FALLBACK_SEED_ITEMS, SEED_PAGE, find_body

SECTION_OF_LIST = [
    "gruppe-rat",
    "gruppe-arbeitsformate",
    "gruppe-projektgruppen",
    "gruppe-programme",
]


def seed_lists() -> list[list[tuple[str, str | None]]]:
    """The seed page's bullet lists in order: (label, enclosing label) per item."""
    lists: list[list[tuple[str, str | None]]] = []
    in_list, stack = False, []
    for line in SEED_PAGE.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("•"):
            in_list, stack = False, []
            continue
        if not in_list:
            lists.append([])
            in_list = True
        indent = len(line) - len(line.lstrip())
        label = stripped.lstrip("•").strip()
        while stack and stack[-1][0] >= indent:
            stack.pop()
        lists[-1].append((label, stack[-1][1] if stack else None))
        stack.append((indent, label))
    assert [item for group in lists for item in group] == FALLBACK_SEED_ITEMS
    return lists


def _topic_item(section, label: str):
    for li in section.iter(f"{XHTML}li"):
        strong = li.find(f"{XHTML}strong")
        if strong is not None and text_of(strong) == label:
            return li
    return None


def test_every_seed_bullet_appears_under_its_heading(client, seeded):
    page = parse_html(client.get("/gremien/").get_data(as_text=True))
    bodies = {entry["key"]: entry for entry in seed_data()["bodies"]}
    topics = [topic["name"] for topic in seed_data()["focus_topics"]]
    for index, items in enumerate(seed_lists()):
        section = element_by_id(page, SECTION_OF_LIST[index])
        assert section is not None, SECTION_OF_LIST[index]
        for label, parent_label in items:
            if label in topics:
                assert _topic_item(section, label) is not None, label
                continue
            key = find_body(label, bodies)["key"]
            container = section
            if parent_label in topics:
                container = _topic_item(section, parent_label)
            elif parent_label:
                parent_key = find_body(parent_label, bodies)["key"]
                container = element_by_id(section, f"eintrag-{parent_key}")
            assert element_by_id(container, f"eintrag-{key}") is not None, (label, parent_label)


def test_each_line_shows_kind_short_name_lead_and_time_limit(client, seeded, db):
    body = db.session.get(Body, seeded["fit-ab"])
    body.lead = "Vorsitz: Land Hessen"
    add_body(
        "pg-befristet",
        name="Projektgruppe Befristet",
        kind="projektgruppe",
        category="project_group",
        end_date=today_berlin() + timedelta(days=400),
    )
    db.session.commit()
    page = parse_html(client.get("/gremien/").get_data(as_text=True))
    fit_ab = text_of(element_by_id(page, "eintrag-fit-ab"))
    assert "(FIT-AB)" in fit_ab and "Board" in fit_ab and "Befristung: unbekannt" in fit_ab
    assert "Leitung: Vorsitz: Land Hessen" in fit_ab
    assert "auch genannt: Föderales Architekturboard" in fit_ab
    assert "bis auf Weiteres" in text_of(element_by_id(page, "eintrag-kooperationsgruppe-green-it"))
    assert "Befristung: unbekannt" in text_of(element_by_id(page, "eintrag-pg-finanzplanung"))
    end = (today_berlin() + timedelta(days=400)).strftime("%d.%m.%Y")
    assert f"befristet bis {end}" in text_of(element_by_id(page, "eintrag-pg-befristet"))


def test_dissolved_bodies_have_their_own_section_and_page(client, seeded):
    page = parse_html(client.get("/gremien/").get_data(as_text=True))
    assert element_by_id(page, "eintrag-kooperationsgruppe-strategie") is None
    dissolved = text_of(element_by_id(page, "aufgeloeste-gremien"))
    assert "Kooperationsgruppe Strategie" in dissolved and "31.10.2010" in dissolved
    response = client.get("/gremien/aufgeloest")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "Kooperationsgruppe Strategie" in text and "31.10.2010" in text
    assert "IT-Planungsrat</a>" not in text


def test_a_body_ending_yesterday_is_dissolved_today(client, seeded):
    add_body("gestern-beendet", name="Gestern beendet", end_date=today_berlin() - timedelta(days=1))
    add_body("heute-beendet", name="Heute beendet", end_date=today_berlin())
    db.session.commit()
    page = parse_html(client.get("/gremien/").get_data(as_text=True))
    assert "Gestern beendet" in text_of(element_by_id(page, "aufgeloeste-gremien"))
    assert element_by_id(page, "eintrag-heute-beendet") is not None


def test_body_page_shows_parent_children_and_seed_decisions(client, seeded):
    text = client.get("/gremien/kooperationsgruppe-green-it").get_data(as_text=True)
    assert '<h1 class="kern-heading-x-large">Kooperationsgruppe Green-IT</h1>' in text
    assert 'href="/gremien/it-planungsrat"' in text
    assert "Beschluss 2019/63" in text and "Beschluss 2021/11" in text
    assert "Einsetzung, befristet bis 31.12.2020" in text
    assert "Digitale Infrastruktur" in text
    programme = client.get("/gremien/ozg-programmmanagement").get_data(as_text=True)
    assert 'href="/gremien/ozg-themenfeldfuehrung"' in programme
    assert 'href="/gremien/ozg-koordination"' in programme


def test_body_page_shows_history_newest_first(client, seeded, user_factory):
    office = user_factory("secretariat")
    body = db.session.get(Body, seeded["pg-finanzplanung"])
    values = {name: getattr(body, name) for name in operations.EDITABLE_FIELDS}
    operations.update_entry(body, office, {**values, "lead": "Erste Leitung"})
    operations.update_entry(body, office, {**values, "lead": "Zweite Leitung"})
    db.session.commit()
    text = client.get("/gremien/pg-finanzplanung").get_data(as_text=True)
    history = text[text.index('id="verlauf-titel"') :]
    assert history.index("Erste Leitung → Zweite Leitung") < history.index("– → Erste Leitung")
    assert office.name not in text  # public page: no personal names
    assert db.session.query(HistoryEvent).count() == 2


def test_body_from_a_proposal_shows_its_steckbrief_and_decision(client, seeded, user_factory):
    owner = user_factory("applicant")
    parent = db.session.get(Body, seeded["it-planungsrat"])
    body = add_proposal_body(owner, parent, end_date=date(2027, 12, 31), parent_id=parent.id)
    db.session.commit()
    text = client.get(f"/gremien/{body.key}").get_data(as_text=True)
    assert "Gremiensteckbrief" in text
    assert "Viele Online-Dienste erfüllen die BITV 2.0 noch nicht." in text
    assert "Beschluss 2026/" in text and "17.03.2026" in text
    assert "befristet bis 31.12.2027" in text
    assert ".pdf" not in text  # no PDF issued: no dead link
    assert "Erika Mustermann" not in text and "poststelle@fitko.example" not in text
    assert "Ansprechpersonen" not in text  # the public page publishes no personal data


def test_unknown_body_is_a_german_404(client, seeded):
    response = client.get("/gremien/gibt-es-nicht")
    assert response.status_code == 404
    assert "Dieses Gremium gibt es im Register nicht." in response.get_data(as_text=True)


def test_registry_needs_no_sign_in_and_is_in_the_navigation(client, seeded):
    response = client.get("/")
    assert 'href="/gremien/"' in response.get_data(as_text=True)
    assert client.get("/gremien/").status_code == 200

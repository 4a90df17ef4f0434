"""The office keeps the focus topics: list, create, rename, retire; bad input is refused."""

from __future__ import annotations

from sqlalchemy import select

from app.models import Body, FocusTopic, HistoryEvent
from tests.registry.conftest import element_by_id, parse_html, text_of

URL = "/geschaeftsstelle/schwerpunktthemen/"


def _topic(db, key: str) -> FocusTopic:
    return db.session.scalar(select(FocusTopic).where(FocusTopic.key == key))


def _edit_form(topic: FocusTopic, **changes) -> dict:
    form = {
        "name": topic.name,
        "patron": topic.patron or "",
        "position": str(topic.position),
        "seen_updated_at": topic.updated_at.isoformat(),
    }
    if topic.retired:
        form["retired"] = "y"
    form.update(changes)
    return {key: value for key, value in form.items() if value is not None}


def test_the_seed_brings_the_three_topics_of_the_page(db, seeded):
    topics = list(db.session.scalars(select(FocusTopic).order_by(FocusTopic.position)))
    assert [topic.name for topic in topics] == [
        "Digitale Infrastruktur",
        "Datennutzung und Datenschutz",
        "Informationssicherheit",
        "Sonstiges",
    ]
    assert all(topic.patron is None and not topic.retired for topic in topics)


def test_only_the_office_sees_the_page(app, web, seeded, user_factory):
    assert app.test_client().get(URL).status_code in (302, 401, 403)
    web.login(user_factory("applicant"))
    assert web.client.get(URL).status_code == 403
    assert web.client.get(URL + "neu").status_code == 403


def test_the_office_adds_a_topic_with_its_patron(office_web, db, seeded):
    response = office_web.post(
        URL + "neu", {"name": "Digitale Souveränität", "patron": "Freistaat Sachsen"}
    )
    assert response.status_code == 302
    topic = db.session.scalar(select(FocusTopic).where(FocusTopic.name == "Digitale Souveränität"))
    assert topic.key == "digitale_souveraenitaet" and topic.patron == "Freistaat Sachsen"
    assert topic.position == 5 and topic.retired is False
    page = parse_html(office_web.client.get(URL).get_data(as_text=True))
    row = text_of(element_by_id(page, "thema-digitale_souveraenitaet"))
    assert "Freistaat Sachsen" in row and "aktuell" in row
    event = db.session.scalar(select(HistoryEvent).order_by(HistoryEvent.id.desc()))
    assert event.action == "focus_topic_saved"


def test_a_rename_follows_on_the_registry_and_keeps_the_key(office_web, db, seeded):
    topic = _topic(db, "informationssicherheit")
    response = office_web.post(
        f"{URL}{topic.id}",
        _edit_form(topic, name="Informationssicherheit und Resilienz", patron="Bund"),
    )
    assert response.status_code == 302
    db.session.expire_all()
    topic = _topic(db, "informationssicherheit")
    assert topic.name == "Informationssicherheit und Resilienz" and topic.patron == "Bund"
    body = db.session.get(Body, seeded["ag-informationssicherheit"])
    assert body.focus_topic == "Informationssicherheit und Resilienz"
    page = office_web.client.get("/gremien/").get_data(as_text=True)
    assert "Informationssicherheit und Resilienz" in page


def test_a_retired_topic_stays_on_the_bodies_but_leaves_the_current_list(office_web, db, seeded):
    from app.topics.queries import current_topic_names, forget_topic_rows

    topic = _topic(db, "datennutzung_datenschutz")
    response = office_web.post(f"{URL}{topic.id}", _edit_form(topic, retired="y"))
    assert response.status_code == 302
    forget_topic_rows()
    assert "Datennutzung und Datenschutz" not in current_topic_names()
    page = office_web.client.get("/gremien/ag-datennutzung-datenschutz").get_data(as_text=True)
    assert "Datennutzung und Datenschutz" in page
    listing = office_web.client.get(URL).get_data(as_text=True)
    assert "nicht mehr aktuell" in listing


def test_bad_input_is_refused_in_german_and_nothing_is_stored(office_web, db, seeded):
    before = db.session.scalar(select(FocusTopic.id).order_by(FocusTopic.id.desc()))
    cases = [
        ({"name": ""}, "Bitte geben Sie den Namen des Schwerpunktthemas an."),
        ({"name": "digitale infrastruktur"}, "Ein Schwerpunktthema mit diesem Namen gibt es"),
        ({"name": "a" * 101}, "Höchstens 100 Zeichen."),
        ({"name": "Thema\x07"}, "Steuerzeichen sind nicht erlaubt."),
        ({"name": "Zwei\nZeilen"}, "Zeilenumbrüche und Tabulatoren sind hier nicht erlaubt."),
    ]
    for data, message in cases:
        response = office_web.post(URL + "neu", data, form_url=URL + "neu")
        assert response.status_code == 400, data
        assert message in response.get_data(as_text=True), data
    missing_csrf = office_web.client.post(URL + "neu", data={"name": "Ohne Token"})
    assert missing_csrf.status_code == 400
    assert db.session.scalar(select(FocusTopic.id).order_by(FocusTopic.id.desc())) == before


def test_a_stale_edit_and_a_forged_id_are_refused(office_web, db, seeded):
    topic = _topic(db, "digitale_infrastruktur")
    stale = _edit_form(topic, name="Umbenannt", seen_updated_at="2000-01-01T00:00:00+00:00")
    response = office_web.post(f"{URL}{topic.id}", stale)
    assert response.status_code == 409
    assert "inzwischen geändert" in response.get_data(as_text=True)
    db.session.expire_all()
    assert _topic(db, "digitale_infrastruktur").name == "Digitale Infrastruktur"
    response = office_web.post(f"{URL}99999", {"name": "X"}, form_url=URL + "neu")
    assert response.status_code == 404
    bad_position = _edit_form(topic, position="x1")
    response = office_web.post(f"{URL}{topic.id}", bad_position)
    assert response.status_code == 400
    assert "Bitte eine ganze Zahl von 0 bis 999." in response.get_data(as_text=True)


def test_the_registry_form_offers_current_topics_and_keeps_a_retired_one(office_web, db, seeded):
    topic = _topic(db, "datennutzung_datenschutz")
    office_web.post(f"{URL}{topic.id}", _edit_form(topic, retired="y"))

    def options(url):
        select = element_by_id(
            parse_html(office_web.client.get(url).get_data(as_text=True)), "focus_topic"
        )
        return {o.get("value"): o.get("selected") is not None for o in select}

    offered = options("/gremien/neu")
    assert "Datennutzung und Datenschutz" not in offered and "Informationssicherheit" in offered
    assert options("/gremien/ag-datennutzung-datenschutz/bearbeiten")[
        "Datennutzung und Datenschutz"
    ]

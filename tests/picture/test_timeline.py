"""The timeline page: bars by focus topic, kinds by colour and pattern, today and the ends
of the next twelve months marked, and a table with the same facts."""

from __future__ import annotations

from datetime import date, timedelta

from app.formatting import german_date, today_berlin
from app.models import Body
from app.picture.timeline import Scale, axis_range, ends_soon
from tests.registry.conftest import add_body, element_by_id, parse_html, text_of

SVG = "{http://www.w3.org/2000/svg}"


def _page(client):
    response = client.get("/gremien/zeitleiste")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_every_body_has_a_bar_in_its_topic_group(client, seeded, db):
    html = _page(client)
    root = parse_html(html)
    svg = element_by_id(root, "zeitleiste")
    assert svg.get("role") == "img" and "Fira Sans" in svg.get("font-family")
    for key in seeded:
        assert element_by_id(svg, f"zeitleiste-{key}") is not None, key
    y = {text_of(t): float(t.get("y")) for t in svg.iter(f"{SVG}text")}
    topics = ["Digitale Infrastruktur", "Datennutzung und Datenschutz", "Informationssicherheit"]
    assert [y[topic] for topic in topics] == sorted(y[topic] for topic in topics)
    assert y["Digitale Infrastruktur"] < y["Kooperationsgruppe Green-IT"] < y[topics[1]]
    assert y["Informationssicherheit"] < y["Arbeitsgruppe Informationssicherheit"]
    assert y["Ohne Schwerpunktthema"] < y["Föderale IT-Kooperation"]


def test_kinds_differ_by_pattern_and_are_named_in_the_legend(client, seeded):
    root = parse_html(_page(client))
    svg = element_by_id(root, "zeitleiste")
    fills = {
        key: [r.get("fill") for r in element_by_id(svg, f"zeitleiste-{key}").iter(f"{SVG}rect")]
        for key in ("ag-informationssicherheit", "pg-finanzplanung", "fit-ab")
    }
    patterns = {key: values[1] for key, values in fills.items()}
    assert len(set(patterns.values())) == 3 and all(
        p.startswith("url(#muster-") for p in patterns.values()
    )
    legend = text_of(element_by_id(svg, "zeitleiste-legende"))
    for label in ("Arbeitsgruppe", "Projektgruppe", "Board", "bis auf Weiteres", "heute"):
        assert label in legend


def test_today_is_marked_and_ends_within_a_year_are_highlighted(client, seeded, db):
    today = today_berlin()
    add_body("endet-bald", name="Endet Bald", end_date=today + timedelta(days=100))
    add_body("endet-spaeter", name="Endet Später", end_date=today + timedelta(days=500))
    db.session.commit()
    html = _page(client)
    root = parse_html(html)
    svg = element_by_id(root, "zeitleiste")
    assert f"heute, {german_date(today)}" in text_of(svg)

    def soon(key):
        group = element_by_id(svg, f"zeitleiste-{key}")
        return any(r.get("stroke") == "#b00020" for r in group.iter(f"{SVG}rect"))

    assert soon("endet-bald") and not soon("endet-spaeter") and not soon("fit-ab")
    rows = [text_of(row) for row in root.iter("{http://www.w3.org/1999/xhtml}tr")]
    assert any("Endet Bald" in row and "endet in den nächsten 12 Monaten" in row for row in rows)
    assert not any("Endet Später" in row and "nächsten 12 Monaten" in row for row in rows)


def test_the_table_beside_the_chart_has_the_same_facts(client, seeded):
    html = _page(client)
    root = parse_html(html)
    assert 'href="#zeitleiste-tabelle"' in html
    tables = [text_of(t) for t in root.iter("{http://www.w3.org/1999/xhtml}table")]
    assert any("Schwerpunktthema: Digitale Infrastruktur" in t for t in tables)
    everything = " ".join(tables)
    assert "Kommunalgremium" in everything and german_date(date(2020, 8, 26)) in everything
    assert "Befristung: unbekannt" in everything and "bis auf Weiteres" in everything
    assert "befristet bis 31.10.2010" in everything  # the dissolved Kooperationsgruppe Strategie


def test_the_registry_links_to_the_timeline(client, seeded):
    assert 'href="/gremien/zeitleiste"' in client.get("/gremien/").get_data(as_text=True)


def test_the_scale_and_the_twelve_month_rule():
    scale = Scale(date(2020, 1, 1), date(2030, 1, 1), 100, 1100)
    assert scale.x(date(2020, 1, 1)) == 100 and scale.x(date(2030, 1, 1)) == 1100
    assert scale.x(date(1990, 1, 1)) == 100 and scale.x(date(2040, 1, 1)) == 1100
    today = date(2026, 12, 4)
    assert ends_soon(Body(end_date=today, open_ended=False), today)
    assert ends_soon(Body(end_date=today + timedelta(days=365), open_ended=False), today)
    assert not ends_soon(Body(end_date=today + timedelta(days=366), open_ended=False), today)
    assert not ends_soon(Body(end_date=today - timedelta(days=1), open_ended=False), today)
    assert not ends_soon(Body(end_date=None, open_ended=True), today)
    first, last = axis_range([Body(start_date=date(1995, 5, 1), end_date=None)], today)
    assert first == date(2006, 1, 1) and last == date(2029, 1, 1)


def test_an_empty_registry_still_renders(client, db):
    html = _page(client)
    assert 'id="zeitleiste"' in html and "Legende" in html
    assert "<title>" in html and html.count('<g id="zeitleiste-') == 2  # axis and legend only

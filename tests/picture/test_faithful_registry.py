"""The seeded registry as the council's page has it: its names found by the search (page, API),
the bodies the council is only linked with not below it (page, org chart, OParl), and an
unknown time limit shown as unknown."""

from __future__ import annotations

from urllib.parse import quote

from tests.registry.conftest import element_by_id, parse_html, text_of

SVG = "{http://www.w3.org/2000/svg}"
SEED_NAME = "Föderales Architekturboard"


def test_the_registry_search_finds_a_body_by_the_page_name(client, seeded):
    html = client.get(f"/gremien/?q={quote(SEED_NAME)}").get_data(as_text=True)
    results = text_of(element_by_id(parse_html(html), "ergebnisse"))
    assert "Föderales IT-Architekturboard" in results
    assert "Föderale IT-Kooperation" not in results


def test_the_api_finds_it_too_and_says_both_names(client, seeded):
    found = client.get(f"/api/v1/bodies?q={quote(SEED_NAME)}").get_json()["data"]
    assert [body["key"] for body in found] == ["fit-ab"]
    assert found[0]["name"] == "Föderales IT-Architekturboard"
    assert found[0]["alias"] == SEED_NAME
    assert found[0]["time_limit"] == "unknown"
    green = client.get("/api/v1/bodies?q=Green-IT").get_json()["data"][0]
    assert green["time_limit"] == "open_ended" and green["alias"] is None


def test_the_body_page_shows_the_page_name_and_the_unknown_time_limit(client, seeded):
    html = client.get("/gremien/fit-ab").get_data(as_text=True)
    assert "Auch bezeichnet als" in html and SEED_NAME in html
    assert "Befristung: unbekannt" in html and "bis auf Weiteres" not in html


def test_linked_bodies_are_not_below_the_council_in_oparl(client, seeded):
    def organization(key):
        return client.get(f"/oparl/v1/organizations/{seeded[key]}").get_json()

    for key in ("fitko", "lenkungsgremium-gdi-de", "chefbk-cdsk", "fachministerkonferenzen"):
        assert "subOrganizationOf" not in organization(key), key
    council = f"/oparl/v1/organizations/{seeded['it-planungsrat']}"
    for key in ("al-runde", "fit-ab", "kommunalgremium"):
        assert organization(key)["subOrganizationOf"].endswith(council), key


def test_linked_bodies_stand_beside_the_council_on_the_page_and_the_chart(client, seeded):
    root = parse_html(client.get("/gremien/").get_data(as_text=True))
    council = element_by_id(root, "eintrag-it-planungsrat")
    assert element_by_id(council, "eintrag-al-runde") is not None
    assert element_by_id(council, "eintrag-fitko") is None
    linked = element_by_id(root, "eintrag-vernetzt")
    assert "Vernetzt, nicht nachgeordnet" in text_of(linked)
    for key in ("fitko", "lenkungsgremium-gdi-de", "chefbk-cdsk", "fmk-bmf"):
        assert element_by_id(linked, f"eintrag-{key}") is not None, key
    chart = element_by_id(root, "orgchart")
    group = element_by_id(chart, "orgchart-gruppe-vernetzt")
    council_box = element_by_id(chart, "orgchart-gremium-it-planungsrat")
    ys = [float(r.get("y")) for r in (group, council_box) for r in r.iter(f"{SVG}rect")]
    assert ys[0] > ys[1]
    group_x = float(next(group.iter(f"{SVG}rect")).get("x"))
    assert group_x == float(next(council_box.iter(f"{SVG}rect")).get("x"))  # a root of its own

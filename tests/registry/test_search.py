"""Search and filters of the public registry: results, and hostile values never a 5xx."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.registry.queries import search_bodies
from tests.registry.conftest import element_by_id, parse_html, text_of


def _results(client, query: str) -> str:
    response = client.get(f"/gremien/?{query}")
    assert response.status_code == 200, query
    section = element_by_id(parse_html(response.get_data(as_text=True)), "ergebnisse")
    assert section is not None
    return text_of(section)


def test_free_text_search_finds_by_name_and_short_name(client, seeded):
    assert "Arbeitsgruppe Cloud Computing" in _results(client, "q=cloud")
    assert "Föderales IT-Architekturboard" in _results(client, "q=FIT-AB")
    assert "Keine Gremien gefunden" in _results(client, "q=gibt-es-sicher-nicht")


def test_filter_by_kind_focus_topic_and_status(client, seeded):
    groups = _results(client, "kind=projektgruppe")
    assert "Gefundene Gremien (5)" in groups
    topic = _results(client, "focus_topic=Informationssicherheit")
    assert "Gefundene Gremien (1)" in topic and "Arbeitsgruppe Informationssicherheit" in topic
    dissolved = _results(client, "status=aufgeloest")
    assert "Gefundene Gremien (1)" in dissolved and "Kooperationsgruppe Strategie" in dissolved
    assert "Kooperationsgruppe Strategie" not in _results(client, "q=Kooperationsgruppe")
    assert "Kooperationsgruppe Strategie" in _results(client, "q=Kooperationsgruppe&status=alle")


def test_search_function_for_the_api(db, seeded):
    names = [body.name for body in search_bodies("ozg", status="alle")]
    assert names == ["OZG-Programmmanagement", "OZG-Themenfeldführung", "OZG-Koordination"]


def test_the_form_keeps_the_chosen_values(client, seeded):
    text = client.get("/gremien/?q=Green&kind=kooperationsgruppe").get_data(as_text=True)
    assert 'value="Green"' in text
    assert '<option value="kooperationsgruppe" selected>' in text
    assert '<label class="kern-label" for="search-q">' in text


@pytest.mark.parametrize(
    "query",
    ["kind=gibt-es-nicht", "status=geloescht", "focus_topic=Unbekannt", "kind=../../etc/passwd"],
)
def test_unknown_filter_values_are_a_german_400(client, seeded, query):
    response = client.get(f"/gremien/?{query}")
    assert response.status_code == 400
    assert "Unbekannter Filterwert" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "query",
    [
        "q=%3Cscript%3Ealert(1)%3C/script%3E",
        "q=%27%20OR%201%3D1%20--",
        "q=%25%25%5F",
        "q=%00",
        "q=" + "x" * 5000,
        "kind=%00",
        "focus_topic=" + "y" * 3000,
        "status=alle&status=aktuell",
        "q=%F0%9F%98%80&kind=",
    ],
)
def test_hostile_values_never_break_the_page(client, seeded, query):
    response = client.get(f"/gremien/?{query}")
    assert response.status_code in (200, 400)
    assert "<script>alert(1)</script>" not in response.get_data(as_text=True)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    params=st.dictionaries(
        st.sampled_from(["q", "kind", "focus_topic", "status", "other"]),
        st.text(max_size=300),
        max_size=4,
    )
)
def test_any_parameters_give_200_or_400(client, seeded, params):
    response = client.get("/gremien/", query_string=params)
    assert response.status_code in (200, 400)

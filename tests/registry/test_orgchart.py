"""The org chart: accessible inline SVG, one text per current body, deterministic, no styles."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from app.registry.queries import current_bodies
from tests.registry.conftest import add_body

SVG = "{http://www.w3.org/2000/svg}"


def _svg_text(client) -> str:
    html = client.get("/gremien/").get_data(as_text=True)
    match = re.search(r'<svg [^>]*id="orgchart".*?</svg>', html, re.S)
    assert match, "org chart missing"
    return match.group(0)


def _svg_from_page(client) -> ET.Element:
    return ET.fromstring(_svg_text(client))  # noqa: S314 - our own page, in a test


def test_svg_is_an_accessible_image(client, seeded):
    svg = _svg_from_page(client)
    assert svg.get("role") == "img"
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert title is not None and "Organigramm" in title.text
    assert desc is not None and "verschachtelte Liste" in desc.text
    assert svg.get("aria-labelledby") == title.get("id")
    assert svg.get("aria-describedby") == desc.get("id")


def test_a_text_element_per_current_body(client, seeded, db):
    svg = _svg_from_page(client)
    groups = {g.get("id"): g for g in svg.iter(f"{SVG}g") if g.get("id")}
    bodies = current_bodies()
    assert bodies
    for body in bodies:
        group = groups.get(f"orgchart-gremium-{body.key}")
        assert group is not None, body.key
        texts = ["".join(t.itertext()) for t in group.iter(f"{SVG}text")]
        assert texts and texts[0].startswith(body.name[:40]), (body.key, texts)
    assert "orgchart-gremium-kooperationsgruppe-strategie" not in groups


def test_no_style_attributes_and_unique_ids(client, seeded):
    svg = _svg_from_page(client)
    ids = [element.get("id") for element in svg.iter() if element.get("id")]
    assert len(ids) == len(set(ids))
    for element in svg.iter():
        assert "style" not in element.attrib, element.tag
        assert not element.tag.endswith("style")


def test_rendering_is_deterministic(client, seeded):
    assert _svg_text(client) == _svg_text(client)


def test_a_box_says_what_the_list_says(client, seeded, db):
    add_body("mit-leitung", name="AG Mit Leitung", lead="Land Hessen", category="working_format")
    db.session.commit()
    svg = _svg_text(client)
    assert "Leitung: Land Hessen" in svg


def test_names_are_escaped(client, db, seeded):
    add_body("boese", name='<script>alert("x")</script> & Co', category="working_format")
    db.session.commit()
    svg = _svg_text(client)
    assert "<script>" not in svg
    ET.fromstring(svg)  # noqa: S314 - our own rendering, in a test

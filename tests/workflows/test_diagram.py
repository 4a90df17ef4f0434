"""The workflow drawings: inline SVG, screen-reader rows and Mermaid text."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from workflows.diagram import mermaid, render_svg, transitions_as_list, wrap
from workflows.proposal import STATE_LABELS, TRANSITIONS, ProposalState

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own generated SVG


def joined_lines(root: ET.Element) -> set[str]:
    return {
        " ".join(span.text for span in node.iter(f"{SVG}tspan")) for node in root.iter(f"{SVG}text")
    }


@pytest.fixture(scope="module")
def root() -> ET.Element:
    return parse(render_svg())


def test_svg_is_an_accessible_image(root):
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and title.text == "Ablauf eines Antrags"
    assert desc is not None and "Entwurf" in desc.text and "Befürworten" in desc.text
    assert root.get("aria-labelledby") == title.get("id")
    assert root.get("aria-describedby") == desc.get("id")
    assert list(root)[:2] == [title, desc]


def test_every_state_label_is_real_text(root):
    assert {STATE_LABELS[state] for state in ProposalState} <= joined_lines(root)
    assert len(root.findall(f".//{SVG}rect")) == len(ProposalState)


def test_every_transition_label_is_real_text(root):
    assert {row.label for row in TRANSITIONS} <= joined_lines(root)


def test_one_arrow_per_source_of_each_transition(root):
    arrows = [p for p in root.iter(f"{SVG}path") if p.get("marker-end")]
    assert len(arrows) == sum(len(row.sources) for row in TRANSITIONS)
    marker_ids = {m.get("id") for m in root.iter(f"{SVG}marker")}
    assert {a.get("marker-end") for a in arrows} == {f"url(#{i})" for i in marker_ids}


def test_without_labels_only_states_are_written():
    root = parse(render_svg(labels=False))
    assert joined_lines(root) == {STATE_LABELS[state] for state in ProposalState}


def test_output_and_ids_are_deterministic(root):
    assert render_svg() == render_svg()
    ids = [node.get("id") for node in root.iter() if node.get("id")]
    assert len(ids) == len(set(ids))
    assert all(i.startswith("proposal-workflow-") for i in ids)
    other = parse(render_svg(id_prefix="wf2"))
    assert all(node.get("id").startswith("wf2-") for node in other.iter() if node.get("id"))


def test_no_inline_styles():
    svg = render_svg()
    assert "style=" not in svg
    assert all("style" not in node.attrib for node in parse(svg).iter())
    assert "<style" not in svg


def test_everything_fits_in_the_view_box(root):
    _, _, width, height = map(float, root.get("viewBox").split())
    for rect in root.iter(f"{SVG}rect"):
        assert float(rect.get("x")) + float(rect.get("width")) <= width
        assert float(rect.get("y")) + float(rect.get("height")) <= height
    for text in root.iter(f"{SVG}text"):
        assert 0 < float(text.get("x")) < width and 0 < float(text.get("y")) < height


def test_wrap_keeps_words_and_width():
    assert wrap("Zur Überarbeitung zurückgeben") == ["Zur Überarbeitung", "zurückgeben"]
    assert wrap("Befürworten") == ["Befürworten"]


def test_rows_for_screen_readers():
    rows = transitions_as_list()
    assert len(rows) == sum(len(row.sources) for row in TRANSITIONS)
    first = rows[0]
    assert first["source_label"] == "Entwurf" and first["dest_label"] == "In Prüfung"
    assert first["label"] == "Zur Prüfung einreichen"
    assert first["roles"] == "Antragsteller:in (nur eigene Anträge)"
    roles = {row["trigger"]: row["roles"] for row in rows}
    assert roles["approve"] == "Prüfer:in" and roles["dissolve"] == "Geschäftsstelle"
    assert [r["source"] for r in rows if r["trigger"] == "withdraw"] == ["draft", "review"]


def test_mermaid_lists_every_move():
    text = mermaid()
    assert text.startswith("stateDiagram-v2\n")
    assert "[*] --> draft" in text
    for row in TRANSITIONS:
        for source in row.sources:
            assert f"{source} --> {row.dest} : {row.label}" in text
    assert 'state "Zur Beschlussfassung" as resolution' in text

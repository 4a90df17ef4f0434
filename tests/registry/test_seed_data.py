"""Checks of the registry seed data in ``app/registry/seed_bodies.json``.

The seed must mirror the structure on the council's page "Föderale Zusammenarbeit"
(``../shared/seed/foederale-zusammenarbeit.txt`` beside the repository, with a copy of its
lists below as a fallback) and must carry no dates beyond the three that are known.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SEED_JSON = REPO_ROOT / "app" / "registry" / "seed_bodies.json"
# The users' page lies beside the repository (shared/seed/); a copy travels with the tests
# so that a clone on its own runs every test too.
_SHARED_PAGE = REPO_ROOT.parent / "shared" / "seed" / "foederale-zusammenarbeit.txt"
_PAGE_COPY = Path(__file__).with_name("data") / "foederale-zusammenarbeit.txt"
SEED_PAGE = _SHARED_PAGE if _SHARED_PAGE.is_file() else _PAGE_COPY

KINDS = {
    "gremium",
    "board",
    "arbeitsgruppe",
    "kooperationsgruppe",
    "arbeitsgremium",
    "projektgruppe",
    "unterarbeitsgruppe",
    "programm",
    "organisation",
}
CATEGORIES = {"linked", "working_format", "project_group", "programme", "council"}
FOCUS_TOPICS = {"Digitale Infrastruktur", "Datennutzung und Datenschutz", "Informationssicherheit"}
BODY_FIELDS = {
    "key",
    "name",
    "alias",
    "sources",
    "short_name",
    "kind",
    "category",
    "focus_topic",
    "parent",
    "start_date",
    "end_date",
    "open_ended",
    "lead",
    "description",
    "decisions",
}

# The only dates known from public sources; every other date must stay empty.
KNOWN_DATE_FIELDS = {
    ("kommunalgremium", "start_date"): "2020-08-26",
    ("kooperationsgruppe-strategie", "end_date"): "2010-10-31",
}
KNOWN_DATES = {"2010-10-31", "2020-08-26", "2020-12-31"}

# Seed labels that differ from the recorded name and "name (short name)".
SEED_LABEL_ALIASES = {"Föderales Architekturboard": "fit-ab"}

# Copy of the bullet lists of the seed page: (label, parent label or None).
FALLBACK_SEED_ITEMS = [
    (
        "Chef des Bundeskanzleramts und Chef:innen der Staats- und Senatskanzleien (ChefBK/CdSK)",
        None,
    ),
    ("Finanzministerkonferenz/Bundesfinanzministerium", None),
    ("Föderales Architekturboard", None),
    ("Föderale IT-Kooperation (FITKO)", None),
    ("Abteilungsleiterrunde (AL-Runde)", None),
    ("Kommunalgremium", None),
    ("Lenkungsgremium GDI-DE", None),
    ("Fachministerkonferenzen", None),
    ("Digitale Infrastruktur", None),
    ("Arbeitsgruppe Cloud Computing und digitale Souveränität", "Digitale Infrastruktur"),
    ("Arbeitsgremium Verbindungsnetz", "Digitale Infrastruktur"),
    ("Kooperationsgruppe Green-IT", "Digitale Infrastruktur"),
    ("Datennutzung und Datenschutz", None),
    ("Arbeitsgruppe Datennutzung und Datenschutz", "Datennutzung und Datenschutz"),
    ("Informationssicherheit", None),
    ("Arbeitsgruppe Informationssicherheit", "Informationssicherheit"),
    ("Rahmenbedingungen für den Betrieb von EfA-Online-Services (AG RaBe)", None),
    ("Verschlusssachen Beschaffung", None),
    ("Finanzplanung", None),
    ("Dachmarke & Domain", None),
    ("EfA-Finanzierung", None),
    ("OZG-Programmmanagement", None),
    ("OZG-Themenfeldführung", "OZG-Programmmanagement"),
    ("OZG-Koordination", "OZG-Programmmanagement"),
    ("Gesamtsteuerung Registermodernisierung", None),
]

ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
GERMAN_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DECISION_NUMBER = re.compile(r"^\d{4}/\d{2,}$")


def parse_seed_page(text: str) -> list[tuple[str, str | None]]:
    """The bullet items of the seed page with the label of their enclosing item."""
    items: list[tuple[str, str | None]] = []
    stack: list[tuple[int, str]] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("•"):
            stack = []  # prose between lists ends the current list
            continue
        indent = len(line) - len(line.lstrip())
        label = stripped.lstrip("•").strip()
        while stack and stack[-1][0] >= indent:
            stack.pop()
        items.append((label, stack[-1][1] if stack else None))
        stack.append((indent, label))
    return items


@pytest.fixture(scope="module")
def raw() -> str:
    return SEED_JSON.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def data(raw: str) -> dict:
    return json.loads(raw)


@pytest.fixture(scope="module")
def bodies(data: dict) -> dict[str, dict]:
    return {body["key"]: body for body in data["bodies"]}


@pytest.fixture(scope="module")
def seed_items() -> list[tuple[str, str | None]]:
    if SEED_PAGE.is_file():
        items = parse_seed_page(SEED_PAGE.read_text(encoding="utf-8"))
        assert items, "the seed page has no bullet items"
        return items
    return FALLBACK_SEED_ITEMS


def find_body(label: str, bodies: dict[str, dict]) -> dict | None:
    """The body a seed label names: by name, "name (short name)" or a known alias."""
    if label in SEED_LABEL_ALIASES:
        return bodies.get(SEED_LABEL_ALIASES[label])
    for body in bodies.values():
        if label in (body["name"], body["alias"]):
            return body
        if body["short_name"] and label == f"{body['name']} ({body['short_name']})":
            return body
    return None


def test_top_level_structure(data):
    assert data["version"] == 1
    assert isinstance(data["source"], str) and data["source"].strip()
    names = [topic["name"] for topic in data["focus_topics"]]
    # The page's three topics, then the Steckbrief's catch-all (not a topic of the page).
    assert set(names[:3]) == FOCUS_TOPICS
    assert names[3:] == ["Sonstiges"]
    for topic in data["focus_topics"]:
        assert set(topic) == {"key", "name", "patron"}
        assert re.fullmatch(r"[a-z_]+", topic["key"])
        assert topic["patron"] is None  # no public source names the Themenpaten
    assert isinstance(data["bodies"], list) and data["bodies"]


def test_notes_name_the_unverified_decision_number(data):
    notes = data["notes"]
    text = " ".join(notes) if isinstance(notes, list) else notes
    assert "2023/41" in text and "2023/31" in text


def test_body_fields_and_types(data):
    for body in data["bodies"]:
        assert set(body) == BODY_FIELDS, body.get("key")
        assert isinstance(body["name"], str) and body["name"].strip()
        assert body["short_name"] is None or (
            isinstance(body["short_name"], str) and body["short_name"].strip()
        )
        assert isinstance(body["open_ended"], bool)
        assert body["lead"] is None or isinstance(body["lead"], str)
        assert isinstance(body["description"], str) and body["description"].strip()
        assert isinstance(body["decisions"], list)
        assert isinstance(body["sources"], list)
        assert all(isinstance(source, str) and source.strip() for source in body["sources"])
        assert body["alias"] is None or (isinstance(body["alias"], str) and body["alias"].strip())
        for decision in body["decisions"]:
            assert set(decision) == {"number", "note"}
            assert DECISION_NUMBER.match(decision["number"]), decision
            assert isinstance(decision["note"], str) and decision["note"].strip()


def test_keys_unique_and_slugs(data):
    keys = [body["key"] for body in data["bodies"]]
    assert len(keys) == len(set(keys))
    for key in keys:
        assert SLUG.match(key), key
    names = [body["name"] for body in data["bodies"]]
    assert len(names) == len(set(names))


def test_kinds_categories_and_focus_topics(data):
    for body in data["bodies"]:
        assert body["kind"] in KINDS, body["key"]
        assert body["category"] in CATEGORIES, body["key"]
        topics = {topic["name"] for topic in data["focus_topics"]}
        assert body["focus_topic"] is None or body["focus_topic"] in topics
        if body["focus_topic"] is not None:
            assert body["category"] == "working_format", body["key"]


def test_single_council_is_the_root(bodies):
    councils = [b for b in bodies.values() if b["category"] == "council"]
    assert [b["key"] for b in councils] == ["it-planungsrat"]
    council = bodies["it-planungsrat"]
    assert council["kind"] == "gremium" and council["parent"] is None


def test_parents_exist_and_no_cycles(bodies):
    for key, body in bodies.items():
        parent = body["parent"]
        assert parent is None or parent in bodies, (key, parent)
        seen = {key}
        while parent is not None:
            assert parent not in seen, f"cycle through {key}"
            seen.add(parent)
            parent = bodies[parent]["parent"]


def test_dates_iso_and_ordered(bodies):
    for key, body in bodies.items():
        parsed = {}
        for field in ("start_date", "end_date"):
            value = body[field]
            if value is None:
                continue
            assert isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)
            parsed[field] = date.fromisoformat(value)
        if len(parsed) == 2:
            assert parsed["end_date"] >= parsed["start_date"], key
        if body["open_ended"]:
            assert body["end_date"] is None, key


def test_only_the_known_dates(raw, bodies):
    date_fields = {
        (key, field): body[field]
        for key, body in bodies.items()
        for field in ("start_date", "end_date")
        if body[field] is not None
    }
    assert date_fields == KNOWN_DATE_FIELDS
    found = {"-".join(m.groups()) for m in ISO_DATE.finditer(raw)}
    found |= {f"{y}-{int(m):02d}-{int(d):02d}" for d, m, y in GERMAN_DATE.findall(raw)}
    assert found == KNOWN_DATES


def test_every_seed_page_item_is_present(seed_items, bodies, data):
    topics = {topic["name"] for topic in data["focus_topics"]}
    for label, parent_label in seed_items:
        if label in topics:
            assert parent_label is None, label
            continue
        body = find_body(label, bodies)
        assert body is not None, f"missing body for seed item {label!r}"
        if parent_label is None:
            continue
        if parent_label in topics:
            assert body["focus_topic"] == parent_label, label
        else:
            parent = find_body(parent_label, bodies)
            assert parent is not None and body["parent"] == parent["key"], label


def _render_bullets(items: list[tuple[str, str | None]]) -> str:
    """Lay out items as the seed page does: nested bullets, prose between lists."""
    lines = ["Einleitung"]
    for label, parent in items:
        lines.append(("    " if parent else "  ") + "• " + label)
    return "\n".join(lines)


def test_seed_page_fallback_matches_the_page():
    """The built-in list equals the page, and the copy in tests/ equals the shared page."""
    assert parse_seed_page(SEED_PAGE.read_text(encoding="utf-8")) == FALLBACK_SEED_ITEMS
    assert parse_seed_page(_render_bullets(FALLBACK_SEED_ITEMS)) == FALLBACK_SEED_ITEMS
    if _SHARED_PAGE.is_file():
        assert _PAGE_COPY.read_text(encoding="utf-8") == _SHARED_PAGE.read_text(encoding="utf-8")


def test_categories_of_the_seed_sections(bodies):
    linked = {k for k, b in bodies.items() if b["category"] == "linked"}
    assert linked == {
        "chefbk-cdsk",
        "fmk-bmf",
        "fit-ab",
        "fitko",
        "al-runde",
        "kommunalgremium",
        "lenkungsgremium-gdi-de",
        "fachministerkonferenzen",
    }
    for key in ("fitko", "chefbk-cdsk", "fmk-bmf", "fachministerkonferenzen"):
        assert bodies[key]["kind"] == "organisation"
    assert bodies["fit-ab"]["short_name"] == "FIT-AB"
    project_groups = [b for b in bodies.values() if b["category"] == "project_group"]
    assert len(project_groups) == 5
    for body in project_groups:
        assert body["kind"] == "projektgruppe"
        assert body["open_ended"] is False and body["end_date"] is None
    for key in ("ozg-themenfeldfuehrung", "ozg-koordination"):
        assert bodies[key]["parent"] == "ozg-programmmanagement"


def test_green_it_continued_until_further_notice(bodies):
    body = bodies["kooperationsgruppe-green-it"]
    assert body["kind"] == "kooperationsgruppe"
    assert body["focus_topic"] == "Digitale Infrastruktur"
    assert body["open_ended"] is True
    assert body["start_date"] is None and body["end_date"] is None
    numbers = [d["number"] for d in body["decisions"]]
    assert numbers == ["2019/63", "2021/11"]
    assert "31.12.2020" in body["decisions"][0]["note"]


def test_strategie_is_dissolved(bodies):
    body = bodies["kooperationsgruppe-strategie"]
    assert body["kind"] == "kooperationsgruppe"
    assert body["start_date"] is None
    assert body["end_date"] == "2010-10-31"
    assert body["open_ended"] is False
    assert [d["number"] for d in body["decisions"]] == ["2010/03"]
    assert date.fromisoformat(body["end_date"]) < date.today()


def test_kommunalgremium_constituted(bodies):
    body = bodies["kommunalgremium"]
    assert body["start_date"] == "2020-08-26"
    assert body["end_date"] is None


def test_the_seed_page_names_are_kept(seed_items, bodies, data):
    """Every body of the page carries the page's own name, as name or as alias."""
    topics = {topic["name"] for topic in data["focus_topics"]}
    for label, _parent in seed_items:
        if label in topics:
            continue
        body = find_body(label, bodies)
        plain = label.split(" (")[0]
        assert plain in (body["name"], body["alias"]), label
    assert bodies["fit-ab"]["alias"] == "Föderales Architekturboard"
    assert bodies["fit-ab"]["name"] == "Föderales IT-Architekturboard"


def test_bodies_the_council_is_only_linked_with_are_not_below_it(bodies):
    """The page says only that the council is "vernetzt" with them: no parent."""
    for key in ("fitko", "lenkungsgremium-gdi-de", "chefbk-cdsk", "fmk-bmf"):
        assert bodies[key]["parent"] is None, key
        assert bodies[key]["category"] == "linked"
    assert bodies["fachministerkonferenzen"]["parent"] is None
    for key in ("al-runde", "fit-ab", "kommunalgremium"):
        assert bodies[key]["parent"] == "it-planungsrat", key
        assert bodies[key]["sources"], f"{key}: why it is below the council needs a source"


def test_an_unknown_time_limit_is_not_until_further_notice(bodies):
    """Only a cited source makes a body open-ended; otherwise the limit stays unknown."""
    open_ended = {key for key, body in bodies.items() if body["open_ended"]}
    assert open_ended == {"it-planungsrat", "fitko", "kooperationsgruppe-green-it"}
    for key in open_ended:
        assert any("bis auf Weiteres" in source for source in bodies[key]["sources"]), key
    for key in ("al-runde", "ag-informationssicherheit", "ozg-programmmanagement"):
        assert bodies[key]["open_ended"] is False and bodies[key]["end_date"] is None


def test_facts_beyond_the_page_are_cited(bodies):
    """Short names not on the page, the known start date and extra decisions name a source."""
    page = SEED_PAGE.read_text(encoding="utf-8")
    for key, body in bodies.items():
        short = body["short_name"]
        if short and short not in page:
            assert any(short in source for source in body["sources"]), key
        if body["start_date"]:
            assert body["sources"], key
    assert bodies["ag-cloud-computing"]["short_name"] == "AG Cloud"
    assert [d["number"] for d in bodies["ag-cloud-computing"]["decisions"]] == ["2023/16"]

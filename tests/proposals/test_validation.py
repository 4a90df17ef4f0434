"""Schema-driven checks of ``clean_section``: limits, choices, rows, control characters."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from app.proposals import schema
from app.proposals.schema_types import CHOICE_TYPES, DATE, EMAIL, LIST, TEXT_TYPES, TEXTAREA
from app.proposals.validation import clean_section

BODY_IDS = frozenset({1, 2, 3})


def all_inputs():
    """(section key, form name, field) for every scalar input, rows at index 0."""
    for section in schema.SECTIONS:
        for found in section.fields:
            if found.type != LIST:
                yield section.key, found.key, found
            for sub in found.rows:
                yield section.key, f"{found.key}-0-{sub.key}", sub


def inputs_of(*types):
    return [case for case in all_inputs() if case[2].type in types]


def ids(case):
    return case if isinstance(case, str) else None


def clean(section_key, raw):
    return clean_section(section_key, raw, body_ids=BODY_IDS)


def stored(cleaned, name):
    """The stored value for a form name (``list-0-sub`` reads the first row)."""
    list_key, _, rest = name.partition("-")
    if not rest:
        return cleaned[name]
    rows = cleaned[list_key]
    return rows[0][rest.split("-", 1)[1]] if rows else None


def text_of_length(found, length):
    """A valid value of exactly ``length`` characters for a text-like field."""
    if found.type == EMAIL:
        domain = "@" + "b" * 63 + "." + "c" * 63 + "." + "d" * 58 + ".de"
        return "a" * (length - len(domain)) + domain
    return ("1" if found.pattern else "x") * length


@pytest.mark.parametrize(("section_key", "name", "found"), inputs_of(*TEXT_TYPES), ids=ids)
def test_max_length_is_enforced(section_key, name, found):
    limit = found.max_length
    cleaned, errors = clean(section_key, {name: text_of_length(found, limit)})
    assert name not in errors
    assert len(stored(cleaned, name)) == limit
    cleaned, errors = clean(section_key, {name: "x" * (limit + 1)})
    assert errors[name] == f"Höchstens {limit:,} Zeichen erlaubt.".replace(",", ".")
    assert stored(cleaned, name) is None


@pytest.mark.parametrize(("section_key", "name", "found"), inputs_of(*TEXT_TYPES), ids=ids)
def test_huge_strings_are_refused_not_stored(section_key, name, found):
    cleaned, errors = clean(section_key, {name: "ä" * 1_000_000})
    assert errors[name].startswith("Höchstens")
    assert stored(cleaned, name) is None


@pytest.mark.parametrize(("section_key", "name", "found"), inputs_of(*CHOICE_TYPES), ids=ids)
def test_every_choice_rejects_unknown_values_and_accepts_its_options(section_key, name, found):
    cleaned, errors = clean(section_key, {name: "gibt-es-nicht"})
    assert errors == {name: "Ungültige Auswahl."}
    for value in found.option_values:
        raw = {name: value}
        if name == "members-0-land":
            raw["members-0-level"] = "land"
        cleaned, errors = clean(section_key, raw)
        assert errors == {}
        assert stored(cleaned, name) in (value, [value])


@pytest.mark.parametrize(("section_key", "name", "found"), list(all_inputs()), ids=ids)
@pytest.mark.parametrize("bad", ["a\x00b", "a\x07", "x\x1bz", "a\x7fb", "a\x9bb", "a\u202eb"])
def test_control_characters_are_rejected_everywhere(section_key, name, found, bad):
    assert clean(section_key, {name: bad})[1] == {name: "Steuerzeichen sind nicht erlaubt."}


@pytest.mark.parametrize(("section_key", "name", "found"), inputs_of(*TEXT_TYPES), ids=ids)
def test_line_breaks_and_tabs_only_in_textareas(section_key, name, found):
    cleaned, errors = clean(section_key, {name: "  Zeile 1\r\nZeile\t2\rZeile 3  "})
    if found.type == TEXTAREA:
        assert errors == {}
        assert stored(cleaned, name) == "Zeile 1\nZeile\t2\nZeile 3"
    else:
        assert errors == {name: "Steuerzeichen sind nicht erlaubt."}


def test_surrogates_and_separators_are_refused():
    for bad in ("a\ud800b", "a\u2028b", "a\u2066b"):
        assert clean("mandate", {"reason": bad})[1] == {
            "reason": "Steuerzeichen sind nicht erlaubt."
        }


def test_text_is_stripped_and_nfc_normalised():
    cleaned, errors = clean("master_data", {"name": "  Gre\u0308mium \n"})
    assert errors == {} and cleaned["name"] == "Gr\u00ebmium"


@pytest.mark.parametrize(("section_key", "name", "found"), inputs_of(DATE), ids=ids)
def test_every_date_field_parses_iso_and_german_dates(section_key, name, found):
    assert stored(clean(section_key, {name: "2026-02-28"})[0], name) == "2026-02-28"
    assert stored(clean(section_key, {name: "28.02.2026"})[0], name) == "2026-02-28"
    message = "Dieses Datum gibt es nicht. Bitte prüfen Sie Tag und Monat."
    assert clean(section_key, {name: "31.02.2026"})[1] == {name: message}
    message = "Bitte geben Sie ein gültiges Datum an (TT.MM.JJJJ)."
    assert clean(section_key, {name: "31/02/2026"})[1] == {name: message}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1.2.2026", "2026-02-01"),
        ("29.02.2024", "2024-02-29"),
        ("1990-01-01", "1990-01-01"),
        ("31.12.2100", "2100-12-31"),
    ],
)
def test_valid_dates(raw, expected):
    cleaned, errors = clean("establishment", {"start_date": raw})
    assert errors == {} and cleaned["start_date"] == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("29.02.2026", "Dieses Datum gibt es nicht. Bitte prüfen Sie Tag und Monat."),
        ("2026-02-30", "Dieses Datum gibt es nicht. Bitte prüfen Sie Tag und Monat."),
        ("2026-2-28", "Bitte geben Sie ein gültiges Datum an (TT.MM.JJJJ)."),
        ("2026-02-28T10:00", "Bitte geben Sie ein gültiges Datum an (TT.MM.JJJJ)."),
        ("٢٠٢٦-٠٢-٢٨", "Bitte geben Sie ein gültiges Datum an (TT.MM.JJJJ)."),
        ("morgen", "Bitte geben Sie ein gültiges Datum an (TT.MM.JJJJ)."),
        ("31.12.1989", "Das Datum muss zwischen 1990 und 2100 liegen."),
        ("2101-01-01", "Das Datum muss zwischen 1990 und 2100 liegen."),
    ],
)
def test_invalid_dates(raw, message):
    cleaned, errors = clean("establishment", {"start_date": raw})
    assert errors == {"start_date": message} and cleaned["start_date"] is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1,5", "1.50"), ("1.5", "1.50"), ("150000", "150000.00"), ("0", "0.00"), ("-0", "0.00")],
)
def test_decimals_are_stored_as_exact_strings(raw, expected):
    cleaned, errors = clean("resources", {"budget_amount": raw})
    assert errors == {} and cleaned["budget_amount"] == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("1.500", "Höchstens 2 Nachkommastellen erlaubt."),
        ("-1", "Bitte geben Sie einen Wert von 0 bis 100.000.000 an."),
        ("100000000,01", "Bitte geben Sie einen Wert von 0 bis 100.000.000 an."),
        ("1e3", "Bitte geben Sie eine Zahl an, z. B. 1,5."),
        ("NaN", "Bitte geben Sie eine Zahl an, z. B. 1,5."),
        ("1_000", "Bitte geben Sie eine Zahl an, z. B. 1,5."),
    ],
)
def test_invalid_decimals(raw, message):
    assert clean("resources", {"budget_amount": raw})[1] == {"budget_amount": message}


def test_integers():
    assert clean("resources", {"person_days": " 120 "})[0]["person_days"] == 120
    assert clean("resources", {"person_days": "0"})[0]["person_days"] == 0
    range_message = "Bitte geben Sie einen Wert von 0 bis 100.000 an."
    for raw, message in [
        ("1.000", "Bitte geben Sie eine ganze Zahl an."),
        ("١٢", "Bitte geben Sie eine ganze Zahl an."),
        ("9" * 5000, "Bitte geben Sie eine ganze Zahl an."),
        ("-1", range_message),
        ("100001", range_message),
    ]:
        assert clean("resources", {"person_days": raw})[1] == {"person_days": message}


def test_emails_are_normalised_and_checked():
    raw = {"contacts-0-name": "A", "contacts-0-email": "Max.Muster@BMI.Bund.DE"}
    assert clean("contacts", raw)[0]["contacts"][0]["email"] == "Max.Muster@bmi.bund.de"
    message = "Bitte geben Sie eine gültige E-Mail-Adresse an."
    for bad in ("kein@", "a b@c.de", "Name <a@b.de>"):
        assert clean("contacts", {"contacts-0-email": bad})[1] == {"contacts-0-email": message}


def test_phone_pattern():
    good = clean("contacts", {"contacts-0-phone": "+49 (30) 18681-0"})
    assert good[1] == {}
    bad = clean("contacts", {"contacts-0-phone": "ruf mich an"})
    assert bad[1] == {"contacts-0-phone": "Bitte geben Sie eine gültige Telefonnummer an."}


def test_body_references_must_exist():
    assert clean("master_data", {"parent_body": "2"})[0]["parent_body"] == 2
    unknown = "Bitte wählen Sie ein Gremium aus dem Register aus."
    assert clean("master_data", {"parent_body": "9"})[1] == {"parent_body": unknown}
    assert clean("master_data", {"parent_body": "x"})[1] == {"parent_body": "Ungültige Auswahl."}


@pytest.mark.parametrize(
    ("raw", "expected"), [("y", True), ("on", True), ("true", True), ("", False), (None, False)]
)
def test_booleans(raw, expected):
    cleaned, errors = clean("establishment", {"open_ended": raw})
    assert errors == {} and cleaned["open_ended"] is expected


def test_boolean_garbage_is_refused():
    assert clean("establishment", {"open_ended": "vielleicht"})[1] == {
        "open_ended": "Ungültige Auswahl."
    }


def test_multichoice_from_a_multidict_keeps_option_order_without_duplicates():
    raw = MultiDict(
        [
            ("further_topics", "sonstiges"),
            ("further_topics", "digitale_infrastruktur"),
            ("further_topics", "sonstiges"),
        ]
    )
    cleaned, errors = clean("master_data", raw)
    assert errors == {}
    assert cleaned["further_topics"] == ["digitale_infrastruktur", "sonstiges"]


def test_unknown_keys_are_ignored_and_never_stored():
    cleaned, errors = clean("master_data", {"name": "A", "is_admin": "y", "tasks-0-text": "x"})
    assert errors == {} and "is_admin" not in cleaned and "tasks" not in cleaned
    assert set(cleaned) == {found.key for found in schema.section("master_data").fields}

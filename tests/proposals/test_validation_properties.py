"""Property tests: hostile input never breaks cleaning, and what is stored always validates."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from app.proposals import schema
from app.proposals.validation import (
    clean_section,
    flatten_section,
    missing_for_submission,
    section_statuses,
    validate_document,
)

BODY_IDS = frozenset({1, 2, 3})
SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Any code point, including surrogates, controls and bidi overrides.
hostile_text = st.text(st.characters(exclude_categories=()), max_size=300)
long_text = st.integers(190, 5100).map(lambda n: "x" * n)


def _option_values() -> list[str]:
    values = {"y", "1", "2", "9", "0", "1,5", "-1", "2026-02-28", "31.02.2026", "a@b.de"}
    for section in schema.SECTIONS:
        for found in section.fields:
            for sub in (found, *found.rows):
                values.update(sub.option_values)
    return sorted(values)


scalar = st.one_of(
    hostile_text,
    long_text,
    st.sampled_from(_option_values()),
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
)
raw_value = st.one_of(scalar, st.lists(scalar, max_size=3))


def _form_names(section: schema.Section) -> list[str]:
    names = []
    for found in section.fields:
        names.append(found.key)
        for index in (0, 1, 2, found.max_rows - 1, found.max_rows):
            names += [f"{found.key}-{index}-{sub.key}" for sub in found.rows]
    return names


def raw_input(section: schema.Section):
    keys = st.one_of(st.sampled_from(_form_names(section)), hostile_text)
    return st.dictionaries(keys, raw_value, max_size=25)


@pytest.mark.parametrize("section", schema.SECTIONS, ids=lambda s: s.key)
def test_clean_section_never_raises_and_its_output_always_validates(section):
    @SETTINGS
    @given(raw=raw_input(section))
    def check(raw):
        cleaned, errors = clean_section(section.key, raw, body_ids=BODY_IDS)
        assert all(isinstance(message, str) and message for message in errors.values())
        assert json.loads(json.dumps(cleaned, allow_nan=False)) == cleaned
        assert validate_document({section.key: cleaned}, body_ids=BODY_IDS) == []
        again = clean_section(section.key, flatten_section(section.key, cleaned), body_ids=BODY_IDS)
        assert again == (cleaned, {})

    check()


@pytest.mark.parametrize("section", schema.SECTIONS, ids=lambda s: s.key)
def test_a_multidict_is_handled_like_a_mapping_of_lists(section):
    @SETTINGS
    @given(raw=raw_input(section))
    def check(raw):
        pairs = [
            (key, item)
            for key, value in raw.items()
            for item in (value if isinstance(value, list) else [value])
        ]
        as_lists = {key: [item for k, item in pairs if k == key] for key, _item in pairs}
        from_multidict = clean_section(section.key, MultiDict(pairs), body_ids=BODY_IDS)
        assert from_multidict == clean_section(section.key, as_lists, body_ids=BODY_IDS)

    check()


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20)),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=15), children, max_size=4)
    ),
    max_leaves=30,
)
section_keys = st.sampled_from([section.key for section in schema.SECTIONS])
json_documents = st.one_of(
    json_values,
    st.dictionaries(section_keys, json_values, max_size=6),
    st.dictionaries(
        section_keys,
        st.dictionaries(
            st.sampled_from([found.key for section in schema.SECTIONS for found in section.fields]),
            json_values,
        ),
    ),
)


@SETTINGS
@given(document=json_documents)
def test_checks_of_arbitrary_json_never_raise(document):
    assert isinstance(validate_document(document, body_ids=BODY_IDS), list)
    if isinstance(document, dict):
        assert isinstance(missing_for_submission(document, overlap_needed={1}), list)
        assert set(section_statuses(document)) == {section.key for section in schema.SECTIONS}

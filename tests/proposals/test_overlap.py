"""The overlap check: deterministic scores, reasons, threshold and the completeness link."""

from __future__ import annotations

import pytest

from app.proposals.overlap import (
    Candidate,
    find_overlaps,
    normalise,
    overlap_hints,
    overlap_needed_ids,
)
from app.proposals.queries import body_names, missing_items, overview
from tests.factories import make_user
from tests.factories_proposals import make_complete_proposal, make_proposal, seed_registry

CLOUD = Candidate(
    1,
    "Arbeitsgruppe Cloud Computing und digitale Souveränität",
    "AG Cloud Computing und digitale Souveränität",
    "Arbeitsgruppe zum Einsatz von Cloud Computing in der öffentlichen Verwaltung.",
)
RABE = Candidate(2, "Rahmenbedingungen für den Betrieb von EfA-Online-Services", "AG RaBe", "")
GREEN = Candidate(3, "Kooperationsgruppe Green-IT", "", "")


def proposed(name="", short_name="", mandate=""):
    return {"name": name, "short_name": short_name, "mandate": mandate}


def test_normalise_drops_kind_words_punctuation_and_case():
    assert normalise("AG Dachmarke & Domain-Strategie!") == "dachmarke domain strategie"


def test_similar_name_is_found_with_its_score():
    hints = find_overlaps(
        proposed("Arbeitsgruppe Cloud Computing und Souveränität"), [CLOUD, RABE], minimum=80
    )
    assert [hint.body_id for hint in hints] == [1]
    assert hints[0].score == 93
    assert hints[0].reasons == ("Ähnlicher Name (93 %)",)


def test_same_short_name_scores_full():
    hints = find_overlaps(proposed("Etwas ganz anderes", "AG-RaBe"), [CLOUD, RABE], minimum=80)
    assert [(hint.body_id, hint.score, hint.reasons) for hint in hints] == [
        (2, 100, ("Gleiche Kurzbezeichnung",))
    ]


def test_generic_words_alone_never_match():
    assert find_overlaps(proposed("Arbeitsgruppe"), [CLOUD, RABE, GREEN], minimum=50) == []
    assert find_overlaps(proposed("Cloud"), [CLOUD], minimum=80) == []


def test_similar_mandate_is_a_reason():
    mandate = "Einsatz von Cloud Computing in der öffentlichen Verwaltung voranbringen."
    hints = find_overlaps(proposed("Neue Gruppe", mandate=mandate), [CLOUD], minimum=60)
    assert hints and hints[0].reasons[0].startswith("Ähnlicher Auftrag (")


def test_ranking_is_deterministic():
    twin = Candidate(4, CLOUD.name, CLOUD.short_name, "")
    name = proposed("Arbeitsgruppe Cloud Computing und Souveränität")
    first = find_overlaps(name, [twin, CLOUD], minimum=80)
    assert [hint.body_id for hint in first] == [1, 4]
    assert find_overlaps(name, [CLOUD, twin], minimum=80) == first


@pytest.fixture
def bodies(db):
    return seed_registry()


def test_the_seeded_cloud_body_must_be_delimited(db, bodies):
    owner = make_user("applicant")
    proposal = make_complete_proposal(owner, bodies)
    content = dict(proposal.content)
    content["master_data"] = {
        **content["master_data"],
        "name": "Arbeitsgruppe Cloud Computing und Souveränität",
    }
    proposal.content = content
    assert overlap_needed_ids(proposal) == {bodies["ag-cloud-computing"]}
    state = overview(proposal.content, body_names())
    assert state.needed == {bodies["ag-cloud-computing"]}
    assert [(item.section, item.field) for item in state.missing] == [
        ("interfaces", "related_bodies")
    ]
    assert "Arbeitsgruppe Cloud Computing und digitale Souveränität" in state.missing[0].message
    assert state.statuses["interfaces"] == "in_progress"
    assert missing_items(proposal) == state.missing


def test_the_threshold_comes_from_the_config(app, db, bodies):
    proposal = make_proposal(make_user("applicant"))
    proposal.content = {"master_data": {"name": "Arbeitsgruppe Cloud Computing und Souveränität"}}
    app.config["OVERLAP_THRESHOLD"] = 95
    assert overlap_needed_ids(proposal) == frozenset()
    assert [hint.body_id for hint in overlap_hints(proposal.content)] == [
        bodies["ag-cloud-computing"]
    ]


def test_dissolved_bodies_are_not_compared(db, bodies):
    proposal = make_proposal(make_user("applicant"))
    proposal.content = {"master_data": {"name": "Kooperationsgruppe Strategie"}}
    assert bodies["kooperationsgruppe-strategie"] not in overlap_needed_ids(proposal)


def test_an_empty_draft_has_no_hints(db, bodies):
    assert overlap_hints({}) == []


SEEDED_SHORT = [
    Candidate(10, "Abteilungsleiterrunde", "AL-Runde", ""),
    Candidate(11, "Lenkungsgremium GDI-DE", "LG GDI-DE", ""),
    RABE,
]


def test_short_abbreviations_do_not_warn_of_each_other():
    """ "PG DiBe" is not like "AL-Runde", "LG GDI-DE" or "AG RaBe" (issue 22)."""
    hints = find_overlaps(proposed("Digitale Beteiligung", "PG DiBe"), SEEDED_SHORT, minimum=1)
    assert not [reason for hint in hints for reason in hint.reasons if "Kurzbezeichnung" in reason]
    assert (
        find_overlaps(proposed("Digitale Beteiligung", "PG DiBe"), SEEDED_SHORT, minimum=60) == []
    )


def test_the_same_abbreviation_under_another_kind_still_warns():
    hints = find_overlaps(proposed("Etwas anderes", "PG RaBe"), SEEDED_SHORT, minimum=80)
    assert [(hint.body_id, hint.reasons) for hint in hints] == [(2, ("Gleiche Kurzbezeichnung",))]

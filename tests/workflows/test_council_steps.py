"""The steps of deciding, as data (no database), and on the /ablauf page."""

from __future__ import annotations

from workflows.council import DECISION_STEPS, SESSION, WRITTEN, steps_of
from workflows.proposal import TRANSITIONS, ProposalState


def test_both_procedures_end_in_the_tables_decision_transitions():
    for procedure in (SESSION, WRITTEN):
        last = steps_of(procedure)[-1]
        assert last.fires == ("establish", "decline")
        assert last.fires_labels == ("Einsetzung erfassen", "Ablehnung erfassen")
    deciding = {row.trigger for row in TRANSITIONS if ProposalState.RESOLUTION in row.sources}
    assert {t for step in DECISION_STEPS for t in step.fires} <= deciding
    assert len({step.key for step in DECISION_STEPS}) == len(DECISION_STEPS)


def test_the_ablauf_page_shows_the_steps(client):
    html = client.get("/ablauf").get_data(as_text=True)
    assert "Wie der IT-Planungsrat entscheidet" in html
    for step in DECISION_STEPS:
        assert step.label in html
    assert "In einer Sitzung" in html and "Im Umlaufverfahren" in html
    assert "Einsetzung erfassen oder Ablehnung erfassen" in html

"""What the step pages show, built here so that the views stay thin."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from flask import abort, render_template
from werkzeug.datastructures import MultiDict

from app.models.proposal import Proposal
from app.proposals import queries
from app.proposals.forms import (
    StepAction,
    StepFormBuilder,
    step_lists,
    stored_as_input,
    submitted_indices,
)
from app.proposals.schema import KINDS, SECTIONS, STEPS, Step, step, step_of_section
from app.proposals.validation import STATUS_LABELS
from app.workflow.forms import build_form


def step_or_404(step_key: str) -> Step:
    """The wizard step ``step_key``; 404 if there is none."""
    try:
        return step(step_key)
    except KeyError:
        abort(404)


def step_after(spec: Step) -> Step | None:
    """The next step, None after the last one."""
    position = STEPS.index(spec)
    return STEPS[position + 1] if position + 1 < len(STEPS) else None


def next_row_index(
    raw: Mapping[str, Any], spec: Step, action: StepAction
) -> tuple[str, int] | None:
    """For 'add': (list key, index of the new row); None if the list is full or no add."""
    if action.kind != "add":
        return None
    found = step_lists(spec)[action.list_key]
    index = max(submitted_indices(raw, found), default=-1) + 1
    return (found.key, index) if index < found.max_rows else None


def remarks_of(proposal: Proposal) -> dict[str, list]:
    """The reviewers' remarks by section when the draft came back for revision."""
    if not proposal.versions:
        return {}
    return queries.remarks_for(proposal)


def render_step(
    proposal: Proposal,
    spec: Step,
    raw: MultiDict | None,
    *,
    errors: Mapping[str, str] | None = None,
    conflict: bool = False,
    new_row: tuple[str, int] | None = None,
) -> str:
    """The page of one step: stored values, or the values as typed after a refused save."""
    values = stored_as_input(proposal.content or {}, spec) if raw is None else raw
    builder = StepFormBuilder(values, errors or {}, queries.body_choices())
    overview = queries.overview(proposal.content, queries.body_names(), proposal.target_body_id)
    return render_template(
        "proposals/step.html",
        proposal=proposal,
        step=spec,
        step_number=STEPS.index(spec) + 1,
        step_count=len(STEPS),
        next_step=step_after(spec),
        form=builder.build(spec, new_row),
        conflict=conflict,
        hints=overview.hints,
        needed=overview.needed,
        remarks=remarks_of(proposal),
    )


@cache
def page_helpers() -> dict:
    """Labels the templates of this area share; built once: the schema does not change at
    run time (labels translate when printed)."""
    return {
        "status_labels": STATUS_LABELS,
        "section_titles": {spec.key: spec.title for spec in SECTIONS},
        "section_steps": {spec.key: step_of_section(spec.key).key for spec in SECTIONS},
        "kind_labels": dict(KINDS),
    }


def summary_context(proposal: Proposal, submit_form: Any = None) -> dict:
    """What 'Angaben prüfen' shows (``submit_form``: the submission, sent and refused)."""
    names = queries.body_names()
    return {
        **page_helpers(),
        "proposal": proposal,
        "content": proposal.content or {},
        "body_names": names,
        "overview": queries.overview(proposal.content, names, proposal.target_body_id),
        "remarks": remarks_of(proposal),
        "can_submit": True,
        "submit_form": submit_form or build_form("submit", proposal.lock_version, fresh=True),
    }

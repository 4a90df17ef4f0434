"""Shared by the review and decision queues: filter parsing and rendering."""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user
from werkzeug.exceptions import BadRequest

from app.workflow.guards import approvals_required
from app.workflow.queries import QueueFilter, queue
from workflows.proposal import ProposalState


def _options(name: str) -> tuple[tuple[str, str], ...]:
    from app.proposals import schema_options

    return getattr(schema_options, name)


def _bad_request(message: str) -> BadRequest:
    error = BadRequest()
    error.german_message = message
    return error


def _choice(param: str, options: tuple[tuple[str, str], ...], label: str) -> str | None:
    value = request.args.get(param, "").strip()
    if not value:
        return None
    if value not in dict(options):
        raise _bad_request(f"Unbekannter Filterwert für „{label}“. Bitte wählen Sie aus der Liste.")
    return value


def parse_filters() -> QueueFilter:
    """The kind and focus-topic filters from the query string; unknown values are a 400."""
    return QueueFilter(
        kind=_choice("kind", _options("KINDS"), "Art"),
        focus_topic=_choice("focus_topic", _options("FOCUS_TOPICS"), "Schwerpunktthema"),
    )


def render_queue(template: str, state: ProposalState, endpoint: str):
    """Render a queue of proposals in state for the current user."""
    filters = parse_filters()
    return render_template(
        template,
        rows=queue(state, current_user, filters),
        filters=filters,
        kinds=_options("KINDS"),
        focus_topics=_options("FOCUS_TOPICS"),
        approvals_required=approvals_required(),
        endpoint=endpoint,
    )

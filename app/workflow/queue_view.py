"""Shared by the review and decision queues: filter parsing and rendering."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import BadRequest, NotFound

from app.workflow.guards import approvals_required
from app.workflow.queries import QueueFilter, queue_page
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
        raise _bad_request(
            _(
                "Unbekannter Filterwert für „%(label)s“. Bitte wählen Sie aus der Liste.",
                label=label,
            )
        )
    return value


def parse_filters() -> QueueFilter:
    """The kind and focus-topic filters from the query string; unknown values are a 400."""
    return QueueFilter(
        kind=_choice("kind", _options("KINDS"), _("Art")),
        focus_topic=_choice("focus_topic", _options("FOCUS_TOPICS"), _("Schwerpunktthema")),
    )


def _page_number(raw: str | None) -> int | None:
    """A page number from the query string (default 1); None if it is not a positive integer."""
    if raw is None:
        return 1
    return int(raw) if raw.isdigit() and len(raw) <= 6 and int(raw) >= 1 else None


def _row_labels() -> dict[str, str]:
    """Texts of every row, translated once per page instead of once per row."""
    return {
        "approvals": _("%(x)s von %(n)s Befürwortungen"),
        "yes": _("ja"),
        "no": _("nein"),
    }


def render_queue(template: str, state: ProposalState, endpoint: str):
    """Render a queue of proposals in state for the current user."""
    filters = parse_filters()
    number = _page_number(request.args.get("seite"))
    page = queue_page(state, current_user, filters, number) if number else None
    if page is None:
        error = NotFound()
        error.german_message = _("Diese Seite der Liste gibt es nicht.")
        raise error
    return render_template(
        template,
        rows=page.rows,
        page=page,
        filter_args={k: v for k, v in vars(filters).items() if v},
        filters=filters,
        kinds=_options("KINDS"),
        focus_topics=_options("FOCUS_TOPICS"),
        approvals_required=approvals_required(),
        labels=_row_labels(),
        endpoint=endpoint,
    )

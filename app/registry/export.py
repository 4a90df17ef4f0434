"""CSV downloads for German Excel: UTF-8 with BOM, ';' separator, formula injection neutralised."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from flask import Response
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.formatting import german_date, german_datetime, today_berlin
from app.models import Body, Proposal
from app.proposals.schema_options import KINDS
from app.registry.display import category_label, focus_label

BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SAFE_FILENAME = re.compile(r"[^A-Za-z0-9._-]+")

REGISTRY_HEADER = (
    _l("Schlüssel"),
    _l("Name"),
    _l("Kurzname"),
    _l("Art"),
    _l("Kategorie"),
    _l("Schwerpunktthema"),
    _l("Übergeordnetes Gremium"),
    _l("Beginn"),
    _l("Ende der Befristung"),
    _l("Bis auf Weiteres"),
    _l("Leitung"),
    _l("Status"),
)
PROPOSAL_HEADER = (
    _l("Aktenzeichen"),
    _l("Titel"),
    _l("Art"),
    _l("Status"),
    _l("Organisation"),
    _l("Angelegt"),
    _l("Zuletzt geändert"),
)


def neutralise(value: object) -> str:
    """A cell as text; one that a spreadsheet would run as a formula gets a leading apostrophe."""
    if value is None:
        return ""
    is_day = isinstance(value, date) and not isinstance(value, datetime)
    text = german_date(value) if is_day else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def to_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """The table as CSV text with BOM and ';' separator (every cell neutralised)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([neutralise(cell) for cell in header])
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return BOM + buffer.getvalue()


def csv_response(text: str, stem: str) -> Response:
    """A download response with a safe ASCII file name."""
    filename = SAFE_FILENAME.sub("-", f"{stem}-{today_berlin().isoformat()}.csv")
    response = Response(text.encode("utf-8"), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def registry_rows(bodies: list[Body], today: date) -> list[list[object]]:
    """One row per body (all bodies, current and dissolved)."""
    names = {body.id: body.name for body in bodies}
    return [
        [
            body.key,
            body.name,
            body.short_name,
            body.kind_label,
            category_label(body.category),
            focus_label(body),
            names.get(body.parent_id, ""),
            body.start_date,
            body.end_date,
            _("ja") if body.open_ended else _("nein"),
            body.lead,
            _("aufgelöst") if body.is_dissolved(today) else _("aktuell"),
        ]
        for body in bodies
    ]


def proposal_rows(proposals: list[Proposal]) -> list[list[object]]:
    """One row per proposal for the office."""
    kinds = dict(KINDS)
    return [
        [
            proposal.reference,
            proposal.title,
            kinds.get(proposal.kind or "", proposal.kind or ""),
            proposal.state_label,
            proposal.owner.organisation if proposal.owner else "",
            german_datetime(proposal.created_at),
            german_datetime(proposal.updated_at),
        ]
        for proposal in proposals
    ]

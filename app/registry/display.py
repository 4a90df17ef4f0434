"""German display text for registry entries: dates, time limits, status, history."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.formatting import german_date, german_datetime
from app.models import Body, HistoryEvent
from app.models.body import BODY_KIND_LABELS, TimeLimit
from app.topics.queries import topic_label
from app.workflow.event_text import action_label

CATEGORY_LABELS = {
    "council": _l("IT-Planungsrat"),
    "linked": _l("Mit dem IT-Planungsrat verbunden"),
    "working_format": _l("Arbeitsformat"),
    "project_group": _l("Projektgruppe"),
    "programme": _l("Programm"),
}
FIELD_LABELS = {
    "name": _l("Name"),
    "alias": _l("Auch bezeichnet als"),
    "short_name": _l("Kurzname"),
    "kind": _l("Art"),
    "category": _l("Kategorie"),
    "focus_topic": _l("Schwerpunktthema"),
    "parent": _l("Übergeordnetes Gremium"),
    "start_date": _l("Beginn"),
    "end_date": _l("Ende der Befristung"),
    "open_ended": _l("Bis auf Weiteres"),
    "lead": _l("Leitung"),
    "description": _l("Beschreibung"),
}


def time_limit_texts() -> tuple[str, str, str]:
    """The three time-limit texts, translated once for a whole list of bodies."""
    return _("bis auf Weiteres"), _("befristet bis %(date)s"), _("Befristung: unbekannt")


def time_limit_label(body: Body, texts: tuple[str, str, str] | None = None) -> str:
    """'befristet bis TT.MM.JJJJ', 'bis auf Weiteres' or 'Befristung: unbekannt'."""
    open_ended, until, unknown = texts or time_limit_texts()
    if body.time_limit is TimeLimit.OPEN_ENDED:
        return open_ended
    if body.time_limit is TimeLimit.DATED:
        return until % {"date": german_date(body.end_date)}
    return unknown


# Keys that url_for never percent-encodes: the URL is the prefix plus the key.
PLAIN_KEY = re.compile(r"[A-Za-z0-9_.~-]+")


@dataclass(frozen=True)
class BodyEntry:
    """What the registry's lists and tables show of a body, worked out once per request."""

    id: int
    url: str
    name: str
    short_name: str | None
    kind: str
    facts: str  # "Arbeitsgruppe · befristet bis 31.12.2026 · Leitung: Bund"
    time_limit: str
    focus: str
    ended_on: str
    dissolved: bool


def body_url_builder() -> Callable[[str], str]:
    """``url_for('registry.show_body', key=…)`` without building each URL from the map."""
    prefix = url_for("registry.show_body", key="x")[:-1]

    def body_url(key: str) -> str:
        if PLAIN_KEY.fullmatch(key):
            return prefix + key
        return url_for("registry.show_body", key=key)

    return body_url


def body_entries(bodies: Iterable[Body], today: date) -> dict[int, BodyEntry]:
    """The display entries of these bodies by id (labels translated once, not per body)."""
    body_url, lead_label, texts = body_url_builder(), _("Leitung"), time_limit_texts()
    alias_label = _("auch genannt")
    kinds = {key: str(label) for key, label in BODY_KIND_LABELS.items()}
    entries = {}
    for body in bodies:
        time_limit = time_limit_label(body, texts)
        kind = kinds.get(body.kind, body.kind)
        facts = f"{kind} · {time_limit}"
        if body.lead:
            facts += f" · {lead_label}: {body.lead}"
        if body.alias:
            facts += f" · {alias_label}: {body.alias}"
        entries[body.id] = BodyEntry(
            body.id,
            body_url(body.key),
            body.name,
            body.short_name,
            kind,
            facts,
            time_limit,
            focus_label(body),
            german_date(body.end_date),
            body.is_dissolved(today),
        )
    return entries


def category_label(category: str) -> str:
    """The German label of a category."""
    return str(CATEGORY_LABELS.get(category, category))


def focus_label(body: Body) -> str:
    """The body's focus topic as German label, or an empty string."""
    return topic_label(body.focus_topic) or ""


@dataclass(frozen=True)
class HistoryLine:
    """One history event of a body as German text."""

    when: str
    action: str
    changes: list[tuple[str, str, str]]


def _changes(event: HistoryEvent) -> list[tuple[str, str, str]]:
    changes = (event.inputs or {}).get("changes") or {}
    if not isinstance(changes, dict):
        return []
    lines = []
    for name, change in changes.items():
        if isinstance(change, dict):
            label = str(FIELD_LABELS.get(name, name))
            lines.append((label, _plain(change.get("old")), _plain(change.get("new"))))
    return lines


def _plain(value) -> str:
    if value is None or value == "":
        return "–"
    if value is True:
        return _("ja")
    if value is False:
        return _("nein")
    return german_date(value) if isinstance(value, str) and len(value) == 10 else str(value)


def history_lines(events: list[HistoryEvent]) -> list[HistoryLine]:
    """History events as German lines (no personal names: the page is public)."""
    return [
        HistoryLine(german_datetime(event.occurred_at), action_label(event.action), _changes(event))
        for event in events
    ]

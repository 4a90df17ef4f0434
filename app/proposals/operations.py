"""Business actions on Steckbrief drafts: create, save one step, delete. Flush, never commit."""

from __future__ import annotations

import re
from collections.abc import Container, Mapping
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from app.conflicts import flush_or_conflict, sqlite_write_lock
from app.domain import ConflictError, PermissionDenied
from app.extensions import db
from app.formatting import today_berlin
from app.models.proposal import Proposal
from app.models.reference_counter import ReferenceCounter
from app.models.user import User
from app.proposals.queries import all_body_ids
from app.proposals.schema import step
from app.proposals.validation import clean_section, cross_check

REFERENCE_PATTERN = re.compile(r"GS-(\d{4})-(\d{4,})")
STALE_VERSION = _l(
    "Dieser Entwurf wurde zwischenzeitlich in einem anderen Fenster oder von einer anderen "
    "Person geändert. Ihre Eingaben wurden nicht gespeichert."
)
NOT_EDITABLE = _l("Nur ein eigener Entwurf kann bearbeitet werden.")
NOT_DELETABLE = _l("Nur ein eigener, nie eingereichter Entwurf kann gelöscht werden.")
NOT_APPLICANT = _l("Nur Antragsteller:innen können Gremiensteckbriefe anlegen.")


def highest_reference_number(year: int) -> int:
    """The highest number among the year's references, read from all of them (the slow way:
    only when a year's counter is created or found behind)."""
    stmt = select(Proposal.reference).where(Proposal.reference.like(f"GS-{year}-%"))
    numbers = [
        int(match.group(2))
        for reference in db.session.scalars(stmt)
        if (match := REFERENCE_PATTERN.fullmatch(reference))
    ]
    return max(numbers, default=0)


def _counter(year: int) -> ReferenceCounter:
    """The year's counter row, locked until commit; created from the references if missing."""
    counter = db.session.get(ReferenceCounter, year, with_for_update=True, populate_existing=True)
    if counter is not None:
        return counter
    try:
        with db.session.begin_nested():
            counter = ReferenceCounter(year=year, last_number=highest_reference_number(year))
            db.session.add(counter)
    except IntegrityError:  # created meanwhile by another request (SQLite only reads unlocked)
        counter = db.session.get(
            ReferenceCounter, year, with_for_update=True, populate_existing=True
        )
    return counter


def next_reference(year: int) -> str:
    """The next free reference number of the year, ``GS-<year>-<4 digits>``.

    Taken from the year's counter row (one primary-key lookup however many proposals exist),
    locked until commit on PostgreSQL; a number taken meanwhile (SQLite reads without a lock)
    fails the unique reference and ``create_proposal`` retries after ``resync_reference``.
    """
    counter = _counter(year)
    counter.last_number += 1
    db.session.flush()
    return f"GS-{year}-{counter.last_number:04d}"


def resync_reference(year: int) -> None:
    """Move a counter found behind (rows written past it, e.g. imported) to the highest
    reference of the year; reads every reference of the year, so only after a collision."""
    counter = _counter(year)
    counter.last_number = max(counter.last_number, highest_reference_number(year))
    db.session.flush()


# Key of the transaction-level advisory lock that serialises reference numbers (PostgreSQL).
REFERENCE_LOCK_KEY = 0x67726566


def insert_with_reference(proposal: Proposal, year: int, *, retry: bool = False) -> bool:
    """Insert under the next free reference in a savepoint; False on a collision."""
    if db.session.get_bind().dialect.name == "postgresql":
        # Held until commit: concurrent creations take numbers one after the other instead
        # of colliding, also while a year's counter row does not exist yet.
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": REFERENCE_LOCK_KEY})
    else:
        sqlite_write_lock()
    if retry:
        resync_reference(year)
    proposal.reference = next_reference(year)
    try:
        with db.session.begin_nested():
            db.session.add(proposal)
            db.session.flush()
    except IntegrityError:
        return False
    return True


def create_proposal(owner: User, *, today: date | None = None) -> Proposal:
    """A new, empty draft owned by ``owner``; retries once if its reference was taken."""
    if not owner.has_role("applicant"):
        raise PermissionDenied(str(NOT_APPLICANT))
    year = (today or today_berlin()).year
    proposal = Proposal(owner=owner, title="", content={})
    if not insert_with_reference(proposal, year):
        proposal = Proposal(owner=owner, title="", content={})
        if not insert_with_reference(proposal, year, retry=True):
            raise ConflictError(_("Das Aktenzeichen konnte nicht vergeben werden. Bitte erneut."))
    return proposal


def clean_step(
    content: Mapping[str, Any], step_key: str, raw: Mapping[str, Any], body_ids: Container[int]
) -> tuple[dict[str, dict], dict[str, str]]:
    """The cleaned sections of one step and the errors by form field name."""
    cleaned: dict[str, dict] = {}
    errors: dict[str, str] = {}
    for section_key in step(step_key).sections:
        cleaned[section_key], section_errors = clean_section(section_key, raw, body_ids=body_ids)
        errors.update(section_errors)
    for section_errors in cross_check({**content, **cleaned}).values():
        for name, message in section_errors.items():
            errors.setdefault(name, message)
    return cleaned, errors


def sync_columns(proposal: Proposal, content: Mapping[str, Any]) -> None:
    """Keep the queried columns in step with the content."""
    master = content.get("master_data") or {}
    establishment = content.get("establishment") or {}
    proposal.title = master.get("name") or ""
    proposal.short_name = master.get("short_name")
    proposal.kind = master.get("kind")
    proposal.focus_topic = master.get("focus_topic")
    proposal.parent_body_id = master.get("parent_body")
    end = establishment.get("end_date")
    proposal.end_date = date.fromisoformat(end) if end else None
    proposal.open_ended = bool(establishment.get("open_ended"))


def check_editable(proposal: Proposal, actor: User, expected_lock_version: int | None) -> None:
    """Refuse unless the actor may edit the draft and has seen its latest version."""
    if not proposal.can_edit(actor):
        raise PermissionDenied(str(NOT_EDITABLE))
    if expected_lock_version != proposal.lock_version:
        raise ConflictError(str(STALE_VERSION))


def save_step(
    proposal: Proposal,
    actor: User,
    step_key: str,
    raw: Mapping[str, Any],
    expected_lock_version: int | None,
) -> dict[str, str]:
    """Validate and store one step; returns the errors by field name (then nothing is stored)."""
    check_editable(proposal, actor, expected_lock_version)
    content = dict(proposal.content or {})
    cleaned, errors = clean_step(content, step_key, raw, all_body_ids())
    if errors:
        return errors
    content.update(cleaned)
    proposal.content = content
    sync_columns(proposal, content)
    flush_or_conflict(STALE_VERSION)
    return {}


def delete_draft(proposal: Proposal, actor: User) -> None:
    """Delete a draft that was never submitted."""
    if not proposal.can_delete(actor):
        raise PermissionDenied(str(NOT_DELETABLE))
    db.session.delete(proposal)
    db.session.flush()

"""The append-only, hash-chained history: one global chain across all proposals."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select, text

from app.extensions import db
from app.models import HistoryEvent, Proposal, User
from app.models.base import utcnow

GENESIS_HASH = "0" * 64
# Key of the transaction-level advisory lock that serialises appends on PostgreSQL.
CHAIN_LOCK_KEY = 0x6772656D


def canonical_json(value: Any) -> str:
    """Deterministic JSON: sorted keys, no spaces, Unicode kept."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def sha256_of(value: Any) -> str:
    """SHA-256 (hex) over the canonical JSON of value."""
    return hashlib.sha256(canonical_json(value).encode("utf-8")).hexdigest()


def _utc_text(moment: datetime) -> str:
    """A timestamp as naive-UTC ISO text; SQLite returns naive values, PostgreSQL aware ones."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat(timespec="microseconds")


def plain_inputs(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Inputs as JSON-safe values (dates as ISO text), blanks dropped."""
    plain: dict[str, Any] = {}
    for name, value in inputs.items():
        if value is None or value == "" or value == {}:
            continue
        plain[name] = value.isoformat() if isinstance(value, date) else value
    return plain


def event_hash(event: HistoryEvent) -> str:
    """The hash of an event: all its recorded fields plus the previous hash."""
    return sha256_of(
        {
            "proposal_id": event.proposal_id,
            "body_id": event.body_id,
            "actor_id": event.actor_id,
            "occurred_at": _utc_text(event.occurred_at),
            "action": event.action,
            "from_state": event.from_state,
            "to_state": event.to_state,
            "version_sha256": event.version_sha256,
            "inputs": event.inputs or {},
            "prev_hash": event.prev_hash,
        }
    )


def lock_chain() -> None:
    """Hold the chain's write lock until commit, so two appends never share a prev_hash.

    An operation that appends only if no such event exists yet takes it before it looks:
    a second request then waits and sees the first one's event."""
    session = db.session
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK_KEY})
        return
    # SQLite: a write statement takes the database's single write lock (pysqlite opens the
    # transaction lazily, before the first write); a no-op UPDATE takes it before we read.
    session.execute(text("UPDATE history_events SET id = id WHERE 1 = 0"))


def last_hash() -> str:
    """The hash of the newest event, or the genesis hash."""
    stmt = select(HistoryEvent.hash).order_by(HistoryEvent.id.desc()).limit(1)
    return db.session.scalar(stmt) or GENESIS_HASH


def append_event(
    proposal: Proposal | None,
    actor: User | None,
    action: str,
    *,
    from_state: str | None = None,
    to_state: str | None = None,
    version_sha256: str | None = None,
    inputs: Mapping[str, Any] | None = None,
    body_id: int | None = None,
) -> HistoryEvent:
    """Append one event to the global chain (flushed, not committed)."""
    db.session.flush()
    lock_chain()
    event = HistoryEvent(
        proposal_id=proposal.id if proposal else None,
        body_id=body_id,
        actor_id=actor.id if actor else None,
        occurred_at=utcnow(),
        action=action,
        from_state=from_state,
        to_state=to_state,
        version_sha256=version_sha256,
        inputs=plain_inputs(inputs or {}),
        prev_hash=last_hash(),
    )
    event.hash = event_hash(event)
    db.session.add(event)
    db.session.flush()
    return event


@dataclass(frozen=True)
class ChainReport:
    """The result of verifying the chain."""

    count: int
    broken_id: int | None = None
    reason: str = ""

    @property
    def intact(self) -> bool:
        """True when no link is broken."""
        return self.broken_id is None


def verify_chain() -> ChainReport:
    """Walk the whole chain in order; report the first event whose link or hash is wrong."""
    expected_prev = GENESIS_HASH
    count = 0
    for event in db.session.scalars(select(HistoryEvent).order_by(HistoryEvent.id)):
        count += 1
        if event.prev_hash != expected_prev:
            return ChainReport(count, event.id, _("Verweis auf das vorige Ereignis stimmt nicht"))
        if event_hash(event) != event.hash:
            return ChainReport(count, event.id, _("Inhalt wurde verändert"))
        expected_prev = event.hash
    return ChainReport(count)

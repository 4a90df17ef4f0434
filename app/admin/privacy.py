"""Data protection: everything stored about one person (Art. 15 DSGVO), and anonymising the
account of a departed person without touching the institution's record or the hash chain."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import String, cast, delete, func, or_, select, true, update

from app.audit.history import append_event, lock_chain
from app.auth import second_factor
from app.domain import ConflictError, DomainError
from app.extensions import db
from app.models import (
    ApiToken,
    Approval,
    Decision,
    HistoryEvent,
    IssuedDocument,
    OutboxMessage,
    Proposal,
    ProposalVersion,
    ResolutionDraft,
    Role,
    SectionRemark,
    User,
    UserRole,
)
from app.models.base import utcnow
from app.security_events import security_event

EXPORT_FORMAT = "gremienportal-datenauskunft/1"
ANONYMISED_ACTION = "account_anonymised"
# Not an argon2 hash: check_password() fails on it, so the account has no password at all.
UNUSABLE_PASSWORD = "!anonymised"  # noqa: S105 - a marker, not a secret
DECISION_ACTIONS = frozenset({"establish", "decline", "dissolve"})


def pseudonym(user_id: int) -> str:
    """The name an anonymised account shows from now on."""
    return _("Ehemalige Person %(id)d", id=user_id)


def placeholder_email(user_id: int) -> str:
    """A unique address that can never be delivered (RFC 2606 reserves .invalid)."""
    return f"anonym-{user_id}@invalid"


def _plain(value: Any) -> Any:
    """JSON-safe values: dates and timestamps as ISO text."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


# --- Export ----------------------------------------------------------------------------------


def _account(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "email": user.email,
        "name": user.name,
        "organisation": user.organisation,
        "active": user.active,
        "roles": sorted(user.roles),
        "created_at": user.created_at,
        "updated_at": user.updated_at,
        "last_login_at": user.last_login_at,
        "anonymised_at": user.anonymised_at,
        "second_factor_enrolled_at": user.totp_enrolled_at,
        "council_member_id": user.council_member_id,  # the member the account acts for
    }


def _proposals(user: User) -> list[dict[str, Any]]:
    stmt = select(Proposal).where(Proposal.owner_id == user.id).order_by(Proposal.id)
    return [
        {
            "reference": proposal.reference,
            "title": proposal.title,
            "state": proposal.state,
            "created_at": proposal.created_at,
            "submitted_at": proposal.submitted_at,
            "content": proposal.content,
            "versions": [
                {
                    "number": version.number,
                    "created_at": version.created_at,
                    "sha256": version.sha256,
                    "content": version.content,
                }
                for version in proposal.versions
            ],
        }
        for proposal in db.session.scalars(stmt)
    ]


def _references(proposal_ids: set[int]) -> dict[int, str]:
    if not proposal_ids:
        return {}
    stmt = select(Proposal.id, Proposal.reference).where(Proposal.id.in_(proposal_ids))
    return dict(db.session.execute(stmt).all())


def _approvals_and_remarks(user: User) -> tuple[list[dict], list[dict]]:
    approvals = list(
        db.session.scalars(
            select(Approval).where(Approval.reviewer_id == user.id).order_by(Approval.id)
        )
    )
    remarks = list(
        db.session.scalars(
            select(SectionRemark)
            .where(SectionRemark.author_id == user.id)
            .order_by(SectionRemark.id)
        )
    )
    refs = _references({row.proposal_id for row in approvals + remarks})
    return (
        [
            {
                "proposal": refs.get(row.proposal_id),
                "version": row.version.number,
                "recommendation": row.recommendation,
                "created_at": row.created_at,
            }
            for row in approvals
        ],
        [
            {
                "proposal": refs.get(row.proposal_id),
                "version": row.version.number,
                "section": row.section,
                "text": row.text,
                "created_at": row.created_at,
            }
            for row in remarks
        ],
    )


def _history(user: User) -> list[HistoryEvent]:
    stmt = select(HistoryEvent).where(HistoryEvent.actor_id == user.id).order_by(HistoryEvent.id)
    return list(db.session.scalars(stmt))


def _events(events: list[HistoryEvent]) -> list[dict[str, Any]]:
    refs = _references({event.proposal_id for event in events if event.proposal_id})
    return [
        {
            "id": event.id,
            "occurred_at": event.occurred_at,
            "action": event.action,
            "proposal": refs.get(event.proposal_id),
            "body_id": event.body_id,
            "from_state": event.from_state,
            "to_state": event.to_state,
            "inputs": event.inputs or {},
            "hash": event.hash,
        }
        for event in events
    ]


def _decisions(events: list[HistoryEvent]) -> list[dict[str, Any]]:
    """The council decisions this person recorded (as the office)."""
    numbers = {
        str(event.inputs["decision_number"])
        for event in events
        if event.action in DECISION_ACTIONS and (event.inputs or {}).get("decision_number")
    }
    if not numbers:
        return []
    stmt = select(Decision).where(Decision.number.in_(numbers)).order_by(Decision.id)
    return [
        {
            "number": row.number,
            "kind": row.kind,
            "decided_on": row.decided_on,
            "session": row.session,
            "title": row.title,
        }
        for row in db.session.scalars(stmt)
    ]


def _office_work(user: User) -> dict[str, list[dict[str, Any]]]:
    documents = select(IssuedDocument).where(IssuedDocument.created_by_id == user.id)
    drafts = select(ResolutionDraft).where(ResolutionDraft.updated_by_id == user.id)
    draft_rows = list(db.session.scalars(drafts.order_by(ResolutionDraft.id)))
    refs = _references({row.proposal_id for row in draft_rows})
    return {
        "issued_documents": [
            {
                "kind": row.kind,
                "title": row.title,
                "filename": row.filename,
                "sha256": row.sha256,
                "created_at": row.created_at,
            }
            for row in db.session.scalars(documents.order_by(IssuedDocument.id))
        ],
        "resolution_drafts": [
            {"proposal": refs.get(row.proposal_id), "text": row.text, "updated_at": row.updated_at}
            for row in draft_rows
        ],
    }


def _outbox(email: str) -> list[dict[str, Any]]:
    stmt = select(OutboxMessage).where(OutboxMessage.recipient == email)
    return [
        {
            "subject": row.subject,
            "body": row.body,
            "created_at": row.created_at,
            "sent_at": row.sent_at,
        }
        for row in db.session.scalars(stmt.order_by(OutboxMessage.id))
    ]


def _tokens(user: User) -> list[dict[str, Any]]:
    stmt = select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id)
    return [
        {
            "name": row.name,
            "hint": row.hint,
            "created_at": row.created_at,
            "last_used_at": row.last_used_at,
            "revoked_at": row.revoked_at,
        }
        for row in db.session.scalars(stmt)
    ]


def _contact_rows(content: dict[str, Any] | None, user: User) -> list[dict[str, Any]]:
    """Rows of the Steckbrief's contact persons that carry this person's e-mail address."""
    rows = ((content or {}).get("contacts") or {}).get("contacts") or []
    email = user.email.lower()
    return [
        row
        for row in rows
        if isinstance(row, dict) and str(row.get("email") or "").strip().lower() == email
    ]


def _mentions(column, email: str):
    """A cheap pre-filter in SQL (JSON as text); the rows are checked in Python after."""
    if not email.isascii():  # JSON text may escape non-ASCII: scan every row
        return true()
    escaped = email.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return func.lower(cast(column, String)).like(f"%{escaped}%", escape="\\")


def _named_as_contact(user: User) -> list[dict[str, Any]]:
    """Steckbriefe (drafts and frozen versions) that name this person as a contact."""
    found: list[dict[str, Any]] = []
    drafts = select(Proposal).where(_mentions(Proposal.content, user.email)).order_by(Proposal.id)
    for proposal in db.session.scalars(drafts):
        for row in _contact_rows(proposal.content, user):
            found.append({"proposal": proposal.reference, "version": None, "contact": row})
    versions = (
        select(ProposalVersion, Proposal.reference)
        .join(Proposal, Proposal.id == ProposalVersion.proposal_id)
        .where(_mentions(ProposalVersion.content, user.email))
        .order_by(ProposalVersion.id)
    )
    for version, reference in db.session.execute(versions):
        for row in _contact_rows(version.content, user):
            found.append({"proposal": reference, "version": version.number, "contact": row})
    return found


def export_person(user: User) -> dict[str, Any]:
    """Everything stored about one account, as JSON-safe data (no password or token hashes)."""
    events = _history(user)
    approvals, remarks = _approvals_and_remarks(user)
    data = {
        "format": EXPORT_FORMAT,
        "exported_at": utcnow(),
        "account": _account(user),
        "proposals": _proposals(user),
        "approvals": approvals,
        "remarks": remarks,
        "decisions_recorded": _decisions(events),
        **_office_work(user),
        "history_events": _events(events),
        "outbox_messages": _outbox(user.email),
        "api_tokens": _tokens(user),
        "named_as_contact": _named_as_contact(user),
    }
    return _plain(data)


def export_filename(user: User) -> str:
    """A safe download name: only the account id, never the name or e-mail."""
    return f"datenauskunft-konto-{user.id}-{utcnow():%Y%m%d}.json"


# --- Anonymisation ---------------------------------------------------------------------------


def _is_last_active_admin(user: User) -> bool:
    if not (user.active and user.has_role(Role.ADMIN.value)):
        return False
    others = (
        select(func.count())
        .select_from(User)
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == Role.ADMIN.value, User.active.is_(True), User.id != user.id)
    )
    return not db.session.scalar(others)


def _check_may_anonymise(user: User, actor: User | None) -> None:
    if user.is_anonymised:
        raise ConflictError(_("Dieses Konto ist bereits anonymisiert."))
    if actor is not None and user.id == actor.id:
        raise DomainError(_("Sie können Ihr eigenes Konto nicht anonymisieren."))
    if _is_last_active_admin(user):
        raise DomainError(
            _("Das letzte aktive Administrationskonto kann nicht anonymisiert werden.")
        )


def _redact_outbox(old_name: str, old_email: str, user: User) -> None:
    """Drop unsent mails to the old address; replace name and address in the kept ones."""
    db.session.execute(
        delete(OutboxMessage).where(
            OutboxMessage.recipient == old_email, OutboxMessage.sent_at.is_(None)
        )
    )
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.recipient == old_email)
        .values(recipient=user.email)
    )
    # Notifications name who acted ("durch …"); whole words only, "Person 1" ≠ "Person 12".
    pattern = re.compile(rf"(?<!\w){re.escape(old_name)}(?!\w)|{re.escape(old_email)}")
    mentioning = select(OutboxMessage).where(
        or_(
            OutboxMessage.body.contains(old_name, autoescape=True),
            OutboxMessage.body.contains(old_email, autoescape=True),
            OutboxMessage.subject.contains(old_name, autoescape=True),
            OutboxMessage.subject.contains(old_email, autoescape=True),
        )
    )
    for message in db.session.scalars(mentioning):
        message.body = pattern.sub(lambda _match: user.name, message.body)
        message.subject = pattern.sub(lambda _match: user.name, message.subject)


def anonymise_user(user: User, *, actor: User | None) -> None:
    """Replace a departed person's name and e-mail, lock the account, keep the record."""
    lock_chain()  # two admins at once: the second waits, reloads and finds it done (409)
    db.session.refresh(user)
    _check_may_anonymise(user, actor)
    old_name, old_email = user.name, user.email
    now = utcnow()
    user.name = pseudonym(user.id)
    user.email = placeholder_email(user.id)
    user.organisation = ""
    user.password_hash = UNUSABLE_PASSWORD
    user.active = False
    user.last_login_at = None
    user.anonymised_at = now
    user.rotate_session_token()  # every session cookie of the account is dead
    second_factor.remove(user)
    db.session.execute(
        update(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    _redact_outbox(old_name, old_email, user)
    # The chain hashes the user's id, never the name: old events stay valid.
    append_event(None, actor, ANONYMISED_ACTION, inputs={"user_id": user.id})
    db.session.flush()
    security_event("account_anonymised", target_user_id=user.id)


def purge_sent_mail(older_than_days: int) -> int:
    """Delete e-mails sent more than the given days ago; unsent ones stay. Returns how many."""
    cutoff = utcnow() - timedelta(days=older_than_days)
    result = db.session.execute(
        delete(OutboxMessage).where(
            OutboxMessage.sent_at.is_not(None), OutboxMessage.sent_at < cutoff
        )
    )
    return result.rowcount

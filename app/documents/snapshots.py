"""Frozen, plain-data snapshots of what a document shows: templates never see ORM objects."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from typing import Any

from app.audit.history import canonical_json
from app.council.al_runde import recommendation_for
from app.council.motion_status import motion_status
from app.council.record import published_votes
from app.documents import queries, wording
from app.documents.formatting import body_ids, section_entries
from app.formatting import german_date
from app.models import Decision, Proposal, ProposalVersion, User
from app.proposals.schema import PERSONAL_SECTIONS, public_part

OFFICE_AUTHOR = "Geschäftsstelle des IT-Planungsrats"
SESSION_WRITTEN = "Umlaufverfahren"


def as_utc(moment: datetime | date) -> datetime:
    """A timestamp in UTC without microseconds; SQLite returns naive values (stored as UTC)."""
    if not isinstance(moment, datetime):
        moment = datetime.combine(moment, time(12, 0))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0)


def w3c(moment: datetime) -> str:
    """A UTC timestamp in the W3C form WeasyPrint reads from dcterms meta tags."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def meta(title: str, author: str, kind_label: str, moment: datetime, description: str = "") -> dict:
    """The document metadata: title, author, kind and the fixed date."""
    return {
        "title": title,
        "author": author,
        "kind_label": kind_label,
        "description": description or title,
        "moment": w3c(moment),
    }


def person(user: User | None) -> dict[str, str]:
    """A user's name and organisation (nothing more)."""
    if user is None:
        return {"name": "", "organisation": ""}
    return {"name": user.name, "organisation": user.organisation or ""}


def steckbrief(proposal: Proposal, version: ProposalVersion | None) -> dict[str, Any]:
    """The Steckbrief of a frozen version, or of the current draft when version is None."""
    content = version.content if version else (proposal.content or {})
    content = content if isinstance(content, Mapping) else {}
    moment = as_utc(version.created_at if version else proposal.updated_at)
    master = content.get("master_data") if isinstance(content.get("master_data"), Mapping) else {}
    return {
        "reference": proposal.reference,
        "title": str(master.get("name") or proposal.title or proposal.reference),
        "short_name": str(master.get("short_name") or proposal.short_name or ""),
        "is_draft": version is None,
        "version": version.number if version else None,
        "sha256": version.sha256 if version else None,
        "date": german_date(moment),
        "moment": moment,
        "applicant": person(proposal.owner),
        "sections": section_entries(content, queries.body_names(body_ids(content))),
        "content": dict(content),
        "json": canonical_json(content),
    }


def steckbrief_meta(doc: Mapping[str, Any]) -> dict:
    """Metadata of a Steckbrief PDF."""
    which = "Entwurf" if doc["is_draft"] else f"Version {doc['version']}"
    title = f"Gremiensteckbrief {doc['reference']} ({which}): {doc['title']}"
    author = doc["applicant"]["organisation"] or "Gremienportal"
    return meta(title, author, "Gremiensteckbrief", doc["moment"])


def recommendation(approval) -> dict[str, str]:
    """One reviewer's recommendation."""
    return {
        **person(approval.reviewer),
        "text": approval.recommendation,
        "date": german_date(approval.created_at),
    }


def resolution_text(proposal: Proposal, version: ProposalVersion) -> tuple[str, datetime]:
    """The Beschlussvorschlag: the office's edit if saved, else the generated wording."""
    draft = queries.resolution_draft(version)
    if draft is not None:
        return draft.text, max(as_utc(draft.updated_at), as_utc(version.created_at))
    return default_text(proposal, version), as_utc(version.created_at)


def default_text(proposal: Proposal, version: ProposalVersion) -> str:
    """The generated Beschlussvorschlag: establishing a body, or changing one."""
    amends = queries.amended_decision(proposal)
    if amends is None:
        return wording.default_resolution_text(version.content, proposal.title)
    before = queries.version_content(amends.version_id)
    return wording.change_resolution_text(before, version.content, amends.number, proposal.title)


def subject(proposal: Proposal, version: ProposalVersion) -> str:
    """The Betreff: the establishment of the body, or a change naming the decision it amends."""
    amends = queries.amended_decision(proposal)
    if amends is None:
        return wording.subject(version.content, proposal.title)
    return wording.change_subject(version.content, amends.number, proposal.title)


def motion_text(proposal: Proposal) -> str:
    """Who moves the proposal, if the motion is valid; else ""."""
    status = motion_status(proposal)
    return status.movers if status.valid else ""


def al_recommendation(version: ProposalVersion) -> dict[str, str] | None:
    """The AL-Runde's Beschlussempfehlung on the version, if it gave one."""
    row = recommendation_for(version)
    return {"date": german_date(row.recommended_on), "text": row.text} if row else None


def vorlage(proposal: Proposal, version: ProposalVersion, text: str, moment: datetime) -> dict:
    """The Beschlussvorlage of a version with the given Beschlussvorschlag."""
    annex = steckbrief(proposal, version)
    mandate = next(section for section in annex["sections"] if section["key"] == "mandate")
    return {
        "reference": proposal.reference,
        "subject": subject(proposal, version),
        "amends": _number(queries.amended_decision(proposal)),
        "applicant": annex["applicant"],
        "proposal_text": text,
        "facts": mandate["entries"],
        "recommendations": [recommendation(a) for a in queries.approvals_of(version)],
        "motion": motion_text(proposal),
        "al_recommendation": al_recommendation(version),
        "majority": wording.BINDING_MAJORITY,
        "version": version.number,
        "sha256": version.sha256,
        "date": german_date(moment),
        "moment": moment,
        "steckbrief": annex,
    }


def _number(decision: Decision | None) -> str | None:
    return decision.number if decision is not None else None


def vorlage_meta(doc: Mapping[str, Any]) -> dict:
    """Metadata of a Beschlussvorlage PDF."""
    title = f"Beschlussvorlage {doc['reference']}: {doc['subject']}"
    return meta(title, OFFICE_AUTHOR, "Beschlussvorlage", doc["moment"])


def session_label(session: str) -> str:
    """„42. Sitzung“ or „Umlaufverfahren“."""
    return session if session == SESSION_WRITTEN else f"{session}. Sitzung"


def beschluss(decision: Decision, proposal: Proposal, version: ProposalVersion, text: str) -> dict:
    """The Beschluss as published: header, title, text and the decided version's hash."""
    moment = as_utc(decision.decided_on)
    return {
        "header": [
            "IT-Planungsrat",
            german_date(decision.decided_on),
            session_label(decision.session),
            f"Beschluss {decision.number}",
        ],
        "number": decision.number,
        "amends": _number(queries.amended_decision(proposal, decision)),
        "title": decision.title,
        "text": text,
        "reference": proposal.reference,
        "version": version.number,
        "sha256": version.sha256,
        "moment": moment,
        "json": canonical_json(public_steckbrief(version)),
        "issuer": OFFICE_AUTHOR,
        "votes": published_votes(decision.vote_record),
    }


def public_steckbrief(version: ProposalVersion) -> dict[str, Any]:
    """What a public document embeds: the Steckbrief without its personal data, and the
    SHA-256 of the full version it was made from (the office keeps that one)."""
    return {
        "source_version": version.number,
        "source_sha256": version.sha256,
        "omitted_sections": sorted(PERSONAL_SECTIONS),
        "steckbrief": public_part(version.content),
    }


def beschluss_meta(doc: Mapping[str, Any]) -> dict:
    """Metadata of a Beschluss PDF."""
    title = f"Beschluss {doc['number']}: {doc['title']}"
    return meta(title, "IT-Planungsrat", f"Beschluss {doc['number']}", doc["moment"])


def bundle(session: str, session_date: date, vorlagen: list[dict]) -> dict[str, Any]:
    """The Sitzungsunterlage: cover data and the Beschlussvorlagen in order."""
    label = session_label(session)
    return {
        "session_label": label,
        "date": german_date(session_date),
        "moment": as_utc(session_date),
        "vorlagen": vorlagen,
        "title": f"Sitzungsunterlage IT-Planungsrat, {label} am {german_date(session_date)}",
    }


def bundle_meta(doc: Mapping[str, Any]) -> dict:
    """Metadata of a Sitzungsunterlage PDF."""
    return meta(doc["title"], OFFICE_AUTHOR, "Sitzungsunterlage", doc["moment"])

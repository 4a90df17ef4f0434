"""The documents area's actions: render from snapshots, issue (store bytes and hash), record."""

from __future__ import annotations

import hashlib
from datetime import date

from flask import render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.audit.history import append_event
from app.conflicts import flush_or_conflict
from app.documents import queries, snapshots, wording
from app.domain import ConflictError, DomainError
from app.extensions import db
from app.models import Decision, DocumentKind, IssuedDocument, Proposal, ProposalVersion, User
from app.models.base import utcnow
from app.models.document import ResolutionDraft
from app.pdf import PdfAttachment, render_pdf
from workflows.proposal import ProposalState

TEXT_MAX_LENGTH = 10_000
NOT_IN_RESOLUTION = _l("Der Antrag steht nicht (mehr) zur Beschlussfassung.")
NOT_PUBLIC_DECISION = _l("Für diesen Beschluss wird kein Beschluss-PDF ausgestellt.")
ALREADY_ISSUED = _l("Das Beschluss-PDF wurde bereits ausgestellt; es wird nicht erneut erzeugt.")
EMPTY_BUNDLE = _l("Bitte wählen Sie mindestens einen Antrag zur Beschlussfassung aus.")


def _json_attachment(name: str, doc: dict, description: str) -> PdfAttachment:
    return PdfAttachment(name, doc["json"].encode("utf-8"), description, doc["moment"])


def _render(template: str, doc: dict, meta: dict, attachments=()) -> bytes:
    html = render_template(template, doc=doc, meta=meta)
    return render_pdf(html, tuple(attachments))


def steckbrief_pdf(proposal: Proposal, version: ProposalVersion | None) -> tuple[str, bytes]:
    """Render the Steckbrief of a version (or the draft); deterministic, so not stored."""
    doc = snapshots.steckbrief(proposal, version)
    attachment = _json_attachment("steckbrief.json", doc, "Gremiensteckbrief (JSON)")
    data = _render("pdf/steckbrief.html", doc, snapshots.steckbrief_meta(doc), [attachment])
    which = f"v{version.number}" if version else "Entwurf"
    name = "-".join(
        part for part in ("Steckbrief", proposal.reference, doc["short_name"], which) if part
    )
    return f"{name}.pdf", data


def _current_version(proposal: Proposal) -> ProposalVersion:
    if proposal.state != ProposalState.RESOLUTION.value or proposal.latest_version is None:
        raise ConflictError(str(NOT_IN_RESOLUTION))
    return proposal.latest_version


def current_resolution_text(proposal: Proposal) -> str:
    """The Beschlussvorschlag the office would issue now."""
    return snapshots.resolution_text(proposal, _current_version(proposal))[0]


def save_resolution_text(proposal: Proposal, actor: User, text: str) -> ResolutionDraft:
    """Store the office's edit of the Beschlussvorschlag for the current version."""
    version = _current_version(proposal)
    text = (text or "").strip()
    if not text or len(text) > TEXT_MAX_LENGTH:
        raise DomainError(
            _("Bitte geben Sie einen Beschlussvorschlag (höchstens 10.000 Zeichen) ein."),
            field="text",
        )
    draft = queries.resolution_draft(version) or ResolutionDraft(
        proposal_id=proposal.id, version_id=version.id
    )
    draft.text, draft.updated_at, draft.updated_by_id = text, utcnow(), actor.id
    db.session.add(draft)
    flush_or_conflict()  # two first saves of one version: one row, the other answers 409
    return draft


def vorlage_snapshot(proposal: Proposal) -> dict:
    """The Beschlussvorlage of the current version, as plain data."""
    version = _current_version(proposal)
    text, moment = snapshots.resolution_text(proposal, version)
    return snapshots.vorlage(proposal, version, text, moment)


def vorlage_pdf(doc: dict) -> bytes:
    """Render a Beschlussvorlage snapshot."""
    attachment = _json_attachment("steckbrief.json", doc["steckbrief"], "Gremiensteckbrief (JSON)")
    return _render("pdf/vorlage.html", doc, snapshots.vorlage_meta(doc), [attachment])


def _store(
    kind: DocumentKind, data: bytes, filename: str, title: str, actor: User, **links
) -> IssuedDocument:
    document = IssuedDocument(
        kind=kind.value,
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        filename=filename,
        title=title[:300],
        created_by_id=actor.id,
        **links,
    )
    db.session.add(document)
    flush_or_conflict(ALREADY_ISSUED)
    return document


def _record(proposal: Proposal, actor: User, document: IssuedDocument, version_sha256: str) -> None:
    inputs = {"kind": document.kind, "sha256": document.sha256}
    append_event(
        proposal,
        actor,
        "document_issued",
        from_state=proposal.state,
        to_state=proposal.state,
        version_sha256=version_sha256,
        inputs=inputs,
        body_id=proposal.body_id,
    )


def issue_vorlage(proposal: Proposal, actor: User) -> IssuedDocument:
    """Render the Beschlussvorlage, store its bytes and record the hash in the history."""
    doc = vorlage_snapshot(proposal)
    data = vorlage_pdf(doc)
    document = _store(
        DocumentKind.VORLAGE,
        data,
        f"Beschlussvorlage-{proposal.reference}.pdf",
        doc["subject"],
        actor,
        proposal_id=proposal.id,
        version_id=proposal.latest_version.id,
        proposal_text=doc["proposal_text"],
    )
    _record(proposal, actor, document, doc["sha256"])
    return document


def _decided(decision: Decision) -> tuple[Proposal, ProposalVersion]:
    proposal = db.session.get(Proposal, decision.proposal_id) if decision.proposal_id else None
    if proposal is None or not queries.is_public_decision(decision):
        raise ConflictError(str(NOT_PUBLIC_DECISION))
    version = db.session.get(ProposalVersion, decision.version_id) if decision.version_id else None
    version = version or proposal.latest_version
    if version is None:
        raise ConflictError(str(NOT_PUBLIC_DECISION))
    return proposal, version


def decision_text(decision: Decision, proposal: Proposal, version: ProposalVersion) -> str:
    """The decided wording: as recorded, else as issued in the Vorlage, else generated."""
    if decision.text.strip():
        return decision.text.strip()
    if decision.kind == "dissolve":
        amends = queries.amended_decision(proposal, decision)
        return wording.dissolution_text(
            version.content, decision.decided_on, proposal.title, amends.number if amends else None
        )
    issued = queries.latest_issued(DocumentKind.VORLAGE.value, proposal.id)
    if issued is not None and issued.version_id == version.id and issued.proposal_text:
        return issued.proposal_text
    return snapshots.resolution_text(proposal, version)[0]


def beschluss_pdf(decision: Decision) -> bytes:
    """Render the Beschluss of an establishing or dissolving decision (not stored)."""
    proposal, version = _decided(decision)
    doc = snapshots.beschluss(
        decision, proposal, version, decision_text(decision, proposal, version)
    )
    attachment = _json_attachment(
        "steckbrief.json", doc, "Beschlossener Gremiensteckbrief ohne Ansprechpersonen (JSON)"
    )
    return _render("pdf/beschluss.html", doc, snapshots.beschluss_meta(doc), [attachment])


def issue_beschluss(decision: Decision, actor: User) -> IssuedDocument:
    """Issue the Beschluss PDF once: store it and record its hash in the proposal's history."""
    if queries.issued_for_decision(decision) is not None:
        raise ConflictError(str(ALREADY_ISSUED))
    data = beschluss_pdf(decision)
    proposal, version = _decided(decision)
    filename = f"Beschluss-{decision.number.replace('/', '-')}.pdf"
    document = _store(
        DocumentKind.BESCHLUSS,
        data,
        filename,
        f"Beschluss {decision.number}: {decision.title}",
        actor,
        proposal_id=proposal.id,
        version_id=version.id,
        decision_id=decision.id,
    )
    _record(proposal, actor, document, version.sha256)
    return document


def issue_bundle(
    proposals: list[Proposal], actor: User, session: str, session_date: date
) -> IssuedDocument:
    """Render the Sitzungsunterlage of the chosen proposals in resolution and store it."""
    if not proposals:
        raise DomainError(str(EMPTY_BUNDLE), field="proposals")
    vorlagen = [vorlage_snapshot(proposal) for proposal in proposals]
    doc = snapshots.bundle(session, session_date, vorlagen)
    attachments = [
        PdfAttachment(
            f"steckbrief-{item['reference']}-v{item['version']}.json",
            item["steckbrief"]["json"].encode(),
            "Gremiensteckbrief (JSON)",
            doc["moment"],
        )
        for item in vorlagen
    ]
    data = _render("pdf/sitzung.html", doc, snapshots.bundle_meta(doc), attachments)
    label = session if session == snapshots.SESSION_WRITTEN else f"{session}-Sitzung"
    filename = f"Sitzungsunterlage-{label}-{session_date.isoformat()}.pdf"
    document = _store(
        DocumentKind.SITZUNG,
        data,
        filename,
        doc["title"],
        actor,
        session=session,
        session_date=session_date,
    )
    for proposal, item in zip(proposals, vorlagen, strict=True):
        _record(proposal, actor, document, item["sha256"])
    return document

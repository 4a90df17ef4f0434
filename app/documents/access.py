"""Who may see which document: 404 for everyone else, so not even existence leaks."""

from __future__ import annotations

import re

from flask import abort

from app.documents import queries
from app.extensions import db
from app.models import Decision, DocumentKind, IssuedDocument, Proposal
from app.security import acting_user

NUMBER_SLUG = re.compile(r"^(\d{4})-(\d{2,4})$")
# URL segment of each stored kind: /dokumente/<segment>/<id>.pdf
KIND_SEGMENTS = {
    "steckbrief": DocumentKind.STECKBRIEF.value,
    "beschlussvorlage": DocumentKind.VORLAGE.value,
    "beschluss": DocumentKind.BESCHLUSS.value,
    "sitzungsunterlage": DocumentKind.SITZUNG.value,
}
SEGMENT_OF_KIND = {kind: segment for segment, kind in KIND_SEGMENTS.items()}


def is_office() -> bool:
    """True for a signed-in member of the Geschäftsstelle."""
    user = acting_user()
    return user.is_authenticated and user.has_role("secretariat")


def visible_proposal(proposal_id: int) -> Proposal:
    """The proposal if the user is its owner, a reviewer or the office; 404 otherwise."""
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None or not proposal.can_view(acting_user()):
        abort(404)
    return proposal


def office_proposal(proposal_id: int) -> Proposal:
    """The proposal for the office; 404 for everyone else."""
    if not is_office():
        abort(404)
    return visible_proposal(proposal_id)


def decision_from_slug(slug: str) -> Decision:
    """The decision named by "2023-41"; 404 if malformed or unknown."""
    match = NUMBER_SLUG.match(slug)
    decision = queries.decision_by_number(f"{match[1]}/{match[2]}") if match else None
    if decision is None:
        abort(404)
    return decision


def may_read_decision(decision: Decision) -> bool:
    """Public once the body is established or dissolved; before that, like its proposal."""
    if queries.is_public_decision(decision):
        return True
    proposal = db.session.get(Proposal, decision.proposal_id) if decision.proposal_id else None
    return proposal is not None and proposal.can_view(acting_user())


def may_read(document: IssuedDocument) -> bool:
    """Whether the current user may download a stored document."""
    if document.kind == DocumentKind.SITZUNG.value:
        return is_office()
    if document.kind == DocumentKind.BESCHLUSS.value and document.decision_id:
        return may_read_decision(db.session.get(Decision, document.decision_id))
    proposal = db.session.get(Proposal, document.proposal_id) if document.proposal_id else None
    return proposal is not None and proposal.can_view(acting_user())


def stored_document(segment: str, document_id: int) -> IssuedDocument:
    """A stored document of the kind named by the URL segment; 404 unless readable."""
    kind = KIND_SEGMENTS.get(segment)
    document = db.session.get(IssuedDocument, document_id) if kind else None
    if document is None or document.kind != kind or not may_read(document):
        abort(404)
    return document

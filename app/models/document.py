"""Issued decision documents (PDF bytes with their hash) and the office's Beschlussvorschlag."""

from __future__ import annotations

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, DateTime, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column

from app.extensions import db
from app.models.base import utcnow


class DocumentKind(enum.StrEnum):
    """The kinds of PDF the portal issues."""

    STECKBRIEF = "steckbrief"
    VORLAGE = "vorlage"
    BESCHLUSS = "beschluss"
    SITZUNG = "sitzung"


DOCUMENT_KIND_LABELS = {
    DocumentKind.STECKBRIEF.value: _l("Gremiensteckbrief"),
    DocumentKind.VORLAGE.value: _l("Beschlussvorlage"),
    DocumentKind.BESCHLUSS.value: _l("Beschluss"),
    DocumentKind.SITZUNG.value: _l("Sitzungsunterlage"),
}


class IssuedDocument(db.Model):
    """A rendered PDF kept byte for byte: downloads serve these bytes, never a re-render."""

    __tablename__ = "issued_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    proposal_id: Mapped[int | None] = mapped_column(
        ForeignKey("proposals.id", ondelete="SET NULL"), index=True
    )
    version_id: Mapped[int | None] = mapped_column(ForeignKey("proposal_versions.id"))
    # At most one Beschluss PDF per decision: issuing is final.
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"), unique=True)
    title: Mapped[str] = mapped_column(String(300), default="")
    filename: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    # Vorlage: the Beschlussvorschlag as issued; Sitzung: the session and its date.
    proposal_text: Mapped[str | None] = mapped_column(Text)
    session: Mapped[str | None] = mapped_column(String(40))
    session_date: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class ResolutionDraft(db.Model):
    """The Beschlussvorschlag as edited by the office for one frozen version."""

    __tablename__ = "resolution_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    version_id: Mapped[int] = mapped_column(
        ForeignKey("proposal_versions.id", ondelete="CASCADE"), unique=True
    )
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

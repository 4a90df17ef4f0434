"""Rendering HTML to archival, tagged PDF with a locked-down fetcher; returns bytes."""

from app.pdf.fetcher import RefusedURL, StaticOnlyFetcher
from app.pdf.render import PDF_VARIANT, PdfAttachment, render_pdf

__all__ = ["PDF_VARIANT", "PdfAttachment", "RefusedURL", "StaticOnlyFetcher", "render_pdf"]

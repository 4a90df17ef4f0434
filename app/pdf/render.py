"""HTML to tagged PDF/A-3a with cached fonts and stylesheet: renders after the first are fast."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

from flask import current_app
from weasyprint import CSS, HTML, Attachment
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import path2url

from app.assets import STATIC_FOLDER
from app.pdf.fetcher import StaticOnlyFetcher

ROOT = Path(__file__).resolve().parents[2]
STYLESHEET = ROOT / "templates" / "pdf" / "document.css"
KERN_DIST = Path("@kern-ux") / "native" / "dist"
# PDF/A-3 level A: archival, tagged (logical structure, Unicode text) and allows attachments.
PDF_VARIANT = "pdf/a-3a"
# One render at a time per process: Pango and the shared font configuration are not thread-safe.
_RENDER_LOCK = threading.Lock()


@dataclass(frozen=True)
class PdfAttachment:
    """A file embedded in the PDF (PDF/A-3 associated file), with fixed dates."""

    name: str
    data: bytes
    description: str
    moment: datetime
    relationship: str = "Source"


@dataclass(frozen=True)
class _Resources:
    """What every render reuses: the fetcher, the font configuration and the parsed CSS."""

    fetcher: StaticOnlyFetcher
    font_config: FontConfiguration
    stylesheet: CSS
    base_url: str


def allowed_roots() -> tuple[Path, Path]:
    """The folders the fetcher may read: the app's static files and the KERN dist folder."""
    return STATIC_FOLDER, Path(current_app.config["NODE_MODULES_DIR"]) / KERN_DIST


@cache
def _resources(roots: tuple[Path, ...]) -> _Resources:
    """Build the fetcher, fonts and stylesheet once per set of roots (per process)."""
    fetcher = StaticOnlyFetcher(roots)
    font_config = FontConfiguration()
    fonts_url = path2url(str(roots[1] / "fonts")) + "/"
    stylesheet = CSS(
        string=STYLESHEET.read_text(encoding="utf-8"),
        base_url=fonts_url,
        url_fetcher=fetcher,
        font_config=font_config,
    )
    return _Resources(fetcher, font_config, stylesheet, path2url(str(roots[0])) + "/")


def _attachment(item: PdfAttachment, fetcher: StaticOnlyFetcher) -> Attachment:
    return Attachment(
        string=item.data,
        name=item.name,
        description=item.description,
        created=item.moment,
        modified=item.moment,
        relationship=item.relationship,
        url_fetcher=fetcher,
    )


def render_pdf(html: str, attachments: tuple[PdfAttachment, ...] = ()) -> bytes:
    """Render an HTML document (from templates/pdf/) to PDF/A-3a bytes, deterministically."""
    resources = _resources(allowed_roots())
    with _RENDER_LOCK:
        document = HTML(string=html, base_url=resources.base_url, url_fetcher=resources.fetcher)
        return document.write_pdf(
            stylesheets=[resources.stylesheet],
            font_config=resources.font_config,
            pdf_variant=PDF_VARIANT,
            pdf_tags=True,
            attachments=[_attachment(item, resources.fetcher) for item in attachments],
        )

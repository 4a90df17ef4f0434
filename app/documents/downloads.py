"""PDF responses with safe file names: an ASCII fallback and an RFC 5987 UTF-8 name."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from flask import Response

_TRANSLITERATION = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)
_UNSAFE = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|;]+')
_NOT_ASCII_SAFE = re.compile(r"[^A-Za-z0-9._-]+")
FALLBACK = "dokument.pdf"
MAX_LENGTH = 150


def _tidy(name: str) -> str:
    name = re.sub(r"\.{2,}", ".", name).strip(" .-_")
    return name[:MAX_LENGTH].rstrip(" .-_")


def unicode_filename(name: str) -> str:
    """The name without control characters, quotes, path separators or '..'."""
    name = unicodedata.normalize("NFC", _UNSAFE.sub("-", name))
    return _tidy(re.sub(r"\s+", " ", name)) or FALLBACK


def ascii_filename(name: str) -> str:
    """An ASCII-only name: umlauts transliterated, anything else unsafe to hyphens."""
    name = unicodedata.normalize("NFKD", unicode_filename(name).translate(_TRANSLITERATION))
    name = name.encode("ascii", "ignore").decode("ascii")
    return _tidy(re.sub(r"-{2,}", "-", _NOT_ASCII_SAFE.sub("-", name))) or FALLBACK


def content_disposition(name: str) -> str:
    """attachment; filename="ascii.pdf"; filename*=UTF-8''percent-encoded.pdf."""
    fallback = ascii_filename(name)
    encoded = quote(unicode_filename(name), safe="")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"


def pdf_response(data: bytes, filename: str, *, public: bool = False) -> Response:
    """The PDF as a download; private documents are never cached by shared caches."""
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = content_disposition(filename)
    response.headers["Content-Length"] = str(len(data))
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "public, max-age=300" if public else "private, no-store"
    return response

"""Download file names: an ASCII fallback and a UTF-8 name, never a header or path injection."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from app.documents.downloads import ascii_filename, content_disposition, unicode_filename

NASTY = 'Beschluss "Prüfung"\r\nSet-Cookie: x=1/../..\\Größe;.pdf'


def test_content_disposition_of_a_plain_name():
    assert content_disposition("Beschluss-2023-41.pdf") == (
        "attachment; filename=\"Beschluss-2023-41.pdf\"; filename*=UTF-8''Beschluss-2023-41.pdf"
    )


def test_nasty_name_is_tamed():
    header = content_disposition(NASTY)
    assert "\r" not in header and "\n" not in header
    fallback = header.split('filename="', 1)[1].split('"', 1)[0]
    assert fallback == ascii_filename(NASTY)
    assert fallback.isascii() and "/" not in fallback and "\\" not in fallback
    assert ".." not in fallback and '"' not in fallback and ";" not in fallback
    assert "Pruefung" in fallback and "Groesse" in fallback
    encoded = header.split("filename*=UTF-8''", 1)[1]
    assert all(ch not in encoded for ch in ' "\r\n;/\\')
    decoded = unquote(encoded)
    assert "Prüfung" in decoded and "Größe" in decoded
    assert "/" not in decoded and ".." not in decoded and "\n" not in decoded


@pytest.mark.parametrize("name", ["", "../..", "\r\n", '""', "/"])
def test_empty_or_hostile_names_fall_back(name):
    assert ascii_filename(name) == "dokument.pdf"
    assert unicode_filename(name) == "dokument.pdf"

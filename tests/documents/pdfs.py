"""Reading PDFs in tests: text via pdftotext, structure via pypdf, fonts via pdffonts."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

from pypdf import PdfReader


def _tool(name: str) -> str:
    """The absolute path of a poppler tool."""
    path = shutil.which(name)
    assert path, f"{name} not installed (poppler-utils)"
    return path


def text_of(data: bytes, layout: bool = False) -> str:
    """The text of a PDF as pdftotext extracts it."""
    args = [_tool("pdftotext"), "-enc", "UTF-8", *(["-layout"] if layout else []), "-", "-"]
    result = subprocess.run(args, input=data, capture_output=True, check=True)  # noqa: S603
    return result.stdout.decode()


def flat_text(data: bytes) -> str:
    """The text with all whitespace (and soft hyphenation) collapsed, for phrase checks."""
    text = text_of(data).replace("\u2010\n", "").replace("-\n", "-")
    return " ".join(text.split())


def reader(data: bytes) -> PdfReader:
    """A pypdf reader over the bytes."""
    return PdfReader(io.BytesIO(data))


def fonts_of(data: bytes) -> list[list[str]]:
    """pdffonts rows (name, type…, emb, sub, uni, …) split on whitespace."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.pdf"
        path.write_bytes(data)
        args = [_tool("pdffonts"), str(path)]
        output = subprocess.run(args, capture_output=True, check=True, text=True)  # noqa: S603
    return [line.split() for line in output.stdout.splitlines()[2:] if line.strip()]


def outline_titles(data: bytes) -> list[str]:
    """All bookmark titles, depth first."""
    titles: list[str] = []

    def walk(items) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader(data).outline)
    return titles

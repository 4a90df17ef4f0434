"""The limits of every Steckbrief field as a Markdown document (docs/steckbrief-limits.md)."""

from __future__ import annotations

from pathlib import Path

from app.proposals.schema import limits_table

DOC_PATH = Path(__file__).resolve().parents[2] / "docs" / "steckbrief-limits.md"
HEADER = (
    "# Gremiensteckbrief: fields and limits\n\n"
    "Generated from `app.proposals.schema.limits_table()` by\n"
    "`python -c 'from app.proposals.limits_doc import write; write()'`; "
    "a test keeps it in step.\n"
    "„Pflicht“ means required for submission; drafts may leave any field empty.\n\n"
    "| Abschnitt | Feld | Schlüssel | Pflicht | Grenzen |\n|---|---|---|---|---|\n"
)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def limits_markdown() -> str:
    """The limits table as Markdown."""
    rows = [
        f"| {_cell(row['section_title'])} | {_cell(row['label'])} | `{row['field']}` | "
        f"{'ja' if row['required'] else ''} | {_cell(row['limit'])} |"
        for row in limits_table()
    ]
    return HEADER + "\n".join(rows) + "\n"


def write(path: Path = DOC_PATH) -> None:
    """Write the Markdown file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(limits_markdown(), encoding="utf-8")

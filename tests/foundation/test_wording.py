"""One wording everywhere: the colon form of gender-inclusive language, one name for the
office, no developer language. Scans every template, every Python module of the app and the
workflow (messages, labels, e-mail texts) and the registry's seed data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCANNED = [
    *sorted((ROOT / "templates").rglob("*.html")),
    *sorted((ROOT / "app").rglob("*.py")),
    *sorted((ROOT / "workflows").rglob("*.py")),
    *sorted((ROOT / "app").rglob("*.json")),
    *sorted((ROOT / "app").rglob("*.txt")),
]
# Word lists of other languages are data, not our wording.
NOT_WORDING = {ROOT / "app" / "auth" / "common_passwords.txt"}

# What must not come back, with why.
FORBIDDEN: dict[str, re.Pattern[str]] = {
    "Antragsteller without the colon form": re.compile(r"Antragsteller(?!:in)(?!\w)"),
    "another name for the office (Geschäftsstelle)": re.compile(r"Koordinierungsstelle"),
    "developer language (owner)": re.compile(r"Eigentümer"),
    "a pair form (colon form instead)": re.compile(r"\b\w+innen (und|oder) [A-ZÄÖÜ]\w+"),
    "a pair of articles": re.compile(r"\b(die oder der|der oder die|die oder den|den oder die)\b"),
    "a slash pair": re.compile(r"\w+e/\w+er\b|\w+/-?in\b"),
    "another gender form (star, underscore, capital I)": re.compile(r"\w[*_]innen|[a-zß]Innen\b"),
    "an ungrammatical article before the colon form": re.compile(r"\b(Die|die) \w+er:in\b"),
}


def _problems(text: str) -> list[str]:
    return [
        f"{why}: {match.group(0)!r}"
        for why, pattern in FORBIDDEN.items()
        for match in pattern.finditer(text)
    ]


def wording_problems(text: str) -> list[str]:
    """What in a text breaks the house wording (used by the browser suite on rendered pages)."""
    return _problems(text)


@pytest.mark.parametrize(
    "text",
    [
        "Die Antragsteller:in reicht den Steckbrief ein.",
        "Antragsteller:in (Eigentümer:in)",
        "Die Koordinierungsstelle prüft.",
        "die Prüferinnen und Prüfer",
        "die oder der Datenschutzbeauftragte",
        "„Datenschutzbeauftragte/Datenschutzbeauftragter“",
        "Nutzer*innen",
        "<th>Antragsteller</th>",
    ],
)
def test_the_scan_finds_each_forbidden_form(text):
    assert wording_problems(text)


@pytest.mark.parametrize(
    "text",
    ["Antragsteller:in", "Prüfer:innen", "Geschäftsstelle", "Datenschutzbeauftragte:r"],
)
def test_the_scan_accepts_the_house_forms(text):
    assert not wording_problems(text)


def test_no_file_uses_a_forbidden_form():
    found = [
        f"{path.relative_to(ROOT)}:{number}: {problem}"
        for path in SCANNED
        if path not in NOT_WORDING
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        for problem in wording_problems(line)
    ]
    assert len(SCANNED) > 100
    assert not found, "Forbidden wording:\n" + "\n".join(found)

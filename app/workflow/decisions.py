"""Council decision numbers (Beschlussnummern) of the form YYYY/NN."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.domain import DomainError
from app.extensions import db
from app.models import Decision

NUMBER_RE = re.compile(r"^\s*(\d{4})\s*/\s*(\d{2,4})\s*$")
FORMAT_MESSAGE = _l(
    "Bitte geben Sie die Beschlussnummer im Format JJJJ/NN an, z. B. 2023/41 oder 2024/105."
)


@dataclass(frozen=True)
class DecisionNumber:
    """A parsed Beschluss number."""

    year: int
    sequence: int

    def __str__(self) -> str:
        return f"{self.year}/{self.sequence:02d}"


def parse_number(value: str) -> DecisionNumber:
    """Parse 'YYYY/NN' (two digits at least); raise DomainError on the field otherwise."""
    match = NUMBER_RE.match(value or "")
    if not match:
        raise DomainError(str(FORMAT_MESSAGE), field="decision_number")
    year, sequence = int(match.group(1)), int(match.group(2))
    if not 1990 <= year <= 2100 or sequence < 1:
        raise DomainError(str(FORMAT_MESSAGE), field="decision_number")
    return DecisionNumber(year, sequence)


def is_number_free(number: str) -> bool:
    """True if no decision carries this (canonical) number yet."""
    stmt = select(func.count()).select_from(Decision).where(Decision.number == number)
    return db.session.scalar(stmt) == 0


def next_free_number(year: int) -> str:
    """The next number of the year's running sequence."""
    stmt = select(func.max(Decision.sequence)).where(Decision.year == year)
    return number_after(year, db.session.scalar(stmt))


def number_after(year: int, highest: int | None) -> str:
    """The number that follows the year's highest sequence (None: the year has none)."""
    return str(DecisionNumber(year, (highest or 0) + 1))


def taken_message(number: str, year: int) -> str:
    """German field error for a number already used, with the next free one."""
    return _(
        "Die Beschlussnummer %(number)s ist bereits vergeben. "
        "Nächste freie Nummer für %(year)s: %(next)s.",
        number=number,
        year=year,
        next=next_free_number(year),
    )


def year_mismatch_message(number: DecisionNumber, year: int) -> str:
    """German field error when the number's year is not the decision date's year."""
    return _(
        "Die Beschlussnummer %(number)s gehört nicht zum Jahr des Beschlussdatums (%(year)s). "
        "Nächste freie Nummer für %(year)s: %(next)s.",
        number=number,
        year=year,
        next=next_free_number(year),
    )

"""Helpers of the vote tests: the council's data, split votes, a session with one item."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app.council import sessions
from app.council.majority import LAENDER
from app.council.seed import load_members, load_seed_shares
from app.extensions import db
from app.models import CouncilMember
from tests.workflow import helpers

SESSION_DAY = date(2026, 3, 17)
# 13 Länder yes: the count test passes. Bayern, Nordrhein-Westfalen and Hessen hold 44,08 %
# of the 2016 shares, so the yes-Länder hold 55,92 %: the two-thirds share test FAILS.
SHARE_FAILS = ("BY", "NW", "HE")
# Bremen, Saarland, Mecklenburg-Vorpommern hold 4,18 %: both tests pass (95,82 %).
BOTH_PASS = ("HB", "SL", "MV")


def load_council() -> None:
    """The members and the seeded 2016 shares."""
    load_members()
    load_seed_shares()
    db.session.commit()


def split_votes(no: tuple[str, ...]) -> dict[str, str]:
    """The Bund and every Land yes, the given Länder no."""
    votes = {"bund": "yes"} | dict.fromkeys(LAENDER, "yes")
    return votes | dict.fromkeys(no, "no")


def member(key: str) -> CouncilMember:
    """The member of that key."""
    return db.session.scalars(select(CouncilMember).where(CouncilMember.key == key)).one()


def session_with_item(cast, proposal, number: int = 48, day: date = SESSION_DAY):
    """A session with the proposal (brought to resolution) as TOP 1."""
    helpers.to_resolution(proposal, cast)
    session = sessions.create_session(
        cast.office, number, day, "Berlin", "bund", date(day.year, day.month, 1)
    )
    item = sessions.add_item(session, proposal.id, cast.office)
    db.session.commit()
    return session, item

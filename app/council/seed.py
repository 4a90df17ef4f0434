"""The council's members and the newest Königsteiner Schlüssel we could verify (idempotent).

Members: the data in app/council/members.py.

Shares: the Königsteiner Schlüssel **2016** as computed by the Gemeinsame
Wissenschaftskonferenz (GWK), in per cent with five decimal places, summing to exactly 100.
Sources, agreeing digit for digit: the table "Anteil in % (2016)" of the KommunalWiki of the
Heinrich-Böll-Stiftung (kommunalwiki.boell.de, "Königsteiner Schlüssel", citing Wikipedia,
retrieved 08.07.2016), and the BAMF's distribution quotas for 2017 (the BAMF applies the
previous year's key). No newer table (2017 to 2024, published by the GWK in the
Bundesanzeiger) could be verified from the sources available when this was written: the office
enters the newer years on the page "Königsteiner Schlüssel" from the Bundesanzeiger.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from app.council.members import MEMBERS
from app.council.shares import record_share_table
from app.extensions import db
from app.models import CouncilMember, MemberKind, ShareTable

SEED_YEAR = 2016
SEED_SOURCE = (
    "Königsteiner Schlüssel 2016 (GWK); übernommen aus KommunalWiki der "
    "Heinrich-Böll-Stiftung (Abruf 08.07.2016), übereinstimmend mit den BAMF-Quoten 2017"
)
SHARES_2016 = {
    "BW": Decimal("12.96662"),
    "BY": Decimal("15.53327"),
    "BE": Decimal("5.08324"),
    "BB": Decimal("3.03655"),
    "HB": Decimal("0.95331"),
    "HH": Decimal("2.55752"),
    "HE": Decimal("7.39885"),
    "MV": Decimal("2.01240"),
    "NI": Decimal("9.33138"),
    "NW": Decimal("21.14424"),
    "RP": Decimal("4.83089"),
    "SL": Decimal("1.21111"),
    "SN": Decimal("5.05577"),
    "ST": Decimal("2.79941"),
    "SH": Decimal("3.39074"),
    "TH": Decimal("2.69470"),
}


def load_members() -> tuple[int, int]:
    """Insert or update the members; returns (created, updated)."""
    existing = {member.key: member for member in db.session.scalars(select(CouncilMember))}
    created = 0
    for position, (key, name, kind) in enumerate(MEMBERS, start=1):
        member = existing.get(key)
        if member is None:
            member = CouncilMember(key=key)
            db.session.add(member)
            created += 1
        member.name, member.kind, member.position = name, kind.value, position
        member.voting = kind is not MemberKind.ADVISORY
    db.session.flush()
    return created, len(MEMBERS) - created


def load_seed_shares() -> bool:
    """Enter the 2016 table unless the year has one; True if it was entered."""
    if db.session.scalar(select(ShareTable.id).where(ShareTable.year == SEED_YEAR).limit(1)):
        return False
    record_share_table(SEED_YEAR, SHARES_2016, SEED_SOURCE, actor=None)
    return True

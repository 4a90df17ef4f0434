"""The Länder's yearly shares under the Königsteiner Schlüssel: read, enter, correct.

A year's table is kept as revisions: entering a table for a year that has one adds the next
revision (with the reason for the correction), so a decision evaluated with an earlier revision
can still show the shares it used. Nothing here commits.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.domain import ConflictError, DomainError
from app.extensions import db
from app.models import CouncilMember, LandShare, MemberKind, ShareTable, User
from app.models.council import SHARE_PLACES

HUNDRED = Decimal(100)
MIN_YEAR, MAX_YEAR = 1990, 2100


def land_members() -> list[CouncilMember]:
    """The 16 Länder in their order."""
    stmt = (
        select(CouncilMember)
        .where(CouncilMember.kind == MemberKind.LAND.value)
        .order_by(CouncilMember.position)
    )
    return list(db.session.scalars(stmt))


def all_members() -> list[CouncilMember]:
    """Every member, voting ones first, in their order."""
    return list(db.session.scalars(select(CouncilMember).order_by(CouncilMember.position)))


def current_table(year: int) -> ShareTable | None:
    """The year's table as it stands: its highest revision."""
    stmt = (
        select(ShareTable)
        .where(ShareTable.year == year)
        .order_by(ShareTable.revision.desc())
        .limit(1)
    )
    return db.session.scalars(stmt).first()


def table_for(decided_on: date) -> ShareTable | None:
    """The table a decision of that day is evaluated with: the table of its year."""
    return current_table(decided_on.year)


def newest_table_until(year: int) -> ShareTable | None:
    """The table of the year, else of the newest earlier year that has one (highest revision):
    what a vote is evaluated with while the year's table is not yet published."""
    stmt = (
        select(ShareTable)
        .where(ShareTable.year <= year)
        .order_by(ShareTable.year.desc(), ShareTable.revision.desc())
        .limit(1)
    )
    return db.session.scalars(stmt).first()


def all_tables() -> list[ShareTable]:
    """Every revision of every year, newest year and revision first."""
    stmt = select(ShareTable).order_by(ShareTable.year.desc(), ShareTable.revision.desc())
    return list(db.session.scalars(stmt))


def parse_share(value: Decimal | str | None, field: str) -> Decimal:
    """A share in per cent, German ("12,96662") or plain ("12.96662"), at most five places."""
    text = str(value if value is not None else "").strip().replace(" ", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        share = Decimal(text)
    except InvalidOperation:
        raise DomainError(
            _("Bitte geben Sie den Anteil als Zahl an, z. B. 12,96662."), field=field
        ) from None
    if not share.is_finite() or share < 0 or share > HUNDRED:
        raise DomainError(_("Ein Anteil liegt zwischen 0 und 100 %."), field=field)
    if share != share.quantize(Decimal(1).scaleb(-SHARE_PLACES)):
        raise DomainError(_("Bitte höchstens fünf Nachkommastellen angeben."), field=field)
    return share


def _checked_year(year: int | str | None) -> int:
    try:
        value = int(str(year).strip())
    except ValueError:
        value = 0
    if not MIN_YEAR <= value <= MAX_YEAR:
        raise DomainError(
            _(
                "Bitte geben Sie ein Jahr zwischen %(low)s und %(high)s an.",
                low=MIN_YEAR,
                high=MAX_YEAR,
            ),
            field="year",
        )
    return value


def _checked_shares(
    members: list[CouncilMember], shares: Mapping[str, Decimal | str]
) -> dict[int, Decimal]:
    """Every Land's share parsed, their sum exactly 100 %; keyed by member id."""
    if not members:
        raise DomainError(_("Die Mitglieder des IT-Planungsrats sind noch nicht angelegt."))
    parsed = {m.id: parse_share(shares.get(m.key), f"share_{m.key}") for m in members}
    total = sum(parsed.values(), Decimal(0))
    if total != HUNDRED:
        raise DomainError(
            _(
                "Die Anteile der Länder ergeben zusammen %(total)s %%; sie müssen genau "
                "100 %% ergeben. Bitte prüfen Sie die Werte.",
                total=f"{total:.{SHARE_PLACES}f}".replace(".", ","),
            ),
            field="share_total",
        )
    return parsed


def _next_revision(year: int, note: str) -> int:
    """The revision a new table of the year gets; a correction needs its reason."""
    latest = db.session.scalar(select(func.max(ShareTable.revision)).where(ShareTable.year == year))
    if latest and not note:
        raise DomainError(
            _(
                "Für %(year)s gibt es schon eine Tabelle: bitte begründen Sie die Korrektur.",
                year=year,
            ),
            field="note",
        )
    return (latest or 0) + 1


def record_share_table(
    year: int | str,
    shares: Mapping[str, Decimal | str],
    source: str,
    actor: User | None,
    note: str = "",
) -> ShareTable:
    """Enter a year's table, or correct it by adding the next revision (with a reason)."""
    year = _checked_year(year)
    parsed = _checked_shares(land_members(), shares)
    source, note = (source or "").strip(), (note or "").strip()
    if not source:
        raise DomainError(_("Bitte geben Sie die Quelle der Tabelle an."), field="source")
    revision = _next_revision(year, note)
    table = ShareTable(
        year=year,
        revision=revision,
        source=source,
        note=note,
        created_by_id=actor.id if actor else None,
        shares=[LandShare(member_id=mid, share=share) for mid, share in parsed.items()],
    )
    db.session.add(table)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise ConflictError(
            _(
                "Die Tabelle für %(year)s wurde soeben geändert. Bitte laden Sie die Seite neu.",
                year=year,
            )
        ) from None
    return table

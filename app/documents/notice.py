"""The publication: the Bundesanzeiger notice of the decisions of one session or one written
procedure (§ 1 Abs. 5 IT-Staatsvertrag), as plain text to paste and as PDF/A, made from the
decisions stored."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from flask import render_template
from sqlalchemy import select

from app.documents import operations, snapshots
from app.extensions import db
from app.formatting import german_date
from app.models import Decision, Proposal, ProposalVersion
from app.pdf import render_pdf

SESSION_KEY = re.compile(r"^sitzung-(\d{1,4})$")
WRITTEN_KEY = re.compile(r"^umlauf-(\d{4}-\d{2}-\d{2})$")
PREAMBLE = (
    "Nach § 1 Absatz 5 Satz 3 des IT-Staatsvertrags werden die Entscheidungen des "
    "IT-Planungsrats im Bundesanzeiger bekannt gemacht. Die folgenden Entscheidungen hat der "
    "IT-Planungsrat {occasion} getroffen (Anlage)."
)


@dataclass(frozen=True)
class Occasion:
    """A session or one written procedure, with the key that names it in URLs."""

    key: str
    label: str
    decided_on: date
    count: int


def _public_decisions():
    return select(Decision).where(Decision.public())


def _key(decision: Decision) -> str:
    if decision.session == snapshots.SESSION_WRITTEN:
        return f"umlauf-{decision.decided_on.isoformat()}"
    return f"sitzung-{decision.session}"


def occasions() -> list[Occasion]:
    """Every session and written procedure with published decisions, newest first."""
    found: dict[str, list[Decision]] = {}
    for decision in db.session.scalars(_public_decisions()):
        found.setdefault(_key(decision), []).append(decision)
    items = [
        Occasion(key, _label(rows[0]), max(d.decided_on for d in rows), len(rows))
        for key, rows in found.items()
    ]
    return sorted(items, key=lambda item: (item.decided_on, item.key), reverse=True)


def _label(decision: Decision) -> str:
    if decision.session == snapshots.SESSION_WRITTEN:
        return f"Umlaufverfahren vom {german_date(decision.decided_on)}"
    return f"{decision.session}. Sitzung am {german_date(decision.decided_on)}"


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:  # 2023-13-45 has the form of a date but is none
        return None


def decisions_for(key: str) -> list[Decision]:
    """The published decisions of the occasion named by key (empty for a malformed key)."""
    stmt = _public_decisions()
    if match := SESSION_KEY.match(key):
        stmt = stmt.where(Decision.session == match[1])
    elif (match := WRITTEN_KEY.match(key)) and (day := _day(match[1])):
        stmt = stmt.where(Decision.session == snapshots.SESSION_WRITTEN, Decision.decided_on == day)
    else:
        return []
    return list(db.session.scalars(stmt.order_by(Decision.year, Decision.sequence)))


def _item(decision: Decision) -> dict[str, str]:
    proposal = db.session.get(Proposal, decision.proposal_id)
    version = db.session.get(ProposalVersion, decision.version_id)
    return {
        "title": decision.title,
        "number": f"Beschluss {decision.number}",
        "text": operations.decision_text(decision, proposal, version),
    }


def notice(key: str, decisions: list[Decision], issued_on: date) -> dict:
    """The notice as plain data (its text and PDF are made from this)."""
    occasion = _label(decisions[0])
    written = decisions[0].session == snapshots.SESSION_WRITTEN
    occasion_text = f"im {occasion}" if written else f"in der {occasion}"
    return {
        "key": key,
        "title": "Bekanntmachung der Entscheidungen des IT-Planungsrats",
        "date": german_date(issued_on),
        "occasion": occasion,
        "preamble": PREAMBLE.format(occasion=occasion_text),
        "issuer": snapshots.OFFICE_AUTHOR,
        "items": [_item(decision) for decision in decisions],
        "moment": snapshots.as_utc(issued_on),
    }


def as_text(doc: dict) -> str:
    """The notice as plain text, ready to paste into the Bundesanzeiger's form."""
    lines = [doc["title"], "", f"Vom {doc['date']}", "", doc["preamble"], "", doc["issuer"]]
    lines += ["", "Anlage", ""]
    for item in doc["items"]:
        lines += [item["title"], item["number"], "", item["text"], ""]
    return "\n".join(lines).rstrip() + "\n"


def as_pdf(doc: dict) -> bytes:
    """The notice as PDF/A-3a."""
    meta = snapshots.meta(
        f"{doc['title']}: {doc['occasion']}",
        snapshots.OFFICE_AUTHOR,
        "Bekanntmachung",
        doc["moment"],
    )
    return render_pdf(render_template("pdf/notice.html", doc=doc, meta=meta), ())

"""A decision's frozen vote record as readers see it: German labels, the published vote table.

No database and no workflow here: the Beschluss PDF, the API and the history read this.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l

from app.council.majority import Vote
from app.models import Outcome

VOTE_LABELS = {
    Vote.YES.value: _l("Ja"),
    Vote.NO.value: _l("Nein"),
    Vote.ABSTENTION.value: _l("Enthaltung"),
    Vote.ABSENT.value: _l("abwesend"),
    Vote.NO_ANSWER.value: _l("keine Antwort (zählt als Enthaltung)"),
}
OUTCOME_LABELS = {
    Outcome.ADOPTED.value: _l("angenommen"),
    Outcome.REJECTED.value: _l("abgelehnt"),
    Outcome.POSTPONED.value: _l("vertagt"),
}


def published_votes(record: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The vote table of a Beschluss, if the office chose to publish it: every voting
    member's vote, both evaluations, and the binding note and departure reason."""
    if not record or not record.get("publish_votes"):
        return None
    evaluation = record["evaluation"]
    return {
        "rows": [(row["name"], str(VOTE_LABELS[row["vote"]])) for row in record["votes"]],
        "binding": " ".join(evaluation["binding"]["reasons"]),
        "recommendation": " ".join(evaluation["recommendation"]["reasons"]),
        "shares": str(
            _l(
                "Königsteiner Schlüssel %(year)s, Fassung %(revision)s",
                year=evaluation["shares"]["year"],
                revision=evaluation["shares"]["revision"],
            )
        ),
        "binds_only_agreed": bool(record.get("binds_only_agreed")),
        "departure_reason": record.get("departure_reason") or "",
    }


def api_votes(record: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The vote record in the API where it is published: raw votes and both evaluations."""
    if not record or not record.get("publish_votes"):
        return None
    evaluation = record["evaluation"]
    return {
        "procedure": record["procedure"],
        "votes": [
            {"member": row["member"], "name": row["name"], "vote": row["vote"]}
            for row in record["votes"]
        ],
        "binding": evaluation["binding"],
        "recommendation": evaluation["recommendation"],
        "laender_yes": evaluation["laender_yes"],
        "yes_share_percent": evaluation["yes_share_percent"],
        "shares": evaluation["shares"],
        "outcome": record["outcome"],
        "suggested": record["suggested"],
        "departure_reason": record.get("departure_reason") or None,
        "binds_only_agreed": bool(record.get("binds_only_agreed")),
    }

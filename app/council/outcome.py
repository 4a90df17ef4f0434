"""From votes to a decision: evaluate with the year's shares, confirm, record the Beschluss.

Shared by sessions and written procedures. The evaluation is majority.py's pure function; the
office confirms an outcome, and a reason is required where it departs from the evaluation.
The decision itself is recorded through the proposal workflow (establish or decline), with
the next free number of the year and the vote record frozen on it. Nothing here commits.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from app.audit.history import append_event
from app.council.majority import VOTING_MEMBERS, Evaluation, Procedure, Vote, evaluate
from app.council.record import OUTCOME_LABELS, VOTE_LABELS
from app.council.shares import newest_table_until
from app.domain import DomainError
from app.extensions import db
from app.models import CouncilMember, Decision, Outcome, Proposal, ShareTable, User
from app.workflow import operations
from app.workflow.decisions import next_free_number

VOTING_KEYS = VOTING_MEMBERS
SESSION_VOTES = (Vote.YES, Vote.NO, Vote.ABSTENTION, Vote.ABSENT)
WRITTEN_VOTES = (Vote.YES, Vote.NO, Vote.ABSTENTION)
_CENT = Decimal("0.01")


@dataclass(frozen=True)
class Confirmation:
    """What the office confirms: the outcome, why it departs (if it does), the options."""

    outcome: str
    reason: str = ""
    binds_only_agreed: bool = False
    publish_votes: bool = True
    decision_text: str = ""


def voting_members() -> list[CouncilMember]:
    """The 17 voting members in their order."""
    stmt = select(CouncilMember).where(CouncilMember.voting).order_by(CouncilMember.position)
    return list(db.session.scalars(stmt))


def shares_of(day: date) -> ShareTable:
    """The share table a decision of that day is evaluated with: its year's, else the newest
    earlier one (the vote record names the year used); or a German refusal."""
    table = newest_table_until(day.year)
    if table is None:
        raise DomainError(
            _(
                "Für %(year)s und die Jahre davor ist kein Königsteiner Schlüssel erfasst. "
                "Bitte erfassen Sie zuerst die Tabelle des Jahres.",
                year=day.year,
            )
        )
    return table


def evaluate_votes(
    votes: Mapping[str, str], day: date, procedure: Procedure
) -> tuple[Evaluation, ShareTable]:
    """Both evaluations of the votes (by member key) with the table of the day's year."""
    table = shares_of(day)
    return evaluate(votes, table.as_mapping(), procedure), table


def suggested_outcome(evaluation: Evaluation) -> str:
    """What the evaluation suggests: adopted when the binding test holds, else rejected."""
    return Outcome.ADOPTED.value if evaluation.binding.passed else Outcome.REJECTED.value


def check_confirmation(evaluation: Evaluation, confirmation: Confirmation) -> None:
    """A known outcome; a reason wherever the office departs from the evaluation."""
    if confirmation.outcome not in OUTCOME_LABELS:
        raise DomainError(_("Bitte wählen Sie ein Ergebnis."), field="outcome")
    departs = confirmation.outcome != Outcome.POSTPONED and (
        confirmation.outcome != suggested_outcome(evaluation)
    )
    if departs and not confirmation.reason.strip():
        raise DomainError(
            _(
                "Das Ergebnis weicht von der Auswertung ab (%(suggested)s): bitte begründen "
                "Sie die Abweichung.",
                suggested=OUTCOME_LABELS[suggested_outcome(evaluation)],
            ),
            field="reason",
        )
    if confirmation.binds_only_agreed and confirmation.outcome != Outcome.ADOPTED:
        raise DomainError(
            _("Nur ein angenommener Beschluss kann nur die zustimmenden Länder binden."),
            field="binds_only_agreed",
        )


def evaluation_data(evaluation: Evaluation, table: ShareTable) -> dict[str, Any]:
    """The evaluation as plain data: for the history, the record, the PDF and the API."""
    return {
        "binding": {
            "passed": evaluation.binding.passed,
            "reasons": list(evaluation.binding.reasons),
        },
        "recommendation": {
            "passed": evaluation.recommendation.passed,
            "reasons": list(evaluation.recommendation.reasons),
        },
        "laender_yes": evaluation.laender_yes,
        "yes_share_percent": str((evaluation.yes_share * 100).quantize(_CENT)),
        "yes": evaluation.yes,
        "no": evaluation.no,
        "present": evaluation.present,
        "shares": {"year": table.year, "revision": table.revision},
    }


def vote_rows(members: list[CouncilMember], votes: Mapping[str, str]) -> list[dict[str, str]]:
    """Each voting member with their vote (key, name, vote), in the members' order."""
    return [
        {"member": m.key, "name": m.name, "vote": votes.get(m.key, Vote.NO_ANSWER.value)}
        for m in members
    ]


def vote_record(
    procedure: Procedure,
    rows: list[dict[str, str]],
    evaluation: Evaluation,
    table: ShareTable,
    confirmation: Confirmation,
) -> dict[str, Any]:
    """The frozen record of how a decision was taken."""
    return {
        "procedure": procedure.value,
        "votes": rows,
        "evaluation": evaluation_data(evaluation, table),
        "suggested": suggested_outcome(evaluation),
        "outcome": confirmation.outcome,
        "departure_reason": confirmation.reason.strip(),
        "binds_only_agreed": confirmation.binds_only_agreed,
        "publish_votes": confirmation.publish_votes,
    }


def decide(
    proposal: Proposal,
    actor: User,
    decided_on: date,
    session: str,
    confirmation: Confirmation,
    record: dict[str, Any],
) -> Decision:
    """Record the adopted or rejected decision through the workflow with the next number."""
    inputs = {
        "decision_number": next_free_number(decided_on.year),
        "decision_date": decided_on,
        "session": session,
        "decision_text": confirmation.decision_text,
    }
    if confirmation.outcome != Outcome.ADOPTED:
        verb = operations.decline_proposal
    elif proposal.is_change:  # a change of a body in force: "ändert Beschluss …"
        verb = operations.decide_change
    else:
        verb = operations.establish_body
    verb(proposal, actor, inputs)
    decision = db.session.scalars(
        select(Decision).where(Decision.number == inputs["decision_number"])
    ).one()
    decision.vote_record = record
    append_event(
        proposal,
        actor,
        "vote_evaluated",
        from_state=proposal.state,
        to_state=proposal.state,
        inputs=history_inputs(record, decision.number),
        body_id=proposal.body_id,
    )
    return decision


def history_inputs(record: Mapping[str, Any], number: str | None = None) -> dict[str, Any]:
    """A vote record as the history shows it: German words, every vote."""
    evaluation = record["evaluation"]
    inputs: dict[str, Any] = {
        "votes": {row["name"]: str(VOTE_LABELS[row["vote"]]) for row in record["votes"]},
        "binding_test": " ".join(evaluation["binding"]["reasons"]),
        "recommendation_test": " ".join(evaluation["recommendation"]["reasons"]),
        "outcome": str(OUTCOME_LABELS[record["outcome"]]),
        "departure_reason": record.get("departure_reason") or None,
        "binds_only_agreed": record.get("binds_only_agreed") or None,
    }
    if number:
        inputs["decision_number"] = number
    return {key: value for key, value in inputs.items() if value is not None}

"""Builders of the motion tests: representatives of the Länder, a proposal awaiting decision."""

from __future__ import annotations

from dataclasses import dataclass

from app.models import Proposal, User
from app.workflow import operations
from tests.factories_motion import act_for
from tests.workflow.helpers import Cast, make_user, to_review


@dataclass
class Laender:
    """The owner acts for Hamburg; one representative each for Hessen, Bremen and Bayern."""

    HE: User
    HB: User
    BY: User


def make_laender(cast: Cast) -> Laender:
    """Representatives of three Länder; the cast's owner acts for Hamburg."""
    act_for(cast.owner, "HH")
    return Laender(
        HE=act_for(make_user("applicant"), "HE"),
        HB=act_for(make_user("applicant"), "HB"),
        BY=act_for(make_user("applicant"), "BY"),
    )


def awaiting_decision(proposal: Proposal, cast: Cast) -> Proposal:
    """Submitted and approved twice, without a motion."""
    to_review(proposal, cast)
    operations.approve_proposal(proposal, cast.reviewer1, {"recommendation": "Empfohlen."})
    operations.approve_proposal(proposal, cast.reviewer2, {"recommendation": "Ebenfalls."})
    return proposal

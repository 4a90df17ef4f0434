"""The council's majority rule as a pure function: no database, no Flask.

Input: the vote of each voting member (by key: ``bund`` and the Länder codes), the Länder's
shares under the Königsteiner Schlüssel of the decision's year, and the procedure. Output: the
two evaluations side by side, a binding decision (Beschluss) and a recommendation (Empfehlung),
each with the German reasons why it holds or fails. The office confirms the result; where the
sources leave a combination open it may depart from this evaluation with a reason.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

BUND = "bund"
# The Länder by their ISO 3166-2:DE codes, in alphabetical order of their German names.
LAENDER = (
    "BW",
    "BY",
    "BE",
    "BB",
    "HB",
    "HH",
    "HE",
    "MV",
    "NI",
    "NW",
    "RP",
    "SL",
    "SN",
    "ST",
    "SH",
    "TH",
)
VOTING_MEMBERS = (BUND, *LAENDER)
MIN_LAENDER_YES = 11


class Vote(enum.StrEnum):
    """A voting member's vote; NO_ANSWER only in the written procedure."""

    YES = "yes"
    NO = "no"
    ABSTENTION = "abstention"
    ABSENT = "absent"
    NO_ANSWER = "no_answer"


class Procedure(enum.StrEnum):
    """How the council decides: in a session or in writing (Umlaufverfahren)."""

    SESSION = "session"
    WRITTEN = "written"


@dataclass(frozen=True)
class Test:
    """One evaluation (Beschluss or Empfehlung): whether it holds, and why in German."""

    passed: bool
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Evaluation:
    """Both evaluations side by side, with the counts they rest on."""

    binding: Test
    recommendation: Test
    laender_yes: int
    yes_share: Decimal  # the yes-Länder's part of all Länder's shares, 0..1
    yes: int
    no: int
    present: int


def _normalise(votes: Mapping[str, Vote | str], procedure: Procedure) -> dict[str, Vote]:
    """Every voting member's vote; a member missing from the input did not vote."""
    unknown = set(votes) - set(VOTING_MEMBERS)
    if unknown:
        raise ValueError(f"unknown members: {sorted(unknown)}")
    missing = Vote.NO_ANSWER if procedure is Procedure.WRITTEN else Vote.ABSENT
    result = {key: Vote(votes.get(key, missing)) for key in VOTING_MEMBERS}
    if procedure is Procedure.SESSION and Vote.NO_ANSWER in result.values():
        raise ValueError("no_answer exists only in the written procedure")
    return result


def _yes_shares(
    votes: Mapping[str, Vote], shares: Mapping[str, Decimal]
) -> tuple[Decimal, Decimal]:
    """The yes-Länder's shares and all Länder's shares, summed exactly."""
    total = sum((Decimal(shares[code]) for code in LAENDER), Decimal(0))
    if total <= 0:
        raise ValueError("the shares must sum to more than zero")
    yes = sum((Decimal(shares[code]) for code in LAENDER if votes[code] is Vote.YES), Decimal(0))
    return yes, total


def _binding(votes: Mapping[str, Vote], laender_yes: int, yes: Decimal, total: Decimal) -> Test:
    share = yes / total
    reasons = []
    if votes[BUND] is not Vote.YES:
        reasons.append("Der Bund hat nicht zugestimmt.")
    if laender_yes < MIN_LAENDER_YES:
        reasons.append(
            f"Zugestimmt haben {laender_yes} von {len(LAENDER)} Ländern, nötig sind mindestens "
            f"{MIN_LAENDER_YES}."
        )
    if yes * 3 < total * 2:  # exact: at least two thirds
        reasons.append(
            f"Die zustimmenden Länder halten {_percent(share)} der Anteile nach dem "
            "Königsteiner Schlüssel, nötig sind mindestens zwei Drittel."
        )
    if reasons:
        return Test(False, tuple(reasons))
    return Test(
        True,
        (
            f"Der Bund und {laender_yes} Länder mit {_percent(share)} der Anteile nach dem "
            "Königsteiner Schlüssel haben zugestimmt.",
        ),
    )


def _recommendation(yes: int, no: int) -> Test:
    counted = f"{yes} Ja, {no} Nein; Enthaltungen zählen nicht."
    if yes > no:
        return Test(True, (f"Einfache Mehrheit der Anwesenden: {counted}",))
    return Test(False, (f"Keine einfache Mehrheit der Anwesenden: {counted}",))


def _percent(fraction: Decimal) -> str:
    """A fraction as a German percentage with two places (66,67 %)."""
    text = f"{(fraction * 100).quantize(Decimal('0.01'))}".replace(".", ",")
    return f"{text} %"


def evaluate(
    votes: Mapping[str, Vote | str],
    shares: Mapping[str, Decimal],
    procedure: Procedure = Procedure.SESSION,
) -> Evaluation:
    """Evaluate the votes by both rules; members not in ``votes`` were absent (session) or
    did not answer (written procedure: counts as abstaining)."""
    cast = _normalise(votes, procedure)
    laender_yes = sum(1 for code in LAENDER if cast[code] is Vote.YES)
    yes_shares, total_shares = _yes_shares(cast, shares)
    yes = sum(1 for vote in cast.values() if vote is Vote.YES)
    no = sum(1 for vote in cast.values() if vote is Vote.NO)
    present = sum(1 for vote in cast.values() if vote is not Vote.ABSENT)
    return Evaluation(
        binding=_binding(cast, laender_yes, yes_shares, total_shares),
        recommendation=_recommendation(yes, no),
        laender_yes=laender_yes,
        yes_share=yes_shares / total_shares,
        yes=yes,
        no=no,
        present=present,
    )

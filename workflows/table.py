"""The proposal lifecycle as data: states, their labels, and the transition table."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


class ProposalState(enum.StrEnum):
    """States of a proposal; the value is what the proposal's state column stores."""

    DRAFT = "draft"
    REVIEW = "review"
    RESOLUTION = "resolution"
    ESTABLISHED = "established"
    DISSOLVED = "dissolved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    # A change proposal's end: the council decided the change of an existing body.
    DECIDED = "decided"


S = ProposalState

# German label, KERN badge variant (kern-badge--<variant>) and KERN icon (kern-icon--<icon>)
# of each state. KERN has four variants for eight states: the icon tells the states of one
# colour apart, and the three ends that were easy to confuse (Entwurf, Zurückgezogen,
# Aufgelöst) have a colour each.
_STATE_DISPLAY: dict[ProposalState, tuple[str, str, str]] = {
    S.DRAFT: ("Entwurf", "warning", "edit"),
    S.REVIEW: ("In Prüfung", "info", "visibility"),
    S.RESOLUTION: ("Zur Beschlussfassung", "info", "checklist"),
    S.ESTABLISHED: ("Eingesetzt", "success", "check"),
    S.DISSOLVED: ("Aufgelöst", "info", "close"),
    S.REJECTED: ("Abgelehnt", "danger", "danger"),
    S.WITHDRAWN: ("Zurückgezogen", "danger", "arrow-back"),
    S.DECIDED: ("Beschlossen", "success", "success"),
}
STATE_LABELS: dict[str, str] = {state: label for state, (label, _, _) in _STATE_DISPLAY.items()}
STATE_BADGES: dict[str, str] = {state: badge for state, (_, badge, _) in _STATE_DISPLAY.items()}
STATE_ICONS: dict[str, str] = {state: icon for state, (_, _, icon) in _STATE_DISPLAY.items()}

INITIAL_STATE = S.DRAFT
FINAL_STATES = frozenset({S.DISSOLVED, S.REJECTED, S.WITHDRAWN, S.DECIDED})

# Guards whose failure is not a refusal: the action is recorded, the state just stays.
STAY_GUARDS = frozenset({"approval_quorum_reached"})

# The reason that lets a body be dissolved without a council decision.
EXPIRY_REASON = "Befristung abgelaufen"
# What the "session" input holds for a decision taken in a written procedure.
WRITTEN_PROCEDURE = "Umlaufverfahren"


def is_missing(value: Any) -> bool:
    """Tell whether an input value counts as not given (None or blank text)."""
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass(frozen=True)
class InputOption:
    """One way to satisfy an either-or input: the input is given (and equals value if set)."""

    name: str
    value: str | None = None

    def satisfied_by(self, inputs: Mapping[str, Any]) -> bool:
        """Tell whether the inputs satisfy this option."""
        given = inputs.get(self.name)
        if is_missing(given):
            return False
        return self.value is None or str(given).strip() == self.value


@dataclass(frozen=True)
class Transition:
    """One row of the transition table."""

    trigger: str
    sources: tuple[str, ...]
    dest: str
    roles: frozenset[str]
    required_inputs: tuple[str, ...]
    guards: tuple[str, ...]
    label: str
    description: str
    # At least one of these must hold, in addition to required_inputs.
    alternative_inputs: tuple[InputOption, ...] = ()

    @property
    def permission_guards(self) -> tuple[str, ...]:
        """Guards that decide whether the actor may act at all (all but STAY_GUARDS)."""
        return tuple(name for name in self.guards if name not in STAY_GUARDS)


TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        trigger="submit",
        sources=(S.DRAFT,),
        dest=S.REVIEW,
        roles=frozenset({"owner"}),
        required_inputs=(),
        guards=("change_dates_valid", "steckbrief_complete"),
        label="Zur Prüfung einreichen",
        description="Den vollständigen Gremiensteckbrief zur Prüfung einreichen.",
    ),
    Transition(
        trigger="submit_for_decision",
        sources=(S.DRAFT,),
        dest=S.RESOLUTION,
        roles=frozenset({"owner"}),
        required_inputs=(),
        guards=("change_proposal", "change_dates_valid", "steckbrief_complete"),
        label="Ohne Prüfung zur Beschlussfassung",
        description=(
            "Eine Änderung, die keiner Prüfung bedarf, direkt zur Beschlussfassung vorlegen."
        ),
    ),
    Transition(
        trigger="withdraw",
        sources=(S.DRAFT, S.REVIEW),
        dest=S.WITHDRAWN,
        roles=frozenset({"owner"}),
        required_inputs=("reason",),
        guards=(),
        label="Antrag zurückziehen",
        description="Den Antrag mit Begründung zurückziehen.",
    ),
    Transition(
        trigger="return_for_revision",
        sources=(S.REVIEW,),
        dest=S.DRAFT,
        roles=frozenset({"reviewer"}),
        required_inputs=("comment",),
        guards=("not_own_proposal",),
        label="Zur Überarbeitung zurückgeben",
        description="Den Antrag mit Kommentar zur Überarbeitung zurückgeben.",
    ),
    Transition(
        trigger="approve",
        sources=(S.REVIEW,),
        dest=S.RESOLUTION,
        roles=frozenset({"reviewer"}),
        required_inputs=("recommendation",),
        # Permission guards first: the quorum is only asked once the approval counts.
        guards=("not_own_proposal", "not_yet_approved_by_actor", "approval_quorum_reached"),
        label="Befürworten",
        description=(
            "Den Antrag befürworten; sind genug Befürwortungen erreicht, geht er zur "
            "Beschlussfassung."
        ),
    ),
    Transition(
        trigger="reject",
        sources=(S.REVIEW,),
        dest=S.REJECTED,
        roles=frozenset({"reviewer"}),
        required_inputs=("reason",),
        guards=("not_own_proposal",),
        label="Ablehnen",
        description="Den Antrag mit Begründung ablehnen.",
    ),
    Transition(
        trigger="refer_back",
        sources=(S.RESOLUTION,),
        dest=S.REVIEW,
        roles=frozenset({"secretariat"}),
        required_inputs=("reason",),
        guards=(),
        label="Zurück in die Prüfung",
        description="Den Antrag mit Begründung zurück in die Prüfung verweisen.",
    ),
    Transition(
        trigger="establish",
        sources=(S.RESOLUTION,),
        dest=S.ESTABLISHED,
        roles=frozenset({"secretariat"}),
        required_inputs=("decision_number", "decision_date", "session", "decision_text"),
        guards=("new_body_proposal", "motion_valid", "decision_number_free"),
        label="Einsetzung erfassen",
        description=(
            "Den Beschluss des IT-Planungsrats zur Einsetzung erfassen; dazu muss ein gültiger "
            "Antrag des Bundes oder von mindestens drei Ländern vorliegen."
        ),
    ),
    Transition(
        trigger="decide_change",
        sources=(S.RESOLUTION,),
        dest=S.DECIDED,
        roles=frozenset({"secretariat"}),
        required_inputs=("decision_number", "decision_date", "session", "decision_text"),
        guards=("change_proposal", "change_dates_valid", "decision_number_free"),
        label="Änderungsbeschluss erfassen",
        description=(
            "Den Beschluss des IT-Planungsrats erfassen, der ein bestehendes Gremium ändert; "
            "das Register zeigt danach die neue Fassung."
        ),
    ),
    Transition(
        trigger="decline",
        sources=(S.RESOLUTION,),
        dest=S.REJECTED,
        roles=frozenset({"secretariat"}),
        required_inputs=("decision_number", "decision_date", "decision_text"),
        guards=("motion_valid", "decision_number_free"),
        label="Ablehnung erfassen",
        description="Den Beschluss des IT-Planungsrats zur Ablehnung erfassen.",
    ),
    Transition(
        trigger="dissolve",
        sources=(S.ESTABLISHED,),
        dest=S.DISSOLVED,
        roles=frozenset({"secretariat"}),
        required_inputs=("dissolution_date",),
        # The caller's guard passes when no decision number is given.
        guards=("decision_number_free_if_given",),
        label="Auflösung erfassen",
        description=(
            "Die Auflösung erfassen: per Beschluss oder weil die Befristung abgelaufen ist."
        ),
        alternative_inputs=(InputOption("decision_number"), InputOption("reason", EXPIRY_REASON)),
    ),
)

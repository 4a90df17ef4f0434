"""The proposal lifecycle as data (states, labels, transition table) and a small engine."""

from __future__ import annotations

import enum
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from transitions import Machine

from workflows.labels import GUARD_MESSAGES, INPUT_LABELS, ROLE_LABELS  # noqa: F401 (re-exported)

Guards = Mapping[str, Callable[[], bool]]


class ProposalState(enum.StrEnum):
    """States of a proposal; the value is what the proposal's state column stores."""

    DRAFT = "draft"
    REVIEW = "review"
    RESOLUTION = "resolution"
    ESTABLISHED = "established"
    DISSOLVED = "dissolved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


S = ProposalState

# German label and KERN badge variant (kern-badge--<variant>) of each state.
_STATE_DISPLAY: dict[ProposalState, tuple[str, str]] = {
    S.DRAFT: ("Entwurf", "info"),
    S.REVIEW: ("In Prüfung", "warning"),
    S.RESOLUTION: ("Zur Beschlussfassung", "warning"),
    S.ESTABLISHED: ("Eingesetzt", "success"),
    S.DISSOLVED: ("Aufgelöst", "info"),
    S.REJECTED: ("Abgelehnt", "danger"),
    S.WITHDRAWN: ("Zurückgezogen", "info"),
}
STATE_LABELS: dict[str, str] = {state: label for state, (label, _) in _STATE_DISPLAY.items()}
STATE_BADGES: dict[str, str] = {state: badge for state, (_, badge) in _STATE_DISPLAY.items()}

INITIAL_STATE = S.DRAFT
FINAL_STATES = frozenset({S.DISSOLVED, S.REJECTED, S.WITHDRAWN})

# Guards whose failure is not a refusal: the action is recorded, the state just stays.
STAY_GUARDS = frozenset({"approval_quorum_reached"})

# The reason that lets a body be dissolved without a council decision.
EXPIRY_REASON = "Befristung abgelaufen"
# What the "session" input holds for a decision taken in a written procedure.
WRITTEN_PROCEDURE = "Umlaufverfahren"


def _is_missing(value: Any) -> bool:
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
        if _is_missing(given):
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
        guards=("steckbrief_complete",),
        label="Zur Prüfung einreichen",
        description="Die Antragsteller:in reicht den vollständigen Gremiensteckbrief ein.",
    ),
    Transition(
        trigger="withdraw",
        sources=(S.DRAFT, S.REVIEW),
        dest=S.WITHDRAWN,
        roles=frozenset({"owner"}),
        required_inputs=("reason",),
        guards=(),
        label="Antrag zurückziehen",
        description="Die Antragsteller:in zieht den Antrag mit Begründung zurück.",
    ),
    Transition(
        trigger="return_for_revision",
        sources=(S.REVIEW,),
        dest=S.DRAFT,
        roles=frozenset({"reviewer"}),
        required_inputs=("comment",),
        guards=("not_own_proposal",),
        label="Zur Überarbeitung zurückgeben",
        description="Die Prüfer:in gibt den Antrag mit Kommentar zur Überarbeitung zurück.",
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
            "Die Prüfer:in befürwortet den Antrag; sind genug Befürwortungen erreicht, "
            "geht er zur Beschlussfassung."
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
        description="Die Prüfer:in lehnt den Antrag mit Begründung ab.",
    ),
    Transition(
        trigger="refer_back",
        sources=(S.RESOLUTION,),
        dest=S.REVIEW,
        roles=frozenset({"secretariat"}),
        required_inputs=("reason",),
        guards=(),
        label="Zurück in die Prüfung",
        description="Die Geschäftsstelle verweist den Antrag mit Begründung zurück in die Prüfung.",
    ),
    Transition(
        trigger="establish",
        sources=(S.RESOLUTION,),
        dest=S.ESTABLISHED,
        roles=frozenset({"secretariat"}),
        required_inputs=("decision_number", "decision_date", "session", "decision_text"),
        guards=("motion_valid", "decision_number_free"),
        label="Einsetzung erfassen",
        description=(
            "Die Geschäftsstelle erfasst den Beschluss des IT-Planungsrats zur Einsetzung; "
            "dazu muss ein gültiger Antrag des Bundes oder von mindestens drei Ländern vorliegen."
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
        description="Die Geschäftsstelle erfasst den Beschluss des IT-Planungsrats zur Ablehnung.",
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
            "Die Geschäftsstelle erfasst die Auflösung: per Beschluss oder weil die "
            "Befristung abgelaufen ist."
        ),
        alternative_inputs=(InputOption("decision_number"), InputOption("reason", EXPIRY_REASON)),
    ),
)

_BY_TRIGGER: dict[str, Transition] = {row.trigger: row for row in TRANSITIONS}


class WorkflowError(Exception):
    """A refused transition, with a machine-readable code and a German message."""

    def __init__(self, code: str, detail: str | None, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.detail = detail
        self.message = message


def _guard_failed(name: str) -> WorkflowError:
    return WorkflowError("guard_failed", name, GUARD_MESSAGES[name])


def _build_machine() -> Machine:
    """Build the one shared machine from the table; models are bound only per fire()."""
    return Machine(
        model=None,
        states=[state.value for state in ProposalState],
        initial=None,  # no extra "initial" state; add_model must always be told the state
        transitions=[
            {
                "trigger": row.trigger,
                # Plain values: transitions would name Enum members by .name ("DRAFT").
                "source": [str(source) for source in row.sources],
                "dest": str(row.dest),
                "conditions": list(row.guards),
            }
            for row in TRANSITIONS
        ],
        auto_transitions=False,
        send_event=True,
        queued=False,
    )


_MACHINE = _build_machine()

# add_model/remove_model mutate the machine's shared `models` list (check, then append or
# remove), so they are serialised. Triggering needs no lock: with queued=False the machine keeps
# no per-event state and each fire() moves only its own throwaway subject. Guard callables
# (which may query the database) therefore run concurrently, not under a global lock, which is
# why a plain lock is used here instead of transitions' LockedMachine.
_REGISTRY_LOCK = threading.Lock()


class _Subject:
    """Throwaway model the shared machine moves during one fire() call."""

    def __init__(self, guards: Guards, names: Iterable[str]) -> None:
        self._guards = guards
        self.guard_results: dict[str, bool] = {}
        # The machine resolves each condition name on the model; each guard runs at most once.
        for name in names:
            setattr(self, name, partial(self._check, name))

    def _check(self, name: str, _event_data: Any) -> bool:
        result = bool(self._guards[name]())
        self.guard_results[name] = result
        return result

    def first_failed_guard(self) -> str | None:
        """Name of the guard that stopped the transition, if any."""
        return next((n for n, ok in self.guard_results.items() if not ok), None)


def transition(trigger: str) -> Transition:
    """Return the table row for trigger, or raise WorkflowError("unknown_trigger")."""
    try:
        return _BY_TRIGGER[trigger]
    except KeyError:
        raise WorkflowError("unknown_trigger", trigger, "Diese Aktion ist unbekannt.") from None


def _as_roles(roles: Iterable[str]) -> frozenset[str]:
    if isinstance(roles, str):
        raise TypeError("roles must be a collection of role names, not a string")
    return frozenset(roles)


def _require_guards(row: Transition, guards: Guards) -> None:
    """Fail loudly when the caller did not supply every guard the row names."""
    missing = [name for name in row.guards if name not in guards]
    if missing:
        raise KeyError(f"guards not supplied for {row.trigger!r}: {', '.join(missing)}")


def _check_state(row: Transition, state: ProposalState) -> None:
    if state not in row.sources:
        message = f"Diese Aktion ist im Status „{STATE_LABELS[state]}“ nicht möglich."
        raise WorkflowError("wrong_state", state.value, message)


def _check_roles(row: Transition, roles: frozenset[str]) -> None:
    if not roles & row.roles:
        raise WorkflowError("forbidden", None, "Sie sind für diese Aktion nicht berechtigt.")


def _alternatives_message(options: tuple[InputOption, ...]) -> str:
    parts = [
        f"„{INPUT_LABELS[o.name]}“"
        if o.value is None
        else f"als „{INPUT_LABELS[o.name]}“ den Wert „{o.value}“"
        for o in options
    ]
    return f"Bitte geben Sie entweder {' oder '.join(parts)} an."


def _check_inputs(row: Transition, inputs: Mapping[str, Any]) -> None:
    for name in row.required_inputs:
        if _is_missing(inputs.get(name)):
            message = f"Bitte füllen Sie das Pflichtfeld „{INPUT_LABELS[name]}“ aus."
            raise WorkflowError("missing_input", name, message)
    options = row.alternative_inputs
    if options and not any(option.satisfied_by(inputs) for option in options):
        raise WorkflowError("missing_input", options[0].name, _alternatives_message(options))


def check_allowed(trigger: str, state: str, roles: Iterable[str], guards: Guards) -> Transition:
    """Raise WorkflowError unless the actor may fire trigger now (ignores inputs, STAY_GUARDS)."""
    row = transition(trigger)
    _require_guards(row, guards)
    _check_state(row, ProposalState(state))
    _check_roles(row, _as_roles(roles))
    for name in row.permission_guards:
        if not guards[name]():
            raise _guard_failed(name)
    return row


def can_fire(trigger: str, state: str, roles: Iterable[str], guards: Guards) -> bool:
    """Tell whether the actor may fire trigger now; permission only (see check_allowed)."""
    try:
        check_allowed(trigger, state, roles, guards)
    except WorkflowError:
        return False
    return True


def available_transitions(state: str, roles: Iterable[str]) -> list[Transition]:
    """Rows leaving state that one of roles may fire (no guards evaluated), in table order."""
    current, held = ProposalState(state), _as_roles(roles)
    return [row for row in TRANSITIONS if current in row.sources and held & row.roles]


def available_triggers(state: str, roles: Iterable[str], guards: Guards) -> list[str]:
    """Triggers the actor may fire now, permission guards included, STAY_GUARDS ignored."""
    held = _as_roles(roles)
    rows = available_transitions(state, held)
    return [row.trigger for row in rows if can_fire(row.trigger, state, held, guards)]


def _run_machine(row: Transition, state: ProposalState, guards: Guards) -> ProposalState:
    """Move a throwaway subject through the shared machine; always unregister it."""
    subject = _Subject(guards, row.guards)
    with _REGISTRY_LOCK:
        _MACHINE.add_model(subject, initial=state.value)
    try:
        moved = _MACHINE.events[row.trigger].trigger(subject)
        new_state = ProposalState(subject.state)
    finally:
        with _REGISTRY_LOCK:
            _MACHINE.remove_model(subject)
    if moved:
        return new_state
    failed = subject.first_failed_guard()
    if failed is None:
        raise RuntimeError(f"{row.trigger!r} did not move, yet no guard failed")
    if failed in STAY_GUARDS:
        return state
    raise _guard_failed(failed)


def fire(
    trigger: str,
    state: str,
    roles: Iterable[str],
    inputs: Mapping[str, Any],
    guards: Guards,
) -> ProposalState:
    """Return the state after firing trigger, or raise WorkflowError with the reason.

    Checks in order: known trigger, source state, role, required inputs, guards (in table
    order). A failing STAY guard returns the unchanged state instead of raising.
    """
    row = transition(trigger)
    current = ProposalState(state)
    _require_guards(row, guards)
    _check_state(row, current)
    _check_roles(row, _as_roles(roles))
    _check_inputs(row, inputs)
    return _run_machine(row, current, guards)

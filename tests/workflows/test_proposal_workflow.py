"""The proposal transition table and engine, without a database."""

from __future__ import annotations

import threading
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workflows import proposal
from workflows.proposal import (
    EXPIRY_REASON,
    STATE_BADGES,
    STATE_LABELS,
    STAY_GUARDS,
    TRANSITIONS,
    ProposalState,
    WorkflowError,
    available_transitions,
    available_triggers,
    can_fire,
    fire,
    transition,
)

ALL_ROLES = ("owner", "applicant", "reviewer", "secretariat", "admin")
ALL_GUARDS = sorted({name for row in TRANSITIONS for name in row.guards})
ALL_INPUTS = sorted({name for row in TRANSITIONS for name in row.required_inputs} | {"reason"})
CASES = [(row, source) for row in TRANSITIONS for source in row.sources]


def case_id(case) -> str:
    row, source = case
    return f"{row.trigger}-from-{source}"


def good_inputs(row) -> dict[str, str]:
    """Inputs that satisfy the row: every required one, plus its first alternative."""
    inputs = {name: f"Wert für {name}" for name in row.required_inputs}
    for option in row.alternative_inputs[:1]:
        inputs[option.name] = option.value or f"Wert für {option.name}"
    return inputs


def guards_all(value: bool, **overrides: bool) -> dict:
    """A guard mapping answering value for every guard name, except overrides."""
    answers = dict.fromkeys(ALL_GUARDS, value) | overrides
    return {name: (lambda answer=answer: answer) for name, answer in answers.items()}


def refusal(row, state, roles, inputs=None, guards=None) -> WorkflowError:
    with pytest.raises(WorkflowError) as caught:
        fire(
            row.trigger,
            state,
            roles,
            good_inputs(row) if inputs is None else inputs,
            guards or guards_all(True),
        )
    return caught.value


def assert_no_models_registered() -> None:
    assert proposal._MACHINE.models == []


# --- the data -------------------------------------------------------------------------------


def test_states_are_plain_strings_with_labels_and_badges():
    assert [s.value for s in ProposalState] == [
        "draft",
        "review",
        "resolution",
        "established",
        "dissolved",
        "rejected",
        "withdrawn",
        "decided",
    ]
    assert ProposalState.REVIEW == "review" and isinstance(ProposalState.REVIEW, str)
    assert STATE_LABELS["review"] == "In Prüfung"
    assert set(STATE_BADGES.values()) <= {"info", "warning", "success", "danger"}
    assert set(STATE_LABELS) == set(STATE_BADGES) == set(ProposalState)


def test_every_guard_and_input_has_a_german_text():
    for row in TRANSITIONS:
        assert all(name in proposal.GUARD_MESSAGES for name in row.guards)
        assert all(name in proposal.INPUT_LABELS for name in row.required_inputs)
        assert all(role in proposal.ROLE_LABELS for role in row.roles)
        assert row.label and row.description


def test_transition_lookup():
    assert transition("approve").dest == "resolution"
    with pytest.raises(WorkflowError) as caught:
        transition("to_draft")
    assert caught.value.code == "unknown_trigger"


# --- allowed moves ---------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_allowed_move_succeeds(case):
    row, source = case
    for role in row.roles:
        assert fire(row.trigger, source, {role}, good_inputs(row), guards_all(True)) == row.dest
    assert_no_models_registered()


def test_result_is_a_proposal_state():
    result = fire("submit", "draft", {"owner", "applicant"}, {}, guards_all(True))
    assert result is ProposalState.REVIEW


# --- refused moves ---------------------------------------------------------------------------


@pytest.mark.parametrize("row", TRANSITIONS, ids=lambda row: row.trigger)
def test_refused_from_every_wrong_state(row):
    for state in set(ProposalState) - set(row.sources):
        error = refusal(row, state, row.roles)
        assert (error.code, error.detail) == ("wrong_state", state)
        assert f"„{STATE_LABELS[state]}“" in error.message


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_refused_for_every_wrong_role(case):
    row, source = case
    for role in set(ALL_ROLES) - row.roles:
        error = refusal(row, source, {role})
        assert error.code == "forbidden"
        assert error.message == "Sie sind für diese Aktion nicht berechtigt."
    assert refusal(row, source, set()).code == "forbidden"


@pytest.mark.parametrize("case", CASES, ids=case_id)
@pytest.mark.parametrize("blank", [None, "", "   \n\t"])
def test_refused_for_each_missing_input(case, blank):
    row, source = case
    for name in row.required_inputs:
        inputs = good_inputs(row) | {name: blank}
        error = refusal(row, source, row.roles, inputs)
        assert (error.code, error.detail) == ("missing_input", name)
        assert f"„{proposal.INPUT_LABELS[name]}“" in error.message
        absent = {key: value for key, value in good_inputs(row).items() if key != name}
        assert refusal(row, source, row.roles, absent).detail == name


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_refused_for_each_failing_guard(case):
    row, source = case
    for name in set(row.guards) - STAY_GUARDS:
        error = refusal(row, source, row.roles, guards=guards_all(True, **{name: False}))
        assert (error.code, error.detail) == ("guard_failed", name)
        assert error.message == proposal.GUARD_MESSAGES[name]
    assert_no_models_registered()


def test_error_messages_read_as_specified():
    error = refusal(transition("submit"), "review", {"owner"})
    assert error.message == "Diese Aktion ist im Status „In Prüfung“ nicht möglich."
    error = refusal(transition("withdraw"), "draft", {"owner"}, {"reason": " "})
    assert error.message == "Bitte füllen Sie das Pflichtfeld „Begründung“ aus."
    assert str(error) == error.message


def test_unknown_trigger_is_refused():
    with pytest.raises(WorkflowError) as caught:
        fire("publish", "draft", {"owner"}, {}, {})
    assert (caught.value.code, caught.value.detail) == ("unknown_trigger", "publish")


def test_missing_guard_is_a_programming_error():
    guards = guards_all(True)
    del guards["not_yet_approved_by_actor"]
    with pytest.raises(KeyError, match="not_yet_approved_by_actor"):
        fire("approve", "review", {"reviewer"}, {"recommendation": "ja"}, guards)
    with pytest.raises(KeyError):
        can_fire("approve", "review", {"reviewer"}, guards)


def test_unknown_state_is_a_programming_error():
    with pytest.raises(ValueError):
        fire("submit", "archived", {"owner"}, {}, guards_all(True))
    assert_no_models_registered()


def test_roles_must_be_a_collection():
    with pytest.raises(TypeError):
        fire("submit", "draft", "owner", {}, guards_all(True))


# --- approve and the quorum ------------------------------------------------------------------


def test_approve_below_quorum_stays_in_review():
    guards = guards_all(True, approval_quorum_reached=False)
    assert fire("approve", "review", {"reviewer"}, {"recommendation": "ja"}, guards) == "review"
    assert_no_models_registered()


def test_quorum_is_asked_only_after_permission():
    asked = []
    guards = guards_all(True, not_own_proposal=False)
    guards["approval_quorum_reached"] = lambda: asked.append(1) or True
    with pytest.raises(WorkflowError):
        fire("approve", "review", {"reviewer"}, {"recommendation": "ja"}, guards)
    assert asked == []


def test_each_guard_runs_at_most_once_per_fire():
    calls: dict[str, int] = {}

    def counting(name):
        return lambda: calls.update({name: calls.get(name, 0) + 1}) or True

    guards = {name: counting(name) for name in ALL_GUARDS}
    fire("approve", "review", {"reviewer"}, {"recommendation": "ja"}, guards)
    assert calls == dict.fromkeys(transition("approve").guards, 1)


def test_permission_checks_ignore_the_quorum():
    below = guards_all(True, approval_quorum_reached=False)
    assert can_fire("approve", "review", {"reviewer"}, below)
    assert "approve" in available_triggers("review", {"reviewer"}, below)
    again = guards_all(True, not_yet_approved_by_actor=False)
    assert not can_fire("approve", "review", {"reviewer"}, again)
    assert "approve" not in available_triggers("review", {"reviewer"}, again)
    with pytest.raises(WorkflowError) as caught:
        proposal.check_allowed("approve", "review", {"reviewer"}, again)
    assert caught.value.detail == "not_yet_approved_by_actor"


def test_available_transitions_match_state_and_role():
    triggers = [row.trigger for row in available_transitions("review", {"reviewer", "owner"})]
    assert triggers == ["withdraw", "return_for_revision", "approve", "reject"]
    assert available_transitions("review", {"applicant"}) == []
    assert [row.trigger for row in available_transitions("established", {"secretariat"})] == [
        "dissolve"
    ]
    assert available_transitions("dissolved", set(ALL_ROLES)) == []


# --- dissolve ---------------------------------------------------------------------------------


def dissolve(inputs, **guards):
    return fire("dissolve", "established", {"secretariat"}, inputs, guards_all(True, **guards))


def test_dissolve_by_expiry_needs_no_decision_number():
    inputs = {"dissolution_date": "2025-12-31", "reason": EXPIRY_REASON}
    assert dissolve(inputs) == "dissolved"
    assert dissolve(inputs | {"reason": f"  {EXPIRY_REASON} "}) == "dissolved"


def test_dissolve_by_decision():
    assert dissolve({"dissolution_date": "2025-12-31", "decision_number": "2025/07"}) == "dissolved"
    with pytest.raises(WorkflowError) as caught:
        dissolve(
            {"dissolution_date": "2025-12-31", "decision_number": "2025/07"},
            decision_number_free_if_given=False,
        )
    assert caught.value.code == "guard_failed"


@pytest.mark.parametrize(
    "extra",
    [{}, {"reason": "Auftrag erledigt"}, {"decision_number": " ", "reason": None}],
)
def test_dissolve_refused_without_decision_or_expiry(extra):
    with pytest.raises(WorkflowError) as caught:
        dissolve({"dissolution_date": "2025-12-31"} | extra)
    assert (caught.value.code, caught.value.detail) == ("missing_input", "decision_number")
    assert "„Beschlussnummer“" in caught.value.message
    assert EXPIRY_REASON in caught.value.message


# --- the machine -------------------------------------------------------------------------------


def test_machine_has_no_auto_transitions():
    machine = proposal._MACHINE
    assert not any(name.startswith("to_") for name in machine.events)
    assert set(machine.events) == {row.trigger for row in TRANSITIONS}
    assert set(machine.states) == set(ProposalState)


def test_no_model_stays_registered_after_success_stay_or_refusal():
    fire("submit", "draft", {"owner"}, {}, guards_all(True))
    below = guards_all(True, approval_quorum_reached=False)
    fire("approve", "review", {"reviewer"}, {"recommendation": "ja"}, below)
    with pytest.raises(WorkflowError):
        fire("approve", "review", {"reviewer"}, {"recommendation": "ja"}, guards_all(False))
    assert_no_models_registered()


def test_no_model_stays_registered_when_a_guard_raises():
    def broken():
        raise RuntimeError("database gone")

    guards = guards_all(True) | {"steckbrief_complete": broken}
    with pytest.raises(RuntimeError):
        fire("submit", "draft", {"owner"}, {}, guards)
    assert_no_models_registered()


def test_fire_is_thread_safe():
    jobs = [CASES[i % len(CASES)] for i in range(20)]
    barrier = threading.Barrier(len(jobs))
    results: dict[int, list] = {}

    def slow_true():
        time.sleep(0.001)  # let threads interleave inside the machine
        return True

    def work(index, row, source):
        barrier.wait()
        guards = dict.fromkeys(ALL_GUARDS, slow_true)
        role = min(row.roles)
        results[index] = [
            fire(row.trigger, source, {role}, good_inputs(row), guards) for _ in range(25)
        ]

    threads = [threading.Thread(target=work, args=(i, *job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for index, (row, _source) in enumerate(jobs):
        assert results[index] == [row.dest] * 25
    assert_no_models_registered()


# --- random sequences ------------------------------------------------------------------------

VALUES = st.sampled_from([None, "", "  ", "x", "2025/07", EXPIRY_REASON])
steps = st.tuples(
    st.sampled_from([row.trigger for row in TRANSITIONS] + ["to_draft", "publish"]),
    st.frozensets(st.sampled_from(ALL_ROLES)),
    st.dictionaries(st.sampled_from(ALL_INPUTS), VALUES),
    st.fixed_dictionaries({name: st.booleans() for name in ALL_GUARDS}),
)


def expected_after(trigger, state, roles, inputs, answers):
    """Oracle: the state the table allows, or None when the move must be refused."""
    row = proposal._BY_TRIGGER.get(trigger)
    filled = {k for k, v in inputs.items() if v is not None and str(v).strip()}
    if row is None or state not in row.sources or not roles & row.roles:
        return None
    if not set(row.required_inputs) <= filled:
        return None
    if row.alternative_inputs and not any(o.satisfied_by(inputs) for o in row.alternative_inputs):
        return None
    failed = [name for name in row.guards if not answers[name]]
    if not failed:
        return row.dest
    return state if failed[0] in STAY_GUARDS else None


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(list(ProposalState)), st.lists(steps, max_size=12))
def test_random_sequences_follow_only_the_table(start, sequence):
    state = start
    for trigger, roles, inputs, answers in sequence:
        guards = {name: (lambda answer=answer: answer) for name, answer in answers.items()}
        expected = expected_after(trigger, state, roles, inputs, answers)
        try:
            new_state = fire(trigger, state, roles, inputs, guards)
        except WorkflowError:
            assert expected is None
            continue
        assert new_state == expected
        assert new_state in set(ProposalState)
        if new_state != state:
            assert (trigger, state, new_state) in {
                (row.trigger, source, row.dest) for row, source in CASES
            }
        state = new_state
    assert_no_models_registered()

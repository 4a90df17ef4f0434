"""Random triggers by random people: the workflow never leaves its rules."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule
from sqlalchemy import func, select

from app.audit.history import verify_chain
from app.domain import DomainError
from app.extensions import db
from app.models import Decision, Proposal
from app.workflow import operations
from app.workflow.permissions import workflow_roles
from tests.conftest import _clear_tables
from tests.workflow.helpers import make_cast, make_proposal
from workflows.proposal import TRANSITIONS, ProposalState, transition

PEOPLE = ("owner", "reviewer1", "reviewer2", "reviewer_owner", "office", "outsider")
TRIGGERS = tuple(row.trigger for row in TRANSITIONS)


def inputs_for(trigger: str, number: int, expiry: bool) -> dict:
    """Plausible, complete inputs for any trigger."""
    decided = {
        "decision_number": f"2026/{number:02d}",
        "decision_date": date(2026, 3, 17),
        "session": "Umlaufverfahren",
        "decision_text": "Beschluss.",
    }
    if trigger == "dissolve":
        base = {"dissolution_date": date(2026, 12, 31)}
        return {**base, "reason": "Befristung abgelaufen"} if expiry else {**base, **decided}
    return {
        "reason": "Begründung.",
        "comment": "Kommentar.",
        "recommendation": "Empfehlung.",
        **decided,
    }


def test_random_walks(app):
    class ProposalMachine(RuleBasedStateMachine):
        """One proposal (owned by the reviewer-applicant half the time) and six people."""

        def __init__(self) -> None:
            super().__init__()
            db.session.remove()
            _clear_tables()
            self.cast = make_cast()
            self.proposals = [
                make_proposal(self.cast.owner, self.cast.parent),
                make_proposal(self.cast.reviewer_owner, self.cast.parent),
            ]
            db.session.commit()

        @rule(
            which=st.integers(0, 1),
            person=st.sampled_from(PEOPLE),
            trigger=st.sampled_from(TRIGGERS),
            number=st.integers(1, 4),
            expiry=st.booleans(),
            give_inputs=st.booleans(),
        )
        def act(self, which, person, trigger, number, expiry, give_inputs):
            proposal = self.proposals[which]
            actor = getattr(self.cast, person)
            before, roles = proposal.state, workflow_roles(actor, proposal)
            inputs = inputs_for(trigger, number, expiry) if give_inputs else {}
            try:
                operations.VERBS[trigger](proposal, actor, inputs)
            except DomainError:
                db.session.rollback()
                assert db.session.get(Proposal, proposal.id).state == before
                return
            db.session.commit()
            row = transition(trigger)
            assert before in row.sources
            assert roles & row.roles
            assert not (row.roles == {"reviewer"} and proposal.is_owned_by(actor))
            assert proposal.state in {row.dest, before}

        @rule(which=st.integers(0, 1), number=st.integers(1, 4), reviewer=st.integers(1, 2))
        def advance(self, which, number, reviewer):
            """Push along the main line, so random walks also reach the later states."""
            proposal = self.proposals[which]
            owner = "owner" if which == 0 else "reviewer_owner"
            nexts = {
                "draft": ("submit", owner),
                "review": ("approve", f"reviewer{reviewer}"),
                "resolution": ("establish", "office"),
                "established": ("dissolve", "office"),
            }
            if proposal.state in nexts:
                trigger, person = nexts[proposal.state]
                self.act(which, person, trigger, number, False, True)

        @invariant()
        def state_is_valid_and_versions_frozen(self):
            for proposal in self.proposals:
                db.session.refresh(proposal)
                assert proposal.state in set(ProposalState)
                if proposal.state not in {"draft", "withdrawn"}:
                    assert proposal.latest_version is not None
                    assert len(proposal.latest_version.sha256) == 64

        @invariant()
        def numbers_unique_and_chain_intact(self):
            numbers = db.session.scalars(select(Decision.number)).all()
            assert len(numbers) == len(set(numbers))
            total = db.session.scalar(select(func.count()).select_from(Decision))
            assert total == len(numbers)
            assert verify_chain().intact

    ProposalMachine.TestCase.settings = settings(
        max_examples=20,
        stateful_step_count=15,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    ProposalMachine.TestCase().runTest()

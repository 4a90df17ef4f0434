"""One shared cast of users and proposals in every workflow state, for the security suites."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date

from app.api.tokens import issue_token, revoke_token
from app.council import procedures, sessions
from app.council.seed import load_members, load_seed_shares
from app.documents import operations as documents
from app.extensions import db
from app.formatting import today_berlin
from app.models import Decision, Proposal, User
from app.workflow import operations as workflow
from tests.conftest import Browserless
from tests.factories_motion import give_motion
from tests.workflow.helpers import make_parent_body, make_proposal, make_user
from workflows.proposal import ProposalState

# Every state a proposal of a new body reaches; "decided" ends a change of a body, which the
# office owns (tests/workflow/test_changes.py, tests/registry/test_change_views.py).
STATES = tuple(state.value for state in ProposalState if state != ProposalState.DECIDED)
# Who signs in for the matrix; "deactivated" signs in and is deactivated afterwards.
CALLER_ROLES: dict[str, tuple[str, ...] | None] = {
    "anonymous": None,
    "owner": ("applicant",),
    "applicant": ("applicant",),
    "reviewer": ("reviewer",),
    "reviewer_owner": ("applicant", "reviewer"),
    "office": ("secretariat",),
    "admin": ("admin",),
    "deactivated": ("applicant", "reviewer", "secretariat", "admin"),
}
CALLERS = tuple(CALLER_ROLES)
# The two authors: "owner" and "reviewer_owner" each own one proposal per state.
AUTHORS = ("owner", "reviewer_owner")

_numbers = itertools.count(10)


@dataclass
class World:
    """Ids and keys of everything the suites address (plain values: no ORM objects)."""

    users: dict[str, int] = field(default_factory=dict)
    emails: dict[str, str] = field(default_factory=dict)
    proposals: dict[tuple[str, str], int] = field(default_factory=dict)
    slugs: dict[str, str] = field(default_factory=dict)  # state -> decision slug of P(owner)
    documents: dict[str, int] = field(default_factory=dict)  # URL segment -> document id
    bodies: dict[str, str] = field(default_factory=dict)  # variant -> body key
    body_ids: dict[str, int] = field(default_factory=dict)
    decision_id: int = 0
    spare_user_id: int = 0
    spare_token_id: int = 0
    council: dict[str, int] = field(default_factory=dict)  # session, item and procedure ids
    tokens: dict[str, str] = field(default_factory=dict)  # API caller -> plaintext

    def proposal(self, caller: str, state: str) -> int:
        """The proposal a caller is tested against: its own for reviewer_owner, else P."""
        author = "reviewer_owner" if caller == "reviewer_owner" else "owner"
        return self.proposals[(author, state)]


def _decision_inputs(kind: str) -> dict:
    number = f"2026/{next(_numbers):02d}"
    inputs = {
        "decision_number": number,
        "decision_date": date(2026, 3, 17),
        "session": "42",
        "decision_text": f"Der IT-Planungsrat beschließt ({kind}).",
    }
    if kind == "dissolve":
        inputs["dissolution_date"] = date(2026, 6, 30)
    return inputs


def advance(proposal: Proposal, state: str, author: User, reviewers, office: User) -> None:
    """Move a complete draft through the real operations into state."""
    if state == "draft":
        return
    workflow.submit_proposal(proposal, author)
    if state == "withdrawn":
        workflow.withdraw_proposal(proposal, author, {"reason": "Wird nicht mehr benötigt."})
    if state in ("review", "withdrawn"):
        return
    for reviewer in reviewers:
        workflow.approve_proposal(proposal, reviewer, {"recommendation": "Empfohlen."})
    if state in ("rejected", "established", "dissolved"):
        give_motion(proposal, author)  # the council decides on a motion of the Bund
    if state == "rejected":
        workflow.decline_proposal(proposal, office, _decision_inputs("decline"))
    elif state in ("established", "dissolved"):
        workflow.establish_body(proposal, office, _decision_inputs("establish"))
        if state == "dissolved":
            workflow.dissolve_body(proposal, office, _decision_inputs("dissolve"))


def _slug(decision: Decision) -> str:
    return decision.number.replace("/", "-")


def _latest_decision(proposal_id: int) -> Decision | None:
    rows = db.session.scalars(db.select(Decision).where(Decision.proposal_id == proposal_id))
    return max(rows, key=lambda row: row.id, default=None)


def _issue_documents(world: World, office: User) -> None:
    """A Vorlage and a Sitzungsunterlage (resolution), the Beschluss PDFs (decided)."""
    for author in AUTHORS:
        proposal = db.session.get(Proposal, world.proposals[(author, "resolution")])
        vorlage = documents.issue_vorlage(proposal, office)
        if author == "owner":
            world.documents["beschlussvorlage"] = vorlage.id
            bundle = documents.issue_bundle([proposal], office, "42", date(2026, 4, 1))
            world.documents["sitzungsunterlage"] = bundle.id
    for state in ("established", "dissolved", "rejected"):
        decision = _latest_decision(world.proposals[("owner", state)])
        world.slugs[state] = _slug(decision)
        if state != "rejected":
            issued = documents.issue_beschluss(decision, office)
            if state == "established":
                world.documents["beschluss"] = issued.id
                world.decision_id = decision.id


def _bodies(world: World, parent_key: str) -> None:
    world.bodies["register"] = parent_key
    for state in ("established", "dissolved"):
        proposal = db.session.get(Proposal, world.proposals[("owner", state)])
        world.bodies[state] = proposal.body.key
        world.body_ids[state] = proposal.body.id


def _tokens(world: World, users: dict[str, User], admin: User) -> None:
    for caller in ("owner", "applicant", "reviewer", "office", "admin"):
        world.tokens[caller] = issue_token(user=users[caller], name="Matrix", actor=admin).plaintext
    revoked = issue_token(user=users["reviewer"], name="Widerrufen", actor=admin)
    revoke_token(revoked.token)
    world.tokens["revoked"] = revoked.plaintext
    gone = make_user("reviewer")
    world.tokens["deactivated"] = issue_token(user=gone, name="Alt", actor=admin).plaintext
    gone.active = False
    spare = issue_token(user=users["admin"], name="Ersatz", actor=admin)
    world.spare_token_id = spare.token.id


def _council(world: World, office: User) -> None:
    """A session with P(owner, resolution) as TOP 1, and a written procedure on the
    reviewer_owner's proposal in resolution."""
    load_members()
    load_seed_shares()
    session = sessions.create_session(
        office, 42, date(2026, 3, 17), "Berlin", "bund", date(2026, 3, 1)
    )
    item = sessions.add_item(session, world.proposals[("owner", "resolution")], office)
    today = today_berlin()
    procedure = procedures.start_procedure(
        world.proposals[("reviewer_owner", "resolution")], office, today, today, ("bund", "BW")
    )
    world.council = {"session_id": session.id, "item_id": item.id, "procedure_id": procedure.id}


def build_world() -> World:
    """Users for every caller, one proposal per author and state, documents and tokens."""
    world = World()
    users = {name: make_user(*roles) for name, roles in CALLER_ROLES.items() if roles}
    second_reviewer = make_user("reviewer")
    parent = make_parent_body()
    reviewers = (users["reviewer"], second_reviewer)
    for author in AUTHORS:
        for state in STATES:
            proposal = make_proposal(users[author], parent)
            advance(proposal, state, users[author], reviewers, users["office"])
            world.proposals[(author, state)] = proposal.id
    _issue_documents(world, users["office"])
    _bodies(world, parent.key)
    _council(world, users["office"])
    world.body_ids["register"] = parent.id
    _tokens(world, users, users["admin"])
    world.spare_user_id = make_user("applicant").id
    db.session.commit()
    world.users = {name: user.id for name, user in users.items()}
    world.emails = {name: user.email for name, user in users.items()}
    return world


def signed_in_clients(app, world: World) -> dict[str, Browserless]:
    """One client per caller, signed in once; the deactivated account is switched off after."""
    clients = {}
    for caller in CALLERS:
        web = Browserless(app.test_client())
        if caller != "anonymous":
            response = web.login(world.emails[caller])
            assert response.status_code == 302, f"{caller} could not sign in"
        clients[caller] = web
    user = db.session.get(User, world.users["deactivated"])
    user.active = False
    db.session.commit()
    return clients

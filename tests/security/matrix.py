"""The authorization matrix as data: every route, every caller, every workflow state.

EXPECTED is the one table of what each caller gets. A cell's rule is an outcome or a small
function of the cell (state, method, argument variant). Outcomes:

- "200", "400", "401", "403", "404", "409": that status;
- "302-login": a redirect to the sign-in page (``/anmelden?next=…``);
- "302": any other redirect, without a change to the database;
- "302-acts": a redirect after an action the caller may take with an empty form (the only
  cells allowed to change the database).

The deactivated caller has no column: it must get exactly what the anonymous caller gets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tests.security.world import AUTHORS, CALLER_ROLES
from workflows.proposal import transition

TABLE_CALLERS = ("anonymous", "owner", "applicant", "reviewer", "reviewer_owner", "office", "admin")
SIGNED_IN = TABLE_CALLERS[1:]
APPLICANTS = frozenset({"owner", "applicant", "reviewer_owner"})
# Static files (the KERN kit, our CSS): public by design, tested in tests/foundation.
IGNORED_ENDPOINTS = frozenset({"static", "assets.kern", "assets.kern_versioned"})


@dataclass(frozen=True)
class Cell:
    """One request of the matrix."""

    endpoint: str
    method: str
    caller: str
    state: str | None
    arg: str | None
    url: str
    allowed: bool = True  # False: a method the route does not accept (always 405)


Rule = str | Callable[[Cell], str]


def by_method(get: Rule, post: Rule) -> Rule:
    """One outcome for GET, another for POST."""
    return lambda cell: resolve(get if cell.method == "GET" else post, cell)


def resolve(rule: Rule, cell: Cell) -> str:
    """The outcome a rule expects for a cell."""
    return rule(cell) if callable(rule) else rule


def everyone(rule: Rule) -> dict[str, Rule]:
    """Public: the same for every caller, signed in or not."""
    return dict.fromkeys(TABLE_CALLERS, rule)


def signed_in(get: Rule = "200", post: Rule = "400") -> dict[str, Rule]:
    """Any signed-in account; the anonymous caller is sent to sign in."""
    return {"anonymous": "302-login", **dict.fromkeys(SIGNED_IN, by_method(get, post))}


def roles_only(allowed: set[str] | frozenset[str], get: Rule = "200", post: Rule = "400"):
    """Callers in allowed get get/post; other accounts 403; anonymous is sent to sign in."""
    rules: dict[str, Rule] = {"anonymous": "302-login"}
    for caller in SIGNED_IN:
        rules[caller] = by_method(get, post) if caller in allowed else "403"
    return rules


# --- proposals: who sees what, by state ------------------------------------------------------


def visible(caller: str, state: str) -> bool:
    """Authors see their own (the matrix gives each author its own); staff once submitted."""
    if caller in AUTHORS:
        return True
    return caller in ("reviewer", "office") and state != "draft"


def per_proposal(decide: Callable[[str, Cell], str], anonymous: str = "302-login"):
    """A state-dependent rule per caller, from decide(caller, cell)."""
    rules: dict[str, Rule] = {"anonymous": anonymous}
    for caller in SIGNED_IN:
        rules[caller] = lambda cell, caller=caller: decide(caller, cell)
    return rules


def _own_draft_page(get: str, post: str, bad_arg: str | None = None):
    """Draft pages of the Steckbrief: the author while a draft; others never learn it exists."""

    def decide(caller: str, cell: Cell) -> str:
        if caller not in AUTHORS:
            return "404"
        if bad_arg is not None and cell.arg == bad_arg:
            return "404"
        if cell.state != "draft":
            return "302"  # to the proposal page: submitted proposals are read-only
        return get if cell.method == "GET" else post

    return per_proposal(decide)


def _delete(caller: str, cell: Cell) -> str:
    if caller not in AUTHORS:
        return "404"
    if cell.state != "draft":
        return "409"
    return "200" if cell.method == "GET" else "302-acts"


def _view(ok: str = "200", *, needs_version: bool = False):
    def decide(caller: str, cell: Cell) -> str:
        if not visible(caller, cell.state) or (needs_version and cell.state == "draft"):
            return "404"
        return ok

    return decide


def _fire_action(caller: str, cell: Cell) -> str:
    """What the transition table allows: state first (409), then role (403), then the form."""
    if not visible(caller, cell.state) or cell.arg == UNKNOWN_TRIGGER:
        return "404"
    row = transition(cell.arg)
    if cell.state not in row.sources:
        return "409"
    roles = set(CALLER_ROLES[caller]) | ({"owner"} if caller in AUTHORS else set())
    if not roles & row.roles:
        return "403"
    if "change_proposal" in row.guards:
        return "409"  # the world's proposals are for new bodies, not changes of one
    if caller in AUTHORS and "not_own_proposal" in row.guards:
        return "403"  # a reviewer never acts on the own proposal
    return "200" if cell.method == "GET" else "400"  # the empty form is refused


def _remark(caller: str, cell: Cell) -> str:
    if not visible(caller, cell.state):
        return "404"
    if caller != "reviewer":
        return "403"  # only reviewers, and never on their own proposal
    return "400" if cell.state == "review" else "409"


def _vorlage_form(caller: str, cell: Cell) -> str:
    if caller != "office" or cell.state == "draft":
        return "404"
    if cell.state != "resolution":
        return "409"
    return "200" if cell.method == "GET" else "400"


def _vorlage_pdf(caller: str, cell: Cell) -> str:
    # A Vorlage is issued only for the proposals in resolution.
    return "200" if visible(caller, cell.state) and cell.state == "resolution" else "404"


def _stored_pdf(caller: str, cell: Cell) -> str:
    if cell.arg == "beschluss":
        return "200"  # public once the body is established
    if cell.arg == "sitzungsunterlage":
        return "200" if caller == "office" else "404"
    # The Beschlussvorlage of the owner's proposal in resolution (the reviewer_owner is a
    # reviewer of that proposal here, not its author).
    return "200" if caller in ("owner", "reviewer", "reviewer_owner", "office") else "404"


MOTION_STATES = frozenset({"draft", "review", "resolution"})


def _motion(author_outcome: str):
    """The owner (acting for the Bund in this world) shapes the motion until the decision;
    the state is checked before who acts (409, then 403), as for the workflow's actions."""

    def decide(caller: str, cell: Cell) -> str:
        if not visible(caller, cell.state):
            return "404"
        if cell.state not in MOTION_STATES:
            return "409"
        return author_outcome if caller in AUTHORS else "403"

    return decide


def _al_recommendation(caller: str, cell: Cell) -> str:
    if not visible(caller, cell.state):
        return "404"
    if caller != "office":
        return "403"
    return "400" if cell.state == "resolution" else "409"  # the empty form is refused


def _registry_entry(ok: str) -> Rule:
    # Entries created by a proposal are read-only in the registry (403 even for the office).
    return lambda cell: ok if cell.arg == "register" else "403"


UNKNOWN_TRIGGER = "zaubern"
UNKNOWN_STEP = "unbekannt"
PUBLIC_PAGES = (
    "main.index",
    "main.healthz",
    "main.impressum",
    "main.datenschutz",
    "main.barrierefreiheit",
    "main.leichte_sprache",
    "workflow.diagram",
    "registry.index",
    "registry.dissolved",
    "registry.export_registry",
    "registry.show_body",
    "picture.show_timeline",
    "documents.published",
    "api.index",
    "api.openapi",
    "api.list_bodies",
    "api.get_body",
    "api.list_decisions",
    "api.get_decision",
    "oparl.system",
    "oparl.bodies",
    "oparl.body",
    "oparl.organizations",
    "oparl.organization",
    "oparl.people",
    "oparl.meetings",
    "oparl.meeting",
    "oparl.papers",
)


def _asked_only() -> dict[str, Rule]:
    """The office sees a written procedure, and so do the owners, who act for the Bund since
    they moved their proposals (an empty answer: 400); others are not asked."""
    asked = {"office", "owner", "reviewer_owner"}
    return {caller: by_method("200", "400") if caller in asked else "404" for caller in SIGNED_IN}


EXPECTED: dict[str, dict[str, Rule]] = {
    **{endpoint: everyone("200") for endpoint in PUBLIC_PAGES},
    # Only the council's own Organization has meetings; the matrix asks for another body's.
    "oparl.organization_meetings": everyone("404"),
    # Accounts
    "auth.login": {"anonymous": by_method("200", "400"), **dict.fromkeys(SIGNED_IN, "302")},
    "auth.logout": {"anonymous": "302-login", **dict.fromkeys(SIGNED_IN, "302-acts")},
    "auth.change_password": signed_in(),
    # Without a password accepted moments ago in this session there is no code to give.
    "auth.verify_second_factor": everyone("302"),
    "auth.enrol_second_factor": signed_in(),
    # Nobody here has a voluntary second factor: nothing to switch off, back to the page.
    "auth.disable_second_factor": {"anonymous": "302-login", **dict.fromkeys(SIGNED_IN, "302")},
    "admin.users": roles_only({"admin"}),
    "admin.create_user": roles_only({"admin"}),
    "admin.edit_user": roles_only({"admin"}),
    "admin.toggle_active": roles_only({"admin"}, post="302-acts"),
    "admin.export_user": roles_only({"admin"}),
    # The spare account has no second factor: nothing to reset.
    "admin.reset_second_factor": roles_only({"admin"}, post="302"),
    # Without the confirmation checkbox nothing happens (400).
    "admin.anonymise_user": roles_only({"admin"}),
    "api_admin.list_tokens": roles_only({"admin"}),
    "api_admin.issue_token": roles_only({"admin"}),
    "api_admin.revoke_token": roles_only({"admin"}, post="302-acts"),
    # The JSON API's proposals need a bearer token: a session cookie is no credential there.
    "api.list_proposals": everyone("401"),
    "api.get_proposal": everyone("401"),
    # Applicants
    "proposals.new_proposal": roles_only(APPLICANTS, post="302-acts"),
    "proposals.my_proposals": roles_only(APPLICANTS),
    "proposals.task_list": _own_draft_page("200", "-"),
    "proposals.summary": _own_draft_page("200", "-"),
    # An empty POST lacks the lock_version the page was rendered with: a conflict.
    "proposals.edit_step": _own_draft_page("200", "409", bad_arg=UNKNOWN_STEP),
    "proposals.delete_proposal": per_proposal(_delete),
    # The proposal page and its actions
    "workflow.show_proposal": per_proposal(_view()),
    "workflow.fire_action": per_proposal(_fire_action),
    "workflow.post_remark": per_proposal(_remark),
    "review.queue": roles_only({"reviewer", "reviewer_owner"}),
    "office.queue": roles_only({"office"}),
    "council.show_members": roles_only({"office"}),
    # Focus topics and figures: the office's; a forged topic id is 404.
    "topics.list_topics": roles_only({"office"}),
    "topics.new_topic": roles_only({"office"}),
    "topics.edit_topic": roles_only({"office"}, get="404", post="404"),
    "picture.figures": roles_only({"office"}),
    "picture.figure_csv": roles_only({"office"}),
    "council.edit_shares": roles_only({"office"}),
    # Sessions: the office's; an empty form is refused (400), moving the only item changes
    # nothing (302), removing it is the one action an empty form takes.
    "sessions.list_sessions": roles_only({"office"}),
    "sessions.create_session": roles_only({"office"}),
    "sessions.show_session": roles_only({"office"}),
    "sessions.add_item": roles_only({"office"}),
    "sessions.move_up": roles_only({"office"}, post="302"),
    "sessions.move_down": roles_only({"office"}, post="302"),
    "sessions.remove_item": roles_only({"office"}, post="302-acts"),
    "sessions.show_item": roles_only({"office"}),
    "sessions.record_votes": roles_only({"office"}),
    "sessions.confirm_item": roles_only({"office"}),
    # Written procedures: the office, and the members asked (nobody here represents one: 404).
    "procedures.list_procedures": signed_in(),
    "procedures.start_procedure": roles_only({"office"}),
    "procedures.show_procedure": {"anonymous": "302-login", **_asked_only()},
    "procedures.cast_vote": {"anonymous": "302-login", **_asked_only()},
    "procedures.record_answer": roles_only({"office"}),
    "procedures.fix_result": roles_only({"office"}),
    "council.record_al_recommendation": per_proposal(_al_recommendation),
    # Motions: the owner signs (an action) and invites (the empty form is refused); the
    # invitations page is every account's; answers to a forged invitation id are 404.
    "motions.sign_own": per_proposal(_motion("302-acts")),
    "motions.invite": per_proposal(_motion("400")),
    "motions.show_invitations": signed_in(),
    "motions.confirm": {"anonymous": "302-login", **dict.fromkeys(SIGNED_IN, "404")},
    "motions.decline": {"anonymous": "302-login", **dict.fromkeys(SIGNED_IN, "404")},
    "motions.withdraw": {"anonymous": "302-login", **dict.fromkeys(SIGNED_IN, "404")},
    # Documents: 404 for anyone who may not read them, signed in or not
    "documents.index": roles_only({"office"}),
    "documents.new_bundle": roles_only({"office"}),
    "documents.notices": roles_only({"office"}),
    "documents.notice_text": roles_only({"office"}),
    "documents.notice_pdf": roles_only({"office"}),
    "documents.proposal_documents": per_proposal(_view(), anonymous="404"),
    "documents.draft_steckbrief": per_proposal(_view(), anonymous="404"),
    "documents.version_steckbrief": per_proposal(_view(needs_version=True), anonymous="404"),
    "documents.edit_vorlage": per_proposal(_vorlage_form, anonymous="404"),
    "documents.vorlage_pdf": per_proposal(_vorlage_pdf, anonymous="404"),
    "documents.stored_pdf": per_proposal(_stored_pdf, anonymous="-"),
    "documents.beschluss_pdf": everyone(lambda cell: "404" if cell.state == "rejected" else "200"),
    # Issued once in setup, so issuing again is a conflict; a declining decision has none (409).
    "documents.issue_beschluss": roles_only({"office"}, post="409"),
    # Registry: public reading, the office edits
    "registry.export_proposals": roles_only({"office"}),
    "registry.expiring": roles_only({"office"}),
    "registry.new_body": roles_only({"office"}),
    "registry.edit_body": roles_only(
        {"office"}, get=_registry_entry("200"), post=_registry_entry("400")
    ),
    # A change starts from a decided Steckbrief: not for a body without one nor for a dissolved
    # one (409); the empty form lacks what is to change (400).
    "registry.start_change": roles_only(
        {"office"},
        get=lambda cell: "200" if cell.arg == "established" else "409",
        post=lambda cell: "400" if cell.arg == "established" else "409",
    ),
    # A body whose time limit has not run out cannot be confirmed as dissolved (400).
    "registry.confirm_dissolution": roles_only({"office"}, post=_registry_entry("400")),
}
# Anonymous callers get the public stored documents only.
EXPECTED["documents.stored_pdf"]["anonymous"] = lambda cell: (
    "200" if cell.arg == "beschluss" else "404"
)


def expected(cell: Cell) -> str:
    """The outcome the table gives a cell; the deactivated caller is treated as anonymous."""
    if not cell.allowed:
        return "405"
    caller = "anonymous" if cell.caller == "deactivated" else cell.caller
    return resolve(EXPECTED[cell.endpoint][caller], cell)

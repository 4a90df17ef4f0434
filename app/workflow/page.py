"""What the proposal page shows: built here so the view stays thin."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from app.models import Proposal, User
from app.proposals.display import body_ref_ids
from app.workflow import fragments, queries
from app.workflow.decisions import next_free_number, number_after
from app.workflow.display import diff_versions
from app.workflow.forms import ActionForm, RemarkForm, build_form
from app.workflow.guards import approvals_required, build_guards
from app.workflow.permissions import workflow_roles
from app.workflow.queries import PageEvent, PageRows, ProposalHead, VersionHead
from workflows.proposal import (
    INPUT_LABELS,
    STATE_LABELS,
    TRANSITIONS,
    ProposalState,
    available_triggers,
    transition,
)

BERLIN = ZoneInfo("Europe/Berlin")
TRIGGERS = frozenset(row.trigger for row in TRANSITIONS)
STECKBRIEF_PARTIAL = "proposals/_steckbrief.html"
# The templates a cached fragment is made of (see app.workflow.fragments).
STECKBRIEF_TEMPLATES = (STECKBRIEF_PARTIAL, "proposals/_remarks.html")
MACRO_TEMPLATES = ("workflow/_macros.html", "macros/forms.html")
FACTS_TEMPLATES = ("workflow/_proposal_facts.html", *MACRO_TEMPLATES)
RECORD_TEMPLATES = (
    "workflow/_proposal_record.html",
    "documents/_links.html",
    *STECKBRIEF_TEMPLATES,
)
ACTION_LABELS = {
    "approval_recorded": _l("Befürwortung erfasst"),
    "remark": _l("Anmerkung"),
    "document_issued": _l("Dokument ausgestellt"),
}
EXTRA_INPUT_LABELS = {
    "section": _l("Abschnitt"),
    "text": _l("Anmerkung"),
    "remarks": _l("Anmerkungen"),
    "kind": _l("Art"),
    "sha256": _l("SHA-256"),
}


def allowed_triggers(
    proposal: Proposal | ProposalHead, user: User, approvers: set[int] | None = None
) -> list[str]:
    """The triggers the user may fire now; decision numbers are checked on submit
    (``approvers``: the latest version's approving reviewers, if read already)."""
    guards = build_guards(proposal, user, {}, approvers)
    guards["decision_number_free"] = guards["decision_number_free_if_given"] = lambda: True
    return available_triggers(proposal.state, workflow_roles(user, proposal), guards)


NUMBERED_TRIGGERS = frozenset({"establish", "decline"})


def action_form(proposal: Proposal, trigger: str, suggestion: str | None = None) -> ActionForm:
    """The form of one action, with a suggested Beschluss number where it takes one."""
    if trigger in NUMBERED_TRIGGERS and suggestion is None:
        suggestion = next_free_number(date.today().year)
    return build_form(trigger, proposal.lock_version, suggestion)


def _local_time(moment: datetime) -> str:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(BERLIN).strftime("%d.%m.%Y, %H:%M Uhr")


def _input_lines(inputs: dict[str, Any]) -> list[tuple[str, str]]:
    lines = []
    for name, value in inputs.items():
        label = INPUT_LABELS.get(name) or EXTRA_INPUT_LABELS.get(name, name)
        if isinstance(value, dict):
            value = "; ".join(f"{key}: {text}" for key, text in value.items())
        lines.append((str(label), str(value)))
    return lines


@dataclass(frozen=True)
class TimelineEntry:
    """One history event as German text."""

    when: str
    actor: str
    action: str
    change: str
    inputs: list[tuple[str, str]]


def _timeline_entry(event: PageEvent) -> TimelineEntry:
    if event.action in ACTION_LABELS:
        action = str(ACTION_LABELS[event.action])
    elif event.action in TRIGGERS:
        action = transition(event.action).label
    else:  # an event another area added later: show its name rather than fail the page
        action = event.action
    change = ""
    if event.from_state != event.to_state:
        change = f"{STATE_LABELS[event.from_state]} → {STATE_LABELS[event.to_state]}"
    actor = event.actor_name if event.actor_name is not None else _("System")
    return TimelineEntry(
        _local_time(event.occurred_at), actor, action, change, _input_lines(event.inputs or {})
    )


def timeline(events: list[PageEvent]) -> list[TimelineEntry]:
    """The proposal's history, newest first."""
    return [_timeline_entry(event) for event in reversed(events)]


def may_remark(proposal: Proposal | ProposalHead, user: User) -> bool:
    """Reviewers remark on others' proposals while in review."""
    return (
        proposal.state == ProposalState.REVIEW
        and user.has_role("reviewer")
        and not proposal.is_owned_by(user)
    )


def _shown_content(head: ProposalHead) -> dict[str, Any]:
    """The draft while it is one, else the latest frozen version."""
    if head.latest is not None and head.state != ProposalState.DRAFT.value:
        return head.latest.content or {}
    return head.content or {}


def _scope() -> tuple[str, str]:
    """What every fragment also depends on: the language and where the app is mounted."""
    return str(get_locale()), request.script_root


def _action_html(head: ProposalHead, trigger: str, suggestion: str | None, scope: tuple) -> Markup:
    """One action's form. A fresh form depends on the trigger, the proposal's lock version,
    the suggested number and today's date only: cached. After a POST, the forms show what was
    sent and are rendered anew."""

    def render() -> str:
        form = build_form(trigger, head.lock_version, suggestion)
        macros = current_app.jinja_env.get_template(MACRO_TEMPLATES[0]).module
        return macros.action_form(head, transition(trigger), form)

    if request.method != "GET":
        return fragments.rendered(render())
    key = ("action", trigger, head.id, head.lock_version, suggestion, date.today(), scope)
    return fragments.cached_form(key, MACRO_TEMPLATES, render)


def _remark_form_html(head: ProposalHead, form: RemarkForm | None, scope: tuple) -> Markup:
    """The remark form; a fresh one (GET) is the same for every proposal but its URL."""

    def render() -> str:
        macros = current_app.jinja_env.get_template(MACRO_TEMPLATES[0]).module
        return macros.remark_form(head, form or RemarkForm())

    if form is not None or request.method != "GET":
        return fragments.rendered(render())
    return fragments.cached_form(("remark", head.id, scope), MACRO_TEMPLATES, render)


def _render(name: str, **context: Any) -> Markup:
    """A page part from a template that sees only what it is given (no user, no session)."""
    return fragments.rendered(current_app.jinja_env.get_template(name).render(**context))


def _version_key(version: VersionHead | None) -> tuple | None:
    """What the page shows of a frozen version but its content, and its content's hash."""
    if version is None:
        return None
    return (version.id, version.number, version.created_at, version.sha256)


def _is_frozen(head: ProposalHead) -> bool:
    """Whether the page shows a frozen version (else the editable draft)."""
    return head.latest is not None and head.state != ProposalState.DRAFT.value


_REFS = fragments.FragmentCache(1024)


def _version_refs(version: VersionHead) -> frozenset[int]:
    """The bodies a frozen version names, remembered per version (immutable)."""
    key = _version_key(version)
    found = _REFS.get(key, ())
    if found is None:
        found = frozenset(body_ref_ids(version.content))
        _REFS.put(key, (), found)
    return found


def _body_ids(head: ProposalHead) -> set[int]:
    """The bodies whose names the page shows: the shown content's and, for the diff, the two
    newest versions'."""
    ids = set(_version_refs(head.latest)) if _is_frozen(head) else body_ref_ids(head.content)
    if head.previous is not None:
        ids |= _version_refs(head.latest) | _version_refs(head.previous)
    return ids


def _names_key(names: dict[int, str]) -> tuple[tuple[int, str], ...]:
    return tuple(sorted(names.items()))


def _remarks_key(rows: PageRows) -> tuple:
    return tuple(
        (remark.section, remark.text, remark.author_name)
        for section in rows.remarks.values()
        for remark in section
    )


def _facts_html(head: ProposalHead, rows: PageRows, scope: tuple) -> Markup:
    """Title, state, version, registry body and approvals; cached under all of them (the
    people's current names included)."""
    required = approvals_required()

    def render() -> str:
        return _render(
            FACTS_TEMPLATES[0],
            proposal=head,
            version=head.latest,
            approvals=rows.approvals,
            approvals_required=required,
        )

    approvals = tuple((a.reviewer_name, a.recommendation) for a in rows.approvals)
    key = (
        "facts",
        head.id,
        head.reference,
        head.title,
        head.state,
        head.body_name,
        _version_key(head.latest),
        approvals,
        required,
        scope,
    )
    return fragments.cached(key, FACTS_TEMPLATES, render)


def _steckbrief_html(head: ProposalHead, rows: PageRows, scope: tuple) -> Markup:
    """The Steckbrief with each section's remarks. A frozen version is immutable: its HTML is
    cached under its id and hash, the names it shows and the remarks with their authors'
    names. A draft changes with every save and is rendered anew."""
    frozen = _is_frozen(head)
    content = (head.latest.content if frozen else head.content) or {}

    def render() -> str:
        return _render(
            STECKBRIEF_PARTIAL,
            content=content,
            body_names=rows.body_names,
            remarks=rows.remarks,
            proposal=head,
        )

    if not frozen:
        return fragments.rendered(render())
    key = (
        "steckbrief",
        _version_key(head.latest),
        _names_key(rows.body_names),
        _remarks_key(rows),
        scope,
    )
    return fragments.cached(key, STECKBRIEF_TEMPLATES, render)


def _record_html(head: ProposalHead, rows: PageRows, scope: tuple) -> Markup:
    """Changes, Steckbrief, documents and history. Cached while a frozen version is shown,
    under the versions, names, remarks and every event with its actor's current name."""
    version, previous = head.latest, head.previous

    def render() -> str:
        changes = (
            diff_versions(previous.content or {}, version.content or {}, rows.body_names)
            if previous
            else []
        )
        return _render(
            RECORD_TEMPLATES[0],
            proposal=head,
            version=version,
            previous=previous,
            changes=changes,
            steckbrief_html=_steckbrief_html(head, rows, scope),
            timeline=timeline(rows.events),
        )

    if not _is_frozen(head):
        return render()
    events = tuple((event.id, event.hash, event.actor_name) for event in rows.events)
    key = (
        "record",
        head.id,
        _version_key(version),
        _version_key(previous),
        _names_key(rows.body_names),
        _remarks_key(rows),
        events,
        scope,
    )
    return fragments.cached(key, RECORD_TEMPLATES, render)


_BODY_HINTS = fragments.FragmentCache(4096)


def load(proposal_id: int) -> tuple[ProposalHead, PageRows] | None:
    """The proposal and the rows its page shows, in one statement on a warm process.

    Which bodies a proposal's content names is known only from its content, so the statement
    asks for the names of the bodies this process saw named on the page last time (a hint,
    never a name: every name is read now). Bodies the content names beyond the hint (a
    process's first visit, a draft that now names another body) cost a second statement."""
    hint = _BODY_HINTS.get(proposal_id, ()) or frozenset()
    found = queries.proposal_page(proposal_id, hint, date.today().year)
    if found is None:
        return None
    head, rows = found
    needed = frozenset(_body_ids(head))
    if not needed <= hint:
        rows.body_names.update(queries.body_names(needed - hint))
    if needed != hint:
        _BODY_HINTS.put(proposal_id, (), needed)
    rows.body_names = {key: name for key, name in rows.body_names.items() if key in needed}
    return head, rows


def page_context(
    head: ProposalHead, rows: PageRows, user: User, remark_form: RemarkForm | None = None
) -> dict:
    """Everything the proposal page template needs, from the rows ``load`` read. The parts
    that are the same for every viewer come from per-process caches (see fragments)."""
    scope = _scope()
    approvers = {approval.reviewer_id for approval in rows.approvals}
    triggers = allowed_triggers(head, user, approvers)
    suggestion = (
        number_after(date.today().year, rows.highest_decision)
        if NUMBERED_TRIGGERS.intersection(triggers)
        else None
    )
    show_remark_form = remark_form is not None or may_remark(head, user)
    return {
        "proposal": head,
        "facts_html": _facts_html(head, rows, scope),
        "actions": [(transition(t), _action_html(head, t, suggestion, scope)) for t in triggers],
        "remark_form_html": (
            _remark_form_html(head, remark_form, scope) if show_remark_form else None
        ),
        "record_html": _record_html(head, rows, scope),
    }

"""Read side of the registry: bodies, their grouping and tree, search, decisions and expiry.

The whole registry is a few hundred rows at most: bodies are loaded once and grouped,
searched and nested in Python (the same on SQLite and PostgreSQL, no N+1 queries).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import not_, select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.formatting import today_berlin
from app.models import Body, Decision, HistoryEvent, Proposal, ProposalVersion
from app.models.decision import IN_FORCE_KINDS
from app.registry.seed import SEED_FILE
from app.topics.queries import topic_label, topic_names

STATUS_CURRENT, STATUS_DISSOLVED, STATUS_ALL = "aktuell", "aufgeloest", "alle"
STATUSES = (STATUS_CURRENT, STATUS_DISSOLVED, STATUS_ALL)
DISSOLVED_ACTION = "registry_dissolved"
NO_TOPIC = _l("Ohne Schwerpunktthema")


@cache
def seed_data() -> dict:
    """The reference file of the registry (read once)."""
    return json.loads(SEED_FILE.read_text(encoding="utf-8"))


def seed_decision_notes(key: str) -> list[dict[str, str]]:
    """The known decisions of a seeded body ({number, note}); not full Decision rows."""
    for entry in seed_data()["bodies"]:
        if entry["key"] == key:
            return list(entry.get("decisions") or [])
    return []


def known_focus_topics() -> list[str]:
    """The office's focus topics in their order, then any others in use."""
    topics = topic_names()
    used = db.session.scalars(select(Body.focus_topic).distinct()).all()
    extra = sorted({topic_label(value) for value in used if value} - set(topics))
    return topics + extra


def all_bodies() -> list[Body]:
    """Every body, in registry order (the seed's order, then newer entries)."""
    return list(db.session.scalars(select(Body).order_by(Body.id)))


def current_bodies(today: date | None = None) -> list[Body]:
    """Bodies that are not dissolved today."""
    today = today or today_berlin()
    return [body for body in all_bodies() if not body.is_dissolved(today)]


def dissolved_bodies(today: date | None = None, bodies: list[Body] | None = None) -> list[Body]:
    """Bodies whose end date has passed, the most recently ended first."""
    today = today or today_berlin()
    bodies = all_bodies() if bodies is None else bodies
    ended = [body for body in bodies if body.is_dissolved(today)]
    return sorted(ended, key=lambda body: (-body.end_date.toordinal(), body.name))


def body_by_key(key: str) -> Body | None:
    """The body with this key, if any."""
    return db.session.scalar(select(Body).where(Body.key == key))


def _matches(body: Body, needle: str) -> bool:
    fields = (body.name, body.alias, body.short_name, body.lead, body.description, body.key)
    fields += (topic_label(body.focus_topic), body.kind_label)
    return any(needle in value.casefold() for value in fields if value)


def search_bodies(
    q: str | None = None,
    kind: str | None = None,
    focus_topic: str | None = None,
    status: str = STATUS_CURRENT,
    today: date | None = None,
    bodies: list[Body] | None = None,
) -> list[Body]:
    """Bodies matching a free-text query, kind, focus topic (label) and status."""
    today = today or today_berlin()
    needle = (q or "").strip().casefold()
    found = []
    for body in all_bodies() if bodies is None else bodies:
        dissolved = body.is_dissolved(today)
        if status != STATUS_ALL and dissolved != (status == STATUS_DISSOLVED):
            continue
        if kind and body.kind != kind:
            continue
        if focus_topic and topic_label(body.focus_topic) != focus_topic:
            continue
        if needle and not _matches(body, needle):
            continue
        found.append(body)
    return found


@dataclass
class TreeNode:
    """A node of the registry's structure: a body, or a heading (focus topic, group)."""

    label: str
    body: Body | None = None
    slug: str = ""
    children: list[TreeNode] = field(default_factory=list)


@dataclass
class Section:
    """One group of the Gremienstruktur page, as on the council's own page."""

    slug: str
    title: str
    intro: str
    nodes: list[TreeNode]


def nest(bodies: list[Body]) -> list[TreeNode]:
    """Nest bodies under their parents where the parent is among them (cycle-safe)."""
    ids = {body.id for body in bodies}
    by_parent: dict[int | None, list[Body]] = {}
    for body in bodies:
        parent = body.parent_id if body.parent_id in ids else None
        by_parent.setdefault(parent, []).append(body)

    def build(body: Body, seen: frozenset[int]) -> TreeNode:
        kids = [kid for kid in by_parent.get(body.id, []) if kid.id not in seen]
        return TreeNode(body.name, body, body.key, [build(k, seen | {k.id}) for k in kids])

    roots = [build(body, frozenset({body.id})) for body in by_parent.get(None, [])]
    placed = {node.body.id for node in walk(roots)}
    # Bodies in a parent cycle have no root (the office's form prevents that): list them flat.
    return roots + [TreeNode(b.name, b, b.key) for b in bodies if b.id not in placed]


def walk(nodes: list[TreeNode]):
    """Every node of a forest, depth first."""
    for node in nodes:
        yield node
        yield from walk(node.children)


def body_tree(today: date | None = None) -> list[TreeNode]:
    """The current bodies as a parent/child forest (roots: bodies without a current parent)."""
    return nest(current_bodies(today))


LINKED_SLUG = "vernetzt"


def _council_section(bodies: list[Body]) -> Section:
    """The council with the bodies below it, and the bodies it is only linked with.

    A "linked" body with a parent reports to it (e.g. the AL-Runde); one without a parent
    (FITKO, the conferences) is linked with the council but not below it."""
    councils = [body for body in bodies if body.category == "council"]
    linked = [TreeNode(b.name, b, b.key) for b in bodies if b.category == "linked"]
    below = [node for node in linked if node.body.parent_id]
    beside = [node for node in linked if not node.body.parent_id]
    nodes = [TreeNode(body.name, body, body.key) for body in councils]
    if nodes:
        nodes[0].children = below
    else:
        nodes = below
    if beside:
        nodes.append(TreeNode(_("Vernetzt, nicht nachgeordnet"), None, LINKED_SLUG, beside))
    intro = _(
        "Der IT-Planungsrat ist mit diesen Akteuren und Gremien direkt vernetzt. Einige "
        "arbeiten ihm zu; die übrigen sind eigenständig und ihm nicht nachgeordnet."
    )
    title = _("Der IT-Planungsrat und die mit ihm verbundenen Gremien")
    return Section("rat", title, intro, nodes)


def _topic_nodes(bodies: list[Body]) -> list[TreeNode]:
    no_topic = str(NO_TOPIC)
    by_topic: dict[str, list[Body]] = {}
    for body in bodies:
        by_topic.setdefault(topic_label(body.focus_topic) or no_topic, []).append(body)
    order = [*topic_names(), *sorted(by_topic), no_topic]
    topics = sorted(by_topic, key=order.index)
    return [TreeNode(t, None, f"thema-{i}", nest(by_topic[t])) for i, t in enumerate(topics, 1)]


SECTION_TEXTS = {
    "working_format": (
        "arbeitsformate",
        _l("Arbeitsformate nach Schwerpunktthemen"),
        _l("Die Arbeitsformate sind den Schwerpunktthemen des IT-Planungsrats zugeordnet."),
    ),
    "project_group": (
        "projektgruppen",
        _l("Befristete Projektgruppen des IT-Planungsrats"),
        _l("Projektgruppen werden für eine bestimmte Zeit eingesetzt."),
    ),
    "programme": (
        "programme",
        _l("Programme im Umfeld des IT-Planungsrats"),
        _l("Programme bündeln Vorhaben; ihre Teile stehen unter dem jeweiligen Programm."),
    ),
    "other": ("weitere", _l("Weitere Gremien"), ""),
}


def registry_sections(bodies: list[Body]) -> list[Section]:
    """Group bodies as the council's page does: council and linked, topics, groups, programmes."""
    sections = [_council_section(bodies)]
    known = {"council", "linked", "working_format", "project_group", "programme"}
    for category in ("working_format", "project_group", "programme", "other"):
        members = [
            body
            for body in bodies
            if body.category == category or (category == "other" and body.category not in known)
        ]
        if not members:
            continue
        slug, title, intro = SECTION_TEXTS[category]
        nodes = _topic_nodes(members) if category == "working_format" else nest(members)
        sections.append(Section(slug, str(title), str(intro), nodes))
    return [section for section in sections if section.nodes]


def proposal_ids_by_body() -> dict[int, int]:
    """For bodies created through the app: body id → id of the proposal that created it."""
    stmt = select(Proposal.body_id, Proposal.id).where(Proposal.body_id.is_not(None))
    return dict(db.session.execute(stmt).all())


def proposal_for_body(body: Body) -> Proposal | None:
    """The proposal that created this body, if it came through the app."""
    stmt = select(Proposal).where(Proposal.body_id == body.id).order_by(Proposal.id).limit(1)
    return db.session.scalar(stmt)


def decided_content(proposal: Proposal) -> dict | None:
    """The Steckbrief content of the version the council decided on (else the latest)."""
    stmt = select(Decision.version_id).where(
        Decision.proposal_id == proposal.id, Decision.kind == "establish"
    )
    version_id = db.session.scalar(stmt)
    for version in proposal.versions:
        if version.id == version_id:
            return version.content
    latest = proposal.latest_version
    return latest.content if latest else None


def versions_in_force(body: Body) -> list[tuple[Decision, str, int]]:
    """(decision, proposal reference, version number) of every decision that put a version
    of the body's Steckbrief in force, oldest first."""
    stmt = (
        select(Decision, Proposal.reference, ProposalVersion.number)
        .join(ProposalVersion, ProposalVersion.id == Decision.version_id)
        .join(Proposal, Proposal.id == ProposalVersion.proposal_id)
        .where(Decision.body_id == body.id, Decision.kind.in_(IN_FORCE_KINDS))
        .order_by(Decision.decided_on, Decision.id)
    )
    return [tuple(row) for row in db.session.execute(stmt).unique()]


def content_in_force(body: Body, founding: Proposal | None) -> dict | None:
    """The Steckbrief in force: of the latest establishing or changing decision."""
    stmt = (
        select(ProposalVersion.content)
        .join(Decision, Decision.version_id == ProposalVersion.id)
        .where(Decision.body_id == body.id, Decision.kind.in_(IN_FORCE_KINDS))
        .order_by(Decision.decided_on.desc(), Decision.id.desc())
        .limit(1)
    )
    content = db.session.scalar(stmt)
    if content is None and founding is not None:
        return decided_content(founding)
    return content


def decisions_for(body: Body) -> list[Decision]:
    """The council decisions concerning this body, oldest first."""
    stmt = (
        select(Decision)
        .where(Decision.body_id == body.id)
        .order_by(Decision.decided_on, Decision.year, Decision.sequence)
    )
    return list(db.session.scalars(stmt))


def history_for(body: Body) -> list[HistoryEvent]:
    """The history events concerning this body, newest first."""
    stmt = (
        select(HistoryEvent)
        .options(joinedload(HistoryEvent.actor))
        .where(HistoryEvent.body_id == body.id)
        .order_by(HistoryEvent.id.desc())
    )
    return list(db.session.scalars(stmt))


def formally_dissolved_ids() -> set[int]:
    """Bodies dissolved by a decision or whose end the office has confirmed."""
    by_decision = select(Decision.body_id).where(
        Decision.kind == "dissolve", Decision.body_id.is_not(None)
    )
    by_office = select(HistoryEvent.body_id).where(
        HistoryEvent.action == DISSOLVED_ACTION, HistoryEvent.body_id.is_not(None)
    )
    return set(db.session.scalars(by_decision)) | set(db.session.scalars(by_office))


@dataclass(frozen=True)
class ExpiringBody:
    """A time-limited body whose end date is near or past."""

    body: Body
    days_left: int
    proposal_id: int | None


def expiring_bodies(days: int, today: date | None = None) -> list[ExpiringBody]:
    """Time-limited bodies ending within `days` days or already past, not yet dissolved."""
    today = today or today_berlin()
    stmt = (
        select(Body)
        .where(
            Body.end_date.is_not(None),
            Body.open_ended.is_(False),
            Body.end_date <= today + timedelta(days=days),
            not_(Body.dissolution_decided),  # dissolved through the workflow: done
        )
        .order_by(Body.end_date, Body.name)
    )
    done = formally_dissolved_ids()
    proposals = proposal_ids_by_body()
    return [
        ExpiringBody(body, (body.end_date - today).days, proposals.get(body.id))
        for body in db.session.scalars(stmt)
        if body.id not in done
    ]


def proposals_for_export() -> list[Proposal]:
    """All proposals for the office's CSV list, oldest first."""
    return list(db.session.scalars(select(Proposal).order_by(Proposal.created_at, Proposal.id)))

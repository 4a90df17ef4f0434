"""Realistic bulk data for benchmarks and query-count tests: bodies, proposals in every state.

Rows are built as plain dicts with explicit ids and written in batches (COPY on PostgreSQL,
multi-row INSERT on SQLite); no ORM objects, no operations. The history is a valid hash
chain. Generation is deterministic (a seeded random generator).
"""

from __future__ import annotations

import contextlib
import json
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Connection, Engine, Table, insert, text
from sqlalchemy.exc import DBAPIError

from app.audit.history import GENESIS_HASH, event_hash, sha256_of
from app.models import (
    ApiToken,
    Approval,
    Body,
    Decision,
    HistoryEvent,
    Proposal,
    ProposalVersion,
    User,
    UserRole,
)
from app.models.api_token import hash_token
from app.models.user import SECOND_FACTOR_ROLES, _hasher
from app.proposals.schema_options import FOCUS_TOPICS, KINDS
from tests.factories_steckbrief import complete_steckbrief

PASSWORD = "Bench-Passwort-2026"  # noqa: S105 - throw-away benchmark accounts
BENCH_TOTP_SECRET = "BENCHBENCHBENCHBENCHBENCHBENCH23"  # noqa: S105 - throw-away accounts
API_TOKEN = "gp_bench-token-not-secret-0000000000000000000"  # noqa: S105
BATCH = 5000
NOW = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
TODAY = date(2026, 11, 28)

# Where proposals stand: most have long been decided; the queues hold a few per cent.
STATE_WEIGHTS = {
    "draft": 10,
    "review": 3,
    "resolution": 2,
    "established": 40,
    "dissolved": 15,
    "rejected": 15,
    "withdrawn": 15,
}
WORDS = [
    "Registermodernisierung",
    "Cloud",
    "Barrierefreiheit",
    "Datenschutz",
    "Informationssicherheit",
    "Onlinezugang",
    "Portalverbund",
    "Standardisierung",
    "Interoperabilität",
    "Nachnutzung",
    "Vergabe",
    "Architektur",
    "Souveränität",
    "Kommunen",
    "Bildung",
    "Gesundheit",
    "Justiz",
    "Steuern",
    "Mobilität",
]
CATEGORIES = ("working_format", "working_format", "working_format", "project_group", "programme")


@dataclass
class Dataset:
    """What a benchmark or test needs to address the generated rows."""

    proposals: int
    bodies: int
    applicant_id: int = 0
    reviewer_id: int = 0
    office_id: int = 0
    body_key: str = ""
    show_proposal_id: int = 0  # in resolution, two versions, approvals and history
    # Complete drafts of the applicant: to save steps of, and to submit.
    edit_draft_ids: list[int] = field(default_factory=list, repr=False)
    submit_draft_ids: list[int] = field(default_factory=list, repr=False)
    api_token: str = API_TOKEN


class Rows:
    """Rows per table, with explicit ids."""

    def __init__(self) -> None:
        self.tables: dict[Table, list[dict[str, Any]]] = {}
        self.ids: dict[Table, int] = {}

    def add(self, model, **values: Any) -> int:
        """Add one row; returns its id (assigned here unless given)."""
        table = model.__table__
        if "id" in table.c and "id" not in values:
            values["id"] = self.ids.get(table, 0) + 1
        if "id" in values:
            self.ids[table] = values["id"]
        self.tables.setdefault(table, []).append(values)
        return values.get("id", 0)


def _users(rows: Rows, data: Dataset, applicants: int) -> list[int]:
    password_hash = _hasher.hash(PASSWORD)

    def user(email: str, name: str, *roles: str) -> int:
        user_id = rows.add(
            User,
            email=email,
            name=name,
            organisation="Benchmark-Behörde",
            password_hash=password_hash,
            session_token=f"bench-session-{email}",
            active=True,
            last_login_at=None,
            # The office signs in with a second factor (its sessions here are made directly).
            totp_secret=BENCH_TOTP_SECRET if SECOND_FACTOR_ROLES & set(roles) else None,
            totp_enrolled_at=NOW if SECOND_FACTOR_ROLES & set(roles) else None,
            created_at=NOW,
            updated_at=NOW,
        )
        for role in roles:
            rows.add(UserRole, user_id=user_id, role=role)
        return user_id

    owners = [
        user(f"antrag{i}@bench.example.org", f"Antrag {i}", "applicant")
        for i in range(1, applicants + 1)
    ]
    data.applicant_id = owners[0]
    data.reviewer_id = user("pruefung1@bench.example.org", "Prüfung Eins", "reviewer")
    user("pruefung2@bench.example.org", "Prüfung Zwei", "reviewer")
    data.office_id = user("gs@bench.example.org", "Geschäftsstelle", "secretariat")
    rows.add(
        ApiToken,
        name="Benchmark",
        user_id=data.office_id,
        token_hash=hash_token(API_TOKEN),
        hint=API_TOKEN[:12],
        created_by_id=data.office_id,
        created_at=NOW,
        last_used_at=None,
        revoked_at=None,
    )
    return owners


def _bodies(rows: Rows, rng: random.Random, count: int) -> None:
    topics = [label for _, label in FOCUS_TOPICS]
    rows.add(
        Body, key="it-planungsrat", name="IT-Planungsrat", short_name="IT-PLR", kind="gremium",
        category="council", focus_topic=None, parent_id=None, start_date=date(2010, 4, 1),
        end_date=None, open_ended=True, lead="Vorsitz", description="Der IT-Planungsrat.",
        created_at=NOW, updated_at=NOW,
    )  # fmt: skip
    for number in range(2, count + 1):
        # Bodies 3 and 4 end soon and have ended: the expiry and dissolved pages list some.
        kind = "projektgruppe" if number in (3, 4) else rng.choice(KINDS)[0]
        limited = kind == "projektgruppe"
        start = TODAY - timedelta(days=rng.randint(100, 3000))
        # Time-limited bodies end within the next two years, some soon, some already.
        end = TODAY + timedelta(days=rng.randint(-400, 700)) if limited else None
        if number in (3, 4):
            end = TODAY + timedelta(days=30 if number == 3 else -30)
        rows.add(
            Body,
            key=f"gremium-{number}",
            name=f"{dict(KINDS)[kind]} {rng.choice(WORDS)} {number}",
            short_name=f"G{number}",
            kind=kind,
            category="project_group" if limited else rng.choice(CATEGORIES),
            focus_topic=rng.choice(topics),
            parent_id=rng.randint(1, max(1, number - 1)) if number > 2 else 1,
            start_date=start,
            end_date=end,
            open_ended=not limited,
            lead=f"Land {rng.randint(1, 16)}",
            description=" ".join(rng.choices(WORDS, k=40)),
            created_at=NOW,
            updated_at=NOW,
        )


def _content(rng: random.Random, kind: str, parent: int, number: int) -> dict[str, Any]:
    content = complete_steckbrief(kind, parent)
    master = content["master_data"]
    master["name"] = f"{dict(KINDS)[kind]} {rng.choice(WORDS)} {rng.choice(WORDS)} {number}"
    master["short_name"] = f"P{number}"
    master["focus_topic"] = rng.choice(FOCUS_TOPICS)[0]
    return content


class History:
    """Builds the global hash chain in id order."""

    def __init__(self, rows: Rows) -> None:
        self.rows = rows
        self.prev = GENESIS_HASH

    def add(self, proposal_id: int, actor: int, action: str, states: tuple, when, **extra) -> None:
        """Append one event of a proposal."""
        values = {
            "proposal_id": proposal_id,
            "body_id": extra.get("body_id"),
            "actor_id": actor,
            "occurred_at": when,
            "action": action,
            "from_state": states[0],
            "to_state": states[1],
            "version_sha256": extra.get("sha"),
            "inputs": extra.get("inputs") or {},
            "prev_hash": self.prev,
        }
        values["hash"] = self.prev = event_hash(SimpleNamespace(**values))
        self.rows.add(HistoryEvent, **values)


@dataclass
class Cast:
    """The acting users."""

    reviewers: tuple[int, int]
    office: int


class Decisions:
    """Council decisions numbered YYYY/N per year."""

    def __init__(self, rows: Rows) -> None:
        self.rows = rows
        self.sequence: dict[int, int] = {}

    def add(self, proposal: dict, version_id: int, kind: str, when: datetime) -> str:
        """A decision about a proposal; returns its number."""
        year = when.year
        self.sequence[year] = self.sequence.get(year, 0) + 1
        number = f"{year}/{self.sequence[year]:02d}"
        self.rows.add(
            Decision,
            number=number,
            year=year,
            sequence=self.sequence[year],
            decided_on=when.date(),
            session=str(40 + year % 10),
            title=proposal["title"],
            text=f"Der IT-Planungsrat beschließt: {kind} {proposal['title']}.",
            kind=kind,
            proposal_id=proposal["id"],
            version_id=version_id,
            body_id=proposal["body_id"],
            created_at=when,
        )
        return number


def _lifecycle(rows, history, decisions, cast: Cast, proposal, content, rng, versions=0) -> None:
    """Versions, approvals, decisions and history events for a proposal's state."""
    state, pid = proposal["state"], proposal["id"]
    when = proposal["submitted_at"] or proposal["created_at"]
    step = timedelta(days=3)
    if state == "draft" or (state == "withdrawn" and rng.random() < 0.5):
        if state == "withdrawn":
            history.add(pid, proposal["owner_id"], "withdraw", ("draft", "withdrawn"), when,
                        inputs={"reason": "Nicht mehr benötigt."})  # fmt: skip
        return
    versions = versions or (2 if rng.random() < 0.1 else 1)
    version_id, sha = 0, ""
    for number in range(1, versions + 1):
        snapshot = content if number == versions else {**content, "goals": {"goals": []}}
        sha = sha256_of(snapshot)
        version_id = rows.add(
            ProposalVersion, proposal_id=pid, number=number, content=snapshot, sha256=sha,
            created_by_id=proposal["owner_id"], created_at=when,
        )  # fmt: skip
        history.add(pid, proposal["owner_id"], "submit", ("draft", "review"), when, sha=sha)
        when += step
        if number < versions:
            history.add(pid, cast.reviewers[0], "return_for_revision", ("review", "draft"), when,
                        inputs={"comment": "Bitte Ziele präzisieren."})  # fmt: skip
            when += step
    if state == "review":
        return
    if state == "withdrawn":
        history.add(pid, proposal["owner_id"], "withdraw", ("review", "withdrawn"), when,
                    inputs={"reason": "Zurückgezogen."})  # fmt: skip
        return
    if state == "rejected" and rng.random() < 0.5:
        history.add(pid, cast.reviewers[1], "reject", ("review", "rejected"), when,
                    inputs={"reason": "Überschneidung mit bestehendem Gremium."})  # fmt: skip
        return
    for reviewer in cast.reviewers:
        rows.add(Approval, proposal_id=pid, version_id=version_id, reviewer_id=reviewer,
                 recommendation="Empfohlen.", created_at=when)  # fmt: skip
    history.add(pid, cast.reviewers[0], "approval_recorded", ("review", "review"), when, sha=sha)
    history.add(pid, cast.reviewers[1], "approve", ("review", "resolution"), when + step, sha=sha)
    when += 2 * step
    if state == "resolution":
        return
    kind = "decline" if state == "rejected" else "establish"
    number = decisions.add(proposal, version_id, kind, when)
    target = "rejected" if state == "rejected" else "established"
    history.add(pid, cast.office, kind, ("resolution", target), when, sha=sha,
                body_id=proposal["body_id"], inputs={"decision_number": number})  # fmt: skip
    if state == "dissolved":
        when += timedelta(days=400)
        number = decisions.add(proposal, version_id, "dissolve", when)
        history.add(pid, cast.office, "dissolve", ("established", "dissolved"), when,
                    body_id=proposal["body_id"], inputs={"decision_number": number})  # fmt: skip


def _proposal(
    rows, rng, pid, owner, state, bodies, body_id, kind=None, name=None
) -> tuple[dict, dict]:
    kind = kind or rng.choice(KINDS)[0]
    parent = rng.randint(1, bodies)
    content = _content(rng, kind, parent, pid)
    master = content["master_data"]
    if name:  # a name and short name unlike any body's: no overlap delimitation needed
        master["name"], master["short_name"] = name, "LS-" + name.rsplit(" ", 1)[1]
    end = content["establishment"]["end_date"]
    created = NOW - timedelta(days=rng.randint(30, 1100), minutes=rng.randint(0, 1440))
    values = {
        "id": pid,
        "reference": f"GS-{created.year}-{pid:05d}",
        "owner_id": owner,
        "state": state,
        "title": master["name"],
        "short_name": master["short_name"],
        "kind": kind,
        "focus_topic": master["focus_topic"],
        "parent_body_id": parent,
        "end_date": date.fromisoformat(end) if end else None,
        "open_ended": end is None,
        "content": content,
        "lock_version": 1,
        "body_id": body_id,
        "submitted_at": None if state == "draft" else created + timedelta(days=2),
        "created_at": created,
        "updated_at": created + timedelta(days=rng.randint(2, 25)),
    }
    rows.add(Proposal, **values)
    return values, content


def build_rows(
    proposals: int, bodies: int, pools: tuple[int, int] = (8, 400), seed: int = 2026
) -> tuple[Rows, Dataset]:
    """All rows: ``proposals`` proposals (every state at least once), ``bodies`` bodies.

    ``pools``: how many extra complete drafts of the benchmark applicant to generate for
    step saves and for submissions.
    """
    rng = random.Random(seed)
    rows, data = Rows(), Dataset(proposals, bodies)
    owners = _users(rows, data, applicants=max(2, min(50, proposals // 20)))
    cast = Cast((data.reviewer_id, data.reviewer_id + 1), data.office_id)
    _bodies(rows, rng, bodies)
    history, decisions = History(rows), Decisions(rows)
    states = rng.choices(list(STATE_WEIGHTS), weights=list(STATE_WEIGHTS.values()), k=proposals)
    states[: len(STATE_WEIGHTS)] = [
        "established",
        *[s for s in STATE_WEIGHTS if s != "established"],
    ]
    free_bodies = iter(range(2, bodies + 1))
    for pid, state in enumerate(states, start=1):
        body_id = next(free_bodies, None) if state in ("established", "dissolved") else None
        owner = owners[pid % len(owners)]
        values, content = _proposal(rows, rng, pid, owner, state, bodies, body_id)
        _lifecycle(rows, history, decisions, cast, values, content, rng)
    _pools(rows, rng, data, cast, history, decisions, bodies, pools)
    return rows, data


def _pools(rows, rng, data: Dataset, cast: Cast, history, decisions, bodies, pools) -> None:
    """The rows the benchmark acts on: a proposal to show, drafts to save and to submit."""
    pid = rows.ids[Proposal.__table__] + 1
    values, content = _proposal(
        rows, rng, pid, data.applicant_id, "resolution", bodies, None, kind="projektgruppe"
    )
    _lifecycle(rows, history, decisions, cast, values, content, rng, versions=2)
    data.show_proposal_id = pid
    for pool, size in zip((data.edit_draft_ids, data.submit_draft_ids), pools, strict=True):
        for _ in range(size):
            pid += 1
            name = f"Lotsenstelle {_letters(pid)}"
            _proposal(
                rows, rng, pid, data.applicant_id, "draft", bodies, None, "projektgruppe", name
            )
            pool.append(pid)
    # The first established proposal created body 2: a page with Steckbrief and history.
    data.body_key = "gremium-2"


def _letters(number: int) -> str:
    """A number as letters (1 → B, 26 → BA): names without digits, unlike the bodies'."""
    text = ""
    while True:
        number, digit = divmod(number, 26)
        text = chr(ord("A") + digit) + text
        if not number:
            return text


def _plain(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else value


def _copy(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """PostgreSQL: COPY the rows (far faster than INSERT for large sets)."""
    columns = list(rows[0])
    names = ", ".join(f'"{name}"' for name in columns)
    raw = connection.connection.driver_connection
    with raw.cursor() as cursor, cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([_plain(row[name]) for name in columns])


def _batches(rows: list[dict[str, Any]]) -> Iterable[list[dict[str, Any]]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]


def write_rows(connection: Connection, rows: Rows) -> None:
    """Write every table's rows, parents first; then move PostgreSQL's id sequences on."""
    postgres = connection.dialect.name == "postgresql"
    order = [table for table in Body.metadata.sorted_tables if table in rows.tables]
    for table in order:
        for batch in _batches(rows.tables[table]):
            if postgres:
                _copy(connection, table, batch)
            else:
                connection.execute(insert(table), batch)
    if postgres:
        for table in order:
            if "id" in table.c:
                connection.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "  # noqa: S608
                        f'(SELECT max(id) FROM "{table.name}"))'
                    )
                )


def generate(
    connection: Connection, proposals: int, bodies: int = 300, pools: tuple[int, int] = (8, 400)
) -> Dataset:
    """Generate and write a data set; the caller commits."""
    rows, data = build_rows(proposals, bodies, pools)
    write_rows(connection, rows)
    return data


def analyse(engine: Engine) -> None:
    """After a bulk load: statistics for the planner; on PostgreSQL also the visibility map
    (VACUUM), without which counts cannot use index-only scans, as autovacuum would later.

    On PostgreSQL a CHECKPOINT follows: the load leaves up to gigabytes of dirty pages, which
    the server would otherwise write out in the middle of the measurements (a steady server
    has long written its data). It needs a superuser or pg_checkpoint; without, it is skipped.
    """
    postgres = engine.dialect.name == "postgresql"
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE" if postgres else "ANALYZE"))
        if postgres:
            with contextlib.suppress(DBAPIError):
                connection.execute(text("CHECKPOINT"))

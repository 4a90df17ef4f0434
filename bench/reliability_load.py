"""Reliability under load: gunicorn on loopback, a mixed workload, then correctness checks.

Run: ``.venv/bin/python -m bench.reliability_load --db postgresql --seconds 30 --workers 4``

Applicants create drafts, save a step and submit; reviewers approve; the office establishes;
the public reads the registry, the API and OParl -- all at the same time, for a bounded time.
Afterwards: zero 5xx, every proposal where the acknowledged actions put it, no lost step
save, an intact history chain, a consistent database and every queued e-mail delivered
exactly once to an SMTP server on loopback (counted by the Message-ID the sender sets).

The module also holds the harness the crash tests (tests/reliability) use: the WSGI factory
the server runs, the gunicorn process group, the SMTP inbox and the consistency checks.
Everything listens on 127.0.0.1 only; every run is bounded in time and request count.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import http.client
import itertools
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from pathlib import Path
from urllib.parse import urlencode

from sqlalchemy import select

from bench.load import Request, send
from bench.server import free_port, gunicorn_command, wait_until_ready

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
COOKIE = "gremienportal_session"
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
LOCK_RE = re.compile(r'name="lock_version"[^>]*value="(\d+)"')
MAX_REQUESTS = 200_000  # hard cap, whatever the duration
PUBLIC_PATHS = ("/gremien/", "/api/v1/bodies", "/oparl/v1/bodies/1/organizations")
MAIL_SENDER = "gremienportal@reliability.example"


# --- the server ---------------------------------------------------------------------------


def wsgi_app():
    """The app gunicorn serves: testing config, database and SMTP port from the environment.

    CSRF protection stays on; clients fetch tokens from the forms like a browser.
    """
    from app import create_app
    from config import TestingConfig, database_url

    return create_app(
        TestingConfig,
        SQLALCHEMY_DATABASE_URI=database_url(os.environ["RELIABILITY_DATABASE_URL"]),
        MAIL_BACKEND="smtp",
        MAIL_SERVER=HOST,
        MAIL_PORT=int(os.environ["RELIABILITY_SMTP_PORT"]),
        MAIL_SENDER=MAIL_SENDER,
        MAIL_TIMEOUT=2,
        MAIL_MAX_ATTEMPTS=50,
        API_RATE_LIMIT="1000000 per minute",
        RATELIMIT_ENABLED=False,
        # The seeded drafts share one Steckbrief; without this, each established body would
        # (rightly) block the next submission until it delimits itself from that body.
        OVERLAP_THRESHOLD=101,
    )


class Server:
    """gunicorn in its own process group; ``kill()`` is SIGKILL to the whole group."""

    def __init__(self, database_url: str, smtp_port: int, workers: int = 2) -> None:
        self.database_url = database_url
        self.smtp_port = smtp_port
        self.workers = workers
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def start(self, ready_seconds: float = 30) -> Server:
        env = {
            **os.environ,
            "RELIABILITY_DATABASE_URL": self.database_url,
            "RELIABILITY_SMTP_PORT": str(self.smtp_port),
        }
        self.process = subprocess.Popen(  # noqa: S603
            gunicorn_command("bench.reliability_load:wsgi_app()", self.port, self.workers, 60),
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        try:
            wait_until_ready(self.process, self.port, ready_seconds)
        except RuntimeError:
            self.kill()
            raise
        return self

    def kill(self) -> None:
        """SIGKILL the master and every worker (one process group), then reap the master."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        self.process = None

    def stop(self) -> None:
        """Graceful stop (SIGTERM to the group), SIGKILL if it takes too long."""
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            pass
        self.kill()


# --- the SMTP side -------------------------------------------------------------------------


class Inbox:
    """aiosmtpd handler: counts every received message by its Message-ID."""

    def __init__(self) -> None:
        self.ids: Counter[str] = Counter()
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.ids[str(message["Message-ID"])] += 1
        return "250 Message accepted for delivery"

    def count(self, outbox_id: int) -> int:
        with self.lock:
            return self.ids[outbox_message_id(outbox_id)]

    def snapshot(self) -> Counter[str]:
        with self.lock:
            return Counter(self.ids)


def outbox_message_id(outbox_id: int) -> str:
    """The Message-ID app/mail/sender.py gives an outbox row."""
    return f"<outbox-{outbox_id}@{MAIL_SENDER.rpartition('@')[2]}>"


class SmtpServer:
    """aiosmtpd on a fixed loopback port that can be stopped and started again."""

    def __init__(self, inbox: Inbox, port: int | None = None) -> None:
        self.inbox = inbox
        self.port = port or free_port()
        self.controller = None

    def start(self) -> SmtpServer:
        from aiosmtpd.controller import Controller

        self.controller = Controller(self.inbox, hostname=HOST, port=self.port)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


# --- a browser-like client ------------------------------------------------------------------


@dataclass
class Browser:
    """One signed-in user: session cookie (forged, as after sign-in) and its CSRF token."""

    port: int
    cookie: str
    csrf: str = ""

    @classmethod
    def signed_in(cls, app, user_id: int, port: int) -> Browser:
        from flask.sessions import SecureCookieSessionInterface

        from app.extensions import db
        from app.models import User

        user = db.session.get(User, user_id)
        now = int(time.time())
        payload = {"_user_id": user.get_id(), "login_at": now, "seen_at": now, "_permanent": True}
        cookie = SecureCookieSessionInterface().get_signing_serializer(app).dumps(payload)
        browser = cls(port, cookie)
        status, body, headers = browser.get("/")
        match = re.search(rf"{COOKIE}=([^;]+)", headers.get("set-cookie", ""))
        token = CSRF_RE.search(body.decode())
        if status != 200 or not (match and token):
            raise RuntimeError(f"could not start a session for user {user_id} ({status})")
        browser.cookie, browser.csrf = match.group(1), token.group(1)
        return browser

    def get(self, path: str, timeout: float = 60) -> tuple[int, bytes, dict]:
        headers = {"Cookie": f"{COOKIE}={self.cookie}"}
        return send(HOST, self.port, Request("GET", path, headers=headers), timeout=timeout)

    def post(self, path: str, fields: dict | list, timeout: float = 60) -> tuple[int, bytes, dict]:
        pairs = list(fields.items()) if isinstance(fields, dict) else list(fields)
        body = urlencode([("csrf_token", self.csrf), *pairs]).encode()
        headers = {"Cookie": f"{COOKIE}={self.cookie}"}
        return send(HOST, self.port, Request("POST", path, body, headers), timeout=timeout)

    def lock_version(self, path: str) -> tuple[int, str | None]:
        """GET an action form; its status and the lock_version it carries."""
        status, body, _headers = self.get(path)
        match = LOCK_RE.search(body.decode(errors="replace"))
        return status, match.group(1) if match else None


def succeeded(status: int, headers: dict) -> bool:
    """A form POST that went through: a redirect that is not to the sign-in page."""
    return status in (302, 303) and "/anmelden" not in headers.get("location", "")


ESTABLISH_TEXT = "Der IT-Planungsrat beschließt die Einsetzung der Projektgruppe."


def approve(browser: Browser, proposal_id: int) -> tuple[int, dict]:
    """GET the approve form (for the lock version), POST it."""
    path = f"/antraege/{proposal_id}/aktion/approve"
    status, version = browser.lock_version(path)
    if version is None:
        return status, {}
    fields = {"lock_version": version, "confirm": "y", "recommendation": "Empfohlen."}
    status, _body, headers = browser.post(path, fields)
    return status, headers


def establish(browser: Browser, proposal_id: int, number: str) -> tuple[int, dict]:
    """GET the establish form, POST the decision."""
    path = f"/antraege/{proposal_id}/aktion/establish"
    status, version = browser.lock_version(path)
    if version is None:
        return status, {}
    fields = {
        "lock_version": version,
        "confirm": "y",
        "decision_number": number,
        "decision_date": "2026-03-17",
        "session": "42",
        "decision_text": ESTABLISH_TEXT,
    }
    status, _body, headers = browser.post(path, fields)
    return status, headers


def submit(browser: Browser, proposal_id: int) -> tuple[int, dict]:
    """GET the submit form, POST it."""
    path = f"/antraege/{proposal_id}/aktion/submit"
    status, version = browser.lock_version(path)
    if version is None:
        return status, {}
    status, _body, headers = browser.post(path, {"lock_version": version, "confirm": "y"})
    return status, headers


def issue_vorlage(browser: Browser, proposal_id: int) -> tuple[int, dict]:
    """Issue the Beschlussvorlage PDF (renders with WeasyPrint, stores bytes + hash)."""
    path = f"/antraege/{proposal_id}/beschlussvorlage"
    text = "Der IT-Planungsrat beschließt die Einsetzung gemäß Steckbrief."
    status, _body, headers = browser.post(path, {"text": text, "action": "issue"})
    return status, headers


# --- seeding and checks (in-process, inside an app context) --------------------------------


@dataclass
class Seed:
    """Who acts and on what."""

    applicants: list[int]
    reviewers: list[int]
    office: int
    drafts: dict[int, list[int]]  # applicant id -> complete drafts
    review: list[int]
    resolution: list[int]


def seed(drafts_per_applicant: int, review: int, resolution: int, applicants: int = 2) -> Seed:
    """Users and proposals through the workflow's own operations; committed."""
    from app.extensions import db
    from tests.workflow import helpers

    cast = helpers.make_cast()
    owners = [cast.owner] + [helpers.make_user("applicant") for _ in range(applicants - 1)]
    drafts = {
        owner.id: [
            helpers.make_proposal(owner, cast.parent).id for _ in range(drafts_per_applicant)
        ]
        for owner in owners
    }
    in_review = [
        helpers.to_review(helpers.make_proposal(cast.owner, cast.parent), cast).id
        for _ in range(review)
    ]
    in_resolution = [
        helpers.to_resolution(helpers.make_proposal(cast.owner, cast.parent), cast).id
        for _ in range(resolution)
    ]
    db.session.commit()
    return Seed(
        applicants=[owner.id for owner in owners],
        reviewers=[cast.reviewer1.id, cast.reviewer2.id],
        office=cast.office.id,
        drafts=drafts,
        review=in_review,
        resolution=in_resolution,
    )


TRIGGER_ACTIONS = frozenset(
    {"submit", "withdraw", "return_for_revision", "approve", "reject", "refer_back"}
    | {"establish", "decline", "dissolve"}
)
APPROVAL_ACTIONS = frozenset({"approve", "approval_recorded"})
APPROVAL_RESETS = frozenset({"submit", "refer_back", "return_for_revision"})


def consistency_problems() -> list[str]:
    """Everything that would betray a half transition or a broken record; [] when sound."""
    from app.audit.history import verify_chain
    from app.extensions import db
    from app.models import Approval, Decision, HistoryEvent, IssuedDocument, Proposal

    db.session.expire_all()
    problems: list[str] = []
    report = verify_chain()
    if not report.intact:
        problems.append(f"history chain broken at event {report.broken_id}: {report.reason}")
    events: dict[int, list] = defaultdict(list)
    for event in db.session.scalars(select(HistoryEvent).order_by(HistoryEvent.id)):
        events[event.proposal_id].append(event)
    approvals: dict[int, set] = defaultdict(set)
    for approval in db.session.scalars(select(Approval)):
        approvals[approval.version_id].add(approval.reviewer_id)
    decisions = Counter((d.proposal_id, d.kind) for d in db.session.scalars(select(Decision)))
    for proposal in db.session.scalars(select(Proposal).order_by(Proposal.id)):
        problems += _proposal_problems(proposal, events.get(proposal.id, []), approvals, decisions)
    documents = db.session.scalars(select(IssuedDocument)).all()
    issued = Counter(
        (e.proposal_id, (e.inputs or {}).get("sha256"))
        for evs in events.values()
        for e in evs
        if e.action == "document_issued"
    )
    for document in documents:
        if hashlib.sha256(document.data).hexdigest() != document.sha256:
            problems.append(f"document {document.id}: stored sha256 does not match its bytes")
        if document.size != len(document.data):
            problems.append(f"document {document.id}: stored size does not match its bytes")
        if issued[(document.proposal_id, document.sha256)] < 1:
            problems.append(f"document {document.id}: no document_issued event")
    if sum(issued.values()) != len(documents):
        problems.append(
            f"{sum(issued.values())} document_issued events, {len(documents)} documents"
        )
    return problems


def _proposal_problems(proposal, events, approvals, decisions) -> list[str]:
    where = f"proposal {proposal.id}"
    problems = []
    state = "draft"
    reset_index = 0
    for index, event in enumerate(events):
        if event.action in TRIGGER_ACTIONS:
            if event.from_state != state:
                problems.append(
                    f"{where}: event {event.id} starts at {event.from_state}, not {state}"
                )
            state = event.to_state
        if event.action in APPROVAL_RESETS:
            reset_index = index
    if proposal.state != state:
        problems.append(f"{where}: state {proposal.state}, transitions end at {state}")
    if events and events[-1].to_state != proposal.state:
        problems.append(
            f"{where}: last event ends at {events[-1].to_state}, state {proposal.state}"
        )
    versions = sorted(proposal.versions, key=lambda v: v.number)
    submits = [e for e in events if e.action == "submit"]
    if len(versions) != len(submits):
        problems.append(f"{where}: {len(versions)} versions, {len(submits)} submit events")
    if proposal.state != "draft" and not versions:
        problems.append(f"{where}: in {proposal.state} without a frozen version")
    for submit_event, version in zip(submits, versions, strict=False):
        if submit_event.version_sha256 != version.sha256:
            problems.append(f"{where}: version {version.number} hash differs from its event")
    if versions:
        recorded = {e.actor_id for e in events[reset_index:] if e.action in APPROVAL_ACTIONS}
        stored = approvals.get(versions[-1].id, set())
        if recorded != stored:
            problems.append(f"{where}: approvals {sorted(stored)}, events {sorted(recorded)}")
    established = sum(e.action == "establish" for e in events)
    if decisions[(proposal.id, "establish")] != established:
        problems.append(
            f"{where}: {established} establish events, "
            f"{decisions[(proposal.id, 'establish')]} decisions"
        )
    if (proposal.state == "established") != (proposal.body_id is not None):
        problems.append(f"{where}: state {proposal.state} but body {proposal.body_id}")
    return problems


def mail_report(inbox: Inbox) -> tuple[list[int], list[int], list[int]]:
    """Outbox ids still unsent, delivered more than once, and marked sent but never received."""
    from app.extensions import db
    from app.models import OutboxMessage

    db.session.expire_all()
    unsent, duplicated, missing = [], [], []
    received = inbox.snapshot()
    for message in db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)):
        count = received[outbox_message_id(message.id)]
        if message.sent_at is None:
            unsent.append(message.id)
        elif count == 0:
            missing.append(message.id)
        if count > 1:
            duplicated.append(message.id)
    return unsent, duplicated, missing


# --- the mixed load ------------------------------------------------------------------------


@dataclass
class Stats:
    """Per kind: latencies (ms) of answered requests; 5xx and connection errors."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    server_errors: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    requests: itertools.count = field(default_factory=itertools.count)
    acknowledged: Counter = field(default_factory=Counter)

    def timed(
        self, kind: str, action: Callable[..., tuple[int, dict]], *args
    ) -> tuple[int, dict] | None:
        """Run one request (or a GET-then-POST pair) and record its latency."""
        if next(self.requests) >= MAX_REQUESTS:
            return None
        started = time.perf_counter()
        try:
            status, headers = action(*args)
        except (OSError, http.client.HTTPException) as error:
            with self.lock:
                self.failures.append(f"{kind}: {type(error).__name__}: {error}")
            return None
        elapsed = (time.perf_counter() - started) * 1000
        with self.lock:
            self.latencies[kind].append(elapsed)
            if status >= 500:
                self.server_errors.append(f"{kind}: {status}")
            if status < 400 and "/anmelden" not in headers.get("location", ""):
                self.acknowledged[kind] += 1
        return status, headers

    def table(self) -> list[dict]:
        rows = []
        for kind, values in sorted(self.latencies.items()):
            ordered = sorted(values)

            def pct(p: float, ordered=ordered) -> float:
                return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]

            errors = sum(e.startswith(kind + ":") for e in self.server_errors + self.failures)
            rows.append(
                {
                    "kind": kind,
                    "requests": len(values),
                    "errors": errors,
                    "ok": self.acknowledged[kind],
                    "p50": round(pct(50), 1),
                    "p95": round(pct(95), 1),
                    "p99": round(pct(99), 1),
                }
            )
        return rows


@dataclass
class Expected:
    """What the acknowledged (2xx/3xx) responses say the database must hold."""

    states: dict[int, str] = field(default_factory=dict)
    approvals: dict[int, set] = field(default_factory=lambda: defaultdict(set))
    short_names: dict[int, str] = field(default_factory=dict)
    created_drafts: int = 0
    established_numbers: dict[int, str] = field(default_factory=dict)
    issued: set = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)


class Workload:
    """Client threads for each role, all running until the deadline."""

    def __init__(self, app, seeded: Seed, port: int, seconds: float) -> None:
        self.seed = seeded
        self.deadline = time.monotonic() + seconds
        self.stats = Stats()
        self.expected = Expected()
        for ids in seeded.drafts.values():
            self.expected.states.update(dict.fromkeys(ids, "draft"))
        self.expected.states.update(dict.fromkeys(seeded.review, "review"))
        self.expected.states.update(dict.fromkeys(seeded.resolution, "resolution"))
        with app.app_context():
            self.applicants = {u: Browser.signed_in(app, u, port) for u in seeded.applicants}
            self.reviewers = [Browser.signed_in(app, u, port) for u in seeded.reviewers]
            self.office = Browser.signed_in(app, seeded.office, port)
            self.basics = basics_values([p for ids in seeded.drafts.values() for p in ids])
        self.public = Browser(port, "")
        self.numbers = itertools.count(1)

    def running(self) -> bool:
        return time.monotonic() < self.deadline

    def in_state(self, state: str) -> list[int]:
        with self.expected.lock:
            return sorted(p for p, s in self.expected.states.items() if s == state)

    def applicant(self, user_id: int, rng: random.Random) -> None:
        browser = self.applicants[user_id]
        drafts = list(self.seed.drafts[user_id])
        while self.running():
            if not drafts or rng.random() < 0.2:
                if not drafts:
                    time.sleep(0.2)  # nothing left to submit: create drafts at a slow pace
                result = self.stats.timed("create_draft", _post, browser, "/antraege/neu", {})
                if result and succeeded(*result):
                    with self.expected.lock:
                        self.expected.created_drafts += 1
                continue
            draft = drafts.pop(0)
            name = f"PG Last {draft}-{rng.randrange(10**6)}"
            values = self.basics[draft]
            result = self.stats.timed("save_step", save_basics, browser, draft, values, name)
            if result and succeeded(*result):
                with self.expected.lock:
                    self.expected.short_names[draft] = name
            result = self.stats.timed("submit", submit, browser, draft)
            if result and succeeded(*result):
                with self.expected.lock:
                    self.expected.states[draft] = "review"

    def reviewer(self, index: int, rng: random.Random) -> None:
        browser = self.reviewers[index]
        reviewer_id = self.seed.reviewers[index]
        while self.running():
            with self.expected.lock:
                todo = [
                    p
                    for p, s in self.expected.states.items()
                    if s == "review" and reviewer_id not in self.expected.approvals[p]
                ]
            if not todo:
                time.sleep(0.05)
                continue
            proposal = rng.choice(todo)
            result = self.stats.timed("approve", approve, browser, proposal)
            if result and succeeded(*result):
                with self.expected.lock:
                    self.expected.approvals[proposal].add(reviewer_id)
                    if len(self.expected.approvals[proposal]) >= 2:
                        self.expected.states[proposal] = "resolution"

    def secretariat(self, rng: random.Random) -> None:
        while self.running():
            todo = self.in_state("resolution")
            if not todo:
                time.sleep(0.05)
                continue
            proposal = rng.choice(todo)
            number = f"2026/{next(self.numbers)}"
            result = self.stats.timed("establish", establish, self.office, proposal, number)
            if result and succeeded(*result):
                with self.expected.lock:
                    self.expected.states[proposal] = "established"
                    self.expected.established_numbers[proposal] = number

    def reader(self, rng: random.Random) -> None:
        while self.running():
            path = rng.choice(PUBLIC_PATHS)
            kind = {"/gremien/": "read_registry", "/api/v1/bodies": "read_api"}.get(
                path, "read_oparl"
            )
            self.stats.timed(kind, _get, self.public, path)

    def run(self, readers: int, seed: int = 7) -> None:
        threads = [
            threading.Thread(target=self.applicant, args=(u, random.Random(seed + i)))
            for i, u in enumerate(self.seed.applicants)
        ]
        threads += [
            threading.Thread(target=self.reviewer, args=(i, random.Random(seed + 10 + i)))
            for i in range(len(self.reviewers))
        ]
        threads.append(threading.Thread(target=self.secretariat, args=(random.Random(seed + 20),)))
        threads += [
            threading.Thread(target=self.reader, args=(random.Random(seed + 30 + i),))
            for i in range(readers)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=max(1.0, self.deadline - time.monotonic()) + 120)


def _post(browser: Browser, path: str, fields: dict) -> tuple[int, dict]:
    status, _body, headers = browser.post(path, fields)
    return status, headers


def _get(browser: Browser, path: str) -> tuple[int, dict]:
    status, _body, headers = browser.get(path)
    return status, headers


def save_basics(
    browser: Browser, proposal_id: int, values: list[tuple[str, str]], short_name: str
) -> tuple[int, dict]:
    """GET the 'basics' step (for its lock version), POST the stored values with a new name."""
    path = f"/antraege/{proposal_id}/schritt/basics"
    status, version = browser.lock_version(path)
    if version is None:
        return status, {}
    fields = [(k, v) for k, v in values if k not in {"short_name", "lock_version"}]
    fields += [("short_name", short_name), ("lock_version", version), ("action", "next")]
    status, _body, headers = browser.post(path, fields)
    return status, headers


def basics_values(proposal_ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    """What a browser would send back for the 'basics' step of each draft (in-process)."""
    from app.extensions import db
    from app.models import Proposal
    from app.proposals.forms import stored_as_input
    from app.proposals.schema import step

    values = {}
    for proposal in db.session.scalars(select(Proposal).where(Proposal.id.in_(proposal_ids))):
        values[proposal.id] = list(
            stored_as_input(proposal.content, step("basics")).items(multi=True)
        )
    return values


def check_expectations(expected: Expected) -> list[str]:
    """Compare what the client saw acknowledged with the database."""
    from app.extensions import db
    from app.models import Approval, Decision, Proposal

    db.session.expire_all()
    problems = []
    for proposal_id, state in sorted(expected.states.items()):
        proposal = db.session.get(Proposal, proposal_id)
        if proposal.state != state:
            problems.append(f"proposal {proposal_id}: expected {state}, database {proposal.state}")
    for proposal_id, reviewers in expected.approvals.items():
        stored = set(
            db.session.scalars(
                select(Approval.reviewer_id).where(Approval.proposal_id == proposal_id)
            )
        )
        if not reviewers <= stored:
            problems.append(f"proposal {proposal_id}: lost approvals {sorted(reviewers - stored)}")
    for proposal_id, name in expected.short_names.items():
        stored = db.session.get(Proposal, proposal_id).short_name
        if stored != name:
            problems.append(f"proposal {proposal_id}: lost step save ({stored!r} != {name!r})")
    for proposal_id, number in expected.established_numbers.items():
        decision = db.session.scalar(select(Decision).where(Decision.number == number))
        if decision is None or decision.proposal_id != proposal_id:
            problems.append(f"proposal {proposal_id}: decision {number} missing")
    return problems


@dataclass
class Outcome:
    """The result of one load run."""

    table: list[dict]
    server_errors: list[str]
    failures: list[str]
    problems: list[str]
    mail_unsent: list[int]
    mail_duplicated: list[int]
    mail_missing: list[int]
    mails: int
    created_drafts: int

    @property
    def ok(self) -> bool:
        return not (
            self.server_errors
            or self.failures
            or self.problems
            or self.mail_unsent
            or self.mail_duplicated
            or self.mail_missing
        )


def run_load(
    app, database_url: str, seconds: float, workers: int, readers: int = 2, drafts: int = 150
) -> Outcome:
    """Seed, serve, drive the mixed load, drain the outbox, check. ``app`` is in-process."""
    from app.extensions import db
    from app.mail.sender import send_pending
    from app.models import OutboxMessage, Proposal

    with app.app_context():
        seeded = seed(drafts_per_applicant=drafts, review=6, resolution=3)
        before = db.session.query(Proposal).count()
    inbox = Inbox()
    smtp = SmtpServer(inbox).start()
    server = Server(database_url, smtp.port, workers)
    try:
        server.start()
        workload = Workload(app, seeded, server.port, seconds)
        workload.run(readers)
    finally:
        server.stop()
    try:
        app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER=HOST, MAIL_PORT=smtp.port)
        app.config.update(MAIL_SENDER=MAIL_SENDER, MAIL_MAX_ATTEMPTS=50)
        with app.app_context():
            # A message whose inline send lost a race stays queued: the cron job's retry.
            for _ in range(20):
                if not send_pending(app, 500):
                    break
            unsent, duplicated, missing = mail_report(inbox)
            problems = consistency_problems() + check_expectations(workload.expected)
            created = db.session.query(Proposal).count() - before
            if created != workload.expected.created_drafts:
                problems.append(
                    f"{created} drafts in the database, "
                    f"{workload.expected.created_drafts} acknowledged"
                )
            mails = db.session.query(OutboxMessage).count()
    finally:
        smtp.stop()
    stats = workload.stats
    return Outcome(
        stats.table(),
        stats.server_errors,
        stats.failures,
        problems,
        unsent,
        duplicated,
        missing,
        mails,
        workload.expected.created_drafts,
    )


def _scratch_url(kind: str) -> str:
    if kind == "sqlite":
        return f"sqlite:///{tempfile.mkdtemp(prefix='gp-reliability-')}/load.sqlite3"
    url = os.environ.get(
        "RELIABILITY_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/gp_rel_load"
    )
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
    return url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="postgresql")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--readers", type=int, default=2)
    args = parser.parse_args(argv)
    args.seconds = min(args.seconds, 600)

    from app import create_app
    from app.extensions import db
    from config import TestingConfig, database_url

    url = _scratch_url(args.db)
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=database_url(url))
    with app.app_context():
        db.drop_all()
        db.create_all()
    started = time.monotonic()
    outcome = run_load(app, url, args.seconds, args.workers, args.readers)
    print(
        f"database {args.db}, {args.workers} gunicorn workers, {args.seconds:.0f} s load, "
        f"{time.monotonic() - started:.0f} s in all"
    )
    print(
        f"{'kind':<14}{'requests':>9}{'2xx/3xx':>8}{'errors':>8}"
        f"{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
    )
    for row in outcome.table:
        print(
            f"{row['kind']:<14}{row['requests']:>9}{row['ok']:>8}{row['errors']:>8}"
            f"{row['p50']:>9}{row['p95']:>9}{row['p99']:>9}"
        )
    total = sum(row["requests"] for row in outcome.table)
    print(
        f"total requests {total}, 5xx {len(outcome.server_errors)}, "
        f"connection errors {len(outcome.failures)}"
    )
    print(
        f"drafts created {outcome.created_drafts}; e-mails queued {outcome.mails}, unsent "
        f"{len(outcome.mail_unsent)}, duplicated {len(outcome.mail_duplicated)}, "
        f"missing {len(outcome.mail_missing)}"
    )
    for problem in outcome.problems[:20]:
        print("PROBLEM:", problem)
    print("OK" if outcome.ok else "FAILED")
    return 0 if outcome.ok else 1


if __name__ == "__main__":
    sys.exit(main())

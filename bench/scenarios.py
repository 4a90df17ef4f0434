"""What the benchmark asks the server: signed-in sessions, pages, a step save, a transition."""

from __future__ import annotations

import itertools
import re
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from sqlalchemy import select

from app.api.params import encode_cursor
from app.extensions import db
from app.models import Proposal, User
from app.proposals.forms import stored_as_input
from app.proposals.schema import step
from bench.data import Dataset
from bench.load import Request, send
from bench.server import HOST

COOKIE = "gremienportal_session"
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
SET_COOKIE_RE = re.compile(rf"{COOKIE}=([^;]+)")


@dataclass
class Session:
    """A signed-in user's cookie and the CSRF token that goes with it.

    Pages read with it keep the session cookie the server sends back, as a browser does: the
    server renews it (its "last seen" time) once a minute, and a client that kept sending the
    first cookie would have every request of a long run signed afresh (0.6 million
    instructions, 8 % of a signed-in page), which no browser causes.
    """

    cookie: str
    csrf: str = ""

    @property
    def headers(self) -> dict[str, str]:
        """The Cookie header."""
        return {"Cookie": f"{COOKIE}={self.cookie}"}

    def keep(self, set_cookie: str | None) -> None:
        """Take the session cookie of a response's Set-Cookie header, if it sets one."""
        self.cookie = session_cookie(set_cookie) or self.cookie


def session_cookie(set_cookie: str | None) -> str | None:
    """The session cookie's value in a Set-Cookie header, None if it sets another one."""
    found = SET_COOKIE_RE.match(set_cookie or "")
    return found.group(1) if found else None


def forge_session(app: Flask, user_id: int) -> Session:
    """A session cookie signed with the server's key, as after a sign-in (no argon2 here).

    It holds a CSRF token, as a real session does from the first form it showed; without
    one, every page would make a new token and send the changed cookie again.
    """
    user = db.session.get(User, user_id)
    now = int(time.time())
    payload = {
        "_user_id": user.get_id(),
        "login_at": now,
        "seen_at": now,
        "_permanent": True,
        "csrf_token": secrets.token_hex(20),
    }
    serializer = SecureCookieSessionInterface().get_signing_serializer(app)
    return Session(serializer.dumps(payload))


def with_csrf(port: int, session: Session, form_path: str) -> Session:
    """GET a form page: keep its CSRF token and the session cookie that now holds it."""
    status, body, headers = send(HOST, port, Request("GET", form_path, headers=session.headers))
    if status != 200:
        raise RuntimeError(f"GET {form_path} answered {status}")
    token = CSRF_RE.search(body.decode())
    if not token:
        raise RuntimeError(f"no CSRF token in {form_path}")
    kept = Session(session.cookie, token.group(1))
    kept.keep(headers.get("set-cookie"))
    return kept


def _get(path: str, caller: Session | dict[str, str]) -> Callable[[int], Request]:
    """GET path as a signed-in session (keeping its cookie) or with fixed headers."""
    if isinstance(caller, Session):
        return lambda _thread: Request(
            "GET",
            path,
            headers=caller.headers,
            on_response=lambda _status, headers: caller.keep(headers.get("set-cookie")),
        )
    return lambda _thread: Request("GET", path, headers=caller)


class StepSaves:
    """POST the 'basics' step of a draft per thread, alternating a value; tracks lock_version."""

    def __init__(self, session: Session, drafts: list[int]) -> None:
        self.session = session
        self.drafts = drafts
        self.lock_versions = dict.fromkeys(drafts, 1)
        self.values = {}
        for proposal in db.session.scalars(select(Proposal).where(Proposal.id.in_(drafts))):
            self.values[proposal.id] = stored_as_input(proposal.content, step("basics"))
        self.counter = itertools.count()

    def __call__(self, thread: int) -> Request:
        """The next save of this thread's draft."""
        draft = self.drafts[thread % len(self.drafts)]
        fields = self.values[draft].copy()
        fields["short_name"] = f"PG {next(self.counter)}"
        fields["csrf_token"] = self.session.csrf
        fields["lock_version"] = str(self.lock_versions[draft])
        fields["action"] = "next"

        def saved(status: int, _headers: dict[str, str]) -> None:
            if status == 302:
                self.lock_versions[draft] += 1

        return Request(
            "POST",
            f"/antraege/{draft}/schritt/basics",
            urlencode(list(fields.items(multi=True))).encode(),
            self.session.headers,
            expect=(302,),
            on_response=saved,
        )


class Submissions:
    """POST 'submit' on the next complete draft of the pool (each draft once)."""

    def __init__(self, session: Session, drafts: list[int]) -> None:
        self.session = session
        self.drafts = iter(drafts)
        self.lock = threading.Lock()

    def __call__(self, thread: int) -> Request | None:
        """The next submission, or None when the pool is used up."""
        with self.lock:
            draft = next(self.drafts, None)
        if draft is None:
            return None
        body = urlencode({"csrf_token": self.session.csrf, "lock_version": "1", "confirm": "y"})
        return Request(
            "POST",
            f"/antraege/{draft}/aktion/submit",
            body.encode(),
            self.session.headers,
            expect=(302,),
        )


def read_pages(
    app: Flask, data: Dataset, applicant: Session | None = None
) -> dict[str, tuple[str, str, Session | dict[str, str]]]:
    """name → (what it is, path, who asks) of the minimal endpoint and every read page.

    Who asks: a signed-in ``Session`` (whose cookie the client keeps, see there) or fixed
    headers (none, or an API token).

    ``applicant``: the applicant's session to use (default: a new one); the office's and
    the API token's are made here. Needs an app context.
    """
    applicant = applicant or forge_session(app, data.applicant_id)
    office = forge_session(app, data.office_id)
    token = {"Authorization": f"Bearer {data.api_token}"}
    # The page a client reaches after walking 90 % of the list (ids count up from 1).
    deep_cursor = encode_cursor(max(2, data.proposals // 10), "proposals:")
    return {
        "healthz": ("GET /healthz (minimal endpoint)", "/healthz", {}),
        "registry": ("GET /gremien/ (Gremienstruktur)", "/gremien/", {}),
        "body": (f"GET /gremien/{data.body_key} (body page)", f"/gremien/{data.body_key}", {}),
        # Signed in, the registry pages carry the user's frame and are never cached.
        "registry_fresh": (
            "GET /gremien/ (signed in)",
            "/gremien/",
            office,
        ),
        "body_fresh": (
            f"GET /gremien/{data.body_key} (signed in)",
            f"/gremien/{data.body_key}",
            office,
        ),
        "api_bodies": ("GET /api/v1/bodies", "/api/v1/bodies", {}),
        "api_proposals": ("GET /api/v1/proposals (token)", "/api/v1/proposals", token),
        "api_proposals_deep": (
            "GET /api/v1/proposals?cursor=… 90 % deep (token)",
            f"/api/v1/proposals?cursor={deep_cursor}",
            token,
        ),
        "office_queue": (
            "GET /geschaeftsstelle/?kind=projektgruppe (signed in)",
            "/geschaeftsstelle/?kind=projektgruppe",
            office,
        ),
        "my_proposals": ("GET /meine-antraege (signed in)", "/meine-antraege", applicant),
        "proposal": (
            "GET /antraege/<id> with history (office)",
            f"/antraege/{data.show_proposal_id}",
            office,
        ),
    }


# Public pages answer a browser that revalidates its copy (If-None-Match) with 304.
REVALIDATED = ("registry", "body", "api_bodies")


def _revalidate(port: int, path: str) -> Callable[[int], Request]:
    """GET path as a browser does that holds the page: with the ETag the server gave it."""
    _status, _body, headers = send(HOST, port, Request("GET", path))
    etag = headers["etag"]
    return lambda _thread: Request("GET", path, headers={"If-None-Match": etag}, expect=(304,))


def scenarios(app: Flask, port: int, data: Dataset) -> dict[str, tuple[str, Callable]]:
    """name → (what it is, request maker), the minimal endpoint first."""
    applicant = with_csrf(
        port,
        forge_session(app, data.applicant_id),
        f"/antraege/{data.edit_draft_ids[0]}/schritt/basics",
    )
    reads = read_pages(app, data, applicant)
    pages = {name: (label, _get(path, caller)) for name, (label, path, caller) in reads.items()}
    for name in REVALIDATED:
        label, path, _caller = reads[name]
        pages[f"{name}_304"] = (f"{label}, revalidated (304)", _revalidate(port, path))
    return {
        **pages,
        "step_save": ("POST a form step of a draft", StepSaves(applicant, data.edit_draft_ids)),
        "transition": (
            "POST submit (draft → review)",
            Submissions(applicant, data.submit_draft_ids),
        ),
    }

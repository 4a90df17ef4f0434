"""Script payloads in every text a person can enter come out escaped: pages, e-mails, PDFs.

The payloads go in through the real operations (Steckbrief fields, names, remarks,
recommendations, the Beschlussvorschlag, decision texts, registry entries); every page
they reach is then fetched by someone who may see it.
"""

from __future__ import annotations

import io
import itertools
import re
from datetime import date
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.documents import operations as documents
from app.models import IssuedDocument, OutboxMessage, Proposal
from app.registry import operations as registry
from app.workflow import operations as workflow
from tests.conftest import Browserless
from tests.factories_motion import give_motion
from tests.workflow.helpers import make_parent_body, make_proposal, make_user

PAYLOADS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "</textarea><svg onload=alert(1)>",
)
# What must never appear in HTML: the payloads' markup, live.
LIVE_MARKUP = (
    re.compile(r"<script>alert\(1\)", re.I),
    re.compile(r"<img src=x onerror", re.I),
    re.compile(r"<svg onload", re.I),
    re.compile(r"""(href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.I),
)
# Values the Steckbrief validates as codes, dates, e-mails or numbers stay as they are.
KEEP = re.compile(r"^(\d{4}-\d{2}-\d{2}|[a-z_]+|[^ ]+@[^ ]+|\+?[\d ()/-]+)$")


def poison(value: Any, payloads) -> Any:
    """Replace every free-text string of a Steckbrief with the next payload."""
    if isinstance(value, dict):
        return {key: poison(item, payloads) for key, item in value.items()}
    if isinstance(value, list):
        return [poison(item, payloads) for item in value]
    if isinstance(value, str) and not KEEP.match(value):
        return next(payloads)
    return value


def assert_escaped(html: str, where: str, *, must_show: bool = True) -> None:
    for pattern in LIVE_MARKUP:
        assert not pattern.search(html), f"live payload {pattern.pattern!r} in {where}"
    if must_show:
        assert "&lt;script&gt;alert(1)" in html, f"payload not shown (escaped) in {where}"


@pytest.fixture
def stage(app, db):
    """Payloads everywhere: two proposals (established; returned with remarks), a registry entry."""
    app.config["OVERLAP_THRESHOLD"] = 1000
    names = itertools.cycle(PAYLOADS)
    owner = make_user("applicant")
    reviewer, second = make_user("reviewer"), make_user("reviewer")
    office, admin = make_user("secretariat"), make_user("admin")
    for person in (owner, reviewer, second, office):
        person.name, person.organisation = next(names), next(names)
    parent = make_parent_body()
    decided = make_proposal(owner, parent)
    decided.content = poison(decided.content, itertools.cycle(PAYLOADS))
    decided.title = decided.content["master_data"]["name"]
    returned = make_proposal(owner, parent)
    returned.content = poison(returned.content, itertools.cycle(PAYLOADS))
    db.session.flush()
    workflow.submit_proposal(decided, owner)
    workflow.post_remark(decided, reviewer, "mandate", PAYLOADS[0])
    give_motion(decided, owner)
    workflow.approve_proposal(decided, reviewer, {"recommendation": PAYLOADS[1]})
    workflow.approve_proposal(decided, second, {"recommendation": PAYLOADS[0]})
    documents.save_resolution_text(decided, office, PAYLOADS[3] + PAYLOADS[0])
    vorlage = documents.issue_vorlage(decided, office)
    inputs = {
        "decision_number": "2026/07",
        "decision_date": date(2026, 3, 17),
        "session": "42",
        "decision_text": PAYLOADS[0] + PAYLOADS[2],
    }
    workflow.establish_body(decided, office, inputs)
    workflow.submit_proposal(returned, owner)
    remarks = {"mandate": PAYLOADS[0], "goals": PAYLOADS[3]}
    workflow.return_proposal(
        returned, reviewer, {"comment": PAYLOADS[1] + PAYLOADS[0], "remarks": remarks}
    )
    for target in ("review", "resolution"):  # so that the queues list a payload title
        queued = make_proposal(owner, parent)
        queued.content = poison(queued.content, itertools.cycle(PAYLOADS))
        queued.title = queued.content["master_data"]["name"]
        db.session.flush()
        workflow.submit_proposal(queued, owner)
        if target == "resolution":
            workflow.approve_proposal(queued, reviewer, {"recommendation": PAYLOADS[2]})
            workflow.approve_proposal(queued, second, {"recommendation": PAYLOADS[0]})
    entry = registry.create_entry(
        office,
        {
            "name": PAYLOADS[0],
            "short_name": PAYLOADS[1],
            "kind": "arbeitsgruppe",
            "category": "working_format",
            "parent_id": parent.id,
            "start_date": date(2025, 1, 1),
            "end_date": date(2026, 12, 31),
            "open_ended": False,
            "lead": PAYLOADS[3],
            "description": PAYLOADS[0] + PAYLOADS[2],
        },
    )
    decision = documents.queries.decision_by_number("2026/07")
    beschluss = documents.issue_beschluss(decision, office)
    db.session.commit()
    return {
        "owner": owner,
        "reviewer": reviewer,
        "office": office,
        "admin": admin,
        "decided": decided.id,
        "returned": returned.id,
        "body_key": db.session.get(Proposal, decided.id).body.key,
        "entry_key": entry.key,
        "documents": [vorlage.id, beschluss.id],
    }


def _pages(stage) -> dict[str, list[str]]:
    decided, returned = stage["decided"], stage["returned"]
    return {
        "owner": [
            "/meine-antraege",
            f"/antraege/{decided}",
            f"/antraege/{returned}",
            f"/antraege/{returned}/bearbeiten",
            f"/antraege/{returned}/angaben-pruefen",
            *[f"/antraege/{returned}/schritt/{step}" for step in _step_keys()],
            f"/dokumente/antraege/{decided}",
        ],
        "reviewer": ["/pruefung/", f"/antraege/{decided}", f"/antraege/{returned}"],
        "office": [
            "/geschaeftsstelle/",
            "/dokumente/",
            f"/dokumente/antraege/{decided}",
            "/gremien/befristungen",
            f"/gremien/{stage['entry_key']}/bearbeiten",
            f"/antraege/{decided}",
        ],
        "admin": ["/verwaltung/benutzer", "/verwaltung/api-tokens/neu"],
        "anonymous": [
            "/gremien/",
            "/gremien/?q=%3Cscript%3Ealert(1)%3C/script%3E",
            f"/gremien/{stage['body_key']}",
            f"/gremien/{stage['entry_key']}",
            "/dokumente/beschluesse/",
        ],
    }


def _step_keys() -> list[str]:
    from app.proposals.schema import STEPS

    return [step.key for step in STEPS]


# Pages that show no person-entered text of the stage (only structure and counts).
QUIET = {"/dokumente/beschluesse/", "/verwaltung/api-tokens/neu"}


def test_payloads_are_escaped_on_every_page(app, stage):
    for who, urls in _pages(stage).items():
        web = Browserless(app.test_client())
        if who != "anonymous":
            assert web.login(stage[who]).status_code == 302
        for url in urls:
            response = web.client.get(url)
            assert response.status_code == 200, (who, url, response.status_code)
            html = response.get_data(as_text=True)
            assert_escaped(html, f"{who} {url}", must_show=url not in QUIET)


def test_payloads_in_forms_are_escaped_back_into_the_form(app, web, stage):
    # A refused save shows what was typed: the payload must come back as text, not markup.
    web.login(stage["owner"])
    url = f"/antraege/{stage['returned']}/schritt/{_step_keys()[0]}"
    html = web.client.get(url).get_data(as_text=True)
    lock = re.search(r'name="lock_version"[^>]*value="(\d+)"', html).group(1)
    data = {"lock_version": lock, "master_data-name": PAYLOADS[3], "master_data-short_name": ""}
    response = web.post(url, data)
    assert response.status_code in (302, 400)
    assert_escaped(web.client.get(url).get_data(as_text=True), url, must_show=False)


def test_json_api_answers_json_not_html(app, stage):
    response = app.test_client().get("/api/v1/bodies?q=script")
    assert response.mimetype in ("application/json", "application/problem+json")


def test_mail_subjects_are_one_line_and_bodies_plain(db, stage):
    messages = db.session.scalars(select(OutboxMessage)).all()
    assert messages
    for message in messages:
        assert "\r" not in message.subject and "\n" not in message.subject
        assert "\r" not in message.recipient and "\n" not in message.recipient
    # The subject carries the (payload) title verbatim: plain text, nothing to escape in mail.
    assert any(PAYLOADS[0] in message.subject for message in messages)


def _pdf_objects(data: bytes) -> str:
    return data.decode("latin-1")


@pytest.mark.parametrize("which", [0, 1])
def test_pdfs_show_payloads_as_text_and_carry_no_script(db, stage, which):
    document = db.session.get(IssuedDocument, stage["documents"][which])
    reader = PdfReader(io.BytesIO(document.data))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "<script>alert(1)</script>" in " ".join(text.split()).replace("< ", "<") or (
        "alert(1)" in text
    )
    raw = _pdf_objects(document.data)
    for marker in ("/JavaScript", "/JS ", "/JS(", "/JS<", "/Launch", "/OpenAction"):
        assert marker not in raw, marker
    assert not re.search(r"/URI\s*\(\s*javascript:", raw, re.I)


def test_steckbrief_pdf_of_the_draft_shows_payloads_as_text(web, stage):
    web.login(stage["owner"])
    response = web.client.get(f"/dokumente/antraege/{stage['returned']}/entwurf/steckbrief.pdf")
    assert response.status_code == 200
    raw = _pdf_objects(response.data)
    assert "/JavaScript" not in raw and not re.search(r"/URI\s*\(\s*javascript:", raw, re.I)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    assert "alert(1)" in text

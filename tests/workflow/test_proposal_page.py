"""The proposal page: every change shows at once, nothing of one viewer reaches another, and
the number of statements does not grow with the proposal's history."""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from sqlalchemy import event, select

from app.admin.privacy import anonymise_user
from app.audit.history import append_event
from app.models import Approval, Body, Proposal, SectionRemark
from app.workflow import operations
from tests.conftest import Browserless
from tests.factories_motion import give_motion
from tests.workflow.helpers import (
    make_user,
    to_established,
    to_resolution,
    to_review,
)

CSRF_VALUE = re.compile(r'name="csrf_token" value="([^"]+)"')


def page_url(proposal):
    return f"/antraege/{proposal.id}"


def page(web, proposal) -> str:
    response = web.client.get(page_url(proposal))
    assert response.status_code == 200
    return response.get_data(as_text=True)


def content(html: str) -> str:
    """The page's own part (no flashed message), without the per-request CSRF tokens."""
    return CSRF_VALUE.sub("", html[html.index('<div class="stack">') : html.index("</main>")])


def timeline(html: str) -> str:
    return html[html.index('id="verlauf"') :]


def steckbrief(html: str) -> str:
    return html[html.index('id="steckbrief"') : html.index('id="dokumente"')]


def mentions(html: str, name: str) -> list[str]:
    """The places a person's name appears ("Person 1" is not in "Person 12")."""
    return re.findall(rf"{re.escape(name)}(?!\d)", html)


def actions(html: str) -> set[str]:
    return set(re.findall(r'id="aktion-([a-z_]+)"', html))


@contextmanager
def counting(engine):
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def resubmit_with(db, proposal, cast, short_name: str) -> None:
    """Return the proposal for revision, change the short name and submit it again."""
    operations.return_proposal(proposal, cast.reviewer1, {"comment": "Bitte Kurzname ändern."})
    content = dict(proposal.content)
    content["master_data"] = {**content["master_data"], "short_name": short_name}
    proposal.content = content
    operations.submit_proposal(proposal, cast.owner)
    db.session.commit()


# A change shows at once


def test_a_new_version_shows_at_once(db, web, cast, proposal):
    to_review(proposal, cast)
    db.session.commit()
    web.login(cast.reviewer2)
    first = page(web, proposal)
    assert "Version 1," in first and "PG BOD" in steckbrief(first)
    assert content(page(web, proposal)) == content(first)  # the same page again
    resubmit_with(db, proposal, cast, "PG NEU")
    second = page(web, proposal)
    assert "Version 2," in second and proposal.latest_version.sha256 in second
    assert "PG NEU" in steckbrief(second) and "PG BOD" not in steckbrief(second)
    assert "Änderungen gegenüber Version 1" in second


def test_a_transition_and_an_approval_show_at_once(db, web, cast, proposal):
    to_review(proposal, cast)
    db.session.commit()
    web.login(cast.office)
    before = page(web, proposal)
    assert "0 von 2 Befürwortungen" in before and "In Prüfung" in before
    operations.approve_proposal(proposal, cast.reviewer1, {"recommendation": "Sehr gut begründet."})
    db.session.commit()
    after = page(web, proposal)
    assert "1 von 2 Befürwortungen" in after and "Sehr gut begründet." in after
    assert "Befürwortung erfasst" in timeline(after)
    operations.approve_proposal(proposal, cast.reviewer2, {"recommendation": "Ebenfalls."})
    db.session.commit()
    resolved = page(web, proposal)
    assert "Zur Beschlussfassung" in resolved
    assert actions(resolved) == {"refer_back"}  # no motion yet: no decision
    give_motion(proposal, cast.owner)
    db.session.commit()
    assert actions(page(web, proposal)) == {"refer_back", "establish", "decline"}


def test_a_remark_shows_at_once_beside_its_section(db, web, cast, proposal):
    to_review(proposal, cast)
    db.session.commit()
    web.login(cast.owner)
    assert "Anmerkungen der Prüfung" not in page(web, proposal)
    operations.post_remark(proposal, cast.reviewer1, "goals", "Ziele bitte messbar.")
    db.session.commit()
    html = steckbrief(page(web, proposal))
    goals = html[html.index('id="zusammenfassung-goals"') :]
    assert "Ziele bitte messbar." in goals and f"({cast.reviewer1.name})" in goals


def test_an_anonymised_person_is_renamed_everywhere_at_once(db, web, cast, proposal):
    to_review(proposal, cast)
    operations.post_remark(proposal, cast.reviewer1, "goals", "Ziele bitte messbar.")
    operations.approve_proposal(proposal, cast.reviewer1, {"recommendation": "Empfohlen."})
    db.session.commit()
    old_name = cast.reviewer1.name
    web.login(cast.office)
    shown = len(mentions(page(web, proposal), old_name))
    assert shown >= 3  # the approval, the remark, the history
    anonymise_user(cast.reviewer1, actor=make_user("admin"))
    db.session.commit()
    html = page(web, proposal)
    assert mentions(html, old_name) == []
    assert len(mentions(html, cast.reviewer1.name)) == shown


def test_a_renamed_registry_body_shows_at_once(db, web, cast, proposal):
    to_review(proposal, cast)
    db.session.commit()
    web.login(cast.office)
    assert "IT-Planungsrat" in steckbrief(page(web, proposal))
    body = db.session.get(Body, cast.parent.id)
    body.name = "Rat der IT-Beauftragten"
    db.session.commit()
    html = steckbrief(page(web, proposal))
    assert "Rat der IT-Beauftragten" in html


def test_a_changed_draft_shows_at_once(db, web, cast, proposal):
    web.login(cast.owner)
    assert "PG BOD" in page(web, proposal)
    content = dict(proposal.content)
    content["master_data"] = {**content["master_data"], "short_name": "PG ENTWURF"}
    proposal.content = content
    db.session.commit()
    html = page(web, proposal)
    assert "PG ENTWURF" in steckbrief(html) and "PG BOD" not in steckbrief(html)


def test_the_registry_body_of_an_established_proposal_is_shown(db, web, cast, proposal):
    to_established(proposal, cast)
    db.session.commit()
    web.login(cast.office)
    html = page(web, proposal)
    assert "Gremium im Register" in html
    assert proposal.body.name in html


# Nothing of one viewer reaches another


def test_each_viewer_gets_their_own_csrf_token_and_it_works(db, app, cast, proposal):
    to_review(proposal, cast)
    db.session.commit()
    pages, clients = {}, {}
    for reviewer in (cast.reviewer1, cast.reviewer2):
        client = clients[reviewer.id] = app.test_client()
        Browserless(client).login(reviewer)
        pages[reviewer.id] = client.get(page_url(proposal)).get_data(as_text=True)
    tokens = {rid: set(CSRF_VALUE.findall(html)) for rid, html in pages.items()}
    # Every form of a page (three actions, the remark, sign-out) carries that session's token.
    assert all(len(found) == 1 for found in tokens.values())
    assert tokens[cast.reviewer1.id] != tokens[cast.reviewer2.id]
    (token,) = tokens[cast.reviewer2.id]
    response = clients[cast.reviewer2.id].post(
        f"/antraege/{proposal.id}/aktion/approve",
        data={
            "csrf_token": token,
            "confirm": "y",
            "lock_version": proposal.lock_version,
            "recommendation": "Empfohlen.",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    approvers = db.session.scalars(select(Approval.reviewer_id)).all()
    assert approvers == [cast.reviewer2.id]


def test_actions_and_the_remark_form_follow_the_viewer(db, web, cast, proposal):
    to_review(proposal, cast)
    db.session.commit()
    seen = {}
    for who in (cast.reviewer1, cast.owner, cast.office, cast.reviewer2):
        web.login(who)
        seen[who.id] = page(web, proposal)
        web.logout()
    assert actions(seen[cast.reviewer1.id]) == {"return_for_revision", "approve", "reject"}
    assert actions(seen[cast.owner.id]) == {"withdraw"}
    assert actions(seen[cast.office.id]) == set()
    for who in (cast.reviewer1, cast.reviewer2):
        assert 'id="anmerkung"' in seen[who.id]
    for who in (cast.owner, cast.office):
        assert 'id="anmerkung"' not in seen[who.id]
    # An approval hides "approve" from that reviewer only.
    operations.approve_proposal(proposal, cast.reviewer1, {"recommendation": "Empfohlen."})
    db.session.commit()
    web.login(cast.reviewer1)
    assert actions(page(web, proposal)) == {"return_for_revision", "reject"}
    web.logout()
    web.login(cast.reviewer2)
    assert actions(page(web, proposal)) == {"return_for_revision", "approve", "reject"}


def test_an_unknown_or_hidden_proposal_is_404(db, web, cast, proposal):
    web.login(cast.reviewer1)
    assert web.client.get(page_url(proposal)).status_code == 404  # a draft: owner only
    assert web.client.get("/antraege/987654").status_code == 404


# Statements


def _warm_statements(db, client, url: str) -> list[str]:
    """The statements of a second request (objects the test changed, which the tests share
    with the app's session, are reloaded by the first one)."""
    assert client.get(url).status_code == 200
    with counting(db.engine) as statements:
        assert client.get(url).status_code == 200
    return statements


# The proposal with its versions, the bodies' names, approvals, remarks, history, the office's
# focus topics (the Steckbrief's topic labels), the motion's signatures and the AL-Runde's
# recommendation; the office also reads the year's next Beschluss number. (This was one UNION
# ALL statement, a hand-built second copy of the model, before the page was read through the
# ORM.)
PAGE_STATEMENTS = 10


@pytest.mark.parametrize("who", ["office", "reviewer2", "owner"])
def test_the_page_costs_a_fixed_number_of_statements(db, web, cast, proposal, who):
    if who == "office":
        to_resolution(proposal, cast)
    else:
        to_review(proposal, cast)
    db.session.commit()
    url = page_url(proposal)
    web.login(getattr(cast, who))
    baseline = len(_warm_statements(db, web.client, "/impressum"))
    statements = _warm_statements(db, web.client, url)
    page_statements = len(statements) - baseline
    assert page_statements <= PAGE_STATEMENTS, statements[baseline:]
    # More history, remarks and approvals: not one statement more (no N+1).
    version_id = proposal.latest_version.id
    for number in range(3):
        append_event(proposal, cast.reviewer1, "remark", inputs={"text": f"Nr. {number}"})
        db.session.add(
            SectionRemark(
                proposal_id=proposal.id,
                version_id=version_id,
                section="goals",
                author_id=(cast.reviewer1, cast.reviewer2, cast.office)[number].id,
                text=f"Anmerkung {number}",
            )
        )
    db.session.commit()
    statements = _warm_statements(db, web.client, url)
    assert len(statements) - baseline == page_statements, statements[baseline:]
    assert "Anmerkung 2" in page(web, proposal)


def test_a_body_the_draft_names_anew_shows_by_name_at_once(db, web, cast, proposal):
    other = Body(key="neu-benannt", name="Neu benanntes Gremium", kind="gremium")
    db.session.add(other)
    db.session.commit()
    web.login(cast.owner)
    first = page(web, proposal)
    assert "IT-Planungsrat" in first and "Neu benanntes Gremium" not in first
    content = dict(proposal.content)
    content["master_data"] = {**content["master_data"], "parent_body": other.id}
    proposal.content = content
    db.session.commit()
    second = page(web, proposal)
    assert "Neu benanntes Gremium" in second


def test_body_ref_ids_finds_the_registry_bodies_a_steckbrief_names(db, cast, proposal):
    from app.proposals.display import body_ref_ids

    ids = body_ref_ids(proposal.content)
    assert cast.parent.id in ids
    names = dict(db.session.execute(select(Body.id, Body.name).where(Body.id.in_(ids))).all())
    assert names[cast.parent.id] == "IT-Planungsrat"
    assert body_ref_ids(None) == set() and body_ref_ids({"master_data": "kaputt"}) == set()


def test_action_forms_carry_the_current_lock_version(db, web, cast, proposal):
    to_review(proposal, cast)
    db.session.commit()
    web.login(cast.reviewer1)
    before = set(re.findall(r'name="lock_version" value="(\d+)"', page(web, proposal)))
    # Approving bumps the lock version.
    operations.approve_proposal(proposal, cast.reviewer2, {"recommendation": "Gut."})
    db.session.commit()
    html = page(web, proposal)
    (seen,) = set(re.findall(r'name="lock_version" value="(\d+)"', html))
    assert before == {str(int(seen) - 1)}
    response = web.client.post(
        f"/antraege/{proposal.id}/aktion/reject",
        data={
            "csrf_token": CSRF_VALUE.search(html).group(1),
            "confirm": "y",
            "lock_version": seen,
            "reason": "Doppelt.",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Proposal, proposal.id).state == "rejected"

"""Simultaneous writes outside the workflow under gunicorn (2 workers): documents, accounts,
tokens, drafts. Every answer is a success, the German 409 or the idempotent answer; the
database holds exactly one effect. Runs on SQLite (a file, WAL) and on PostgreSQL.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from app.admin.privacy import ANONYMISED_ACTION
from app.api.tokens import issue_token
from app.models import ApiToken, Body, HistoryEvent, IssuedDocument, Proposal, User, UserRole
from app.models.document import ResolutionDraft
from app.registry.queries import DISSOLVED_ACTION
from bench.reliability_load import consistency_problems
from tests.reliability.races import BURST, at_once, judge, posts, windows, wins
from tests.workflow import helpers

DUPLICATE_EMAIL = "bereits ein Konto"


def _count(db, model, *where) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _in_resolution(db):
    cast = helpers.make_cast()
    proposal = helpers.to_resolution(helpers.make_proposal(cast.owner, cast.parent), cast)
    db.session.commit()
    return cast, proposal.id


def test_first_saves_of_a_beschlussvorschlag_at_once_keep_one_draft(app, db, race_server):
    cast, proposal_id = _in_resolution(db)
    browsers = windows(app, cast.office.id, race_server.port)
    path = f"/dokumente/antraege/{proposal_id}/beschlussvorlage"
    texts = [f"Der IT-Planungsrat beschließt Fassung {n}." for n in range(BURST)]
    statuses = judge(at_once(posts(browsers, path, lambda n: {"text": texts[n]})))
    assert wins(statuses) >= 1, statuses
    assert _count(db, ResolutionDraft, ResolutionDraft.proposal_id == proposal_id) == 1
    assert db.session.scalar(select(ResolutionDraft.text)) in texts


def test_issuing_a_beschluss_pdf_at_once_stores_it_once(app, db, race_server):
    cast = helpers.make_cast()
    proposal = helpers.make_proposal(cast.owner, cast.parent)
    helpers.to_established(proposal, cast)
    db.session.commit()
    browsers = windows(app, cast.office.id, race_server.port)
    statuses = judge(
        at_once(posts(browsers, "/dokumente/beschluesse/2026-07/ausstellen", lambda _n: {}))
    )
    assert wins(statuses) == 1, statuses
    assert _count(db, IssuedDocument, IssuedDocument.proposal_id == proposal.id) == 1
    assert consistency_problems() == []


def test_issuing_the_vorlage_at_once_records_each_document(app, db, race_server):
    cast, proposal_id = _in_resolution(db)
    browsers = windows(app, cast.office.id, race_server.port)
    path = f"/dokumente/antraege/{proposal_id}/beschlussvorlage"
    text = "Der IT-Planungsrat beschließt die Einsetzung gemäß Steckbrief."
    calls = posts(browsers, path, lambda _n: {"text": text, "action": "issue"})[:4]  # PDFs
    statuses = judge(at_once(calls))
    assert _count(db, IssuedDocument, IssuedDocument.proposal_id == proposal_id) == wins(statuses)
    assert wins(statuses) >= 1
    assert consistency_problems() == []  # one document_issued event per stored document


def test_creating_one_account_at_once_creates_it_once(app, db, race_server):
    admin = helpers.make_user("admin")
    db.session.commit()
    admins = windows(app, admin.id, race_server.port)
    form = {
        "email": "Gleichzeitig@Example.org",
        "name": "Gleiche Person",
        "organisation": "Testbehörde",
        "password": "Ein-Erstes-Passwort-1",
        "roles": "applicant",
    }

    def exists_already(answer) -> bool:  # after the winner committed: the form's refusal
        status, body, _headers = answer
        return status == 400 and DUPLICATE_EMAIL in body

    statuses = judge(
        at_once(posts(admins, "/verwaltung/benutzer/neu", lambda _n: form)), also=exists_already
    )
    assert wins(statuses) == 1, statuses
    assert _count(db, User, User.email == "gleichzeitig@example.org") == 1


def test_editing_one_account_at_once_leaves_one_consistent_state(app, db, race_server):
    admin = helpers.make_user("admin")
    person = helpers.make_user("applicant")
    db.session.commit()
    admins = windows(app, admin.id, race_server.port)
    roles = [["applicant", "reviewer"], ["reviewer", "secretariat"], ["applicant"]]

    def form(n: int) -> list:
        chosen = [("roles", role) for role in roles[n % len(roles)]]
        return [("name", f"Name {n}"), ("organisation", "Behörde"), *chosen]

    statuses = judge(at_once(posts(admins, f"/verwaltung/benutzer/{person.id}", form)))
    assert wins(statuses) >= 1, statuses
    db.session.expire_all()
    person = db.session.get(User, person.id)
    rows = db.session.scalars(select(UserRole.role).where(UserRole.user_id == person.id)).all()
    assert sorted(rows) in [sorted(r) for r in roles]  # one request's roles, each once
    assert person.name.startswith("Name ")


def test_revoking_a_token_at_once_revokes_it_once(app, db, race_server):
    admin = helpers.make_user("admin")
    token = issue_token(user=helpers.make_user("reviewer"), name="Gleichzeitig", actor=admin)
    db.session.commit()
    admins = windows(app, admin.id, race_server.port)
    path = f"/verwaltung/api-tokens/{token.token.id}/widerrufen"
    statuses = judge(at_once(posts(admins, path, lambda _n: {})))
    assert wins(statuses) == BURST  # back to the list, "revoked" or "already revoked"
    db.session.expire_all()
    assert db.session.get(ApiToken, token.token.id).revoked_at is not None


def test_deleting_a_draft_at_once_deletes_it_once(app, db, race_server):
    cast = helpers.make_cast()
    proposal_id = helpers.make_proposal(cast.owner, cast.parent).id
    db.session.commit()
    browsers = windows(app, cast.owner.id, race_server.port)

    def gone(answer) -> bool:  # after the winner committed, the draft is not there any more
        return answer[0] == 404

    path = f"/antraege/{proposal_id}/loeschen"
    statuses = judge(at_once(posts(browsers, path, lambda _n: {})), also=gone)
    assert wins(statuses) == 1, statuses
    assert _count(db, Proposal, Proposal.id == proposal_id) == 0
    assert consistency_problems() == []


def test_new_drafts_at_once_each_get_their_own_reference(app, db, race_server):
    owner = helpers.make_user("applicant")
    db.session.commit()
    browsers = windows(app, owner.id, race_server.port)
    statuses = judge(at_once(posts(browsers, "/antraege/neu", lambda _n: {})))
    references = db.session.scalars(select(Proposal.reference).where(Proposal.owner_id == owner.id))
    references = list(references)
    assert len(references) == wins(statuses) == BURST
    assert len(set(references)) == BURST


def test_one_registry_entry_sent_at_once_creates_entries_with_distinct_keys(app, db, race_server):
    office = helpers.make_user("secretariat")
    parent = helpers.make_parent_body()
    db.session.commit()
    browsers = windows(app, office.id, race_server.port)
    form = {
        "name": "Arbeitsgruppe Gleichzeitig",
        "kind": "arbeitsgruppe",
        "category": "working_format",
        "parent_id": str(parent.id),
        "start_date": "2026-02-01",
        "end_date": "2027-01-31",
    }
    statuses = judge(at_once(posts(browsers, "/gremien/neu", lambda _n: form)))
    keys = db.session.scalars(select(Body.key).where(Body.name == form["name"])).all()
    assert len(keys) == len(set(keys)) == wins(statuses) >= 1, statuses
    assert consistency_problems() == []


def test_confirming_a_dissolution_at_once_records_it_once(app, db, race_server):
    office = helpers.make_user("secretariat")
    body = Body(key="abgelaufen", name="Abgelaufen", kind="arbeitsgruppe")
    body.end_date = date(2025, 1, 31)
    db.session.add(body)
    db.session.commit()
    browsers = windows(app, office.id, race_server.port)
    statuses = judge(at_once(posts(browsers, "/gremien/abgelaufen/aufloesung", lambda _n: {})))
    assert wins(statuses) == 1, statuses
    confirmed = HistoryEvent.body_id == body.id, HistoryEvent.action == DISSOLVED_ACTION
    assert _count(db, HistoryEvent, *confirmed) == 1
    assert consistency_problems() == []


def test_anonymising_an_account_at_once_anonymises_it_once(app, db, race_server):
    admin = helpers.make_user("admin")
    person = helpers.make_user("applicant")
    db.session.commit()
    admins = windows(app, admin.id, race_server.port)
    path = f"/verwaltung/benutzer/{person.id}/anonymisieren"
    statuses = judge(at_once(posts(admins, path, lambda _n: {"confirm": "y"})))
    assert wins(statuses) == 1, statuses
    anonymised = HistoryEvent.action == ANONYMISED_ACTION
    assert _count(db, HistoryEvent, anonymised) == 1
    assert db.session.get(User, person.id).anonymised_at is not None
    assert consistency_problems() == []

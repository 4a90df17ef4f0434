"""Data protection: the export of everything about one person, and anonymising a departed one."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import LargeBinary, select

from app.admin.privacy import ANONYMISED_ACTION
from app.api.tokens import issue_token
from app.extensions import db as _db
from app.models import ApiToken, HistoryEvent, OutboxMessage, Proposal, User
from app.models.base import utcnow
from app.workflow import operations
from tests.conftest import Browserless
from tests.factories_motion import give_motion
from tests.workflow.helpers import ESTABLISH, make_cast, make_proposal, make_user

OLD_NAME = "Hannelore Ausgeschieden"
OLD_EMAIL = "hannelore.ausgeschieden@verwaltung.example.org"


@dataclass
class Scene:
    """Ids and secrets of the departing person's footprint (plain values)."""

    departing: int
    admin: int
    office: int
    reviewer: int
    other_email: str
    established: int  # owned by the departing person, decided
    in_review: int  # another person's, approved and remarked on by the departing person
    contact_draft: int  # another person's draft naming the departing person as contact
    body_key: str
    decision_number: str
    token: str
    other_token: str


@pytest.fixture
def scene(app, db) -> Scene:
    """The departing person (applicant and reviewer) and everything they left behind."""
    app.config["OVERLAP_THRESHOLD"] = 1000  # near-identical Steckbriefe on purpose
    cast = make_cast()
    departing = cast.reviewer_owner
    departing.name, departing.email, departing.organisation = OLD_NAME, OLD_EMAIL, "Landesamt X"
    admin = make_user("admin")
    established = make_proposal(departing, cast.parent)
    operations.submit_proposal(established, departing)
    give_motion(established, departing)
    operations.approve_proposal(established, cast.reviewer1, {"recommendation": "Empfohlen."})
    operations.approve_proposal(
        established, cast.reviewer2, {"recommendation": "Ebenfalls empfohlen."}
    )
    operations.establish_body(established, cast.office, ESTABLISH)
    in_review = make_proposal(cast.owner, cast.parent)
    operations.submit_proposal(in_review, cast.owner)
    operations.approve_proposal(
        in_review, departing, {"recommendation": "Aus Sicht des Landes empfohlen."}
    )
    operations.post_remark(in_review, departing, "resources", "Budgetquelle klären.")
    draft = make_proposal(cast.owner, cast.parent)
    draft.content = {
        **draft.content,
        "contacts": {"contacts": [{"organisation": "Land", "name": OLD_NAME, "email": OLD_EMAIL}]},
    }
    token = issue_token(user=departing, name="Auswertung Land", actor=admin).plaintext
    other_token = issue_token(user=cast.reviewer1, name="Fremdes Token", actor=admin).plaintext
    # One notification already went out, so its row is kept (with the address replaced).
    first = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == OLD_EMAIL)
    ).first()
    first.sent_at = utcnow()
    db.session.commit()
    return Scene(
        departing=departing.id,
        admin=admin.id,
        office=cast.office.id,
        reviewer=cast.reviewer1.id,
        other_email=cast.owner.email,
        established=established.id,
        in_review=in_review.id,
        contact_draft=draft.id,
        body_key=established.body.key,
        decision_number=ESTABLISH["decision_number"],
        token=token,
        other_token=other_token,
    )


def signed_in(app, user_id: int) -> Browserless:
    """A new client signed in as the user."""
    web = Browserless(app.test_client())
    assert web.login(_db.session.get(User, user_id).email).status_code == 302
    return web


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def export_of(app, scene: Scene, user_id: int) -> dict:
    admin = signed_in(app, scene.admin)
    response = admin.client.get(f"/verwaltung/benutzer/{user_id}/datenauskunft")
    assert response.status_code == 200
    return json.loads(response.get_data(as_text=True))


# --- Export ---------------------------------------------------------------------------------


def test_export_is_a_private_json_download(app, scene):
    admin = signed_in(app, scene.admin)
    response = admin.client.get(f"/verwaltung/benutzer/{scene.departing}/datenauskunft")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith(f'attachment; filename="datenauskunft-konto-{scene.departing}-')
    assert OLD_NAME.split()[0].lower() not in disposition.lower()
    assert "no-store" in response.headers["Cache-Control"]
    assert response.get_json()["format"] == "gremienportal-datenauskunft/1"


def test_export_holds_the_person_from_every_table(app, scene):
    data = export_of(app, scene, scene.departing)
    assert data["account"]["email"] == OLD_EMAIL
    assert data["account"]["name"] == OLD_NAME
    assert data["account"]["organisation"] == "Landesamt X"
    assert set(data["account"]["roles"]) == {"applicant", "reviewer"}
    [proposal] = data["proposals"]
    assert proposal["state"] == "established"
    assert proposal["versions"][0]["content"]["master_data"]["name"] == proposal["title"]
    assert [a["recommendation"] for a in data["approvals"]] == ["Aus Sicht des Landes empfohlen."]
    assert [(r["section"], r["text"]) for r in data["remarks"]] == [
        ("resources", "Budgetquelle klären.")
    ]
    assert {e["action"] for e in data["history_events"]} >= {
        "submit",
        "approval_recorded",
        "remark",
    }
    assert data["outbox_messages"] and all(
        "Guten Tag" in m["body"] for m in data["outbox_messages"]
    )
    [token] = data["api_tokens"]
    assert token["name"] == "Auswertung Land" and token["revoked_at"] is None
    [contact] = data["named_as_contact"]
    assert contact["contact"]["email"] == OLD_EMAIL and contact["version"] is None


def test_export_of_the_office_lists_the_decisions_it_recorded(app, scene):
    data = export_of(app, scene, scene.office)
    assert [d["number"] for d in data["decisions_recorded"]] == [scene.decision_number]
    assert data["proposals"] == [] and data["named_as_contact"] == []


def test_export_holds_no_secrets_and_nobody_else(app, db, scene):
    data = export_of(app, scene, scene.departing)
    text = json.dumps(data, ensure_ascii=False)
    user = db.session.get(User, scene.departing)
    tokens = db.session.scalars(select(ApiToken)).all()
    for secret in [user.password_hash, user.session_token, *(t.token_hash for t in tokens)]:
        assert secret not in text
    assert "password" not in text and "token_hash" not in text
    assert scene.token not in text and scene.other_token not in text
    assert scene.other_email not in text  # the other applicant (owner of two proposals)
    assert "Fremdes Token" not in text
    assert len(data["proposals"]) == 1  # not the other applicant's proposals


@pytest.mark.parametrize("role", ["applicant", "reviewer", "secretariat"])
def test_export_and_anonymisation_are_for_admins_only(app, db, client, scene, role):
    user = make_user(role)
    db.session.commit()
    web = signed_in(app, user.id)
    for url in (
        f"/verwaltung/benutzer/{scene.departing}/datenauskunft",
        f"/verwaltung/benutzer/{scene.departing}/anonymisieren",
    ):
        assert web.client.get(url).status_code == 403
    assert client.get(f"/verwaltung/benutzer/{scene.departing}/datenauskunft").status_code == 302


def test_export_of_an_unknown_account_is_404(app, scene):
    admin = signed_in(app, scene.admin)
    assert admin.client.get("/verwaltung/benutzer/999999/datenauskunft").status_code == 404


def test_cli_export_writes_the_file(app, scene, tmp_path):
    target = tmp_path / "auskunft.json"
    result = app.test_cli_runner().invoke(
        args=["users", "export", OLD_EMAIL.upper(), "--output", str(target)]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["account"]["email"] == OLD_EMAIL
    assert [t["name"] for t in data["api_tokens"]] == ["Auswertung Land"]


# --- Anonymisation ----------------------------------------------------------------------------


def pages(scene: Scene) -> dict[str, list[str]]:
    """Pages where the person appeared, by who opens them."""
    return {
        "office": [
            f"/antraege/{scene.established}",
            f"/antraege/{scene.in_review}",
            f"/gremien/{scene.body_key}",
            "/geschaeftsstelle/",
        ],
        "admin": ["/verwaltung/benutzer", f"/verwaltung/benutzer/{scene.departing}"],
        "reviewer": ["/pruefung/"],
    }


def page_texts(app, scene: Scene) -> dict[str, str]:
    clients = {
        "office": signed_in(app, scene.office),
        "admin": signed_in(app, scene.admin),
        "reviewer": signed_in(app, scene.reviewer),
    }
    texts = {}
    for who, urls in pages(scene).items():
        for url in urls:
            response = clients[who].client.get(url)
            assert response.status_code == 200, url
            texts[url] = response.get_data(as_text=True)
    return texts


def anonymise(app, scene: Scene, data: dict | None = None):
    admin = signed_in(app, scene.admin)
    url = f"/verwaltung/benutzer/{scene.departing}/anonymisieren"
    return admin.post(url, {"confirm": "y"} if data is None else data)


def rows_mentioning(db, needles: tuple[str, ...]) -> list[tuple[str, str, object]]:
    """(table, column, primary key) of every stored text value containing a needle."""
    found = []
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if not isinstance(c.type, LargeBinary)]
        for row in db.session.execute(select(*columns)).mappings():
            for column in columns:
                value = row[column.name]
                text = json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else value
                if isinstance(text, str) and any(n.lower() in text.lower() for n in needles):
                    key = tuple(row[c.name] for c in table.primary_key.columns)
                    found.append((table.name, column.name, key))
    return found


def test_before_anonymisation_the_name_is_on_the_pages(app, scene):
    texts = page_texts(app, scene)
    assert OLD_NAME in texts[f"/antraege/{scene.established}"]  # history: who submitted
    assert OLD_NAME in texts[f"/antraege/{scene.in_review}"]  # approval and remark
    assert OLD_EMAIL in texts["/verwaltung/benutzer"]


def test_anonymisation_removes_the_person_from_pages_and_tables(app, db, scene):
    old_session = signed_in(app, scene.departing)
    assert old_session.client.get(f"/antraege/{scene.established}").status_code == 200
    api = app.test_client()
    assert api.get("/api/v1/proposals", headers=bearer(scene.token)).status_code == 200

    response = anonymise(app, scene)
    assert response.status_code == 302
    pseudonym = f"Ehemalige Person {scene.departing}"

    texts = page_texts(app, scene)
    for url, text in texts.items():
        assert OLD_NAME not in text and OLD_EMAIL not in text, url
    assert pseudonym in texts[f"/antraege/{scene.established}"]
    assert pseudonym in texts[f"/antraege/{scene.in_review}"]
    assert f"anonym-{scene.departing}@invalid" in texts["/verwaltung/benutzer"]
    # Only the Steckbrief that names them as contact keeps the name (documented exception).
    assert rows_mentioning(db, (OLD_NAME, OLD_EMAIL)) == [
        ("proposals", "content", (scene.contact_draft,))
    ]
    # The old session, password and token are dead.
    assert old_session.client.get(f"/antraege/{scene.established}").status_code == 302
    assert Browserless(app.test_client()).login(OLD_EMAIL).status_code == 401
    placeholder = Browserless(app.test_client()).login(f"anonym-{scene.departing}@invalid")
    assert placeholder.status_code == 401
    assert api.get("/api/v1/proposals", headers=bearer(scene.token)).status_code == 401


def test_anonymisation_keeps_the_record_and_the_chain(app, db, scene):
    before = db.session.scalar(select(HistoryEvent.id).order_by(HistoryEvent.id.desc()).limit(1))
    assert anonymise(app, scene).status_code == 302
    db.session.expire_all()
    user = db.session.get(User, scene.departing)
    assert user.anonymised_at is not None and not user.active and user.organisation == ""
    assert db.session.get(Proposal, scene.established).owner_id == scene.departing
    event = db.session.scalars(select(HistoryEvent).where(HistoryEvent.id > before)).one()
    assert (event.action, event.actor_id, event.inputs) == (
        ANONYMISED_ACTION,
        scene.admin,
        {"user_id": scene.departing},
    )
    # Unsent mails to the old address are dropped, the sent one now names the placeholder.
    kept = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == user.email))
    assert [m.sent_at is not None for m in kept] == [True]
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert "Verlauf intakt" in result.output


def test_anonymisation_needs_the_confirmation(app, db, scene):
    response = anonymise(app, scene, data={})
    assert response.status_code == 400
    assert "Bitte bestätigen Sie die Anonymisierung." in response.get_data(as_text=True)
    db.session.expire_all()
    user = db.session.get(User, scene.departing)
    assert (user.name, user.email, user.active, user.anonymised_at) == (
        OLD_NAME,
        OLD_EMAIL,
        True,
        None,
    )
    assert db.session.scalars(select(ApiToken.revoked_at)).all() == [None, None]


def test_confirmation_page_explains_and_offers_the_export(app, scene):
    admin = signed_in(app, scene.admin)
    response = admin.client.get(f"/verwaltung/benutzer/{scene.departing}/anonymisieren")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Ich bestätige" in html and "Was bleibt" in html
    assert f"/verwaltung/benutzer/{scene.departing}/datenauskunft" in html


def test_own_account_is_refused(app, db, scene):
    admin = signed_in(app, scene.admin)
    url = f"/verwaltung/benutzer/{scene.admin}/anonymisieren"
    response = admin.post(url, {"confirm": "y"})
    assert response.status_code == 400
    assert "eigenes Konto nicht anonymisieren" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, scene.admin).anonymised_at is None


def test_last_active_admin_is_refused(app, db, scene):
    runner = app.test_cli_runner()
    email = db.session.get(User, scene.admin).email
    result = runner.invoke(args=["users", "anonymise", email, "--yes"])
    assert result.exit_code != 0
    assert "letzte aktive Administrationskonto" in result.output
    db.session.expire_all()
    assert db.session.get(User, scene.admin).anonymised_at is None


def test_twice_is_a_conflict_and_no_reactivation(app, db, scene):
    assert anonymise(app, scene).status_code == 302
    assert anonymise(app, scene).status_code == 409
    admin = signed_in(app, scene.admin)
    response = admin.post(
        f"/verwaltung/benutzer/{scene.departing}/aktiv",
        form_url="/verwaltung/benutzer",
        follow_redirects=True,
    )
    assert "kann nicht wieder aktiviert werden" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, scene.departing).active is False


def test_cli_anonymises_with_yes(app, db, scene):
    result = app.test_cli_runner().invoke(args=["users", "anonymise", OLD_EMAIL, "--yes"])
    assert result.exit_code == 0, result.output
    assert f"Ehemalige Person {scene.departing}" in result.output
    db.session.expire_all()
    user = db.session.get(User, scene.departing)
    assert user.email == f"anonym-{scene.departing}@invalid"
    event = db.session.scalars(
        select(HistoryEvent).where(HistoryEvent.action == ANONYMISED_ACTION)
    ).one()
    assert event.actor_id is None
    assert db.session.scalars(
        select(ApiToken.revoked_at).where(ApiToken.user_id == scene.departing)
    ).one()


def test_mail_purge_deletes_only_old_sent_mail(app, db):
    now = utcnow()
    for recipient, sent_at in (
        ("alt@example.org", now - timedelta(days=40)),
        ("neu@example.org", now - timedelta(days=5)),
        ("offen@example.org", None),
    ):
        db.session.add(
            OutboxMessage(recipient=recipient, subject="S", body="B", sent_at=sent_at, attempts=0)
        )
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["mail", "purge", "--older-than", "30"])
    assert result.exit_code == 0, result.output
    assert "Gelöscht: 1" in result.output
    kept = db.session.scalars(select(OutboxMessage.recipient).order_by(OutboxMessage.id)).all()
    assert kept == ["neu@example.org", "offen@example.org"]
    refused = app.test_cli_runner().invoke(args=["mail", "purge", "--older-than", "0"])
    assert refused.exit_code != 0

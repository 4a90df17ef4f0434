"""The second factor (TOTP): enrolment, sign-in with the code, replays, recovery, reset.

Codes are computed with pyotp from the secret, as the person's authenticator app would.
"""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from sqlalchemy import select

from app.api.tokens import issue_token
from app.auth import second_factor
from app.models import RecoveryCode, User
from tests.conftest import Browserless
from tests.factories import DEFAULT_PASSWORD, fresh_totp_code

SECRET_RE = re.compile(r'<code id="totp-secret">([A-Z2-7 ]+)</code>')
CODE_RE = re.compile(r"<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>")


def password_step(web: Browserless, email: str, next_path: str = ""):
    """Only the password step of the sign-in."""
    url = "/anmelden" + (f"?next={next_path}" if next_path else "")
    return web.post(url, {"email": email, "password": DEFAULT_PASSWORD}, form_url="/anmelden")


def code_step(web: Browserless, code: str, form_url: str | None = None):
    return web.post("/anmelden/code", {"code": code}, form_url=form_url)


def secret_of(db, user_id: int) -> str:
    db.session.expire_all()
    return db.session.get(User, user_id).totp_secret


def enrol_through_page(web: Browserless) -> tuple[str, list[str]]:
    """Read the secret from the enrolment page, confirm a code; the recovery codes shown."""
    page = web.client.get("/konto/zweiter-faktor").get_data(as_text=True)
    secret = SECRET_RE.search(page).group(1).replace(" ", "")
    response = web.post("/konto/zweiter-faktor", {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 200
    return secret, CODE_RE.findall(response.get_data(as_text=True))


# --- Required for the office and administrators ---------------------------------------------


@pytest.mark.parametrize("role", ["secretariat", "admin"])
def test_office_and_admin_must_enrol_before_anything_else(web, user_factory, db, role):
    user = user_factory(role, enrolled=False)
    assert web.login(user).status_code == 302  # password only: nothing enrolled yet
    for path in ("/", "/geschaeftsstelle/", "/verwaltung/benutzer", "/konto/passwort"):
        response = web.client.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"] == "/konto/zweiter-faktor"
    page = web.client.get("/konto/zweiter-faktor").get_data(as_text=True)
    assert "Für Ihre Rolle ist ein zweiter Faktor vorgeschrieben." in page
    secret, codes = enrol_through_page(web)
    assert secret_of(db, user.id) == secret
    assert len(codes) == 10 and len(set(codes)) == 10
    assert web.client.get("/").status_code == 200


def test_enrolment_page_draws_its_qr_code_itself(web, user_factory):
    web.login(user_factory("applicant"))
    page = web.client.get("/konto/zweiter-faktor").get_data(as_text=True)
    image = re.search(r'<img class="qr-code" src="([^"]+)"', page).group(1)
    assert image.startswith("data:image/svg+xml;")  # inline, no request to anyone
    assert "otpauth" not in page.split("<img", 1)[0]  # the URI only inside the image
    assert SECRET_RE.search(page)


def test_a_wrong_enrolment_code_is_refused_and_nothing_stored(web, user_factory, db):
    user = user_factory("secretariat", enrolled=False)
    web.login(user)
    web.client.get("/konto/zweiter-faktor")
    response = web.post("/konto/zweiter-faktor", {"code": "000000"})
    assert response.status_code == 400
    assert "Der Code stimmt nicht." in response.get_data(as_text=True)
    assert secret_of(db, user.id) is None


def test_recovery_codes_are_stored_only_hashed(web, user_factory, db):
    user = user_factory("applicant")
    web.login(user)
    _, codes = enrol_through_page(web)
    stored = db.session.scalars(
        select(RecoveryCode.code_hash).where(RecoveryCode.user_id == user.id)
    ).all()
    assert len(stored) == 10
    assert not set(codes) & set(stored)
    assert all(re.fullmatch(r"[0-9a-f]{64}", value) for value in stored)
    # Shown once: the page later tells how many are left, never the codes.
    page = web.client.get("/konto/zweiter-faktor").get_data(as_text=True)
    assert "Unbenutzte Wiederherstellungscodes: 10." in page
    assert not any(code in page for code in codes)


# --- Signing in with the code ---------------------------------------------------------------


def test_sign_in_asks_for_the_code_after_the_password(web, user_factory):
    user = user_factory("secretariat")
    response = password_step(web, user.email, next_path="/geschaeftsstelle/")
    assert response.headers["Location"] == "/anmelden/code"
    # Not signed in yet: the password alone opens nothing.
    assert web.client.get("/geschaeftsstelle/").headers["Location"].startswith("/anmelden?next=")
    response = code_step(web, fresh_totp_code(user.email))
    assert response.status_code == 302 and response.headers["Location"] == "/geschaeftsstelle/"
    assert web.client.get("/geschaeftsstelle/").status_code == 200


def test_a_wrong_code_is_refused(web, user_factory):
    user = user_factory("admin")
    password_step(web, user.email)
    response = code_step(web, "123456")
    assert response.status_code == 401
    assert "nicht gültig oder wurde bereits verwendet" in response.get_data(as_text=True)
    assert web.client.get("/verwaltung/benutzer").status_code == 302


def test_a_replayed_code_is_refused(app, user_factory):
    user = user_factory("secretariat")
    first, second = Browserless(app.test_client()), Browserless(app.test_client())
    code = fresh_totp_code(user.email)
    password_step(first, user.email)
    assert code_step(first, code).status_code == 302
    password_step(second, user.email)
    assert code_step(second, code).status_code == 401  # same time step, used already
    assert second.client.get("/geschaeftsstelle/").status_code == 302


def test_an_older_code_is_refused_after_a_newer_one(db, user_factory):
    user = user_factory("secretariat")
    totp = pyotp.TOTP(user.totp_secret)
    now = datetime.now(UTC)
    assert second_factor.verify(user, totp.at(now)) == "totp"
    assert second_factor.verify(user, totp.at(now - timedelta(seconds=30))) is None
    assert second_factor.verify(user, totp.at(now + timedelta(seconds=30))) == "totp"
    assert second_factor.verify(user, totp.at(now - timedelta(seconds=90))) is None


def test_the_code_step_needs_the_password_step_first(web, user_factory):
    response = code_step(web, "123456", form_url="/anmelden")
    assert response.status_code == 302 and response.headers["Location"] == "/anmelden"


def test_the_code_step_expires(web, user_factory):
    user = user_factory("secretariat")
    password_step(web, user.email)
    token = web.token("/anmelden/code")
    with web.client.session_transaction() as session:
        session["second_factor_since"] -= 301
    response = web.client.post(
        "/anmelden/code", data={"csrf_token": token, "code": fresh_totp_code(user.email)}
    )
    assert response.status_code == 302 and response.headers["Location"] == "/anmelden"


def test_wrong_codes_are_throttled_like_the_sign_in(web, user_factory):
    user = user_factory("secretariat")
    password_step(web, user.email)
    for _ in range(5):
        assert code_step(web, "000000").status_code == 401
    blocked = code_step(web, fresh_totp_code(user.email))
    assert blocked.status_code == 429
    assert web.client.get("/geschaeftsstelle/").status_code == 302


# --- Lost device: recovery codes, and the administrator's reset ------------------------------


def test_sign_in_with_a_recovery_code_once(app, user_factory, db):
    user = user_factory("applicant")
    web = Browserless(app.test_client())
    web.login(user)
    _, codes = enrol_through_page(web)
    web.logout()
    password_step(web, user.email)
    response = code_step(web, codes[3].upper().replace("-", " "))  # typed loosely
    assert response.headers["Location"] == "/konto/zweiter-faktor"  # set up the new device
    page = web.client.get("/konto/zweiter-faktor").get_data(as_text=True)
    assert "Wiederherstellungscode angemeldet; 9 sind noch übrig" in page
    other = Browserless(app.test_client())
    password_step(other, user.email)
    assert code_step(other, codes[3]).status_code == 401  # used up


def test_admin_resets_a_lost_second_factor(app, user_factory, db, caplog):
    office = user_factory("secretariat")
    admin = user_factory("admin")
    office_web, admin_web = Browserless(app.test_client()), Browserless(app.test_client())
    office_web.login(office)
    admin_web.login(admin)
    page = admin_web.client.get(f"/verwaltung/benutzer/{office.id}").get_data(as_text=True)
    assert "Zweiten Faktor zurücksetzen" in page
    caplog.set_level("INFO", logger="gremienportal.security")
    response = admin_web.post(
        f"/verwaltung/benutzer/{office.id}/zweiter-faktor/zuruecksetzen",
        form_url=f"/verwaltung/benutzer/{office.id}",
    )
    assert response.status_code == 302
    assert secret_of(db, office.id) is None
    assert (
        db.session.scalar(select(RecoveryCode.id).where(RecoveryCode.user_id == office.id)) is None
    )
    events = [r for r in caplog.records if getattr(r, "event", "") == "second_factor_reset"]
    assert events and events[0].event_fields["account_id"] == office.id
    assert events[0].event_fields["actor_id"] == admin.id
    # The office's sessions ended; at the next sign-in it must enrol anew.
    assert office_web.client.get("/geschaeftsstelle/").status_code == 302
    assert Browserless(app.test_client()).login(office).headers["Location"] == "/"
    fresh = Browserless(app.test_client())
    fresh.login(office)
    assert fresh.client.get("/").headers["Location"] == "/konto/zweiter-faktor"


def test_only_admins_reset(web, user_factory):
    office = user_factory("secretariat")
    web.login(user_factory("secretariat"))
    url = f"/verwaltung/benutzer/{office.id}/zweiter-faktor/zuruecksetzen"
    assert web.post(url, form_url="/konto/passwort").status_code == 403


# --- Offered to everyone ---------------------------------------------------------------------


def test_an_applicant_may_enrol_and_switch_it_off(app, user_factory, db):
    user = user_factory("applicant")
    web = Browserless(app.test_client())
    web.login(user)
    enrol_through_page(web)
    web.logout()
    assert password_step(web, user.email).headers["Location"] == "/anmelden/code"
    assert code_step(web, fresh_totp_code(user.email)).status_code == 302
    response = web.post("/konto/zweiter-faktor/abschalten", form_url="/konto/zweiter-faktor")
    assert response.status_code == 302
    assert secret_of(db, user.id) is None
    web.logout()
    assert password_step(web, user.email).headers["Location"] == "/"


def test_the_office_cannot_switch_it_off(web, user_factory, db):
    user = user_factory("secretariat")
    web.login(user)
    response = web.post("/konto/zweiter-faktor/abschalten", form_url="/konto/zweiter-faktor")
    assert response.status_code == 302
    assert secret_of(db, user.id) is not None


def test_api_tokens_need_no_second_factor(client, user_factory, db):
    office = user_factory("secretariat", enrolled=False)
    issued = issue_token(user=office, name="Fachverfahren", actor=user_factory("admin"))
    db.session.commit()
    response = client.get(
        "/api/v1/proposals", headers={"Authorization": f"Bearer {issued.plaintext}"}
    )
    assert response.status_code == 200


def test_one_code_sent_twice_at_once_signs_in_once(app, user_factory):
    user = user_factory("secretariat")
    clients = [Browserless(app.test_client()) for _ in range(4)]
    for web in clients:
        password_step(web, user.email)
    forms = [{"csrf_token": web.token("/anmelden/code")} for web in clients]
    code = fresh_totp_code(user.email)
    barrier = threading.Barrier(len(clients))

    def send(index: int) -> int:
        barrier.wait()
        data = {**forms[index], "code": code}
        return clients[index].client.post("/anmelden/code", data=data).status_code

    with ThreadPoolExecutor(len(clients)) as pool:
        statuses = sorted(pool.map(send, range(len(clients))))
    assert statuses == [302, 401, 401, 401]


@pytest.mark.parametrize("code", ["١٢٣٤٥٦", "12345６", "ä" * 6, "\x00" * 6, "12 34 56 78"])
def test_codes_in_other_scripts_are_refused_not_a_500(web, user_factory, code):
    user = user_factory("secretariat", enrolled=False)
    web.login(user)
    web.client.get("/konto/zweiter-faktor")
    assert web.post("/konto/zweiter-faktor", {"code": code}).status_code == 400
    web.post("/abmelden", form_url="/konto/zweiter-faktor")
    enrolled = user_factory("secretariat")
    password_step(web, enrolled.email)
    assert code_step(web, code).status_code == 401

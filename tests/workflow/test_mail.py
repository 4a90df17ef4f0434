"""E-mails: queued with the transition, delivered after commit over real SMTP on loopback."""

from __future__ import annotations

import socket
import threading
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from app.mail.sender import send_pending
from app.models import OutboxMessage
from app.workflow import operations


class Inbox:
    """aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append(
                (envelope.rcpt_tos, message_from_bytes(envelope.content, policy=policy.default))
            )
        return "250 Message accepted for delivery"

    def recipients(self) -> list[str]:
        return sorted(rcpt for rcpts, _ in self.messages for rcpt in rcpts)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(app):
    """A real SMTP server on loopback; the app is configured to use it."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    app.config.update(MAIL_SENDER="gremienportal@example.org", BASE_URL="https://portal.example")
    yield inbox
    controller.stop()


@pytest.fixture
def closed_smtp(app):
    """SMTP configured on a port where nothing listens."""
    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())
    app.config.update(MAIL_TIMEOUT=2)


def _submit_via_web(web, proposal, owner):
    web.login(owner)
    page = f"/antraege/{proposal.id}"
    return web.post(
        f"{page}/aktion/submit",
        {"lock_version": proposal.lock_version, "confirm": "y"},
        form_url=page,
    )


def _outbox(db):
    db.session.expire_all()
    return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def test_transition_via_web_delivers_mail(db, web, cast, proposal, smtp):
    response = _submit_via_web(web, proposal, cast.owner)
    assert response.status_code == 302
    expected = {cast.owner.email, cast.reviewer1.email, cast.reviewer2.email}
    expected.add(cast.reviewer_owner.email)
    assert smtp.recipients() == sorted(expected)
    _rcpts, message = smtp.messages[0]
    assert message["From"] == "gremienportal@example.org"
    assert proposal.reference in message["Subject"]
    body = message.get_content()
    assert "In Prüfung" in body
    assert f"https://portal.example/antraege/{proposal.id}" in body
    assert all(m.sent_at is not None and m.attempts == 1 for m in _outbox(db))


def test_failed_send_keeps_message_and_transition(db, web, cast, proposal, closed_smtp, app):
    response = _submit_via_web(web, proposal, cast.owner)
    assert response.status_code == 302
    db.session.expire_all()
    assert proposal.state == "review"
    messages = _outbox(db)
    assert messages
    assert all(m.sent_at is None and m.attempts == 1 and m.last_error for m in messages)


def test_retry_sends_exactly_once(db, cast, proposal, app, closed_smtp):
    operations.submit_proposal(proposal, cast.owner)
    db.session.commit()
    assert send_pending(app) == 0
    assert all(m.attempts == 1 for m in _outbox(db))
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        app.config["MAIL_PORT"] = port
        sent = send_pending(app)
        assert sent == len(_outbox(db))
        assert send_pending(app) == 0
        assert len(inbox.messages) == sent
        assert all(m.sent_at is not None and m.attempts == 2 for m in _outbox(db))
    finally:
        controller.stop()


def test_cli_mail_send(db, cast, proposal, app, smtp):
    operations.submit_proposal(proposal, cast.owner)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    assert "Versandt: 4 E-Mails." in result.output
    assert len(smtp.messages) == 4


def test_parallel_senders_send_each_message_once(db, cast, proposal, app, smtp):
    from tests.workflow.helpers import make_proposal

    operations.submit_proposal(proposal, cast.owner)
    for _ in range(4):
        operations.submit_proposal(make_proposal(cast.owner, cast.parent), cast.owner)
    db.session.commit()
    total = len(_outbox(db))
    barrier = threading.Barrier(4)
    counts = []

    def sender():
        barrier.wait(timeout=30)
        counts.append(send_pending(app))

    threads = [threading.Thread(target=sender) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sum(counts) == total
    assert len(smtp.messages) == total


def test_exhausted_messages_are_not_retried(db, cast, proposal, app, smtp):
    operations.submit_proposal(proposal, cast.owner)
    for message in _outbox(db):
        message.attempts = 5
    db.session.commit()
    assert send_pending(app) == 0
    assert smtp.messages == []


def test_a_sender_that_died_mid_delivery_leaves_the_message_to_be_retried(db, app, smtp):
    """A claim whose sender died is not lost: once its lease has run out it is sent again."""
    from datetime import timedelta

    from app.mail.outbox import queue_mail
    from app.models.base import utcnow

    queue_mail("a@verwaltung.example.org", "Betreff", "Text")
    db.session.commit()
    message = db.session.scalars(select(OutboxMessage)).one()
    message.claimed_at = utcnow()  # claimed by a sender that was then killed
    db.session.commit()
    if db.engine.dialect.name == "sqlite":
        assert send_pending(app) == 0  # the lease still holds: nobody sends it twice
        assert smtp.messages == []
    message = db.session.get(OutboxMessage, message.id)
    message.claimed_at = utcnow() - timedelta(seconds=301)
    db.session.commit()
    assert send_pending(app) == 1
    assert len(smtp.messages) == 1
    db.session.expire_all()
    assert db.session.get(OutboxMessage, message.id).sent_at is not None
